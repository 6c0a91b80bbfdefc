/* SPDX-License-Identifier: MIT */
/* "What is my IP" lookups: URLs tried in order, forced to one family, over http.c. */
#ifndef DDNSD_WEBSRC_H
#define DDNSD_WEBSRC_H

#include <stddef.h>

#include "lib/ipaddr.h"
#include "netlink/select.h"
#include "providers/http.h"

struct websrc_lookup;

typedef void (*websrc_done_fn)(void *arg, enum fam fam, const struct web_answer *ans);

/* Ask urls[0], then urls[1]… until one gives a valid address of family fam. done is called
 * once, when one answered or all failed (ans->error then lists why, URL by URL, with any
 * query string cut off). NULL with errno set when nothing could be started. done is never
 * called from inside websrc_start(); ans (ans->url without user info or query) is valid
 * during the call only, and the lookup is freed as soon as done returns. */
struct websrc_lookup *websrc_start(struct http_ctx *http, enum fam fam, char *const *urls,
				   size_t n_urls, const char *ca_file, websrc_done_fn done,
				   void *arg);
/* Stop a lookup; done is not called. A no-op from inside done; invalid after done returned. */
void websrc_cancel(struct websrc_lookup *l);

#endif
