// SPDX-License-Identifier: MIT
/* Web answers per (family, URL list): one lookup serves every record that shares the list. */
#include "agent/webcache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"

void webcache_init(struct webcache *wc, struct http_ctx *http, const char *ca_file,
		   webcache_fn changed, void *arg)
{
	memset(wc, 0, sizeof(*wc));
	wc->http = http;
	wc->ca_file = ca_file;
	wc->changed = changed;
	wc->arg = arg;
}

void webcache_fini(struct webcache *wc)
{
	for (size_t i = 0; i < wc->n; i++)
		if (wc->entries[i].inflight)
			websrc_cancel(wc->entries[i].inflight);
	free(wc->entries);
	wc->entries = NULL;
	wc->n = 0;
}

void webcache_urls(const struct config *cfg, const struct cfg_source *src, enum fam fam,
		   char *const **urls, size_t *n)
{
	if (src->kind == CFG_SRC_WEB && src->n_urls > 0) {
		*urls = src->urls;
		*n = src->n_urls;
	} else {
		*urls = cfg->agent.web[fam];
		*n = cfg->agent.n_web[fam];
	}
}

static bool same_list(const struct webcache_entry *e, enum fam fam, char *const *urls, size_t n)
{
	if (e->fam != fam || e->n_urls != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(e->urls[i], urls[i]) != 0)
			return false;
	return true;
}

static struct webcache_entry *find(const struct webcache *wc, enum fam fam, char *const *urls,
				   size_t n)
{
	for (size_t i = 0; i < wc->n; i++)
		if (same_list(&wc->entries[i], fam, urls, n))
			return &wc->entries[i];
	return NULL;
}

struct webcache_entry *webcache_entry(struct webcache *wc, enum fam fam, char *const *urls,
				      size_t n)
{
	struct webcache_entry *e = find(wc, fam, urls, n), *grown;

	if (e)
		return e;
	/* Entries are referenced by pointer from lookups in flight, so the array may only
	 * grow while none is in flight; the set of lists is fixed by the config, and every
	 * entry is created before the first lookup starts. */
	if (webcache_busy(wc) > 0) {
		errno = EBUSY;
		return NULL;
	}
	grown = realloc(wc->entries, (wc->n + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	wc->entries = grown;
	e = &wc->entries[wc->n++];
	memset(e, 0, sizeof(*e));
	e->fam = fam;
	e->urls = urls;
	e->n_urls = n;
	return e;
}

const struct web_answer *webcache_answer(const struct webcache *wc, enum fam fam, char *const *urls,
					 size_t n)
{
	const struct webcache_entry *e = find(wc, fam, urls, n);

	return e && e->ans.done ? &e->ans : NULL;
}

static void lookup_done(void *arg, enum fam fam, const struct web_answer *ans)
{
	struct webcache_entry *e = arg;
	struct webcache *wc = e->owner;
	bool changed;
	char a[IPADDR_STRLEN];

	(void)fam;
	e->inflight = NULL;
	changed = !e->ans.done || e->ans.ok != ans->ok || !ipaddr_equal(&e->ans.addr, &ans->addr);
	e->ans = *ans;
	if (ans->ok)
		log_debug("web %s: %s from %s", fam_name(e->fam), ipaddr_ntop(&ans->addr, a),
			  ans->url);
	else
		log_warnx("web %s lookup failed: %s", fam_name(e->fam), ans->error);
	if (changed && wc->changed)
		wc->changed(wc->arg, e);
}

int webcache_ask(struct webcache *wc, struct webcache_entry *e, double now)
{
	if (e->inflight)
		return 0;
	if (e->n_urls == 0) {
		e->ans.done = true;
		e->ans.ok = false;
		snprintf(e->ans.error, sizeof(e->ans.error), "no web-%s URL is configured",
			 fam_name(e->fam));
		return 0;
	}
	e->owner = wc;
	e->asked_at = now;
	e->inflight =
	    websrc_start(wc->http, e->fam, e->urls, e->n_urls, wc->ca_file, lookup_done, e);
	return e->inflight ? 0 : -errno;
}

size_t webcache_busy(const struct webcache *wc)
{
	size_t n = 0;

	for (size_t i = 0; i < wc->n; i++)
		n += wc->entries[i].inflight != NULL;
	return n;
}
