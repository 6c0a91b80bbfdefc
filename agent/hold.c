// SPDX-License-Identifier: MIT
/* Bounded waits for an address that is about to come back: the deadline arithmetic (pure) and
 * the link's DAD parameters from procfs. */
#include "agent/hold.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

double hold_dad_bound(unsigned dad_transmits, unsigned retrans_ms, unsigned solicit_delay_s)
{
	if (dad_transmits == 0)
		return 0;
	/* retrans_time_ms below 10 ms is raised to HZ/100 by the kernel (ndisc_send_ns). */
	if (retrans_ms < 10)
		retrans_ms = 10;
	return (double)solicit_delay_s + dad_transmits * (retrans_ms / 1000.0) + HOLD_DAD_MARGIN;
}

/* One unsigned number from /proc/sys/net/ipv6/conf/IFNAME/KEY, or def. */
static unsigned read_conf(const char *ifname, const char *key, unsigned def)
{
	char path[128], buf[32];
	unsigned long v;
	char *end;
	ssize_t n;
	int fd;

	if (!ifname[0] || strchr(ifname, '/') || strcmp(ifname, ".") == 0 ||
	    strcmp(ifname, "..") == 0)
		return def;
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/%s", ifname, key);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return def;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return def;
	buf[n] = '\0';
	v = strtoul(buf, &end, 10);
	if (end == buf || v > 600000) /* no link waits ten minutes: a bad value, not a bound */
		return def;
	return (unsigned)v;
}

double hold_dad_bound_of(const char *ifname)
{
	if (read_conf(ifname, "accept_dad", 1) == 0)
		return 0;
	return hold_dad_bound(read_conf(ifname, "dad_transmits", 1),
			      read_conf(ifname, "retrans_time_ms", 1000),
			      read_conf(ifname, "router_solicitation_delay", 1));
}

double hold_bound(enum select_wait w, enum fam fam, double dad_bound)
{
	switch (w) {
	case SELECT_WAIT_DAD:
		return dad_bound;
	case SELECT_WAIT_GAP:
		return fam == FAM_V6 && dad_bound > HOLD_GAP ? dad_bound : HOLD_GAP;
	case SELECT_WAIT_NONE:
		break;
	}
	return 0;
}

bool hold_update(struct hold *h, enum select_wait w, int ifindex, double now, double bound)
{
	if (w == SELECT_WAIT_NONE) {
		*h = (struct hold){0};
		return false;
	}
	if (h->kind == SELECT_WAIT_NONE || h->ifindex != ifindex) {
		*h = (struct hold){
		    .kind = w, .ifindex = ifindex, .since = now, .until = now + bound};
	} else if (h->kind != w) {
		h->kind = w;
		if (now + bound > h->until)
			h->until = now + bound;
	}
	return now < h->until;
}

bool hold_active(const struct hold *h, double now)
{
	return h->kind != SELECT_WAIT_NONE && now < h->until;
}
