// SPDX-License-Identifier: MIT
/* libFuzzer: custom provider templates and replies. Byte 0 picks the escape and status; the
 * rest up to the first NUL is the template (also the success text), all of it the reply. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/custom_tmpl.h"
#include "providers/pctenc.h"

static const long statuses[] = {200, 204, 401, 403, 404, 429, 500, 302};

/* In a URL expansion every byte a value added is unreserved or a %XY escape: the template's
 * own bytes aside, nothing can split the URL. Checked by expanding with values full of
 * delimiters and looking for them in the result beyond the template's own count. */
static size_t count(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct custom_values v = {
	    .ip = "1&2?3#4/5 6", .ipv4 = "192.0.2.1", .ipv6 = "2001:db8::1", .name = "a\"b\\c"};
	struct custom_reply r;
	char *tmpl, *out;
	unsigned bits;

	if (size < 1)
		return 0;
	tmpl = strndup((const char *)data + 1, size - 1);
	if (!tmpl)
		return 0;
	bits = custom_placeholders(tmpl);
	if (bits & ~(unsigned)(CUSTOM_PH_IP | CUSTOM_PH_IPV4 | CUSTOM_PH_IPV6 | CUSTOM_PH_NAME))
		abort();
	out = custom_expand(tmpl, CUSTOM_ESC_URL, &v);
	if (!out)
		abort(); /* every value is given */
	if (count(out, '&') != count(tmpl, '&') || count(out, '?') != count(tmpl, '?') ||
	    count(out, '#') != count(tmpl, '#') || count(out, '"') != count(tmpl, '"'))
		abort();
	if (!bits && strcmp(out, tmpl))
		abort();
	free(out);
	out = custom_expand(tmpl, CUSTOM_ESC_JSON, &v);
	if (!out)
		abort();
	free(out);
	out = custom_expand(tmpl, (enum custom_escape)(data[0] % 3), &v);
	free(out);
	custom_body_escape(tmpl, data[0] & 0x80 ? "application/json" : NULL);
	custom_reply_parse(statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))],
			   (const char *)data + 1, size - 1, tmpl, &r);
	if (r.cls > CUSTOM_FAILED || strlen(r.shown) >= sizeof(r.shown))
		abort();
	free(tmpl);
	return 0;
}
