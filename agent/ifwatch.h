/* SPDX-License-Identifier: MIT */
/* The interfaces that records name (interface:IF): which exist, and when one comes or goes. */
#ifndef DDNSD_IFWATCH_H
#define DDNSD_IFWATCH_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/cfg.h"
#include "netlink/view.h"

struct ifwatch {
	char (*names)[IFNAMSIZ]; /* each name once, in the order the records give them */
	bool *present;
	size_t n;
	bool started; /* ifwatch_update() ran once */
};

/* Called for every change: present false when the interface is missing (at the first update)
 * or went away, true when it came (back). */
typedef void (*ifwatch_fn)(const char *name, bool present, void *arg);

/* Collect the names of the records' interface: sources. 0 or -ENOMEM. */
int ifwatch_init(struct ifwatch *w, const struct cfg_record *recs, size_t n_recs);
void ifwatch_fini(struct ifwatch *w);
/* Pure: compare with the view; the first call reports each missing name, later calls each
 * name that went or came. */
void ifwatch_update(struct ifwatch *w, const struct view *v, ifwatch_fn fn, void *arg);

#endif
