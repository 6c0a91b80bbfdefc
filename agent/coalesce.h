/* SPDX-License-Identifier: MIT */
/* Many changes, few writes: a flush at most once per gap while changes keep coming. */
#ifndef DDNSD_COALESCE_H
#define DDNSD_COALESCE_H

#include <ev.h>
#include <stdbool.h>

struct coalesce;
typedef void (*coalesce_fn)(struct coalesce *c);

/*
 * A change marked when nothing was flushed for a whole gap is flushed on the next loop
 * iteration (an isolated result shows at once); each flush starts a gap (timed from its end,
 * on the loop's monotonic timers), and changes within it are flushed together when it ends.
 * So a burst of N results costs about duration / gap flushes, not N.
 */
struct coalesce {
	ev_timer timer;
	struct ev_loop *loop;
	double gap;	 /* seconds between two flushes */
	double last;	 /* ev_now of the last flush; 0: none yet */
	bool dirty;	 /* a change is waiting for its flush */
	unsigned long n; /* flushes so far */
	coalesce_fn flush;
};

void coalesce_init(struct coalesce *c, struct ev_loop *loop, double gap, coalesce_fn flush);
/* Something changed: flush within the gap. */
void coalesce_mark(struct coalesce *c);
/* Flush now if a change waits (exit, reload); a no-op when clean. */
void coalesce_flush(struct coalesce *c);
/* Stop the timer; a change still waiting is dropped (call coalesce_flush first). */
void coalesce_stop(struct coalesce *c);

#endif
