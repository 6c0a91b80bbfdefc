// SPDX-License-Identifier: MIT
/* Desired address per record and family: the selector fed with the matching web answer. */
#include "agent/desired.h"

void desired_select(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
		    const struct view *view, const struct webcache *wc, struct select_out *out)
{
	const struct cfg_source *src = &rec->src[fam];
	char *const *urls;
	size_t n;
	struct select_in in = {
		.view = view,
		.src = src,
		.fam = fam,
		.allow_private = rec->allow_private,
		.suffix = fam == FAM_V6 && rec->has_suffix ? &rec->suffix : NULL,
	};

	webcache_urls(cfg, src, fam, &urls, &n);
	in.web = wc ? webcache_answer(wc, fam, urls, n) : NULL;
	select_address(&in, out);
}

size_t desired_ask_web(const struct config *cfg, const struct cfg_record *recs, size_t n_recs,
		       const struct view *view, struct webcache *wc, bool ask, double now)
{
	size_t started = 0;

	for (size_t i = 0; i < n_recs; i++) {
		const struct cfg_record *rec = &recs[i];

		for (enum fam f = FAM_V4; f < FAM_N; f++) {
			struct select_out out;
			struct webcache_entry *e;
			char *const *urls;
			size_t n;

			desired_select(cfg, rec, f, view, NULL, &out);
			if (!out.wants_web)
				continue;
			webcache_urls(cfg, &rec->src[f], f, &urls, &n);
			e = webcache_entry(wc, f, urls, n);
			if (!e || !ask || e->inflight)
				continue;
			if (webcache_ask(wc, e, now) == 0 && e->inflight)
				started++;
		}
	}
	return started;
}
