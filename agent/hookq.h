/* SPDX-License-Identifier: MIT */
/* Hook events waiting for a free slot: per hook, record and family only the latest (pure). */
#ifndef DDNSD_HOOKQ_H
#define DDNSD_HOOKQ_H

#include <stdbool.h>
#include <stddef.h>

#include "agent/hooks.h"

#define HOOKQ_MAX 256 /* beyond that the oldest event is dropped (each with a warning) */

/* An owned copy of a hook_event and its hook's path. */
struct hookq_item {
	char *path;
	char *record, *name, *family, *address, *old_address, *provider, *result, *error, *event;
};

struct hookq {
	struct hookq_item *items; /* oldest first */
	size_t n, cap;
};

/* Queue a copy; an event of the same hook, record and family still waiting is replaced
 * (in its place: the order of first arrival is kept). 1 replaced, 0 appended, -ENOMEM.
 * *dropped is set when the queue was full and its oldest event was dropped. */
int hookq_push(struct hookq *q, const char *path, const struct hook_event *ev, bool *dropped);
/* Take the oldest into *out (the caller frees it with hookq_item_free); false when empty. */
bool hookq_pop(struct hookq *q, struct hookq_item *out);
void hookq_item_free(struct hookq_item *it);
/* The event view of an item (pointers into it). */
struct hook_event hookq_event(const struct hookq_item *it);
void hookq_free(struct hookq *q);

#endif
