/* SPDX-License-Identifier: MIT */
/* dyndns2 replies (No-IP, Dynu, Dyn and routers' protocol): the return code of each line and
 * what the client must do about it (providers-reference.md §4). */
#ifndef DDNSD_DYNDNS2_REPLY_H
#define DDNSD_DYNDNS2_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/ipaddr.h"

/* 911 and dnserr: no further request sooner than this (No-IP's rule, seconds). */
#define DYNDNS2_LATER_SECONDS 1800

enum dyndns2_class {
	DYNDNS2_OK,	   /* good IP: written */
	DYNDNS2_UNCHANGED, /* nochg IP: the host already had it ("already set") */
	DYNDNS2_LATER,	   /* 911, dnserr: retry after retry_after (>= 30 min) */
	DYNDNS2_TRANSIENT, /* 5xx or 429 without a return code: retry with backoff */
	/* Every other code, and any word the protocol does not define: no request for this
	 * record until the config is reloaded or the agent restarts, even when the address
	 * changes, since the service counts every further request against the account. */
	DYNDNS2_STOP,
};

enum dyndns2_code {
	DYNDNS2_GOOD,
	DYNDNS2_NOCHG,
	DYNDNS2_BADAUTH, /* also HTTP 401 */
	DYNDNS2_NOT_DONATOR,
	DYNDNS2_NOTFQDN,
	DYNDNS2_NOHOST,
	DYNDNS2_NUMHOST,
	DYNDNS2_ABUSE,
	DYNDNS2_BADAGENT,
	DYNDNS2_GOOD_LOOPBACK, /* "good 127.0.0.1": Dyn ignored a client it does not accept */
	DYNDNS2_911,
	DYNDNS2_DNSERR,
	DYNDNS2_HTTP_ERROR, /* a non-2xx status without a return code */
	DYNDNS2_UNKNOWN,    /* a 2xx reply whose first word is no return code (or empty) */
};

#define DYNDNS2_MAX_ADDRS 4

struct dyndns2_reply {
	enum dyndns2_class cls;
	enum dyndns2_code code; /* the line that decided the class */
	char word[32];		/* that code as received, printable ("badauth", "HTTP 404") */
	/* The addresses good/nochg lines gave back ("good 192.0.2.1,2001:db8::1"). */
	struct ipaddr addrs[DYNDNS2_MAX_ADDRS];
	unsigned n_addrs;
	unsigned lines;	  /* non-empty lines read */
	long retry_after; /* LATER: seconds, >= DYNDNS2_LATER_SECONDS; TRANSIENT: the reply's
			     Retry-After or -1 */
};

/* Pure. Classify a reply: status is the HTTP status, body[0..len) the text (one line per
 * host; the worst line decides: STOP, LATER, TRANSIENT, OK, then UNCHANGED when every line
 * is nochg), retry_after the reply's Retry-After in seconds (-1 when absent). HTTP 401 is
 * badauth whatever the body; a return code decides over any other status; without one, 5xx
 * and 429 are TRANSIENT and any other non-2xx STOP. */
enum dyndns2_class dyndns2_reply_parse(long status, const char *body, size_t len, long retry_after,
				       struct dyndns2_reply *out);
/* What a code means, for the log line ("the username or password was refused"). */
const char *dyndns2_code_meaning(enum dyndns2_code code);
/* What the user must do about it ("fix username/password, then reload (SIGHUP)"). */
const char *dyndns2_code_action(enum dyndns2_code code);

#endif
