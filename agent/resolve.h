/* SPDX-License-Identifier: MIT */
/* Provider servers given by name (rfc2136 server =), resolved once per configuration in a
 * short-lived thread: getaddrinfo() blocks, so it never runs on the loop. */
#ifndef DDNSD_RESOLVE_H
#define DDNSD_RESOLVE_H

#include <ev.h>
#include <stdbool.h>

#include "agent/config.h"

struct resolve;

/* Resolve, in a new thread, every rfc2136 server of cfg that is a name; done(arg) is called
 * on the loop when all are answered (then call resolve_apply). NULL with errno 0 when cfg
 * has no such name (nothing to wait for); NULL with errno set when no thread could start. */
struct resolve *resolve_start(struct ev_loop *loop, const struct config *cfg,
			      void (*done)(void *arg), void *arg);
/* Store each answer in its provider section of cfg (the same configuration), logging it: the
 * address as the internal key "server-address", or, for a name that did not resolve, an
 * error logged and the section left without an address (its records then fail to build
 * until the next reload). Then free r. */
void resolve_apply(struct resolve *r, struct config *cfg);
/* Drop r without applying: done will not be called; a thread still in getaddrinfo() ends by
 * itself and frees what it used. NULL is a no-op. */
void resolve_cancel(struct resolve *r);
/* No thread could start: mark every name as unresolved (their records fail to build). */
void resolve_give_up(struct config *cfg);
/* Records of this provider wait: its server is a name not resolved yet. */
bool resolve_waiting(const struct cfg_provider *p);

#endif
