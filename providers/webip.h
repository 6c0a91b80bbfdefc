/* SPDX-License-Identifier: MIT */
/* Parse a "what is my IP" reply body: a bare address, or Cloudflare's trace (ip= line). */
#ifndef DDNSD_WEBIP_H
#define DDNSD_WEBIP_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/ipaddr.h"

#define WEBIP_MAX_BODY 4096

/* Pure. Accepts a body (not NUL-terminated) of len bytes; the address must be of family
 * fam and valid by inet_pton after trimming white space. HTML or anything else is
 * refused with a short reason in why. */
bool webip_parse(const char *body, size_t len, enum fam fam, struct ipaddr *out, char *why,
		 size_t whylen);

#endif
