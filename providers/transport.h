/* SPDX-License-Identifier: MIT */
/* The transports a provider request travels by (HTTP, DNS): one small table each, so the job
 * runner sends any request without knowing how it travels. */
#ifndef DDNSD_TRANSPORT_H
#define DDNSD_TRANSPORT_H

#include <stddef.h>

#include "providers/provider.h"

/* Limits the runner sets on every request. */
struct prov_send_opts {
	long connect_timeout_ms;
	long timeout_ms;
	size_t max_body; /* reply cap in bytes */
	const char *ca_file;
};

/* What a transport reports, once per request. */
struct prov_sent {
	int error; /* 0: a reply arrived; else a negative errno (-ETIMEDOUT, -ECONNREFUSED…);
		    * -ENETRESET: the agent ended it (its source address went away) */
	char message[256];	 /* why, when error != 0: no URL query, no header, no secret */
	struct prov_reply reply; /* valid during the callback only */
	double elapsed_ms;
};

typedef void (*prov_sent_fn)(void *arg, const struct prov_sent *sent);

struct prov_transport_ops {
	/* Start req (everything is copied); done is called exactly once, never from inside
	 * submit and never after cancel. A handle, or NULL with errno set. */
	void *(*submit)(void *ctx, const struct prov_request *req,
			const struct prov_send_opts *opts, prov_sent_fn done, void *arg);
	/* Abandon a request; its callback will not be called. */
	void (*cancel)(void *ctx, void *handle);
};

#endif
