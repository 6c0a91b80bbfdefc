// SPDX-License-Identifier: MIT
/* Unit tests for backoff_delay(): first retry within 5 s, doubling, cap, jitter, Retry-After. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "agent/backoff.h"

/* For n = 1..20 with the jitter at both ends: within [base/2, base] where base doubles from
 * 2 s, never above the cap, the first retry always within 5 s, and monotone in n. */
static void test_bounds(void **state)
{
	static const double caps[] = {300, 60, 5, 0.5};

	(void)state;
	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		double cap = caps[c], prev_lo = 0, prev_hi = 0;
		double base = 2;

		for (unsigned n = 1; n <= 20; n++, base *= 2) {
			double lo = backoff_delay(n, cap, -1, 0);
			double hi = backoff_delay(n, cap, -1, 1);
			double mid = backoff_delay(n, cap, -1, 0.5);
			double b = base < cap ? base : cap;

			assert_true(lo > 0);
			assert_true(lo <= mid && mid <= hi);
			assert_true(hi <= cap);
			assert_true(lo >= b / 2 - 1e-9 && lo <= b / 2 + 1e-9);
			assert_true(hi >= b - 1e-9 && hi <= b + 1e-9);
			assert_true(lo >= prev_lo && hi >= prev_hi);
			if (n == 1) {
				assert_true(hi <= 5);
				assert_true(lo >= (cap < 1 ? cap / 2 : 1));
			}
			prev_lo = lo;
			prev_hi = hi;
		}
		/* Far past the cap: the jitter still spreads records out below it. */
		assert_true(backoff_delay(20, cap, -1, 0) < backoff_delay(20, cap, -1, 1));
	}
}

static void test_table(void **state)
{
	static const struct {
		unsigned n;
		double cap, ra, rnd, want;
	} t[] = {
	    {1, 300, -1, 0, 1}, /* first retry: 1..2 s */
	    {1, 300, -1, 1, 2},
	    {2, 300, -1, 0, 2},
	    {3, 300, -1, 1, 8},
	    {8, 300, -1, 1, 256},
	    {9, 300, -1, 1, 300}, /* 512 capped at the poll interval */
	    {9, 300, -1, 0, 150},
	    {1000000, 300, -1, 1, 300},		      /* no overflow */
	    {0, 300, -1, 1, 2},			      /* 0 failures counts as 1 */
	    {1, 300, 30, 0, 30},		      /* Retry-After: at least that */
	    {5, 300, 10, 1, 32},		      /* ... but never shortens the backoff */
	    {1, 60, 120, 0, 120},		      /* a provider's limit wins over the cap */
	    {1, 60, 1e9, 0, BACKOFF_RETRY_AFTER_MAX}, /* within reason */
	    {1, 300, 0, 0, 1},			      /* 0 / negative: no Retry-After */
	    {1, 0, -1, 1, 2},			      /* cap 0: the default cap */
	    {30, 0, -1, 1, BACKOFF_DEFAULT_CAP},
	    {30, __builtin_inf(), -1, 1, 2.0 * (1u << 29)}, /* infinite cap: still finite */
	    {1, 300, __builtin_nan(""), 0, 1},
	    {1, __builtin_nan(""), -1, 1, 2},
	    {1, 300, -1, __builtin_nan(""), 1}, /* bad jitter: clamped */
	    {1, 300, -1, 7, 2},
	    {1, 300, -1, -3, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		double d = backoff_delay(t[i].n, t[i].cap, t[i].ra, t[i].rnd);

		if (d < t[i].want - 1e-9 || d > t[i].want + 1e-9)
			fail_msg("case %zu: got %g, want %g", i, d, t[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bounds),
	    cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
