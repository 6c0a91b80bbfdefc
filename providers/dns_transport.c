// SPDX-License-Identifier: MIT
/* DNS queries over UDP with retries and over TCP, non-blocking on libev; replies are matched
 * to the request (address, port, ID, question) before anyone sees them. */
#include "providers/dns_transport.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "providers/dnsmsg.h"
#include "providers/localaddr.h"

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* One reply at a time is read into the transport's buffer; a DNS message over UDP or TCP is at
 * most 64 KiB (the length prefix is 16 bits). */
#define RBUF_LEN (DNS_MSG_MAX + 1)

struct dns_query {
	struct dns_transport *t;
	struct dns_query *next, *prev;
	struct sockaddr_storage server;
	socklen_t server_len;
	uint8_t *msg; /* for TCP: the two-byte length, then the message */
	size_t len;
	int fd;
	bool tcp, connecting;
	struct ev_io io;
	struct ev_timer timer;
	ev_tstamp started, deadline;
	long timeout_ms;
	unsigned tries;
	size_t sent;	    /* TCP: bytes of len + 2 written */
	uint8_t *rbuf;	    /* TCP: the reply being read */
	size_t rlen, rwant; /* TCP: bytes read; bytes wanted (2, then 2 + length) */
	int error;	    /* a failure waiting to be reported from the timer */
	char why[200];
	dns_done_fn done;
	void *arg;
};

struct dns_transport {
	struct ev_loop *loop;
	struct dns_query *queries;
	size_t n;
	uint8_t *rbuf; /* UDP receive buffer */
};

const char *dns_server_text(const struct sockaddr *sa, char buf[static DNS_SERVER_TEXT])
{
	char a[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
		snprintf(buf, DNS_SERVER_TEXT, "%s:%u", a, ntohs(s->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
		snprintf(buf, DNS_SERVER_TEXT, "[%s]:%u", a, ntohs(s->sin6_port));
	} else {
		snprintf(buf, DNS_SERVER_TEXT, "(family %d)", sa->sa_family);
	}
	return buf;
}

static const char *server(const struct dns_query *q, char buf[static DNS_SERVER_TEXT])
{
	return dns_server_text((const struct sockaddr *)&q->server, buf);
}

static void unlink_query(struct dns_query *q)
{
	struct dns_transport *t = q->t;

	ev_io_stop(t->loop, &q->io);
	ev_timer_stop(t->loop, &q->timer);
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	if (q->prev)
		q->prev->next = q->next;
	else
		t->queries = q->next;
	if (q->next)
		q->next->prev = q->prev;
	q->next = q->prev = NULL;
	t->n--;
}

static void free_query(struct dns_query *q)
{
	free(q->msg);
	free(q->rbuf);
	free(q);
}

static void finish(struct dns_query *q, int error, const uint8_t *reply, size_t len)
{
	struct dns_query_result res = {
	    .error = error,
	    .reply = error ? NULL : reply,
	    .len = error ? 0 : len,
	    .tcp = q->tcp,
	    .tries = q->tries,
	    .elapsed_ms = (ev_time() - q->started) * 1000.0,
	};

	if (error)
		snprintf(res.message, sizeof(res.message), "%s", q->why);
	unlink_query(q);
	q->done(q->arg, &res);
	free_query(q);
}

/* Report err from the loop (never from inside submit or forget_addresses, whose callers do
 * not expect a callback yet). */
__attribute__((format(printf, 3, 4))) static void fail_later(struct dns_query *q, int err,
							     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(q->why, sizeof(q->why), fmt, ap);
	va_end(ap);
	q->error = err;
	ev_io_stop(q->t->loop, &q->io);
	ev_timer_stop(q->t->loop, &q->timer);
	ev_timer_set(&q->timer, 0., 0.);
	ev_timer_start(q->t->loop, &q->timer);
}

static void fail_now(struct dns_query *q, int err, const char *what)
{
	char s[DNS_SERVER_TEXT];

	switch (err) {
	case ECONNREFUSED:
		snprintf(q->why, sizeof(q->why),
			 "%s refused the connection (no DNS server listening there)", server(q, s));
		break;
	case ETIMEDOUT:
		snprintf(q->why, sizeof(q->why), "no reply from %s within %ld ms (%u tries%s)",
			 server(q, s), q->timeout_ms, q->tries, q->tcp ? ", then TCP" : "");
		break;
	default:
		snprintf(q->why, sizeof(q->why), "%s %s: %s", what, server(q, s), strerror(err));
	}
	finish(q, -err, NULL, 0);
}

static int open_socket(struct dns_query *q, int type)
{
	int fd = socket(q->server.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	/* connect() on UDP too: the kernel then binds a random ephemeral port (RFC 5452 §9.2
	 * asks for it) and delivers only datagrams from the server's address and port. */
	if (connect(fd, (struct sockaddr *)&q->server, q->server_len) < 0 && errno != EINPROGRESS) {
		int err = errno;

		close(fd);
		return -err;
	}
	q->fd = fd;
	return 0;
}

static void udp_ready(struct ev_loop *loop, ev_io *w, int revents);
static void tcp_ready(struct ev_loop *loop, ev_io *w, int revents);
static void timer_fired(struct ev_loop *loop, ev_timer *w, int revents);

/* Try k (0-based) waits (2^k / 7) of the total: 1/7, 2/7, 4/7, so the three add up to it. */
static double try_timeout(const struct dns_query *q, unsigned k)
{
	return (double)q->timeout_ms / 1000.0 * (double)(1u << k) / 7.0;
}

static void udp_send(struct dns_query *q)
{
	struct ev_loop *loop = q->t->loop;
	double wait = try_timeout(q, q->tries);

	q->tries++;
	if (send(q->fd, q->msg + 2, q->len, 0) < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
		fail_now(q, errno, "cannot send to");
		return;
	}
	/* The last try runs to the deadline, whatever rounding did. */
	if (q->tries >= DNS_TRIES || ev_now(loop) + wait > q->deadline)
		wait = q->deadline - ev_now(loop);
	ev_timer_stop(loop, &q->timer);
	ev_timer_set(&q->timer, wait > 0 ? wait : 0., 0.);
	ev_timer_start(loop, &q->timer);
}

/* Connect over TCP; the timer runs to the deadline. 0 or -errno. */
static int tcp_begin(struct dns_query *q)
{
	struct ev_loop *loop = q->t->loop;
	double left = q->deadline - ev_now(loop);
	int err;

	q->tcp = true;
	q->sent = 0;
	if (!q->rbuf && !(q->rbuf = malloc(RBUF_LEN + 2)))
		return -ENOMEM;
	err = open_socket(q, SOCK_STREAM);
	if (err)
		return err;
	q->connecting = true;
	ev_io_init(&q->io, tcp_ready, q->fd, EV_WRITE);
	ev_io_start(loop, &q->io);
	ev_timer_stop(loop, &q->timer);
	ev_timer_set(&q->timer, left > 0 ? left : 0., 0.);
	ev_timer_start(loop, &q->timer);
	return 0;
}

/* The UDP reply was truncated: ask again over TCP (RFC 1035 §4.2.1). Never frees q. */
static void start_tcp(struct dns_query *q)
{
	char s[DNS_SERVER_TEXT];
	int err;

	ev_io_stop(q->t->loop, &q->io);
	close(q->fd);
	q->fd = -1;
	err = tcp_begin(q);
	if (err)
		fail_later(q, err, "cannot connect to %s over TCP: %s", server(q, s),
			   strerror(-err));
}

/* A message arrived: is it the reply? Returns true when the query is finished (freed). */
static bool consider(struct dns_query *q, const uint8_t *buf, size_t len)
{
	struct dns_msg m;

	if (!dnsmsg_parse(buf, len, &m, NULL, 0) || !dnsmsg_is_reply_to(q->msg + 2, q->len, &m))
		return false; /* not ours (late, forged or broken): keep waiting */
	if (!q->tcp && (m.flags & DNS_FLAG_TC)) {
		start_tcp(q);
		return false;
	}
	finish(q, 0, buf, len);
	return true;
}

static bool same_peer(const struct dns_query *q, const struct sockaddr_storage *from, socklen_t len)
{
	if (from->ss_family != q->server.ss_family)
		return false;
	if (from->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)from, *b = (const void *)&q->server;

		return len >= sizeof(*a) && a->sin_port == b->sin_port &&
		       a->sin_addr.s_addr == b->sin_addr.s_addr;
	}
	{
		const struct sockaddr_in6 *a = (const void *)from, *b = (const void *)&q->server;

		return len >= sizeof(*a) && a->sin6_port == b->sin6_port &&
		       !memcmp(&a->sin6_addr, &b->sin6_addr, sizeof(a->sin6_addr));
	}
}

static void udp_ready(struct ev_loop *loop, ev_io *w, int revents)
{
	struct dns_query *q = container_of(w, struct dns_query, io);
	uint8_t *buf = q->t->rbuf;

	(void)loop;
	(void)revents;
	/* Drain what is queued, at most a few datagrams per wake-up so a flood cannot hold
	 * the loop. */
	for (int i = 0; i < 16; i++) {
		struct sockaddr_storage from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(q->fd, buf, RBUF_LEN, 0, (struct sockaddr *)&from, &flen);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return;
			/* ICMP port unreachable comes back as ECONNREFUSED on a connected
			 * socket: nothing listens; say so now rather than after 3 tries. */
			fail_now(q, errno, "cannot receive from");
			return;
		}
		if (!same_peer(q, &from, flen))
			continue;
		if (consider(q, buf, (size_t)n) || q->tcp)
			return;
	}
}

static void tcp_read(struct dns_query *q)
{
	for (;;) {
		ssize_t n = read(q->fd, q->rbuf + q->rlen, q->rwant - q->rlen);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
				return;
			fail_now(q, errno, "cannot read from");
			return;
		}
		if (n == 0) {
			fail_now(q, ECONNRESET, "connection closed early by");
			return;
		}
		q->rlen += (size_t)n;
		if (q->rlen < q->rwant)
			continue;
		if (q->rwant == 2) {
			/* the two-byte length (RFC 1035 §4.2.2), then that many bytes */
			q->rwant = 2 + ((size_t)q->rbuf[0] << 8 | q->rbuf[1]);
			if (q->rwant == 2) {
				fail_now(q, EPROTO, "empty TCP message from");
				return;
			}
			continue;
		}
		if (consider(q, q->rbuf + 2, q->rwant - 2))
			return;
		/* Not the reply (a server would not send another on this connection, but
		 * read on rather than trust it): the next message. */
		q->rlen = 0;
		q->rwant = 2;
	}
}

static void tcp_ready(struct ev_loop *loop, ev_io *w, int revents)
{
	struct dns_query *q = container_of(w, struct dns_query, io);

	(void)revents;
	if (q->connecting) {
		int err = 0;
		socklen_t elen = sizeof(err);

		if (getsockopt(q->fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
			err = errno;
		if (err) {
			fail_now(q, err, "cannot connect to");
			return;
		}
		q->connecting = false;
	}
	if (q->sent < q->len + 2) {
		ssize_t n = send(q->fd, q->msg + q->sent, q->len + 2 - q->sent, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				fail_now(q, errno, "cannot send to");
			return;
		}
		q->sent += (size_t)n;
		if (q->sent < q->len + 2)
			return;
		q->rlen = 0;
		q->rwant = 2;
		ev_io_stop(loop, &q->io);
		ev_io_set(&q->io, q->fd, EV_READ);
		ev_io_start(loop, &q->io);
		return;
	}
	tcp_read(q);
}

static void timer_fired(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct dns_query *q = container_of(w, struct dns_query, timer);

	(void)loop;
	(void)revents;
	if (q->error) {
		finish(q, q->error, NULL, 0);
		return;
	}
	if (!q->tcp && q->tries < DNS_TRIES && ev_now(q->t->loop) < q->deadline) {
		udp_send(q);
		return;
	}
	fail_now(q, ETIMEDOUT, "");
}

struct dns_transport *dns_transport_new(struct ev_loop *loop)
{
	struct dns_transport *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->rbuf = malloc(RBUF_LEN);
	if (!t->rbuf) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->loop = loop;
	return t;
}

void dns_transport_free(struct dns_transport *t)
{
	if (!t)
		return;
	dns_transport_cancel_all(t);
	free(t->rbuf);
	free(t);
}

struct dns_query *dns_transport_submit(struct dns_transport *t, const struct dns_query_req *req,
				       dns_done_fn done, void *arg)
{
	struct dns_query *q;
	int err;

	if (!req->server || !done || req->len < DNS_HEADER_LEN || req->len > DNS_MSG_MAX ||
	    req->server_len > sizeof(q->server) || req->timeout_ms < 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((req->server->sa_family != AF_INET || req->server_len < sizeof(struct sockaddr_in)) &&
	    (req->server->sa_family != AF_INET6 || req->server_len < sizeof(struct sockaddr_in6))) {
		errno = EAFNOSUPPORT;
		return NULL;
	}
	q = calloc(1, sizeof(*q));
	if (!q || !(q->msg = malloc(req->len + 2))) {
		if (q)
			free_query(q);
		errno = ENOMEM;
		return NULL;
	}
	q->t = t;
	q->fd = -1;
	memcpy(&q->server, req->server, req->server_len);
	q->server_len = req->server_len;
	q->msg[0] = (uint8_t)(req->len >> 8);
	q->msg[1] = (uint8_t)req->len;
	memcpy(q->msg + 2, req->msg, req->len);
	q->len = req->len;
	q->timeout_ms = req->timeout_ms ? req->timeout_ms : DNS_TIMEOUT_MS;
	q->started = ev_time();
	q->deadline = ev_now(t->loop) + (double)q->timeout_ms / 1000.0;
	q->done = done;
	q->arg = arg;
	ev_init(&q->timer, timer_fired);
	ev_init(&q->io, udp_ready);
	q->next = t->queries;
	if (t->queries)
		t->queries->prev = q;
	t->queries = q;
	t->n++;

	if (req->tcp || req->len > DNS_UDP_MAX) {
		err = tcp_begin(q);
	} else {
		err = open_socket(q, SOCK_DGRAM);
		if (!err) {
			ev_io_set(&q->io, q->fd, EV_READ);
			ev_io_start(t->loop, &q->io);
			/* the first datagram goes out from the loop too, so that a send error
			 * is reported like any other */
			ev_timer_set(&q->timer, 0., 0.);
			ev_timer_start(t->loop, &q->timer);
		}
	}
	if (err) {
		char s[DNS_SERVER_TEXT];

		fail_later(q, err, "cannot connect to %s: %s", server(q, s), strerror(-err));
	}
	return q;
}

void dns_transport_cancel(struct dns_transport *t, struct dns_query *q)
{
	(void)t;
	if (!q)
		return;
	unlink_query(q);
	free_query(q);
}

void dns_transport_cancel_all(struct dns_transport *t)
{
	while (t->queries)
		dns_transport_cancel(t, t->queries);
}

size_t dns_transport_in_flight(const struct dns_transport *t)
{
	return t->n;
}

unsigned dns_transport_forget_addresses(struct dns_transport *t)
{
	unsigned n = 0;

	for (struct dns_query *q = t->queries; q; q = q->next) {
		char s[DNS_SERVER_TEXT];

		if (q->error || q->fd < 0 || !localaddr_gone(q->fd))
			continue;
		fail_later(q, -ENETRESET,
			   "our local address for %s vanished; the query is abandoned",
			   server(q, s));
		n++;
	}
	return n;
}
