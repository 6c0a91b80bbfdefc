// SPDX-License-Identifier: MIT
/* Runs provider jobs: build -> transport -> parse while NEXT_STEP, with per-provider caps. */
#include "providers/job.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "providers/budget.h"
#include "providers/fingerprint.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* One [provider NAME] section's cap and waiting line. Kept until the runner is freed, so
 * a pointer to it stays valid across callbacks (a handful per config, even over reloads,
 * because they are keyed by section name). */
struct slot {
	struct slot *next;
	char *name;
	unsigned cap, active, queued;
	struct run *qhead, *qtail;
	/* The provider's request budget (rate-limit) and pause: active jobs whose next
	 * request must wait for it line up here, in order, and go when wake fires. */
	struct prov_runner *runner;
	struct budget bud;
	char *rate; /* the rate-limit value bud was made from ("" none) */
	/* The section's identity (type, endpoint, account) bud counts for: a reload that keeps
	 * it keeps the budget and any pause; another account starts afresh. */
	char fp[PROV_FP_LEN];
	unsigned throttled; /* 429s or throttling codes in a row */
	struct run *rhead, *rtail;
	ev_timer wake;
};

/* One accepted job. */
struct run {
	struct run *prev, *next; /* all runs of the runner */
	struct run *qnext;	 /* waiting line of its slot (cap, or budget when waiting) */
	bool waiting;		 /* active, in the slot's budget line (rhead) */
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
	bool pair_done; /* a paired job's IPv6 outcome is in job->pair_out (else: as out) */
};

struct transport {
	const struct prov_transport_ops *ops;
	void *ctx;
};

struct prov_runner {
	struct ev_loop *loop;	     /* NULL: no budget, no pause (prov_runner_set_loop) */
	struct transport_http *http; /* owned */
	char *ca_file;
	struct transport transports[PROV_TRANSPORT_N];
	struct run *runs;
	struct slot *slots;
};

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

int prov_runner_set_ca_file(struct prov_runner *r, const char *ca_file)
{
	char *copy = NULL;

	if (ca_file && !(copy = strdup(ca_file)))
		return -ENOMEM;
	free(r->ca_file);
	r->ca_file = copy;
	return 0;
}

void prov_runner_set_loop(struct prov_runner *r, struct ev_loop *loop)
{
	if (r)
		r->loop = loop;
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

static void wake_cb(struct ev_loop *loop, ev_timer *w, int revents);

/* The budget from the section's rate-limit (none when unset: the parser fills in the type's
 * default, so only hand-made sections lack one); kept while the value stays the same. */
static void slot_budget(struct prov_runner *r, struct slot *s, const struct cfg_provider *cfg)
{
	const char *v = cfg_provider_get(cfg, "rate-limit");
	struct budget_spec spec = {0};
	char fp[PROV_FP_LEN], *copy;

	if (!v || !budget_parse(v, &spec))
		v = "";
	prov_fingerprint(cfg, fp);
	if (s->rate && strcmp(s->rate, v) == 0 && strcmp(s->fp, fp) == 0)
		return;
	copy = strdup(v);
	if (!copy)
		return; /* the old budget stays */
	free(s->rate);
	s->rate = copy;
	memcpy(s->fp, fp, sizeof(fp));
	s->throttled = 0;
	budget_init(&s->bud, &spec, r->loop ? ev_time() : 0);
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
		s->runner = r;
		ev_timer_init(&s->wake, wake_cb, 0., 0.);
	}
	/* A reload may change the cap; the latest job's config wins. */
	s->cap = prov_max_concurrent(cfg);
	slot_budget(r, s, cfg);
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
			s->queued--;
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
	if (req.max_reply > opts.max_body && req.max_reply <= PROV_MAX_BODY_LIST)
		opts.max_body = req.max_reply;
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

/* Seconds until the slot's next request may go (0: now). */
static double slot_wait(const struct slot *s)
{
	const struct prov_runner *r = s->runner;

	/* The time now, not the loop's (taken before this iteration's work, an fsync maybe). */
	return r->loop ? budget_wait(&s->bud, ev_time()) : 0;
}

static void line_push(struct slot *s, struct run *run)
{
	run->waiting = true;
	run->qnext = NULL;
	if (s->rtail)
		s->rtail->qnext = run;
	else
		s->rhead = run;
	s->rtail = run;
}

static void line_remove(struct slot *s, struct run *run)
{
	struct run **pp, *prev = NULL;

	for (pp = &s->rhead; *pp; prev = *pp, pp = &(*pp)->qnext) {
		if (*pp == run) {
			*pp = run->qnext;
			if (s->rtail == run)
				s->rtail = prev;
			run->qnext = NULL;
			run->waiting = false;
			return;
		}
	}
}

/* Send the next request of the jobs in the budget line while the budget allows, in order;
 * the rest wait for the wake timer. A job whose request cannot be sent is completed. */
static void line_go(struct slot *s)
{
	struct prov_runner *r = s->runner;
	struct run *run;
	double w;

	while ((run = s->rhead)) {
		w = slot_wait(s);
		if (w > 0) {
			if (!ev_is_active(&s->wake)) {
				ev_timer_set(&s->wake, w, 0.);
				ev_timer_start(r->loop, &s->wake);
			}
			return;
		}
		line_remove(s, run);
		if (r->loop)
			budget_take(&s->bud, ev_time());
		if (!send_step(run)) {
			log_warnx("%s", run->out.message);
			complete(run);
		}
	}
}

static void wake_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	line_go(container_of(w, struct slot, wake));
}

/* The run's next request: now if nothing waits before it and the budget allows (false with
 * run->out filled when it cannot be sent), else at the end of the budget line. */
static bool step_or_wait(struct run *run)
{
	struct slot *s = run->slot;
	struct prov_runner *r = run->runner;

	if (!s->rhead && slot_wait(s) == 0) {
		if (r->loop)
			budget_take(&s->bud, ev_time());
		return send_step(run);
	}
	line_push(s, run);
	line_go(s);
	return true;
}

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
		line_push(s, run);
	}
	line_go(s);
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
	out.read_first = job->read_first;
	if (!out.message[0])
		prov_outcome_set(&out, NULL, out.result, "%s: %s", run->ops->name,
				 prov_result_name(out.result));
	if (job->paired && !run->pair_done)
		job->pair_out = out;
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
	/* A 429 refused the request unread: the caller may resume as if it was never sent. */
	if (reply->transport == PROV_TRANSPORT_HTTP && reply->status == 429)
		o->throttled = true;
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

/* Too many requests: every request to this provider waits until Retry-After (with jitter);
 * the jobs keep their places in line. */
static void pause_slot(struct run *run, const struct prov_outcome *o, const struct prov_reply *rep)
{
	struct slot *s = run->slot;
	struct prov_runner *r = run->runner;
	double now, until, ra = o->retry_after >= 0 ? o->retry_after : rep->retry_after;
	double def = PROV_PAUSE_FIRST;
	bool was;

	if (!r->loop)
		return;
	for (unsigned i = 0; i < s->throttled && def < PROV_PAUSE_MAX; i++)
		def *= 2;
	if (def > PROV_PAUSE_MAX)
		def = PROV_PAUSE_MAX;
	s->throttled++;
	now = ev_time();
	was = budget_paused(&s->bud, now);
	until = budget_pause(&s->bud, now, ra, def, arc4random() / (double)UINT32_MAX);
	if (!was)
		log_warnx("provider %s: rate limited by %s; its requests wait %.0f s", s->name,
			  run->ops->name, until - now);
	/* The wake timer was set for the old budget: set it again. */
	if (ev_is_active(&s->wake)) {
		ev_timer_stop(r->loop, &s->wake);
		line_go(s);
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
	if ((sent->reply.transport == PROV_TRANSPORT_HTTP && sent->reply.status == 429) ||
	    o.throttled)
		pause_slot(run, &o, &sent->reply);
	else
		run->slot->throttled = 0;
	if (res == PROV_NEXT_STEP) {
		if (!step_or_wait(run))
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
		job->pair_out = po;
		run->pair_done = true;
	}
	finish_outcome(run, &sent->reply, res, &o);
	run->out = o;
	complete(run);
	return;
failed:
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

	if (s->active < s->cap && !s->qhead && !s->rhead && slot_wait(s) == 0) {
		run->active = true;
		s->active++;
		if (r->loop)
			budget_take(&s->bud, ev_time());
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
	if (s->active < s->cap && !s->qhead) {
		/* A place, but the budget says wait: a request that cannot be built or sent
		 * later is reported through done. */
		run->active = true;
		s->active++;
		line_push(s, run);
		line_go(s);
		return 0;
	}
	if (s->qtail)
		s->qtail->qnext = run;
	else
		s->qhead = run;
	s->qtail = run;
	s->queued++;
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
	if (run->waiting)
		line_remove(s, run);
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
		s->active = s->queued = 0;
		s->qhead = s->qtail = NULL;
		s->rhead = s->rtail = NULL;
		if (r->loop)
			ev_timer_stop(r->loop, &s->wake);
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
		free(s->rate);
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
	const struct slot *s;
	size_t n = 0;

	for (s = r ? r->slots : NULL; s; s = s->next)
		n += s->queued;
	return n;
}

size_t prov_runner_pauses(const struct prov_runner *r, struct prov_pause *out, size_t max)
{
	const struct slot *s;
	size_t n = 0;
	double now;

	if (!r || !r->loop)
		return 0;
	now = ev_time();
	for (s = r->slots; s && n < max; s = s->next) {
		const struct run *run;

		if (!budget_paused(&s->bud, now))
			continue;
		snprintf(out[n].provider, sizeof(out[n].provider), "%s", s->name);
		out[n].until = s->bud.paused_until;
		out[n].waiting = 0;
		for (run = s->rhead; run; run = run->qnext)
			out[n].waiting++;
		for (run = s->qhead; run; run = run->qnext)
			out[n].waiting++;
		n++;
	}
	return n;
}

size_t prov_runner_backlog(struct prov_runner *r, const struct cfg_provider *cfg)
{
	const char *name = cfg && cfg->name ? cfg->name : "";

	for (const struct slot *s = r ? r->slots : NULL; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return (size_t)s->active + s->queued;
	return 0;
}
