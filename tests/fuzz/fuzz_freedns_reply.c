// SPDX-License-Identifier: MIT
/* libFuzzer: FreeDNS v2 reply parser. Byte 0 picks the HTTP status. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/freedns_reply.h"

static const long statuses[] = {200, 400, 401, 404, 429, 500, 503, 302};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct freedns_reply r;
	enum freedns_class cls;
	size_t i;

	if (size < 1)
		return 0;
	cls = freedns_reply_parse(statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))],
				  (const char *)data + 1, size - 1, 30, &r);
	if (cls != r.cls || cls > FREEDNS_UNKNOWN || strlen(r.shown) >= sizeof(r.shown))
		abort();
	for (i = 0; r.shown[i]; i++)
		if ((unsigned char)r.shown[i] < 0x20 || (unsigned char)r.shown[i] >= 0x7f)
			abort();
	if ((cls == FREEDNS_TRANSIENT) != (r.retry_after == 30))
		abort();
	return 0;
}
