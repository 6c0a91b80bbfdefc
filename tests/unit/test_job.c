// SPDX-License-Identifier: MIT
/* The job runner over a fake HTTP seam: caps, FIFO, step loop, errors, cancellation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/cloudflare.h"
#include "providers/job.h"

#define TOKEN	   "job-test-token-0123456789"
#define ZID	   "023e105f4ecef8ad9ca31a8372d0c353"
#define NEWID	   "fe0e67954025e0ba6aaa6d586b9e0b61"
#define CA	   "/etc/ddnsd/test-ca.pem"
#define EMPTY_LIST "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[]}"
#define ZONE_LIST                                                                                  \
	"{\"success\":true,\"errors\":[],\"result\":[{\"id\":\"" ZID                               \
	"\",\"name\":\"example.com\"}]}"
/* Cloudflare's reply to the POST of job i: the record as sent (a write counts only then). */
static const char *created(int i)
{
	static char buf[256];

	snprintf(buf, sizeof(buf),
		 "{\"success\":true,\"errors\":[],\"result\":{\"id\":\"" NEWID "\",\"type\":\"A\","
		 "\"name\":\"h%d.example.com\",\"content\":\"203.0.113.9\"}}",
		 i);
	return buf;
}

/* ---- the fake http.c: requests wait until the test answers them ---- */

struct http_job {
	int idx;
};

#define FAKE_MAX 64

static struct {
	struct http_job jobs[FAKE_MAX];
	bool live[FAKE_MAX];
	http_done_fn done[FAKE_MAX];
	void *arg[FAKE_MAX];
	char url[FAKE_MAX][256];
	const char *ca; /* the ca-file requests must carry (NULL: CA) */
	char body[FAKE_MAX][256];
	enum http_method method[FAKE_MAX];
	int n, n_live, max_live, n_cancelled;
	bool fail_submit;
} fk;

static struct http_job *fake_submit(struct http_ctx *ctx, const struct http_request *req,
				    http_done_fn done, void *arg)
{
	int i = fk.n;

	assert_null(ctx);
	assert_int_equal(req->connect_timeout_ms, 5000);
	assert_int_equal(req->timeout_ms, 15000);
	assert_int_equal(req->max_body, 64 * 1024);
	assert_string_equal(req->ca_file, fk.ca ? fk.ca : CA);
	if (fk.fail_submit) {
		errno = ENOMEM;
		return NULL;
	}
	assert_true(i < FAKE_MAX);
	fk.n++;
	fk.jobs[i].idx = i;
	fk.live[i] = true;
	fk.done[i] = done;
	fk.arg[i] = arg;
	fk.method[i] = req->method;
	snprintf(fk.url[i], sizeof(fk.url[i]), "%s", req->url);
	snprintf(fk.body[i], sizeof(fk.body[i]), "%.*s", (int)req->body_len,
		 req->body ? req->body : "");
	if (++fk.n_live > fk.max_live)
		fk.max_live = fk.n_live;
	return &fk.jobs[i];
}

static void fake_cancel(struct http_ctx *ctx, struct http_job *job)
{
	assert_null(ctx);
	assert_true(fk.live[job->idx]);
	fk.live[job->idx] = false;
	fk.n_live--;
	fk.n_cancelled++;
}

static const struct prov_http fake_seam = {fake_submit, fake_cancel};

static void answer(int i, int curl_code, long status, const char *body, long retry_after)
{
	struct http_response resp;

	assert_true(i < fk.n && fk.live[i]);
	memset(&resp, 0, sizeof(resp));
	resp.curl_code = curl_code;
	if (curl_code)
		snprintf(resp.error, sizeof(resp.error), "Failed to connect to 192.0.2.1 port 443");
	resp.status = status;
	resp.body = body;
	resp.len = strlen(body);
	resp.retry_after = retry_after;
	resp.elapsed_ms = 10;
	fk.live[i] = false;
	fk.n_live--;
	fk.done[i](fk.arg[i], &resp);
}

/* ---- jobs and what their callbacks saw ---- */

#define NJOBS 24

struct world {
	struct cfg_param params[3];
	struct cfg_provider prov;
	struct cfg_record recs[NJOBS];
	char names[NJOBS][64];
	struct prov_job jobs[NJOBS];
	struct prov_runner *runner;
	/* done calls, in order */
	int done_order[NJOBS * 2];
	struct prov_outcome outs[NJOBS];
	int n_done;
	/* what a done callback does */
	int cancel_in_done; /* job index to cancel from the first done, or -1 */
	bool cancel_all_in_done;
};

static struct world w;

static void setup_world(const char *max_concurrent, bool zone_known)
{
	struct ipaddr a;
	int i;

	memset(&fk, 0, sizeof(fk));
	prov_runner_free(w.runner);
	for (i = 0; i < 3; i++)
		secret_free(&w.params[i].secret);
	memset(&w, 0, sizeof(w));
	w.cancel_in_done = -1;
	w.params[0].key = "token";
	w.params[0].is_secret = true;
	assert_int_equal(secret_set(&w.params[0].secret, TOKEN, strlen(TOKEN)), 0);
	w.params[1].key = "max-concurrent";
	w.params[1].value = (char *)max_concurrent;
	w.prov.name = "cf";
	w.prov.type = "cloudflare";
	w.prov.params = w.params;
	w.prov.n_params = max_concurrent ? 2 : 1;
	assert_true(ipaddr_parse("203.0.113.9", AF_INET, &a));
	for (i = 0; i < NJOBS; i++) {
		snprintf(w.names[i], sizeof(w.names[i]), "h%d.example.com", i);
		w.recs[i].name = w.names[i];
		w.recs[i].proxied = -1;
		w.recs[i].provider = &w.prov;
		prov_job_init(&w.jobs[i], &w.prov, &w.recs[i], FAM_V4, &a);
		if (zone_known)
			strcpy(w.jobs[i].zone_id, ZID);
	}
	w.runner = prov_runner_new_with(NULL, CA, &fake_seam);
	assert_non_null(w.runner);
}

static int job_index(const struct prov_job *job)
{
	return (int)(job - w.jobs);
}

static void on_done(void *arg, struct prov_job *job, const struct prov_outcome *out)
{
	int i = job_index(job);

	assert_ptr_equal(arg, &w);
	assert_null(strstr(out->message, TOKEN));
	w.outs[i] = *out;
	w.done_order[w.n_done++] = i;
	if (w.cancel_in_done >= 0) {
		prov_cancel(w.runner, &w.jobs[w.cancel_in_done]);
		/* cancelling the job being reported is a no-op */
		prov_cancel(w.runner, job);
		w.cancel_in_done = -1;
	}
	if (w.cancel_all_in_done) {
		prov_runner_cancel_all(w.runner);
		w.cancel_all_in_done = false;
	}
}

/* The live request whose URL mentions job i's name. */
static int req_of(int i)
{
	int k;

	for (k = 0; k < fk.n; k++)
		if (fk.live[k] && strstr(fk.url[k], w.names[i]))
			return k;
	return -1;
}

static void test_cap_and_fifo(void **state)
{
	int i;

	(void)state;
	setup_world("2", true);
	for (i = 0; i < 5; i++)
		assert_int_equal(prov_run(w.runner, &w.jobs[i], on_done, &w), 0);
	assert_int_equal(fk.n_live, 2);
	assert_int_equal(prov_runner_active(w.runner), 2);
	assert_int_equal(prov_runner_queued(w.runner), 3);
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), -EBUSY);
	/* Answer the oldest live request each time: the queue drains in order. */
	for (i = 0; i < 5; i++) {
		int k = req_of(i);

		assert_true(k >= 0);
		assert_non_null(strstr(fk.url[k], "name.exact="));
		answer(k, 0, 200, EMPTY_LIST, -1);
		/* no record -> the job goes on to create it */
		k = req_of(i);
		assert_true(k < 0 || fk.method[k] == HTTP_POST);
		answer(fk.n - 1, 0, 200, created(i), -1);
	}
	assert_true(fk.max_live <= 2);
	assert_int_equal(w.n_done, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(w.done_order[i], i);
		assert_int_equal(w.outs[i].result, PROV_OK);
		assert_int_equal(w.outs[i].requests, 2);
		assert_true(w.outs[i].elapsed_ms == 20.0);
		assert_string_equal(w.outs[i].record_id, NEWID);
	}
	assert_int_equal(prov_runner_active(w.runner), 0);
	assert_int_equal(prov_runner_queued(w.runner), 0);
}

static void test_default_cap(void **state)
{
	int i;

	(void)state;
	setup_world(NULL, true);
	for (i = 0; i < 10; i++)
		assert_int_equal(prov_run(w.runner, &w.jobs[i], on_done, &w), 0);
	assert_int_equal(fk.n_live, 4);
	assert_int_equal(prov_runner_queued(w.runner), 6);
	prov_runner_cancel_all(w.runner);
	assert_int_equal(fk.n_live, 0);
	assert_int_equal(fk.n_cancelled, 4);
	assert_int_equal(w.n_done, 0);
	assert_int_equal(prov_runner_queued(w.runner), 0);
	/* the runner is usable again */
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	assert_int_equal(fk.n_live, 1);
}

static void test_steps_loop(void **state)
{
	(void)state;
	setup_world("4", false);
	assert_int_equal(prov_run(w.runner, &w.jobs[3], on_done, &w), 0);
	assert_string_equal(fk.url[0],
			    "https://api.cloudflare.com/client/v4/zones?name=h3.example.com");
	answer(0, 0, 200, EMPTY_LIST, -1);
	assert_string_equal(fk.url[1],
			    "https://api.cloudflare.com/client/v4/zones?name=example.com");
	answer(1, 0, 200, ZONE_LIST, -1);
	assert_int_equal(fk.method[2], HTTP_GET);
	answer(2, 0, 200, EMPTY_LIST, -1);
	assert_int_equal(fk.method[3], HTTP_POST);
	assert_string_equal(fk.body[3], "{\"type\":\"A\",\"name\":\"h3.example.com\","
					"\"content\":\"203.0.113.9\",\"ttl\":1,\"proxied\":false}");
	assert_int_equal(w.n_done, 0);
	answer(3, 0, 200, created(3), -1);
	assert_int_equal(w.n_done, 1);
	assert_int_equal(w.outs[3].result, PROV_OK);
	assert_int_equal(w.outs[3].requests, 4);
	assert_string_equal(w.outs[3].zone_id, ZID);
	assert_string_equal(w.outs[3].record_id, NEWID);
	assert_string_equal(w.outs[3].message, "created A h3.example.com 203.0.113.9");
}

static void test_step_bound(void **state)
{
	static char deep[200];
	int k;

	(void)state;
	setup_world("1", false);
	strcpy(deep, "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.example.com");
	w.recs[0].name = deep;
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	for (k = 0; k < PROV_MAX_STEPS; k++)
		answer(k, 0, 200, EMPTY_LIST, -1);
	assert_int_equal(fk.n, PROV_MAX_STEPS);
	assert_int_equal(w.n_done, 1);
	assert_int_equal(w.outs[0].result, PROV_RETRY);
	assert_non_null(strstr(w.outs[0].message, "gave up after 16 requests"));
}

static void test_errors(void **state)
{
	struct prov_job bad;

	(void)state;
	setup_world("4", true);
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[1], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[2], on_done, &w), 0);
	answer(0, 7, 0, "", -1); /* CURLE_COULDNT_CONNECT */
	answer(1, 0, 503, "<html>busy</html>", 30);
	answer(2, 0, 403,
	       "{\"success\":false,\"errors\":[{\"code\":10000,"
	       "\"message\":\"Authentication error\"}]}",
	       -1);
	assert_int_equal(w.outs[0].result, PROV_RETRY);
	assert_string_equal(
	    w.outs[0].message,
	    "cloudflare: connection failed: Failed to connect to 192.0.2.1 port 443");
	assert_int_equal(w.outs[1].result, PROV_RETRY);
	assert_int_equal(w.outs[1].retry_after, 30);
	assert_int_equal(w.outs[2].result, PROV_AUTH);
	assert_string_equal(w.outs[2].message,
			    "cloudflare: 10000 Authentication error; the token needs Zone:Read and "
			    "DNS:Read on this zone (DNS:Edit to write), or it is wrong, expired or "
			    "revoked");

	/* failures before anything is sent: reported by the return value only */
	fk.fail_submit = true;
	assert_int_equal(prov_run(w.runner, &w.jobs[3], on_done, &w), -EIO);
	fk.fail_submit = false;
	bad = w.jobs[4];
	bad.want.family = AF_INET6;
	assert_int_equal(prov_run(w.runner, &bad, on_done, &w), -EINVAL);
	w.prov.type = "nonesuch";
	assert_int_equal(prov_run(w.runner, &w.jobs[5], on_done, &w), -ENOENT);
	assert_int_equal(w.n_done, 3);
	assert_int_equal(prov_runner_active(w.runner), 0);
}

static void test_queued_job_fails_to_start(void **state)
{
	(void)state;
	setup_world("1", true);
	w.jobs[1].want.family = AF_INET6; /* cannot be built */
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[1], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[2], on_done, &w), 0);
	answer(0, 0, 200, EMPTY_LIST, -1);
	answer(1, 0, 200, created(0), -1);
	/* job 1 failed as it was started; job 2 went ahead */
	assert_int_equal(w.n_done, 2);
	assert_int_equal(w.outs[1].result, PROV_PERMANENT);
	assert_non_null(strstr(w.outs[1].message, "cannot build"));
	assert_int_equal(w.outs[0].result, PROV_OK);
	assert_int_equal(fk.n_live, 1);
	assert_non_null(strstr(fk.url[2], "h2.example.com"));
}

static void test_cancel(void **state)
{
	(void)state;
	setup_world("1", true);
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[1], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[2], on_done, &w), 0);
	prov_cancel(w.runner, &w.jobs[0]); /* running: its request is cancelled, job 1 starts */
	assert_int_equal(fk.n_cancelled, 1);
	assert_int_equal(fk.n_live, 1);
	assert_non_null(strstr(fk.url[1], "h1.example.com"));
	prov_cancel(w.runner, &w.jobs[2]); /* queued: never sent */
	prov_cancel(w.runner, &w.jobs[7]); /* unknown: no-op */
	assert_int_equal(prov_runner_queued(w.runner), 0);
	answer(1, 0, 200,
	       "{\"success\":true,\"result\":[{\"id\":\"" NEWID "\",\"type\":\"A\","
	       "\"content\":\"203.0.113.9\"}]}",
	       -1);
	assert_int_equal(w.n_done, 1);
	assert_int_equal(w.done_order[0], 1);
	assert_int_equal(w.outs[1].result, PROV_UNCHANGED);
	assert_int_equal(fk.n, 2);
}

static void test_cancel_in_callback(void **state)
{
	(void)state;
	setup_world("2", true);
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[1], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[2], on_done, &w), 0);
	assert_int_equal(prov_run(w.runner, &w.jobs[3], on_done, &w), 0);
	w.cancel_in_done = 1;
	answer(0, 7, 0, "", -1);
	/* job 2 started before job 0 was reported; job 1 was cancelled from the callback,
	 * which let job 3 start */
	assert_int_equal(w.n_done, 1);
	assert_int_equal(fk.n_cancelled, 1);
	assert_int_equal(fk.n_live, 2);
	assert_true(req_of(2) >= 0 && req_of(3) >= 0);
	w.cancel_all_in_done = true;
	answer(req_of(2), 7, 0, "", -1);
	assert_int_equal(w.n_done, 2);
	assert_int_equal(fk.n_live, 0);
	assert_int_equal(prov_runner_active(w.runner), 0);
}

static int teardown(void **state)
{
	(void)state;
	prov_runner_free(w.runner);
	w.runner = NULL;
	secret_free(&w.params[0].secret);
	return 0;
}

/* A loop for the runner's timers; times are real, so margins are wide. */
static struct ev_loop *loop_with_runner(void)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);

	assert_non_null(loop);
	prov_runner_set_loop(w.runner, loop);
	return loop;
}

/* Run the loop until fk.n reaches n (or 5 s went by). */
static void run_until_sent(struct ev_loop *loop, int n)
{
	double end = ev_time() + 5;

	while (fk.n < n && ev_time() < end)
		ev_run(loop, EVRUN_ONCE);
}

/* A 429 pauses the whole provider until Retry-After: neither the queued jobs nor the next
 * steps of the jobs in flight send anything; then they go, in order. */
static void test_provider_pause(void **state)
{
	struct ev_loop *loop;
	struct prov_pause p[2];
	double t0, now;
	int i;

	(void)state;
	setup_world(NULL, true);
	loop = loop_with_runner();
	for (i = 0; i < 8; i++)
		assert_int_equal(prov_run(w.runner, &w.jobs[i], on_done, &w), 0);
	assert_int_equal(fk.n, 4);
	ev_now_update(loop);
	t0 = ev_now(loop);
	answer(req_of(0), 0, 429, "{\"success\":false,\"errors\":[]}", 1);
	assert_int_equal(w.n_done, 1);
	assert_int_equal(w.outs[0].result, PROV_RETRY);
	assert_int_equal(w.outs[0].retry_after, 1);
	/* Job 4 took job 0's place but waits; jobs 1-3 learn there is no record and wait to
	 * create it. */
	for (i = 1; i <= 3; i++)
		answer(req_of(i), 0, 200, EMPTY_LIST, -1);
	assert_int_equal(fk.n, 4);
	assert_int_equal(fk.n_live, 0);
	assert_int_equal(prov_runner_pauses(w.runner, p, 2), 1);
	assert_string_equal(p[0].provider, "cf");
	assert_true(p[0].until >= t0 + 1 && p[0].until <= t0 + 1.1 + 0.5);
	assert_int_equal(p[0].waiting, 4 + 3);
	run_until_sent(loop, 5);
	ev_now_update(loop);
	now = ev_now(loop);
	assert_true(now >= t0 + 1);
	run_until_sent(loop, 8);
	assert_int_equal(fk.n, 8);
	/* In order: job 4's look-up, then the creates of jobs 1, 2, 3. */
	assert_non_null(strstr(fk.url[4], w.names[4]));
	assert_int_equal(fk.method[4], HTTP_GET);
	for (i = 5; i < 8; i++) {
		assert_int_equal(fk.method[i], HTTP_POST);
		assert_non_null(strstr(fk.body[i], w.names[i - 4]));
	}
	assert_int_equal(prov_runner_pauses(w.runner, p, 2), 0);
	prov_runner_free(w.runner);
	w.runner = NULL;
	ev_loop_destroy(loop);
}

/* A reload keeps the runner: a paused provider stays paused for the jobs started after it
 * (cancel_all, another ca-file), unless its section now names another account or endpoint. */
static void test_pause_kept_over_reload(void **state)
{
	struct ev_loop *loop;
	struct cfg_provider other;
	struct cfg_param params[3];
	struct prov_pause p[2];

	(void)state;
	setup_world(NULL, true);
	loop = loop_with_runner();
	assert_int_equal(prov_run(w.runner, &w.jobs[0], on_done, &w), 0);
	answer(req_of(0), 0, 429, "{\"success\":false,\"errors\":[]}", 30);
	assert_int_equal(prov_runner_pauses(w.runner, p, 2), 1);
	/* The reload: every job cancelled, the new configuration's ca-file. */
	prov_runner_cancel_all(w.runner);
	assert_int_equal(prov_runner_set_ca_file(w.runner, "/etc/ssl/other-ca.pem"), 0);
	fk.ca = "/etc/ssl/other-ca.pem"; /* what the next requests carry */
	assert_int_equal(prov_run(w.runner, &w.jobs[1], on_done, &w), 0);
	assert_int_equal(fk.n, 1); /* nothing sent: still paused */
	assert_int_equal(prov_runner_pauses(w.runner, p, 2), 1);
	prov_runner_cancel_all(w.runner);
	/* The same section name at another endpoint: another account's budget, no pause. */
	memcpy(params, w.params, sizeof(params));
	params[1].key = "endpoint";
	params[1].value = "https://api.other.example/client/v4";
	other = w.prov;
	other.params = params;
	other.n_params = 2;
	w.jobs[2].cfg = &other;
	assert_int_equal(prov_run(w.runner, &w.jobs[2], on_done, &w), 0);
	assert_int_equal(fk.n, 2);
	assert_non_null(strstr(fk.url[1], "api.other.example"));
	assert_int_equal(prov_runner_pauses(w.runner, p, 2), 0);
	prov_runner_cancel_all(w.runner);
	prov_runner_free(w.runner);
	w.runner = NULL;
	ev_loop_destroy(loop);
}

/* rate-limit paces the requests: 10/s is a burst of 1, then one every 1/9 s. */
static void test_budget_paces(void **state)
{
	struct ev_loop *loop;
	double t0, t;
	int i;

	(void)state;
	setup_world(NULL, true);
	w.params[1].key = "rate-limit";
	w.params[1].value = "10/1s";
	w.prov.n_params = 2;
	prov_runner_free(w.runner);
	w.runner = prov_runner_new_with(NULL, CA, &fake_seam);
	loop = loop_with_runner();
	ev_now_update(loop);
	t0 = ev_now(loop);
	for (i = 0; i < 4; i++)
		assert_int_equal(prov_run(w.runner, &w.jobs[i], on_done, &w), 0);
	/* Room for 4 at once, but a token for 1. */
	assert_int_equal(fk.n, 1);
	assert_int_equal(prov_runner_active(w.runner), 4);
	run_until_sent(loop, 4);
	assert_int_equal(fk.n, 4);
	ev_now_update(loop);
	t = ev_now(loop);
	assert_true(t - t0 >= 3 / 9.0 - 0.01);
	/* In order. */
	for (i = 0; i < 4; i++)
		assert_non_null(strstr(fk.url[i], w.names[i]));
	/* No pause from pacing alone. */
	assert_int_equal(prov_runner_pauses(w.runner, NULL, 0), 0);
	prov_runner_cancel_all(w.runner);
	prov_runner_free(w.runner);
	w.runner = NULL;
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_cap_and_fifo, teardown),
	    cmocka_unit_test_teardown(test_provider_pause, teardown),
	    cmocka_unit_test_teardown(test_budget_paces, teardown),
	    cmocka_unit_test_teardown(test_pause_kept_over_reload, teardown),
	    cmocka_unit_test_teardown(test_default_cap, teardown),
	    cmocka_unit_test_teardown(test_steps_loop, teardown),
	    cmocka_unit_test_teardown(test_step_bound, teardown),
	    cmocka_unit_test_teardown(test_errors, teardown),
	    cmocka_unit_test_teardown(test_queued_job_fails_to_start, teardown),
	    cmocka_unit_test_teardown(test_cancel, teardown),
	    cmocka_unit_test_teardown(test_cancel_in_callback, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
