/* SPDX-License-Identifier: MIT */
/* DNS name checks and the split of a record name into zone and label (RR / SubDomain). */
#ifndef DDNSD_DNSNAME_H
#define DDNSD_DNSNAME_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/errbuf.h"

#define DNSNAME_MAX 253 /* text length of a name without its trailing dot */

/* True for a host name in ASCII (Punycode) form: labels of 1..63 bytes of letters, digits,
 * '-' (not first or last) and '_', at most DNSNAME_MAX bytes, one optional trailing dot; with
 * allow_wildcard the first label may be "*". Otherwise false with err (may be NULL) filled. */
bool dnsname_valid(const char *name, bool allow_wildcard, struct errbuf *err);

/* Split name into the zone and the label relative to it:
 *   zone given: name must equal zone (label "@", the apex) or end in "." zone (label is the
 *   rest: "www", or "a.www"); compared case-insensitively;
 *   zone NULL or "": the zone is name minus its first label, the label that first label.
 * Outputs keep the input's case and drop a trailing dot. False with err filled when either
 * name is invalid or name is not inside zone. */
bool dnsname_split(const char *name, const char *zone, char label[static DNSNAME_MAX + 1],
		   char zone_out[static DNSNAME_MAX + 1], struct errbuf *err);

#endif
