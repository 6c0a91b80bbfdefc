// SPDX-License-Identifier: MIT
/* The job runner over its transport table, with a fake provider and fake transports: paired
 * two-family jobs, the dry-run guard on requests that write, the shown rendering as the only
 * loggable text, the DNS transport's slot, and the request family reaching curl's IPRESOLVE. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/log.h"
#include "providers/job.h"
#include "providers/transport_http.h"

#define TOKEN "tkn-7c1e55b24d8e0c4e81d2a9f6b713"

/* ---- a fake transport: requests wait until the test answers them ---- */

struct sent {
	bool live;
	struct prov_request req; /* copied: transport, writes, family, shown, url or msg */
	char url[256];
	unsigned char msg[64];
	prov_sent_fn done;
	void *arg;
};

static struct {
	struct sent s[8];
	int n;
	int ctx_tag;
} ft;

static void *fake_submit(void *ctx, const struct prov_request *req, const struct prov_send_opts *o,
			 prov_sent_fn done, void *arg)
{
	struct sent *s = &ft.s[ft.n];

	assert_ptr_equal(ctx, &ft.ctx_tag);
	assert_int_equal(o->timeout_ms, PROV_TIMEOUT_MS);
	assert_true(ft.n < 8);
	ft.n++;
	memset(s, 0, sizeof(*s));
	s->live = true;
	s->req.transport = req->transport;
	s->req.writes = req->writes;
	s->req.family = req->family;
	memcpy(s->req.shown, req->shown, sizeof(s->req.shown));
	if (req->transport == PROV_TRANSPORT_HTTP)
		snprintf(s->url, sizeof(s->url), "%s", req->http.url);
	else
		memcpy(s->msg, req->dns.msg, req->dns.msg_len < 64 ? req->dns.msg_len : 64);
	s->done = done;
	s->arg = arg;
	return s;
}

static void fake_cancel(void *ctx, void *handle)
{
	(void)ctx;
	((struct sent *)handle)->live = false;
}

static const struct prov_transport_ops fake_ops = {fake_submit, fake_cancel};

static void answer_n(int i, int error, long status, const char *body, size_t len,
		     enum prov_transport t)
{
	struct prov_sent sent;

	assert_true(i < ft.n && ft.s[i].live);
	memset(&sent, 0, sizeof(sent));
	sent.error = error;
	if (error)
		snprintf(sent.message, sizeof(sent.message), "Connection refused");
	sent.reply.transport = t;
	sent.reply.status = status;
	sent.reply.body = body;
	sent.reply.len = len;
	sent.reply.retry_after = -1;
	sent.elapsed_ms = 7;
	ft.s[i].live = false;
	ft.s[i].done(ft.s[i].arg, &sent);
}

static void answer(int i, int error, long status, const char *body, enum prov_transport t)
{
	answer_n(i, error, status, body, strlen(body), t);
}

/* ---- a fake provider: one GET that writes both families, its token in the path ---- */

static bool pairs_yes(const struct cfg_provider *cfg)
{
	(void)cfg;
	return true;
}

static int fake_build(const struct prov_job *job, struct prov_request *req)
{
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];

	prov_request_http(req, HTTP_GET, true);
	req->family = job->fam == FAM_V6 && !job->paired ? AF_INET6 : AF_UNSPEC;
	if (asprintf(&req->http.url, "https://upd.example/u/%s/?a=%s&b=%s", TOKEN,
		     ipaddr_ntop(&job->want, a),
		     job->paired ? ipaddr_ntop(&job->want6, b) : "-") < 0)
		return -ENOMEM;
	snprintf(req->shown, sizeof(req->shown), "GET https://upd.example/u/<token>/");
	return 0;
}

/* "ok" writes both; "half" writes IPv4 and says IPv6 failed; anything else is judged as one. */
static enum prov_result fake_parse(struct prov_job *job, const struct prov_reply *r,
				   struct prov_outcome *out)
{
	if (r->status == 200 && strcmp(r->body, "half") == 0) {
		prov_outcome_set(&job->pair_out, NULL, PROV_PERMANENT, "fake: AAAA refused");
		return prov_outcome_set(out, NULL, PROV_OK, "fake: A written");
	}
	if (r->status == 200 && strcmp(r->body, "ok") == 0)
		return prov_outcome_set(out, NULL, PROV_OK, "fake: written");
	return PROV_RETRY; /* no message: the runner writes one */
}

static const struct config_schema_key fake_keys[] = {PROV_KEY_END};

static const struct provider_ops fake_provider = {
    .name = "fake",
    .keys = fake_keys,
    .pairs = pairs_yes,
    .build = fake_build,
    .parse = fake_parse,
};

/* ---- the world ---- */

static struct {
	struct cfg_provider prov;
	struct cfg_record rec;
	struct prov_job job;
	struct prov_runner *runner;
	int n_done;
	struct prov_outcome out, pair_out;
	bool paired;
} w;

static void done(void *arg, struct prov_job *job, const struct prov_outcome *out)
{
	assert_ptr_equal(arg, &w);
	w.n_done++;
	w.out = *out;
	w.paired = job->paired;
	if (job->paired)
		w.pair_out = job->pair_out;
}

static void setup(bool paired, bool dry_run)
{
	struct ipaddr a4, a6;

	prov_runner_free(w.runner);
	memset(&w, 0, sizeof(w));
	memset(&ft, 0, sizeof(ft));
	w.prov.name = "f";
	w.prov.type = "fake"; /* not in the registry: job.ops says which provider */
	w.rec.name = "home.example.com";
	w.rec.provider = &w.prov;
	assert_true(ipaddr_parse("203.0.113.9", AF_INET, &a4));
	assert_true(ipaddr_parse("2001:db8::9", AF_INET6, &a6));
	prov_job_init(&w.job, &w.prov, &w.rec, FAM_V4, &a4);
	w.job.ops = &fake_provider;
	w.job.paired = paired;
	w.job.want6 = a6;
	w.job.dry_run = dry_run;
	w.runner = prov_runner_new(NULL, NULL);
	assert_non_null(w.runner);
	assert_int_equal(
	    prov_runner_set_transport(w.runner, PROV_TRANSPORT_HTTP, &fake_ops, &ft.ctx_tag), 0);
}

static void test_paired_job_two_outcomes(void **state)
{
	(void)state;
	setup(true, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	assert_int_equal(ft.n, 1);
	/* One request carries both addresses. */
	assert_non_null(strstr(ft.s[0].url, "a=203.0.113.9&b=2001:db8::9"));
	answer(0, 0, 200, "half", PROV_TRANSPORT_HTTP);
	assert_int_equal(w.n_done, 1);
	assert_true(w.paired);
	assert_int_equal(w.out.result, PROV_OK);
	assert_string_equal(w.out.message, "fake: A written");
	assert_int_equal(w.pair_out.result, PROV_PERMANENT);
	assert_string_equal(w.pair_out.message, "fake: AAAA refused");
	/* The runner completes both: requests and time count for each family. */
	assert_int_equal(w.out.requests, 1);
	assert_int_equal(w.pair_out.requests, 1);
	assert_true(w.pair_out.elapsed_ms == 7);

	/* A reply judged as a whole is the outcome of both families. */
	setup(true, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	answer(0, 0, 200, "ok", PROV_TRANSPORT_HTTP);
	assert_int_equal(w.out.result, PROV_OK);
	assert_int_equal(w.pair_out.result, PROV_OK);
	assert_string_equal(w.pair_out.message, "fake: written");

	/* A connection failure is a transient failure of both. */
	setup(true, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	answer(0, -ECONNREFUSED, 0, "", PROV_TRANSPORT_HTTP);
	assert_int_equal(w.out.result, PROV_RETRY);
	assert_int_equal(w.pair_out.result, PROV_RETRY);
	assert_int_equal(w.pair_out.requests, 1);

	/* A 503 the provider left unjudged backs off for both. */
	setup(true, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	answer(0, 0, 503, "busy", PROV_TRANSPORT_HTTP);
	assert_int_equal(w.out.result, PROV_RETRY);
	assert_int_equal(w.pair_out.result, PROV_RETRY);
	prov_runner_free(w.runner);
	w.runner = NULL;
}

static void test_dry_run_refuses_a_get_that_writes(void **state)
{
	(void)state;
	setup(false, true);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), -EINVAL);
	assert_int_equal(ft.n, 0); /* nothing reached the transport */
	assert_int_equal(w.n_done, 0);
	/* Without dry run the same GET goes out, marked as a write. */
	setup(false, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	assert_int_equal(ft.n, 1);
	assert_true(ft.s[0].req.writes);
	assert_int_equal(ft.s[0].req.transport, PROV_TRANSPORT_HTTP);
	prov_runner_free(w.runner);
	w.runner = NULL;
}

/* Everything the runner logs while f runs, read back from stderr. */
static char *capture_stderr(void (*f)(void))
{
	char path[] = "/tmp/ddnsd-test-log.XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	char *buf = calloc(1, 65536);
	FILE *in;

	assert_true(fd >= 0 && saved >= 0 && buf);
	fflush(stderr);
	assert_int_equal(dup2(fd, 2), 2);
	f();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	in = fopen(path, "r");
	assert_non_null(in);
	buf[fread(buf, 1, 65535, in)] = '\0';
	fclose(in);
	close(fd);
	unlink(path);
	return buf;
}

static void run_failing_job(void)
{
	setup(false, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	answer(0, -ECONNREFUSED, 0, "", PROV_TRANSPORT_HTTP);
	setup(false, false);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	answer(0, 0, 500, "", PROV_TRANSPORT_HTTP);
}

static void test_shown_is_the_only_rendering(void **state)
{
	char *log;

	(void)state;
	log_init(LOG_LVL_DEBUG);
	log = capture_stderr(run_failing_job);
	log_init(LOG_LVL_INFO);
	/* The runner's lines name the request by its shown form... */
	assert_non_null(strstr(log, "GET https://upd.example/u/<token>/"));
	/* ...and never by its URL, whose path holds the token. */
	assert_null(strstr(log, TOKEN));
	assert_null(strstr(w.out.message, TOKEN));
	free(log);
	prov_runner_free(w.runner);
	w.runner = NULL;
}

/* A provider speaking DNS: its request goes to the DNS slot of the table. */
static int dns_build(const struct prov_job *job, struct prov_request *req)
{
	(void)job;
	memset(req, 0, sizeof(*req));
	req->transport = PROV_TRANSPORT_DNS;
	req->dns.msg = malloc(12);
	if (!req->dns.msg)
		return -ENOMEM;
	memcpy(req->dns.msg, "\x12\x34\x28\x00\x00\x01\x00\x00\x00\x01\x00\x00", 12);
	req->dns.msg_len = 12;
	req->writes = true;
	snprintf(req->shown, sizeof(req->shown), "UPDATE 192.0.2.53 zone example.com");
	return 0;
}

static enum prov_result dns_parse(struct prov_job *job, const struct prov_reply *r,
				  struct prov_outcome *out)
{
	(void)job;
	assert_int_equal(r->transport, PROV_TRANSPORT_DNS);
	assert_int_equal(r->len, 12);
	return prov_outcome_set(out, NULL, PROV_OK, "dns: answered %02x%02x",
				(unsigned char)r->body[0], (unsigned char)r->body[1]);
}

static const struct provider_ops dns_provider = {
    .name = "fakedns",
    .keys = fake_keys,
    .build = dns_build,
    .parse = dns_parse,
};

static void test_dns_transport_slot(void **state)
{
	(void)state;
	/* No DNS transport yet: the job cannot start, and says why. */
	setup(false, false);
	w.job.ops = &dns_provider;
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), -EINVAL);
	assert_int_equal(ft.n, 0);
	/* With one, the message goes there and the raw reply comes back to parse. */
	assert_int_equal(
	    prov_runner_set_transport(w.runner, PROV_TRANSPORT_DNS, &fake_ops, &ft.ctx_tag), 0);
	assert_int_equal(prov_run(w.runner, &w.job, done, &w), 0);
	assert_int_equal(ft.n, 1);
	assert_int_equal(ft.s[0].req.transport, PROV_TRANSPORT_DNS);
	assert_memory_equal(ft.s[0].msg, "\x12\x34\x28\x00", 4);
	answer_n(0, 0, 0, "\x12\x34\xa8\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12,
		 PROV_TRANSPORT_DNS);
	assert_int_equal(w.n_done, 1);
	assert_string_equal(w.out.message, "dns: answered 1234");
	assert_int_equal(prov_runner_set_transport(w.runner, PROV_TRANSPORT_N, &fake_ops, NULL),
			 -EINVAL);
	prov_runner_free(w.runner);
	w.runner = NULL;
}

/* ---- the HTTP transport: a request's family becomes curl's IPRESOLVE ---- */

struct http_job {
	int unused;
};
static struct http_job one_job;
static int seen_ipresolve = -1;
static http_done_fn seen_done;
static void *seen_arg;

static struct http_job *seam_submit(struct http_ctx *ctx, const struct http_request *req,
				    http_done_fn d, void *arg)
{
	(void)ctx;
	seen_ipresolve = req->ipresolve;
	seen_done = d;
	seen_arg = arg;
	return &one_job;
}

static void seam_cancel(struct http_ctx *ctx, struct http_job *job)
{
	(void)ctx;
	(void)job;
}

static const struct prov_http seam = {seam_submit, seam_cancel};

static struct {
	int error;
	char message[256];
	long status, retry_after;
	enum prov_transport transport;
} got;

static void got_sent(void *arg, const struct prov_sent *sent)
{
	(void)arg;
	got.error = sent->error;
	snprintf(got.message, sizeof(got.message), "%s", sent->message);
	got.status = sent->reply.status;
	got.retry_after = sent->reply.retry_after;
	got.transport = sent->reply.transport;
}

static void test_family_becomes_ipresolve(void **state)
{
	struct transport_http *t = transport_http_new(NULL, &seam);
	struct prov_send_opts o = {.timeout_ms = 1000};
	struct prov_request req;
	struct http_response resp;
	void *h;
	static const int fams[] = {AF_UNSPEC, AF_INET, AF_INET6};
	static const int want[] = {0, 4, 6};

	(void)state;
	assert_non_null(t);
	for (size_t i = 0; i < 3; i++) {
		prov_request_http(&req, HTTP_GET, false);
		req.family = fams[i];
		req.http.url = strdup("https://v6.sync.example/u/x/");
		h = transport_http_ops.submit(t, &req, &o, NULL, NULL);
		assert_non_null(h);
		assert_int_equal(seen_ipresolve, want[i]);
		transport_http_ops.cancel(t, h);
		prov_request_free(&req);
	}
	/* A DNS request is not the HTTP transport's. */
	memset(&req, 0, sizeof(req));
	req.transport = PROV_TRANSPORT_DNS;
	assert_null(transport_http_ops.submit(t, &req, &o, NULL, NULL));
	assert_int_equal(errno, EINVAL);
	/* A curl failure reaches the runner as an error, a response as a reply. */
	prov_request_http(&req, HTTP_GET, false);
	req.http.url = strdup("https://a.example/");
	h = transport_http_ops.submit(t, &req, &o, got_sent, NULL);
	assert_non_null(h);
	prov_request_free(&req);
	memset(&resp, 0, sizeof(resp));
	resp.curl_code = 7;
	snprintf(resp.error, sizeof(resp.error), "Failed to connect to a.example port 443");
	resp.elapsed_ms = 3;
	seen_done(seen_arg, &resp);
	assert_int_equal(got.error, -EIO);
	assert_string_equal(got.message, "Failed to connect to a.example port 443");
	prov_request_http(&req, HTTP_GET, false);
	req.http.url = strdup("https://a.example/");
	h = transport_http_ops.submit(t, &req, &o, got_sent, NULL);
	prov_request_free(&req);
	memset(&resp, 0, sizeof(resp));
	resp.status = 429;
	resp.body = "slow down";
	resp.len = 9;
	resp.retry_after = 30;
	seen_done(seen_arg, &resp);
	assert_int_equal(got.error, 0);
	assert_int_equal(got.status, 429);
	assert_int_equal(got.retry_after, 30);
	assert_int_equal(got.transport, PROV_TRANSPORT_HTTP);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_paired_job_two_outcomes),
	    cmocka_unit_test(test_dry_run_refuses_a_get_that_writes),
	    cmocka_unit_test(test_shown_is_the_only_rendering),
	    cmocka_unit_test(test_dns_transport_slot),
	    cmocka_unit_test(test_family_becomes_ipresolve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
