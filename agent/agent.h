/* SPDX-License-Identifier: MIT */
/* The agent: the event loop that keeps every record's A and AAAA in sync (run and once). */
#ifndef DDNSD_AGENT_H
#define DDNSD_AGENT_H

#include <ev.h>
#include <stdbool.h>
#include <stdint.h>

#include "agent/cli.h"
#include "agent/coalesce.h"
#include "agent/config.h"
#include "agent/hold.h"
#include "agent/hooks.h"
#include "agent/ifwatch.h"
#include "agent/outage.h"
#include "agent/sched.h"
#include "agent/state.h"
#include "agent/status.h"
#include "agent/webcache.h"
#include "agent/zonememo.h"
#include "netlink/view.h"
#include "providers/dns_transport.h"
#include "providers/job.h"
#include "providers/transport_dns.h"

/* One record and one family: the scheduler's entry and the provider job it runs. */
struct agent_ent {
	struct agent *ag;
	const struct cfg_record *rec; /* in ag->cfg */
	enum fam fam;
	struct sched_entry se;
	struct prov_job *job; /* while a job of its own runs (most entries are idle: ~1.4 kB) */
	bool once_done;	      /* `once`: a job finished (or nothing was needed) */
	bool once_failed;
	bool announced; /* the first "up to date" line was logged */
	/* What this run knows of the record at its provider (agent_bulk.c): seen, published
	 * was read or written by this run (not only loaded from the state file), so a change
	 * is written directly; absent, a bulk read found no such record; listing, a bulk read
	 * of its zone runs and its own job waits for it. */
	bool seen, absent, listing;
	/* The provider said a write without a read would change more than the address (its
	 * line, its TTL): never written directly (prov_job.read_first). */
	bool read_first;
	/* The zone a bulk read of it reads (agent_bulk.c), when known without a look-up. */
	const char *bulk_zone;
	bool deferred; /* due, but waits in ag->defer for room in its provider's backlog */
	char web_error[STATUS_ERR_LEN]; /* why its web source gave no address; "" when it did */
	struct outage outage;		/* transient failures in a row */
	bool auth_refused;		/* the last outcome: the provider refused the credentials */
	struct hold hold; /* waiting for an address about to come back (agent_hold.c) */
	int held_ifindex; /* the interface of the last address chosen, 0 none */
};

/* The settle timer of one family: a burst of kernel events is acted on when it fires. */
struct agent_settle {
	ev_timer timer;
	struct agent *ag;
	enum fam fam;
};

/* When a family's web source was last asked, and a deferred ask (agent_web.c). */
struct agent_webfam {
	ev_timer later;
	struct agent *ag;
	enum fam fam;
	uint64_t key;	 /* webkey() when last looked at */
	double asked_at; /* ev_now of the last lookup started; 0: none since start or reload */
};

struct agent_bulk;

struct agent {
	struct ev_loop *loop;
	const struct cli *cli;
	bool once;
	struct config *cfg;
	struct view view;
	struct nl_sock *nl;
	struct http_ctx *http;
	struct dns_transport *dns;
	struct resolve *resolving; /* server names being resolved (resolve.c), or NULL */
	struct prov_runner *runner;
	struct webcache wc;
	struct hooks *hooks;
	struct state state;
	struct agent_ent *ents;
	size_t n_ents;
	struct agent_bulk *bulks; /* bulk reads running (agent_bulk.c) */
	struct zonememo zones;	  /* zone ids learnt this run, per provider and zone = */
	/* Entries due while their provider had AGENT_BACKLOG jobs running or waiting: they are
	 * started, in order, as jobs finish (a ring of entry indices, one place per entry), so
	 * that a thousand due records do not hold a thousand jobs at once. */
	size_t *defer;
	size_t defer_head, defer_n;
	uint8_t last_status[32]; /* SHA-256 of the status.json text last written */
	bool status_failing;	 /* the last write of status.json failed (warned once) */
	uint8_t last_state[32];	 /* SHA-256 of the state.json text last written */
	bool state_failing;	 /* the last write of state.json failed (warned once) */
	struct coalesce state_co, status_co; /* agent_persist.c */

	struct agent_settle settle[FAM_N];
	struct agent_webfam web[FAM_N];
	struct ifwatch ifw; /* interfaces the records name */
	ev_timer tick;	    /* the scheduler's next wake-up */
	ev_timer poll;
	ev_timer watchdog;
	ev_timer grace;	     /* shutdown: in-flight requests get 5 s */
	ev_timer hold_timer; /* the earliest end of a hold */
	ev_signal sig_term, sig_int, sig_hup, sig_usr1;
	int lock_fd;	   /* RUNTIME_DIR/ddnsd.lock, held until exit */
	double started_at; /* Unix seconds, for status.json */
	bool stopping;
	double stop_at; /* when SIGTERM/SIGINT arrived */
	int exit_code;
};

/* `ddnsd run` and `ddnsd once`: exit status (once: 0 all in sync, 1 some failed). */
int agent_main(const struct cli *cli, bool once);

/* agent_sync.c: records, desired addresses, jobs, state and status. */
int agent_ents_build(struct agent *ag, const struct agent_ent *old, size_t n_old);
void agent_refresh(struct agent *ag, unsigned fam_mask, bool ask_web);
void agent_step(struct agent *ag);
/* agent_step() for the entries a and b (may be NULL) only: after their job is done. */
void agent_step_ents(struct agent *ag, struct agent_ent *a, struct agent_ent *b);
void agent_force(struct agent *ag);
/* Start-up: every record of a provider that can be read is verified once, so that revoked
 * credentials show within seconds even when nothing needs writing. */
void agent_verify_readable(struct agent *ag);

/* agent_outcome.c: a job's outcome for the scheduler, and its log line, hooks and outage. */
enum sched_outcome agent_outcome_of(const struct prov_outcome *out);
void agent_log_outcome(struct agent *ag, struct agent_ent *e, const struct ipaddr *want,
		       const struct prov_outcome *out, const struct ipaddr *before,
		       enum sched_outcome oc);

/* agent_status.c: status.json from the entries (when it changed) and systemd's STATUS=. */
void agent_write_status(struct agent *ag);

/* agent_persist.c: state.json and status.json written per batch, not per job. */
#define AGENT_STATE_GAP	 1.0  /* seconds between two writes of state.json while results come */
#define AGENT_STATUS_GAP 0.25 /* the same for status.json (more when a write costs more) */
void agent_persist_init(struct agent *ag);
/* A result to save (state.json) / something to show (status.json): written within the gap. */
void agent_state_changed(struct agent *ag);
void agent_status_changed(struct agent *ag);
/* Write what waits now (exit, reload), and stop the timers. */
void agent_persist_flush(struct agent *ag);
/* Did text change since last (a SHA-256, updated when it did)? */
bool agent_text_same(uint8_t last[static 32], const char *text);
/* Pure: state.json's text for every record and family whose published address is known. */
char *agent_state_text(struct agent *ag);
bool agent_once_finished(const struct agent *ag);

/* agent_bulk.c: a first sync of many records in one zone reads the zone in bulk. */
#define AGENT_BACKLOG  32 /* jobs one provider may have running or waiting at once */
#define AGENT_BULK_MIN 8
#define AGENT_BULK_TRIES                                                                           \
	3 /* a bulk read resumed after a 429 or 5xx this many times */ /* records and families of  \
									  one zone that are worth  \
									  a bulk read */
void agent_bulk_start(struct agent *ag);
/* Cancel every bulk read (reload, exit): their entries go back to their own jobs. */
void agent_bulk_stop(struct agent *ag);

/* agent_web.c: web lookups only when they can change, at most one per family per 5 s. */
void agent_web_init(struct agent *ag);
void agent_web_stop(struct agent *ag);
/* Did what fam's web answer depends on change since the last call? (Drops connections.) */
bool agent_web_moved(struct agent *ag, enum fam fam);
/* Ask the web sources of the families in fam_mask, or defer within the 5 s gap. */
void agent_ask_web(struct agent *ag, unsigned fam_mask);
void agent_abort_jobs(struct agent *ag);
struct sched_params agent_params(const struct agent *ag, const struct agent_ent *e);

/* agent_hold.c: waits for an address about to come back (docs/behaviour.md). */
void agent_hold_init(struct agent *ag);
/* The families (bits 1 << FAM_*) of which a record stopped waiting now: the web lookups it
 * held back may be due (a DAD failure changes no address, so no event says so). */
unsigned agent_holds_update(struct agent *ag, unsigned fam_mask);
bool agent_holding(const struct agent_ent *e);
/* Start the web lookups of family fam for the records not waiting; how many started. */
size_t agent_ask_web_unheld(struct agent *ag, enum fam fam, double now);

#endif
