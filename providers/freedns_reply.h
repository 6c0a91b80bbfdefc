/* SPDX-License-Identifier: MIT */
/* afraid.org FreeDNS dynamic update v2 replies: Updated / No IP change detected / ERROR
 * (providers-reference.md §6). */
#ifndef DDNSD_FREEDNS_REPLY_H
#define DDNSD_FREEDNS_REPLY_H

#include <stddef.h>

enum freedns_class {
	FREEDNS_UPDATED,   /* "Updated ..." */
	FREEDNS_UNCHANGED, /* "No IP change detected ..." */
	FREEDNS_TRANSIENT, /* 5xx or 429 without a known text: retry with backoff */
	FREEDNS_ERROR,	   /* "ERROR ...": stop the record until reload, like a dyndns2 code */
	FREEDNS_UNKNOWN,   /* any other text or status: stop as well (never hammer) */
};

struct freedns_reply {
	enum freedns_class cls;
	/* The first line as received (or "HTTP N"), printable. It is shown in the log only
	 * after the caller has cut the token out of it (prov_outcome_set's secret). */
	char shown[160];
	long retry_after; /* TRANSIENT: the reply's Retry-After, -1 none */
};

/* Pure. Classify a reply by the case-insensitive start of its first non-empty line; the text
 * decides over the status. */
enum freedns_class freedns_reply_parse(long status, const char *body, size_t len, long retry_after,
				       struct freedns_reply *out);

#endif
