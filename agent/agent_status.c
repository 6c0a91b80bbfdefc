// SPDX-License-Identifier: MIT
/* The running agent's status.json: one row per record and family, paused providers, and the
 * one-line summary for systemd. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/agent.h"
#include "agent/sdnotify.h"
#include "agent/status.h"
#include "lib/log.h"
#include "providers/job.h"

/* One warning per failure streak, one line when it works again; last_status is left as it
 * was on failure, so the next step tries again. */
static int status_save(struct agent *ag, const char *text)
{
	int err = status_write_text(ag->cfg->agent.runtime_dir, text);

	if (err < 0 && !ag->status_failing)
		log_warnx("cannot write %s/%s: %s; `ddnsd status` is out of date until it can",
			  ag->cfg->agent.runtime_dir, STATUS_FILE, strerror(-err));
	else if (err == 0 && ag->status_failing)
		log_info("%s/%s written again", ag->cfg->agent.runtime_dir, STATUS_FILE);
	ag->status_failing = err < 0;
	return err;
}

/* A web source that gave no address shows in its row (the scheduler never saw an error);
 * refused credentials show as "auth". */
static void row_web_error(struct status_row *row, const struct agent_ent *e)
{
	if (e->auth_refused && strcmp(row->result, "failed") == 0)
		snprintf(row->result, sizeof(row->result), "auth");
	if (!e->web_error[0] || row->error[0])
		return;
	snprintf(row->error, sizeof(row->error), "%s", e->web_error);
	for (char *c = row->error; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
	if (strcmp(row->result, "-") == 0 || strcmp(row->result, "pending") == 0)
		snprintf(row->result, sizeof(row->result), "failed");
}

/* Providers paused by a rate limit, and until when (the runner's times are ev_now()). */
static void fill_pauses(const struct agent *ag, struct status *st)
{
	struct prov_pause p[STATUS_PAUSES_MAX];
	size_t n = prov_runner_pauses(ag->runner, p, STATUS_PAUSES_MAX);

	for (size_t i = 0; i < n; i++) {
		snprintf(st->pauses[i].provider, sizeof(st->pauses[i].provider), "%.*s",
			 (int)sizeof(st->pauses[i].provider) - 1, p[i].provider);
		st->pauses[i].until = p[i].until;
		st->pauses[i].waiting = p[i].waiting;
	}
	st->n_pauses = n;
}

/* The status row of the agent's entry i. */
static bool ent_row(size_t i, struct status_row *row, void *arg)
{
	const struct agent_ent *e = &((const struct agent *)arg)->ents[i];

	status_row_fill(row, e->rec->section, e->fam, &e->se);
	row_web_error(row, e);
	return true;
}

void agent_write_status(struct agent *ag)
{
	struct status st;
	size_t ok = 0, failed = 0, pending = 0;
	uint8_t prev[sizeof(ag->last_status)];
	char *text, line[160];

	status_init(&st);
	st.pid = (long)getpid();
	st.started_at = ag->started_at;
	fill_pauses(ag, &st);
	for (size_t i = 0; i < ag->n_ents; i++) {
		enum sched_result r = sched_result(&ag->ents[i].se);

		ok += r == SCHED_RES_OK || r == SCHED_RES_UNCHANGED;
		failed += r == SCHED_RES_FAILED || r == SCHED_RES_RETRYING;
		pending += r == SCHED_RES_PENDING;
	}
	/* Formatted once, from the entries one row at a time; rewritten only when something in
	 * it changed, or the last write failed (only a digest of the last text is kept). */
	text = status_format_file_each(&st, ag->n_ents, ent_row, ag);
	memcpy(prev, ag->last_status, sizeof(prev));
	if (text && !agent_text_same(ag->last_status, text)) {
		if (status_save(ag, text) < 0) {
			memcpy(ag->last_status, prev, sizeof(prev));
		} else {
			snprintf(line, sizeof(line), "STATUS=%zu in sync, %zu pending, %zu failing",
				 ok, pending, failed);
			sdnotify(line);
		}
	}
	free(text);
	status_free(&st);
}
