/* SPDX-License-Identifier: MIT */
/* A record's transient failures as one outage: what to log and when to run the hooks (pure). */
#ifndef DDNSD_OUTAGE_H
#define DDNSD_OUTAGE_H

#include <stdbool.h>

#define OUTAGE_REMIND 3600.0 /* "still failing" at most this often */

struct outage {
	double since;	   /* the first failure of the streak; 0: no outage */
	unsigned attempts; /* failed attempts in it */
	double said_at;	   /* when it was last logged */
	bool hooked;	   /* on-failure ran for it */
};

/* What the caller does after an event. */
struct outage_note {
	bool first;	/* log the failure (the first of an outage) */
	bool still;	/* log "still failing since T (N attempts)" */
	bool hook;	/* run on-failure: failing for longer than failure-after, once per outage */
	bool recovered; /* log one line: the outage is over */
	bool recovered_hook; /* run on-change with DDNSD_EVENT=recovered (on-failure ran) */
};

/* A transient failure at now. */
struct outage_note outage_failed(struct outage *o, double now, double failure_after);
/* A success (written or found in place): ends an outage, if there was one. */
struct outage_note outage_ok(struct outage *o);

#endif
