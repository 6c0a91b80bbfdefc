/* SPDX-License-Identifier: MIT */
/* on-change / on-failure hooks: fork/exec with DDNSD_* variables, a child watcher, a timeout. */
#ifndef DDNSD_HOOKS_H
#define DDNSD_HOOKS_H

#include <ev.h>
#include <stddef.h>

struct hooks;

/* What a hook learns, as DDNSD_RECORD, DDNSD_NAME, DDNSD_FAMILY, DDNSD_ADDRESS,
 * DDNSD_OLD_ADDRESS, DDNSD_PROVIDER, DDNSD_RESULT, DDNSD_ERROR. Never a secret. */
struct hook_event {
	const char *record, *name, *family, *address, *old_address, *provider, *result, *error;
};

/* loop must be the default loop (libev delivers child events there only). */
struct hooks *hooks_init(struct ev_loop *loop);
/* Start path (absolute) with the event in its environment; returns at once. A hook still
 * running after 30 s is killed. At most 8 run at once; more are dropped with a warning. */
void hooks_run(struct hooks *h, const char *path, const struct hook_event *ev);
/* Wait up to 5 s for hooks still running, then kill and reap them (after the loop). */
void hooks_fini(struct hooks *h);

#endif
