// SPDX-License-Identifier: MIT
/* libFuzzer: DNSPod reply parsers (the look-up, a bulk read's page, writes). Byte 0 picks the
 * HTTP status, byte 1 the wanted label and, for a page, the type and where the callback stops. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/dnspod_reply.h"

static const long statuses[] = {200, 200, 200, 400, 401, 429, 500, 502};
static const char *const labels[] = {"home", "@", "a.www", "*"};

static void check_text(const struct dnspod_reply *r)
{
	if (r->api.cls > APIREPLY_MALFORMED || strlen(r->api.code) >= sizeof(r->api.code) ||
	    strlen(r->api.message) >= sizeof(r->api.message) ||
	    strlen(r->api.request_id) >= sizeof(r->api.request_id) ||
	    strlen(r->value) >= sizeof(r->value) || strlen(r->line) >= sizeof(r->line) ||
	    strlen(r->line_id) >= sizeof(r->line_id))
		abort();
}

static void check(const struct dnspod_reply *r)
{
	check_text(r);
	if (r->api.cls != APIREPLY_OK && (r->matches || r->record_id))
		abort();
	/* Ids handed back are exact doubles: below 2^53 and never 0 on a match. */
	if (r->record_id >= (1ULL << 53) || (r->matches && !r->record_id))
		abort();
}

/* A page's item: every field there, an exact id; stop after (arg) items when arg > 0. */
static bool item(void *arg, const struct dnspod_item *it)
{
	unsigned *left = arg;

	if (!it->name || !it->value || it->record_id == 0 || it->record_id >= (1ULL << 53) ||
	    it->ttl < -1)
		abort();
	(void)strlen(it->name);
	(void)strlen(it->value);
	return *left == 0 || --*left > 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnspod_reply r;
	long status;
	const char *label;

	if (size < 2)
		return 0;
	status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	label = labels[data[1] % (sizeof(labels) / sizeof(labels[0]))];
	data += 2;
	size -= 2;
	dnspod_reply_parse_status(status, (const char *)data, size, &r);
	check(&r);
	dnspod_reply_parse_lookup(status, (const char *)data, size, label, "A", &r);
	check(&r);
	{
		unsigned stop = data[-1] >> 4;
		enum apireply_class cls =
		    dnspod_reply_parse_list(status, (const char *)data, size,
					    (data[-1] & 8) ? "AAAA" : "A", item, &stop, &r);

		check_text(&r);
		if (cls != r.api.cls || r.record_id ||
		    (cls != APIREPLY_OK && (r.listed || r.matches)) || r.matches > r.listed)
			abort();
	}
	dnspod_reply_parse_write(status, (const char *)data, size, &r);
	check(&r);
	return 0;
}
