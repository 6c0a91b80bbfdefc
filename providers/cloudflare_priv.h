/* SPDX-License-Identifier: MIT */
/* What cloudflare.c and cloudflare_list.c (the bulk reads) share: a job's progress and the
 * helpers both use. Not for other files. */
#ifndef DDNSD_CLOUDFLARE_PRIV_H
#define DDNSD_CLOUDFLARE_PRIV_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "providers/provider.h"

#define LIST_PER_PAGE  500	  /* a bulk read's page (the API takes up to 5,000,000) */
#define ZONES_PER_PAGE 50	  /* a page of the account's zones (the API's most) */
#define LIST_MAX_REPLY (2u << 20) /* such a page: ~600 bytes a record, with room */

/* What a job keeps between its steps, in prov_job.priv (zeroed by prov_job_init). */
struct priv {
	size_t zone_off;    /* zone walk: offset of the candidate zone in the name */
	bool zone_fresh;    /* zone_id was found by this job (not taken from the state) */
	bool proxied_known; /* the record found said whether it is proxied */
	bool proxied;
	unsigned lfam; /* a bulk read: the family read now (the first in list->fams >= it) */
	unsigned page; /* ... and its page, from 0 */
};
PROV_PRIV_FITS(struct priv);

static inline struct priv *priv(struct prov_job *job)
{
	return (struct priv *)(void *)job->priv;
}

static inline const struct priv *cpriv(const struct prov_job *job)
{
	return (const struct priv *)(const void *)job->priv;
}

/* A final retry: the reply could not be read as what was asked. */
enum prov_result cf_malformed(struct prov_job *job, struct prov_outcome *out, const char *what);

/* cloudflare_list.c */
/* A bulk read: the family whose records are read now, or FAM_N when all were. */
enum fam cf_list_fam(const struct prov_job *job);
/* One page of a bulk read of records (CF_LIST) or of the account's zones (CF_ZONES): into
 * job->list; then the next page (or family), or the end. */
enum prov_result cf_parse_list(struct prov_job *job, const cJSON *root, const cJSON *result,
			       struct prov_outcome *out);
enum prov_result cf_parse_zones(struct prov_job *job, const cJSON *root, const cJSON *result,
				struct prov_outcome *out);

#endif
