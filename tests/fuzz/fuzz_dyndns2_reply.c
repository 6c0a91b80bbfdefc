// SPDX-License-Identifier: MIT
/* libFuzzer: dyndns2 reply parser. Byte 0 picks the HTTP status, byte 1 the Retry-After. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/dyndns2_reply.h"

static const long statuses[] = {200, 401, 403, 404, 429, 500, 503, 301};
static const long retries[] = {-1, 0, 60, 1800, 7200};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dyndns2_reply r;
	long status, ra;
	enum dyndns2_class cls;
	size_t i;

	if (size < 2)
		return 0;
	status = statuses[data[0] % (sizeof(statuses) / sizeof(statuses[0]))];
	ra = retries[data[1] % (sizeof(retries) / sizeof(retries[0]))];
	cls = dyndns2_reply_parse(status, (const char *)data + 2, size - 2, ra, &r);
	if (cls != r.cls || cls > DYNDNS2_STOP || r.code > DYNDNS2_UNKNOWN ||
	    r.n_addrs > DYNDNS2_MAX_ADDRS || strlen(r.word) >= sizeof(r.word))
		abort();
	for (i = 0; r.word[i]; i++)
		if ((unsigned char)r.word[i] < 0x20 || (unsigned char)r.word[i] >= 0x7f)
			abort();
	/* The protocol's rules: a 30-minute floor after 911/dnserr, 401 is badauth, success
	 * only from a good/nochg word. */
	if (cls == DYNDNS2_LATER && r.retry_after < DYNDNS2_LATER_SECONDS)
		abort();
	if (status == 401 && (cls != DYNDNS2_STOP || r.code != DYNDNS2_BADAUTH))
		abort();
	if ((cls == DYNDNS2_OK && r.code != DYNDNS2_GOOD) ||
	    (cls == DYNDNS2_UNCHANGED && r.code != DYNDNS2_NOCHG))
		abort();
	if (!dyndns2_code_meaning(r.code) || !dyndns2_code_action(r.code))
		abort();
	return 0;
}
