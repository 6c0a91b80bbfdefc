// SPDX-License-Identifier: MIT
/* view_apply() over event sequences the kernel really sends, and view_best_default(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <net/if.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "netlink/nl_parse.h"
#include "netlink/view.h"

#define UP_FLAGS (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)
#define ALL_FAM	 (VIEW_CHG_ADDR4 | VIEW_CHG_ADDR6 | VIEW_CHG_ROUTE4 | VIEW_CHG_ROUTE6)

static struct nl_event link_ev(bool del, int ifindex, const char *name, unsigned int flags,
			       uint8_t operstate)
{
	struct nl_event ev = {.kind = NL_LINK, .del = del};

	ev.link.ifindex = ifindex;
	strncpy(ev.link.name, name, IFNAMSIZ - 1);
	ev.link.flags = flags;
	ev.link.operstate = operstate;
	return ev;
}

static struct nl_event addr_ev(bool del, int ifindex, const char *text, uint8_t plen,
			       uint32_t flags, uint32_t pref, uint32_t valid)
{
	struct nl_event ev = {.kind = NL_ADDR, .del = del};

	assert_true(ipaddr_parse(text, AF_UNSPEC, &ev.addr.addr));
	ev.addr.ifindex = ifindex;
	ev.addr.prefixlen = plen;
	ev.addr.scope = RT_SCOPE_UNIVERSE;
	ev.addr.flags = flags;
	ev.addr.preferred = pref;
	ev.addr.valid = valid;
	return ev;
}

static struct nl_event route_ev(bool del, uint16_t nlflags, int family, int ifindex,
				uint32_t metric, const char *gw)
{
	struct nl_event ev = {.kind = NL_ROUTE, .del = del, .nlmsg_flags = nlflags};

	ev.route.family = (sa_family_t)family;
	ev.route.ifindex = ifindex;
	ev.route.metric = metric;
	ev.route.table = RT_TABLE_MAIN;
	ev.route.type = RTN_UNICAST;
	ev.route.gateway.family = AF_UNSPEC;
	if (gw)
		assert_true(ipaddr_parse(gw, family, &ev.route.gateway));
	return ev;
}

static unsigned int apply(struct view *v, struct nl_event ev)
{
	return view_apply(v, &ev);
}

static int setup(void **state)
{
	static struct view v;

	view_init(&v);
	*state = &v;
	return 0;
}

static int teardown(void **state)
{
	view_fini(*state);
	return 0;
}

static void assert_gw(const struct view_route *r, const char *text)
{
	struct ipaddr want;

	assert_non_null(r);
	assert_true(ipaddr_parse(text, AF_UNSPEC, &want));
	assert_true(ipaddr_equal(&r->gateway, &want));
}

/* One address through its life; what counts as a change, what does not. */
static void test_addr_sequence(void **state)
{
	static const struct {
		const char *what;
		bool del;
		uint8_t plen;
		uint32_t flags, pref, valid;
		unsigned int want;
	} steps[] = {
	    {"appears tentative", false, 64, IFA_F_TENTATIVE, 300, 600, VIEW_CHG_ADDR6},
	    {"same message again", false, 64, IFA_F_TENTATIVE, 300, 600, 0},
	    {"DAD done", false, 64, IFA_F_MANAGETEMPADDR, 300, 600, VIEW_CHG_ADDR6},
	    {"lifetime countdown", false, 64, IFA_F_MANAGETEMPADDR, 250, 550, 0},
	    {"RA refresh", false, 64, IFA_F_MANAGETEMPADDR, 300, 600, 0},
	    {"deprecated: pref 0, no flag yet", false, 64, IFA_F_MANAGETEMPADDR, 0, 590,
	     VIEW_CHG_ADDR6},
	    {"then the flag", false, 64, IFA_F_MANAGETEMPADDR | IFA_F_DEPRECATED, 0, 580,
	     VIEW_CHG_ADDR6},
	    {"valid counts down", false, 64, IFA_F_MANAGETEMPADDR | IFA_F_DEPRECATED, 0, 100, 0},
	    {"preferred again", false, 64, IFA_F_MANAGETEMPADDR, 60, 100, VIEW_CHG_ADDR6},
	    {"prefix length changes", false, 56, IFA_F_MANAGETEMPADDR, 60, 100, VIEW_CHG_ADDR6},
	    {"valid reaches 0", false, 56, IFA_F_MANAGETEMPADDR, 0, 0, VIEW_CHG_ADDR6},
	    {"deleted", true, 56, IFA_F_MANAGETEMPADDR, 0, 0, VIEW_CHG_ADDR6},
	    {"deleted twice", true, 56, IFA_F_MANAGETEMPADDR, 0, 0, 0},
	};
	struct view *v = *state;

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		unsigned int got =
		    apply(v, addr_ev(steps[i].del, 2, "2001:db8:1::18e3", steps[i].plen,
				     steps[i].flags, steps[i].pref, steps[i].valid));

		print_message("step: %s\n", steps[i].what);
		assert_int_equal(got, steps[i].want);
		assert_int_equal(v->n_addrs, steps[i].del ? 0 : 1);
		if (!steps[i].del) {
			/* Stored values follow every message, reported or not. */
			assert_int_equal(v->addrs[0].preferred, steps[i].pref);
			assert_int_equal(v->addrs[0].valid, steps[i].valid);
			assert_int_equal(v->addrs[0].flags, steps[i].flags);
			assert_int_equal(v->addrs[0].prefixlen, steps[i].plen);
		}
	}
}

static void test_addr_keys_and_seq(void **state)
{
	struct view *v = *state;
	struct nl_event ev;

	assert_int_equal(apply(v, addr_ev(false, 2, "192.0.2.2", 24, IFA_F_PERMANENT,
					  VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER)),
			 VIEW_CHG_ADDR4);
	assert_int_equal(apply(v, addr_ev(false, 2, "198.51.100.2", 24, IFA_F_PERMANENT,
					  VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER)),
			 VIEW_CHG_ADDR4);
	/* IPv4: the same address with another prefix length is another address. */
	assert_int_equal(apply(v, addr_ev(false, 2, "192.0.2.2", 32, IFA_F_PERMANENT,
					  VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER)),
			 VIEW_CHG_ADDR4);
	/* The same address on another link too. */
	assert_int_equal(apply(v, addr_ev(false, 3, "192.0.2.2", 24, IFA_F_PERMANENT,
					  VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER)),
			 VIEW_CHG_ADDR4);
	assert_int_equal(v->n_addrs, 4);
	for (size_t i = 1; i < v->n_addrs; i++)
		assert_true(v->addrs[i].seq > v->addrs[i - 1].seq);

	/* An update (secondary flag) keeps the first-seen order number. */
	uint64_t seq0 = v->addrs[0].seq;
	assert_int_equal(
	    apply(v, addr_ev(false, 2, "192.0.2.2", 24, IFA_F_PERMANENT | IFA_F_SECONDARY,
			     VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER)),
	    VIEW_CHG_ADDR4);
	assert_int_equal(v->addrs[0].seq, seq0);
	assert_int_equal(v->addrs[0].flags, IFA_F_PERMANENT | IFA_F_SECONDARY);

	/* Scope changes are changes. */
	ev = addr_ev(false, 2, "198.51.100.2", 24, IFA_F_PERMANENT, VIEW_LIFETIME_FOREVER,
		     VIEW_LIFETIME_FOREVER);
	ev.addr.scope = RT_SCOPE_HOST;
	assert_int_equal(view_apply(v, &ev), VIEW_CHG_ADDR4);

	/* Deleting one /24 leaves the /32 of the same address; order of the rest is kept. */
	assert_int_equal(apply(v, addr_ev(true, 2, "192.0.2.2", 24, 0, 0, 0)), VIEW_CHG_ADDR4);
	assert_int_equal(v->n_addrs, 3);
	assert_int_equal(v->addrs[0].prefixlen, 24); /* 198.51.100.2 */
	assert_int_equal(v->addrs[1].prefixlen, 32);
	assert_int_equal(v->addrs[2].ifindex, 3);

	/* A re-dump starts from scratch but keeps numbering upwards. */
	uint64_t last = v->addrs[2].seq;
	view_clear(v);
	assert_int_equal(v->n_addrs, 0);
	apply(v, addr_ev(false, 2, "192.0.2.2", 24, 0, 1, 1));
	assert_true(v->addrs[0].seq > last);
}

static void test_route_replace_without_delete(void **state)
{
	struct view *v = *state;

	apply(v, link_ev(false, 2, "veth-gw", UP_FLAGS, IF_OPER_UP));
	assert_int_equal(
	    apply(v, route_ev(false, NLM_F_CREATE | NLM_F_EXCL, AF_INET, 2, 0, "192.0.2.1")),
	    VIEW_CHG_ROUTE4);
	/* `ip route replace default via 192.0.2.254`: one NEWROUTE, no DELROUTE. */
	assert_int_equal(
	    apply(v, route_ev(false, NLM_F_CREATE | NLM_F_REPLACE, AF_INET, 2, 0, "192.0.2.254")),
	    VIEW_CHG_ROUTE4);
	assert_int_equal(v->n_routes, 1);
	assert_gw(view_best_default(v, AF_INET), "192.0.2.254");
	/* The same replace again: nothing changed. */
	assert_int_equal(apply(v, route_ev(false, NLM_F_REPLACE, AF_INET, 2, 0, "192.0.2.254")), 0);
	/* The same route in a dump (NLM_F_MULTI): not a second route. */
	assert_int_equal(apply(v, route_ev(false, NLM_F_MULTI, AF_INET, 2, 0, "192.0.2.254")), 0);
	assert_int_equal(v->n_routes, 1);
	/* Another metric is another route, replace or not. */
	assert_int_equal(apply(v, route_ev(false, NLM_F_REPLACE, AF_INET, 2, 100, "192.0.2.9")),
			 VIEW_CHG_ROUTE4);
	assert_int_equal(apply(v, route_ev(false, NLM_F_CREATE, AF_INET, 2, 200, "192.0.2.8")),
			 VIEW_CHG_ROUTE4);
	/* `ip route append`: same metric, other gateway, no replace: a second route. */
	assert_int_equal(apply(v, route_ev(false, NLM_F_APPEND, AF_INET, 2, 200, "192.0.2.7")),
			 VIEW_CHG_ROUTE4);
	assert_int_equal(v->n_routes, 4);
	/* IPv6 is separate: a replace there does not touch IPv4. */
	assert_int_equal(apply(v, route_ev(false, NLM_F_REPLACE, AF_INET6, 2, 0, "fe80::1")),
			 VIEW_CHG_ROUTE6);
	assert_int_equal(v->n_routes, 5);
	assert_gw(view_best_default(v, AF_INET), "192.0.2.254");
	assert_gw(view_best_default(v, AF_INET6), "fe80::1");

	/* Deletes match the full route; the metric-0 one goes, metric 100 is next. */
	assert_int_equal(apply(v, route_ev(true, 0, AF_INET, 2, 0, "192.0.2.1")), 0);
	assert_int_equal(apply(v, route_ev(true, 0, AF_INET, 2, 0, "192.0.2.254")),
			 VIEW_CHG_ROUTE4);
	assert_gw(view_best_default(v, AF_INET), "192.0.2.9");
	/* A delete that names neither interface nor gateway takes the first of its metric. */
	assert_int_equal(apply(v, route_ev(true, 0, AF_INET, 0, 200, NULL)), VIEW_CHG_ROUTE4);
	assert_int_equal(v->n_routes, 3);
	assert_int_equal(apply(v, route_ev(true, 0, AF_INET, 2, 100, "192.0.2.9")),
			 VIEW_CHG_ROUTE4);
	assert_gw(view_best_default(v, AF_INET), "192.0.2.7");
}

/* `ip link set X down`: NEWLINK without IFF_UP; IPv4 routes vanish silently, addresses stay. */
static void test_link_down_drops_ipv4_routes(void **state)
{
	struct view *v = *state;

	assert_int_equal(apply(v, link_ev(false, 2, "veth-gw", UP_FLAGS, IF_OPER_UP)),
			 VIEW_CHG_LINK);
	assert_int_equal(apply(v, link_ev(false, 2, "veth-gw", UP_FLAGS, IF_OPER_UP)), 0);
	apply(v, link_ev(false, 3, "lan0", UP_FLAGS, IF_OPER_UP));
	apply(v, addr_ev(false, 2, "192.0.2.2", 24, IFA_F_PERMANENT, VIEW_LIFETIME_FOREVER,
			 VIEW_LIFETIME_FOREVER));
	apply(v, addr_ev(false, 2, "2001:db8:ffff::2", 64, IFA_F_PERMANENT, VIEW_LIFETIME_FOREVER,
			 VIEW_LIFETIME_FOREVER));
	apply(v, route_ev(false, 0, AF_INET, 2, 0, "192.0.2.1"));
	apply(v, route_ev(false, 0, AF_INET6, 2, 1024, "2001:db8:ffff::1"));
	apply(v, route_ev(false, 0, AF_INET, 3, 50, "198.51.100.1"));

	assert_int_equal(apply(v, link_ev(false, 2, "veth-gw", IFF_LOWER_UP, IF_OPER_DOWN)),
			 VIEW_CHG_LINK | ALL_FAM);
	assert_int_equal(v->n_addrs, 2);
	assert_int_equal(v->n_routes, 2);
	assert_int_equal(v->routes[0].family, AF_INET6);
	assert_int_equal(v->routes[1].ifindex, 3);
	assert_int_equal(view_link_by_index(v, 2)->flags, IFF_LOWER_UP);
	/* The IPv6 side then arrives as real deletes. */
	assert_int_equal(apply(v, route_ev(true, 0, AF_INET6, 2, 1024, "2001:db8:ffff::1")),
			 VIEW_CHG_ROUTE6);
	/* Up again: default routes are not restored by the kernel, nor by the view. */
	assert_int_equal(apply(v, link_ev(false, 2, "veth-gw", UP_FLAGS, IF_OPER_UP)),
			 VIEW_CHG_LINK | VIEW_CHG_ADDR4 | VIEW_CHG_ADDR6);
	assert_int_equal(v->n_routes, 1);
	/* A rename is a change for whoever looks links up by name. */
	assert_int_equal(apply(v, link_ev(false, 3, "wan1", UP_FLAGS, IF_OPER_UP)),
			 VIEW_CHG_LINK | VIEW_CHG_ROUTE4);
	assert_null(view_link_by_name(v, "lan0"));
	assert_int_equal(view_link_by_name(v, "wan1")->ifindex, 3);
	/* A message without a name keeps the known one. */
	assert_int_equal(apply(v, link_ev(false, 3, "", UP_FLAGS, IF_OPER_UP)), 0);
	assert_string_equal(view_link_by_index(v, 3)->name, "wan1");
}

/* A DHCP lease change: deleting the link's last IPv4 address flushes its IPv4 routes
 * without RTM_DELROUTE (checked on 6.18); while another IPv4 address stays, they stay. */
static void test_last_ipv4_address_drops_routes(void **state)
{
	struct view *v = *state;

	apply(v, link_ev(false, 2, "wan0", UP_FLAGS, IF_OPER_UP));
	apply(v, link_ev(false, 3, "lte0", UP_FLAGS, IF_OPER_UP));
	apply(v, addr_ev(false, 2, "198.51.100.7", 24, 0, 120, 120));
	apply(v, addr_ev(false, 2, "203.0.113.5", 24, 0, 120, 120));
	apply(v, addr_ev(false, 2, "2001:db8:1::7", 64, 0, 120, 120));
	apply(v, route_ev(false, 0, AF_INET, 2, 0, "198.51.100.1"));
	apply(v, route_ev(false, 0, AF_INET6, 2, 1024, "fe80::1"));
	apply(v, addr_ev(false, 3, "192.0.2.9", 24, 0, 120, 120));
	apply(v, route_ev(false, 0, AF_INET, 3, 100, "192.0.2.1"));

	assert_int_equal(apply(v, addr_ev(true, 2, "198.51.100.7", 24, 0, 0, 0)), VIEW_CHG_ADDR4);
	assert_int_equal(v->n_routes, 3);
	assert_int_equal(apply(v, addr_ev(true, 2, "203.0.113.5", 24, 0, 0, 0)),
			 VIEW_CHG_ADDR4 | VIEW_CHG_ROUTE4);
	assert_int_equal(v->n_routes, 2);
	assert_int_equal(view_best_default(v, AF_INET)->ifindex, 3);
	assert_int_equal(view_best_default(v, AF_INET6)->ifindex, 2);
	/* IPv6 has no such rule: its deletes come as events. */
	assert_int_equal(apply(v, addr_ev(true, 2, "2001:db8:1::7", 64, 0, 0, 0)), VIEW_CHG_ADDR6);
	assert_int_equal(v->n_routes, 2);
}

static void test_link_delete(void **state)
{
	struct view *v = *state;

	apply(v, link_ev(false, 2, "veth-gw", UP_FLAGS, IF_OPER_UP));
	apply(v, link_ev(false, 5, "ppp0", UP_FLAGS | IFF_POINTOPOINT, IF_OPER_UNKNOWN));
	apply(v, addr_ev(false, 5, "198.51.100.9", 32, 0, VIEW_LIFETIME_FOREVER,
			 VIEW_LIFETIME_FOREVER));
	apply(v, addr_ev(false, 5, "2001:db8::9", 64, 0, 100, 200));
	apply(v,
	      addr_ev(false, 2, "192.0.2.2", 24, 0, VIEW_LIFETIME_FOREVER, VIEW_LIFETIME_FOREVER));
	apply(v, route_ev(false, 0, AF_INET, 5, 0, NULL));
	apply(v, route_ev(false, 0, AF_INET6, 5, 0, NULL));
	apply(v, route_ev(false, 0, AF_INET, 2, 10, "192.0.2.1"));

	assert_int_equal(apply(v, link_ev(true, 5, "ppp0", 0, 0)), VIEW_CHG_LINK | ALL_FAM);
	assert_null(view_link_by_index(v, 5));
	assert_null(view_link_by_name(v, "ppp0"));
	assert_non_null(view_link_by_index(v, 2));
	assert_int_equal(v->n_links, 1);
	assert_int_equal(v->n_addrs, 1);
	assert_int_equal(v->n_routes, 1);
	assert_null(view_best_default(v, AF_INET6));
	assert_int_equal(view_best_default(v, AF_INET)->ifindex, 2);
	/* Deleting an unknown link changes nothing. */
	assert_int_equal(apply(v, link_ev(true, 77, "x", 0, 0)), 0);
}

static void test_best_default(void **state)
{
	static const struct {
		const char *what;
		unsigned int flags2, flags3; /* link 2: metric 100, link 3: metric 50 */
		uint8_t oper2, oper3;
		int want_ifindex;
	} cases[] = {
	    {"both up: lowest metric", UP_FLAGS, UP_FLAGS, IF_OPER_UP, IF_OPER_UP, 3},
	    {"no carrier loses", UP_FLAGS, IFF_UP, IF_OPER_UP, IF_OPER_DOWN, 2},
	    {"operstate down loses", UP_FLAGS, UP_FLAGS, IF_OPER_UP, IF_OPER_DOWN, 2},
	    {"lower layer down loses", UP_FLAGS, UP_FLAGS, IF_OPER_UP, IF_OPER_LOWERLAYERDOWN, 2},
	    {"operstate unknown is up", UP_FLAGS, UP_FLAGS, IF_OPER_UP, IF_OPER_UNKNOWN, 3},
	    {"both down: lowest metric", IFF_UP, IFF_UP, IF_OPER_DOWN, IF_OPER_DOWN, 3},
	};
	struct view *v = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("best default: %s\n", cases[i].what);
		view_clear(v);
		apply(v, link_ev(false, 2, "eth0", cases[i].flags2, cases[i].oper2));
		apply(v, link_ev(false, 3, "eth1", cases[i].flags3, cases[i].oper3));
		apply(v, route_ev(false, 0, AF_INET6, 2, 100, "fe80::2"));
		apply(v, route_ev(false, 0, AF_INET6, 3, 50, "fe80::3"));
		assert_int_equal(view_best_default(v, AF_INET6)->ifindex, cases[i].want_ifindex);
		assert_null(view_best_default(v, AF_INET));
	}

	/* Ties: first seen wins; a route on a link the view does not know counts as up. */
	view_clear(v);
	apply(v, route_ev(false, 0, AF_INET, 9, 10, "192.0.2.1"));
	apply(v, route_ev(false, 0, AF_INET, 8, 10, "192.0.2.2"));
	assert_int_equal(view_best_default(v, AF_INET)->ifindex, 9);
	/* A down link loses even with a lower metric. */
	apply(v, link_ev(false, 7, "wan0", IFF_UP | IFF_RUNNING, IF_OPER_DOWN));
	apply(v, route_ev(false, 0, AF_INET, 7, 1, "192.0.2.3"));
	assert_int_equal(view_best_default(v, AF_INET)->ifindex, 9);
	/* Carrier comes back: it wins. */
	assert_int_equal(apply(v, link_ev(false, 7, "wan0", UP_FLAGS, IF_OPER_UP)),
			 VIEW_CHG_LINK | VIEW_CHG_ROUTE4);
	assert_int_equal(view_best_default(v, AF_INET)->ifindex, 7);
}

static void test_other_events(void **state)
{
	struct view *v = *state;
	struct nl_event ev = {.kind = NL_DONE};

	assert_int_equal(view_apply(v, &ev), 0);
	ev.kind = NL_ERROR;
	ev.error = -ENOBUFS;
	assert_int_equal(view_apply(v, &ev), 0);
	ev.kind = NL_IGNORE;
	assert_int_equal(view_apply(v, &ev), 0);
	assert_int_equal(v->n_links + v->n_addrs + v->n_routes, 0);
	assert_null(view_link_by_index(v, 1));
	assert_null(view_link_by_name(v, "eth0"));
}

/* Many entries: the arrays grow and deletes keep them consistent. */
static void test_growth(void **state)
{
	struct view *v = *state;
	char text[64];

	for (int i = 0; i < 300; i++) {
		snprintf(text, sizeof(text), "2001:db8::%x", i);
		assert_int_equal(apply(v, addr_ev(false, 1 + i % 7, text, 64, 0, 100, 200)),
				 VIEW_CHG_ADDR6);
		assert_int_equal(apply(v, link_ev(false, 1000 + i, "x", UP_FLAGS, 0)),
				 VIEW_CHG_LINK);
		apply(v, route_ev(false, 0, AF_INET6, 1 + i % 7, (uint32_t)i, NULL));
	}
	assert_int_equal(v->n_addrs, 300);
	assert_int_equal(v->n_routes, 300);
	assert_int_equal(apply(v, link_ev(true, 3, "", 0, 0)), VIEW_CHG_ADDR6 | VIEW_CHG_ROUTE6);
	assert_int_equal(v->n_addrs, 300 - 43);
	for (size_t i = 0; i < v->n_addrs; i++)
		assert_int_not_equal(v->addrs[i].ifindex, 3);
	assert_int_equal(view_best_default(v, AF_INET6)->metric, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_addr_sequence, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_addr_keys_and_seq, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_route_replace_without_delete, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_link_down_drops_ipv4_routes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_last_ipv4_address_drops_routes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_link_delete, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_best_default, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_other_events, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_growth, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
