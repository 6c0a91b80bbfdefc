/* SPDX-License-Identifier: MIT */
/* on-change / on-failure hooks: fork/exec with DDNSD_* variables, a child watcher, a timeout. */
#ifndef DDNSD_HOOKS_H
#define DDNSD_HOOKS_H

#include <ev.h>
#include <stddef.h>

struct hooks;

/* What a hook learns, as DDNSD_RECORD, DDNSD_NAME, DDNSD_FAMILY, DDNSD_ADDRESS,
 * DDNSD_OLD_ADDRESS, DDNSD_PROVIDER, DDNSD_RESULT, DDNSD_ERROR, DDNSD_EVENT. Never a secret. */
struct hook_event {
	const char *record, *name, *family, *address, *old_address, *provider, *result, *error;
	const char *event; /* DDNSD_EVENT: change, failed, outage (failure-after), recovered */
};

/* loop must be the default loop (libev delivers child events there only). */
struct hooks *hooks_init(struct ev_loop *loop);
/* Start path (absolute) with the event in its environment, in its own process group;
 * returns at once. A hook still running after 30 s is killed with its group. At most 8 run
 * at once; later events wait, only the latest per hook, record and family. */
void hooks_run(struct hooks *h, const char *path, const struct hook_event *ev);
/* Wait up to wait seconds for hooks still running, then kill their groups and reap them
 * (after the loop); events still waiting are dropped. */
void hooks_fini(struct hooks *h, double wait);

#endif
