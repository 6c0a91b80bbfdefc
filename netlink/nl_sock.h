/* SPDX-License-Identifier: MIT */
/* The rtnetlink socket: subscribe, dump, keep a view up to date from events (the I/O edge). */
#ifndef DDNSD_NL_SOCK_H
#define DDNSD_NL_SOCK_H

#include <ev.h>

#include "netlink/view.h"

struct nl_sock;

/* Called after a batch of messages changed the view (VIEW_CHG_* bits). */
typedef void (*nl_change_fn)(unsigned int changed, void *arg);

/* Join the link, IPv4/IPv6 address and IPv4/IPv6 route groups, then dump links, addresses
 * and routes into view (blocking, before returning), then watch the socket on loop.
 * ENOBUFS grows the receive buffer and re-dumps. NULL with errno set on failure. */
struct nl_sock *nl_sock_open(struct ev_loop *loop, struct view *view, nl_change_fn cb, void *arg);
void nl_sock_close(struct nl_sock *s);

/* One-shot: fill view with a full dump and return (for `ddnsd detect`). 0 or -errno. */
int nl_sock_dump_once(struct view *view);

#endif
