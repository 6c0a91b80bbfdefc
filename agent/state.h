/* SPDX-License-Identifier: MIT */
/* STATE_DIR/state.json: what each record and family was published as (pure parse, atomic save). */
#ifndef DDNSD_STATE_H
#define DDNSD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/errbuf.h"
#include "lib/ipaddr.h"

/*
 * The file (DESIGN.md "State and status"), one entry per record and family that has ever
 * been published successfully (a failure is never written here):
 *
 *	{
 *	  "version": 1,
 *	  "records": [
 *	    { "record": "home",              [record NAME] section
 *	      "name": "home.example.com",    its FQDN when published
 *	      "provider": "cf",              its [provider NAME] when published
 *	      "family": "ipv4",              "ipv4" | "ipv6"
 *	      "address": "203.0.113.9",      what the provider holds (inet_pton-valid for family)
 *	      "updated_at": 1700000000,      when it was written or first confirmed (Unix seconds)
 *	      "record_id": "372e67954025e0ba6aaa6d586b9e0b59",   provider ids, or null
 *	      "zone_id": "023e105f4ecef8ad9ca31a8372d0c353",
 *	      "provider_fp": "9f2c4e01a7b3d815" }  the provider's identity when published
 *	                                     (type, endpoint or server, account; hashed), or
 *	                                     absent (written by an older ddnsd: not checked)
 *	  ]
 *	}
 *
 * Entries are keyed by (record, family); name, provider and provider_fp are kept so that a
 * record pointed at another name, provider section, provider type, endpoint, server or
 * account is not taken for published (state_lookup() ignores such an entry). Unknown keys are
 *ignored (a newer ddnsd may add some); a higher version, a wrong type or an invalid value anywhere
 *makes the whole file corrupt: the agent then warns, asks the providers and rewrites it.
 */

#define STATE_FILE	"state.json"
#define STATE_VERSION	1
#define STATE_NAME_LEN	256	       /* record section, FQDN, provider section + NUL */
#define STATE_ID_LEN	64	       /* = PROV_ID_LEN (providers/provider.h) */
#define STATE_FP_LEN	17	       /* = PROV_FP_LEN (providers/fingerprint.h) */
#define STATE_MAX_BYTES (4u << 20)     /* a larger file is treated as corrupt */
#define STATE_MAX_TIME	253402300799.0 /* 9999-12-31T23:59:59Z: the largest updated_at */

struct state_entry {
	char record[STATE_NAME_LEN];
	char name[STATE_NAME_LEN];
	char provider[STATE_NAME_LEN];
	enum fam fam;
	struct ipaddr address;	      /* always set, family matching fam */
	double updated_at;	      /* Unix seconds; 0: unknown */
	char record_id[STATE_ID_LEN]; /* "" when unknown */
	char zone_id[STATE_ID_LEN];
	char provider_fp[STATE_FP_LEN]; /* "" when unknown */
};

struct state {
	struct state_entry *entries;
	size_t n, cap;
};

/* An empty state (a zeroed struct state is one too). */
void state_init(struct state *st);
/* Free the entries; st is empty (and reusable) afterwards. */
void state_free(struct state *st);

/* Add or replace the entry for (e->record, e->fam). 0, -EINVAL (empty or over-long
 * strings, address not set or of the other family), -ENOMEM. */
int state_put(struct state *st, const struct state_entry *e);
/* The entry for (record, fam) when it was published under this name and provider; NULL
 * when there is none or the record has been pointed elsewhere since. */
const struct state_entry *state_lookup(const struct state *st, const char *record, enum fam fam,
				       const char *name, const char *provider);
/* The same, also requiring the provider's fingerprint fp (NULL or "": not checked; an entry
 * without one, from an older ddnsd, matches any). */
const struct state_entry *state_lookup_fp(const struct state *st, const char *record, enum fam fam,
					  const char *name, const char *provider, const char *fp);

/* e is already there, exactly (nothing to save). */
bool state_same(const struct state *st, const struct state_entry *e);
/* Keep only the entries keep() says yes to (in order); the number dropped. */
size_t state_retain(struct state *st, bool (*keep)(const struct state_entry *, void *), void *arg);

/* Pure: parse the file's text (need not be NUL-terminated). On failure out is empty and
 * err says what is wrong ("records[2].address: not an ipv6 address"). out is replaced. */
bool state_parse(const char *json, size_t len, struct state *out, struct errbuf *err);
/* Pure: the file's text, NUL-terminated, ending in a newline; free() it. NULL on ENOMEM. */
char *state_format(const struct state *st);

/* Read DIR/state.json into out (replaced). 0 when loaded, and when the file does not
 * exist (out empty: a first start). -EBADMSG when it is corrupt (not JSON, wrong types,
 * bad values, too large) and another -errno when it cannot be read; then out is empty and
 * err says why, naming the file: the caller logs a warning and carries on. */
int state_load(const char *dir, struct state *out, struct errbuf *err);
/* Write DIR/state.json atomically (mode 0600; DIR created 0700 if missing). 0 or -errno. */
int state_save(const char *dir, const struct state *st);

#endif
