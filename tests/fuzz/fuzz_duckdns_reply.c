// SPDX-License-Identifier: MIT
/* libFuzzer: DuckDNS reply parser. Byte 0 picks the HTTP status. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/duckdns_reply.h"

static const long statuses[] = {200, 400, 401, 404, 429, 500, 503, 302};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct duckdns_reply r;
	enum duckdns_class cls;
	long status;

	if (size < 1)
		return 0;
	status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	cls = duckdns_reply_parse(status, (const char *)data + 1, size - 1, 30, &r);
	if (cls != r.cls || cls > DUCKDNS_MALFORMED || strlen(r.shown) >= sizeof(r.shown))
		abort();
	if ((r.v4.family != AF_UNSPEC && r.v4.family != AF_INET) ||
	    (r.v6.family != AF_UNSPEC && r.v6.family != AF_INET6))
		abort();
	/* Success needs a 2xx status; a failed reply carries no address. */
	if ((cls == DUCKDNS_UPDATED || cls == DUCKDNS_NOCHANGE) && (status < 200 || status > 299))
		abort();
	if (cls != DUCKDNS_UPDATED && cls != DUCKDNS_NOCHANGE &&
	    (r.verbose || r.v4.family || r.v6.family))
		abort();
	return 0;
}
