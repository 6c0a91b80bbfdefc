// SPDX-License-Identifier: MIT
/* The rtnetlink socket: subscribe, dump, then keep the view current from events (I/O edge). */
#include "netlink/nl_sock.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/log.h"
#include "netlink/nl_parse.h"

/* The kernel fills dump datagrams up to 32 KiB (and learns our buffer size from recvmsg);
 * a bigger buffer never truncates one. */
#define RX_BUF_SIZE	(64 * 1024)
#define RCVBUF_START	(1 << 20)
#define RCVBUF_MAX	(64 << 20)
#define DUMP_TRIES	8
#define DUMP_TIMEOUT_MS 5000
#define DRAIN_MAX	100000
#define WAKEUP_MAX	256 /* datagrams per wakeup: let the loop breathe in a storm */
#define RETRY_SECONDS	2.0 /* a failed re-dump is tried again */
#define CHG_ALL		(VIEW_CHG_V4 | VIEW_CHG_V6 | VIEW_CHG_LINK)

#ifndef container_of
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#endif

/* One netlink socket and the view it fills. */
struct conn {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
	int rcvbuf;	/* the size asked for (the kernel doubles it for its bookkeeping) */
	int rcvbuf_got; /* what getsockopt reports */
	struct view *view;
	char *buf; /* RX_BUF_SIZE bytes */
	bool warned_malformed;
};

/* Progress of the dump we asked for. */
struct dump {
	unsigned int seq;
	bool done, intr, overrun;
	int error;
};

struct nl_sock {
	struct conn c;
	struct ev_loop *loop;
	nl_change_fn cb;
	void *arg;
	ev_io io;
	ev_timer retry;
};

static const unsigned int groups[] = {
    RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE,
};

static int set_rcvbuf(struct conn *c, int size)
{
	int fd = mnl_socket_get_fd(c->nl), got = 0;
	socklen_t len = sizeof(got);

	/* SO_RCVBUFFORCE (CAP_NET_ADMIN) passes net.core.rmem_max; SO_RCVBUF is capped by it
	 * (silently): what the socket really has is what getsockopt says. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)) < 0)
		return -errno;
	c->rcvbuf = size;
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0)
		c->rcvbuf_got = got;
	return 0;
}

static void conn_close(struct conn *c)
{
	if (c->nl)
		mnl_socket_close(c->nl);
	free(c->buf);
	memset(c, 0, sizeof(*c));
}

static int conn_open(struct conn *c, struct view *view, bool subscribe)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->view = view;
	c->buf = malloc(RX_BUF_SIZE);
	c->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!c->buf || !c->nl)
		goto fail_errno;
	if (mnl_socket_bind(c->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail_errno;
	c->portid = mnl_socket_get_portid(c->nl);
	c->seq = (unsigned int)time(NULL);
	ret = set_rcvbuf(c, RCVBUF_START);
	if (ret < 0)
		log_warnx("netlink: SO_RCVBUF %d: %s", RCVBUF_START, strerror(-ret));
	else
		log_debug("netlink: receive buffer %d bytes", c->rcvbuf_got);
	/* Join the groups before the first dump request: an event that happens while the
	 * dump runs is then queued, never lost between "dumped" and "subscribed". */
	for (size_t i = 0; subscribe && i < sizeof(groups) / sizeof(groups[0]); i++) {
		unsigned int group = groups[i];

		if (mnl_socket_setsockopt(c->nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0)
			goto fail_errno;
	}
	return 0;

fail_errno:
	ret = errno ? -errno : -ENOMEM;
	conn_close(c);
	return ret;
}

/* One datagram from the kernel into c->buf: its length, or -errno. A datagram bigger than the
 * buffer lost messages, like an overrun: -ENOBUFS. timeout_ms 0 never waits. */
static int recv_one(struct conn *c, int timeout_ms)
{
	int fd = mnl_socket_get_fd(c->nl);

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fromlen = sizeof(from);
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		ssize_t n;
		int r;

		n = recvfrom(fd, c->buf, RX_BUF_SIZE, MSG_TRUNC, (struct sockaddr *)&from,
			     &fromlen);
		if (n >= 0 && from.nl_pid != 0)
			continue; /* only the kernel speaks rtnetlink to us */
		if (n > RX_BUF_SIZE)
			return -ENOBUFS;
		if (n >= 0)
			return (int)n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN || timeout_ms == 0)
			return -errno;
		r = poll(&pfd, 1, timeout_ms);
		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/* Seconds on the monotonic clock: when an address's lifetimes were read. */
static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Apply every message of a datagram to the view; note the progress of our dump (d may be
 * NULL). Dump replies and events are applied alike, in the order the kernel queued them. */
static unsigned int process(struct conn *c, int len, struct dump *d)
{
	const struct nlmsghdr *nlh = (const void *)c->buf;
	unsigned int bits = 0;

	while (nl_parse_ok(nlh, len)) {
		bool mine = d && nlh->nlmsg_pid == c->portid && nlh->nlmsg_seq == d->seq;
		struct nl_event ev;

		if (nl_parse_msg(nlh, (size_t)len, &ev) < 0) {
			if (!c->warned_malformed)
				log_warnx(
				    "netlink: dropping a malformed message (type %u, %u bytes)",
				    nlh->nlmsg_type, nlh->nlmsg_len);
			c->warned_malformed = true;
		} else {
			if (mine && ev.dump_interrupted)
				d->intr = true;
			if (mine && (ev.kind == NL_DONE || ev.kind == NL_ERROR)) {
				d->done = true;
				d->error = ev.error;
			}
			if (ev.kind == NL_ADDR)
				ev.addr.stamp = now_mono();
			bits |= view_apply(c->view, &ev);
		}
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	return bits;
}

/* Ask for one dump and read until its end, applying events that arrive in between. */
static int dump_one(struct conn *c, uint16_t type, struct dump *d)
{
	union {
		char buf[MNL_NLMSG_HDRLEN + 64];
		struct nlmsghdr align;
	} req;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req.buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = ++c->seq;
	/* Each request carries its family header (AF_UNSPEC: all families), as strict
	 * checking (NETLINK_GET_STRICT_CHK) would require. */
	if (type == RTM_GETLINK)
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifinfomsg));
	else if (type == RTM_GETADDR)
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct ifaddrmsg));
	else
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct rtmsg));
	if (mnl_socket_sendto(c->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	d->seq = nlh->nlmsg_seq;
	d->done = false;
	d->error = 0;
	while (!d->done) {
		int n = recv_one(c, DUMP_TIMEOUT_MS);

		if (n == -ENOBUFS) {
			/* Events were dropped (or the kernel paused the dump): finish reading
			 * this dump so no request is in flight, then start over. */
			d->overrun = true;
			continue;
		}
		if (n < 0)
			return n;
		process(c, n, d);
	}
	return d->error;
}

/* Read and throw away whatever is queued: it predates the dump we are about to ask for. */
static void drain(struct conn *c)
{
	for (int i = 0; i < DRAIN_MAX; i++) {
		int n = recv_one(c, 0);

		if (n < 0 && n != -ENOBUFS)
			return;
	}
}

static void grow_rcvbuf(struct conn *c)
{
	int ret;

	if (c->rcvbuf >= RCVBUF_MAX)
		return;
	ret = set_rcvbuf(c, c->rcvbuf * 2);
	if (ret < 0)
		log_warnx("netlink: SO_RCVBUF %d: %s", c->rcvbuf * 2, strerror(-ret));
}

/*
 * Fill the view from scratch: links, then addresses, then routes, one dump at a time.
 *
 * Everything runs over the one subscribed socket. Dump replies and events then sit in a
 * single kernel queue in the order they were produced (a dump datagram is built when we
 * read, so an event about an entry that is still to be dumped comes before the entry's newer
 * state), and applying them in arrival order leaves the view exact: no gap, no stale entry.
 * A second, unsubscribed dump socket would need the events queued meanwhile to be replayed
 * over a newer snapshot, and those may predate it. What must not be replayed is what was
 * queued before an overrun (a lost RTM_DELADDR would leave its RTM_NEWADDR alive), hence
 * drain, then clear, then dump.
 */
static int dump_into(struct conn *c)
{
	static const uint16_t reqs[] = {RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE};

	for (int tries = 0; tries < DUMP_TRIES; tries++) {
		struct dump d = {0};

		drain(c);
		view_clear(c->view);
		for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]) && !d.overrun; i++) {
			int ret = dump_one(c, reqs[i], &d);

			if (ret < 0)
				return ret;
		}
		if (!d.overrun && !d.intr)
			return 0;
		if (d.overrun) {
			grow_rcvbuf(c);
			log_warnx("netlink: receive buffer overrun during the dump; "
				  "SO_RCVBUF now %d bytes, dumping again",
				  c->rcvbuf_got);
		} else {
			/* NLM_F_DUMP_INTR: the table changed under the dump. */
			log_debug("netlink: dump interrupted by a change, dumping again");
		}
	}
	return -EAGAIN;
}

/* The dump goes into a fresh view, swapped in only when it is complete: a re-dump that
 * fails leaves the last good view (stale, not empty or half-filled). */
static int full_dump(struct conn *c)
{
	struct view *target = c->view, fresh;
	int ret;

	view_init(&fresh);
	fresh.next_seq = target->next_seq; /* "newer = larger" holds across re-dumps */
	c->view = &fresh;
	ret = dump_into(c);
	c->view = target;
	if (ret < 0) {
		view_fini(&fresh);
		return ret;
	}
	view_fini(target);
	*target = fresh;
	return 0;
}

/* After an overrun or a failed re-dump: rebuild the view. Returns the bits to report. */
static unsigned int resync(struct nl_sock *s)
{
	int ret = full_dump(&s->c);

	ev_timer_stop(s->loop, &s->retry);
	if (ret < 0) {
		log_warnx("netlink: re-dump failed: %s; retrying in %.0f s", strerror(-ret),
			  RETRY_SECONDS);
		ev_timer_set(&s->retry, RETRY_SECONDS, 0.);
		ev_timer_start(s->loop, &s->retry);
	}
	return CHG_ALL;
}

static void on_retry(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct nl_sock *s = container_of(w, struct nl_sock, retry);

	(void)loop;
	(void)revents;
	s->cb(resync(s), s->arg);
}

static void on_readable(struct ev_loop *loop, ev_io *w, int revents)
{
	struct nl_sock *s = container_of(w, struct nl_sock, io);
	unsigned int bits = 0;

	(void)loop;
	(void)revents;
	for (int i = 0; i < WAKEUP_MAX; i++) {
		int n = recv_one(&s->c, 0);

		if (n == -EAGAIN)
			break;
		if (n == -ENOBUFS) {
			/* The kernel dropped events for us: the view can no longer be trusted. */
			grow_rcvbuf(&s->c);
			log_warnx("netlink: receive buffer overrun (ENOBUFS), events lost; "
				  "SO_RCVBUF now %d bytes, dumping again",
				  s->c.rcvbuf_got);
			bits |= resync(s);
			continue;
		}
		if (n < 0) {
			log_warnx("netlink: recv: %s", strerror(-n));
			break;
		}
		bits |= process(&s->c, n, NULL);
	}
	if (bits)
		s->cb(bits, s->arg);
}

struct nl_sock *nl_sock_open(struct ev_loop *loop, struct view *view, nl_change_fn cb, void *arg)
{
	struct nl_sock *s = calloc(1, sizeof(*s));
	int ret;

	if (!s)
		return NULL;
	s->loop = loop;
	s->cb = cb;
	s->arg = arg;
	ret = conn_open(&s->c, view, true);
	if (ret < 0)
		goto fail;
	ret = full_dump(&s->c);
	if (ret < 0)
		goto fail;
	log_debug("netlink: %zu links, %zu addresses, %zu default routes", view->n_links,
		  view->n_addrs, view->n_routes);
	ev_io_init(&s->io, on_readable, mnl_socket_get_fd(s->c.nl), EV_READ);
	ev_init(&s->retry, on_retry);
	ev_io_start(loop, &s->io);
	return s;

fail:
	conn_close(&s->c);
	free(s);
	errno = -ret;
	return NULL;
}

void nl_sock_close(struct nl_sock *s)
{
	if (!s)
		return;
	ev_io_stop(s->loop, &s->io);
	ev_timer_stop(s->loop, &s->retry);
	conn_close(&s->c);
	free(s);
}

int nl_sock_dump_once(struct view *view)
{
	struct conn c;
	int ret;

	ret = conn_open(&c, view, false);
	if (ret < 0)
		return ret;
	ret = full_dump(&c);
	conn_close(&c);
	return ret;
}
