// SPDX-License-Identifier: MIT
/* One rtnetlink message -> struct nl_event, validating every length on the way (pure, fuzzed). */
#include "netlink/nl_parse.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>

/* libmnl's attribute iterators trust nlmsg_len up to its aligned end; this walk stops at the
 * unaligned end instead, so a message whose length is not a multiple of 4 cannot make it read
 * past len. tb[type] gets the last attribute of each type <= max; newer attribute types are
 * skipped, not refused (new kernels add them). False when a header or length overruns. */
static bool attr_table(const void *start, int rem, const struct nlattr **tb, unsigned int max)
{
	const struct nlattr *a = start;

	while (rem > 0) {
		uint16_t type;

		if (!mnl_attr_ok(a, rem))
			return false;
		type = mnl_attr_get_type(a);
		if (mnl_attr_type_valid(a, (uint16_t)max) > 0)
			tb[type] = a;
		rem -= MNL_ALIGN(a->nla_len);
		if (rem > 0)
			a = mnl_attr_next(a);
	}
	return true;
}

/* Attributes that follow the fixed header of hdrlen bytes; false if the message is too short. */
static bool msg_attrs(const struct nlmsghdr *nlh, size_t hdrlen, const struct nlattr **tb,
		      unsigned int max)
{
	size_t off = MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen);

	if (nlh->nlmsg_len < off)
		return false;
	return attr_table(mnl_nlmsg_get_payload_offset(nlh, hdrlen), (int)(nlh->nlmsg_len - off),
			  tb, max);
}

static size_t addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

/* An address attribute of the message's family: exact length. NULL a is fine (absent). */
static bool valid_addr(const struct nlattr *a, int family)
{
	return !a || mnl_attr_validate2(a, MNL_TYPE_BINARY, addr_len(family)) == 0;
}

static void get_addr(const void *p, int family, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = (sa_family_t)family;
	memcpy(&out->v6, p, addr_len(family));
}

static bool valid_u32(const struct nlattr *a)
{
	return !a || mnl_attr_validate(a, MNL_TYPE_U32) == 0;
}

static int parse_link(const struct nlmsghdr *nlh, struct nl_event *ev)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct view_link *l = &ev->link;

	if (!msg_attrs(nlh, sizeof(*ifi), tb, IFLA_MAX))
		return -EINVAL;
	/* AF_BRIDGE messages on the same group describe bridge ports; their RTM_DELLINK means
	 * "left the bridge", not "gone". */
	if (ifi->ifi_family != AF_UNSPEC)
		return 0;
	if (tb[IFLA_IFNAME] && (mnl_attr_validate(tb[IFLA_IFNAME], MNL_TYPE_NUL_STRING) < 0 ||
				strlen(mnl_attr_get_str(tb[IFLA_IFNAME])) >= IFNAMSIZ))
		return -EINVAL;
	if (tb[IFLA_OPERSTATE] && mnl_attr_validate(tb[IFLA_OPERSTATE], MNL_TYPE_U8) < 0)
		return -EINVAL;
	if (ifi->ifi_index <= 0)
		return -EINVAL;

	ev->kind = NL_LINK;
	ev->del = nlh->nlmsg_type == RTM_DELLINK;
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	if (tb[IFLA_IFNAME])
		strcpy(l->name, mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_OPERSTATE])
		l->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
	return 0;
}

static int parse_addr(const struct nlmsghdr *nlh, struct nl_event *ev)
{
	const struct nlattr *tb[IFA_MAX + 1] = {0};
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct view_addr *a = &ev->addr;
	const struct nlattr *where;
	int family;

	if (!msg_attrs(nlh, sizeof(*ifa), tb, IFA_MAX))
		return -EINVAL;
	family = ifa->ifa_family;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (!valid_addr(tb[IFA_ADDRESS], family) || !valid_addr(tb[IFA_LOCAL], family) ||
	    !valid_u32(tb[IFA_FLAGS]))
		return -EINVAL;
	if (tb[IFA_CACHEINFO] && mnl_attr_validate2(tb[IFA_CACHEINFO], MNL_TYPE_UNSPEC,
						    sizeof(struct ifa_cacheinfo)) < 0)
		return -EINVAL;
	if (ifa->ifa_prefixlen > addr_len(family) * 8 || ifa->ifa_index == 0 ||
	    ifa->ifa_index > INT32_MAX)
		return -EINVAL;
	/* When both are present IFA_LOCAL is our end and IFA_ADDRESS the peer: IPv4 on
	 * point-to-point links (PPPoE), and IPv6 addresses added with `peer` (kernel
	 * inet6_fill_ifaddr()). Otherwise the address is in IFA_ADDRESS alone. */
	where = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!where)
		return -EINVAL;

	ev->kind = NL_ADDR;
	ev->del = nlh->nlmsg_type == RTM_DELADDR;
	a->ifindex = (int)ifa->ifa_index;
	get_addr(mnl_attr_get_payload(where), family, &a->addr);
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	/* ifa_flags is 8 bits; MANAGETEMPADDR, NOPREFIXROUTE, STABLE_PRIVACY… only fit in
	 * the 32-bit IFA_FLAGS, which carries all of them when present. */
	a->flags = tb[IFA_FLAGS] ? mnl_attr_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	a->preferred = VIEW_LIFETIME_FOREVER;
	a->valid = VIEW_LIFETIME_FOREVER;
	if (tb[IFA_CACHEINFO]) {
		struct ifa_cacheinfo ci;

		memcpy(&ci, mnl_attr_get_payload(tb[IFA_CACHEINFO]), sizeof(ci));
		/* INFINITY_LIFE_TIME (0xFFFFFFFF) is VIEW_LIFETIME_FOREVER. */
		a->preferred = ci.ifa_prefered;
		a->valid = ci.ifa_valid;
	}
	return 0;
}

/* RTA_GATEWAY (same family as the route) or RTA_VIA (an IPv6 next hop for an IPv4 route). */
static bool parse_gateway(const struct nlattr *const *tb, int family, struct ipaddr *gw)
{
	if (!valid_addr(tb[RTA_GATEWAY], family))
		return false;
	if (tb[RTA_GATEWAY]) {
		get_addr(mnl_attr_get_payload(tb[RTA_GATEWAY]), family, gw);
	} else if (tb[RTA_VIA]) {
		const struct rtvia *via = mnl_attr_get_payload(tb[RTA_VIA]);
		size_t plen = mnl_attr_get_payload_len(tb[RTA_VIA]);

		if (plen < sizeof(*via))
			return false;
		if (via->rtvia_family != AF_INET && via->rtvia_family != AF_INET6)
			return true; /* MPLS and other next hops: no IP gateway to report */
		if (plen != sizeof(*via) + addr_len(via->rtvia_family))
			return false;
		get_addr(via->rtvia_addr, via->rtvia_family, gw);
	}
	return true;
}

/* RTA_MULTIPATH: a sequence of struct rtnexthop, each followed by its own attributes. Every
 * entry is checked; the first one gives the output interface and gateway. */
static bool parse_multipath(const struct nlattr *mp, int family, struct view_route *r)
{
	const char *p = mnl_attr_get_payload(mp);
	int rem = mnl_attr_get_payload_len(mp);
	bool first = true;

	while (rem > 0) {
		const struct nlattr *tb[RTA_MAX + 1] = {0};
		const struct rtnexthop *nh = (const void *)p;
		struct ipaddr gw = {.family = AF_UNSPEC};

		if (rem < (int)sizeof(*nh) || nh->rtnh_len < sizeof(*nh) || nh->rtnh_len > rem)
			return false;
		if (!attr_table(p + RTNH_LENGTH(0), nh->rtnh_len - RTNH_LENGTH(0), tb, RTA_MAX) ||
		    !parse_gateway(tb, family, &gw))
			return false;
		if (first) {
			r->ifindex = nh->rtnh_ifindex;
			r->gateway = gw;
			first = false;
		}
		rem -= RTNH_ALIGN(nh->rtnh_len);
		if (rem > 0)
			p += RTNH_ALIGN(nh->rtnh_len);
	}
	return true;
}

static int parse_route(const struct nlmsghdr *nlh, struct nl_event *ev)
{
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct view_route *r = &ev->route;
	int family;

	if (!msg_attrs(nlh, sizeof(*rtm), tb, RTA_MAX))
		return -EINVAL;
	family = rtm->rtm_family;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (!valid_u32(tb[RTA_TABLE]) || !valid_u32(tb[RTA_OIF]) || !valid_u32(tb[RTA_PRIORITY]))
		return -EINVAL;
	if (rtm->rtm_dst_len > addr_len(family) * 8)
		return -EINVAL;

	r->family = (sa_family_t)family;
	r->dst_len = rtm->rtm_dst_len;
	r->type = rtm->rtm_type;
	r->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	r->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
	r->ifindex = tb[RTA_OIF] ? (int)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
	r->gateway.family = AF_UNSPEC;
	if (!parse_gateway(tb, family, &r->gateway))
		return -EINVAL;
	if (tb[RTA_MULTIPATH] && !parse_multipath(tb[RTA_MULTIPATH], family, r))
		return -EINVAL;
	if (r->ifindex < 0)
		return -EINVAL;
	/* Only default unicast routes of the main table say where traffic leaves. */
	if (r->dst_len != 0 || r->table != RT_TABLE_MAIN || r->type != RTN_UNICAST) {
		memset(r, 0, sizeof(*r));
		return 0;
	}
	ev->kind = NL_ROUTE;
	ev->del = nlh->nlmsg_type == RTM_DELROUTE;
	return 0;
}

bool nl_parse_ok(const struct nlmsghdr *nlh, int len)
{
	return len >= (int)MNL_NLMSG_HDRLEN && nlh->nlmsg_len >= MNL_NLMSG_HDRLEN &&
	       nlh->nlmsg_len <= (unsigned int)len;
}

int nl_parse_msg(const struct nlmsghdr *nlh, size_t len, struct nl_event *ev)
{
	size_t plen;

	memset(ev, 0, sizeof(*ev));
	if (len < MNL_NLMSG_HDRLEN || nlh->nlmsg_len < MNL_NLMSG_HDRLEN || nlh->nlmsg_len > len)
		return -EINVAL;
	plen = nlh->nlmsg_len - MNL_NLMSG_HDRLEN;
	ev->nlmsg_flags = nlh->nlmsg_flags;
	/* The kernel sets NLM_F_DUMP_INTR when the table changed while a dump was being
	 * produced (its generation counter moved): the dump may miss or repeat entries. */
	ev->dump_interrupted = (nlh->nlmsg_flags & NLM_F_DUMP_INTR) != 0;

	switch (nlh->nlmsg_type) {
	case RTM_NEWLINK:
	case RTM_DELLINK:
		return parse_link(nlh, ev);
	case RTM_NEWADDR:
	case RTM_DELADDR:
		return parse_addr(nlh, ev);
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		return parse_route(nlh, ev);
	case NLMSG_DONE:
		ev->kind = NL_DONE;
		/* Since 4.x the kernel appends the dump's final status as an int. */
		if (plen >= sizeof(int)) {
			int err;

			memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
			ev->error = err < 0 ? err : 0;
		}
		return 0;
	case NLMSG_ERROR: {
		struct nlmsgerr e;

		if (plen < sizeof(e))
			return -EINVAL;
		memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
		if (e.error > 0)
			return -EINVAL;
		ev->kind = NL_ERROR;
		ev->error = e.error;
		return 0;
	}
	default:
		return 0; /* NLMSG_NOOP, NLMSG_OVERRUN, RTM_NEWPREFIX, … */
	}
}
