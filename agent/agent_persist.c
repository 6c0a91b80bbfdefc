// SPDX-License-Identifier: MIT
/* state.json and status.json per batch: a burst of N results costs a few writes, not N. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "lib/log.h"
#include "providers/fingerprint.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

int agent_state_build(const struct agent *ag, struct state *out)
{
	struct state_entry st;

	state_free(out);
	for (size_t i = 0; i < ag->n_ents; i++) {
		const struct agent_ent *e = &ag->ents[i];

		/* Only what the provider was seen to hold: a failure never changes published. */
		if (!ipaddr_is_set(&e->se.published))
			continue;
		memset(&st, 0, sizeof(st));
		st.fam = e->fam;
		snprintf(st.record, sizeof(st.record), "%s", e->rec->section);
		snprintf(st.name, sizeof(st.name), "%s", e->rec->name);
		snprintf(st.provider, sizeof(st.provider), "%s", e->rec->provider->name);
		st.address = e->se.published;
		st.updated_at = e->se.published_at;
		snprintf(st.record_id, sizeof(st.record_id), "%s", e->se.record_id);
		snprintf(st.zone_id, sizeof(st.zone_id), "%s", e->se.zone_id);
		prov_fingerprint(e->rec->provider, st.provider_fp);
		if (state_put(out, &st) == -ENOMEM)
			return -ENOMEM;
	}
	return 0;
}

/* One atomic, fsynced write when the text differs from the last one written. */
static void flush_state(struct coalesce *c)
{
	struct agent *ag = container_of(c, struct agent, state_co);
	const char *dir = ag->cfg->agent.state_dir;
	char *text;
	int err;

	if (agent_state_build(ag, &ag->state) < 0 || !(text = state_format(&ag->state))) {
		log_warnx("cannot save %s/%s: out of memory", dir, STATE_FILE);
		return;
	}
	/* A verify that found nothing new costs no write and no fsync. */
	if (ag->last_state && strcmp(text, ag->last_state) == 0) {
		free(text);
		return;
	}
	err = state_write_text(dir, text);
	if (err < 0) {
		if (!ag->state_failing)
			log_warnx("cannot save %s/%s: %s; trying again every %.0f s", dir,
				  STATE_FILE, strerror(-err), c->gap);
		ag->state_failing = true;
		free(text);
		coalesce_mark(c);
		return;
	}
	if (ag->state_failing)
		log_info("%s/%s saved again", dir, STATE_FILE);
	ag->state_failing = false;
	log_debug("%s/%s saved (%zu entries)", dir, STATE_FILE, ag->state.n);
	free(ag->last_state);
	ag->last_state = text;
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
