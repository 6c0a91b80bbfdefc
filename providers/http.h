/* SPDX-License-Identifier: MIT */
/* Non-blocking HTTP(S) on one curl multi handle driven by libev (the only file with both). */
#ifndef DDNSD_HTTP_H
#define DDNSD_HTTP_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE };

/* Everything is copied by http_submit(); the caller may free its strings right after. */
struct http_request {
	enum http_method method;
	const char *url;
	const char *const *headers; /* "Name: value" lines; may hold secrets, never logged */
	size_t n_headers;
	const char *body; /* may be NULL */
	size_t body_len;
	int ipresolve;	       /* 0: any, 4: IPv4 only, 6: IPv6 only (CURLOPT_IPRESOLVE) */
	long connect_timeout_ms; /* 0: 5000 */
	long timeout_ms;	 /* 0: 15000 */
	size_t max_body;	 /* response cap in bytes; 0: 64 KiB; over it the request fails */
	const char *ca_file;	 /* extra CA bundle (the agent's ca-file) or NULL */
};

struct http_response {
	int curl_code;	  /* CURLE_OK (0) when a response arrived */
	char error[256];  /* curl's explanation when curl_code != 0 (no URL query, no headers) */
	long status;	  /* HTTP status, 0 if none */
	const char *body; /* NUL-terminated, owned by http.c, valid during the callback only */
	size_t len;
	long retry_after; /* seconds from a Retry-After header, -1 when absent */
	double elapsed_ms;
};

struct http_ctx;
struct http_job;

/* Called exactly once per submitted job (not after http_cancel), after the easy handle is
 * gone; it may submit new jobs. */
typedef void (*http_done_fn)(void *arg, const struct http_response *resp);

struct http_ctx *http_init(struct ev_loop *loop);
/* Cancels every job still in flight (their callbacks are not called). */
void http_fini(struct http_ctx *ctx);
/* Start a request. Only https:// URLs are accepted. NULL with errno set on failure. */
struct http_job *http_submit(struct http_ctx *ctx, const struct http_request *req,
			     http_done_fn done, void *arg);
/* Abandon a job; its callback will not be called. */
void http_cancel(struct http_ctx *ctx, struct http_job *job);
size_t http_in_flight(const struct http_ctx *ctx);

#endif
