// SPDX-License-Identifier: MIT
/* ifwatch: the interfaces records name, missing at start, gone, back. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "agent/ifwatch.h"
#include "netlink/nl_parse.h"

static char seen[256];

static void note(const char *name, bool present, void *arg)
{
	(void)arg;
	snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%s ", present ? "+" : "-",
		 name);
}

static void link_(struct view *v, bool del, int ifindex, const char *name)
{
	struct nl_event ev = {.kind = NL_LINK, .del = del};

	ev.link.ifindex = ifindex;
	strncpy(ev.link.name, name, IFNAMSIZ - 1);
	ev.link.flags = IFF_UP;
	view_apply(v, &ev);
}

static void src_if(struct cfg_source *s, const char *a, const char *b)
{
	s->kind = CFG_SRC_INTERFACE;
	strcpy(s->ifnames[s->n_ifs++], a);
	if (b)
		strcpy(s->ifnames[s->n_ifs++], b);
}

static void test_comes_and_goes(void **state)
{
	struct cfg_record recs[2];
	struct ifwatch w;
	struct view v;

	(void)state;
	memset(recs, 0, sizeof(recs));
	src_if(&recs[0].src[FAM_V4], "ppp0", "eth0");
	src_if(&recs[0].src[FAM_V6], "eth0", NULL);
	recs[1].src[FAM_V4].kind = CFG_SRC_AUTO;
	src_if(&recs[1].src[FAM_V6], "wwan0", NULL);
	assert_int_equal(ifwatch_init(&w, recs, 2), 0);
	assert_int_equal(w.n, 3); /* ppp0, eth0, wwan0: each once */

	view_init(&v);
	link_(&v, false, 2, "eth0");
	seen[0] = '\0';
	ifwatch_update(&w, &v, note, NULL);
	assert_string_equal(seen, "-ppp0 -wwan0 ");
	seen[0] = '\0';
	ifwatch_update(&w, &v, note, NULL); /* nothing new: nothing said */
	assert_string_equal(seen, "");
	link_(&v, false, 3, "ppp0");
	link_(&v, true, 2, "eth0");
	ifwatch_update(&w, &v, note, NULL);
	assert_string_equal(seen, "+ppp0 -eth0 ");
	view_fini(&v);
	ifwatch_fini(&w);

	memset(recs, 0, sizeof(recs)); /* no interface: source: nothing to watch */
	assert_int_equal(ifwatch_init(&w, recs, 2), 0);
	assert_int_equal(w.n, 0);
	ifwatch_fini(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_comes_and_goes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
