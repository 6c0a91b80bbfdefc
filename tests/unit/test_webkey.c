// SPDX-License-Identifier: MIT
/* webkey(): which kernel events can change what the web answers, per family. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <net/if.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "agent/webkey.h"
#include "netlink/nl_parse.h"

#define UP (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

static void link_(struct view *v, bool del, int ifindex, const char *name, unsigned int flags)
{
	struct nl_event ev = {.kind = NL_LINK, .del = del};

	ev.link.ifindex = ifindex;
	snprintf(ev.link.name, sizeof(ev.link.name), "%s", name);
	ev.link.flags = flags;
	ev.link.operstate = flags & IFF_UP ? IF_OPER_UP : IF_OPER_DOWN;
	view_apply(v, &ev);
}

static void addr_(struct view *v, bool del, int ifindex, const char *text, uint8_t plen,
		  uint32_t valid)
{
	struct nl_event ev = {.kind = NL_ADDR, .del = del};

	assert_true(ipaddr_parse(text, AF_UNSPEC, &ev.addr.addr));
	ev.addr.ifindex = ifindex;
	ev.addr.prefixlen = plen;
	ev.addr.scope = RT_SCOPE_UNIVERSE;
	ev.addr.preferred = valid;
	ev.addr.valid = valid;
	view_apply(v, &ev);
}

static void route_(struct view *v, bool del, int family, int ifindex, const char *gw)
{
	struct nl_event ev = {.kind = NL_ROUTE, .del = del};

	ev.route.family = (sa_family_t)family;
	ev.route.ifindex = ifindex;
	ev.route.table = RT_TABLE_MAIN;
	ev.route.type = RTN_UNICAST;
	if (gw)
		assert_true(ipaddr_parse(gw, family, &ev.route.gateway));
	view_apply(v, &ev);
}

/* wan0 (2) holds the default routes; lo (1) and veths (10..) come and go. */
static void gateway(struct view *v)
{
	view_init(v);
	link_(v, false, 1, "lo", UP);
	link_(v, false, 2, "wan0", UP);
	addr_(v, false, 1, "127.0.0.1", 8, UINT32_MAX);
	addr_(v, false, 2, "198.51.100.7", 24, UINT32_MAX);
	addr_(v, false, 2, "2001:db8:1::7", 64, 7200);
	route_(v, false, AF_INET, 2, "198.51.100.1");
	route_(v, false, AF_INET6, 2, "fe80::1");
}

/* Unrelated events keep both keys: no lookup, no dropped connection. */
static void test_unrelated(void **state)
{
	struct view v;
	uint64_t k4, k6;

	(void)state;
	gateway(&v);
	k4 = webkey(&v, FAM_V4);
	k6 = webkey(&v, FAM_V6);
	for (int i = 0; i < 10; i++) {
		char name[16];

		snprintf(name, sizeof(name), "veth%d", i);
		link_(&v, false, 10 + i, name, UP);
		addr_(&v, false, 10 + i, "10.9.0.1", 24, UINT32_MAX);
		addr_(&v, false, 10 + i, "fd00::1", 64, UINT32_MAX);
		link_(&v, true, 10 + i, name, 0);
	}
	addr_(&v, false, 1, "::1", 128, UINT32_MAX); /* IPv6 on lo */
	addr_(&v, false, 1, "127.0.0.2", 8, UINT32_MAX);
	/* A router advertisement refreshes the lifetimes only. */
	addr_(&v, false, 2, "2001:db8:1::7", 64, 3600);
	assert_true(webkey(&v, FAM_V4) == k4);
	assert_true(webkey(&v, FAM_V6) == k6);
	/* The same address deleted and added again: the same set. (Deleting the last IPv4
	 * address takes the default route with it; a DHCP client puts it back.) */
	addr_(&v, true, 2, "198.51.100.7", 24, UINT32_MAX);
	addr_(&v, false, 2, "198.51.100.7", 24, UINT32_MAX);
	route_(&v, false, AF_INET, 2, "198.51.100.1");
	assert_true(webkey(&v, FAM_V4) == k4);
	view_fini(&v);
}

/* What can change the answer changes the key of its family only. */
static void test_relevant(void **state)
{
	struct view v;
	uint64_t k4, k6, k;

	(void)state;
	gateway(&v);
	k4 = webkey(&v, FAM_V4);
	k6 = webkey(&v, FAM_V6);
	addr_(&v, false, 2, "2001:db8:2::7", 64, 7200); /* a new prefix on wan0 */
	assert_true(webkey(&v, FAM_V6) != k6);
	assert_true(webkey(&v, FAM_V4) == k4);
	k6 = webkey(&v, FAM_V6);
	addr_(&v, true, 2, "198.51.100.7", 24, UINT32_MAX); /* a DHCP renumbering */
	addr_(&v, false, 2, "198.51.100.9", 24, UINT32_MAX);
	route_(&v, false, AF_INET, 2, "198.51.100.1");
	assert_true(webkey(&v, FAM_V4) != k4);
	assert_true(webkey(&v, FAM_V6) == k6);
	k4 = webkey(&v, FAM_V4);
	/* The default route moves to another uplink, or goes. */
	link_(&v, false, 3, "wwan0", UP);
	route_(&v, true, AF_INET, 2, "198.51.100.1");
	k = webkey(&v, FAM_V4);
	assert_true(k != k4);
	route_(&v, false, AF_INET, 3, NULL);
	assert_true(webkey(&v, FAM_V4) != k);
	assert_true(webkey(&v, FAM_V6) == k6);
	/* A prefix length alone. */
	k6 = webkey(&v, FAM_V6);
	addr_(&v, true, 2, "2001:db8:2::7", 64, 7200);
	addr_(&v, false, 2, "2001:db8:2::7", 56, 7200);
	assert_true(webkey(&v, FAM_V6) != k6);
	view_fini(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unrelated),
	    cmocka_unit_test(test_relevant),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
