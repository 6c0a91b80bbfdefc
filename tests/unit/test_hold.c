// SPDX-License-Identifier: MIT
/* Unit tests for agent/hold.c: the DAD bound, the bound of each wait, and deadlines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "agent/hold.h"

#define EPS 1e-9

static void test_dad_bound(void **state)
{
	(void)state;
	/* The kernel's defaults: up to 1 s of random delay, one probe, 1 s to wait for it. */
	assert_float_equal(hold_dad_bound(1, 1000, 1), 2.0 + HOLD_DAD_MARGIN, EPS);
	assert_float_equal(hold_dad_bound(3, 500, 1), 2.5 + HOLD_DAD_MARGIN, EPS);
	assert_float_equal(hold_dad_bound(2, 1000, 0), 2.0 + HOLD_DAD_MARGIN, EPS);
	/* No probes: no DAD at all. */
	assert_float_equal(hold_dad_bound(0, 1000, 1), 0, EPS);
	/* The kernel raises a retransmit time below 10 ms to 10 ms. */
	assert_float_equal(hold_dad_bound(1, 1, 0), 0.01 + HOLD_DAD_MARGIN, EPS);
}

static void test_bound(void **state)
{
	(void)state;
	assert_float_equal(hold_bound(SELECT_WAIT_NONE, FAM_V6, 2.5), 0, EPS);
	assert_float_equal(hold_bound(SELECT_WAIT_DAD, FAM_V6, 2.5), 2.5, EPS);
	assert_float_equal(hold_bound(SELECT_WAIT_GAP, FAM_V4, 9.0), HOLD_GAP, EPS);
	assert_float_equal(hold_bound(SELECT_WAIT_GAP, FAM_V6, 2.5), HOLD_GAP, EPS);
	/* A slow DAD makes the IPv6 gap as long as it. */
	assert_float_equal(hold_bound(SELECT_WAIT_GAP, FAM_V6, 12.5), 12.5, EPS);
}

static void test_update(void **state)
{
	struct hold h = {0};

	(void)state;
	assert_false(hold_update(&h, SELECT_WAIT_NONE, 0, 100, 0));
	assert_false(hold_active(&h, 100));
	/* A gap starts a hold; the same gap read again keeps its deadline. */
	assert_true(hold_update(&h, SELECT_WAIT_GAP, 2, 100, 3));
	assert_float_equal(h.until, 103, EPS);
	assert_true(hold_update(&h, SELECT_WAIT_GAP, 2, 102, 3));
	assert_float_equal(h.until, 103, EPS);
	assert_true(hold_active(&h, 102.9));
	/* The new address is tentative: DAD may end later than the gap would have. */
	assert_true(hold_update(&h, SELECT_WAIT_DAD, 2, 102, 2.5));
	assert_float_equal(h.until, 104.5, EPS);
	assert_float_equal(h.since, 100, EPS);
	/* ... but never earlier. */
	assert_true(hold_update(&h, SELECT_WAIT_GAP, 2, 102.1, 0.5));
	assert_float_equal(h.until, 104.5, EPS);
	/* Run out: false, and it stays so while the same wait is reported. */
	assert_false(hold_update(&h, SELECT_WAIT_GAP, 2, 104.5, 3));
	assert_false(hold_update(&h, SELECT_WAIT_GAP, 2, 110, 3));
	assert_false(hold_active(&h, 110));
	/* The address is back: the hold is gone; a later gap starts afresh. */
	assert_false(hold_update(&h, SELECT_WAIT_NONE, 0, 111, 0));
	assert_int_equal(h.kind, SELECT_WAIT_NONE);
	assert_true(hold_update(&h, SELECT_WAIT_GAP, 2, 120, 3));
	assert_float_equal(h.until, 123, EPS);
	/* Another interface is another wait. */
	assert_true(hold_update(&h, SELECT_WAIT_DAD, 3, 121, 2.5));
	assert_float_equal(h.until, 123.5, EPS);
	assert_float_equal(h.since, 121, EPS);
	/* A zero bound (DAD switched off) does not wait. */
	h = (struct hold){0};
	assert_false(hold_update(&h, SELECT_WAIT_DAD, 2, 130, 0));
}

static void test_dad_bound_of(void **state)
{
	(void)state;
	/* Names that are no interface, or would leave the directory: the kernel's defaults. */
	assert_float_equal(hold_dad_bound_of("../../x"), 2.0 + HOLD_DAD_MARGIN, EPS);
	assert_float_equal(hold_dad_bound_of(""), 2.0 + HOLD_DAD_MARGIN, EPS);
	assert_float_equal(hold_dad_bound_of("no-such-if0"), 2.0 + HOLD_DAD_MARGIN, EPS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dad_bound),
	    cmocka_unit_test(test_bound),
	    cmocka_unit_test(test_update),
	    cmocka_unit_test(test_dad_bound_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
