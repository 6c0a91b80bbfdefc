// SPDX-License-Identifier: MIT
/* nl_parse_msg() on hand-built rtnetlink messages: fields, filters, every kind of truncation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_parse.h"

#define BUFSZ 1024

/* A message under construction, in an aligned buffer. */
struct msg {
	union {
		char buf[BUFSZ];
		struct nlmsghdr align;
	};
};

/* Parse from a heap copy of exactly len bytes, so ASan sees any read past len. */
static int parse_len(const struct nlmsghdr *nlh, size_t len, struct nl_event *ev)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, nlh, len);
	ret = nl_parse_msg(copy, len, ev);
	free(copy);
	return ret;
}

static int parse(const struct nlmsghdr *nlh, struct nl_event *ev)
{
	return parse_len(nlh, nlh->nlmsg_len, ev);
}

static struct nlmsghdr *hdr(struct msg *m, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(m, 0, sizeof(*m));
	nlh = mnl_nlmsg_put_header(m->buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	return nlh;
}

static struct nlmsghdr *addr_msg(struct msg *m, uint16_t type, uint8_t family, uint8_t plen,
				 uint8_t flags, uint8_t scope, uint32_t index)
{
	struct nlmsghdr *nlh = hdr(m, type, 0);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = family;
	ifa->ifa_prefixlen = plen;
	ifa->ifa_flags = flags;
	ifa->ifa_scope = scope;
	ifa->ifa_index = index;
	return nlh;
}

static void put_ip(struct nlmsghdr *nlh, uint16_t type, int family, const char *text)
{
	unsigned char a[16];

	assert_int_equal(inet_pton(family, text, a), 1);
	mnl_attr_put(nlh, type, family == AF_INET ? 4 : 16, a);
}

static void put_cacheinfo(struct nlmsghdr *nlh, uint32_t pref, uint32_t valid)
{
	struct ifa_cacheinfo ci = {.ifa_prefered = pref, .ifa_valid = valid};

	mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
}

static struct nlmsghdr *link_msg(struct msg *m, uint16_t type, uint8_t family, int index,
				 unsigned int flags)
{
	struct nlmsghdr *nlh = hdr(m, type, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = family;
	ifi->ifi_index = index;
	ifi->ifi_flags = flags;
	return nlh;
}

static struct nlmsghdr *route_msg(struct msg *m, uint16_t type, uint8_t family, uint8_t dst_len,
				  uint8_t table, uint8_t rtype)
{
	struct nlmsghdr *nlh = hdr(m, type, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = family;
	rtm->rtm_dst_len = dst_len;
	rtm->rtm_table = table;
	rtm->rtm_type = rtype;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	return nlh;
}

/* One next hop inside an open RTA_MULTIPATH nest. */
static void put_nexthop(struct nlmsghdr *nlh, int ifindex, int family, const char *gw)
{
	struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(nlh);

	memset(nh, 0, sizeof(*nh));
	nh->rtnh_ifindex = ifindex;
	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*nh));
	if (gw)
		put_ip(nlh, RTA_GATEWAY, family, gw);
	nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
}

static void assert_ip(const struct ipaddr *a, int family, const char *text)
{
	struct ipaddr want;

	assert_true(ipaddr_parse(text, family, &want));
	assert_true(ipaddr_equal(a, &want));
}

/* ---- addresses ---- */

static void test_addr_v4_ptp_prefers_local(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh =
	    addr_msg(&m, RTM_NEWADDR, AF_INET, 32, IFA_F_PERMANENT, RT_SCOPE_UNIVERSE, 7);
	struct nl_event ev;

	(void)state;
	/* PPPoE: IFA_ADDRESS is the peer, IFA_LOCAL our end. */
	put_ip(nlh, IFA_ADDRESS, AF_INET, "10.64.64.1");
	put_ip(nlh, IFA_LOCAL, AF_INET, "198.51.100.9");
	put_cacheinfo(nlh, VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ADDR);
	assert_false(ev.del);
	assert_int_equal(ev.addr.ifindex, 7);
	assert_ip(&ev.addr.addr, AF_INET, "198.51.100.9");
	assert_int_equal(ev.addr.prefixlen, 32);
	assert_int_equal(ev.addr.scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(ev.addr.flags, IFA_F_PERMANENT);
	assert_int_equal(ev.addr.preferred, VIEW_LIFETIME_FOREVER);
	assert_int_equal(ev.addr.valid, VIEW_LIFETIME_FOREVER);
}

static void test_addr_v4_address_only(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = addr_msg(&m, RTM_DELADDR, AF_INET, 24,
					IFA_F_SECONDARY | IFA_F_PERMANENT, RT_SCOPE_UNIVERSE, 3);
	struct nl_event ev;

	(void)state;
	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.2");
	mnl_attr_put_strz(nlh, IFA_LABEL, "veth-gw");
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ADDR);
	assert_true(ev.del);
	assert_ip(&ev.addr.addr, AF_INET, "192.0.2.2");
	assert_int_equal(ev.addr.flags, IFA_F_SECONDARY | IFA_F_PERMANENT);
	/* No IFA_CACHEINFO: treated as permanent. */
	assert_int_equal(ev.addr.preferred, VIEW_LIFETIME_FOREVER);
}

static void test_addr_v6_flags32_and_lifetimes(void **state)
{
	struct msg m;
	/* ifa_flags holds only the low 8 bits (and differs on purpose). */
	struct nlmsghdr *nlh =
	    addr_msg(&m, RTM_NEWADDR, AF_INET6, 64, IFA_F_PERMANENT, RT_SCOPE_UNIVERSE, 4);
	struct nl_event ev;

	(void)state;
	put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8:1::18e3");
	put_cacheinfo(nlh, 250, 600);
	mnl_attr_put_u32(nlh, IFA_FLAGS, IFA_F_MANAGETEMPADDR | IFA_F_STABLE_PRIVACY);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ADDR);
	assert_ip(&ev.addr.addr, AF_INET6, "2001:db8:1::18e3");
	assert_int_equal(ev.addr.flags, 0x100 | 0x800);
	assert_int_equal(ev.addr.preferred, 250);
	assert_int_equal(ev.addr.valid, 600);
	assert_int_equal(ev.addr.prefixlen, 64);
}

/* The 8-bit ifa_flags alone when there is no IFA_FLAGS. */
static void test_addr_v6_small_flags(void **state)
{
	static const uint8_t cases[] = {
	    IFA_F_SECONDARY,
	    IFA_F_TENTATIVE,
	    IFA_F_DEPRECATED,
	    IFA_F_DADFAILED,
	    IFA_F_NODAD,
	    IFA_F_PERMANENT,
	    IFA_F_TENTATIVE | IFA_F_NODAD,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases); i++) {
		struct msg m;
		struct nlmsghdr *nlh =
		    addr_msg(&m, RTM_NEWADDR, AF_INET6, 64, cases[i], RT_SCOPE_UNIVERSE, 4);
		struct nl_event ev;

		put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8::5");
		put_cacheinfo(nlh, 0, 30);
		assert_int_equal(parse(nlh, &ev), 0);
		assert_int_equal(ev.addr.flags, cases[i]);
		assert_int_equal(ev.addr.preferred, 0);
		assert_int_equal(ev.addr.valid, 30);
	}
}

static void test_addr_v6_peer_local(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh =
	    addr_msg(&m, RTM_NEWADDR, AF_INET6, 128, IFA_F_PERMANENT, RT_SCOPE_UNIVERSE, 9);
	struct nl_event ev;

	(void)state;
	put_ip(nlh, IFA_LOCAL, AF_INET6, "2001:db8::a");
	put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8::b");
	assert_int_equal(parse(nlh, &ev), 0);
	assert_ip(&ev.addr.addr, AF_INET6, "2001:db8::a");

	nlh = addr_msg(&m, RTM_NEWADDR, AF_INET6, 64, 0, RT_SCOPE_LINK, 9);
	put_ip(nlh, IFA_LOCAL, AF_INET6, "fe80::1");
	assert_int_equal(parse(nlh, &ev), 0);
	assert_ip(&ev.addr.addr, AF_INET6, "fe80::1");
	assert_int_equal(ev.addr.scope, RT_SCOPE_LINK);
}

static void test_addr_other_family_ignored(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = addr_msg(&m, RTM_NEWADDR, AF_PACKET, 0, 0, 0, 1);
	struct nl_event ev;

	(void)state;
	mnl_attr_put_u32(nlh, IFA_ADDRESS, 1);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_IGNORE);
}

static void test_unknown_attr_skipped(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = addr_msg(&m, RTM_NEWADDR, AF_INET, 24, 0, 0, 2);
	struct nl_event ev;

	(void)state;
	mnl_attr_put_u8(nlh, 250, 1); /* a type from a future kernel */
	put_ip(nlh, IFA_ADDRESS, AF_INET, "203.0.113.7");
	assert_int_equal(parse(nlh, &ev), 0);
	assert_ip(&ev.addr.addr, AF_INET, "203.0.113.7");
}

/* ---- links ---- */

static void test_link_new_and_del(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh =
	    link_msg(&m, RTM_NEWLINK, AF_UNSPEC, 5, IFF_UP | IFF_RUNNING | IFF_LOWER_UP);
	struct nl_event ev;

	(void)state;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth-gw");
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, IF_OPER_UP);
	mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_LINK);
	assert_false(ev.del);
	assert_int_equal(ev.link.ifindex, 5);
	assert_string_equal(ev.link.name, "veth-gw");
	assert_int_equal(ev.link.flags, IFF_UP | IFF_RUNNING | IFF_LOWER_UP);
	assert_int_equal(ev.link.operstate, IF_OPER_UP);

	nlh = link_msg(&m, RTM_DELLINK, AF_UNSPEC, 5, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "abcdefghijklmno"); /* 15 chars: the longest */
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_LINK);
	assert_true(ev.del);
	assert_string_equal(ev.link.name, "abcdefghijklmno");

	/* Bridge port notifications share the group; their DELLINK is not a removal. */
	nlh = link_msg(&m, RTM_DELLINK, AF_BRIDGE, 5, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "veth-gw");
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_IGNORE);
}

/* ---- routes ---- */

static void test_route_default_v4(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = route_msg(&m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nl_event ev;

	(void)state;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 100);
	put_ip(nlh, RTA_GATEWAY, AF_INET, "192.0.2.1");
	mnl_attr_put_u32(nlh, RTA_OIF, 3);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ROUTE);
	assert_false(ev.del);
	assert_int_equal(ev.nlmsg_flags, NLM_F_CREATE | NLM_F_REPLACE);
	assert_int_equal(ev.route.family, AF_INET);
	assert_int_equal(ev.route.ifindex, 3);
	assert_int_equal(ev.route.metric, 100);
	assert_int_equal(ev.route.table, RT_TABLE_MAIN);
	assert_int_equal(ev.route.dst_len, 0);
	assert_int_equal(ev.route.type, RTN_UNICAST);
	assert_ip(&ev.route.gateway, AF_INET, "192.0.2.1");
}

static void test_route_default_v6_no_gateway(void **state)
{
	struct msg m;
	/* rtm_table holds RT_TABLE_COMPAT for big tables; RTA_TABLE is authoritative. */
	struct nlmsghdr *nlh =
	    route_msg(&m, RTM_DELROUTE, AF_INET6, 0, RT_TABLE_COMPAT, RTN_UNICAST);
	struct nl_event ev;

	(void)state;
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	mnl_attr_put_u32(nlh, RTA_OIF, 12);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ROUTE);
	assert_true(ev.del);
	assert_int_equal(ev.route.family, AF_INET6);
	assert_int_equal(ev.route.metric, 0);
	assert_int_equal(ev.route.ifindex, 12);
	assert_int_equal(ev.route.gateway.family, AF_UNSPEC);
}

/* Routes that are not a main-table unicast default are parsed and ignored. */
static void test_route_filtered(void **state)
{
	static const struct {
		uint8_t family, dst_len, rtm_table, type;
		uint32_t rta_table; /* 0: none */
	} cases[] = {
	    {AF_INET, 24, RT_TABLE_MAIN, RTN_UNICAST, 0},
	    {AF_INET6, 64, RT_TABLE_MAIN, RTN_UNICAST, RT_TABLE_MAIN},
	    {AF_INET, 0, RT_TABLE_LOCAL, RTN_UNICAST, 0},
	    {AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST, 100},
	    {AF_INET6, 0, RT_TABLE_COMPAT, RTN_UNICAST, 1000},
	    {AF_INET, 0, RT_TABLE_MAIN, RTN_UNREACHABLE, 0},
	    {AF_INET6, 0, RT_TABLE_MAIN, RTN_BLACKHOLE, 0},
	    {AF_INET, 32, RT_TABLE_LOCAL, RTN_LOCAL, RT_TABLE_LOCAL},
	    {AF_MPLS, 0, RT_TABLE_MAIN, RTN_UNICAST, 0},
	    {128 /* RTNL_FAMILY_IPMR */, 0, RT_TABLE_MAIN, RTN_UNICAST, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct msg m;
		struct nlmsghdr *nlh =
		    route_msg(&m, RTM_NEWROUTE, cases[i].family, cases[i].dst_len,
			      cases[i].rtm_table, cases[i].type);
		struct nl_event ev;

		if (cases[i].rta_table)
			mnl_attr_put_u32(nlh, RTA_TABLE, cases[i].rta_table);
		mnl_attr_put_u32(nlh, RTA_OIF, 2);
		assert_int_equal(parse(nlh, &ev), 0);
		assert_int_equal(ev.kind, NL_IGNORE);
	}
}

static void test_route_multipath(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = route_msg(&m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nlattr *nest;
	struct nl_event ev;

	(void)state;
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 10);
	nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	put_nexthop(nlh, 4, AF_INET, "192.0.2.1");
	put_nexthop(nlh, 5, AF_INET, "198.51.100.1");
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ROUTE);
	assert_int_equal(ev.route.ifindex, 4);
	assert_int_equal(ev.route.metric, 10);
	assert_ip(&ev.route.gateway, AF_INET, "192.0.2.1");

	/* IPv6 multipath; first hop without gateway. */
	nlh = route_msg(&m, RTM_NEWROUTE, AF_INET6, 0, RT_TABLE_MAIN, RTN_UNICAST);
	nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	put_nexthop(nlh, 8, AF_INET6, NULL);
	put_nexthop(nlh, 9, AF_INET6, "fe80::1");
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.route.ifindex, 8);
	assert_int_equal(ev.route.gateway.family, AF_UNSPEC);
}

static void test_route_via_v6_gateway(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = route_msg(&m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	unsigned char via[sizeof(struct rtvia) + 16];
	__kernel_sa_family_t fam = AF_INET6;
	struct nl_event ev;

	(void)state;
	memcpy(via, &fam, sizeof(fam));
	assert_int_equal(inet_pton(AF_INET6, "fe80::1", via + sizeof(struct rtvia)), 1);
	mnl_attr_put(nlh, RTA_VIA, sizeof(via), via);
	mnl_attr_put_u32(nlh, RTA_OIF, 2);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ROUTE);
	assert_ip(&ev.route.gateway, AF_INET6, "fe80::1");
}

/* ---- control messages ---- */

static void test_done_error_noop(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh;
	struct nlmsgerr *e;
	struct nl_event ev;
	int *status;

	(void)state;
	nlh = hdr(&m, NLMSG_DONE, NLM_F_MULTI);
	assert_int_equal(parse(nlh, &ev), 0); /* old kernels: no status int */
	assert_int_equal(ev.kind, NL_DONE);
	assert_int_equal(ev.error, 0);

	nlh = hdr(&m, NLMSG_DONE, NLM_F_MULTI | NLM_F_DUMP_INTR);
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	*status = -EINTR;
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_DONE);
	assert_int_equal(ev.error, -EINTR);
	assert_true(ev.dump_interrupted);

	nlh = hdr(&m, NLMSG_ERROR, 0);
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = -ENOENT;
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ERROR);
	assert_int_equal(ev.error, -ENOENT);
	assert_false(ev.dump_interrupted);

	e->error = 0; /* an ack */
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_ERROR);
	assert_int_equal(ev.error, 0);

	e->error = 5; /* errors are negative */
	assert_int_equal(parse(nlh, &ev), -EINVAL);

	nlh = hdr(&m, NLMSG_ERROR, 0);
	mnl_nlmsg_put_extra_header(nlh, sizeof(int)); /* too short for struct nlmsgerr */
	assert_int_equal(parse(nlh, &ev), -EINVAL);

	for (uint16_t type = NLMSG_NOOP; type <= NLMSG_OVERRUN + 1; type += 3) {
		nlh = hdr(&m, type, 0);
		assert_int_equal(parse(nlh, &ev), 0);
		assert_int_equal(ev.kind, NL_IGNORE);
	}
	nlh = hdr(&m, RTM_NEWPREFIX, 0);
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_IGNORE);
}

static void test_dump_intr_flag(void **state)
{
	struct msg m;
	struct nlmsghdr *nlh = addr_msg(&m, RTM_NEWADDR, AF_INET, 24, 0, 0, 2);
	struct nl_event ev;

	(void)state;
	put_ip(nlh, IFA_ADDRESS, AF_INET, "203.0.113.7");
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_DUMP_INTR;
	assert_int_equal(parse(nlh, &ev), 0);
	assert_true(ev.dump_interrupted);
	assert_int_equal(ev.kind, NL_ADDR);
	nlh->nlmsg_flags = NLM_F_MULTI;
	assert_int_equal(parse(nlh, &ev), 0);
	assert_false(ev.dump_interrupted);

	/* Also on a message that is otherwise ignored. */
	nlh = route_msg(&m, RTM_NEWROUTE, AF_INET, 24, RT_TABLE_MAIN, RTN_UNICAST);
	nlh->nlmsg_flags = NLM_F_MULTI | NLM_F_DUMP_INTR;
	assert_int_equal(parse(nlh, &ev), 0);
	assert_int_equal(ev.kind, NL_IGNORE);
	assert_true(ev.dump_interrupted);
}

/* ---- malformed input ---- */

typedef struct nlmsghdr *(*build_fn)(struct msg *m);

static struct nlmsghdr *b_addr_flags_short(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET6, 64, 0, 0, 1);

	put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8::1");
	mnl_attr_put_u16(nlh, IFA_FLAGS, 0x100);
	return nlh;
}

static struct nlmsghdr *b_addr_v4_with_v6_len(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 1);

	put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8::1");
	return nlh;
}

static struct nlmsghdr *b_addr_local_short(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET6, 64, 0, 0, 1);

	put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8::1");
	put_ip(nlh, IFA_LOCAL, AF_INET, "192.0.2.1");
	return nlh;
}

static struct nlmsghdr *b_addr_cacheinfo_short(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 1);
	uint32_t ci[3] = {1, 2, 3};

	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.1");
	mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), ci);
	return nlh;
}

static struct nlmsghdr *b_addr_none(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 1);

	put_cacheinfo(nlh, 1, 2);
	return nlh;
}

static struct nlmsghdr *b_addr_prefix_too_long(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 33, 0, 0, 1);

	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.1");
	return nlh;
}

static struct nlmsghdr *b_addr_index_zero(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 0);

	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.1");
	return nlh;
}

static struct nlmsghdr *b_nla_len_below_header(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 1);
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.1");
	a->nla_len = 2;
	return nlh;
}

static struct nlmsghdr *b_nla_len_past_end(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 1);
	struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);

	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.1");
	a->nla_len = 12;
	return nlh;
}

static struct nlmsghdr *b_trailing_bytes(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET, 24, 0, 0, 1);

	put_ip(nlh, IFA_ADDRESS, AF_INET, "192.0.2.1");
	nlh->nlmsg_len += 2; /* not even an attribute header */
	return nlh;
}

static struct nlmsghdr *b_link_name_no_nul(struct msg *m)
{
	struct nlmsghdr *nlh = link_msg(m, RTM_NEWLINK, AF_UNSPEC, 1, IFF_UP);

	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0");
	return nlh;
}

static struct nlmsghdr *b_link_name_too_long(struct msg *m)
{
	struct nlmsghdr *nlh = link_msg(m, RTM_NEWLINK, AF_UNSPEC, 1, IFF_UP);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "abcdefghijklmnop"); /* 16 chars */
	return nlh;
}

static struct nlmsghdr *b_link_operstate_u32(struct msg *m)
{
	struct nlmsghdr *nlh = link_msg(m, RTM_NEWLINK, AF_UNSPEC, 1, IFF_UP);

	mnl_attr_put_u32(nlh, IFLA_OPERSTATE, IF_OPER_UP);
	return nlh;
}

static struct nlmsghdr *b_link_index_zero(struct msg *m)
{
	return link_msg(m, RTM_NEWLINK, AF_UNSPEC, 0, IFF_UP);
}

static struct nlmsghdr *b_route_oif_u64(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);

	mnl_attr_put_u64(nlh, RTA_OIF, 2);
	return nlh;
}

static struct nlmsghdr *b_route_table_u8(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);

	mnl_attr_put_u8(nlh, RTA_TABLE, RT_TABLE_MAIN);
	return nlh;
}

static struct nlmsghdr *b_route_priority_u16(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);

	mnl_attr_put_u16(nlh, RTA_PRIORITY, 1);
	return nlh;
}

static struct nlmsghdr *b_route_v6_gw_v4_len(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET6, 0, RT_TABLE_MAIN, RTN_UNICAST);

	put_ip(nlh, RTA_GATEWAY, AF_INET, "192.0.2.1");
	return nlh;
}

static struct nlmsghdr *b_route_dst_len_too_long(struct msg *m)
{
	return route_msg(m, RTM_NEWROUTE, AF_INET6, 129, RT_TABLE_MAIN, RTN_UNICAST);
}

static struct nlmsghdr *b_route_oif_negative(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);

	mnl_attr_put_u32(nlh, RTA_OIF, 0x80000000u);
	return nlh;
}

static struct nlmsghdr *b_route_via_short(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct rtvia via = {.rtvia_family = AF_INET6};

	mnl_attr_put(nlh, RTA_VIA, sizeof(via), &via);
	return nlh;
}

static struct nlmsghdr *b_mp_rtnh_len_big(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nlattr *nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(nlh);

	put_nexthop(nlh, 2, AF_INET, "192.0.2.1");
	mnl_attr_nest_end(nlh, nest);
	nh->rtnh_len += 4;
	return nlh;
}

static struct nlmsghdr *b_mp_rtnh_len_small(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nlattr *nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(nlh);

	put_nexthop(nlh, 2, AF_INET, NULL);
	mnl_attr_nest_end(nlh, nest);
	nh->rtnh_len = 4;
	return nlh;
}

static struct nlmsghdr *b_mp_short_entry(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	uint32_t half = 0;

	mnl_attr_put(nlh, RTA_MULTIPATH, sizeof(half), &half); /* 4 bytes < struct rtnexthop */
	return nlh;
}

static struct nlmsghdr *b_mp_bad_gateway(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nlattr *nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);

	put_nexthop(nlh, 2, AF_INET, "192.0.2.1");
	put_nexthop(nlh, 3, AF_INET6, "2001:db8::1"); /* second hop: a 16-byte IPv4 gateway */
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static struct nlmsghdr *b_mp_nested_overrun(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nlattr *nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	struct rtnexthop *nh = mnl_nlmsg_get_payload_tail(nlh);
	struct nlattr *gw;

	put_nexthop(nlh, 2, AF_INET, "192.0.2.1");
	mnl_attr_nest_end(nlh, nest);
	gw = (struct nlattr *)((char *)nh + RTNH_LENGTH(0));
	gw->nla_len = 12; /* runs past rtnh_len, still inside the message */
	mnl_attr_put_u32(nlh, RTA_OIF, 2);
	return nlh;
}

static struct nlmsghdr *b_error_short(struct msg *m)
{
	struct nlmsghdr *nlh = hdr(m, NLMSG_ERROR, 0);

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr) - 4);
	return nlh;
}

static void test_malformed(void **state)
{
	static const struct {
		const char *name;
		build_fn build;
	} cases[] = {
	    {"IFA_FLAGS u16", b_addr_flags_short},
	    {"IPv4 address of 16 bytes", b_addr_v4_with_v6_len},
	    {"IPv6 IFA_LOCAL of 4 bytes", b_addr_local_short},
	    {"IFA_CACHEINFO 12 bytes", b_addr_cacheinfo_short},
	    {"no address attribute", b_addr_none},
	    {"IPv4 prefix 33", b_addr_prefix_too_long},
	    {"ifa_index 0", b_addr_index_zero},
	    {"nla_len 2", b_nla_len_below_header},
	    {"nla_len past the end", b_nla_len_past_end},
	    {"2 trailing bytes", b_trailing_bytes},
	    {"IFLA_IFNAME without NUL", b_link_name_no_nul},
	    {"IFLA_IFNAME of 16 chars", b_link_name_too_long},
	    {"IFLA_OPERSTATE u32", b_link_operstate_u32},
	    {"ifi_index 0", b_link_index_zero},
	    {"RTA_OIF u64", b_route_oif_u64},
	    {"RTA_TABLE u8", b_route_table_u8},
	    {"RTA_PRIORITY u16", b_route_priority_u16},
	    {"IPv6 gateway of 4 bytes", b_route_v6_gw_v4_len},
	    {"IPv6 dst_len 129", b_route_dst_len_too_long},
	    {"RTA_OIF negative", b_route_oif_negative},
	    {"RTA_VIA without address", b_route_via_short},
	    {"rtnh_len past the nest", b_mp_rtnh_len_big},
	    {"rtnh_len below its header", b_mp_rtnh_len_small},
	    {"multipath shorter than rtnexthop", b_mp_short_entry},
	    {"second next hop bad gateway", b_mp_bad_gateway},
	    {"next-hop attribute past rtnh_len", b_mp_nested_overrun},
	    {"short nlmsgerr", b_error_short},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct msg m;
		struct nl_event ev;
		struct nlmsghdr *nlh = cases[i].build(&m);

		print_message("malformed: %s\n", cases[i].name);
		assert_int_equal(parse(nlh, &ev), -EINVAL);
	}
}

/* Valid messages, cut at every length: never a read past the cut (ASan), and -EINVAL
 * whenever the cut falls inside the header or inside an attribute. */
static struct nlmsghdr *b_full_addr(struct msg *m)
{
	struct nlmsghdr *nlh = addr_msg(m, RTM_NEWADDR, AF_INET6, 64, 0, 0, 4);

	put_ip(nlh, IFA_ADDRESS, AF_INET6, "2001:db8::1");
	put_ip(nlh, IFA_LOCAL, AF_INET6, "2001:db8::2");
	put_cacheinfo(nlh, 10, 20);
	mnl_attr_put_u32(nlh, IFA_FLAGS, 0x900);
	mnl_attr_put_strz(nlh, IFA_LABEL, "x"); /* unaligned payload: padding follows */
	return nlh;
}

static struct nlmsghdr *b_full_link(struct msg *m)
{
	struct nlmsghdr *nlh = link_msg(m, RTM_NEWLINK, AF_UNSPEC, 3, IFF_UP);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, "ppp0");
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, IF_OPER_UP);
	return nlh;
}

static struct nlmsghdr *b_full_route(struct msg *m)
{
	struct nlmsghdr *nlh = route_msg(m, RTM_NEWROUTE, AF_INET6, 0, RT_TABLE_MAIN, RTN_UNICAST);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 1024);
	nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	put_nexthop(nlh, 2, AF_INET6, "fe80::1");
	put_nexthop(nlh, 3, AF_INET6, "fe80::2");
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static void test_truncation(void **state)
{
	static const struct {
		build_fn build;
		size_t fixed; /* size of the family header */
	} cases[] = {
	    {b_full_addr, sizeof(struct ifaddrmsg)},
	    {b_full_link, sizeof(struct ifinfomsg)},
	    {b_full_route, sizeof(struct rtmsg)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct msg m;
		struct nl_event ev;
		struct nlmsghdr *nlh = cases[i].build(&m);
		uint32_t full = nlh->nlmsg_len;
		bool boundary[BUFSZ] = {false};
		size_t off = MNL_NLMSG_HDRLEN + MNL_ALIGN(cases[i].fixed);
		const struct nlattr *a;

		assert_int_equal(parse(nlh, &ev), 0);
		/* Where a cut leaves whole top-level attributes only. */
		mnl_attr_for_each(a, nlh, MNL_ALIGN(cases[i].fixed))
		{
			size_t at = (size_t)((const char *)a - (const char *)nlh);

			/* The end of its payload, or anywhere in the padding after it. */
			for (size_t k = at + a->nla_len; k <= at + MNL_ALIGN(a->nla_len); k++)
				boundary[k] = true;
			boundary[at] = true;
		}
		boundary[off] = true;
		for (uint32_t cut = 0; cut < full; cut++) {
			int ret;

			/* The buffer ends before nlmsg_len says. */
			assert_int_equal(parse_len(nlh, cut, &ev), -EINVAL);
			/* nlmsg_len itself says the shorter length. */
			nlh->nlmsg_len = cut;
			ret = parse_len(nlh, cut, &ev);
			if (cut < off || !boundary[cut])
				assert_int_equal(ret, -EINVAL);
			nlh->nlmsg_len = full;
		}
	}
}

/* The datagram walk: whole messages only, and no 2^31+ nlmsg_len (mnl_nlmsg_ok() takes it). */
static void test_parse_ok(void **state)
{
	static const struct {
		uint32_t nlmsg_len;
		int left;
		bool ok;
	} cases[] = {
	    {16, 16, true},  {20, 32, true},  {32, 20, false},		{15, 32, false},
	    {16, 15, false}, {16, -3, false}, {0xfffffff0u, 64, false}, {0x80000000u, 64, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct msg m;
		struct nlmsghdr *nlh = hdr(&m, NLMSG_NOOP, 0);
		struct nl_event ev;

		nlh->nlmsg_len = cases[i].nlmsg_len;
		assert_int_equal(nl_parse_ok(nlh, cases[i].left), cases[i].ok);
		if (cases[i].left >= 16)
			assert_int_equal(nl_parse_msg(nlh, (size_t)cases[i].left, &ev),
					 cases[i].ok ? 0 : -EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addr_v4_ptp_prefers_local),
	    cmocka_unit_test(test_addr_v4_address_only),
	    cmocka_unit_test(test_addr_v6_flags32_and_lifetimes),
	    cmocka_unit_test(test_addr_v6_small_flags),
	    cmocka_unit_test(test_addr_v6_peer_local),
	    cmocka_unit_test(test_addr_other_family_ignored),
	    cmocka_unit_test(test_unknown_attr_skipped),
	    cmocka_unit_test(test_link_new_and_del),
	    cmocka_unit_test(test_route_default_v4),
	    cmocka_unit_test(test_route_default_v6_no_gateway),
	    cmocka_unit_test(test_route_filtered),
	    cmocka_unit_test(test_route_multipath),
	    cmocka_unit_test(test_route_via_v6_gateway),
	    cmocka_unit_test(test_done_error_noop),
	    cmocka_unit_test(test_dump_intr_flag),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_parse_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
