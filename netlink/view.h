/* SPDX-License-Identifier: MIT */
/* The address/route/link table kept from rtnetlink dumps and events (pure: no I/O). */
#ifndef DDNSD_VIEW_H
#define DDNSD_VIEW_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/ipaddr.h"

#define VIEW_LIFETIME_FOREVER UINT32_MAX

struct view_link {
	int ifindex;
	char name[IFNAMSIZ];
	unsigned int flags; /* IFF_UP, IFF_RUNNING, IFF_LOWER_UP, IFF_POINTOPOINT … */
	uint8_t operstate;  /* IF_OPER_* */
};

struct view_addr {
	int ifindex;
	struct ipaddr addr; /* IFA_LOCAL for IPv4 (the local end on point-to-point links) */
	uint8_t prefixlen;
	uint8_t scope;	    /* RT_SCOPE_* */
	uint32_t flags;	    /* IFA_F_*, from the 32-bit IFA_FLAGS attribute when present */
	uint32_t preferred; /* seconds left, VIEW_LIFETIME_FOREVER for permanent */
	uint32_t valid;
	uint64_t seq; /* order in which the view first saw it (newer = larger) */
	/* When preferred and valid were read (seconds on any one clock; 0: all alike): the
	 * kernel reports seconds left at each announcement, so lifetimes read at different
	 * times compare by when they end. */
	double stamp;
};

/* Only default routes (dst_len 0) of the main table are kept. */
struct view_route {
	sa_family_t family;
	int ifindex; /* output interface */
	uint32_t metric;
	uint32_t table;
	uint8_t dst_len;
	uint8_t type;	       /* RTN_UNICAST … */
	struct ipaddr gateway; /* AF_UNSPEC when there is none (PPPoE, on-link) */
};

struct view {
	struct view_link *links;
	size_t n_links, cap_links;
	struct view_addr *addrs;
	size_t n_addrs, cap_addrs;
	struct view_route *routes;
	size_t n_routes, cap_routes;
	uint64_t next_seq;
};

/* What view_apply() changed: bits, per family. */
enum {
	VIEW_CHG_ADDR4 = 1 << 0,
	VIEW_CHG_ADDR6 = 1 << 1,
	VIEW_CHG_ROUTE4 = 1 << 2,
	VIEW_CHG_ROUTE6 = 1 << 3,
	VIEW_CHG_LINK = 1 << 4,
};
#define VIEW_CHG_V4 (VIEW_CHG_ADDR4 | VIEW_CHG_ROUTE4)
#define VIEW_CHG_V6 (VIEW_CHG_ADDR6 | VIEW_CHG_ROUTE6)

struct nl_event;

void view_init(struct view *v);
void view_fini(struct view *v);
/* Forget everything (before a full re-dump). */
void view_clear(struct view *v);
/* Apply one parsed event; returns VIEW_CHG_* bits for what really changed (0: nothing).
 * Absorbs kernel quirks: a link going down, or losing its last IPv4 address, drops its IPv4
 * routes without RTM_DELROUTE. */
unsigned int view_apply(struct view *v, const struct nl_event *ev);

const struct view_link *view_link_by_index(const struct view *v, int ifindex);
const struct view_link *view_link_by_name(const struct view *v, const char *name);
/* The default route of a family with the lowest metric (ties: first seen); NULL if none.
 * Routes whose link is known to be down or without carrier lose to ones that are up. */
const struct view_route *view_best_default(const struct view *v, int family);

#endif
