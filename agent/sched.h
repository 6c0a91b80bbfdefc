/* SPDX-License-Identifier: MIT */
/* When to write or verify one record and family: desired vs published, rate limit, backoff. */
#ifndef DDNSD_SCHED_H
#define DDNSD_SCHED_H

#include <math.h>
#include <stdbool.h>

#include "lib/ipaddr.h"

/*
 * One struct sched_entry per record and family. The agent feeds it events and asks
 * sched_step() what to do; nothing here does I/O, reads a clock or draws random numbers:
 * times are ev_now() seconds (wall clock, so they also go into the state and status files)
 * and jitter comes in as an argument.
 *
 *	netlink change -> (settle timer, the agent's) -> sched_set_desired()
 *	poll timer     -> re-read the sources -> sched_set_desired()   (no other input)
 *	SIGUSR1        -> re-read the sources -> sched_set_desired() + sched_force()
 *	start-up       -> sched_loaded_state() from state.json
 *	SIGHUP         -> sched_reset_permanent()
 *	job finished   -> sched_job_done()        job cancelled -> sched_job_abort()
 *	after any of these, and when *wake_at passes -> sched_step()
 *
 * Settle: the agent debounces a burst of netlink events with one ev_timer per family
 * (sched_params.settle, default 50 ms, re-armed with ev_timer_again) and only then calls
 * sched_set_desired() and sched_step(); sched_step() itself acts at once.
 *
 * Rules sched_step() applies, in order:
 *  - a job in flight: nothing (sched_job_done() comes first). A desired address that
 *    changes meanwhile is remembered and handled when the job is done.
 *  - no desired address (the family has no eligible one): nothing; the record is left as
 *    it is and published is kept.
 *  - held (a write-only service's error code, for any address): nothing until the config is
 *    reloaded (sched_reset_permanent()) or the agent restarts.
 *  - a permanent failure (or a dry run) for this very desired address: nothing, until the
 *    address changes again or the config is reloaded (sched_reset_permanent()).
 *  - before not_before (a service's firm "not sooner than", dyndns2's 911): nothing, even
 *    for a new address or after sched_force().
 *  - in backoff after a transient failure: wait until next_retry.
 *  - desired != published: WRITE, but at most once per min_interval counted from the start
 *    of the last write that succeeded; a change inside that window is written when it ends
 *    (trailing edge) with the desired address of that moment, so the last one always lands.
 *    A failed write does not count here: backoff paces retries (first within 5 s).
 *  - desired == published: VERIFY when due (verify_interval after the last successful job,
 *    or at once after sched_force()), only for providers that can be read. Providers that
 *    cannot (dyndns2) are never re-sent an unchanged address.
 * A failure never changes published; only SCHED_OK and SCHED_UNCHANGED do.
 */

#define SCHED_NEVER   HUGE_VAL /* *wake_at when no timer is needed (+inf) */
#define SCHED_ID_LEN  64       /* provider ids + NUL, = PROV_ID_LEN (providers/provider.h) */
#define SCHED_ERR_LEN 640      /* error text + NUL, = sizeof(prov_outcome.message) */

enum sched_action {
	SCHED_NONE,   /* nothing to start now; look at *wake_at */
	SCHED_WRITE,  /* start a provider job that publishes e->in_flight_addr */
	SCHED_VERIFY, /* start a job that checks the provider holds it and repairs if not */
};

/* How a provider job ended (the agent maps enum prov_result onto these). */
enum sched_outcome {
	SCHED_OK,	 /* written (or repaired) */
	SCHED_UNCHANGED, /* the provider already held the address: nothing written */
	SCHED_RETRY,	 /* transient (network, timeout, 5xx, 429): back off */
	SCHED_PERMANENT, /* credentials, unknown zone/host, abuse: stop for this address */
	SCHED_DRY_RUN,	 /* --dry-run: a write would have been made and was not */
};

/* What `ddnsd status` shows (sched_result()). */
enum sched_result {
	SCHED_RES_NONE,	     /* "-": nothing known yet */
	SCHED_RES_OK,	     /* "ok": published (by this run, or known from the state file) */
	SCHED_RES_UNCHANGED, /* "unchanged": the provider already held it */
	SCHED_RES_PENDING,   /* "pending": a job runs, or a write waits for min-interval */
	SCHED_RES_RETRYING,  /* "retrying": transient failure, next_retry set */
	SCHED_RES_FAILED,    /* "failed": permanent failure for the desired address */
	SCHED_RES_DRY_RUN,   /* "dry-run": would have written */
};

/* Per provider (readable) and agent ([agent] durations). */
struct sched_params {
	double min_interval;	/* min-interval, default 10 s; <= 0: no rate limit */
	double poll_interval;	/* poll-interval, default 300 s: the backoff cap */
	double verify_interval; /* verify-interval, default 3600 s; <= 0: never verify */
	double settle;		/* settle, default 0.05 s: for the agent's debounce, unused here */
	bool readable;		/* provider_ops.readable: verify runs allowed */
};

/* A zeroed entry is valid: no desired address, nothing published, nothing pending. */
struct sched_entry {
	struct ipaddr desired; /* AF_UNSPEC: no eligible address */
	struct ipaddr
	    published;	     /* what the provider holds, as far as we know; AF_UNSPEC: unknown */
	double published_at; /* when published was written or confirmed; 0: unknown */
	char record_id[SCHED_ID_LEN]; /* provider ids ("" unknown), kept for the state file */
	char zone_id[SCHED_ID_LEN];

	bool wrote;	     /* last_write is valid */
	double last_write;   /* start of the last write that succeeded (min-interval) */
	double last_attempt; /* start of the last job; 0: none */

	unsigned failures; /* consecutive transient failures */
	double next_retry; /* backoff: no job before this; 0: none */

	bool stopped;		 /* permanent failure or dry run ... */
	struct ipaddr stop_addr; /* ... for this address */
	bool held;		 /* nothing for any address until reload (sched_hold()) */
	double not_before;	 /* no job before this, whatever happens; 0: none */

	bool in_flight;
	enum sched_action in_flight_kind;
	struct ipaddr in_flight_addr; /* the address the running job publishes or verifies */
	double in_flight_since;

	bool verify_pending; /* a verify is owed (due, forced, or to be retried) */
	double verify_due;   /* next scheduled verify; 0: not scheduled yet */

	enum sched_result result;  /* last outcome (never PENDING: that is derived) */
	char error[SCHED_ERR_LEN]; /* last failure, printable ASCII, "" when none */
};

/* Decide what to do now. WRITE or VERIFY mark the entry in flight (in_flight_addr,
 * in_flight_since = now): the caller starts the job and later reports it with
 * sched_job_done() (or sched_job_abort() if it could not start it or cancelled it).
 * *wake_at: when sched_step() must run again if nothing else happens (SCHED_NEVER if no
 * timer is needed: an event or a job completion will call it). */
enum sched_action sched_step(struct sched_entry *e, const struct sched_params *p, double now,
			     double *wake_at);

/* The address this record and family should publish now; NULL or an unset address: the
 * family has no eligible address (left alone). A new address lifts a permanent stop. */
void sched_set_desired(struct sched_entry *e, const struct ipaddr *addr);

/* How a job ended. error: one printable line for the user (copied, bounded; control bytes
 * become '?'), never a secret; may be NULL; ignored for OK/UNCHANGED (the error clears);
 * for DRY_RUN it may say what would have been written. retry_after: seconds from the provider, <= 0
 * for none. record_id/zone_id: ids the job found or created (NULL or "" to keep the
 * known ones). rnd01: uniform random in [0, 1] for the backoff jitter. */
struct sched_done {
	enum sched_outcome outcome;
	double retry_after;
	const char *error;
	const char *record_id;
	const char *zone_id;
	bool hold;	 /* SCHED_PERMANENT that holds for any address (sched_hold()) */
	bool firm_retry; /* SCHED_RETRY: retry_after is also not_before */
};
void sched_job_done(struct sched_entry *e, const struct sched_params *p, const struct sched_done *d,
		    double now, double rnd01);

/* The job was cancelled (shutdown, config reload): no longer in flight, nothing else
 * changes, so the next sched_step() may start it again at once. A job that could not be
 * started (ENOMEM, no socket) is reported as SCHED_RETRY instead, so it backs off. */
void sched_job_abort(struct sched_entry *e);

/* SIGUSR1: verify now (readable providers) and retry now, skipping any backoff wait.
 * min-interval and permanent stops still hold. The poll timer needs no call: it only
 * re-reads the sources (sched_set_desired()). */
void sched_force(struct sched_entry *e);

/* Send nothing more for this entry, whatever address is desired, until the config is
 * reloaded: the service counts every further request against the account. error (may be
 * NULL) is what status shows. */
void sched_hold(struct sched_entry *e, const char *error);

/* Config reload: forget permanent failures, holds and backoff (not a firm not_before: the
 * service's outage does not end with a reload); the next step tries again. */
void sched_reset_permanent(struct sched_entry *e);

/* Start-up: what state.json says the provider holds. addr NULL/unset: nothing known.
 * updated_at <= 0: unknown. ids may be NULL. The next verify is due verify_interval after
 * updated_at, so a long downtime is followed by one read, never by a write. */
void sched_loaded_state(struct sched_entry *e, const struct ipaddr *addr, const char *record_id,
			const char *zone_id, double updated_at);

/* The result shown by `ddnsd status`, derived from the whole entry. */
enum sched_result sched_result(const struct sched_entry *e);
/* "ok", "unchanged", "pending", "retrying", "failed", "dry-run", "-" */
const char *sched_result_name(enum sched_result r);

/* True when desired is set, differs from published, and no permanent stop holds for it
 * (for `ddnsd once`: "in sync" is !sched_needs_write() && !e->in_flight). */
bool sched_needs_write(const struct sched_entry *e);

#endif
