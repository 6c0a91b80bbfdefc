// SPDX-License-Identifier: MIT
/* Outages: the first failure logged, "still failing" at most hourly, on-failure once after
 * failure-after, recovery once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "agent/outage.h"

static void test_long_outage(void **state)
{
	struct outage o = {0};
	struct outage_note n;
	int first = 0, still = 0, hook = 0;
	double t;

	(void)state;
	/* Every 5 min (the backoff cap) for 3 h, failure-after 30 min. */
	for (t = 1000; t < 1000 + 3 * 3600; t += 300) {
		n = outage_failed(&o, t, 1800);
		first += n.first;
		still += n.still;
		hook += n.hook;
		if (n.hook)
			assert_true(t - 1000 >= 1800 && t - 1000 < 1800 + 300);
		assert_false(n.recovered);
	}
	assert_int_equal(first, 1);
	assert_int_equal(still, 2); /* after 1 h and 2 h, not at every poll */
	assert_int_equal(hook, 1);
	assert_int_equal(o.attempts, 36);
	assert_true(o.since == 1000);
	n = outage_ok(&o);
	assert_true(n.recovered && n.recovered_hook);
	n = outage_ok(&o); /* in sync: nothing more */
	assert_false(n.recovered || n.recovered_hook);
	/* The next outage is a new one. */
	n = outage_failed(&o, t, 1800);
	assert_true(n.first && !n.hook);
}

static void test_short_outage(void **state)
{
	struct outage o = {0};
	struct outage_note n;

	(void)state;
	n = outage_failed(&o, 10, 1800);
	assert_true(n.first && !n.still && !n.hook);
	n = outage_failed(&o, 12, 1800);
	assert_false(n.first || n.still || n.hook);
	n = outage_ok(&o);
	assert_true(n.recovered);
	assert_false(n.recovered_hook); /* on-failure never ran: no recovered hook */
	/* failure-after 0: on-failure at the first failure. */
	n = outage_failed(&o, 20, 0);
	assert_true(n.first && n.hook);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_long_outage),
	    cmocka_unit_test(test_short_outage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
