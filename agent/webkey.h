/* SPDX-License-Identifier: MIT */
/* When a family's "what is my IP" answer can have changed: its default route, or the addresses
 * on that route's interface (pure). */
#ifndef DDNSD_WEBKEY_H
#define DDNSD_WEBKEY_H

#include <stdint.h>

#include "netlink/view.h"

/* A fingerprint of what a web lookup of fam depends on: the best default route (interface,
 * gateway, metric), whether its link is up, and the set of fam addresses on that interface
 * (address and prefix length; not lifetimes, which every router advertisement refreshes).
 * Equal before and after an event: the web would answer the same, so it is not asked. */
uint64_t webkey(const struct view *v, enum fam fam);

#endif
