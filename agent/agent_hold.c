// SPDX-License-Identifier: MIT
/* Records that wait for an address about to come back (DAD, a lease change): each entry's
 * hold, the web lookups they hold back, and the timer that ends them. */
#include <stdio.h>

#include "agent/agent.h"
#include "agent/desired.h"
#include "lib/log.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* The bound of a new wait: IPv6 reads the link's DAD parameters (a few bytes of procfs). */
static double bound_for(const struct agent *ag, const struct agent_ent *e,
			const struct select_out *out)
{
	const struct view_link *l = view_link_by_index(&ag->view, out->wait_ifindex);
	double dad = 0;

	if (e->fam == FAM_V6 && l) {
		char name[IFNAMSIZ + 1];

		snprintf(name, sizeof(name), "%.*s", IFNAMSIZ, l->name);
		dad = hold_dad_bound_of(name);
	}
	return hold_bound(out->wait, e->fam, dad);
}

/* Update one entry's hold; true when a wait ended now (before it ran out). */
static bool hold_one(struct agent *ag, struct agent_ent *e, double now)
{
	struct hold before = e->hold;
	struct select_out out;
	double bound = 0;

	desired_select_patient(ag->cfg, e->rec, e->fam, &ag->view, &ag->wc, true, e->held_ifindex,
			       &out);
	/* Only a new wait needs its bound (hold_update() keeps the deadline of a known one). */
	if (out.wait != SELECT_WAIT_NONE &&
	    (before.kind != out.wait || before.ifindex != out.wait_ifindex))
		bound = bound_for(ag, e, &out);
	if (hold_update(&e->hold, out.wait, out.wait_ifindex, now, bound)) {
		if (before.kind != e->hold.kind || before.ifindex != e->hold.ifindex)
			log_info("%s %s: %s; up to %.1f s", e->rec->name, fam_rrtype(e->fam),
				 out.reason, e->hold.until - now);
	} else if (e->hold.kind != SELECT_WAIT_NONE && !e->hold.told) {
		e->hold.told = true;
		log_info("%s %s: waited %.1f s, the limit: %s", e->rec->name, fam_rrtype(e->fam),
			 now - e->hold.since, out.reason);
	} else if (before.kind != SELECT_WAIT_NONE && e->hold.kind == SELECT_WAIT_NONE) {
		log_debug("%s %s: the wait ended after %.3f s", e->rec->name, fam_rrtype(e->fam),
			  now - before.since);
	}
	return hold_active(&before, now) && !hold_active(&e->hold, now);
}

static void arm(struct agent *ag, double now)
{
	double next = 0;

	for (size_t i = 0; i < ag->n_ents; i++) {
		const struct hold *h = &ag->ents[i].hold;

		if (hold_active(h, now) && (next == 0 || h->until < next))
			next = h->until;
	}
	ev_timer_stop(ag->loop, &ag->hold_timer);
	if (next > 0) {
		ev_timer_set(&ag->hold_timer, next - now, 0.);
		ev_timer_start(ag->loop, &ag->hold_timer);
	}
}

unsigned agent_holds_update(struct agent *ag, unsigned fam_mask)
{
	double now = ev_now(ag->loop);
	unsigned ended = 0;

	if (ag->once) /* one cycle: nothing to wait for beyond what it already waits */
		return 0;
	for (size_t i = 0; i < ag->n_ents; i++)
		if ((fam_mask & (1u << ag->ents[i].fam)) && hold_one(ag, &ag->ents[i], now))
			ended |= 1u << ag->ents[i].fam;
	arm(ag, now);
	return ended;
}

bool agent_holding(const struct agent_ent *e)
{
	return hold_active(&e->hold, ev_now(e->ag->loop));
}

size_t agent_ask_web_unheld(struct agent *ag, enum fam fam, double now)
{
	const struct config *cfg = ag->cfg;
	size_t started = 0;

	/* Every cache entry first (none may be added while a lookup runs), then the lookups
	 * of the records that are not waiting for their interface. */
	desired_ask_web(cfg, cfg->records, cfg->n_records, &ag->view, &ag->wc, false, now);
	for (size_t i = 0; i < ag->n_ents; i++) {
		struct agent_ent *e = &ag->ents[i];

		if (e->fam == fam && !agent_holding(e) &&
		    desired_ask_web_one(cfg, e->rec, e->fam, &ag->view, &ag->wc, now))
			started++;
	}
	return started;
}

static void hold_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct agent *ag = container_of(w, struct agent, hold_timer);

	(void)loop;
	(void)revents;
	agent_refresh(ag, 3, true);
	agent_step(ag);
}

void agent_hold_init(struct agent *ag)
{
	ev_timer_init(&ag->hold_timer, hold_cb, 0., 0.);
}
