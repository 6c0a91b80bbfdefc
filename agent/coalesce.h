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
 *
 * A flush costs O(entries) of CPU. The gap after it is at least COALESCE_COST_RATIO times
 * that cost, so flushes take at most 1/ratio of the time while results keep coming, however
 * many entries there are: a long paced run of N records costs O(N), not O(N^2).
 */
#define COALESCE_COST_RATIO 200.0

struct coalesce {
	ev_timer timer;
	struct ev_loop *loop;
	double gap;	 /* the least number of seconds between two flushes */
	double cost;	 /* CPU seconds the last flush took */
	double next_gap; /* the gap after the last flush: gap, or more for a costly flush */
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
