/* SPDX-License-Identifier: MIT */
/* The job runner: drives provider jobs through their steps over a table of transports (HTTP,
 * DNS), capped per provider. */
#ifndef DDNSD_JOB_H
#define DDNSD_JOB_H

#include <stddef.h>

#include "providers/http.h"
#include "providers/provider.h"
#include "providers/transport.h"
#include "providers/transport_http.h"

#define PROV_CONNECT_TIMEOUT_MS 5000
#define PROV_TIMEOUT_MS		15000
#define PROV_MAX_BODY		(64u * 1024)
#define PROV_MAX_BODY_LIST	(4u << 20) /* the most a request may ask for (max_reply) */
/* A 429 or throttling code without Retry-After pauses the provider 2 s, doubled for each one
 * in a row (up to 5 min); an answer that is not one ends the streak. */
#define PROV_PAUSE_FIRST 2.0
#define PROV_PAUSE_MAX	 300.0

struct prov_runner;

/* Called once per job that prov_run accepted, unless it is cancelled first. out->elapsed_ms
 * and out->requests count every request of the job; out->record_id / zone_id / old carry
 * what the job learnt. A paired job's IPv6 outcome is job->pair_out, completed alike. The job is no
 * longer the runner's: the callback may free it, run new jobs or cancel others; it must not free
 * the runner (cancel_all is fine). */
typedef void (*prov_done_fn)(void *arg, struct prov_job *job, const struct prov_outcome *out);

/* A runner over http (not owned); ca_file (copied, may be NULL) is the agent's ca-file.
 * NULL with errno set on failure. */
struct prov_runner *prov_runner_new(struct http_ctx *http, const char *ca_file);
/* The same with another HTTP implementation (seam copied). */
struct prov_runner *prov_runner_new_with(struct http_ctx *http, const char *ca_file,
					 const struct prov_http *seam);
/* Send requests of transport t through ops with ctx (not owned): the DNS transport plugs in
 * here. The HTTP transport is there from prov_runner_new on. 0 or -EINVAL. */
int prov_runner_set_transport(struct prov_runner *r, enum prov_transport t,
			      const struct prov_transport_ops *ops, void *ctx);
/* Another ca-file (copied, may be NULL) for the requests started from now on (a reload keeps
 * the runner, and with it each provider's budget and pause). 0 or -ENOMEM (the old one stays). */
int prov_runner_set_ca_file(struct prov_runner *r, const char *ca_file);
/* Pace requests with each provider's budget (rate-limit) and pause a provider after a 429 or
 * a throttling code, with timers on loop. Without a loop (the default) neither applies. */
void prov_runner_set_loop(struct prov_runner *r, struct ev_loop *loop);
/* Cancel everything (no callbacks) and free; NULL is a no-op. */
void prov_runner_free(struct prov_runner *r);

/* Start the job, or queue it (FIFO) behind its provider's max-concurrent cap (default 4),
 * counted per [provider NAME] section. The job must stay valid until done or cancelled.
 * 0: done will be called. -ENOENT (unknown provider type, or one not available in this
 * build), -EBUSY (job already running),
 * -EINVAL (the first request cannot be built), -EIO (it could not be sent), -ENOMEM:
 * done will not be called, and the reason was logged. A queued job that fails to start
 * later reports through done. */
int prov_run(struct prov_runner *r, struct prov_job *job, prov_done_fn done, void *arg);
/* Abandon a job (running or queued); done is not called. Unknown job: no-op. Safe from a
 * done callback. */
void prov_cancel(struct prov_runner *r, struct prov_job *job);
/* Abandon every job; no callback is called. */
void prov_runner_cancel_all(struct prov_runner *r);
/* Jobs with a request in flight / waiting behind a cap. */
size_t prov_runner_active(const struct prov_runner *r);
size_t prov_runner_queued(const struct prov_runner *r);
/* A provider paused by a 429 or a throttling code. */
struct prov_pause {
	char provider[256]; /* [provider NAME] */
	double until;	    /* ev_now() time (wall clock) when its requests go again */
	size_t waiting;	    /* jobs waiting for it */
};
/* The providers paused now, at most max of them: how many were filled in. */
size_t prov_runner_pauses(const struct prov_runner *r, struct prov_pause *out, size_t max);
/* Jobs of a [provider NAME] section running or waiting (O(number of sections)). */
size_t prov_runner_backlog(struct prov_runner *r, const struct cfg_provider *cfg);

#endif
