// SPDX-License-Identifier: MIT
/* state.json and status.json per batch: a burst of N results costs a few writes, not N. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "lib/log.h"
#include "providers/crypto.h"
#include "providers/fingerprint.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

_Static_assert(STATE_FP_LEN == PROV_FP_LEN, "state and provider fingerprints differ in size");

struct state_walk {
	const struct agent *ag;
	/* The fingerprint is a hash of the provider's section: made once per provider run of
	 * entries, not once per entry. */
	const struct cfg_provider *fp_of;
	char fp[PROV_FP_LEN];
};

/* The state entry of the agent's entry i: only what the provider was seen to hold (a failure
 * never changes published). */
static bool ent_state(size_t i, struct state_entry *st, void *arg)
{
	struct state_walk *sw = arg;
	const struct agent_ent *e = &sw->ag->ents[i];

	if (!ipaddr_is_set(&e->se.published))
		return false;
	st->fam = e->fam;
	snprintf(st->record, sizeof(st->record), "%s", e->rec->section);
	snprintf(st->name, sizeof(st->name), "%s", e->rec->name);
	snprintf(st->provider, sizeof(st->provider), "%s", e->rec->provider->name);
	st->address = e->se.published;
	st->updated_at = e->se.published_at;
	snprintf(st->record_id, sizeof(st->record_id), "%s", e->se.record_id);
	snprintf(st->zone_id, sizeof(st->zone_id), "%s", e->se.zone_id);
	if (sw->fp_of != e->rec->provider) {
		prov_fingerprint(e->rec->provider, sw->fp);
		sw->fp_of = e->rec->provider;
	}
	memcpy(st->provider_fp, sw->fp, sizeof(sw->fp));
	return true;
}

char *agent_state_text(struct agent *ag)
{
	struct state_walk sw = {.ag = ag};

	return state_format_each(ag->n_ents, ent_state, &sw);
}

bool agent_text_same(uint8_t last[static CRYPTO_SHA256_LEN], const char *text)
{
	uint8_t h[CRYPTO_SHA256_LEN];

	if (!crypto_sha256(text, strlen(text), h))
		return false;
	if (memcmp(h, last, sizeof(h)) == 0)
		return true;
	memcpy(last, h, sizeof(h));
	return false;
}

/* One atomic, fsynced write when the text differs from the last one written. Only a digest
 * of that text is kept, and the text is made from the agent's entries one at a time: nothing
 * per record stays besides them. */
static void flush_state(struct coalesce *c)
{
	struct agent *ag = container_of(c, struct agent, state_co);
	const char *dir = ag->cfg->agent.state_dir;
	uint8_t prev[CRYPTO_SHA256_LEN];
	char *text;
	int err;

	/* What was loaded at start-up is in the entries by now. */
	state_free(&ag->state);
	text = agent_state_text(ag);
	if (!text) {
		log_warnx("cannot save %s/%s: out of memory", dir, STATE_FILE);
		coalesce_mark(c);
		return;
	}
	/* A verify that found nothing new costs no write and no fsync. */
	memcpy(prev, ag->last_state, sizeof(prev));
	if (agent_text_same(ag->last_state, text))
		goto out;
	err = state_write_text(dir, text);
	if (err < 0) {
		if (!ag->state_failing)
			log_warnx("cannot save %s/%s: %s; trying again every %.0f s", dir,
				  STATE_FILE, strerror(-err), c->gap);
		ag->state_failing = true;
		memcpy(ag->last_state, prev, sizeof(prev));
		coalesce_mark(c);
		goto out;
	}
	if (ag->state_failing)
		log_info("%s/%s saved again", dir, STATE_FILE);
	ag->state_failing = false;
	log_debug("%s/%s saved", dir, STATE_FILE);
out:
	free(text);
	/* After a burst, give the memory its texts and replies took back to the system. */
	if (prov_runner_active(ag->runner) + prov_runner_queued(ag->runner) == 0)
		malloc_trim(0);
}

static void flush_status(struct coalesce *c)
{
	agent_write_status(container_of(c, struct agent, status_co));
}

void agent_persist_init(struct agent *ag)
{
	coalesce_init(&ag->state_co, ag->loop, AGENT_STATE_GAP, flush_state);
	coalesce_init(&ag->status_co, ag->loop, AGENT_STATUS_GAP, flush_status);
}

void agent_state_changed(struct agent *ag)
{
	coalesce_mark(&ag->state_co);
}

void agent_status_changed(struct agent *ag)
{
	coalesce_mark(&ag->status_co);
}

void agent_persist_flush(struct agent *ag)
{
	coalesce_flush(&ag->state_co);
	coalesce_flush(&ag->status_co);
}
