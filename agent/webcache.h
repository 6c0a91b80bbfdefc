/* SPDX-License-Identifier: MIT */
/* Web answers per (family, URL list), shared by every record that uses the same list. */
#ifndef DDNSD_WEBCACHE_H
#define DDNSD_WEBCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/config.h"
#include "agent/websrc.h"
#include "netlink/select.h"

struct webcache;

struct webcache_entry {
	enum fam fam;
	char *const *urls; /* borrowed from the config; the cache lives no longer than it */
	size_t n_urls;
	struct web_answer ans;
	struct websrc_lookup *inflight;
	double asked_at; /* ev_now of the last start, 0 if never */
	struct webcache *owner;
};

/* Called when a lookup finished and the entry's answer changed (or first arrived). */
typedef void (*webcache_fn)(void *arg, struct webcache_entry *e);

struct webcache {
	struct webcache_entry *entries;
	size_t n;
	struct http_ctx *http;
	const char *ca_file;
	webcache_fn changed;
	void *arg;
};

void webcache_init(struct webcache *wc, struct http_ctx *http, const char *ca_file,
		   webcache_fn changed, void *arg);
/* Cancel lookups in flight and free the entries. */
void webcache_fini(struct webcache *wc);
/* The URL list a record's source uses for fam: web:URL… or the agent's web-ipv4/6. */
void webcache_urls(const struct config *cfg, const struct cfg_source *src, enum fam fam,
		   char *const **urls, size_t *n);
/* The entry for (fam, urls), created empty when missing; NULL on ENOMEM. */
struct webcache_entry *webcache_entry(struct webcache *wc, enum fam fam, char *const *urls,
				      size_t n);
/* The answer for (fam, urls), or NULL when none was ever asked. */
const struct web_answer *webcache_answer(const struct webcache *wc, enum fam fam, char *const *urls,
					 size_t n);
/* Start a lookup for the entry unless one is in flight. 0 or -errno. */
int webcache_ask(struct webcache *wc, struct webcache_entry *e, double now);
/* Lookups in flight. */
size_t webcache_busy(const struct webcache *wc);

#endif
