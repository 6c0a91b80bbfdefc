/* SPDX-License-Identifier: MIT */
/* A provider's request budget (rate-limit = N/DURATION): the token-bucket arithmetic and the
 * provider-wide pause after a 429 or a throttling code. Pure: times are passed in. */
#ifndef DDNSD_BUDGET_H
#define DDNSD_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#define BUDGET_TERMS	  2	  /* "6/s, 10000/1d": a rate and a longer cap */
#define BUDGET_MAX_N	  1e9	  /* requests in one term */
#define BUDGET_MAX_PER	  2678400 /* 31 days: the longest DURATION */
#define BUDGET_PAUSE_MAX  3600.0  /* a Retry-After longer than this is read as this */
#define BUDGET_JITTER	  0.1	  /* a pause is lengthened by up to this fraction, at random */
#define BUDGET_MARGIN	  0.02	  /* the window is paced as if this much longer ... */
#define BUDGET_MARGIN_MIN 0.05	  /* ... and at least this many seconds longer */

struct budget_term {
	double n;   /* requests ... */
	double per; /* ... per this many seconds */
};

/* What rate-limit says; no term: no budget ("none"). */
struct budget_spec {
	unsigned n_terms;
	struct budget_term t[BUDGET_TERMS];
};

/* Pure: "1200/5m", "6/s", "20/1s", "100/300" (seconds), "6/s, 10000/1d", or "none".
 * N is a whole number from 1 to 1e9; DURATION a number (1 when left out) and a unit s, m,
 * h or d (seconds without one), at most 31 days. false on anything else (out untouched). */
bool budget_parse(const char *s, struct budget_spec *out);

/*
 * One bucket per term, of capacity C = max(1, N/10) refilled at (N - C) / (DURATION + margin):
 * at most C + (N - C) = N requests go in any window of DURATION, whatever the server counts
 * from, with room for the requests' own delays (budget_margin()).
 * A burst of C goes at once; after that the requests are paced evenly.
 */
struct budget {
	struct budget_spec spec;
	double tokens[BUDGET_TERMS];
	double cap[BUDGET_TERMS], rate[BUDGET_TERMS];
	double t;	     /* when tokens were last brought up to date */
	double paused_until; /* no request before this (0: not paused) */
};

/* How much longer than DURATION the window is paced: 2 %, at least 50 ms. */
double budget_margin(double per);
/* A full budget at now. */
void budget_init(struct budget *b, const struct budget_spec *spec, double now);
/* Seconds from now until the next request may go: 0 when it may go now. */
double budget_wait(const struct budget *b, double now);
/* A request goes now (after budget_wait() said 0). */
void budget_take(struct budget *b, double now);
/* The provider said "too many requests" (a 429, a throttling code): nothing goes until
 * retry_after seconds from now (default_wait when it did not say: < 0), lengthened by up to
 * BUDGET_JITTER at random (rnd01 in [0, 1]) so that agents do not all come back at once.
 * A pause never shortens one already running. The bucket is emptied too: the provider
 * counted more than we did. The time it ends. */
double budget_pause(struct budget *b, double now, double retry_after, double default_wait,
		    double rnd01);
/* Paused at now? */
bool budget_paused(const struct budget *b, double now);

#endif
