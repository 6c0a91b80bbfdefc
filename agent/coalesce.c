// SPDX-License-Identifier: MIT
/* Coalescing writes on a timer (state.json, status.json). */
#include "agent/coalesce.h"

#include <stddef.h>
#include <time.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

static double cpu_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) < 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fire(struct coalesce *c)
{
	double t0 = cpu_now();

	c->dirty = false;
	c->last = ev_now(c->loop);
	c->n++;
	c->flush(c);
	c->cost = cpu_now() - t0;
	c->next_gap = c->cost * COALESCE_COST_RATIO;
	if (!(c->next_gap > c->gap))
		c->next_gap = c->gap;
}

/* Fired at a mark after a quiet gap (delay 0), or at the end of a gap: a change that waits
 * is written, and the next gap starts; none: quiet, the next mark writes at once. */
static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct coalesce *c = container_of(w, struct coalesce, timer);

	(void)revents;
	if (!c->dirty)
		return;
	fire(c);
	/* Timed from the end of the write, on the loop's monotonic clock. */
	ev_now_update(loop);
	ev_timer_set(&c->timer, c->next_gap, 0.);
	ev_timer_start(loop, &c->timer);
}

void coalesce_init(struct coalesce *c, struct ev_loop *loop, double gap, coalesce_fn flush)
{
	c->loop = loop;
	c->gap = gap;
	c->cost = 0;
	c->next_gap = gap;
	c->last = 0;
	c->dirty = false;
	c->n = 0;
	c->flush = flush;
	ev_timer_init(&c->timer, timer_cb, 0., 0.);
}

void coalesce_mark(struct coalesce *c)
{
	c->dirty = true;
	/* Inside a gap the timer runs and will write; else write on the next iteration. */
	if (ev_is_active(&c->timer) || ev_is_pending(&c->timer))
		return;
	ev_timer_set(&c->timer, 0., 0.);
	ev_timer_start(c->loop, &c->timer);
}

void coalesce_flush(struct coalesce *c)
{
	if (c->loop) {
		ev_clear_pending(c->loop, &c->timer);
		ev_timer_stop(c->loop, &c->timer);
	}
	if (c->dirty)
		fire(c);
}

void coalesce_stop(struct coalesce *c)
{
	if (c->loop) {
		ev_clear_pending(c->loop, &c->timer);
		ev_timer_stop(c->loop, &c->timer);
	}
	c->dirty = false;
}
