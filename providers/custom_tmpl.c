// SPDX-License-Identifier: MIT
/* Pure template expansion and reply test of the custom provider: text substitution first,
 * so each value is escaped for where it lands and a placeholder in a URL path is not first
 * mangled by a URL parser ("{" is not a valid URL byte). */
#include "providers/custom_tmpl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/pctenc.h"
#include "providers/textreply.h"

static const struct {
	const char *text;
	unsigned bit;
} phs[] = {
    {"{ip}", CUSTOM_PH_IP},
    {"{ipv4}", CUSTOM_PH_IPV4},
    {"{ipv6}", CUSTOM_PH_IPV6},
    {"{name}", CUSTOM_PH_NAME},
};

/* The placeholder at s, or -1. */
static int ph_at(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(phs) / sizeof(phs[0]); i++)
		if (!strncmp(s, phs[i].text, strlen(phs[i].text)))
			return (int)i;
	return -1;
}

static const char *ph_value(int i, const struct custom_values *v)
{
	switch (phs[i].bit) {
	case CUSTOM_PH_IP:
		return v->ip;
	case CUSTOM_PH_IPV4:
		return v->ipv4;
	case CUSTOM_PH_IPV6:
		return v->ipv6;
	default:
		return v->name;
	}
}

unsigned custom_placeholders(const char *tmpl)
{
	unsigned bits = 0;
	int i;

	for (; tmpl && *tmpl; tmpl++)
		if (*tmpl == '{' && (i = ph_at(tmpl)) >= 0)
			bits |= phs[i].bit;
	return bits;
}

/* Write value escaped into dst (NULL: only count); returns the bytes it takes. */
static size_t put(char *dst, const char *value, enum custom_escape esc)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = strlen(value), n = 0, i;

	if (esc == CUSTOM_ESC_URL) {
		n = pctenc_encode(NULL, 0, value, len);
		if (dst)
			pctenc_encode(dst, n + 1, value, len);
		return n;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];
		char t[6];
		size_t k = 1;

		t[0] = (char)c;
		if (esc == CUSTOM_ESC_JSON && (c == '"' || c == '\\')) {
			t[0] = '\\';
			t[1] = (char)c;
			k = 2;
		} else if (esc == CUSTOM_ESC_JSON && (c < 0x20 || c == 0x7f)) {
			memcpy(t, "\\u00", 4);
			t[4] = hex[c >> 4];
			t[5] = hex[c & 0x0f];
			k = 6;
		}
		if (dst)
			memcpy(dst + n, t, k);
		n += k;
	}
	return n;
}

/* One pass: count (dst NULL) or write; -1 when a used value is missing. */
static long expand(char *dst, const char *tmpl, enum custom_escape esc,
		   const struct custom_values *v)
{
	size_t n = 0;
	int i;

	while (*tmpl) {
		const char *value;

		if (*tmpl != '{' || (i = ph_at(tmpl)) < 0) {
			if (dst)
				dst[n] = *tmpl;
			n++;
			tmpl++;
			continue;
		}
		value = ph_value(i, v);
		if (!value)
			return -1;
		n += put(dst ? dst + n : NULL, value, esc);
		tmpl += strlen(phs[i].text);
	}
	if (dst)
		dst[n] = '\0';
	return (long)n;
}

char *custom_expand(const char *tmpl, enum custom_escape esc, const struct custom_values *v)
{
	long n = expand(NULL, tmpl, esc, v);
	char *out;

	if (n < 0) {
		errno = ENODATA;
		return NULL;
	}
	out = malloc((size_t)n + 1);
	if (!out)
		return NULL;
	expand(out, tmpl, esc, v);
	return out;
}

enum custom_escape custom_body_escape(const char *body, const char *content_type)
{
	if (content_type && *content_type) {
		if (strcasestr(content_type, "json"))
			return CUSTOM_ESC_JSON;
		if (strcasestr(content_type, "application/x-www-form-urlencoded"))
			return CUSTOM_ESC_URL;
		return CUSTOM_ESC_NONE;
	}
	while (body && (*body == ' ' || *body == '\t' || *body == '\r' || *body == '\n'))
		body++;
	return body && (*body == '{' || *body == '[') ? CUSTOM_ESC_JSON : CUSTOM_ESC_URL;
}

enum custom_class custom_reply_parse(long status, const char *body, size_t len, const char *success,
				     struct custom_reply *out)
{
	struct textreply_span line = {0};
	char first[80] = "";
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	while (textreply_line(body, len, &pos, &line))
		if (line.len) {
			textreply_show(first, sizeof(first), line);
			break;
		}
	snprintf(out->shown, sizeof(out->shown), "HTTP %ld%s%s", status, *first ? ": " : "", first);
	if (status == 429 || status >= 500)
		out->cls = CUSTOM_TRANSIENT;
	else if (status == 401 || status == 403)
		out->cls = CUSTOM_AUTH;
	else if (status < 200 || status > 299)
		out->cls = CUSTOM_FAILED;
	else if (success && *success && !textreply_contains(body, len, success))
		out->cls = CUSTOM_FAILED;
	else
		out->cls = CUSTOM_OK;
	return out->cls;
}
