/* SPDX-License-Identifier: MIT */
/* Zone ids learnt per provider section and zone: one look-up per zone, shared by every record
 * in it (a record's own zone id, from the state file, still comes first). */
#ifndef DDNSD_ZONEMEMO_H
#define DDNSD_ZONEMEMO_H

#include <stdbool.h>
#include <stddef.h>

#include "providers/provider.h"

struct zonememo_ent {
	const struct cfg_provider *prov; /* the section, in the running configuration */
	char *zone;			 /* its records' zone = (a copy) */
	char id[PROV_ID_LEN];		 /* "" while not known */
	const void *asking;		 /* the job looking it up now, or NULL */
	bool listed;			 /* from a list of all the section's zones */
};

/* A handful of zones per configuration, or the zones of an account: a list, searched in
 * order (the agent keeps what it found per record, see agent_bulk.c). */
struct zonememo {
	struct zonememo_ent *v;
	size_t n, cap;
	/* Sections whose zones were all listed (lists_zones): their records' zones are known. */
	const struct cfg_provider **listed;
	size_t n_listed;
};

/* Two spellings of one zone: case and a final dot do not matter. */
bool zonememo_same_zone(const char *a, const char *b);
/* The id last learnt for prov's zone (zonememo_same_zone), or NULL. */
const char *zonememo_get(const struct zonememo *m, const struct cfg_provider *prov,
			 const char *zone);
/* Learn (or replace: a zone looked up again has a new id) prov's zone id. 0, -EINVAL (an
 * empty zone or an id that prov_id_valid() refuses), -ENOMEM (nothing learnt). */
int zonememo_put(struct zonememo *m, const struct cfg_provider *prov, const char *zone,
		 const char *id);
/* Who is looking prov's zone up now: a job that started without its id, which the other
 * records of the zone wait for (NULL: nobody, or the zone's id is known). */
const void *zonememo_asking(const struct zonememo *m, const struct cfg_provider *prov,
			    const char *zone);
/* asker starts looking prov's zone up (0, -EINVAL, -ENOMEM); and is done with it, found or
 * not (the next record's job asks again): true when it was the one asking. */
int zonememo_ask(struct zonememo *m, const struct cfg_provider *prov, const char *zone,
		 const void *asker);
bool zonememo_asked(struct zonememo *m, const void *asker);
/* Nobody is asking any more (jobs cancelled). */
void zonememo_unask_all(struct zonememo *m);
/* The zones of prov as its account lists them (names as prov_fqdn() gives them, ids): after
 * this, zonememo_longest() answers for prov. 0 or -ENOMEM (then prov is not counted listed). */
int zonememo_put_listed(struct zonememo *m, const struct cfg_provider *prov,
			const struct prov_list *zones);
/* prov's zones were listed (zonememo_put_listed()). */
bool zonememo_listed(const struct zonememo *m, const struct cfg_provider *prov);
/* The longest listed zone of prov that holds fqdn (the name itself, or a parent), or NULL. */
const char *zonememo_longest(const struct zonememo *m, const struct cfg_provider *prov,
			     const char *fqdn);
/* Forget everything (a reload: the sections are new). */
void zonememo_clear(struct zonememo *m);

#endif
