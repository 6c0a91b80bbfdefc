// SPDX-License-Identifier: MIT
/* Runs provider jobs: build -> transport -> parse while NEXT_STEP, with per-provider caps. */
#include "providers/job.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

/* One [provider NAME] section's cap and waiting line. Kept until the runner is freed, so
 * a pointer to it stays valid across callbacks (a handful per config, even over reloads,
 * because they are keyed by section name). */
struct slot {
	struct slot *next;
	char *name;
	unsigned cap, active;
	struct run *qhead, *qtail;
};

/* One accepted job. */
struct run {
	struct run *prev, *next; /* all runs of the runner */
	struct run *qnext;	 /* waiting line of its slot */
	struct prov_runner *runner;
	struct slot *slot;
	struct prov_job *job;
	const struct provider_ops *ops;
	prov_done_fn done;
	void *arg;
	void *sending; /* request in flight (a transport handle), or NULL */
	enum prov_transport via;
	bool active;		    /* counted in slot->active */
	char shown[PROV_SHOWN_LEN]; /* the request in flight as the provider renders it */
	struct prov_outcome out;
	struct prov_outcome pair_out; /* a paired job's IPv6 outcome */
};

struct transport {
	const struct prov_transport_ops *ops;
	void *ctx;
};

struct prov_runner {
	struct transport_http *http; /* owned */
	char *ca_file;
	struct transport transports[PROV_TRANSPORT_N];
	struct run *runs;
	struct slot *slots;
};

unsigned prov_max_concurrent(const struct cfg_provider *cfg)
{
	const char *v = cfg ? cfg_provider_get(cfg, "max-concurrent") : NULL;
	char *end;
	unsigned long n;

	if (!v || !v[0])
		return PROV_DEFAULT_CONCURRENCY;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end || n < 1 || n > 64)
		return PROV_DEFAULT_CONCURRENCY;
	return (unsigned)n;
}

struct prov_runner *prov_runner_new_with(struct http_ctx *http, const char *ca_file,
					 const struct prov_http *seam)
{
	struct prov_runner *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->http = transport_http_new(http, seam);
	if (!r->http || (ca_file && !(r->ca_file = strdup(ca_file)))) {
		free(r->http);
		free(r);
		errno = ENOMEM;
		return NULL;
	}
	r->transports[PROV_TRANSPORT_HTTP].ops = &transport_http_ops;
	r->transports[PROV_TRANSPORT_HTTP].ctx = r->http;
	return r;
}

struct prov_runner *prov_runner_new(struct http_ctx *http, const char *ca_file)
{
	return prov_runner_new_with(http, ca_file, &transport_http_default_seam);
}

int prov_runner_set_transport(struct prov_runner *r, enum prov_transport t,
			      const struct prov_transport_ops *ops, void *ctx)
{
	if (!r || t >= PROV_TRANSPORT_N || !ops)
		return -EINVAL;
	r->transports[t].ops = ops;
	r->transports[t].ctx = ctx;
	return 0;
}

static struct slot *slot_get(struct prov_runner *r, const struct cfg_provider *cfg)
{
	const char *name = cfg->name ? cfg->name : "";
	struct slot *s;

	for (s = r->slots; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			break;
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s || !(s->name = strdup(name))) {
			free(s);
			return NULL;
		}
		s->next = r->slots;
		r->slots = s;
	}
	/* A reload may change the cap; the latest job's config wins. */
	s->cap = prov_max_concurrent(cfg);
	return s;
}

static void run_unlink(struct run *run)
{
	struct prov_runner *r = run->runner;

	if (run->prev)
		run->prev->next = run->next;
	else
		r->runs = run->next;
	if (run->next)
		run->next->prev = run->prev;
	run->prev = run->next = NULL;
}

static void dequeue(struct slot *s, struct run *run)
{
	struct run **pp, *prev = NULL;

	for (pp = &s->qhead; *pp; prev = *pp, pp = &(*pp)->qnext) {
		if (*pp == run) {
			*pp = run->qnext;
			if (s->qtail == run)
				s->qtail = prev;
			run->qnext = NULL;
			return;
		}
	}
}

static void on_sent(void *arg, const struct prov_sent *sent);

/* Build and submit the job's current step. false with run->out filled on failure. */
static bool send_step(struct run *run)
{
	struct prov_runner *r = run->runner;
	struct prov_job *job = run->job;
	const char *name = run->ops->name;
	const struct transport *t;
	struct prov_request req;
	struct prov_send_opts opts = {
	    .connect_timeout_ms = PROV_CONNECT_TIMEOUT_MS,
	    .timeout_ms = PROV_TIMEOUT_MS,
	    .max_body = PROV_MAX_BODY,
	    .ca_file = r->ca_file,
	};
	int ret;

	if (job->n_steps >= PROV_MAX_STEPS) {
		prov_outcome_set(&run->out, NULL, PROV_RETRY, "%s: gave up after %u requests", name,
				 job->n_steps);
		return false;
	}
	ret = run->ops->build(job, &req);
	if (ret) {
		prov_outcome_set(&run->out, NULL, ret == -ENOMEM ? PROV_RETRY : PROV_PERMANENT,
				 "%s: cannot build the request: %s", name, strerror(-ret));
		return false;
	}
	/* The provider already refuses; this makes a dry run safe from any provider bug. */
	if (job->dry_run && req.writes) {
		prov_request_free(&req);
		prov_outcome_set(&run->out, NULL, PROV_PERMANENT,
				 "%s: dry run: refusing to send a write", name);
		return false;
	}
	t = req.transport < PROV_TRANSPORT_N ? &r->transports[req.transport] : NULL;
	if (!t || !t->ops) {
		prov_request_free(&req);
		prov_outcome_set(&run->out, NULL, PROV_PERMANENT,
				 "%s: no transport for this request in this build", name);
		return false;
	}
	snprintf(run->shown, sizeof(run->shown), "%s", req.shown[0] ? req.shown : "request");
	run->via = req.transport;
	job->n_steps++;
	run->sending = t->ops->submit(t->ctx, &req, &opts, on_sent, run);
	ret = errno;
	prov_request_free(&req); /* the transport copied everything */
	if (!run->sending) {
		prov_outcome_set(&run->out, NULL, PROV_RETRY, "%s: cannot start the request: %s",
				 name, strerror(ret));
		return false;
	}
	return true;
}

static void complete(struct run *run);

/* Start waiting jobs while the cap allows. Slots are never freed while the runner lives,
 * so s stays valid even if a callback below cancels everything. */
static void pump(struct slot *s)
{
	struct run *run;

	while (s->active < s->cap && s->qhead) {
		run = s->qhead;
		dequeue(s, run);
		run->active = true;
		s->active++;
		if (!send_step(run)) {
			log_warnx("%s", run->out.message);
			complete(run);
		}
	}
}

/* The job is over: release its place, start the next waiting job, report. done is called
 * last and from copies, so it may do anything to the job, and run new jobs. */
static void complete(struct run *run)
{
	struct prov_job *job = run->job;
	struct slot *s = run->slot;
	prov_done_fn done = run->done;
	void *arg = run->arg;
	struct prov_outcome out = run->out;

	snprintf(out.record_id, sizeof(out.record_id), "%s", job->record_id);
	snprintf(out.zone_id, sizeof(out.zone_id), "%s", job->zone_id);
	if (!out.message[0])
		prov_outcome_set(&out, NULL, out.result, "%s: %s", run->ops->name,
				 prov_result_name(out.result));
	if (job->paired)
		job->pair_out = run->pair_out;
	run_unlink(run);
	if (run->active)
		s->active--;
	free(run);
	/* Waiting jobs go first, so the line stays FIFO even if done runs a new job. */
	pump(s);
	done(arg, job, &out);
}

/* A final outcome: the runner's counts, and the safety nets every provider gets. */
static void finish_outcome(const struct run *run, const struct prov_reply *reply,
			   enum prov_result res, struct prov_outcome *o)
{
	/* A provider that did not classify a 429 or 5xx still backs off. */
	if (reply->transport == PROV_TRANSPORT_HTTP &&
	    (reply->status == 429 || reply->status >= 500) && res != PROV_RETRY && res != PROV_AUTH)
		res = PROV_RETRY;
	if (res == PROV_RETRY && o->retry_after < 0)
		o->retry_after = reply->retry_after;
	o->result = res;
	o->elapsed_ms = run->out.elapsed_ms;
	o->requests = run->out.requests;
	if (!o->message[0]) {
		if (reply->transport == PROV_TRANSPORT_HTTP)
			prov_outcome_set(o, NULL, res, "%s: %s (HTTP %ld)", run->ops->name,
					 prov_result_name(res), reply->status);
		else
			prov_outcome_set(o, NULL, res, "%s: %s", run->ops->name,
					 prov_result_name(res));
	}
}

static void on_sent(void *arg, const struct prov_sent *sent)
{
	struct run *run = arg;
	struct prov_job *job = run->job;
	const char *name = run->ops->name;
	struct prov_outcome o, po;
	enum prov_result res;

	run->sending = NULL;
	run->out.elapsed_ms += sent->elapsed_ms;
	run->out.requests++;
	if (sent->error != 0) {
		log_debug("%s: %s: failed: %s (%.0f ms)", name, run->shown, sent->message,
			  sent->elapsed_ms);
		prov_outcome_set(&run->out, NULL, PROV_RETRY, "%s: connection failed: %s", name,
				 sent->message[0] ? sent->message : "unknown error");
		if (sent->error == -ENETRESET)
			prov_outcome_set(&run->out, NULL, PROV_RETRY,
					 "%s: request ended: its source address went away", name);
		run->out.interrupted = sent->error == -ENETRESET;
		run->out.retry_after = -1;
		if (job->paired)
			run->pair_out = run->out;
		complete(run);
		return;
	}
	if (sent->reply.transport == PROV_TRANSPORT_HTTP)
		log_debug("%s: %s: %ld (%.0f ms)", name, run->shown, sent->reply.status,
			  sent->elapsed_ms);
	else
		log_debug("%s: %s: answered (%.0f ms)", name, run->shown, sent->elapsed_ms);
	prov_outcome_init(&o);
	prov_outcome_init(&job->pair_out);
	res = run->ops->parse(job, &sent->reply, &o);
	if (res == PROV_NEXT_STEP) {
		if (!send_step(run))
			goto failed;
		return;
	}
	if (job->paired) {
		po = job->pair_out;
		/* A provider that judged the request as a whole judged both families. */
		if (!po.message[0]) {
			po = o;
			po.result = res;
		}
		finish_outcome(run, &sent->reply, po.result, &po);
		run->pair_out = po;
	}
	finish_outcome(run, &sent->reply, res, &o);
	run->out = o;
	complete(run);
	return;
failed:
	if (job->paired)
		run->pair_out = run->out;
	complete(run);
}

int prov_run(struct prov_runner *r, struct prov_job *job, prov_done_fn done, void *arg)
{
	const struct provider_ops *ops;
	struct run *run, *it;
	struct slot *s;

	if (!r || !job || !job->cfg || !done)
		return -EINVAL;
	ops = job->ops ? job->ops : prov_find(job->cfg->type);
	if (!prov_available(ops)) {
		log_warnx("provider %s: type %s is not available in this build",
			  job->cfg->name ? job->cfg->name : "?",
			  job->cfg->type ? job->cfg->type : "(none)");
		return -ENOENT;
	}
	for (it = r->runs; it; it = it->next)
		if (it->job == job)
			return -EBUSY;
	s = slot_get(r, job->cfg);
	run = s ? calloc(1, sizeof(*run)) : NULL;
	if (!run)
		return -ENOMEM;
	run->runner = r;
	run->slot = s;
	run->job = job;
	run->ops = ops;
	run->done = done;
	run->arg = arg;
	prov_outcome_init(&run->out);
	run->next = r->runs;
	if (run->next)
		run->next->prev = run;
	r->runs = run;

	if (s->active < s->cap && !s->qhead) {
		run->active = true;
		s->active++;
		if (!send_step(run)) {
			int ret = run->out.result == PROV_PERMANENT ? -EINVAL : -EIO;

			log_warnx("%s", run->out.message);
			run_unlink(run);
			s->active--;
			free(run);
			return ret;
		}
		return 0;
	}
	if (s->qtail)
		s->qtail->qnext = run;
	else
		s->qhead = run;
	s->qtail = run;
	return 0;
}

void prov_cancel(struct prov_runner *r, struct prov_job *job)
{
	struct run *run;
	struct slot *s;

	if (!r)
		return;
	for (run = r->runs; run; run = run->next)
		if (run->job == job)
			break;
	if (!run)
		return;
	s = run->slot;
	if (run->sending)
		r->transports[run->via].ops->cancel(r->transports[run->via].ctx, run->sending);
	run_unlink(run);
	if (run->active)
		s->active--;
	else
		dequeue(s, run);
	free(run);
	pump(s);
}

void prov_runner_cancel_all(struct prov_runner *r)
{
	struct run *run;
	struct slot *s;

	if (!r)
		return;
	while ((run = r->runs)) {
		if (run->sending)
			r->transports[run->via].ops->cancel(r->transports[run->via].ctx,
							    run->sending);
		run_unlink(run);
		free(run);
	}
	for (s = r->slots; s; s = s->next) {
		s->active = 0;
		s->qhead = s->qtail = NULL;
	}
}

void prov_runner_free(struct prov_runner *r)
{
	struct slot *s;

	if (!r)
		return;
	prov_runner_cancel_all(r);
	while ((s = r->slots)) {
		r->slots = s->next;
		free(s->name);
		free(s);
	}
	free(r->http);
	free(r->ca_file);
	free(r);
}

size_t prov_runner_active(const struct prov_runner *r)
{
	const struct slot *s;
	size_t n = 0;

	for (s = r ? r->slots : NULL; s; s = s->next)
		n += s->active;
	return n;
}

size_t prov_runner_queued(const struct prov_runner *r)
{
	const struct run *run;
	size_t n = 0;

	for (run = r ? r->runs : NULL; run; run = run->next)
		n += !run->active;
	return n;
}
