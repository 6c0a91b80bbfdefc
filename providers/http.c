// SPDX-License-Identifier: MIT
/* Non-blocking HTTPS: one curl multi handle per context, its sockets and timer driven by libev. */
#include "providers/http.h"
#include "providers/http_error.h"

#include <curl/curl.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/version.h"
#include "providers/http_socks.h"
#include "providers/wipemem.h"

/*
 * Shape (after curl's multi-event example, with its known bugs fixed): the context owns the
 * CURLM and one ev_timer; each socket curl tells us about gets a struct sock with an ev_io;
 * each request is a struct http_job found again from its easy handle through CURLOPT_PRIVATE.
 * Completed transfers are collected after every curl_multi_socket_action(), the easy handle
 * is removed and cleaned up, and only then is the job's callback run, so that it may submit
 * or cancel jobs freely.
 *
 * curl_global_init() is reference-counted by libcurl itself: every http_init() calls it and
 * every http_fini() calls curl_global_cleanup(), so no static flag is needed. The agent is
 * single-threaded; both happen before and after the loop runs.
 */

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define DEFAULT_CONNECT_MS 5000L
#define DEFAULT_TIMEOUT_MS 15000L
#define DEFAULT_MAX_BODY   (64u * 1024u)
#define HTTP_IDLE_DROP	   30.0
/* Debian's system trust store (hashed directory). CURLOPT_CAINFO replaces the default
 * bundle, so with an extra ca-file the system store is kept through CURLOPT_CAPATH: OpenSSL
 * trusts the union of CAfile and CApath (checked by tests/unit/test_http.c). */
#define SYSTEM_CA_DIR "/etc/ssl/certs"

struct sock {
	struct http_ctx *ctx;
	curl_socket_t fd;
	struct ev_io io;
	struct sock *next, *prev;
};

struct http_job {
	struct http_ctx *ctx;
	struct http_job *next, *prev;
	CURL *easy;
	struct curl_slist *headers;
	char *url;  /* copy, to scrub its query and user info from curl's error text */
	char *body; /* the request body, ours (not curl's copy) so that it can be wiped */
	size_t body_len;
	char *buf; /* response body, NUL-terminated, at most max_body bytes */
	size_t len, cap, max_body;
	bool too_big;
	bool local_gone; /* in flight when sockets whose local address vanished were shut */
	long retry_after;
	ev_tstamp started;
	http_done_fn done;
	void *arg;
	char errbuf[CURL_ERROR_SIZE];
};

struct http_ctx {
	struct ev_loop *loop;
	CURLM *multi;
	struct ev_timer timer;
	struct http_job *jobs;
	struct sock *socks;
	size_t n_jobs;
	/* Idle for HTTP_IDLE_DROP: the cached connections are closed, so that one the server
	 * closed meanwhile is not left in CLOSE_WAIT (curl looks at an idle one only when it
	 * would reuse it). Does not keep the loop alive. */
	struct ev_timer idle;
	double idle_drop;	      /* HTTP_IDLE_DROP unless a test says otherwise */
	struct http_socks socks_open; /* every socket curl opened, for address changes */
};

static void job_unlink(struct http_job *job)
{
	struct http_ctx *ctx = job->ctx;

	if (job->prev)
		job->prev->next = job->next;
	else
		ctx->jobs = job->next;
	if (job->next)
		job->next->prev = job->prev;
	job->next = job->prev = NULL;
	ctx->n_jobs--;
}

/* The easy handle must already be removed from the multi handle (or never added). */
static void job_free(struct http_job *job)
{
	if (!job)
		return;
	curl_easy_cleanup(job->easy);
	/* Headers (Authorization), URLs (a token in the query) and bodies may hold secrets:
	 * none is left behind in freed memory. */
	for (struct curl_slist *l = job->headers; l; l = l->next)
		explicit_bzero(l->data, strlen(l->data));
	curl_slist_free_all(job->headers);
	if (job->url)
		explicit_bzero(job->url, strlen(job->url));
	free(job->url);
	if (job->body)
		explicit_bzero(job->body, job->body_len);
	free(job->body);
	free(job->buf);
	free(job);
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_job *job = userp;
	size_t n = size * nmemb;

	if (n > job->max_body - job->len) {
		job->too_big = true;
		return 0; /* a short count makes curl fail with CURLE_WRITE_ERROR */
	}
	if (job->len + n + 1 > job->cap) {
		size_t cap = job->cap ? job->cap : 1024;
		char *p;

		while (cap < job->len + n + 1)
			cap *= 2;
		if (cap > job->max_body + 1)
			cap = job->max_body + 1;
		p = realloc(job->buf, cap);
		if (!p)
			return 0;
		job->buf = p;
		job->cap = cap;
	}
	memcpy(job->buf + job->len, data, n);
	job->len += n;
	job->buf[job->len] = '\0';
	return n;
}

/* Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date. */
static long parse_retry_after(const char *v, ev_tstamp now)
{
	size_t i, n = strlen(v);
	long secs = 0;
	time_t t;

	if (n == 0)
		return -1;
	for (i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++) {
		if (secs > 100000000L)
			return -1; /* more than three years: not a real hint */
		secs = secs * 10 + (v[i] - '0');
	}
	if (i == n)
		return secs;
	t = curl_getdate(v, NULL);
	if (t == (time_t)-1)
		return -1;
	return (double)t > now ? (long)((double)t - now + 0.5) : 0;
}

static size_t header_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	static const char name[] = "retry-after:";
	struct http_job *job = userp;
	size_t n = size * nmemb, k = sizeof(name) - 1;
	char v[128];

	/* A new status line (after a 100 Continue, say) starts a new set of headers. */
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		job->retry_after = -1;
		return n;
	}
	if (n > k && strncasecmp(data, name, k) == 0) {
		const char *s = data + k, *e = data + n;

		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(e - s) < sizeof(v)) {
			memcpy(v, s, (size_t)(e - s));
			v[e - s] = '\0';
			job->retry_after = parse_retry_after(v, ev_now(job->ctx->loop));
		}
	}
	return n;
}

static void io_cb(struct ev_loop *loop, struct ev_io *w, int revents);
static void idle_arm(struct http_ctx *ctx);

/* CURLMOPT_SOCKETFUNCTION: start, change or stop watching one socket. */
static int socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct http_ctx *ctx = userp;
	struct sock *s = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s) {
			ev_io_stop(ctx->loop, &s->io);
			if (s->prev)
				s->prev->next = s->next;
			else
				ctx->socks = s->next;
			if (s->next)
				s->next->prev = s->prev;
			free(s);
			curl_multi_assign(ctx->multi, fd, NULL);
		}
		return 0;
	}
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return -1; /* curl fails the transfers on this socket */
		s->ctx = ctx;
		s->fd = fd;
		s->next = ctx->socks;
		if (s->next)
			s->next->prev = s;
		ctx->socks = s;
		ev_init(&s->io, io_cb);
		curl_multi_assign(ctx->multi, fd, s);
	}
	if (what & CURL_POLL_IN)
		events |= EV_READ;
	if (what & CURL_POLL_OUT)
		events |= EV_WRITE;
	ev_io_stop(ctx->loop, &s->io);
	ev_io_set(&s->io, fd, events);
	if (events)
		ev_io_start(ctx->loop, &s->io);
	return 0;
}

/* CURLMOPT_TIMERFUNCTION: only (re)arm the ev_timer; curl must not be re-entered from here. */
static int set_timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct http_ctx *ctx = userp;

	(void)multi;
	ev_timer_stop(ctx->loop, &ctx->timer);
	if (timeout_ms >= 0) {
		/* 0 means "as soon as possible": an expired timer fires on the next iteration. */
		ev_timer_set(&ctx->timer, (double)timeout_ms / 1000.0, 0.);
		ev_timer_start(ctx->loop, &ctx->timer);
	}
	return 0;
}

static void fill_error(struct http_job *job, CURLcode code, struct http_response *resp)
{
	if (job->too_big) {
		snprintf(resp->error, sizeof(resp->error), "response larger than %zu bytes",
			 job->max_body);
		resp->curl_code = CURLE_FILESIZE_EXCEEDED;
		return;
	}
	http_error_text(resp->error, sizeof(resp->error), job->errbuf, code, job->url,
			job->headers);
}

static void finish(struct http_ctx *ctx, CURL *easy, CURLcode code)
{
	struct http_response resp;
	struct http_job *job = NULL;
	char *priv = NULL;

	curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
	job = (struct http_job *)(void *)priv;
	memset(&resp, 0, sizeof(resp));
	resp.curl_code = (int)code;
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &resp.status);
	if (code == CURLE_FILESIZE_EXCEEDED)
		job->too_big = true;
	if (code != CURLE_OK)
		fill_error(job, code, &resp);
	resp.local_gone = code != CURLE_OK && job->local_gone;
	resp.body = job->buf ? job->buf : "";
	resp.len = job->len;
	resp.retry_after = job->retry_after;
	resp.elapsed_ms = (ev_now(ctx->loop) - job->started) * 1000.0;

	curl_multi_remove_handle(ctx->multi, easy);
	curl_easy_cleanup(job->easy);
	job->easy = NULL;
	job_unlink(job);
	/* Last: the callback may submit new jobs or cancel other ones. */
	job->done(job->arg, &resp);
	job_free(job);
}

/* Collect finished transfers. Each message is fetched only after the previous callback ran,
 * so a job cancelled there (curl drops its pending message) is never seen again. */
static void check_done(struct http_ctx *ctx)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(ctx->multi, &left))) {
		if (msg->msg == CURLMSG_DONE)
			finish(ctx, msg->easy_handle, msg->data.result);
	}
	if (ctx->n_jobs == 0)
		idle_arm(ctx);
}

static void io_cb(struct ev_loop *loop, struct ev_io *w, int revents)
{
	struct sock *s = container_of(w, struct sock, io);
	struct http_ctx *ctx = s->ctx; /* s may be freed by curl_multi_socket_action() */
	int action = 0, running;

	(void)loop;
	if (revents & EV_READ)
		action |= CURL_CSELECT_IN;
	if (revents & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	if (revents & EV_ERROR)
		action |= CURL_CSELECT_ERR;
	curl_multi_socket_action(ctx->multi, s->fd, action, &running);
	check_done(ctx);
}

static void timer_fired(struct ev_loop *loop, struct ev_timer *w, int revents)
{
	struct http_ctx *ctx = container_of(w, struct http_ctx, timer);
	int running;

	(void)loop;
	(void)revents;
	curl_multi_socket_action(ctx->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(ctx);
}

static CURLM *new_multi(struct http_ctx *ctx)
{
	CURLM *m = curl_multi_init();

	if (!m)
		return NULL;
	curl_multi_setopt(m, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(m, CURLMOPT_SOCKETDATA, ctx);
	curl_multi_setopt(m, CURLMOPT_TIMERFUNCTION, set_timer_cb);
	curl_multi_setopt(m, CURLMOPT_TIMERDATA, ctx);
	curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, 16L);
	return m;
}

/* Free the socket records curl did not report closed. */
static void free_socks(struct http_ctx *ctx)
{
	struct sock *s;

	while ((s = ctx->socks)) {
		ctx->socks = s->next;
		ev_io_stop(ctx->loop, &s->io);
		free(s);
	}
}

/* Close every cached connection by replacing the idle multi handle. */
static void drop_connections(struct http_ctx *ctx)
{
	CURLM *m;

	if (ctx->n_jobs > 0)
		return;
	m = new_multi(ctx);
	if (!m)
		return; /* tried again when idle next */
	curl_multi_cleanup(ctx->multi);
	ev_timer_stop(ctx->loop, &ctx->timer);
	free_socks(ctx);
	ctx->multi = m;
}

static void idle_disarm(struct http_ctx *ctx)
{
	if (!ev_is_active(&ctx->idle))
		return;
	ev_ref(ctx->loop);
	ev_timer_stop(ctx->loop, &ctx->idle);
}

static void idle_arm(struct http_ctx *ctx)
{
	if (ev_is_active(&ctx->idle))
		return;
	ev_timer_set(&ctx->idle, ctx->idle_drop, 0.);
	ev_timer_start(ctx->loop, &ctx->idle);
	ev_unref(ctx->loop);
}

static void idle_fired(struct ev_loop *loop, struct ev_timer *w, int revents)
{
	struct http_ctx *ctx = container_of(w, struct http_ctx, idle);

	(void)revents;
	/* A stopped one-shot timer: give back the reference ev_unref took. */
	ev_ref(loop);
	drop_connections(ctx);
}

void http_set_idle_close(struct http_ctx *ctx, double secs)
{
	if (ctx && secs > 0)
		ctx->idle_drop = secs;
}

void http_forget_connections(struct http_ctx *ctx)
{
	if (!ctx)
		return;
	/* Only connections whose local address went are ended (a request on one would wait
	 * for its whole time-out); curl sees them closed and reconnects. The others stay.
	 * Which request ran on which shut socket is not known (connections are shared): a
	 * request in flight now that then fails was most likely ended by us. */
	if (http_socks_shut_stale(&ctx->socks_open) > 0)
		for (struct http_job *j = ctx->jobs; j; j = j->next)
			j->local_gone = true;
}

struct http_ctx *http_init(struct ev_loop *loop)
{
	struct http_ctx *ctx;

	/* libcurl's buffers hold every request's headers: wiped when freed. */
	if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, wipemem_malloc, wipemem_free, wipemem_realloc,
				 wipemem_strdup, wipemem_calloc) != CURLE_OK) {
		errno = ENOMEM;
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		goto fail;
	ctx->loop = loop;
	http_socks_init(&ctx->socks_open);
	ctx->multi = new_multi(ctx);
	if (!ctx->multi)
		goto fail;
	ev_init(&ctx->timer, timer_fired);
	ev_init(&ctx->idle, idle_fired);
	ctx->idle_drop = HTTP_IDLE_DROP;
	return ctx;
fail:
	free(ctx);
	curl_global_cleanup();
	errno = ENOMEM;
	return NULL;
}

void http_fini(struct http_ctx *ctx)
{
	if (!ctx)
		return;
	while (ctx->jobs)
		http_cancel(ctx, ctx->jobs);
	idle_disarm(ctx);
	curl_multi_cleanup(ctx->multi);
	ev_timer_stop(ctx->loop, &ctx->timer);
	/* curl normally reports every socket closed; free any it did not. */
	free_socks(ctx);
	free(ctx);
	curl_global_cleanup();
}

/* Set every option of one request; false on an allocation failure. */
static bool setup_easy(struct http_job *job, const struct http_request *req)
{
	CURL *e = job->easy;
	long ipres = CURL_IPRESOLVE_WHATEVER;
	bool ok = true;
	size_t i;

	if (req->ipresolve == 4)
		ipres = CURL_IPRESOLVE_V4;
	else if (req->ipresolve == 6)
		ipres = CURL_IPRESOLVE_V6;

	ok &= curl_easy_setopt(e, CURLOPT_URL, req->url) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)job) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, http_socks_open) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &job->ctx->socks_open) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, http_socks_close) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, &job->ctx->socks_open) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, job->errbuf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_USERAGENT, DDNSD_USER_AGENT) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_IPRESOLVE, ipres) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			       req->connect_timeout_ms > 0 ? req->connect_timeout_ms
							   : DEFAULT_CONNECT_MS) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
			       req->timeout_ms > 0 ? req->timeout_ms : DEFAULT_TIMEOUT_MS) ==
	      CURLE_OK;
	/* Refuse early when Content-Length already says too much; the write callback
	 * enforces the cap for chunked or unannounced bodies. */
	ok &= curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)job->max_body) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, job) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERDATA, job) == CURLE_OK;
	if (req->ca_file) {
		ok &= curl_easy_setopt(e, CURLOPT_CAINFO, req->ca_file) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_CAPATH, SYSTEM_CA_DIR) == CURLE_OK;
	}

	if (req->method != HTTP_GET && !(req->method == HTTP_DELETE && !req->body)) {
		/* Our own copy, not COPYPOSTFIELDS: curl would free its copy unwiped. */
		job->body_len = req->body ? req->body_len : 0;
		job->body = malloc(job->body_len + 1);
		if (!job->body)
			return false;
		if (job->body_len)
			memcpy(job->body, req->body, job->body_len);
		job->body[job->body_len] = '\0';
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)job->body_len) ==
		      CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDS, job->body) == CURLE_OK;
	}
	if (req->method != HTTP_GET && req->method != HTTP_POST)
		ok &= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, http_method_name(req->method)) ==
		      CURLE_OK;
	for (i = 0; ok && i < req->n_headers; i++) {
		struct curl_slist *l = curl_slist_append(job->headers, req->headers[i]);

		ok = l != NULL;
		if (l)
			job->headers = l;
	}
	if (ok && req->body) {
		/* No "Expect: 100-continue" round trip for our small bodies. */
		struct curl_slist *l = curl_slist_append(job->headers, "Expect:");

		ok = l != NULL;
		if (l)
			job->headers = l;
	}
	if (ok && job->headers)
		ok = curl_easy_setopt(e, CURLOPT_HTTPHEADER, job->headers) == CURLE_OK;
	return ok;
}

struct http_job *http_submit(struct http_ctx *ctx, const struct http_request *req,
			     http_done_fn done, void *arg)
{
	struct http_job *job;

	if (!ctx || !req || !req->url || !done || (req->n_headers && !req->headers)) {
		errno = EINVAL;
		return NULL;
	}
	if (strncasecmp(req->url, "https://", 8) != 0) {
		errno = EPROTONOSUPPORT;
		return NULL;
	}
	job = calloc(1, sizeof(*job));
	if (!job) {
		errno = ENOMEM;
		return NULL;
	}
	job->ctx = ctx;
	job->done = done;
	job->arg = arg;
	job->retry_after = -1;
	job->max_body = req->max_body ? req->max_body : DEFAULT_MAX_BODY;
	job->started = ev_now(ctx->loop);
	job->url = strdup(req->url);
	job->easy = curl_easy_init();
	if (!job->url || !job->easy || !setup_easy(job, req)) {
		errno = ENOMEM;
		goto fail;
	}
	if (curl_multi_add_handle(ctx->multi, job->easy) != CURLM_OK) {
		errno = ENOMEM;
		goto fail;
	}
	job->next = ctx->jobs;
	if (job->next)
		job->next->prev = job;
	ctx->jobs = job;
	ctx->n_jobs++;
	idle_disarm(ctx);
	return job;
fail:
	job_free(job);
	return NULL;
}

void http_cancel(struct http_ctx *ctx, struct http_job *job)
{
	/* A job whose callback is running has no easy handle left: cancelling it from its own
	 * callback is a no-op (it is freed when the callback returns). */
	if (!ctx || !job || !job->easy)
		return;
	/* Also drops a completion message curl may hold for this handle. */
	curl_multi_remove_handle(ctx->multi, job->easy);
	job_unlink(job);
	job_free(job);
}

size_t http_in_flight(const struct http_ctx *ctx)
{
	return ctx ? ctx->n_jobs : 0;
}
