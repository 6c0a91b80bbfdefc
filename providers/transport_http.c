// SPDX-License-Identifier: MIT
/* The HTTP transport: a provider request becomes an http_request, the response a prov_sent. */
#include "providers/transport_http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct transport_http {
	struct http_ctx *http;
	struct prov_http seam;
};

/* One request in flight: the handle the runner holds. */
struct sending {
	struct transport_http *t;
	struct http_job *job;
	prov_sent_fn done;
	void *arg;
};

const struct prov_http transport_http_default_seam = {
    .submit = http_submit,
    .cancel = http_cancel,
};

struct transport_http *transport_http_new(struct http_ctx *http, const struct prov_http *seam)
{
	struct transport_http *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->http = http;
	t->seam = *seam;
	return t;
}

static void on_response(void *arg, const struct http_response *resp)
{
	struct sending *s = arg;
	prov_sent_fn done = s->done;
	void *done_arg = s->arg;
	struct prov_sent sent;

	memset(&sent, 0, sizeof(sent));
	sent.elapsed_ms = resp->elapsed_ms;
	if (resp->curl_code != 0) {
		sent.error = resp->local_gone ? -ENETRESET : -EIO;
		snprintf(sent.message, sizeof(sent.message), "%s",
			 resp->error[0] ? resp->error : "unknown error");
	}
	sent.reply.transport = PROV_TRANSPORT_HTTP;
	sent.reply.status = resp->status;
	sent.reply.body = resp->body;
	sent.reply.len = resp->len;
	sent.reply.retry_after = resp->retry_after;
	free(s);
	done(done_arg, &sent);
}

static void *submit(void *ctx, const struct prov_request *req, const struct prov_send_opts *o,
		    prov_sent_fn done, void *arg)
{
	struct transport_http *t = ctx;
	struct sending *s;
	struct http_request hr;

	if (req->transport != PROV_TRANSPORT_HTTP) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	memset(&hr, 0, sizeof(hr));
	hr.method = req->http.method;
	hr.url = req->http.url;
	hr.headers = (const char *const *)req->http.headers;
	hr.n_headers = req->http.n_headers;
	hr.body = req->http.body;
	hr.body_len = req->http.body_len;
	hr.ipresolve = req->family == AF_INET ? 4 : req->family == AF_INET6 ? 6 : 0;
	hr.connect_timeout_ms = o->connect_timeout_ms;
	hr.timeout_ms = o->timeout_ms;
	hr.max_body = o->max_body;
	hr.ca_file = o->ca_file;
	s->t = t;
	s->done = done;
	s->arg = arg;
	s->job = t->seam.submit(t->http, &hr, on_response, s);
	if (!s->job) {
		int e = errno;

		free(s);
		errno = e;
		return NULL;
	}
	return s;
}

static void cancel(void *ctx, void *handle)
{
	struct transport_http *t = ctx;
	struct sending *s = handle;

	t->seam.cancel(t->http, s->job);
	free(s);
}

const struct prov_transport_ops transport_http_ops = {
    .submit = submit,
    .cancel = cancel,
};
