// SPDX-License-Identifier: MIT
/* Cloudflare bulk reads: a zone's records of a type, or the account's zones, page by page. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "providers/cloudflare_priv.h"
#include "providers/jsonutil.h"

enum fam cf_list_fam(const struct prov_job *job)
{
	if (!job->list)
		return FAM_N;
	for (unsigned f = cpriv(job)->lfam; f < FAM_N; f++)
		if (job->list->fams & (1u << f))
			return (enum fam)f;
	return FAM_N;
}

/* The pages to read: result_info's total_pages, else one more while pages come full. */
static long pages_of(const cJSON *root, size_t n, size_t per_page, unsigned page)
{
	long pages = -1;

	if (!jsonutil_long(jsonutil_item(root, "result_info"), "total_pages", &pages))
		pages = n >= per_page ? (long)page + 2 : (long)page + 1;
	return pages;
}

enum prov_result cf_parse_zones(struct prov_job *job, const cJSON *root, const cJSON *result,
				struct prov_outcome *out)
{
	struct priv *p = priv(job);
	const cJSON *o;
	struct prov_listed e;
	size_t n = 0;
	int ret;

	if (!cJSON_IsArray(result) || !job->list)
		return cf_malformed(job, out, "zone list");
	cJSON_ArrayForEach (o, result) {
		const char *id = jsonutil_str(o, "id"), *name = jsonutil_str(o, "name");

		n++;
		memset(&e, 0, sizeof(e));
		/* A zone we cannot name or address is left out: its records walk to it. */
		if (!cJSON_IsObject(o) || !name || !prov_id_valid(id) || !prov_fqdn(name, e.name))
			continue;
		e.fam = FAM_N;
		snprintf(e.id, sizeof(e.id), "%s", id);
		e.addr.family = AF_UNSPEC;
		ret = prov_list_add(job->list, &e);
		if (ret) {
			prov_outcome_set(out, NULL, PROV_PERMANENT,
					 "cloudflare: more than %d zones to read", PROV_LIST_MAX);
			return prov_finish(job, out, ret == -ENOMEM ? PROV_RETRY : PROV_PERMANENT);
		}
	}
	if ((long)p->page + 1 < pages_of(root, n, ZONES_PER_PAGE, p->page) && n > 0) {
		p->page++;
		return PROV_NEXT_STEP;
	}
	prov_outcome_set(out, NULL, PROV_OK, "cloudflare: %zu zones listed", job->list->n);
	return prov_finish(job, out, PROV_OK);
}

/* One page of a bulk read: its records into job->list; then the next page, the next family,
 * or the end. */
enum prov_result cf_parse_list(struct prov_job *job, const cJSON *root, const cJSON *result,
			       struct prov_outcome *out)
{
	struct priv *p = priv(job);
	enum fam fam = cf_list_fam(job);
	const cJSON *o;
	struct prov_listed e;
	size_t n = 0;
	int ret;

	if (!cJSON_IsArray(result) || fam == FAM_N)
		return cf_malformed(job, out, "record list");
	cJSON_ArrayForEach (o, result) {
		const char *id = jsonutil_str(o, "id"), *n_ = jsonutil_str(o, "name");
		const char *content = jsonutil_str(o, "content"), *t = jsonutil_str(o, "type");

		n++;
		/* A record we cannot name or address later is left out: its job reads it. */
		if (!cJSON_IsObject(o) || !t || strcmp(t, fam_rrtype(fam)) != 0 || !n_ ||
		    !prov_id_valid(id))
			continue;
		memset(&e, 0, sizeof(e));
		if (!prov_fqdn(n_, e.name))
			continue;
		e.fam = fam;
		snprintf(e.id, sizeof(e.id), "%s", id);
		if (!content || !ipaddr_parse(content, fam_to_af(fam), &e.addr))
			e.addr.family = AF_UNSPEC;
		ret = prov_list_add(job->list, &e);
		if (ret) {
			prov_outcome_set(out, NULL, PROV_PERMANENT,
					 "cloudflare: zone %s: more than %d records to read",
					 job->zone_id, PROV_LIST_MAX);
			return prov_finish(job, out, ret == -ENOMEM ? PROV_RETRY : PROV_PERMANENT);
		}
	}
	if ((long)p->page + 1 < pages_of(root, n, LIST_PER_PAGE, p->page) && n > 0) {
		p->page++;
		return PROV_NEXT_STEP;
	}
	p->lfam = (unsigned)fam + 1;
	p->page = 0;
	if (cf_list_fam(job) != FAM_N)
		return PROV_NEXT_STEP;
	prov_outcome_set(out, NULL, PROV_OK, "cloudflare: read %zu records of zone %s in bulk",
			 job->list->n, job->zone_id);
	return prov_finish(job, out, PROV_OK);
}
