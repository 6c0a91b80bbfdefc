/* SPDX-License-Identifier: MIT */
/* rtnetlink message -> typed event (pure, fuzzed): RTM_{NEW,DEL}{LINK,ADDR,ROUTE}. */
#ifndef DDNSD_NL_PARSE_H
#define DDNSD_NL_PARSE_H

#include <linux/netlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/view.h"

enum nl_kind {
	NL_IGNORE = 0, /* well-formed but of no interest (other tables, multicast, NEWPREFIX…) */
	NL_LINK,
	NL_ADDR,
	NL_ROUTE,
	NL_DONE,  /* NLMSG_DONE: end of a dump */
	NL_ERROR, /* NLMSG_ERROR: .error holds -errno (0 = ack) */
};

struct nl_event {
	enum nl_kind kind;
	bool del;	       /* RTM_DEL* */
	bool dump_interrupted; /* NLM_F_DUMP_INTR on the message: the dump must be redone */
	uint16_t nlmsg_flags;  /* NLM_F_* as received (view_apply needs NLM_F_REPLACE) */
	int error;
	union {
		struct view_link link;
		struct view_addr addr;
		struct view_route route;
	};
};

/* Parse one message of len bytes (len >= nlh->nlmsg_len is checked). Every attribute is
 * validated. Returns 0 and fills ev, or -EINVAL for a malformed message (ev undefined). */
int nl_parse_msg(const struct nlmsghdr *nlh, size_t len, struct nl_event *ev);

/* Is there a whole message at nlh, with len bytes left in the datagram? The loop condition for
 * walking a datagram with mnl_nlmsg_next(): unlike mnl_nlmsg_ok() it refuses nlmsg_len >= 2^31,
 * which that one's signed cast lets through (and then walks backwards forever). */
bool nl_parse_ok(const struct nlmsghdr *nlh, int len);

#endif
