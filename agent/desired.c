// SPDX-License-Identifier: MIT
/* Desired address per record and family: the selector fed with the matching web answer. */
#include "agent/desired.h"

#include <errno.h>

void desired_select(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
		    const struct view *view, const struct webcache *wc, struct select_out *out)
{
	desired_select_patient(cfg, rec, fam, view, wc, false, 0, out);
}

void desired_select_patient(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
			    const struct view *view, const struct webcache *wc, bool patient,
			    int held_ifindex, struct select_out *out)
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
	    .patient = patient,
	    .held_ifindex = held_ifindex,
	};

	webcache_urls(cfg, src, fam, &urls, &n);
	in.web = wc ? webcache_answer(wc, fam, urls, n) : NULL;
	select_address(&in, out);
}

size_t desired_ask_web(const struct config *cfg, const struct cfg_record *recs, size_t n_recs,
		       const struct view *view, struct webcache *wc, bool ask, double now)
{
	return desired_ask_web_fams(cfg, recs, n_recs, view, wc, ask ? 3 : 0, now);
}

size_t desired_ask_web_fams(const struct config *cfg, const struct cfg_record *recs, size_t n_recs,
			    const struct view *view, struct webcache *wc, unsigned fam_mask,
			    double now)
{
	size_t started = 0;

	/* Two passes: every entry must exist before the first lookup starts, because the
	 * cache cannot grow while a lookup holds a pointer into it. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n_recs; i++) {
			for (enum fam f = FAM_V4; f < FAM_N; f++) {
				struct select_out out;
				struct webcache_entry *e;
				char *const *urls;
				size_t n;

				desired_select(cfg, &recs[i], f, view, NULL, &out);
				if (!out.wants_web)
					continue;
				webcache_urls(cfg, &recs[i].src[f], f, &urls, &n);
				e = webcache_entry(wc, f, urls, n);
				if (pass == 0 || !e || !(fam_mask & (1u << f)) || e->inflight)
					continue;
				if (webcache_ask(wc, e, now) == 0 && e->inflight)
					started++;
			}
		}
	}
	return started;
}

bool desired_ask_web_one(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
			 const struct view *view, struct webcache *wc, double now)
{
	struct select_out out;
	struct webcache_entry *e;
	char *const *urls;
	size_t n;

	desired_select(cfg, rec, fam, view, NULL, &out);
	if (!out.wants_web)
		return false;
	webcache_urls(cfg, &rec->src[fam], fam, &urls, &n);
	e = webcache_entry(wc, fam, urls, n);
	if (!e || e->inflight)
		return false;
	return webcache_ask(wc, e, now) == 0 && e->inflight;
}

int desired_prepare_web(const struct config *cfg, struct webcache *wc)
{
	for (size_t i = 0; i < cfg->n_records; i++) {
		for (enum fam f = FAM_V4; f < FAM_N; f++) {
			const struct cfg_source *src = &cfg->records[i].src[f];
			char *const *urls;
			size_t n;

			if (src->kind != CFG_SRC_AUTO && src->kind != CFG_SRC_WEB)
				continue;
			webcache_urls(cfg, src, f, &urls, &n);
			if (!webcache_entry(wc, f, urls, n))
				return -errno;
		}
	}
	return 0;
}
