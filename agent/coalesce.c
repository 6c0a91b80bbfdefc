// SPDX-License-Identifier: MIT
/* Coalescing writes on a timer (state.json, status.json). */
#include "agent/coalesce.h"

#include <stddef.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

double coalesce_delay(double last, double gap, double now)
{
	double due = last + gap;

	/* A clock that went back must not hold a write for longer than one gap. */
	if (last <= 0 || due <= now || last > now)
		return 0;
	return due - now;
}

static void fire(struct coalesce *c)
{
	c->dirty = false;
	c->last = ev_now(c->loop);
	c->n++;
	c->flush(c);
}

static void timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct coalesce *c = container_of(w, struct coalesce, timer);

	(void)loop;
	(void)revents;
	if (c->dirty)
		fire(c);
}

void coalesce_init(struct coalesce *c, struct ev_loop *loop, double gap, coalesce_fn flush)
{
	c->loop = loop;
	c->gap = gap;
	c->last = 0;
	c->dirty = false;
	c->n = 0;
	c->flush = flush;
	ev_timer_init(&c->timer, timer_cb, 0., 0.);
}

void coalesce_mark(struct coalesce *c)
{
	c->dirty = true;
	if (ev_is_active(&c->timer))
		return;
	ev_timer_set(&c->timer, coalesce_delay(c->last, c->gap, ev_now(c->loop)), 0.);
	ev_timer_start(c->loop, &c->timer);
}

void coalesce_flush(struct coalesce *c)
{
	if (c->loop)
		ev_timer_stop(c->loop, &c->timer);
	if (c->dirty)
		fire(c);
}

void coalesce_stop(struct coalesce *c)
{
	if (c->loop)
		ev_timer_stop(c->loop, &c->timer);
	c->dirty = false;
}
