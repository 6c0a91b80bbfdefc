// SPDX-License-Identifier: MIT
/* Writes per batch: N job results arriving one by one cost about duration / gap writes of
 * state.json, none is lost, and an exit writes what still waits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent/coalesce.h"
#include "agent/state.h"

#define N_JOBS 400
#define GAP    0.1

/* One job result every ms into a state, and a coalesced flush that saves it to disk. */
static struct {
	struct coalesce co;
	ev_timer jobs;
	struct state st;
	char dir[64];
	int done;	    /* results so far */
	int saved;	    /* results in the last file written */
	double first, last; /* ev_now of the first and the last result */
	unsigned writes;
	double at[N_JOBS]; /* ev_now of each write */
} w;

static void save(struct coalesce *c)
{
	assert_ptr_equal(c, &w.co);
	assert_int_equal(state_save(w.dir, &w.st), 0);
	w.saved = w.done;
	w.at[w.writes++] = ev_now(c->loop);
}

static void job_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	struct state_entry e;

	(void)revents;
	memset(&e, 0, sizeof(e));
	snprintf(e.record, sizeof(e.record), "r%d", w.done);
	snprintf(e.name, sizeof(e.name), "r%d.example.com", w.done);
	strcpy(e.provider, "cf");
	e.fam = FAM_V4;
	assert_true(ipaddr_parse("203.0.113.9", AF_INET, &e.address));
	assert_int_equal(state_put(&w.st, &e), 0);
	if (w.done++ == 0)
		w.first = ev_now(loop);
	w.last = ev_now(loop);
	coalesce_mark(&w.co);
	if (w.done == N_JOBS)
		ev_timer_stop(loop, t);
}

static void setup_world(struct ev_loop *loop)
{
	memset(&w, 0, sizeof(w));
	strcpy(w.dir, "/tmp/ddnsd-coalesce-XXXXXX");
	assert_non_null(mkdtemp(w.dir));
	coalesce_init(&w.co, loop, GAP, save);
}

static void cleanup_world(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", w.dir, STATE_FILE);
	unlink(path);
	rmdir(w.dir);
	state_free(&w.st);
}

static void test_n_jobs_few_writes(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct state back = {0};
	struct errbuf err = {{0}};
	double span;

	(void)state;
	assert_non_null(loop);
	setup_world(loop);
	ev_timer_init(&w.jobs, job_cb, 0.001, 0.001);
	ev_timer_start(loop, &w.jobs);
	/* Returns when both the job timer and the last flush are done. */
	ev_run(loop, 0);
	assert_int_equal(w.done, N_JOBS);
	/* Every result is in the file: the last write came after the last result. */
	assert_int_equal(w.saved, N_JOBS);
	assert_false(w.co.dirty);
	assert_int_equal(state_load(w.dir, &back, &err), 0);
	assert_int_equal(back.n, N_JOBS);
	/* One write at the first result, then at most one per gap: however late the machine
	 * runs the timers, never two writes within a gap. */
	span = w.last - w.first;
	printf("# %d results over %.2f s: %u writes of state.json\n", N_JOBS, span, w.writes);
	assert_true(w.at[0] - w.first < GAP);
	for (unsigned i = 1; i < w.writes; i++)
		if (w.at[i] - w.at[i - 1] < GAP - 0.001)
			fail_msg("writes %u and %u %.4f s apart", i - 1, i, w.at[i] - w.at[i - 1]);
	assert_true(w.writes >= 2);
	assert_true(w.writes < N_JOBS / 10);
	assert_int_equal(w.co.n, w.writes);
	state_free(&back);
	cleanup_world();
	ev_loop_destroy(loop);
}

static void test_isolated_result_at_once(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);

	(void)state;
	setup_world(loop);
	w.co.gap = 3600; /* a second result would wait an hour */
	job_cb(loop, &w.jobs, 0);
	ev_run(loop, EVRUN_NOWAIT);
	ev_run(loop, EVRUN_NOWAIT);
	assert_int_equal(w.writes, 1);
	/* The next one waits for the gap, but an exit writes it. */
	job_cb(loop, &w.jobs, 0);
	ev_run(loop, EVRUN_NOWAIT);
	assert_int_equal(w.writes, 1);
	assert_true(w.co.dirty);
	coalesce_flush(&w.co);
	assert_int_equal(w.writes, 2);
	assert_int_equal(w.saved, 2);
	/* Clean: nothing more to write, and no timer left. */
	coalesce_flush(&w.co);
	assert_int_equal(w.writes, 2);
	assert_false(ev_is_active(&w.co.timer));
	/* Stopped: a waiting change is dropped, the timer is gone. */
	job_cb(loop, &w.jobs, 0);
	coalesce_stop(&w.co);
	assert_false(ev_is_active(&w.co.timer));
	assert_false(w.co.dirty);
	cleanup_world();
	ev_loop_destroy(loop);
}

/* A flush that burns BURN s of CPU: the next one waits at least COALESCE_COST_RATIO times
 * that, not the base gap, so that flushes of many entries take a bounded share of the time. */
#define BURN 0.004

static double thread_cpu(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts), 0);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void costly(struct coalesce *c)
{
	double t0 = thread_cpu();

	while (thread_cpu() - t0 < BURN)
		;
	w.at[w.writes++] = ev_now(c->loop);
}

static void mark_cb(struct ev_loop *loop, ev_timer *t, int revents)
{
	(void)revents;
	coalesce_mark(&w.co);
	if (++w.done == 3)
		ev_timer_stop(loop, t);
}

static void test_costly_flush_longer_gap(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);

	(void)state;
	assert_non_null(loop);
	memset(&w, 0, sizeof(w));
	coalesce_init(&w.co, loop, 0.01, costly);
	/* Three changes 50 ms apart: with the base gap they would make three writes. */
	ev_timer_init(&w.jobs, mark_cb, 0.001, 0.05);
	ev_timer_start(loop, &w.jobs);
	ev_run(loop, 0);
	assert_true(w.co.cost >= BURN);
	assert_true(w.co.next_gap >= BURN * COALESCE_COST_RATIO);
	printf("# a flush of %.1f ms CPU: next gap %.2f s; %u writes\n", w.co.cost * 1e3,
	       w.co.next_gap, w.writes);
	assert_int_equal(w.writes, 2);
	if (w.at[1] - w.at[0] < BURN * COALESCE_COST_RATIO - 0.001)
		fail_msg("writes %.3f s apart", w.at[1] - w.at[0]);
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_n_jobs_few_writes),
	    cmocka_unit_test(test_isolated_result_at_once),
	    cmocka_unit_test(test_costly_flush_longer_gap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
