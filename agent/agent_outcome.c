// SPDX-License-Identifier: MIT
/* What a job's outcome means beyond the scheduler: its log line, the hooks it runs, and the
 * outage it starts, continues or ends. */
#include <stdio.h>
#include <string.h>

#include "agent/agent.h"
#include "lib/log.h"
#include "providers/provider.h"

enum sched_outcome agent_outcome_of(const struct prov_outcome *out)
{
	switch (out->result) {
	case PROV_OK:
		return out->would_write ? SCHED_DRY_RUN : SCHED_OK;
	case PROV_UNCHANGED:
		return SCHED_UNCHANGED;
	case PROV_AUTH:
	case PROV_PERMANENT:
		return SCHED_PERMANENT;
	case PROV_NEXT_STEP:
	case PROV_RETRY:
		break;
	}
	return SCHED_RETRY;
}

static void run_hook(struct agent *ag, const struct agent_ent *e, const char *path,
		     const char *event, const char *result, const struct ipaddr *addr,
		     const struct ipaddr *old, const char *error)
{
	char a[IPADDR_STRLEN], o[IPADDR_STRLEN];
	struct hook_event ev = {
	    .record = e->rec->section,
	    .name = e->rec->name,
	    .family = fam_name(e->fam),
	    .address = ipaddr_ntop(addr, a),
	    .old_address = ipaddr_is_set(old) ? ipaddr_ntop(old, o) : "",
	    .provider = e->rec->provider->name,
	    .result = result,
	    .error = error,
	    .event = event,
	};

	if (path && !ag->cli->dry_run)
		hooks_run(ag->hooks, path, &ev);
}

/* A transient failure: logged when an outage starts, then at most hourly; on-failure once
 * when it has lasted failure-after. */
static void outage_step(struct agent *ag, struct agent_ent *e, const struct ipaddr *want,
			const struct ipaddr *old, const char *msg, double now)
{
	struct outage_note n = outage_failed(&e->outage, now, ag->cfg->agent.failure_after);
	double next = e->se.next_retry > now ? e->se.next_retry - now : 0;
	char t[STATUS_TIME_LEN];

	status_time_format(e->outage.since, t);
	if (n.first)
		log_warnx("%s %s: %s; next try in %.0f s", e->rec->name, fam_rrtype(e->fam), msg,
			  next);
	else if (n.still)
		log_warnx("%s %s: still failing since %s (%u attempts): %s; next try in %.0f s",
			  e->rec->name, fam_rrtype(e->fam), t, e->outage.attempts, msg, next);
	else
		log_debug("%s %s: %s; next try in %.0f s", e->rec->name, fam_rrtype(e->fam), msg,
			  next);
	if (n.hook) {
		log_warnx("%s %s: failing since %s (%u attempts); running on-failure", e->rec->name,
			  fam_rrtype(e->fam), t, e->outage.attempts);
		run_hook(ag, e, ag->cfg->agent.on_failure, "outage", "retrying", want, old, msg);
	}
}

/* A success: one line, and on-change with DDNSD_EVENT=recovered when on-failure ran. */
static void outage_over(struct agent *ag, struct agent_ent *e, const struct ipaddr *want)
{
	unsigned attempts = e->outage.attempts;
	char t[STATUS_TIME_LEN];
	struct outage_note n;

	status_time_format(e->outage.since, t);
	n = outage_ok(&e->outage);
	if (!n.recovered)
		return;
	log_info("%s %s: working again (failing since %s, %u attempts)", e->rec->name,
		 fam_rrtype(e->fam), t, attempts);
	if (n.recovered_hook)
		run_hook(ag, e, ag->cfg->agent.on_change, "recovered", "ok", want, &e->se.published,
			 "");
}

/* One line per outcome (DESIGN.md: record, family, provider, old -> new, elapsed ms). */
void agent_log_outcome(struct agent *ag, struct agent_ent *e, const struct ipaddr *want,
		       const struct prov_outcome *out, const struct ipaddr *before,
		       enum sched_outcome oc)
{
	const char *type = e->rec->provider->type, *rr = fam_rrtype(e->fam);
	const struct provider_ops *ops = prov_find(type);
	const struct ipaddr *old = ipaddr_is_set(&out->old) ? &out->old : before;
	char a[IPADDR_STRLEN], o[IPADDR_STRLEN];
	double now = ev_now(ag->loop);

	ipaddr_ntop(want, a);
	switch (oc) {
	case SCHED_OK:
		log_info("%s %s %s -> %s (%s, %.0f ms)", e->rec->name, rr,
			 ipaddr_is_set(old) ? ipaddr_ntop(old, o) : "(none)", a, type,
			 out->elapsed_ms);
		run_hook(ag, e, ag->cfg->agent.on_change, "change", "ok", want, old, "");
		outage_over(ag, e, want);
		break;
	case SCHED_UNCHANGED:
		/* A write-only service answered a write with "already set" (dyndns2 nochg):
		 * its own words, since it was a write, not a read. */
		if (ops && !ops->readable)
			log_info("%s %s: %s (%s, %.0f ms)", e->rec->name, rr, out->message, type,
				 out->elapsed_ms);
		else if (!e->announced)
			log_info("%s %s %s is up to date (%s, %.0f ms)", e->rec->name, rr, a, type,
				 out->elapsed_ms);
		else
			log_debug("%s %s %s verified (%s, %.0f ms)", e->rec->name, rr, a, type,
				  out->elapsed_ms);
		outage_over(ag, e, want);
		break;
	case SCHED_DRY_RUN:
		log_info("dry run: %s", out->message);
		break;
	case SCHED_RETRY:
		if (ag->once)
			log_warnx("%s %s: %s", e->rec->name, rr, out->message);
		else
			outage_step(ag, e, want, old, out->message, now);
		break;
	case SCHED_PERMANENT:
		if (out->hold)
			log_error("%s %s: %s (on reload or restart)", e->rec->name, rr,
				  out->message);
		else
			log_error("%s %s: %s; not retried until the address changes or the "
				  "configuration is reloaded",
				  e->rec->name, rr, out->message);
		run_hook(ag, e, ag->cfg->agent.on_failure, "failed", "failed", want, old,
			 out->message);
		memset(&e->outage, 0, sizeof(e->outage)); /* this one is reported as it is */
		break;
	}
	e->announced = true;
}
