// SPDX-License-Identifier: MIT
/* The link/address/default-route table: apply parsed rtnetlink events, report what changed. */
#include "netlink/view.h"

#include <linux/if.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_parse.h"

void view_init(struct view *v)
{
	memset(v, 0, sizeof(*v));
}

void view_fini(struct view *v)
{
	free(v->links);
	free(v->addrs);
	free(v->routes);
	view_init(v);
}

void view_clear(struct view *v)
{
	/* next_seq keeps counting so that "newer = larger" holds across re-dumps. */
	v->n_links = 0;
	v->n_addrs = 0;
	v->n_routes = 0;
}

/* Make room for one more element; false when out of memory (the event is then lost,
 * as it would be on a netlink overrun; the next re-dump repairs the view). */
static bool grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap;
	void *p;

	if (n < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 8;
	p = reallocarray(*arr, ncap, size);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

static unsigned int addr_bit(int family)
{
	return family == AF_INET ? VIEW_CHG_ADDR4 : VIEW_CHG_ADDR6;
}

static unsigned int route_bit(int family)
{
	return family == AF_INET ? VIEW_CHG_ROUTE4 : VIEW_CHG_ROUTE6;
}

/* Known not to pass packets: administratively down, no carrier, or an operstate that says so.
 * IF_OPER_UNKNOWN (many virtual links) and DORMANT are given the benefit of the doubt. */
static bool link_is_down(const struct view_link *l)
{
	if (!(l->flags & IFF_UP) || !(l->flags & IFF_LOWER_UP))
		return true;
	return l->operstate == IF_OPER_DOWN || l->operstate == IF_OPER_LOWERLAYERDOWN ||
	       l->operstate == IF_OPER_NOTPRESENT;
}

static struct view_link *link_find(const struct view *v, int ifindex)
{
	for (size_t i = 0; i < v->n_links; i++)
		if (v->links[i].ifindex == ifindex)
			return &v->links[i];
	return NULL;
}

const struct view_link *view_link_by_index(const struct view *v, int ifindex)
{
	return link_find(v, ifindex);
}

const struct view_link *view_link_by_name(const struct view *v, const char *name)
{
	for (size_t i = 0; i < v->n_links; i++)
		if (strncmp(v->links[i].name, name, IFNAMSIZ) == 0)
			return &v->links[i];
	return NULL;
}

/* Families that hold addresses or routes on a link, as change bits. */
static unsigned int link_users(const struct view *v, int ifindex)
{
	unsigned int bits = 0;

	for (size_t i = 0; i < v->n_addrs; i++)
		if (v->addrs[i].ifindex == ifindex)
			bits |= addr_bit(v->addrs[i].addr.family);
	for (size_t i = 0; i < v->n_routes; i++)
		if (v->routes[i].ifindex == ifindex)
			bits |= route_bit(v->routes[i].family);
	return bits;
}

/* Remove every address on a link; the order of the rest is kept. */
static unsigned int drop_addrs(struct view *v, int ifindex)
{
	unsigned int bits = 0;
	size_t j = 0;

	for (size_t i = 0; i < v->n_addrs; i++) {
		if (v->addrs[i].ifindex == ifindex)
			bits |= addr_bit(v->addrs[i].addr.family);
		else
			v->addrs[j++] = v->addrs[i];
	}
	v->n_addrs = j;
	return bits;
}

/* Remove the routes of a family (AF_UNSPEC: all) on a link. */
static unsigned int drop_routes(struct view *v, int ifindex, int family)
{
	unsigned int bits = 0;
	size_t j = 0;

	for (size_t i = 0; i < v->n_routes; i++) {
		const struct view_route *r = &v->routes[i];

		if (r->ifindex == ifindex && (family == AF_UNSPEC || r->family == family))
			bits |= route_bit(r->family);
		else
			v->routes[j++] = *r;
	}
	v->n_routes = j;
	return bits;
}

static unsigned int link_new(struct view *v, const struct view_link *nl)
{
	struct view_link *l = link_find(v, nl->ifindex);
	unsigned int bits = 0;

	if (!l) {
		if (!grow((void **)&v->links, &v->cap_links, v->n_links, sizeof(*l)))
			return 0;
		l = &v->links[v->n_links++];
		*l = *nl;
		bits = VIEW_CHG_LINK;
	} else {
		/* A message without IFLA_IFNAME keeps the name we know. */
		const char *name = nl->name[0] ? nl->name : l->name;

		if (strncmp(l->name, name, IFNAMSIZ) != 0 || l->flags != nl->flags ||
		    l->operstate != nl->operstate) {
			/* Selectors look links up by name and prefer routes on links that are
			 * up: tell the families that have something on this link. */
			bits = VIEW_CHG_LINK | link_users(v, l->ifindex);
		}
		if (name != l->name)
			memcpy(l->name, name, IFNAMSIZ);
		l->flags = nl->flags;
		l->operstate = nl->operstate;
	}
	/* `ip link set X down` flushes the link's IPv4 routes without any RTM_DELROUTE, while
	 * its IPv4 addresses stay (IPv6 sends DELROUTE/DELADDR); see netns-recipes §1. */
	if (!(nl->flags & IFF_UP))
		bits |= drop_routes(v, nl->ifindex, AF_INET);
	return bits;
}

static unsigned int link_del(struct view *v, const struct view_link *dl)
{
	struct view_link *l = link_find(v, dl->ifindex);
	unsigned int bits = 0;

	if (l) {
		size_t i = (size_t)(l - v->links);

		memmove(l, l + 1, (v->n_links - i - 1) * sizeof(*l));
		v->n_links--;
		bits = VIEW_CHG_LINK;
	}
	return bits | drop_addrs(v, dl->ifindex) | drop_routes(v, dl->ifindex, AF_UNSPEC);
}

/* The kernel keys IPv4 addresses by local address and prefix length (several of each may
 * coexist), IPv6 addresses by address alone (a replace may change the prefix length). */
static struct view_addr *addr_find(const struct view *v, const struct view_addr *a)
{
	for (size_t i = 0; i < v->n_addrs; i++) {
		struct view_addr *x = &v->addrs[i];

		if (x->ifindex == a->ifindex && ipaddr_equal(&x->addr, &a->addr) &&
		    (a->addr.family == AF_INET6 || x->prefixlen == a->prefixlen))
			return x;
	}
	return NULL;
}

static unsigned int addr_new(struct view *v, const struct view_addr *na)
{
	struct view_addr *a = addr_find(v, na);
	struct view_addr old;

	if (!a) {
		if (!grow((void **)&v->addrs, &v->cap_addrs, v->n_addrs, sizeof(*a)))
			return 0;
		a = &v->addrs[v->n_addrs++];
		*a = *na;
		a->seq = v->next_seq++;
		return addr_bit(a->addr.family);
	}
	old = *a;
	*a = *na;
	a->seq = old.seq;
	/* The kernel re-announces addresses with lifetimes counting down (every RA, every
	 * DHCP renewal): only what eligibility depends on is a change. A preferred lifetime
	 * reaching 0 is a deprecation that arrives before IFA_F_DEPRECATED does. */
	if (old.flags != a->flags || old.prefixlen != a->prefixlen || old.scope != a->scope ||
	    (old.preferred == 0) != (a->preferred == 0) || (old.valid == 0) != (a->valid == 0))
		return addr_bit(a->addr.family);
	return 0;
}

static bool has_addr(const struct view *v, int ifindex, int family)
{
	for (size_t i = 0; i < v->n_addrs; i++)
		if (v->addrs[i].ifindex == ifindex && v->addrs[i].addr.family == family)
			return true;
	return false;
}

static unsigned int addr_del(struct view *v, const struct view_addr *da)
{
	struct view_addr *a = addr_find(v, da);
	unsigned int bits;
	size_t i;

	if (!a)
		return 0;
	i = (size_t)(a - v->addrs);
	memmove(a, a + 1, (v->n_addrs - i - 1) * sizeof(*a));
	v->n_addrs--;
	bits = addr_bit(da->addr.family);
	/* Deleting the last IPv4 address of a link disables IPv4 on it: the kernel flushes
	 * its IPv4 routes, the default route too, without RTM_DELROUTE (a DHCP client's
	 * lease change does this; the client adds the route back after the new address). */
	if (da->addr.family == AF_INET && !has_addr(v, da->ifindex, AF_INET))
		bits |= drop_routes(v, da->ifindex, AF_INET);
	return bits;
}

static bool route_same_key(const struct view_route *x, const struct view_route *r)
{
	return x->family == r->family && x->table == r->table && x->metric == r->metric &&
	       x->dst_len == r->dst_len;
}

static bool route_same_nexthop(const struct view_route *x, const struct view_route *r)
{
	return x->ifindex == r->ifindex && ipaddr_equal(&x->gateway, &r->gateway);
}

static unsigned int route_new(struct view *v, const struct view_route *nr, uint16_t nlflags)
{
	struct view_route *r = NULL;

	for (size_t i = 0; i < v->n_routes && !r; i++) {
		struct view_route *x = &v->routes[i];

		/* `ip route replace default via <other gw>` sends one RTM_NEWROUTE with
		 * NLM_F_REPLACE and no RTM_DELROUTE: the kernel replaced the first route
		 * with the same destination, table and metric (IPv4 also matches TOS, which
		 * default routes in practice never carry). */
		if (route_same_key(x, nr) &&
		    ((nlflags & NLM_F_REPLACE) || route_same_nexthop(x, nr)))
			r = x;
	}
	if (!r) {
		if (!grow((void **)&v->routes, &v->cap_routes, v->n_routes, sizeof(*r)))
			return 0;
		v->routes[v->n_routes++] = *nr;
		return route_bit(nr->family);
	}
	if (route_same_nexthop(r, nr) && r->type == nr->type)
		return 0;
	*r = *nr;
	return route_bit(nr->family);
}

static unsigned int route_del(struct view *v, const struct view_route *dr)
{
	struct view_route *hit = NULL;

	for (size_t i = 0; i < v->n_routes; i++) {
		struct view_route *x = &v->routes[i];

		if (!route_same_key(x, dr))
			continue;
		if (route_same_nexthop(x, dr)) {
			hit = x;
			break;
		}
		/* A delete that names no interface or gateway matches any (first seen). */
		if (!hit && (dr->ifindex == 0 || dr->ifindex == x->ifindex) &&
		    (!ipaddr_is_set(&dr->gateway) || ipaddr_equal(&dr->gateway, &x->gateway)))
			hit = x;
	}
	if (!hit)
		return 0;
	memmove(hit, hit + 1, (v->n_routes - (size_t)(hit - v->routes) - 1) * sizeof(*hit));
	v->n_routes--;
	return route_bit(dr->family);
}

unsigned int view_apply(struct view *v, const struct nl_event *ev)
{
	switch (ev->kind) {
	case NL_LINK:
		return ev->del ? link_del(v, &ev->link) : link_new(v, &ev->link);
	case NL_ADDR:
		if (ev->addr.addr.family != AF_INET && ev->addr.addr.family != AF_INET6)
			return 0;
		return ev->del ? addr_del(v, &ev->addr) : addr_new(v, &ev->addr);
	case NL_ROUTE:
		if (ev->route.family != AF_INET && ev->route.family != AF_INET6)
			return 0;
		return ev->del ? route_del(v, &ev->route)
			       : route_new(v, &ev->route, ev->nlmsg_flags);
	default:
		return 0;
	}
}

const struct view_route *view_best_default(const struct view *v, int family)
{
	const struct view_route *best = NULL, *best_up = NULL;

	for (size_t i = 0; i < v->n_routes; i++) {
		const struct view_route *r = &v->routes[i];
		const struct view_link *l;

		if (r->family != family || r->dst_len != 0)
			continue;
		if (!best || r->metric < best->metric)
			best = r;
		l = link_find(v, r->ifindex);
		if ((!l || !link_is_down(l)) && (!best_up || r->metric < best_up->metric))
			best_up = r;
	}
	/* When every candidate is down, still name one: the caller reports it. */
	return best_up ? best_up : best;
}
