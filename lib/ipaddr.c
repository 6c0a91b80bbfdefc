// SPDX-License-Identifier: MIT
/* Parsing, printing and comparing struct ipaddr. */
#include "lib/ipaddr.h"

#include <string.h>

bool ipaddr_parse(const char *s, int family, struct ipaddr *out)
{
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	if ((family == AF_INET || family == AF_UNSPEC) && inet_pton(AF_INET, s, &a.v4) == 1) {
		a.family = AF_INET;
	} else if ((family == AF_INET6 || family == AF_UNSPEC) &&
		   inet_pton(AF_INET6, s, &a.v6) == 1) {
		a.family = AF_INET6;
	} else {
		return false;
	}
	*out = a;
	return true;
}

const char *ipaddr_ntop(const struct ipaddr *a, char buf[static IPADDR_STRLEN])
{
	if (!ipaddr_is_set(a) || !inet_ntop(a->family, &a->v6, buf, IPADDR_STRLEN))
		strcpy(buf, "-");
	return buf;
}

bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->family != b->family)
		return false;
	if (a->family == AF_INET)
		return a->v4.s_addr == b->v4.s_addr;
	if (a->family == AF_INET6)
		return memcmp(&a->v6, &b->v6, sizeof(a->v6)) == 0;
	return true;
}
