// SPDX-License-Identifier: MIT
/* Keeping records in sync: desired addresses in, provider jobs out, outcomes recorded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agent/agent.h"
#include "agent/desired.h"
#include "agent/resolve.h"
#include "lib/log.h"
#include "agent/status.h"
#include "providers/fingerprint.h"
#include "providers/provider.h"

struct sched_params agent_params(const struct agent *ag, const struct agent_ent *e)
{
	const struct provider_ops *ops = prov_find(e->rec->provider->type);
	struct sched_params p = {
	    .min_interval = ag->cfg->agent.min_interval,
	    .poll_interval = ag->cfg->agent.poll_interval,
	    .verify_interval = ag->cfg->agent.verify_interval,
	    .settle = ag->cfg->agent.settle,
	    .readable = ops && ops->readable,
	};

	/* The provider's own floor: write-only services count frequent updates as abuse. */
	if (ops && ops->min_interval > p.min_interval)
		p.min_interval = ops->min_interval;
	/* `once` is one cycle: nothing is rate-limited inside it. */
	if (ag->once)
		p.min_interval = 0;
	return p;
}

static bool same_provider(const struct cfg_provider *old, const char *fp)
{
	char ofp[PROV_FP_LEN];

	prov_fingerprint(old, ofp);
	return strcmp(ofp, fp) == 0;
}

int agent_ents_build(struct agent *ag, const struct agent_ent *old, size_t n_old)
{
	const struct config *cfg = ag->cfg;
	struct agent_ent *ents = calloc(cfg->n_records * FAM_N + 1, sizeof(*ents));
	size_t n = 0, *ring;

	if (!ents)
		return -ENOMEM;
	for (size_t i = 0; i < cfg->n_records; i++) {
		const struct cfg_record *rec = &cfg->records[i];

		for (enum fam f = FAM_V4; f < FAM_N; f++) {
			struct agent_ent *e = &ents[n];
			const struct state_entry *st;
			char fp[PROV_FP_LEN];

			if (rec->src[f].kind == CFG_SRC_OFF)
				continue;
			n++;
			e->ag = ag;
			e->rec = rec;
			e->fam = f;
			prov_fingerprint(rec->provider, fp);
			/* A reload keeps what is known of a record that still means the same:
			 * the same name at the same provider (type, endpoint, account). */
			for (size_t j = 0; j < n_old; j++) {
				const struct agent_ent *o = &old[j];

				if (o->fam == f && strcmp(o->rec->section, rec->section) == 0 &&
				    strcmp(o->rec->name, rec->name) == 0 &&
				    strcmp(o->rec->provider->name, rec->provider->name) == 0 &&
				    same_provider(o->rec->provider, fp)) {
					e->se = o->se;
					e->se.in_flight = false;
					e->announced = o->announced;
					e->seen = o->seen;
					e->read_first = o->read_first;
					e->outage = o->outage;
					e->held_ifindex = o->held_ifindex;
					sched_reset_permanent(&e->se);
					break;
				}
			}
			if (ipaddr_is_set(&e->se.published))
				continue;
			st = state_lookup_fp(&ag->state, rec->section, f, rec->name,
					     rec->provider->name, fp);
			if (st)
				sched_loaded_state(&e->se, &st->address, st->record_id, st->zone_id,
						   st->updated_at);
		}
	}
	ring = calloc(n + 1, sizeof(*ring));
	if (!ring) {
		free(ents);
		return -ENOMEM;
	}
	free(ag->defer);
	ag->defer = ring;
	ag->defer_head = ag->defer_n = 0;
	free(ag->ents);
	ag->ents = ents;
	ag->n_ents = n;
	return 0;
}

void agent_refresh(struct agent *ag, unsigned fam_mask, bool ask_web)
{
	const struct config *cfg = ag->cfg;
	unsigned ended = agent_holds_update(ag, fam_mask);
	bool first = false; /* a record's first address: a bulk read may serve it */

	if (ask_web || ended)
		agent_ask_web(ag, ask_web ? fam_mask : ended);
	for (size_t i = 0; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];
		struct select_out out;
		char a[IPADDR_STRLEN];

		/* A record that waits keeps its desired address until the wait ends. */
		if (!(fam_mask & (1u << e->fam)) || agent_holding(e))
			continue;
		desired_select(cfg, e->rec, e->fam, &ag->view, &ag->wc, &out);
		if (out.from_ifindex)
			e->held_ifindex = out.from_ifindex;
		if (out.found && !ipaddr_equal(&out.addr, &e->se.desired))
			log_debug("%s %s: desired %s (%s)", e->rec->name, fam_rrtype(e->fam),
				  ipaddr_ntop(&out.addr, a), out.source);
		else if (!out.found && ipaddr_is_set(&e->se.desired))
			log_info("%s %s: no address to publish (%s); the record is left as it is",
				 e->rec->name, fam_rrtype(e->fam), out.reason);
		if (out.found && !ipaddr_is_set(&e->se.desired) && !e->seen)
			first = true;
		sched_set_desired(&e->se, out.found ? &out.addr : NULL);
		snprintf(e->web_error, sizeof(e->web_error), "%s",
			 out.web_failed ? out.reason : "");
		if (!out.found && ag->once && !out.wants_web && !e->once_done) {
			/* Nothing can be published for this family now: the cycle is over for it;
			 * a failed web lookup is a failure, a family without an address is not. */
			e->once_done = true;
			e->once_failed = out.web_failed;
			log_warnx("%s %s: %s", e->rec->name, fam_rrtype(e->fam), out.reason);
		}
	}
	/* Addresses that came late (a web lookup behind NAT) get the first sync's bulk read
	 * too, not only those known at start-up. */
	if (first)
		agent_bulk_start(ag);
}

/* The record's entry of the other family, or NULL: agent_ents_build() puts a record's
 * families next to each other. */
static struct agent_ent *sibling(struct agent *ag, const struct agent_ent *e)
{
	size_t i = (size_t)(e - ag->ents);

	if (i > 0 && ag->ents[i - 1].rec == e->rec)
		return &ag->ents[i - 1];
	if (i + 1 < ag->n_ents && ag->ents[i + 1].rec == e->rec)
		return &ag->ents[i + 1];
	return NULL;
}

/* The record's entry of the other family, or NULL. */
static struct agent_ent *sibling(struct agent *ag, const struct agent_ent *e);

/* One family's outcome: scheduler, log, hooks, state. */
/* e's record names its zone, and its provider finds a zone's id by asking: the ids it learns
 * are shared (zonememo.c). Other providers' zone ids (DNSPod's zone name) are their own. */
static bool asks_zone_of(const struct agent_ent *e)
{
	const struct provider_ops *ops = prov_find(e->rec->provider->type);

	return ops && ops->zone_lookup && e->rec->zone && e->rec->zone[0];
}

/* Every entry steps on the next loop iteration (the tick's callback runs agent_step()): once
 * per zone look-up that others waited for, not per job. */
static void step_all_soon(struct agent *ag)
{
	ev_timer_stop(ag->loop, &ag->tick);
	ev_timer_set(&ag->tick, 0., 0.);
	ev_timer_start(ag->loop, &ag->tick);
}

static void ent_done_sched(struct agent_ent *e, const struct ipaddr *want,
			   const struct prov_outcome *out);

static void ent_done(struct agent_ent *e, const struct ipaddr *want, const struct prov_outcome *out)
{
	/* Ended by us (its source address went away): not a failure; the step that follows
	 * sends the new address at once. */
	if (out->interrupted) {
		log_debug("%s %s: %s; sending again", e->rec->name, fam_rrtype(e->fam),
			  out->message);
		sched_job_abort(&e->se);
		return;
	}
	ent_done_sched(e, want, out);
}

static void ent_done_sched(struct agent_ent *e, const struct ipaddr *want,
			   const struct prov_outcome *out)
{
	struct agent *ag = e->ag;
	struct sched_params p = agent_params(ag, e);
	struct ipaddr before = e->se.published;
	enum sched_outcome oc = agent_outcome_of(out);
	struct sched_done d = {
	    .outcome = oc,
	    .retry_after = (double)out->retry_after,
	    .error = out->message,
	    .record_id = out->record_id,
	    .zone_id = out->zone_id,
	    .hold = out->hold,
	    .firm_retry = out->firm_retry,
	};
	struct agent_ent *six;

	sched_job_done(&e->se, &p, &d, ev_now(ag->loop), arc4random() / (double)UINT32_MAX);
	e->read_first = out->read_first;
	if (asks_zone_of(e) && prov_id_valid(out->zone_id))
		(void)zonememo_put(&ag->zones, e->rec->provider, e->rec->zone, out->zone_id);
	/* The records that waited for this look-up go now (with the id, or one asks again). */
	if (zonememo_asked(&ag->zones, e))
		step_all_soon(ag);
	e->auth_refused = out->result == PROV_AUTH;
	/* A write-only service's error code is about the record (its account, its host), not
	 * one family: the other family sends nothing either. */
	if (oc == SCHED_PERMANENT && out->hold && (six = sibling(ag, e)) && !six->se.held)
		sched_hold(&six->se, out->message);
	agent_log_outcome(ag, e, want, out, &before, oc);
	if (oc == SCHED_OK || oc == SCHED_UNCHANGED) {
		e->seen = true;
		agent_state_changed(ag);
	}
	/* A 429 or 5xx: the retry resumes where this job got to (the zone and record it found
	 * are kept), not at the zone look-up. A write that failed is read first again, since
	 * the provider may have applied it. */
	if (oc == SCHED_RETRY) {
		if (prov_id_valid(out->zone_id))
			snprintf(e->se.zone_id, sizeof(e->se.zone_id), "%s", out->zone_id);
		if (prov_id_valid(out->record_id))
			snprintf(e->se.record_id, sizeof(e->se.record_id), "%s", out->record_id);
		/* Throttled: refused unread, so what was known still is (a direct write or
		 * create goes again as it was); any other failure may have written. */
		if (!out->throttled)
			e->seen = false;
	}
	if (ag->once) {
		e->once_done = true;
		e->once_failed = oc == SCHED_RETRY || oc == SCHED_PERMANENT;
	}
}

static void job_done(void *arg, struct prov_job *job, const struct prov_outcome *out)
{
	struct agent_ent *e = arg;
	struct agent *ag = e->ag;
	struct agent_ent *six = job->paired ? sibling(ag, e) : NULL;
	struct prov_outcome pair_out = job->pair_out;
	struct ipaddr want6 = job->want6, want = job->want;
	bool absent = job->absent;

	free(e->job);
	e->job = NULL;
	ent_done(e, &want, out);
	if (out->result == PROV_RETRY && out->throttled)
		e->absent = absent;
	if (six) {
		ent_done(six, &want6, &pair_out);
		/* One request failed for both: its retry is one request for both too. */
		if (e->se.failures && six->se.failures) {
			six->se.next_retry = e->se.next_retry;
			if (e->se.not_before > six->se.not_before)
				six->se.not_before = e->se.not_before;
		}
	}
	/* Only the entries of this record changed: stepping all N after each of N jobs would be
	 * O(N^2) (the tick timer and the events step the others). The other family is stepped
	 * even when it was not in this job: a write-only service's family waits for it. */
	agent_step_ents(ag, e, six ? six : sibling(ag, e));
}

/* A job could not start: each family it carried fails now. */
static void start_failed(struct agent *ag, struct agent_ent *e, int err)
{
	struct sched_params p = agent_params(ag, e);
	char msg[160];
	struct sched_done d = {
	    .outcome = err == -ENOMEM || err == -EIO ? SCHED_RETRY : SCHED_PERMANENT, .error = msg};

	if (err == -ENOENT)
		snprintf(msg, sizeof(msg), "provider type %s is not available in this build",
			 e->rec->provider->type);
	else
		snprintf(msg, sizeof(msg), "%s: the request could not be %s: %s",
			 e->rec->provider->type, err == -EIO ? "sent" : "built", strerror(-err));
	log_error("%s %s: %s", e->rec->name, fam_rrtype(e->fam), msg);
	sched_job_done(&e->se, &p, &d, ev_now(ag->loop), arc4random() / (double)UINT32_MAX);
	if (ag->once) {
		e->once_done = true;
		e->once_failed = true;
	}
}

/* The other family of a record whose provider writes both in one request, when it is due
 * for a write now too (its scheduler entry is then marked in flight). */
static struct agent_ent *pair_with(struct agent *ag, struct agent_ent *e, enum sched_action act)
{
	const struct provider_ops *ops = prov_find(e->rec->provider->type);
	struct agent_ent *s;
	struct sched_params p;
	double w;

	if (act != SCHED_WRITE || !ops || !ops->pairs || !ops->pairs(e->rec->provider))
		return NULL;
	s = sibling(ag, e);
	if (!s || s->se.in_flight || (ag->once && s->once_done) || !sched_needs_write(&s->se))
		return NULL;
	/* Needing a write, sched_step either starts one or waits (backoff, min-interval). */
	p = agent_params(ag, s);
	return sched_step(&s->se, &p, ev_now(ag->loop), &w) == SCHED_WRITE ? s : NULL;
}

/* e's job would look its zone = up first (its provider asks, and nobody told it the id). */
static bool asks_zone(const struct agent_ent *e)
{
	return asks_zone_of(e) && !e->se.zone_id[0] &&
	       !zonememo_get(&e->ag->zones, e->rec->provider, e->rec->zone);
}

/* The id of e's zone (its zone =, or the listed zone that holds its name) if a job of its
 * provider learnt it, or NULL. */
static const char *known_zone_id(const struct agent_ent *e)
{
	const struct provider_ops *ops = prov_find(e->rec->provider->type);
	const char *zone = e->rec->zone && e->rec->zone[0] ? e->rec->zone : e->bulk_zone;

	if (!ops || !ops->zone_lookup || !zone)
		return NULL;
	return zonememo_get(&e->ag->zones, e->rec->provider, zone);
}

/* Another record's job is looking e's zone up: e waits for its answer, so that a zone costs
 * one look-up however many of its records start at once. */
static bool zone_waits(const struct agent_ent *e)
{
	const void *asker;

	if (!asks_zone(e))
		return false;
	asker = zonememo_asking(&e->ag->zones, e->rec->provider, e->rec->zone);
	return asker && asker != e;
}

static void start_job(struct agent *ag, struct agent_ent *e, enum sched_action act)
{
	struct agent_ent *s = pair_with(ag, e, act);
	/* A paired job lives in the IPv4 entry and carries the IPv6 address too. */
	struct agent_ent *v4 = s && e->fam == FAM_V6 ? s : e, *v6 = s ? (v4 == e ? s : e) : NULL;
	struct prov_job *job = calloc(1, sizeof(*job));
	struct prov_outcome dry;
	int err;

	if (!job) {
		start_failed(ag, v4, -ENOMEM);
		if (v6)
			start_failed(ag, v6, -ENOMEM);
		return;
	}
	v4->job = job;
	prov_job_init(job, v4->rec->provider, v4->rec, v4->fam, &v4->se.in_flight_addr);
	if (v6) {
		job->paired = true;
		job->want6 = v6->se.in_flight_addr;
	}
	job->dry_run = ag->cli->dry_run;
	job->verify = act == SCHED_VERIFY;
	job->contact = ag->cfg->agent.contact;
	if (!v6) {
		struct agent_ent *o = sibling(ag, v4);

		if (o)
			job->other =
			    ipaddr_is_set(&o->se.published) ? o->se.published : o->se.desired;
	}
	prov_job_stamp(job);
	snprintf(job->record_id, sizeof(job->record_id), "%s", v4->se.record_id);
	job->read_first = v4->read_first;
	snprintf(job->zone_id, sizeof(job->zone_id), "%s", v4->se.zone_id);
	/* Not known for this record yet: its zone's id, if another record's job learnt it;
	 * else this job asks, and the zone's other records wait for it (zone_waits()). */
	if (!job->zone_id[0]) {
		const char *zid = known_zone_id(v4);

		if (zid)
			snprintf(job->zone_id, sizeof(job->zone_id), "%s", zid);
		else if (asks_zone(v4))
			(void)zonememo_ask(&ag->zones, v4->rec->provider, v4->rec->zone, v4);
	}
	/* What this run read or wrote (not only what the state file says) is written without
	 * reading it again; verify runs and start-up read first (behaviour.md). */
	if (act == SCHED_WRITE && !v6 && !job->dry_run) {
		job->absent = v4->absent;
		job->direct = v4->seen && !v4->read_first && ipaddr_is_set(&v4->se.published) &&
			      v4->se.record_id[0] && v4->se.zone_id[0];
	}
	v4->absent = false;
	/* A write-only provider's first request writes: a dry run ends here, saying what it
	 * would have sent. */
	if (job->dry_run && prov_dry_write(job, &dry)) {
		struct prov_outcome dry6 = job->pair_out;

		free(job);
		v4->job = NULL;
		ent_done(v4, &v4->se.in_flight_addr, &dry);
		if (v6)
			ent_done(v6, &v6->se.in_flight_addr, &dry6);
		return;
	}
	err = prov_run(ag->runner, job, job_done, v4);
	if (err < 0) {
		free(job);
		v4->job = NULL;
		if (zonememo_asked(&ag->zones, v4))
			step_all_soon(ag);
		start_failed(ag, v4, err);
		if (v6)
			start_failed(ag, v6, err);
	}
}

/* A record of a write-only service sends one request at a time: an error code for one family
 * then holds the other before it sends anything (the service counts each refused request). */
static bool wait_sibling(struct agent *ag, const struct agent_ent *e)
{
	const struct provider_ops *ops = prov_find(e->rec->provider->type);
	const struct agent_ent *s;

	if (!ops || ops->readable)
		return false;
	s = sibling(ag, e);
	return s && s->se.in_flight;
}

static void defer_push(struct agent *ag, struct agent_ent *e)
{
	e->deferred = true;
	ag->defer[(ag->defer_head + ag->defer_n++) % ag->n_ents] = (size_t)(e - ag->ents);
}

/* Start what e needs now; its next wake-up time (SCHED_NEVER: none). */
static double step_ent(struct agent *ag, struct agent_ent *e, double now)
{
	struct sched_params p = agent_params(ag, e);
	double w = SCHED_NEVER;
	enum sched_action act;

	if ((ag->once && e->once_done) || e->listing || e->deferred || wait_sibling(ag, e) ||
	    zone_waits(e))
		return SCHED_NEVER;
	if (resolve_waiting(e->rec->provider))
		return SCHED_NEVER; /* resolved() steps again */
	act = sched_step(&e->se, &p, now, &w);
	if (act != SCHED_NONE &&
	    prov_runner_backlog(ag->runner, e->rec->provider) >= AGENT_BACKLOG) {
		/* Not started: sched_step() sees it due again when its turn comes. */
		sched_job_abort(&e->se);
		defer_push(ag, e);
		return SCHED_NEVER;
	}
	if (act != SCHED_NONE)
		start_job(ag, e, act);
	else if (ag->once && !e->se.in_flight && ipaddr_is_set(&e->se.desired) &&
		 !sched_needs_write(&e->se) && !e->se.verify_pending)
		e->once_done = true; /* in sync, nothing to verify */
	return w;
}

/* Entries that waited for room go, in order, while there is room for the first of them. */
static void defer_pump(struct agent *ag, double now)
{
	while (ag->defer_n > 0) {
		struct agent_ent *e = &ag->ents[ag->defer[ag->defer_head]];

		if (prov_runner_backlog(ag->runner, e->rec->provider) >= AGENT_BACKLOG)
			return;
		ag->defer_head = (ag->defer_head + 1) % ag->n_ents;
		ag->defer_n--;
		e->deferred = false;
		step_ent(ag, e, now);
	}
}

static void step_done(struct agent *ag)
{
	agent_status_changed(ag);
	if (ag->once && agent_once_finished(ag))
		ev_break(ag->loop, EVBREAK_ALL);
}

void agent_step(struct agent *ag)
{
	double now = ev_now(ag->loop), wake = SCHED_NEVER;

	if (ag->stopping)
		goto out;
	defer_pump(ag, now);
	for (size_t i = 0; i < ag->n_ents; i++) {
		double w = step_ent(ag, &ag->ents[i], now);

		if (w < wake)
			wake = w;
	}
	/* The tick timer is only a wake-up; its callback comes back here (see agent.c). */
	ev_timer_stop(ag->loop, &ag->tick);
	if (wake < SCHED_NEVER) {
		ev_timer_set(&ag->tick, wake > now ? wake - now : 0, 0.);
		ev_timer_start(ag->loop, &ag->tick);
	}
out:
	step_done(ag);
}

void agent_step_ents(struct agent *ag, struct agent_ent *a, struct agent_ent *b)
{
	double now = ev_now(ag->loop), wake, at;

	if (ag->stopping)
		goto out;
	defer_pump(ag, now);
	wake = step_ent(ag, a, now);
	if (b) {
		double w = step_ent(ag, b, now);

		if (w < wake)
			wake = w;
	}
	/* The tick only ever moves earlier here; agent_step() sets it from every entry. */
	if (wake < SCHED_NEVER) {
		at = ev_is_active(&ag->tick) ? now + ev_timer_remaining(ag->loop, &ag->tick)
					     : SCHED_NEVER;
		if (wake < at) {
			ev_timer_stop(ag->loop, &ag->tick);
			ev_timer_set(&ag->tick, wake > now ? wake - now : 0, 0.);
			ev_timer_start(ag->loop, &ag->tick);
		}
	}
out:
	step_done(ag);
}

void agent_verify_readable(struct agent *ag)
{
	for (size_t i = 0; i < ag->n_ents; i++)
		if (agent_params(ag, &ag->ents[i]).readable)
			sched_force(&ag->ents[i].se);
}

void agent_force(struct agent *ag)
{
	for (size_t i = 0; i < ag->n_ents; i++)
		sched_force(&ag->ents[i].se);
}

void agent_abort_jobs(struct agent *ag)
{
	agent_bulk_stop(ag);
	prov_runner_cancel_all(ag->runner);
	zonememo_unask_all(&ag->zones);
	ag->defer_head = ag->defer_n = 0;
	for (size_t i = 0; i < ag->n_ents; i++) {
		free(ag->ents[i].job);
		ag->ents[i].job = NULL;
		ag->ents[i].deferred = false;
		if (ag->ents[i].se.in_flight)
			sched_job_abort(&ag->ents[i].se);
	}
}

bool agent_once_finished(const struct agent *ag)
{
	if (webcache_busy(&ag->wc) > 0)
		return false;
	for (size_t i = 0; i < ag->n_ents; i++)
		if (!ag->ents[i].once_done)
			return false;
	return true;
}
