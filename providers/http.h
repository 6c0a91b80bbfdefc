/* SPDX-License-Identifier: MIT */
/* Non-blocking HTTP(S) on one curl multi handle driven by libev (the only file with both). */
#ifndef DDNSD_HTTP_H
#define DDNSD_HTTP_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>

#include "providers/http_method.h"

/* Everything is copied by http_submit(); the caller may free its strings right after. */
struct http_request {
	enum http_method method;
	const char *url;
	const char *const *headers; /* "Name: value" lines; may hold secrets, never logged */
	size_t n_headers;
	const char *body; /* may be NULL */
	size_t body_len;
	int ipresolve;		 /* 0: any, 4: IPv4 only, 6: IPv6 only (CURLOPT_IPRESOLVE) */
	long connect_timeout_ms; /* 0: 5000 */
	long timeout_ms;	 /* 0: 15000 */
	size_t max_body;	 /* response cap in bytes; 0: 64 KiB; over it the request fails */
	const char *ca_file;	 /* extra CA bundle (the agent's ca-file) or NULL */
};

struct http_response {
	int curl_code;	  /* CURLE_OK (0) when a response arrived; CURLE_FILESIZE_EXCEEDED (63)
			   * when the body was larger than max_body */
	char error[256];  /* curl's explanation when curl_code != 0 (no URL query, no headers) */
	long status;	  /* HTTP status, 0 if none */
	const char *body; /* NUL-terminated, owned by http.c, valid during the callback only */
	size_t len;
	long retry_after; /* seconds from a Retry-After header, -1 when absent */
	double elapsed_ms;
	bool local_gone; /* failed after http_forget_connections() shut sockets of vanished
			  * local addresses while it was in flight: ended by us, no server fault */
};

struct http_ctx;
struct http_job;

/* Called exactly once per submitted job (not after http_cancel), after the easy handle is
 * gone; it may submit new jobs and cancel other ones, but not call http_fini(). The job is
 * freed when done returns: the caller must drop its pointer then. */
typedef void (*http_done_fn)(void *arg, const struct http_response *resp);

/* Also calls curl_global_init() (libcurl counts the calls; http_fini() undoes it), so the
 * first http_init() must happen before any thread is started. NULL with errno on failure. */
struct http_ctx *http_init(struct ev_loop *loop);
/* Cancels every job still in flight (their callbacks are not called). */
void http_fini(struct http_ctx *ctx);
/* Start a request. Only https:// URLs are accepted (else errno EPROTONOSUPPORT). NULL with
 * errno set on failure. */
struct http_job *http_submit(struct http_ctx *ctx, const struct http_request *req,
			     http_done_fn done, void *arg);
/* Abandon a job; its callback will not be called. A no-op on a job from inside its own
 * callback. */
void http_cancel(struct http_ctx *ctx, struct http_job *job);
size_t http_in_flight(const struct http_ctx *ctx);
/* The machine's addresses or routes changed: no request started from now on reuses a
 * connection opened before (it may be bound to an address that is gone, and would wait
 * for its whole time-out); the connection cache is dropped as soon as nothing is in flight.
 * A request in flight on a connection whose local address is gone fails at once. */
void http_forget_connections(struct http_ctx *ctx);
/* A few words for resp->curl_code ("timeout", "cannot connect", "TLS certificate not
 * trusted", "response too large"…), for one-line summaries; resp->error has the detail. */
const char *http_error_summary(const struct http_response *resp);

#endif
