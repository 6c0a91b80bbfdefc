/* SPDX-License-Identifier: MIT */
/* DuckDNS update replies (verbose=true): OK/KO, the addresses held, UPDATED/NOCHANGE
 * (providers-reference.md §5). */
#ifndef DDNSD_DUCKDNS_REPLY_H
#define DDNSD_DUCKDNS_REPLY_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/ipaddr.h"

enum duckdns_class {
	DUCKDNS_UPDATED,   /* OK ... UPDATED (or a plain OK: written, change unknown) */
	DUCKDNS_NOCHANGE,  /* OK ... NOCHANGE */
	DUCKDNS_TRANSIENT, /* 5xx or 429: retry with backoff */
	DUCKDNS_KO,	   /* KO: bad token or domain; permanent, no retry until reload */
	DUCKDNS_MALFORMED, /* anything else (another status, not the documented text): stop */
};

struct duckdns_reply {
	enum duckdns_class cls;
	bool verbose;	  /* the reply had the verbose lines */
	struct ipaddr v4; /* the IPv4 the domain now holds (AF_UNSPEC: blank or absent) */
	struct ipaddr v6; /* the IPv6 likewise */
	char shown[48];	  /* the first line (or "HTTP N"), printable, for the log */
	long retry_after; /* TRANSIENT: the reply's Retry-After, -1 none */
};

/* Pure. Classify a reply: status is the HTTP status, body[0..len) the text, retry_after the
 * reply's Retry-After in seconds (-1 when absent). */
enum duckdns_class duckdns_reply_parse(long status, const char *body, size_t len, long retry_after,
				       struct duckdns_reply *out);

#endif
