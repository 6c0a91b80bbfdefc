// SPDX-License-Identifier: MIT
/* The request budget: rate-limit values, the token buckets, and the provider-wide pause. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "providers/budget.h"

static void test_parse(void **state)
{
	struct budget_spec s;

	(void)state;
	assert_true(budget_parse("1200/5m", &s));
	assert_int_equal(s.n_terms, 1);
	assert_true(s.t[0].n == 1200 && s.t[0].per == 300);
	assert_true(budget_parse("6/s", &s));
	assert_true(s.t[0].n == 6 && s.t[0].per == 1);
	assert_true(budget_parse(" 20 / 1s ", &s));
	assert_true(s.t[0].n == 20 && s.t[0].per == 1);
	assert_true(budget_parse("100/300", &s));
	assert_true(s.t[0].per == 300);
	assert_true(budget_parse("1/0.5s", &s));
	assert_true(s.t[0].per == 0.5);
	assert_true(budget_parse("6/s, 10000/1d", &s));
	assert_int_equal(s.n_terms, 2);
	assert_true(s.t[1].n == 10000 && s.t[1].per == 86400);
	assert_true(budget_parse("30/1h", &s));
	assert_true(s.t[0].per == 3600);
	assert_true(budget_parse("none", &s));
	assert_int_equal(s.n_terms, 0);

	s.n_terms = 7;
	assert_false(budget_parse("", &s));
	assert_false(budget_parse(NULL, &s));
	assert_false(budget_parse("0/5m", &s));
	assert_false(budget_parse("-1/5m", &s));
	assert_false(budget_parse("1.5/5m", &s));
	assert_false(budget_parse("1200", &s));
	assert_false(budget_parse("1200/", &s));
	assert_false(budget_parse("1200/ ", &s));
	assert_false(budget_parse("1200/0s", &s));
	assert_false(budget_parse("1200/5y", &s));
	assert_false(budget_parse("1200/5mm", &s));
	assert_false(budget_parse("1200/32d", &s));
	assert_false(budget_parse("1e3/5m", &s));
	assert_false(budget_parse("0x10/5m", &s));
	assert_false(budget_parse("2000000000/1s", &s));
	assert_false(budget_parse("6/s,", &s));
	assert_false(budget_parse("6/s, 60/m, 600/h", &s));
	assert_false(budget_parse("nan/s", &s));
	assert_false(budget_parse("6/inf", &s));
	assert_false(budget_parse("none6/s", &s));
	/* untouched on failure */
	assert_int_equal(s.n_terms, 7);
}

/* Send as soon as the budget allows for span seconds; the times of the sends. */
static size_t drive(struct budget *b, double start, double span, double *t, size_t max)
{
	double now = start;
	size_t n = 0;

	while (n < max) {
		double w = budget_wait(b, now);

		now += w;
		if (now > start + span)
			break;
		/* Asked again at the moment it said: it must be 0 now. */
		assert_true(budget_wait(b, now) == 0);
		budget_take(b, now);
		t[n++] = now;
	}
	return n;
}

/* At most N in any window of DURATION (a sliding one: the strictest count a server keeps). */
static void assert_window(const double *t, size_t n, double per, double limit)
{
	size_t lo = 0;

	for (size_t hi = 0; hi < n; hi++) {
		while (t[hi] - t[lo] >= per)
			lo++;
		assert_true(hi - lo + 1 <= limit);
	}
}

static void test_pacing_under_the_limit(void **state)
{
	static double t[20000];
	struct budget_spec s;
	struct budget b;
	size_t n;

	(void)state;
	/* Cloudflare's 1200 per 5 minutes over 30 minutes. */
	assert_true(budget_parse("1200/5m", &s));
	budget_init(&b, &s, 1000.0);
	n = drive(&b, 1000.0, 1800, t, 20000);
	assert_window(t, n, 300, 1200);
	/* The burst goes at once, then ~N per DURATION: 120 + 1080 per 5 min (less 2 %). */
	assert_true(t[119] == 1000.0);
	assert_true(t[120] > 1000.0);
	assert_true(n >= 6 * 1050);
	/* With the margin: even a window 2 % shorter holds no more than N. */
	assert_window(t, n, 300 * 1.02, 1200);
	assert_true(n <= 6 * 1200);

	/* Alibaba's 6/s with a daily cap: both hold. */
	assert_true(budget_parse("6/s, 1000/1h", &s));
	budget_init(&b, &s, 0);
	n = drive(&b, 0, 7200, t, 20000);
	assert_window(t, n, 1, 6);
	assert_window(t, n, 3600, 1000);
	assert_true(n >= 1800);

	/* One a minute. */
	assert_true(budget_parse("1/m", &s));
	budget_init(&b, &s, 0);
	n = drive(&b, 0, 600, t, 100);
	assert_true(n >= 10 && n <= 11);

	/* No terms: never waits. */
	assert_true(budget_parse("none", &s));
	budget_init(&b, &s, 0);
	for (int i = 0; i < 1000; i++) {
		assert_true(budget_wait(&b, 0) == 0);
		budget_take(&b, 0);
	}
}

static void test_pause(void **state)
{
	struct budget_spec s;
	struct budget b;
	double until;

	(void)state;
	assert_true(budget_parse("1200/5m", &s));
	budget_init(&b, &s, 100.0);
	assert_false(budget_paused(&b, 100.0));
	/* Retry-After 20 s, with up to 10 % more at random. */
	until = budget_pause(&b, 100.0, 20, 300, 0.0);
	assert_true(until == 120.0);
	until = budget_pause(&b, 100.0, 20, 300, 1.0);
	assert_true(until > 121.9 && until < 122.1);
	assert_true(budget_paused(&b, 121.0));
	assert_true(budget_wait(&b, 110.0) >= 12.0 - 1e-9);
	/* A shorter one does not cut it short. */
	assert_true(budget_pause(&b, 101.0, 1, 300, 0.5) == until);
	/* Over: the bucket was emptied at the pause and refilled since (3.6/s). */
	assert_false(budget_paused(&b, until));
	assert_true(budget_wait(&b, until) == 0);
	/* No Retry-After: the default. */
	budget_init(&b, &s, 0);
	assert_true(budget_pause(&b, 0, -1, 300, 0.0) == 300);
	/* An absurd one is capped. */
	budget_init(&b, &s, 0);
	assert_true(budget_pause(&b, 0, 1e9, 300, 0.0) == BUDGET_PAUSE_MAX);
	/* A random number out of range is taken as the middle. */
	budget_init(&b, &s, 0);
	assert_true(fabs(budget_pause(&b, 0, 10, 300, NAN) - 10.5) < 1e-9);
	/* Without terms a pause still holds. */
	assert_true(budget_parse("none", &s));
	budget_init(&b, &s, 0);
	budget_pause(&b, 0, 5, 300, 0);
	assert_true(budget_wait(&b, 1) == 4);
	assert_true(budget_wait(&b, 5) == 0);
}

/* A clock that goes back neither refills nor drains. */
static void test_clock_back(void **state)
{
	struct budget_spec s;
	struct budget b;

	(void)state;
	assert_true(budget_parse("10/s", &s));
	budget_init(&b, &s, 100.0);
	budget_take(&b, 100.0);
	assert_true(budget_wait(&b, 100.0) > 0);
	assert_true(budget_wait(&b, 50.0) > 0);
	assert_true(budget_wait(&b, 100.2) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_pacing_under_the_limit),
	    cmocka_unit_test(test_pause),
	    cmocka_unit_test(test_clock_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
