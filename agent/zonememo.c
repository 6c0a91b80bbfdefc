// SPDX-License-Identifier: MIT
/* Zone ids learnt per provider section and zone. */
#include "agent/zonememo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool zonememo_same_zone(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	la -= la && a[la - 1] == '.';
	lb -= lb && b[lb - 1] == '.';
	return la == lb && strncasecmp(a, b, la) == 0;
}

static struct zonememo_ent *find(const struct zonememo *m, const struct cfg_provider *prov,
				 const char *zone)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].prov == prov && zonememo_same_zone(m->v[i].zone, zone))
			return &m->v[i];
	return NULL;
}

const char *zonememo_get(const struct zonememo *m, const struct cfg_provider *prov,
			 const char *zone)
{
	const struct zonememo_ent *e = zone ? find(m, prov, zone) : NULL;

	return e && e->id[0] ? e->id : NULL;
}

/* prov's zone, added (no id, nobody asking) when new; NULL on ENOMEM. */
static struct zonememo_ent *get_or_add(struct zonememo *m, const struct cfg_provider *prov,
				       const char *zone)
{
	struct zonememo_ent *e = find(m, prov, zone);

	if (!e) {
		char *copy = strdup(zone);

		if (!copy)
			return NULL;
		if (m->n == m->cap) {
			size_t cap = m->cap ? 2 * m->cap : 4;
			struct zonememo_ent *v = realloc(m->v, cap * sizeof(*v));

			if (!v) {
				free(copy);
				return NULL;
			}
			m->v = v;
			m->cap = cap;
		}
		e = &m->v[m->n++];
		memset(e, 0, sizeof(*e));
		e->prov = prov;
		e->zone = copy;
	}
	return e;
}

int zonememo_put(struct zonememo *m, const struct cfg_provider *prov, const char *zone,
		 const char *id)
{
	struct zonememo_ent *e;

	if (!zone || !zone[0] || !prov_id_valid(id))
		return -EINVAL;
	if (!(e = get_or_add(m, prov, zone)))
		return -ENOMEM;
	snprintf(e->id, sizeof(e->id), "%s", id);
	return 0;
}

const void *zonememo_asking(const struct zonememo *m, const struct cfg_provider *prov,
			    const char *zone)
{
	const struct zonememo_ent *e = zone ? find(m, prov, zone) : NULL;

	return e && !e->id[0] ? e->asking : NULL;
}

int zonememo_ask(struct zonememo *m, const struct cfg_provider *prov, const char *zone,
		 const void *asker)
{
	struct zonememo_ent *e;

	if (!zone || !zone[0] || !asker)
		return -EINVAL;
	if (!(e = get_or_add(m, prov, zone)))
		return -ENOMEM;
	e->asking = asker;
	return 0;
}

bool zonememo_asked(struct zonememo *m, const void *asker)
{
	bool was = false;

	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].asking == asker) {
			m->v[i].asking = NULL;
			was = true;
		}
	return was;
}

void zonememo_unask_all(struct zonememo *m)
{
	for (size_t i = 0; i < m->n; i++)
		m->v[i].asking = NULL;
}

int zonememo_put_listed(struct zonememo *m, const struct cfg_provider *prov,
			const struct prov_list *zones)
{
	const struct cfg_provider **l;

	for (size_t i = 0; i < zones->n; i++) {
		struct zonememo_ent *e;

		if (!zones->v[i].name[0] || !prov_id_valid(zones->v[i].id))
			continue;
		if (!(e = get_or_add(m, prov, zones->v[i].name)))
			return -ENOMEM;
		snprintf(e->id, sizeof(e->id), "%s", zones->v[i].id);
		e->listed = true;
	}
	if (zonememo_listed(m, prov))
		return 0;
	l = realloc(m->listed, (m->n_listed + 1) * sizeof(*l));
	if (!l)
		return -ENOMEM;
	m->listed = l;
	m->listed[m->n_listed++] = prov;
	return 0;
}

bool zonememo_listed(const struct zonememo *m, const struct cfg_provider *prov)
{
	for (size_t i = 0; i < m->n_listed; i++)
		if (m->listed[i] == prov)
			return true;
	return false;
}

/* fqdn is zone, or ends in "." zone (case-insensitive). */
static bool holds(const char *zone, const char *fqdn)
{
	size_t z = strlen(zone), n = strlen(fqdn);

	return n >= z && strcasecmp(fqdn + n - z, zone) == 0 && (n == z || fqdn[n - z - 1] == '.');
}

const char *zonememo_longest(const struct zonememo *m, const struct cfg_provider *prov,
			     const char *fqdn)
{
	const char *best = NULL;
	size_t best_len = 0;

	for (size_t i = 0; i < m->n; i++) {
		const struct zonememo_ent *e = &m->v[i];
		size_t len = strlen(e->zone);

		if (e->prov == prov && e->listed && len > best_len && holds(e->zone, fqdn)) {
			best = e->zone;
			best_len = len;
		}
	}
	return best;
}

void zonememo_clear(struct zonememo *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].zone);
	free(m->v);
	free(m->listed);
	m->v = NULL;
	m->listed = NULL;
	m->n = m->cap = m->n_listed = 0;
}
