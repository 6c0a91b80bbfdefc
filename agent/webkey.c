// SPDX-License-Identifier: MIT
/* The fingerprint of what a family's web lookup depends on (pure). */
#include "agent/webkey.h"

#include <string.h>

#define FNV_OFFSET 1469598103934665603ull
#define FNV_PRIME  1099511628211ull

static uint64_t mix(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

static uint64_t addr_hash(const struct ipaddr *a)
{
	uint64_t h = mix(FNV_OFFSET, &a->family, sizeof(a->family));

	return a->family == AF_INET ? mix(h, &a->v4, sizeof(a->v4)) : mix(h, &a->v6, sizeof(a->v6));
}

uint64_t webkey(const struct view *v, enum fam fam)
{
	const struct view_route *r = view_best_default(v, fam_to_af(fam));
	const struct view_link *l;
	uint64_t h = FNV_OFFSET, set = 0;
	unsigned int up;

	if (!r)
		return h;
	h = mix(h, &r->ifindex, sizeof(r->ifindex));
	h = mix(h, &r->metric, sizeof(r->metric));
	h = (h ^ addr_hash(&r->gateway)) * FNV_PRIME;
	l = view_link_by_index(v, r->ifindex);
	up = l ? l->flags & IFF_UP : 0;
	h = mix(h, &up, sizeof(up));
	/* A sum: the same set in another order (an address deleted and added again) is the
	 * same key. */
	for (size_t i = 0; i < v->n_addrs; i++) {
		const struct view_addr *a = &v->addrs[i];

		if (a->ifindex != r->ifindex || a->addr.family != fam_to_af(fam))
			continue;
		set += mix(addr_hash(&a->addr), &a->prefixlen, sizeof(a->prefixlen));
	}
	return mix(h, &set, sizeof(set));
}
