// SPDX-License-Identifier: MIT
/* When the agent asks "what is my IP": only for the families that use a web source, only when
 * the answer can have changed (agent/webkey.h), at most once per WEB_MIN_GAP per family. */
#include "agent/agent.h"
#include "agent/desired.h"
#include "agent/webkey.h"
#include "providers/http.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#define WEB_MIN_GAP			5.0

static void later_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct agent_webfam *wf = container_of(w, struct agent_webfam, later);

	(void)loop;
	(void)revents;
	agent_refresh(wf->ag, 1u << wf->fam, true);
	agent_step(wf->ag);
}

void agent_web_init(struct agent *ag)
{
	for (enum fam f = FAM_V4; f < FAM_N; f++) {
		struct agent_webfam *wf = &ag->web[f];

		ev_timer_init(&wf->later, later_cb, 0., 0.);
		wf->ag = ag;
		wf->fam = f;
		wf->key = webkey(&ag->view, f);
		wf->asked_at = 0;
	}
}

void agent_web_stop(struct agent *ag)
{
	for (enum fam f = FAM_V4; f < FAM_N; f++) {
		ev_timer_stop(ag->loop, &ag->web[f].later);
		ag->web[f].asked_at = 0; /* a reload starts with an empty cache */
	}
}

bool agent_web_moved(struct agent *ag, enum fam fam)
{
	uint64_t key = webkey(&ag->view, fam);
	bool moved = key != ag->web[fam].key;

	ag->web[fam].key = key;
	/* Connections from an address that went would hang; others are still good. */
	if (moved)
		http_forget_connections(ag->http);
	return moved;
}

void agent_ask_web(struct agent *ag, unsigned fam_mask)
{
	double now = ev_now(ag->loop);

	for (enum fam f = FAM_V4; f < FAM_N; f++) {
		struct agent_webfam *wf = &ag->web[f];

		if (!(fam_mask & (1u << f)))
			continue;
		if (wf->asked_at > 0 && now - wf->asked_at < WEB_MIN_GAP) {
			/* Asked too recently: once more when the gap is over. */
			if (!ev_is_active(&wf->later)) {
				ev_timer_set(&wf->later, wf->asked_at + WEB_MIN_GAP - now, 0.);
				ev_timer_start(ag->loop, &wf->later);
			}
			continue;
		}
		ev_timer_stop(ag->loop, &wf->later);
		/* Records waiting for their interface (agent_hold.c) ask nothing. */
		if (agent_ask_web_unheld(ag, f, now) > 0)
			wf->asked_at = now;
	}
}
