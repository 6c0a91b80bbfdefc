// SPDX-License-Identifier: MIT
/* Bulk reads: a first sync of many records in one zone reads the zone's records in pages
 * (one zone look-up, one request per page and family) instead of one look-up per record and
 * family; then each record is written only if it differs, directly (see behaviour.md). Where
 * only a walk would find a record's zone, the provider's zones are listed first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "lib/log.h"
#include "providers/provider.h"

struct agent_bulk {
	struct agent_bulk *next;
	struct agent *ag;
	const struct cfg_provider *prov;
	/* The records' zone (their entries' bulk_zone); NULL: a list of the account's zones,
	 * for the entries that wait for it to know their zone (zones). */
	const char *zone;
	bool zones;
	struct prov_job job;
	struct prov_list list;
	unsigned tries; /* resumed after a 429 or 5xx */
};

/* The zone a bulk read of e's record would read: its zone =; for a provider whose zone is
 * the name minus its first label, that; for one whose zones were listed, the longest that
 * holds the name. NULL when only asking would tell. */
static const char *group_zone(const struct agent_ent *e, const struct provider_ops *ops)
{
	const char *dot;
	char fqdn[256];

	if (e->rec->zone && e->rec->zone[0])
		return e->rec->zone;
	if (ops->zone_from_name)
		return (dot = strchr(e->rec->name, '.')) && dot[1] ? dot + 1 : NULL;
	if (ops->lists_zones && zonememo_listed(&e->ag->zones, e->rec->provider) &&
	    prov_fqdn(e->rec->name, fqdn))
		return zonememo_longest(&e->ag->zones, e->rec->provider, fqdn);
	return NULL;
}

/* An entry a bulk read can serve: its first sync (nothing known of it yet) or its start-up
 * read (published only from the state file, a verify owed), an address to publish, and a
 * provider that lists. */
static bool bulk_candidate(const struct agent_ent *e, const struct provider_ops *ops)
{
	return ops && ops->lists && !e->seen && !e->listing && !e->se.in_flight &&
	       ipaddr_is_set(&e->se.desired) &&
	       (!ipaddr_is_set(&e->se.published) || e->se.verify_pending);
}

/* ... whose zone is known: that zone. */
static const char *wants_bulk(const struct agent_ent *e)
{
	return bulk_candidate(e, prov_find(e->rec->provider->type)) ? e->bulk_zone : NULL;
}

/* ... whose zone only a list of its provider's zones would tell, not asked for yet. */
static bool wants_zones(const struct agent *ag, const struct agent_ent *e)
{
	const struct provider_ops *ops = prov_find(e->rec->provider->type);

	if (!bulk_candidate(e, ops) || e->bulk_zone || !ops->lists_zones ||
	    zonememo_listed(&ag->zones, e->rec->provider))
		return false;
	for (const struct agent_bulk *b = ag->bulks; b; b = b->next)
		if (b->zones && b->prov == e->rec->provider)
			return false;
	return true;
}

static bool in_group(const struct agent_ent *e, const struct cfg_provider *prov, const char *zone,
		     const char *ez)
{
	return ez && e->rec->provider == prov && zonememo_same_zone(ez, zone);
}

static bool same_group(const struct agent_ent *e, const struct agent_bulk *b)
{
	if (!e->listing || e->rec->provider != b->prov)
		return false;
	return b->zones ? !e->bulk_zone : in_group(e, b->prov, b->zone, e->bulk_zone);
}

static int listed_cmp(const void *a, const void *b)
{
	const struct prov_listed *x = a, *y = b;

	if (x->fam != y->fam)
		return x->fam < y->fam ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The records of e's name and family in the sorted list: the first, and how many. */
static const struct prov_listed *lookup(const struct prov_list *l, const struct agent_ent *e,
					size_t *count)
{
	struct prov_listed key;
	const struct prov_listed *hit, *lo, *hi, *end;

	*count = 0;
	memset(&key, 0, sizeof(key));
	key.fam = e->fam;
	if (!l->n || !prov_fqdn(e->rec->name, key.name))
		return NULL;
	end = l->v + l->n;
	hit = bsearch(&key, l->v, l->n, sizeof(*l->v), listed_cmp);
	if (!hit)
		return NULL;
	for (lo = hit; lo > l->v && listed_cmp(lo - 1, &key) == 0; lo--)
		;
	for (hi = hit; hi < end && listed_cmp(hi, &key) == 0; hi++)
		;
	*count = (size_t)(hi - lo);
	return lo;
}

/* What the read says of one entry. One record: what it holds is now known (a write only if
 * it differs, and then directly); none: to be created; several, or an address that does not
 * parse: its own job reads it, as without a bulk read. */
static void apply(struct agent_bulk *b, struct agent_ent *e, double now)
{
	size_t n;
	const struct prov_listed *r = lookup(&b->list, e, &n);

	e->listing = false;
	if (n == 0) {
		/* Gone, or never there: created (a record from the state file too). */
		memset(&e->se.published, 0, sizeof(e->se.published));
		e->se.record_id[0] = '\0';
		e->seen = e->absent = true;
		e->read_first = false;
		e->se.verify_pending = false;
		snprintf(e->se.zone_id, sizeof(e->se.zone_id), "%s", b->job.zone_id);
	} else if (n == 1 && ipaddr_is_set(&r->addr)) {
		/* The read is the start-up verify: what the provider holds is known now. */
		/* Listed with an address: a record a direct write keeps as it is (a provider
		 * leaves out the others' addresses, see prov_job.read_first). */
		sched_loaded_state(&e->se, &r->addr, r->id, b->job.zone_id, now);
		e->se.verify_pending = false;
		e->seen = true;
		e->read_first = false;
	}
}

static void unlink_bulk(struct agent *ag, struct agent_bulk *b)
{
	for (struct agent_bulk **pp = &ag->bulks; *pp; pp = &(*pp)->next)
		if (*pp == b) {
			*pp = b->next;
			return;
		}
}

static void bulk_free(struct agent *ag, struct agent_bulk *b)
{
	unlink_bulk(ag, b);
	prov_list_free(&b->list);
	free(b);
}

/* The account's zones are known: the records that waited for them are read in bulk by zone
 * (or, if the list failed, each walks to its own zone). */
static void zones_done(struct agent_bulk *b, const struct prov_outcome *out)
{
	struct agent *ag = b->ag;
	size_t n = 0;

	if (out->result != PROV_OK) {
		log_warnx("provider %s: %s; its records find their zones one by one", b->prov->name,
			  out->message);
		b->list.n = 0;
	}
	if (zonememo_put_listed(&ag->zones, b->prov, &b->list) < 0)
		log_warnx("provider %s: out of memory for its zones", b->prov->name);
	for (size_t i = 0; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];

		if (same_group(e, b)) {
			e->listing = false;
			n++;
		}
	}
	if (out->result == PROV_OK)
		log_info("provider %s: %zu zones listed (%u requests) for %zu records and families",
			 b->prov->name, b->list.n, out->requests, n);
	bulk_free(ag, b);
	agent_bulk_start(ag);
	agent_step(ag);
}

static void bulk_done(void *arg, struct prov_job *job, const struct prov_outcome *out)
{
	struct agent_bulk *b = arg;
	struct agent *ag = b->ag;
	double now = ev_now(ag->loop);
	size_t n = 0;

	/* A 429 or 5xx: resume at the page that failed (the runner holds it while the provider
	 * is paused), rather than one look-up per record. */
	if (out->result == PROV_RETRY && b->tries < AGENT_BULK_TRIES && !ag->stopping) {
		b->tries++;
		job->n_steps = 0;
		prov_job_stamp(job);
		if (prov_run(ag->runner, job, bulk_done, b) == 0)
			return;
	}
	if (b->zones) {
		zones_done(b, out);
		return;
	}
	/* Learnt even when the read failed later: the records' own jobs skip the look-up. */
	if (prov_find(b->prov->type)->zone_lookup && prov_id_valid(job->zone_id))
		(void)zonememo_put(&ag->zones, b->prov, b->zone, job->zone_id);
	if (out->result != PROV_OK)
		log_warnx("%s: %s; reading its records one by one", b->zone, out->message);
	else if (b->list.n > 1)
		qsort(b->list.v, b->list.n, sizeof(*b->list.v), listed_cmp);
	for (size_t i = 0; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];

		if (!same_group(e, b))
			continue;
		n++;
		if (out->result == PROV_OK)
			apply(b, e, now);
		else
			e->listing = false;
	}
	if (out->result == PROV_OK)
		log_info("%s: %zu records read in bulk (%u requests) for %zu records and families",
			 b->zone, b->list.n, out->requests, n);
	bulk_free(ag, b);
	agent_step(ag);
}

/* e belongs to the read b would be: by zone, or waiting for its provider's zones. */
static bool joins(const struct agent *ag, const struct agent_ent *e,
		  const struct cfg_provider *prov, const char *zone)
{
	if (!zone)
		return e->rec->provider == prov && wants_zones(ag, e);
	return in_group(e, prov, zone, wants_bulk(e));
}

/* One bulk read (zone: of its records; NULL: of the provider's zones) for the entries of
 * first's provider that want it, if enough do. */
static void start_bulk(struct agent *ag, struct agent_ent *first, const char *zone, size_t from)
{
	const struct cfg_provider *prov = first->rec->provider;
	struct agent_bulk *b;
	size_t n = 0;
	unsigned fams = 0;

	for (size_t i = from; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];

		if (joins(ag, e, prov, zone)) {
			n++;
			fams |= 1u << e->fam;
		}
	}
	if (n < AGENT_BULK_MIN)
		return;
	b = calloc(1, sizeof(*b));
	if (!b)
		return;
	b->ag = ag;
	b->prov = prov;
	b->zone = zone;
	b->zones = !zone;
	b->list.fams = zone ? fams : 0;
	prov_job_init(&b->job, prov, first->rec, first->fam, &first->se.desired);
	b->job.list = &b->list;
	b->job.zones = b->zones;
	prov_job_stamp(&b->job);
	/* The zone's id when an earlier read learnt it: no look-up (a second family's read,
	 * a listed zone). */
	if (zone && prov_find(prov->type)->zone_lookup) {
		const char *zid = zonememo_get(&ag->zones, prov, zone);

		if (zid)
			snprintf(b->job.zone_id, sizeof(b->job.zone_id), "%s", zid);
	}
	for (size_t i = from; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];

		if (joins(ag, e, prov, zone))
			e->listing = true;
	}
	b->next = ag->bulks;
	ag->bulks = b;
	if (prov_run(ag->runner, &b->job, bulk_done, b) < 0) {
		struct prov_outcome out;

		prov_outcome_init(&out);
		prov_outcome_set(&out, NULL, PROV_RETRY, "the bulk read could not start");
		bulk_done(b, &b->job, &out);
	}
}

void agent_bulk_start(struct agent *ag)
{
	/* What each entry's zone is now known to be (not for those a read serves already). */
	for (size_t i = 0; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];
		const struct provider_ops *ops = prov_find(e->rec->provider->type);

		if (!e->listing)
			e->bulk_zone = ops && ops->lists ? group_zone(e, ops) : NULL;
	}
	/* `once` is a full cycle that reads every record itself; a dry run reads anyway. */
	if (ag->once || ag->stopping)
		return;
	for (size_t i = 0; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];
		const char *zone = wants_bulk(e);

		if (zone)
			start_bulk(ag, e, zone, i);
		else if (wants_zones(ag, e))
			start_bulk(ag, e, NULL, i);
	}
}

void agent_bulk_stop(struct agent *ag)
{
	struct agent_bulk *b;

	while ((b = ag->bulks)) {
		ag->bulks = b->next;
		prov_cancel(ag->runner, &b->job);
		prov_list_free(&b->list);
		free(b);
	}
	for (size_t i = 0; i < ag->n_ents; i++)
		ag->ents[i].listing = false;
}
