/* SPDX-License-Identifier: MIT */
/* The HTTP transport: provider requests over http.c (or a seam that replaces it in tests). */
#ifndef DDNSD_TRANSPORT_HTTP_H
#define DDNSD_TRANSPORT_HTTP_H

#include "providers/http.h"
#include "providers/transport.h"

/* The HTTP seam: http_submit/http_cancel by default; unit tests pass fakes. */
struct prov_http {
	struct http_job *(*submit)(struct http_ctx *ctx, const struct http_request *req,
				   http_done_fn done, void *arg);
	void (*cancel)(struct http_ctx *ctx, struct http_job *job);
};

extern const struct prov_http transport_http_default_seam;
extern const struct prov_transport_ops transport_http_ops;

/* The transport's context over http (not owned) and seam (copied); free with free(). */
struct transport_http *transport_http_new(struct http_ctx *http, const struct prov_http *seam);

#endif
