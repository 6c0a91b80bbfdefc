/* SPDX-License-Identifier: MIT */
/* The address each record and family should publish now: config + view + web answers. */
#ifndef DDNSD_DESIRED_H
#define DDNSD_DESIRED_H

#include "agent/config.h"
#include "agent/webcache.h"
#include "netlink/select.h"
#include "netlink/view.h"

/* Pure: run the selector for one record and family with the web answer that its source
 * would use (NULL when none is cached yet). */
void desired_select(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
		    const struct view *view, const struct webcache *wc, struct select_out *out);

/* The same, patient or not, for a record that last chose an address on held_ifindex
 * (struct select_in). */
void desired_select_patient(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
			    const struct view *view, const struct webcache *wc, bool patient,
			    int held_ifindex, struct select_out *out);

/* Start a lookup for one record and family if its selection wants one and none is in
 * flight; its cache entry must exist (desired_prepare_web()). True when one started. */
bool desired_ask_web_one(const struct config *cfg, const struct cfg_record *rec, enum fam fam,
			 const struct view *view, struct webcache *wc, double now);

/* For every record (of recs[0..n)) and family whose selection wants a web answer, make
 * sure a cache entry exists and (when ask is true) a lookup is running. Returns how many
 * lookups started. */
size_t desired_ask_web(const struct config *cfg, const struct cfg_record *recs, size_t n_recs,
		       const struct view *view, struct webcache *wc, bool ask, double now);
/* The same, asking only for the families in fam_mask (bit 1 << FAM_*). */
size_t desired_ask_web_fams(const struct config *cfg, const struct cfg_record *recs, size_t n_recs,
			    const struct view *view, struct webcache *wc, unsigned fam_mask,
			    double now);

/* Create the cache entry of every auto and web source, so that no entry has to be added
 * while a lookup is in flight (the agent calls it before the first lookup). 0 or -errno. */
int desired_prepare_web(const struct config *cfg, struct webcache *wc);

#endif
