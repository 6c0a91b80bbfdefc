// SPDX-License-Identifier: MIT
/* The DNS transport: a provider's DNS request becomes a dns_query_req, the reply a prov_sent. */
#include "providers/transport_dns.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One request in flight: the handle the runner holds. */
struct sending {
	struct dns_query *q;
	prov_sent_fn done;
	void *arg;
};

static void on_reply(void *arg, const struct dns_query_result *res)
{
	struct sending *s = arg;
	prov_sent_fn done = s->done;
	void *done_arg = s->arg;
	struct prov_sent sent;

	memset(&sent, 0, sizeof(sent));
	sent.error = res->error;
	snprintf(sent.message, sizeof(sent.message), "%s", res->message);
	sent.elapsed_ms = res->elapsed_ms;
	sent.reply.transport = PROV_TRANSPORT_DNS;
	sent.reply.body = (const char *)res->reply;
	sent.reply.len = res->len;
	sent.reply.retry_after = -1;
	free(s);
	done(done_arg, &sent);
}

static void *submit(void *ctx, const struct prov_request *req, const struct prov_send_opts *o,
		    prov_sent_fn done, void *arg)
{
	struct dns_query_req dq = {
	    .server = (const struct sockaddr *)&req->dns.server,
	    .server_len = req->dns.server_len,
	    .msg = req->dns.msg,
	    .len = req->dns.msg_len,
	    .tcp = req->dns.tcp,
	    /* the request's own limit, else the runner's (all tries together) */
	    .timeout_ms = req->dns.timeout_ms ? req->dns.timeout_ms : o->timeout_ms,
	};
	struct sending *s;

	if (req->transport != PROV_TRANSPORT_DNS) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->done = done;
	s->arg = arg;
	s->q = dns_transport_submit(ctx, &dq, on_reply, s);
	if (!s->q) {
		int e = errno;

		free(s);
		errno = e;
		return NULL;
	}
	return s;
}

static void cancel(void *ctx, void *handle)
{
	struct sending *s = handle;

	dns_transport_cancel(ctx, s->q);
	free(s);
}

const struct prov_transport_ops transport_dns_ops = {
    .submit = submit,
    .cancel = cancel,
};
