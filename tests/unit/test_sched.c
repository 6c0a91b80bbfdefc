// SPDX-License-Identifier: MIT
/* Unit tests for the scheduler: timelines of events and the actions/wake-ups they must give. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "agent/sched.h"

/* One event of a timeline, then sched_step() at the same time and what it must return. */
enum ev {
	STEP,	/* nothing happens; the timer fired */
	DESIRE, /* sched_set_desired(addr); addr NULL: no eligible address */
	DONE,	/* sched_job_done(out, ra) */
	FORCE,	/* SIGUSR1 */
	LOAD,	/* sched_loaded_state(addr, "rid", "zid", ra = updated_at) */
	RESET,	/* config reload */
	ABORT,	/* job cancelled */
};

#define ANY   0.0 /* wake: not checked (a row that leaves .wake out) */
#define NEVER SCHED_NEVER

struct row {
	double t;
	enum ev ev;
	const char *addr;
	enum sched_outcome out;
	double ra; /* retry_after (DONE) or updated_at (LOAD) */
	enum sched_action act;
	double wake;
	const char *want; /* in_flight_addr after WRITE/VERIFY */
	const char *pub;  /* published after the row (NULL: not checked, "-": none) */
	const char *res;  /* sched_result_name() after the row (NULL: not checked) */
};

static const struct sched_params plain = {
    .min_interval = 10,
    .poll_interval = 300,
    .verify_interval = 3600,
    .settle = 0.05,
    .readable = false,
};
static const struct sched_params readable = {
    .min_interval = 10,
    .poll_interval = 300,
    .verify_interval = 3600,
    .settle = 0.05,
    .readable = true,
};
static const struct sched_params short_poll = {
    .min_interval = 10,
    .poll_interval = 60,
    .verify_interval = 3600,
    .readable = false,
};

static struct ipaddr addr(const char *s)
{
	struct ipaddr a;

	memset(&a, 0, sizeof(a));
	if (s)
		assert_true(ipaddr_parse(s, AF_UNSPEC, &a));
	return a;
}

/* Run rows; returns the number of WRITE actions. */
static int run(const char *name, const struct sched_params *p, const struct row *rows, size_t n,
	       struct sched_entry *e)
{
	char buf[IPADDR_STRLEN];
	int writes = 0;

	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		struct ipaddr a = addr(r->addr);
		struct sched_done d = {.outcome = r->out,
				       .retry_after = r->ra,
				       .error = "HTTP 503",
				       .record_id = "rec1"};
		enum sched_action act;
		double wake;

		switch (r->ev) {
		case STEP:
			break;
		case DESIRE:
			sched_set_desired(e, r->addr ? &a : NULL);
			break;
		case DONE:
			assert_true(e->in_flight);
			sched_job_done(e, p, &d, r->t, 0.0);
			assert_false(e->in_flight);
			break;
		case FORCE:
			sched_force(e);
			break;
		case LOAD:
			sched_loaded_state(e, r->addr ? &a : NULL, "rid", "zid", r->ra);
			break;
		case RESET:
			sched_reset_permanent(e);
			break;
		case ABORT:
			sched_job_abort(e);
			break;
		}
		act = sched_step(e, p, r->t, &wake);
		if (act != r->act)
			fail_msg("%s row %zu (t=%g): action %d, want %d", name, i, r->t, act,
				 r->act);
		if (r->wake != ANY && (wake < r->wake - 1e-9 || wake > r->wake + 1e-9))
			fail_msg("%s row %zu (t=%g): wake %g, want %g", name, i, r->t, wake,
				 r->wake);
		if (act != SCHED_NONE) {
			assert_true(e->in_flight);
			assert_int_equal(e->in_flight_kind, act);
			if (r->want)
				assert_string_equal(ipaddr_ntop(&e->in_flight_addr, buf), r->want);
		}
		if (act == SCHED_WRITE)
			writes++;
		if (r->pub && strcmp(ipaddr_ntop(&e->published, buf), r->pub) != 0)
			fail_msg("%s row %zu: published %s, want %s", name, i, buf, r->pub);
		if (r->res && strcmp(sched_result_name(sched_result(e)), r->res) != 0)
			fail_msg("%s row %zu: result %s, want %s", name, i,
				 sched_result_name(sched_result(e)), r->res);
	}
	return writes;
}

#define A		"203.0.113.1"
#define B		"203.0.113.2"
#define C		"203.0.113.3"
#define RUN(p, rows, e) run(__func__, p, rows, sizeof(rows) / sizeof(rows[0]), e)

static void test_first_sync(void **state)
{
	static const struct row rows[] = {
	    {0, STEP, .act = SCHED_NONE, .wake = NEVER, .pub = "-", .res = "-"},
	    {0, DESIRE, A, .act = SCHED_WRITE, .wake = NEVER, .want = A, .res = "pending"},
	    {0.01, STEP, .act = SCHED_NONE, .wake = NEVER}, /* in flight */
	    {0.3, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = NEVER, .pub = A, .res = "ok"},
	    {500, STEP, .act = SCHED_NONE, .wake = NEVER, .pub = A},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 1);
	assert_string_equal(e.record_id, "rec1");
	assert_true(e.published_at == 0.3);
	assert_true(e.wrote && e.last_write == 0);
}

/* After a restart nothing is written for a record that already holds the desired address;
 * a readable provider is verified (read only) verify-interval after updated_at. */
static void test_restart_in_sync(void **state)
{
	static const struct row plain_rows[] = {
	    {1000, LOAD, A, .ra = 900, .act = SCHED_NONE, .wake = NEVER, .pub = A, .res = "ok"},
	    {1000, DESIRE, A, .act = SCHED_NONE, .wake = NEVER, .res = "ok"},
	    {1300, STEP, .act = SCHED_NONE, .wake = NEVER},
	};
	static const struct row read_rows[] = {
	    {1000, LOAD, A, .ra = 900, .act = SCHED_NONE, .wake = NEVER},
	    {1000, DESIRE, A, .act = SCHED_NONE, .wake = 4500},
	    {4500, STEP, .act = SCHED_VERIFY, .want = A},
	    {4501, DONE, .out = SCHED_UNCHANGED, .act = SCHED_NONE, .wake = 8101, .pub = A,
	     .res = "unchanged"},
	};
	/* Down for a day: one read at start-up, never a write. */
	static const struct row late_rows[] = {
	    {90000, LOAD, A, .ra = 900, .act = SCHED_NONE},
	    {90000, DESIRE, A, .act = SCHED_VERIFY, .want = A},
	    {90001, DONE, .out = SCHED_UNCHANGED, .act = SCHED_NONE, .wake = 93601},
	};
	/* The state says B but the address is now A: written at once. */
	static const struct row moved_rows[] = {
	    {1000, LOAD, B, .ra = 900, .act = SCHED_NONE},
	    {1000, DESIRE, A, .act = SCHED_WRITE, .want = A},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, plain_rows, &e), 0);
	assert_string_equal(e.record_id, "rid");
	assert_string_equal(e.zone_id, "zid");
	memset(&e, 0, sizeof(e));
	assert_int_equal(RUN(&readable, read_rows, &e), 0);
	assert_true(e.published_at == 900); /* confirmed, not rewritten */
	memset(&e, 0, sizeof(e));
	assert_int_equal(RUN(&readable, late_rows, &e), 0);
	memset(&e, 0, sizeof(e));
	assert_int_equal(RUN(&plain, moved_rows, &e), 1);
}

/* A -> B -> C inside min-interval: one write of C at last_write + min_interval. */
static void test_trailing_edge(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE, .want = A},
	    {0.2, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = NEVER, .pub = A},
	    {1, DESIRE, B, .act = SCHED_NONE, .wake = 10, .res = "pending"},
	    {2, DESIRE, C, .act = SCHED_NONE, .wake = 10},
	    {9.99, STEP, .act = SCHED_NONE, .wake = 10},
	    {10, STEP, .act = SCHED_WRITE, .want = C, .pub = A},
	    {10.2, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = NEVER, .pub = C},
	    /* Outside the window again: at once. */
	    {30, DESIRE, A, .act = SCHED_WRITE, .want = A},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 3);
}

/* A -> B -> A inside the window: nothing to write at the edge. */
static void test_flap_back(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {0.2, DONE, .out = SCHED_OK, .act = SCHED_NONE},
	    {1, DESIRE, B, .act = SCHED_NONE, .wake = 10},
	    {2, DESIRE, A, .act = SCHED_NONE, .wake = NEVER, .res = "ok"},
	    {10, STEP, .act = SCHED_NONE, .wake = NEVER, .pub = A},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 1);
}

/* Transient failures: retried after backoff (first within 5 s), never marked published. */
static void test_transient(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {0.5, DONE, .out = SCHED_RETRY, .ra = -1, .act = SCHED_NONE, .wake = 1.5, .pub = "-",
	     .res = "retrying"},
	    {1, STEP, .act = SCHED_NONE, .wake = 1.5},
	    {1.5, STEP, .act = SCHED_WRITE, .want = A},
	    {2, DONE, .out = SCHED_RETRY, .ra = -1, .act = SCHED_NONE, .wake = 4, .pub = "-"},
	    /* A change during the backoff waits for it too (the provider is the problem). */
	    {3, DESIRE, B, .act = SCHED_NONE, .wake = 4},
	    {4, STEP, .act = SCHED_WRITE, .want = B},
	    {4.5, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = NEVER, .pub = B, .res = "ok"},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 3);
	assert_int_equal(e.failures, 0);
	assert_string_equal(e.error, "");
	/* A failed write does not start the min-interval window: the success at 4 does. */
	assert_true(e.last_write == 4);
}

static void test_first_retry_within_5s(void **state)
{
	(void)state;
	for (double rnd = 0; rnd <= 1.0; rnd += 0.125) {
		struct sched_entry e = {0};
		struct sched_done d = {.outcome = SCHED_RETRY, .retry_after = -1};
		struct ipaddr a = addr(A);
		double wake;

		sched_set_desired(&e, &a);
		assert_int_equal(sched_step(&e, &plain, 100, &wake), SCHED_WRITE);
		sched_job_done(&e, &plain, &d, 100, rnd);
		assert_int_equal(sched_step(&e, &plain, 100, &wake), SCHED_NONE);
		assert_true(wake > 100 && wake <= 105);
		assert_false(ipaddr_is_set(&e.published));
	}
}

static void test_retry_after(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {0.5, DONE, .out = SCHED_RETRY, .ra = 30, .act = SCHED_NONE, .wake = 30.5},
	    {30.5, STEP, .act = SCHED_WRITE},
	    /* Beyond the cap (poll 60): the provider's explicit limit wins. */
	    {31, DONE, .out = SCHED_RETRY, .ra = 120, .act = SCHED_NONE, .wake = 151},
	    {151, STEP, .act = SCHED_WRITE},
	    {152, DONE, .out = SCHED_OK, .act = SCHED_NONE, .pub = A},
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&short_poll, rows, &e);
}

static void test_backoff_capped_at_poll(void **state)
{
	struct sched_entry e = {0};
	struct sched_done d = {.outcome = SCHED_RETRY, .retry_after = -1};
	struct ipaddr a = addr(A);
	double now = 0, wake;

	(void)state;
	sched_set_desired(&e, &a);
	for (int i = 0; i < 30; i++) {
		assert_int_equal(sched_step(&e, &short_poll, now, &wake), SCHED_WRITE);
		sched_job_done(&e, &short_poll, &d, now, 1.0);
		assert_int_equal(sched_step(&e, &short_poll, now, &wake), SCHED_NONE);
		assert_true(wake - now <= 60 + 1e-9);
		now = wake;
	}
	assert_int_equal(e.failures, 30);
}

/* Permanent: no retry until the address changes again (a link bounce back to the same
 * address is not a change) or the config is reloaded. */
static void test_permanent(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {0.5, DONE, .out = SCHED_PERMANENT, .act = SCHED_NONE, .wake = NEVER, .pub = "-",
	     .res = "failed"},
	    {1000, STEP, .act = SCHED_NONE, .wake = NEVER, .res = "failed"},
	    {1001, FORCE, .act = SCHED_NONE, .wake = NEVER}, /* SIGUSR1 is not a reload */
	    {1002, DESIRE, NULL, .act = SCHED_NONE, .wake = NEVER},
	    {1003, DESIRE, A, .act = SCHED_NONE, .wake = NEVER, .res = "failed"},
	    {1004, DESIRE, B, .act = SCHED_WRITE, .want = B},
	    {1005, DONE, .out = SCHED_PERMANENT, .act = SCHED_NONE, .wake = NEVER},
	    {1006, DESIRE, A, .act = SCHED_WRITE, .want = A}, /* changed again */
	    {1007, DONE, .out = SCHED_PERMANENT, .act = SCHED_NONE, .wake = NEVER},
	    {2000, RESET, .act = SCHED_WRITE, .want = A}, /* SIGHUP */
	    {2001, DONE, .out = SCHED_OK, .act = SCHED_NONE, .pub = A, .res = "ok"},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 4);
	assert_string_equal(e.error, "");
}

/* No eligible address: nothing is done and the published address is kept. */
static void test_no_address(void **state)
{
	static const struct row rows[] = {
	    {0, LOAD, A, .ra = 1, .act = SCHED_NONE},
	    {0, DESIRE, NULL, .act = SCHED_NONE, .wake = NEVER, .pub = A},
	    {100, FORCE, .act = SCHED_NONE, .wake = NEVER, .pub = A},
	    {5000, STEP, .act = SCHED_NONE, .wake = NEVER, .pub = A, .res = "ok"},
	    {5001, DESIRE, B, .act = SCHED_WRITE, .want = B},
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&readable, rows, &e);
}

static void test_verify(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {1, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = 3601},
	    {3600, STEP, .act = SCHED_NONE, .wake = 3601},
	    {3601, STEP, .act = SCHED_VERIFY, .want = A, .res = "pending"},
	    /* Someone edited the record: the verify job repaired it. */
	    {3602, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = 7202, .pub = A},
	    {7202, STEP, .act = SCHED_VERIFY},
	    {7203, DONE, .out = SCHED_UNCHANGED, .act = SCHED_NONE, .wake = 10803,
	     .res = "unchanged"},
	    /* A verify that fails transiently is retried as a verify. */
	    {10803, STEP, .act = SCHED_VERIFY},
	    {10804, DONE, .out = SCHED_RETRY, .ra = -1, .act = SCHED_NONE, .wake = 10805,
	     .res = "retrying"},
	    {10805, STEP, .act = SCHED_VERIFY, .want = A},
	    {10806, DONE, .out = SCHED_UNCHANGED, .act = SCHED_NONE, .wake = 14406, .pub = A},
	    /* A permanent failure stops verifying until the address changes. */
	    {14406, STEP, .act = SCHED_VERIFY},
	    {14407, DONE, .out = SCHED_PERMANENT, .act = SCHED_NONE, .wake = NEVER,
	     .res = "failed"},
	    {20000, STEP, .act = SCHED_NONE, .wake = NEVER},
	    {20001, DESIRE, B, .act = SCHED_WRITE, .want = B},
	};
	/* Providers that cannot be read are never re-sent an unchanged address. */
	static const struct row plain_rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {1, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = NEVER},
	    {3601, STEP, .act = SCHED_NONE, .wake = NEVER},
	    {99999, FORCE, .act = SCHED_NONE, .wake = NEVER},
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&readable, rows, &e);
	memset(&e, 0, sizeof(e));
	assert_int_equal(RUN(&plain, plain_rows, &e), 1);
}

/* SIGUSR1: verify now; and retry now, skipping the backoff wait. */
static void test_force(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {1, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = 3601},
	    {50, FORCE, .act = SCHED_VERIFY, .want = A},
	    {51, DONE, .out = SCHED_UNCHANGED, .act = SCHED_NONE, .wake = 3651},
	    {100, DESIRE, B, .act = SCHED_WRITE, .want = B},
	    {101, DONE, .out = SCHED_RETRY, .ra = 200, .act = SCHED_NONE, .wake = 301},
	    {102, FORCE, .act = SCHED_WRITE, .want = B},
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&readable, rows, &e);
}

/* A change while a job runs is remembered and written after it, at the window's end. */
static void test_in_flight_change(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE, .want = A},
	    {0.1, DESIRE, B, .act = SCHED_NONE, .wake = NEVER, .res = "pending"},
	    {0.5, DONE, .out = SCHED_OK, .act = SCHED_NONE, .wake = 10, .pub = A, .res = "pending"},
	    {10, STEP, .act = SCHED_WRITE, .want = B},
	    {10.5, DONE, .out = SCHED_OK, .act = SCHED_NONE, .pub = B},
	    /* ... also after a failure: the retry carries the newest address. */
	    {20.5, DESIRE, C, .act = SCHED_WRITE, .want = C},
	    {20.6, DESIRE, A, .act = SCHED_NONE},
	    {21, DONE, .out = SCHED_RETRY, .ra = -1, .act = SCHED_NONE, .wake = 22},
	    {22, STEP, .act = SCHED_WRITE, .want = A},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 4);
}

/* The write that kept failing is no longer wanted: the backoff is dropped. */
static void test_stale_backoff(void **state)
{
	static const struct row rows[] = {
	    {0, LOAD, A, .ra = 1, .act = SCHED_NONE},
	    {0, DESIRE, B, .act = SCHED_WRITE, .want = B},
	    {1, DONE, .out = SCHED_RETRY, .ra = -1, .act = SCHED_NONE, .wake = 2},
	    {1.5, DESIRE, A, .act = SCHED_NONE, .wake = NEVER, .pub = A, .res = "ok"},
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&plain, rows, &e);
	assert_int_equal(e.failures, 0);
	assert_true(e.next_retry == 0);
	assert_string_equal(e.error, "");
}

static void test_dry_run(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {1, DONE, .out = SCHED_DRY_RUN, .act = SCHED_NONE, .wake = NEVER, .pub = "-",
	     .res = "dry-run"},
	    {500, STEP, .act = SCHED_NONE, .wake = NEVER},
	    {501, DESIRE, B, .act = SCHED_WRITE, .want = B},
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&plain, rows, &e);
}

static void test_abort(void **state)
{
	static const struct row rows[] = {
	    {0, DESIRE, A, .act = SCHED_WRITE},
	    {1, ABORT, .act = SCHED_WRITE, .want = A},
	    {2, DONE, .out = SCHED_OK, .act = SCHED_NONE, .pub = A},
	};
	struct sched_entry e = {0};

	(void)state;
	assert_int_equal(RUN(&plain, rows, &e), 2);
	/* A completion for a job that is not in flight is ignored. */
	e.in_flight = false;
	sched_job_done(&e, &plain, &(struct sched_done){.outcome = SCHED_PERMANENT}, 3, 0);
	assert_false(e.stopped);
}

/* The wall clock stepped back an hour: the window lasts min-interval, not an hour. */
static void test_clock_step_back(void **state)
{
	static const struct row rows[] = {
	    {5000, DESIRE, A, .act = SCHED_WRITE},
	    {5001, DONE, .out = SCHED_OK, .act = SCHED_NONE},
	    {1400, DESIRE, B, .act = SCHED_NONE, .wake = 1410},
	    {1410, STEP, .act = SCHED_WRITE, .want = B},
	    {1411, DONE, .out = SCHED_RETRY, .ra = 3000, .act = SCHED_NONE, .wake = 4411},
	    {100, STEP, .act = SCHED_NONE, .wake = 3700}, /* at most an hour ahead */
	};
	struct sched_entry e = {0};

	(void)state;
	RUN(&plain, rows, &e);
}

static void test_ipv6_and_errors(void **state)
{
	struct sched_entry e = {0};
	struct ipaddr a = addr("2001:db8::1");
	struct sched_done d = {.outcome = SCHED_RETRY,
			       .retry_after = -1,
			       .error = "bad\r\nline\x01\xff",
			       .record_id = ""};
	char longid[SCHED_ID_LEN + 10];
	double wake;

	(void)state;
	sched_set_desired(&e, &a);
	assert_int_equal(sched_step(&e, &plain, 0, &wake), SCHED_WRITE);
	sched_job_done(&e, &plain, &d, 0, 0);
	assert_string_equal(e.error, "bad??line??");
	assert_int_equal(sched_step(&e, &plain, 5, &wake), SCHED_WRITE);
	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	d = (struct sched_done){.outcome = SCHED_OK, .record_id = longid, .zone_id = "z"};
	sched_job_done(&e, &plain, &d, 6, 0);
	assert_string_equal(e.record_id, ""); /* a truncated id would name another object */
	assert_string_equal(e.zone_id, "z");
	assert_true(ipaddr_equal(&e.published, &a));
	assert_false(sched_needs_write(&e));
}

static void test_result_names(void **state)
{
	static const char *const want[] = {"-",	       "ok",	 "unchanged", "pending",
					   "retrying", "failed", "dry-run"};

	(void)state;
	for (int r = SCHED_RES_NONE; r <= SCHED_RES_DRY_RUN; r++)
		assert_string_equal(sched_result_name((enum sched_result)r), want[r]);
	assert_string_equal(sched_result_name((enum sched_result)99), "-");
}

/* A write-only service's error code holds the entry for any address until reload; a firm
 * retry_after (dyndns2 911) is not shortened by a new address or SIGUSR1. */
static void test_hold_and_firm_retry(void **state)
{
	struct sched_entry e;
	struct ipaddr a, b;
	double w;
	struct sched_done hold = {
	    .outcome = SCHED_PERMANENT, .error = "dyndns2: abuse", .hold = true};
	struct sched_done later = {.outcome = SCHED_RETRY, .retry_after = 1800, .firm_retry = true};

	(void)state;
	memset(&e, 0, sizeof(e));
	assert_true(ipaddr_parse("192.0.2.1", AF_INET, &a));
	assert_true(ipaddr_parse("192.0.2.2", AF_INET, &b));
	sched_set_desired(&e, &a);
	assert_int_equal(sched_step(&e, &plain, 100, &w), SCHED_WRITE);
	sched_job_done(&e, &plain, &hold, 101, 0.5);
	assert_int_equal(sched_step(&e, &plain, 200, &w), SCHED_NONE);
	/* A new address does not lift a hold, nor does SIGUSR1. */
	sched_set_desired(&e, &b);
	sched_force(&e);
	assert_int_equal(sched_step(&e, &plain, 300, &w), SCHED_NONE);
	assert_true(w == NEVER);
	assert_false(sched_needs_write(&e));
	assert_string_equal(sched_result_name(sched_result(&e)), "failed");
	assert_string_equal(e.error, "dyndns2: abuse");
	/* A reload does. */
	sched_reset_permanent(&e);
	assert_int_equal(sched_step(&e, &plain, 400, &w), SCHED_WRITE);
	assert_true(ipaddr_equal(&e.in_flight_addr, &b));

	/* 911: nothing for 30 minutes, whatever happens. */
	sched_job_done(&e, &plain, &later, 401, 0.0);
	sched_set_desired(&e, &a);
	sched_force(&e);
	assert_int_equal(sched_step(&e, &plain, 402, &w), SCHED_NONE);
	assert_true(w >= 401 + 1800 - 0.001);
	sched_reset_permanent(&e);
	assert_int_equal(sched_step(&e, &plain, 2000, &w), SCHED_NONE);
	assert_int_equal(sched_step(&e, &plain, 2201, &w), SCHED_WRITE);

	/* sched_hold from the other family's outcome. */
	memset(&e, 0, sizeof(e));
	sched_set_desired(&e, &a);
	sched_hold(&e, "dyndns2: badauth");
	assert_int_equal(sched_step(&e, &plain, 10, &w), SCHED_NONE);
	assert_string_equal(sched_result_name(sched_result(&e)), "failed");
	sched_reset_permanent(&e);
	assert_int_equal(sched_step(&e, &plain, 11, &w), SCHED_WRITE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_sync),	     cmocka_unit_test(test_restart_in_sync),
	    cmocka_unit_test(test_trailing_edge),    cmocka_unit_test(test_flap_back),
	    cmocka_unit_test(test_transient),	     cmocka_unit_test(test_first_retry_within_5s),
	    cmocka_unit_test(test_retry_after),	     cmocka_unit_test(test_backoff_capped_at_poll),
	    cmocka_unit_test(test_permanent),	     cmocka_unit_test(test_no_address),
	    cmocka_unit_test(test_verify),	     cmocka_unit_test(test_force),
	    cmocka_unit_test(test_in_flight_change), cmocka_unit_test(test_stale_backoff),
	    cmocka_unit_test(test_dry_run),	     cmocka_unit_test(test_abort),
	    cmocka_unit_test(test_clock_step_back),  cmocka_unit_test(test_ipv6_and_errors),
	    cmocka_unit_test(test_result_names),     cmocka_unit_test(test_hold_and_firm_retry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
