/* SPDX-License-Identifier: MIT */
/* How long a record waits for an address that is about to come back (DAD, a lease change). */
#ifndef DDNSD_HOLD_H
#define DDNSD_HOLD_H

#include <stdbool.h>

#include "lib/cfg.h"
#include "netlink/select.h"

/* A link with carrier that lost its address gets it back within this (docs/behaviour.md):
 * a DHCP client's lease change leaves it without one for 0.02 s (no ARP probe) to 5.7 s
 * (dhcpcd's RFC 5227 probe of the new address, at most 1 + 3 x 2 s by the RFC's timings); a
 * SLAAC renumbering until the new address has passed DAD (1-2 s; IPv6 waits at least the
 * link's DAD bound). */
#define HOLD_GAP 8.0
/* Added to the kernel's DAD time: scheduling, and the RA or reply that follows. */
#define HOLD_DAD_MARGIN 0.5

/* One record and family's wait; zeroed: none. */
struct hold {
	enum select_wait kind;
	int ifindex;
	double since; /* ev_now when it started */
	double until; /* the selection stops waiting then */
	bool told;    /* the agent logged that it ran out */
};

/* The longest DAD can take on a link (pure): a random start delay of up to
 * router_solicitation_delay seconds (RFC 4862 5.4.2), then dad_transmits probes
 * retrans_time_ms apart, plus HOLD_DAD_MARGIN. 0 when DAD is off (no transmits). */
double hold_dad_bound(unsigned dad_transmits, unsigned retrans_ms, unsigned solicit_delay_s);

/* The same from /proc/sys/net/ipv6/conf/IFNAME/ (the netns of the caller); the kernel's
 * defaults (1, 1000 ms, 1 s) for what cannot be read. */
double hold_dad_bound_of(const char *ifname);

/* How long a new wait of kind w may last (pure); dad_bound: the link's, for IPv6. */
double hold_bound(enum select_wait w, enum fam fam, double dad_bound);

/* Feed what a patient selection waits for (w on ifindex, SELECT_WAIT_NONE: nothing) at now
 * (pure). A new wait starts a hold of bound seconds; the same wait keeps its deadline, so a
 * wait is never extended by re-reading; a different wait on the same link (a gap, then the
 * new address's DAD) may end later but not earlier. True while the record is to keep
 * waiting; false once nothing is waited for or the hold ran out (then select without
 * patience). */
bool hold_update(struct hold *h, enum select_wait w, int ifindex, double now, double bound);

/* Waiting at now (pure). */
bool hold_active(const struct hold *h, double now);

#endif
