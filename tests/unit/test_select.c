// SPDX-License-Identifier: MIT
/* Unit tests for netlink/select.c: classes, eligibility, choice and every address source. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "netlink/select.h"

#define FOREVER VIEW_LIFETIME_FOREVER
#define UP	(IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

static struct ipaddr ip(const char *s)
{
	struct ipaddr a;

	if (!ipaddr_parse(s, AF_UNSPEC, &a))
		fail_msg("bad test address %s", s);
	return a;
}

static void assert_contains(const char *hay, const char *needle, const char *what)
{
	if (needle && !strstr(hay, needle))
		fail_msg("%s: \"%s\" does not contain \"%s\"", what, hay, needle);
}

/* ---- classes ------------------------------------------------------------------------ */

static const struct {
	const char *addr;
	enum addr_class c;
} class_cases[] = {
    {"0.0.0.0", ADDR_UNSPECIFIED},
    {"0.255.255.255", ADDR_UNSPECIFIED},
    {"1.0.0.0", ADDR_PUBLIC},
    {"8.8.8.8", ADDR_PUBLIC},
    {"9.255.255.255", ADDR_PUBLIC},
    {"10.0.0.0", ADDR_PRIVATE},
    {"10.255.255.255", ADDR_PRIVATE},
    {"11.0.0.0", ADDR_PUBLIC},
    {"100.63.255.255", ADDR_PUBLIC},
    {"100.64.0.0", ADDR_CGNAT},
    {"100.100.1.1", ADDR_CGNAT},
    {"100.127.255.255", ADDR_CGNAT},
    {"100.128.0.0", ADDR_PUBLIC},
    {"126.255.255.255", ADDR_PUBLIC},
    {"127.0.0.0", ADDR_LOOPBACK},
    {"127.0.0.1", ADDR_LOOPBACK},
    {"127.255.255.255", ADDR_LOOPBACK},
    {"128.0.0.0", ADDR_PUBLIC},
    {"169.253.255.255", ADDR_PUBLIC},
    {"169.254.0.0", ADDR_LINK_LOCAL},
    {"169.254.255.255", ADDR_LINK_LOCAL},
    {"169.255.0.0", ADDR_PUBLIC},
    {"172.15.255.255", ADDR_PUBLIC},
    {"172.16.0.0", ADDR_PRIVATE},
    {"172.31.255.255", ADDR_PRIVATE},
    {"172.32.0.0", ADDR_PUBLIC},
    {"192.0.2.1", ADDR_PUBLIC},
    {"198.51.100.1", ADDR_PUBLIC},
    {"203.0.113.255", ADDR_PUBLIC},
    {"192.167.255.255", ADDR_PUBLIC},
    {"192.168.0.0", ADDR_PRIVATE},
    {"192.168.255.255", ADDR_PRIVATE},
    {"192.169.0.0", ADDR_PUBLIC},
    {"223.255.255.255", ADDR_PUBLIC},
    {"224.0.0.0", ADDR_UNSPECIFIED},
    {"239.255.255.255", ADDR_UNSPECIFIED},
    {"240.0.0.1", ADDR_UNSPECIFIED},
    {"255.255.255.255", ADDR_UNSPECIFIED},
    {"::", ADDR_UNSPECIFIED},
    {"::1", ADDR_LOOPBACK},
    {"::ffff:0:0", ADDR_V4_MAPPED},
    {"::ffff:1.2.3.4", ADDR_V4_MAPPED},
    {"::ffff:10.0.0.1", ADDR_V4_MAPPED},
    {"2001:db7:ffff:ffff::1", ADDR_PUBLIC},
    {"2001:db8::", ADDR_PUBLIC},
    {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_PUBLIC},
    {"2001:db9::1", ADDR_PUBLIC},
    {"2606:4700::1111", ADDR_PUBLIC},
    {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_PUBLIC},
    {"fc00::", ADDR_ULA},
    {"fd12:3456:789a::1", ADDR_ULA},
    {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_ULA},
    {"fe00::1", ADDR_PUBLIC},
    {"fe7f:ffff::1", ADDR_PUBLIC},
    {"fe80::", ADDR_LINK_LOCAL},
    {"fe80::1", ADDR_LINK_LOCAL},
    {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDR_LINK_LOCAL},
    {"fec0::1", ADDR_PUBLIC},
    {"ff00::", ADDR_UNSPECIFIED},
    {"ff02::1", ADDR_UNSPECIFIED},
};

static void test_classify(void **state)
{
	struct ipaddr none = {.family = AF_UNSPEC};

	(void)state;
	for (size_t i = 0; i < sizeof(class_cases) / sizeof(class_cases[0]); i++) {
		struct ipaddr a = ip(class_cases[i].addr);

		if (select_classify(&a) != class_cases[i].c)
			fail_msg("%s: class %d, want %d", class_cases[i].addr, select_classify(&a),
				 class_cases[i].c);
	}
	assert_int_equal(select_classify(&none), ADDR_UNSPECIFIED);
}

static void test_class_reason(void **state)
{
	static const struct {
		enum addr_class c;
		const char *words[2];
	} t[] = {
	    {ADDR_PUBLIC, {"public", NULL}},	     {ADDR_LOOPBACK, {"loopback", NULL}},
	    {ADDR_LINK_LOCAL, {"link-local", NULL}}, {ADDR_PRIVATE, {"private", "RFC 1918"}},
	    {ADDR_CGNAT, {"CGNAT", "inbound"}},	     {ADDR_ULA, {"ULA", "fc00::/7"}},
	    {ADDR_V4_MAPPED, {"IPv4-mapped", NULL}}, {ADDR_UNSPECIFIED, {"unicast", NULL}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (size_t j = 0; j < 2; j++)
			assert_contains(select_class_reason(t[i].c), t[i].words[j], "class reason");
	assert_contains(select_class_reason(ADDR_CGNAT), "100.64.0.0/10", "class reason");
}

/* ---- eligibility -------------------------------------------------------------------- */

static void test_eligible(void **state)
{
	static const struct {
		const char *addr;
		uint8_t scope;
		uint32_t flags;
		uint32_t preferred;
		bool allow_private;
		bool ok;
		const char *why[2];
	} t[] = {
	    {"203.0.113.1", RT_SCOPE_UNIVERSE, IFA_F_PERMANENT, FOREVER, false, true, {}},
	    {"203.0.113.2",
	     RT_SCOPE_UNIVERSE,
	     IFA_F_SECONDARY,
	     FOREVER,
	     false,
	     false,
	     {"203.0.113.2", "secondary"}},
	    {"203.0.113.3", RT_SCOPE_LINK, 0, FOREVER, false, false, {"link scope"}},
	    {"203.0.113.4", RT_SCOPE_HOST, 0, FOREVER, true, false, {"host scope"}},
	    {"192.0.2.5", RT_SCOPE_UNIVERSE, 0, 100, false, true, {}},
	    {"10.0.0.1",
	     RT_SCOPE_UNIVERSE,
	     0,
	     FOREVER,
	     false,
	     false,
	     {"RFC 1918", "allow-private"}},
	    {"10.0.0.1", RT_SCOPE_UNIVERSE, 0, FOREVER, true, true, {}},
	    {"100.64.0.1", RT_SCOPE_UNIVERSE, 0, FOREVER, false, false, {"CGNAT", "inbound"}},
	    {"127.0.0.1", RT_SCOPE_UNIVERSE, 0, FOREVER, false, false, {"loopback"}},
	    {"169.254.1.1", RT_SCOPE_UNIVERSE, 0, FOREVER, false, false, {"link-local"}},
	    {"0.0.0.0", RT_SCOPE_UNIVERSE, 0, FOREVER, true, false, {"unicast"}},
	    {"224.0.0.1", RT_SCOPE_UNIVERSE, 0, FOREVER, true, false, {"unicast"}},
	    {"2001:db8::1", RT_SCOPE_UNIVERSE, IFA_F_PERMANENT, FOREVER, false, true, {}},
	    {"2001:db8::7", RT_SCOPE_UNIVERSE, IFA_F_MANAGETEMPADDR, 100, false, true, {}},
	    {"2001:db8::2",
	     RT_SCOPE_UNIVERSE,
	     IFA_F_TENTATIVE,
	     FOREVER,
	     false,
	     false,
	     {"2001:db8::2 is tentative", "duplicate address detection"}},
	    {"2001:db8::3",
	     RT_SCOPE_UNIVERSE,
	     IFA_F_DADFAILED | IFA_F_TENTATIVE,
	     FOREVER,
	     false,
	     false,
	     {"failed duplicate address detection"}},
	    {"2001:db8::4", RT_SCOPE_UNIVERSE, IFA_F_DEPRECATED, 0, false, false, {"deprecated"}},
	    {"2001:db8::44", RT_SCOPE_UNIVERSE, IFA_F_DEPRECATED, 50, false, false, {"deprecated"}},
	    /* The kernel's first word of a deprecation: preferred 0 and no flag. */
	    {"2001:db8::5", RT_SCOPE_UNIVERSE, 0, 0, false, false, {"deprecated"}},
	    {"2001:db8::6", RT_SCOPE_UNIVERSE, IFA_F_TEMPORARY, 100, false, false, {"temporary"}},
	    {"2001:db8::8", RT_SCOPE_SITE, 0, FOREVER, false, false, {"site scope"}},
	    {"fe80::1", RT_SCOPE_LINK, IFA_F_PERMANENT, FOREVER, true, false, {"link scope"}},
	    {"fe80::2", RT_SCOPE_UNIVERSE, 0, FOREVER, false, false, {"link-local"}},
	    {"fd00::1", RT_SCOPE_UNIVERSE, 0, FOREVER, false, false, {"ULA"}},
	    {"fd00::1", RT_SCOPE_UNIVERSE, 0, FOREVER, true, true, {}},
	    {"::ffff:1.2.3.4", RT_SCOPE_UNIVERSE, 0, FOREVER, false, false, {"IPv4-mapped"}},
	    {"ff02::1", RT_SCOPE_UNIVERSE, 0, FOREVER, true, false, {"unicast"}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct view_addr a = {
		    .ifindex = 2,
		    .addr = ip(t[i].addr),
		    .prefixlen = 64,
		    .scope = t[i].scope,
		    .flags = t[i].flags,
		    .preferred = t[i].preferred,
		    .valid = FOREVER,
		    .seq = 1,
		};
		char why[200] = "";
		bool ok = select_eligible(&a, t[i].allow_private, why, sizeof(why));

		if (ok != t[i].ok)
			fail_msg("case %zu (%s): eligible %d, want %d (%s)", i, t[i].addr, ok,
				 t[i].ok, why);
		for (size_t j = 0; !ok && j < 2; j++)
			assert_contains(why, t[i].why[j], t[i].addr);
	}
}

/* ---- a hand-built view -------------------------------------------------------------- */

enum { LO = 1, ETH0 = 2, PPP0 = 3, LAN0 = 4, DOWN0 = 5, NOCARRIER0 = 6 };

static struct view_link links[] = {
    {.ifindex = LO, .name = "lo", .flags = UP | IFF_LOOPBACK, .operstate = IF_OPER_UNKNOWN},
    {.ifindex = ETH0, .name = "eth0", .flags = UP, .operstate = IF_OPER_UP},
    {.ifindex = PPP0, .name = "ppp0", .flags = UP | IFF_POINTOPOINT, .operstate = IF_OPER_UNKNOWN},
    {.ifindex = LAN0, .name = "lan0", .flags = UP, .operstate = IF_OPER_UP},
    {.ifindex = DOWN0, .name = "down0", .flags = 0, .operstate = IF_OPER_DOWN},
    {.ifindex = NOCARRIER0, .name = "nocarrier0", .flags = IFF_UP, .operstate = IF_OPER_DOWN},
};

struct a_spec {
	int ifindex;
	const char *ip; /* NULL ends the list */
	uint32_t flags;
	uint32_t preferred; /* 0 here means FOREVER; deprecation is tested with select_eligible */
	uint8_t scope;
};

#define A(ifi, s)                                                                                  \
	{                                                                                          \
		ifi, s, 0, 0, RT_SCOPE_UNIVERSE                                                    \
	}
#define AX(ifi, s, fl, pref)                                                                       \
	{                                                                                          \
		ifi, s, fl, pref, RT_SCOPE_UNIVERSE                                                \
	}
#define AS(ifi, s, fl, pref, sc)                                                                   \
	{                                                                                          \
		ifi, s, fl, pref, sc                                                               \
	}

struct r_spec {
	int family; /* 0 ends the list */
	int ifindex;
	uint32_t metric;
};

#define MAXA 8
#define MAXR 4

struct world {
	struct view v;
	struct view_addr addrs[MAXA];
	struct view_route routes[MAXR];
};

static void build(struct world *w, const struct a_spec *as, const struct r_spec *rs)
{
	memset(w, 0, sizeof(*w));
	w->v.links = links;
	w->v.n_links = w->v.cap_links = sizeof(links) / sizeof(links[0]);
	for (size_t i = 0; i < MAXA && as[i].ip; i++) {
		struct view_addr *a = &w->addrs[i];

		a->ifindex = as[i].ifindex;
		a->addr = ip(as[i].ip);
		a->prefixlen = a->addr.family == AF_INET ? 24 : 64;
		a->scope = as[i].scope;
		a->flags = as[i].flags;
		a->preferred = as[i].preferred ? as[i].preferred : FOREVER;
		a->valid = a->preferred == FOREVER ? FOREVER : a->preferred + 30;
		a->seq = i + 1; /* view order: later entries are newer */
		w->v.n_addrs++;
	}
	for (size_t i = 0; i < MAXR && rs[i].family; i++) {
		struct view_route *r = &w->routes[i];

		r->family = rs[i].family;
		r->ifindex = rs[i].ifindex;
		r->metric = rs[i].metric;
		r->table = RT_TABLE_MAIN;
		r->dst_len = 0;
		r->type = RTN_UNICAST;
		r->gateway.family = AF_UNSPEC;
		w->v.n_routes++;
	}
	w->v.addrs = w->addrs;
	w->v.cap_addrs = MAXA;
	w->v.routes = w->routes;
	w->v.cap_routes = MAXR;
	w->v.next_seq = w->v.n_addrs + 1;
}

/* ---- the choice among several addresses of one interface ---------------------------- */

static void test_choice(void **state)
{
	static const struct {
		const char *name;
		enum fam fam;
		bool allow_private;
		struct a_spec addrs[MAXA];
		const char *want;
	} t[] = {
	    {"stable beats a newer temporary with a longer lifetime",
	     FAM_V6,
	     false,
	     {AX(LAN0, "2001:db8:1::10", IFA_F_MANAGETEMPADDR, 100),
	      AX(LAN0, "2001:db8:1::99", IFA_F_TEMPORARY, 500)},
	     "2001:db8:1::10"},
	    {"DHCPv6-PD change: the new prefix has the longer lifetime",
	     FAM_V6,
	     false,
	     {AX(LAN0, "2001:db8:100::1", 0, 56), AX(LAN0, "2001:db8:200::1", 0, 60)},
	     "2001:db8:200::1"},
	    {"longer lifetime wins over newer",
	     FAM_V6,
	     false,
	     {AX(LAN0, "2001:db8:1::1", 0, 3000), AX(LAN0, "2001:db8:2::1", 0, 60)},
	     "2001:db8:1::1"},
	    {"permanent (forever) beats a finite lifetime",
	     FAM_V6,
	     false,
	     {AX(LAN0, "2001:db8:2::1", 0, 4000000), AX(LAN0, "2001:db8:1::1", IFA_F_PERMANENT, 0)},
	     "2001:db8:1::1"},
	    {"equal lifetimes: the newer wins",
	     FAM_V6,
	     false,
	     {AX(LAN0, "2001:db8:1::1", 0, 60), AX(LAN0, "2001:db8:2::1", 0, 60)},
	     "2001:db8:2::1"},
	    {"tentative and link-local are skipped",
	     FAM_V6,
	     false,
	     {AS(LAN0, "fe80::1", IFA_F_PERMANENT, 0, RT_SCOPE_LINK),
	      AX(LAN0, "2001:db8:1::1", 0, 60), AX(LAN0, "2001:db8:2::1", IFA_F_TENTATIVE, 3000)},
	     "2001:db8:1::1"},
	    {"public beats ULA even with allow-private",
	     FAM_V6,
	     true,
	     {AX(LAN0, "fd00::1", IFA_F_PERMANENT, 0), AX(LAN0, "2001:db8::1", 0, 60)},
	     "2001:db8::1"},
	    {"other interfaces and families do not count",
	     FAM_V6,
	     false,
	     {AX(ETH0, "2001:db8:9::1", IFA_F_PERMANENT, 0), A(LAN0, "192.0.2.1"),
	      AX(LAN0, "2001:db8:1::1", 0, 60)},
	     "2001:db8:1::1"},
	    {"IPv4: the first primary in view order",
	     FAM_V4,
	     false,
	     {AX(LAN0, "192.0.2.1", IFA_F_SECONDARY, 0), A(LAN0, "198.51.100.1"),
	      A(LAN0, "203.0.113.1")},
	     "198.51.100.1"},
	    {"IPv4: public beats an earlier private with allow-private",
	     FAM_V4,
	     true,
	     {A(LAN0, "10.0.0.1"), A(LAN0, "203.0.113.1")},
	     "203.0.113.1"},
	};
	static const struct r_spec no_routes[] = {{0}};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cfg_source src = {
		    .kind = CFG_SRC_INTERFACE, .ifnames = {"lan0"}, .n_ifs = 1};
		struct world w;
		struct select_in in = {
		    .src = &src, .fam = t[i].fam, .allow_private = t[i].allow_private};
		struct select_out out;
		struct ipaddr want = ip(t[i].want);

		build(&w, t[i].addrs, no_routes);
		in.view = &w.v;
		select_address(&in, &out);
		if (!out.found || !ipaddr_equal(&out.addr, &want)) {
			char buf[IPADDR_STRLEN];

			fail_msg("%s: got %s (%s), want %s", t[i].name, ipaddr_ntop(&out.addr, buf),
				 out.reason, t[i].want);
		}
	}
}

/* ---- every source ------------------------------------------------------------------- */

enum web_state { WEB_NONE, WEB_PENDING, WEB_OK, WEB_FAILED };

#define WEB_URL	      "https://user:pw@ip.example.net/plain?key=s3cret#x"
#define WEB_URL_SHOWN "https://ip.example.net/plain"

struct src_case {
	const char *name;
	struct a_spec addrs[MAXA];
	struct r_spec routes[MAXR];
	enum cfg_src_kind kind;
	const char *ifs[4]; /* interface:… */
	const char *fixed;
	enum fam fam;
	bool allow_private;
	const char *suffix;
	enum web_state web;
	const char *web_addr;
	/* expected */
	bool found;
	const char *addr;
	const char *source; /* exact */
	const char *reason[3];
	bool wants_web;
	int web_failed; /* 1: must be set, -1: must be clear, 0: not checked */
};

#define R4(ifi, m)                                                                                 \
	{                                                                                          \
		AF_INET, ifi, m                                                                    \
	}
#define R6(ifi, m)                                                                                 \
	{                                                                                          \
		AF_INET6, ifi, m                                                                   \
	}

static const struct src_case src_cases[] = {
    {.name = "off",
     .addrs = {A(ETH0, "203.0.113.1")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_OFF,
     .reason = {"ipv4 is not managed (off)"},
     .source = "off"},
    {.name = "fixed public",
     .kind = CFG_SRC_FIXED,
     .fixed = "203.0.113.7",
     .found = true,
     .addr = "203.0.113.7",
     .source = "fixed",
     .reason = {"fixed in the configuration"}},
    {.name = "fixed private refused",
     .kind = CFG_SRC_FIXED,
     .fixed = "10.1.2.3",
     .source = "fixed",
     .reason = {"10.1.2.3", "RFC 1918", "allow-private"}},
    {.name = "fixed private allowed",
     .kind = CFG_SRC_FIXED,
     .fixed = "10.1.2.3",
     .allow_private = true,
     .found = true,
     .addr = "10.1.2.3",
     .source = "fixed"},
    {.name = "fixed CGNAT refused",
     .kind = CFG_SRC_FIXED,
     .fixed = "100.64.1.1",
     .source = "fixed",
     .reason = {"CGNAT", "inbound"}},
    {.name = "fixed of the other family",
     .kind = CFG_SRC_FIXED,
     .fixed = "2001:db8::1",
     .source = "fixed",
     .reason = {"not an IPv4 address"},
     .web_failed = -1},
    {.name = "fixed IPv6 with suffix",
     .kind = CFG_SRC_FIXED,
     .fixed = "2001:db8:5:6::1",
     .fam = FAM_V6,
     .suffix = "::1234",
     .found = true,
     .addr = "2001:db8:5:6::1234",
     .source = "fixed",
     .reason = {"fixed in the configuration", "with suffix ::1234"}},
    {.name = "interface: the first one",
     .addrs = {A(ETH0, "198.51.100.2"), A(PPP0, "203.0.113.9")},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"eth0", "ppp0"},
     .found = true,
     .addr = "198.51.100.2",
     .source = "interface:eth0",
     .reason = {"eth0", "first"}},
    {.name = "interface: priority is the listed order",
     .addrs = {A(ETH0, "198.51.100.2"), A(PPP0, "203.0.113.9")},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"ppp0", "eth0"},
     .found = true,
     .addr = "203.0.113.9",
     .source = "interface:ppp0"},
    {.name = "interface: failover past a missing and a private one",
     .addrs = {A(ETH0, "10.0.0.1"), A(PPP0, "203.0.113.9")},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"wan0", "eth0", "ppp0"},
     .found = true,
     .addr = "203.0.113.9",
     .source = "interface:ppp0",
     .reason = {"failover to ppp0", "wan0 does not exist",
		"eth0 has no eligible IPv4 address (10.0.0.1 is a private RFC 1918"}},
    {.name = "interface: failover past a link that is down or without carrier",
     .addrs = {A(DOWN0, "198.51.100.7"), A(NOCARRIER0, "198.51.100.8"), A(ETH0, "198.51.100.2")},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"down0", "nocarrier0", "eth0"},
     .found = true,
     .addr = "198.51.100.2",
     .source = "interface:eth0",
     .reason = {"failover to eth0", "down0 is down", "nocarrier0 has no carrier"}},
    {.name = "interface: IPv6 failover past a tentative address",
     .addrs = {AX(ETH0, "2001:db8::5", IFA_F_TENTATIVE, 0), A(PPP0, "2001:db8:9::1")},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"eth0", "ppp0"},
     .fam = FAM_V6,
     .found = true,
     .addr = "2001:db8:9::1",
     .source = "interface:ppp0",
     .reason = {"failover", "2001:db8::5 is tentative"}},
    {.name = "interface: none has one",
     .addrs = {A(ETH0, "2001:db8::1"), AX(PPP0, "203.0.113.9", IFA_F_SECONDARY, 0)},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"wan0", "eth0", "ppp0"},
     .source = "interface:wan0,eth0,ppp0",
     .reason = {"wan0 does not exist", "eth0 has no IPv4 address",
		"ppp0 has no eligible IPv4 address (203.0.113.9 is a secondary"}},
    {.name = "interface: suffix applied",
     .addrs = {AX(LAN0, "2001:db8:100:7::1", 0, 60)},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"lan0"},
     .fam = FAM_V6,
     .suffix = "::1234",
     .found = true,
     .addr = "2001:db8:100:7::1234",
     .source = "interface:lan0",
     .reason = {"with suffix ::1234"}},
    {.name = "interface: suffix with a full host part",
     .addrs = {AX(LAN0, "2001:db8:100:7:1:2:3:4", 0, 60)},
     .kind = CFG_SRC_INTERFACE,
     .ifs = {"lan0"},
     .fam = FAM_V6,
     .suffix = "::a:b:c:d",
     .found = true,
     .addr = "2001:db8:100:7:a:b:c:d",
     .source = "interface:lan0"},
    {.name = "suffix that leaves no unicast address is refused",
     .kind = CFG_SRC_FIXED,
     .fixed = "::ffff:1.2.3.4",
     .fam = FAM_V6,
     .allow_private = true,
     .suffix = "::",
     .source = "fixed",
     .reason = {"with suffix ::", "refused", "unicast"}},
    {.name = "web: pending",
     .kind = CFG_SRC_WEB,
     .web = WEB_PENDING,
     .source = "web",
     .reason = {"waiting for the web lookup"},
     .wants_web = true},
    {.name = "web: never asked",
     .kind = CFG_SRC_WEB,
     .web = WEB_NONE,
     .source = "web",
     .reason = {"waiting"},
     .wants_web = true},
    {.name = "web: answered (credentials and query kept out of the text)",
     .kind = CFG_SRC_WEB,
     .web = WEB_OK,
     .web_addr = "203.0.113.50",
     .found = true,
     .addr = "203.0.113.50",
     .source = "web:" WEB_URL_SHOWN,
     .reason = {"asked the web: " WEB_URL_SHOWN}},
    {.name = "web: a private answer is refused",
     .kind = CFG_SRC_WEB,
     .web = WEB_OK,
     .web_addr = "10.9.8.7",
     .source = "web:" WEB_URL_SHOWN,
     .reason = {"10.9.8.7", "RFC 1918"}},
    {.name = "web: a CGNAT answer is refused",
     .kind = CFG_SRC_WEB,
     .web = WEB_OK,
     .web_addr = "100.100.0.1",
     .source = "web:" WEB_URL_SHOWN,
     .reason = {"CGNAT", "inbound"}},
    {.name = "web: an answer of the other family is refused",
     .kind = CFG_SRC_WEB,
     .web = WEB_OK,
     .web_addr = "2001:db8::1",
     .source = "web:" WEB_URL_SHOWN,
     .reason = {"not an IPv4 address"},
     .web_failed = 1},
    {.name = "web: failed",
     .kind = CFG_SRC_WEB,
     .web = WEB_FAILED,
     .source = "web:" WEB_URL_SHOWN,
     .reason = {"web lookup failed", "HTTP 503"},
     .web_failed = 1},
    {.name = "auto: public address on the route's interface",
     .addrs = {A(ETH0, "198.51.100.2")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .web = WEB_OK,
     .web_addr = "203.0.113.50",
     .found = true,
     .addr = "198.51.100.2",
     .source = "auto:eth0",
     .reason = {"public address on eth0", "default route"},
     .web_failed = -1},
    {.name = "auto: behind NAT asks the web",
     .addrs = {A(ETH0, "192.168.1.2")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .web = WEB_PENDING,
     .source = "auto:web",
     .reason = {"eth0 has only 192.168.1.2", "RFC 1918", "waiting"},
     .wants_web = true},
    {.name = "auto: behind NAT with the web answer",
     .addrs = {A(ETH0, "192.168.1.2")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .web = WEB_OK,
     .web_addr = "203.0.113.50",
     .found = true,
     .addr = "203.0.113.50",
     .source = "auto:web:" WEB_URL_SHOWN,
     .reason = {"eth0 has only 192.168.1.2", "RFC 1918", "asked the web"},
     .web_failed = -1},
    {.name = "auto: behind CGNAT",
     .addrs = {A(ETH0, "100.64.0.5")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .source = "auto:web",
     .reason = {"100.64.0.5", "CGNAT", "inbound"},
     .wants_web = true},
    {.name = "auto: behind NAT, the web failed",
     .addrs = {A(ETH0, "192.168.1.2")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .web = WEB_FAILED,
     .source = "auto:web:" WEB_URL_SHOWN,
     .reason = {"eth0 has only 192.168.1.2", "HTTP 503"},
     .web_failed = 1},
    {.name = "auto: behind NAT, the web answers a private address",
     .addrs = {A(ETH0, "192.168.1.2")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .web = WEB_OK,
     .web_addr = "172.20.0.1",
     .source = "auto:web:" WEB_URL_SHOWN,
     .reason = {"172.20.0.1 is a private RFC 1918"},
     .web_failed = 1},
    {.name = "auto: allow-private publishes the private address",
     .addrs = {A(ETH0, "192.168.1.2")},
     .routes = {R4(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .allow_private = true,
     .found = true,
     .addr = "192.168.1.2",
     .source = "auto:eth0",
     .reason = {"allow-private"}},
    {.name = "auto: no default route, no web either",
     .addrs = {A(ETH0, "198.51.100.2")},
     .routes = {R6(ETH0, 100)},
     .kind = CFG_SRC_AUTO,
     .web = WEB_OK,
     .web_addr = "203.0.113.50",
     .source = "auto",
     .reason = {"no default IPv4 route"},
     .web_failed = -1},
    {.name = "auto: the lower metric route wins",
     .addrs = {A(ETH0, "198.51.100.2"), A(PPP0, "203.0.113.9")},
     .routes = {R4(ETH0, 200), R4(PPP0, 50)},
     .kind = CFG_SRC_AUTO,
     .found = true,
     .addr = "203.0.113.9",
     .source = "auto:ppp0"},
    {.name = "auto: IPv6 public beats ULA",
     .addrs = {A(ETH0, "fd00::2"), AX(ETH0, "2001:db8::2", IFA_F_MANAGETEMPADDR, 3000)},
     .routes = {R4(PPP0, 10), R6(ETH0, 1024)},
     .kind = CFG_SRC_AUTO,
     .fam = FAM_V6,
     .found = true,
     .addr = "2001:db8::2",
     .source = "auto:eth0"},
    {.name = "auto: IPv6 only link-local on the WAN asks the web",
     .addrs = {AS(ETH0, "fe80::2", IFA_F_PERMANENT, 0, RT_SCOPE_LINK), A(LAN0, "2001:db8::1")},
     .routes = {R6(ETH0, 1024)},
     .kind = CFG_SRC_AUTO,
     .fam = FAM_V6,
     .web = WEB_OK,
     .web_addr = "2001:db8::1",
     .suffix = "::1234",
     .found = true,
     .addr = "2001:db8::1234",
     .source = "auto:web:" WEB_URL_SHOWN,
     .reason = {"eth0 has no eligible IPv6 address", "link scope", "with suffix ::1234"}},
    {.name = "auto: no address at all on the route's interface",
     .routes = {R4(PPP0, 10)},
     .kind = CFG_SRC_AUTO,
     .source = "auto:web",
     .reason = {"ppp0 has no IPv4 address"},
     .wants_web = true},
};

static void fill_web(struct web_answer *w, const struct src_case *c)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->url, sizeof(w->url), "%s", WEB_URL);
	w->done = c->web == WEB_OK || c->web == WEB_FAILED;
	w->ok = c->web == WEB_OK;
	if (w->ok)
		w->addr = ip(c->web_addr);
	else
		snprintf(w->error, sizeof(w->error), "https://ip.example.net/plain: HTTP 503");
}

static void run_case(const struct src_case *c)
{
	struct world w;
	struct cfg_source src = {.kind = c->kind};
	struct web_answer web;
	struct in6_addr suffix;
	struct select_in in = {.src = &src, .fam = c->fam, .allow_private = c->allow_private};
	struct select_out out;
	char buf[IPADDR_STRLEN];

	build(&w, c->addrs, c->routes);
	in.view = &w.v;
	for (size_t i = 0; i < 4 && c->ifs[i]; i++)
		snprintf(src.ifnames[src.n_ifs++], IFNAMSIZ, "%s", c->ifs[i]);
	if (c->fixed)
		src.fixed = ip(c->fixed);
	if (c->web != WEB_NONE) {
		fill_web(&web, c);
		in.web = &web;
	}
	if (c->suffix) {
		assert_int_equal(inet_pton(AF_INET6, c->suffix, &suffix), 1);
		in.suffix = &suffix;
	}
	/* Garbage in out must not leak into the result. */
	memset(&out, 0x5a, sizeof(out));
	select_address(&in, &out);
	if (out.found != c->found)
		fail_msg("%s: found %d (%s), want %d", c->name, out.found, out.reason, c->found);
	if (c->found) {
		struct ipaddr want = ip(c->addr);

		if (!ipaddr_equal(&out.addr, &want))
			fail_msg("%s: got %s, want %s", c->name, ipaddr_ntop(&out.addr, buf),
				 c->addr);
	} else {
		assert_int_equal(out.addr.family, AF_UNSPEC);
	}
	if (strcmp(out.source, c->source) != 0)
		fail_msg("%s: source \"%s\", want \"%s\"", c->name, out.source, c->source);
	for (size_t i = 0; i < 3; i++)
		assert_contains(out.reason, c->reason[i], c->name);
	if (out.wants_web != c->wants_web)
		fail_msg("%s: wants_web %d, want %d", c->name, out.wants_web, c->wants_web);
	if (c->web_failed && out.web_failed != (c->web_failed > 0))
		fail_msg("%s: web_failed %d, want %d", c->name, out.web_failed, c->web_failed > 0);
	/* Nothing that could hold a secret reaches the text. */
	assert_null(strstr(out.source, "s3cret"));
	assert_null(strstr(out.reason, "s3cret"));
	assert_null(strstr(out.reason, "pw@"));
	assert_true(out.reason[0] != '\0');
}

static void test_sources(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(src_cases) / sizeof(src_cases[0]); i++)
		run_case(&src_cases[i]);
}

/* ---- patience: waiting for DAD and across a gap -------------------------------------- */

struct wait_case {
	const char *name;
	struct a_spec addrs[MAXA];
	struct r_spec routes[MAXR];
	enum cfg_src_kind kind;
	const char *ifs[3];
	enum fam fam;
	int held;
	bool patient;
	/* expected */
	enum select_wait wait;
	int wait_ifindex;
	const char *addr; /* NULL: nothing found */
	int from;	  /* from_ifindex */
	bool wants_web;
	const char *reason;
};

#define TENT   IFA_F_TENTATIVE
#define FAILED (IFA_F_TENTATIVE | IFA_F_DADFAILED)
#define WAN_LAN                                                                                    \
	{                                                                                          \
		"eth0", "lan0"                                                                     \
	}

static const struct wait_case wait_cases[] = {
    {"tentative first interface: wait for DAD",
     {AX(ETH0, "2001:db8:1::7", TENT, 0), A(LAN0, "2001:db8:2::1")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     ETH0,
     true,
     SELECT_WAIT_DAD,
     ETH0,
     NULL,
     0,
     false,
     "waiting for eth0: its IPv6 address is tentative"},
    {"tentative, DAD wait over: the next interface",
     {AX(ETH0, "2001:db8:1::7", TENT, 0), A(LAN0, "2001:db8:2::1")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     ETH0,
     false,
     SELECT_WAIT_NONE,
     0,
     "2001:db8:2::1",
     LAN0,
     false,
     "failover to lan0"},
    {"DAD needs no memory: a tentative address is waited for at start",
     {AX(ETH0, "2001:db8:1::7", TENT, 0), A(LAN0, "2001:db8:2::1")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     0,
     true,
     SELECT_WAIT_DAD,
     ETH0,
     NULL,
     0,
     false,
     "tentative"},
    {"DAD failed: the next interface at once",
     {AX(ETH0, "2001:db8:1::7", FAILED, 0), A(LAN0, "2001:db8:2::1")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     ETH0,
     true,
     SELECT_WAIT_NONE,
     0,
     "2001:db8:2::1",
     LAN0,
     false,
     "failed duplicate address detection"},
    {"a failed and a tentative address: wait for the tentative one",
     {AX(ETH0, "2001:db8:1::7", FAILED, 0), AX(ETH0, "2001:db8:1::8", TENT, 0),
      A(LAN0, "2001:db8:2::1")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     ETH0,
     true,
     SELECT_WAIT_DAD,
     ETH0,
     NULL,
     0,
     false,
     "tentative"},
    {"an eligible address beside a tentative one is used",
     {AX(ETH0, "2001:db8:1::7", 0, 60), AX(ETH0, "2001:db8:3::7", TENT, 0)},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     ETH0,
     true,
     SELECT_WAIT_NONE,
     0,
     "2001:db8:1::7",
     ETH0,
     false,
     "first listed"},
    {"a tentative temporary address is no reason to wait",
     {AX(ETH0, "2001:db8:1::99", TENT | IFA_F_TEMPORARY, 0), A(LAN0, "2001:db8:2::1")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V6,
     0,
     true,
     SELECT_WAIT_NONE,
     0,
     "2001:db8:2::1",
     LAN0,
     false,
     "failover to lan0"},
    {"lease change: the held interface with carrier lost its address",
     {A(LAN0, "192.0.2.9")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V4,
     ETH0,
     true,
     SELECT_WAIT_GAP,
     ETH0,
     NULL,
     0,
     false,
     "eth0: it still has carrier but lost its IPv4"},
    {"lease change, wait over: failover",
     {A(LAN0, "192.0.2.9")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V4,
     ETH0,
     false,
     SELECT_WAIT_NONE,
     0,
     "192.0.2.9",
     LAN0,
     false,
     "failover to lan0"},
    {"an interface that held nothing is not waited for",
     {A(LAN0, "192.0.2.9")},
     {{0}},
     CFG_SRC_INTERFACE,
     WAN_LAN,
     FAM_V4,
     LAN0,
     true,
     SELECT_WAIT_NONE,
     0,
     "192.0.2.9",
     LAN0,
     false,
     "failover to lan0"},
    {"carrier loss moves at once",
     {A(NOCARRIER0, "198.51.100.7"), A(LAN0, "192.0.2.9")},
     {{0}},
     CFG_SRC_INTERFACE,
     {"nocarrier0", "lan0"},
     FAM_V4,
     NOCARRIER0,
     true,
     SELECT_WAIT_NONE,
     0,
     "192.0.2.9",
     LAN0,
     false,
     "nocarrier0 has no carrier"},
    {"a link that went away moves at once",
     {A(LAN0, "192.0.2.9")},
     {{0}},
     CFG_SRC_INTERFACE,
     {"gone0", "lan0"},
     FAM_V4,
     42,
     true,
     SELECT_WAIT_NONE,
     0,
     "192.0.2.9",
     LAN0,
     false,
     "gone0 does not exist"},
    {"SLAAC renumbering: only a deprecated address on the held link",
     {AX(ETH0, "2001:db8:1::7", IFA_F_DEPRECATED, 0)},
     {R6(ETH0, 1024)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V6,
     ETH0,
     true,
     SELECT_WAIT_GAP,
     ETH0,
     NULL,
     0,
     false,
     "lost its IPv6 address"},
    {"auto in a lease change: no web lookup while waiting",
     {{0}},
     {R4(ETH0, 0)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V4,
     ETH0,
     true,
     SELECT_WAIT_GAP,
     ETH0,
     NULL,
     0,
     false,
     "waiting for eth0"},
    {"auto, wait over: the web",
     {{0}},
     {R4(ETH0, 0)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V4,
     ETH0,
     false,
     SELECT_WAIT_NONE,
     0,
     NULL,
     0,
     true,
     "waiting for the web lookup"},
    {"auto with a tentative address: wait for DAD, not the web",
     {AX(ETH0, "2001:db8:1::7", TENT, 0)},
     {R6(ETH0, 1024)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V6,
     0,
     true,
     SELECT_WAIT_DAD,
     ETH0,
     NULL,
     0,
     false,
     "tentative"},
    {"auto behind NAT: a private address is no gap",
     {A(ETH0, "10.0.0.2")},
     {R4(ETH0, 0)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V4,
     ETH0,
     true,
     SELECT_WAIT_NONE,
     0,
     NULL,
     ETH0,
     true,
     "has only 10.0.0.2"},
    {"auto on a link without carrier: the web at once",
     {{0}},
     {R4(NOCARRIER0, 0)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V4,
     NOCARRIER0,
     true,
     SELECT_WAIT_NONE,
     0,
     NULL,
     0,
     true,
     "waiting for the web lookup"},
    {"auto public address: found, from its interface",
     {A(ETH0, "198.51.100.7")},
     {R4(ETH0, 0)},
     CFG_SRC_AUTO,
     {NULL},
     FAM_V4,
     0,
     true,
     SELECT_WAIT_NONE,
     0,
     "198.51.100.7",
     ETH0,
     false,
     "public address on eth0"},
};

static void test_wait(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(wait_cases) / sizeof(wait_cases[0]); i++) {
		const struct wait_case *c = &wait_cases[i];
		struct cfg_source src = {.kind = c->kind};
		struct select_in in = {
		    .src = &src, .fam = c->fam, .patient = c->patient, .held_ifindex = c->held};
		struct select_out out;
		struct world w;
		char buf[IPADDR_STRLEN];

		build(&w, c->addrs, c->routes);
		in.view = &w.v;
		for (size_t j = 0; j < 3 && c->ifs[j]; j++)
			snprintf(src.ifnames[src.n_ifs++], IFNAMSIZ, "%s", c->ifs[j]);
		select_address(&in, &out);
		if (out.wait != c->wait || out.wait_ifindex != c->wait_ifindex)
			fail_msg("%s: wait %d on %d (%s), want %d on %d", c->name, out.wait,
				 out.wait_ifindex, out.reason, c->wait, c->wait_ifindex);
		if (out.found != (c->addr != NULL))
			fail_msg("%s: found %d (%s)", c->name, out.found, out.reason);
		if (c->addr) {
			struct ipaddr want = ip(c->addr);

			if (!ipaddr_equal(&out.addr, &want))
				fail_msg("%s: got %s", c->name, ipaddr_ntop(&out.addr, buf));
		}
		if (out.from_ifindex != c->from)
			fail_msg("%s: from_ifindex %d, want %d", c->name, out.from_ifindex,
				 c->from);
		if (out.wants_web != c->wants_web)
			fail_msg("%s: wants_web %d (%s)", c->name, out.wants_web, out.reason);
		assert_contains(out.reason, c->reason, c->name);
	}
}

static void test_wait_for(void **state)
{
	static const struct a_spec as[] = {AX(ETH0, "2001:db8:1::7", TENT, 0),
					   AX(LAN0, "fd00::1", TENT, 0),
					   AS(PPP0, "fe80::1", TENT, 0, RT_SCOPE_LINK),
					   A(PPP0, "198.51.100.7"),
					   {0}};
	static const struct r_spec rs[] = {{0}};
	struct world w;

	(void)state;
	build(&w, as, rs);
	assert_int_equal(select_wait_for(&w.v, ETH0, AF_INET6, false, 0), SELECT_WAIT_DAD);
	/* A ULA is waited for only where it could be published. */
	assert_int_equal(select_wait_for(&w.v, LAN0, AF_INET6, false, 0), SELECT_WAIT_NONE);
	assert_int_equal(select_wait_for(&w.v, LAN0, AF_INET6, true, 0), SELECT_WAIT_DAD);
	assert_int_equal(select_wait_for(&w.v, LAN0, AF_INET6, false, LAN0), SELECT_WAIT_GAP);
	/* A tentative link-local address is no candidate. */
	assert_int_equal(select_wait_for(&w.v, PPP0, AF_INET6, false, 0), SELECT_WAIT_NONE);
	assert_int_equal(select_wait_for(&w.v, PPP0, AF_INET6, false, PPP0), SELECT_WAIT_GAP);
	assert_int_equal(select_wait_for(&w.v, ETH0, AF_INET, false, ETH0), SELECT_WAIT_GAP);
	assert_int_equal(select_wait_for(&w.v, ETH0, AF_INET, false, LAN0), SELECT_WAIT_NONE);
}

/* The kernel reports the seconds left at each announcement: the new LAN address of a
 * DHCPv6-PD change, announced after its DAD, shows fewer than the old one did seconds
 * earlier, yet it is preferred for longer. */
static void test_lifetimes_read_at_different_times(void **state)
{
	static const struct a_spec as[] = {
	    AX(LAN0, "2001:db8:400::1", 0, 60), AX(LAN0, "2001:db8:500::1", 0, 58), {0}};
	static const struct r_spec rs[] = {{0}};
	struct cfg_source src = {.kind = CFG_SRC_INTERFACE, .ifnames = {"lan0"}, .n_ifs = 1};
	struct select_in in = {.src = &src, .fam = FAM_V6};
	struct select_out out;
	struct ipaddr want = ip("2001:db8:500::1");
	struct world w;

	(void)state;
	build(&w, as, rs);
	w.addrs[0].stamp = 1000.0;
	w.addrs[1].stamp = 1004.5;
	in.view = &w.v;
	select_address(&in, &out);
	assert_true(out.found);
	assert_true(ipaddr_equal(&out.addr, &want));
	/* Read at the same moment, the longer lifetime still wins. */
	w.addrs[1].stamp = 1000.0;
	select_address(&in, &out);
	want = ip("2001:db8:400::1");
	assert_true(ipaddr_equal(&out.addr, &want));
}

/* ---- bounded text ------------------------------------------------------------------- */

static void test_long_text(void **state)
{
	static const struct a_spec none[] = {{0}};
	static const struct r_spec r[] = {R4(ETH0, 1), {0}};
	struct a_spec many[MAXA + 1];
	struct world w;
	struct cfg_source src = {.kind = CFG_SRC_INTERFACE};
	struct web_answer web;
	struct select_in in = {.src = &src, .fam = FAM_V4};
	struct select_out out;

	(void)state;
	/* Eight missing interfaces with the longest names. */
	build(&w, none, r);
	in.view = &w.v;
	for (size_t i = 0; i < CFG_MAX_IFS; i++)
		snprintf(src.ifnames[src.n_ifs++], IFNAMSIZ, "missingiface%03zu", i);
	select_address(&in, &out);
	assert_false(out.found);
	assert_true(strnlen(out.reason, sizeof(out.reason)) < sizeof(out.reason));
	assert_true(strnlen(out.source, sizeof(out.source)) < sizeof(out.source));
	assert_contains(out.reason, "missingiface000 does not exist", "long list");

	/* A web answer whose url and error fill their arrays with no terminator. */
	memset(&web, 'u', sizeof(web));
	web.done = true;
	web.ok = false;
	src.kind = CFG_SRC_WEB;
	in.web = &web;
	select_address(&in, &out);
	assert_false(out.found);
	assert_true(strnlen(out.reason, sizeof(out.reason)) < sizeof(out.reason));
	assert_true(strnlen(out.source, sizeof(out.source)) < sizeof(out.source));

	/* Auto behind NAT with many ineligible addresses and a long URL: still bounded. */
	for (size_t i = 0; i < MAXA; i++) {
		static char txt[MAXA][32];

		snprintf(txt[i], sizeof(txt[i]), "192.0.2.%zu", i + 1);
		many[i] = (struct a_spec){.ifindex = ETH0, .ip = txt[i], .flags = IFA_F_SECONDARY};
	}
	many[MAXA].ip = NULL;
	build(&w, many, r);
	memset(&web, 0, sizeof(web));
	memset(web.url, 'h', sizeof(web.url) - 1);
	web.done = web.ok = true;
	web.addr = ip("203.0.113.5");
	src.kind = CFG_SRC_AUTO;
	select_address(&in, &out);
	assert_true(out.found);
	assert_true(strnlen(out.reason, sizeof(out.reason)) < sizeof(out.reason));
	assert_contains(out.reason, "eth0 has no eligible IPv4 address", "many addresses");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classify),
	    cmocka_unit_test(test_class_reason),
	    cmocka_unit_test(test_eligible),
	    cmocka_unit_test(test_choice),
	    cmocka_unit_test(test_sources),
	    cmocka_unit_test(test_long_text),
	    cmocka_unit_test(test_wait),
	    cmocka_unit_test(test_wait_for),
	    cmocka_unit_test(test_lifetimes_read_at_different_times),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
