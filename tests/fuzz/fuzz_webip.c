// SPDX-License-Identifier: MIT
/* libFuzzer harness for webip_parse(): any body, both families, and its invariants. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/webip.h"

static void check(const uint8_t *data, size_t size, enum fam fam, size_t whylen)
{
	char why[128], text[IPADDR_STRLEN];
	struct ipaddr a, again;

	memset(why, 'x', sizeof(why));
	memset(&a, 0, sizeof(a));
	if (webip_parse((const char *)data, size, fam, &a, why, whylen)) {
		/* An accepted address is of the asked family and survives a round trip. */
		if (a.family != (fam == FAM_V4 ? AF_INET : AF_INET6))
			abort();
		if (!inet_ntop(a.family, &a.v6, text, sizeof(text)))
			abort();
		if (!ipaddr_parse(text, a.family, &again) || !ipaddr_equal(&a, &again))
			abort();
		/* The reply never holds markup or a NUL. */
		if (memchr(data, '<', size) || memchr(data, '\0', size))
			abort();
	} else if (whylen && (!memchr(why, '\0', whylen) || (whylen > 1 && !why[0]))) {
		abort(); /* a refusal always explains itself, within the buffer */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t whylen = size ? (size_t)(data[0] % 128) + 1 : 128;

	check(data, size, FAM_V4, 128);
	check(data, size, FAM_V6, whylen);
	check(data, size, FAM_V4, 0);
	return 0;
}
