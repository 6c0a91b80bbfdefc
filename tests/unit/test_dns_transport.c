// SPDX-License-Identifier: MIT
/* dns_transport.c against a responder made here on loopback (UDP and TCP on one port, same
 * loop): retries, TC -> TCP, framing in pieces, replies that must be dropped, refusal,
 * time-out, cancellation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "providers/dns_transport.h"
#include "providers/dnsmsg.h"

enum mode {
	ANSWER,	    /* answer every datagram */
	DROP2,	    /* ignore the first two datagrams, answer the third */
	SILENT,	    /* never answer */
	JUNK_FIRST, /* first wrong ID, wrong question, garbage, from another port; then right */
	TRUNCATE,   /* UDP: TC=1; TCP: the full answer, sent in pieces */
	TCP_ONLY,   /* no UDP answer expected: the request came over TCP */
	TCP_CLOSE,  /* TCP: close after half a length prefix */
};

struct responder {
	struct ev_loop *loop;
	int family;
	int udp, tcp, other, conn;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	enum mode mode;
	unsigned udp_seen, tcp_seen;
	struct ev_io udp_io, tcp_io, conn_io;
	struct ev_timer piece_timer;
	uint8_t pending[600];
	size_t pending_len, pending_off;
	uint8_t tcpbuf[70000];
	size_t tcplen;
};

struct outcome {
	int calls;
	struct dns_query_result res;
	uint8_t reply[600];
	struct ev_loop *loop;
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

/* A reply to msg: same ID and question, QR|AA, one A record 192.0.2.<last>. */
static size_t make_reply(const uint8_t *msg, size_t len, uint8_t *out, bool tc, uint8_t last)
{
	static const uint8_t answer[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2};
	struct dns_msg m;
	size_t qend;

	assert_true(dnsmsg_parse(msg, len, &m, NULL, 0));
	qend = m.sec_off[DNS_SEC_ANSWER];
	memcpy(out, msg, qend);
	out[2] = (uint8_t)(0x84 | (tc ? 0x02 : 0) | (msg[2] & 0x78));
	out[3] = 0;
	memcpy(out + 6, (const uint8_t[]){0, 1, 0, 0, 0, 0}, 6); /* 1 answer, nothing else */
	memcpy(out + qend, answer, sizeof(answer));
	out[qend + sizeof(answer)] = last;
	return qend + sizeof(answer) + 1;
}

static void piece_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct responder *r = container_of(w, struct responder, piece_timer);
	size_t n = r->pending_len - r->pending_off;

	(void)revents;
	/* 3 bytes at a time, 5 ms apart: the length prefix itself arrives split */
	if (n > 3)
		n = 3;
	assert_int_equal(write(r->conn, r->pending + r->pending_off, n), (ssize_t)n);
	r->pending_off += n;
	if (r->pending_off < r->pending_len) {
		ev_timer_set(w, 0.005, 0.);
		ev_timer_start(loop, w);
	}
}

static void conn_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct responder *r = container_of(w, struct responder, conn_io);
	ssize_t n;
	size_t want;

	(void)revents;
	n = read(r->conn, r->tcpbuf + r->tcplen, sizeof(r->tcpbuf) - r->tcplen);
	if (n <= 0) {
		ev_io_stop(loop, w);
		return;
	}
	r->tcplen += (size_t)n;
	if (r->tcplen < 2)
		return;
	want = 2 + ((size_t)r->tcpbuf[0] << 8 | r->tcpbuf[1]);
	if (r->tcplen < want)
		return;
	r->tcp_seen++;
	ev_io_stop(loop, w);
	if (r->mode == TCP_CLOSE) {
		assert_int_equal(write(r->conn, "\0", 1), 1);
		close(r->conn);
		r->conn = -1;
		return;
	}
	r->pending_len = 2 + make_reply(r->tcpbuf + 2, want - 2, r->pending + 2, false, 99);
	r->pending[0] = (uint8_t)((r->pending_len - 2) >> 8);
	r->pending[1] = (uint8_t)(r->pending_len - 2);
	r->pending_off = 0;
	ev_timer_init(&r->piece_timer, piece_cb, 0., 0.);
	ev_timer_start(loop, &r->piece_timer);
}

static void accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct responder *r = container_of(w, struct responder, tcp_io);

	(void)revents;
	r->conn = accept(r->tcp, NULL, NULL);
	assert_true(r->conn >= 0);
	r->tcplen = 0;
	ev_io_init(&r->conn_io, conn_cb, r->conn, EV_READ);
	ev_io_start(loop, &r->conn_io);
}

static void udp_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct responder *r = container_of(w, struct responder, udp_io);
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	uint8_t in[2048], out[2048];
	ssize_t n;
	size_t len;

	(void)loop;
	(void)revents;
	n = recvfrom(r->udp, in, sizeof(in), 0, (struct sockaddr *)&from, &flen);
	assert_true(n > 0);
	r->udp_seen++;
	switch (r->mode) {
	case SILENT:
	case TCP_ONLY:
		return;
	case DROP2:
		if (r->udp_seen < 3)
			return;
		break;
	case JUNK_FIRST:
		len = make_reply(in, (size_t)n, out, false, 66);
		/* from another port: the kernel (connected socket) and the transport drop it */
		sendto(r->other, out, len, 0, (struct sockaddr *)&from, flen);
		out[1] ^= 1; /* wrong ID */
		sendto(r->udp, out, len, 0, (struct sockaddr *)&from, flen);
		out[1] ^= 1;
		out[13] ^= 0x01; /* wrong question name */
		sendto(r->udp, out, len, 0, (struct sockaddr *)&from, flen);
		out[13] ^= 0x01;
		sendto(r->udp, "\1\2\3", 3, 0, (struct sockaddr *)&from, flen); /* garbage */
		out[2] &= 0x7f; /* a query, not a reply */
		sendto(r->udp, out, len, 0, (struct sockaddr *)&from, flen);
		break;
	default:
		break;
	}
	len = make_reply(in, (size_t)n, out, r->mode == TRUNCATE, 7);
	assert_int_equal(sendto(r->udp, out, len, 0, (struct sockaddr *)&from, flen), (ssize_t)len);
}

/* A socket bound to addr (port 0: the kernel picks one), or -1 when that port is taken. */
static int bound(int family, int type, struct sockaddr_storage *addr, socklen_t *len)
{
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0), one = 1;

	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)addr, *len) < 0) {
		assert_int_equal(errno, EADDRINUSE);
		close(fd);
		return -1;
	}
	assert_int_equal(getsockname(fd, (struct sockaddr *)addr, len), 0);
	return fd;
}

static void set_port(struct sockaddr_storage *a, uint16_t port)
{
	if (a->ss_family == AF_INET)
		((struct sockaddr_in *)a)->sin_port = port;
	else
		((struct sockaddr_in6 *)a)->sin6_port = port;
}

static void responder_start(struct responder *r, struct ev_loop *loop, int family, enum mode mode)
{
	struct sockaddr_storage other;
	socklen_t olen;

	memset(r, 0, sizeof(*r));
	r->loop = loop;
	r->family = family;
	r->mode = mode;
	r->conn = -1;
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&r->addr;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		r->addr_len = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&r->addr;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_loopback;
		r->addr_len = sizeof(*a);
	}
	other = r->addr;
	olen = r->addr_len;
	/* UDP on a port the kernel picks, TCP on the same number: that one may be taken by
	 * another TCP socket of the machine, then try another */
	for (int i = 0;; i++) {
		assert_true(i < 50);
		set_port(&r->addr, 0);
		r->udp = bound(family, SOCK_DGRAM, &r->addr, &r->addr_len);
		assert_true(r->udp >= 0);
		r->tcp = bound(family, SOCK_STREAM, &r->addr, &r->addr_len);
		if (r->tcp >= 0)
			break;
		close(r->udp);
	}
	assert_int_equal(listen(r->tcp, 4), 0);
	r->other = bound(family, SOCK_DGRAM, &other, &olen);
	assert_true(r->other >= 0);
	ev_io_init(&r->udp_io, udp_cb, r->udp, EV_READ);
	ev_io_start(loop, &r->udp_io);
	ev_io_init(&r->tcp_io, accept_cb, r->tcp, EV_READ);
	ev_io_start(loop, &r->tcp_io);
}

static void responder_stop(struct responder *r)
{
	ev_io_stop(r->loop, &r->udp_io);
	ev_io_stop(r->loop, &r->tcp_io);
	ev_io_stop(r->loop, &r->conn_io);
	ev_timer_stop(r->loop, &r->piece_timer);
	close(r->udp);
	close(r->tcp);
	close(r->other);
	if (r->conn >= 0)
		close(r->conn);
}

static void done_cb(void *arg, const struct dns_query_result *res)
{
	struct outcome *o = arg;

	o->calls++;
	o->res = *res;
	if (res->len) {
		assert_true(res->len <= sizeof(o->reply));
		memcpy(o->reply, res->reply, res->len);
		o->res.reply = o->reply;
	}
	ev_break(o->loop, EVBREAK_ALL);
}

static size_t query(uint8_t *buf, size_t cap, uint16_t id)
{
	struct dns_name n;
	size_t len;

	assert_true(dns_name_from_text("host.example.test", &n));
	assert_int_equal(dnsmsg_build_query(buf, cap, id, &n, DNS_TYPE_A, &len), 0);
	return len;
}

static void guard_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)w;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

/* Run one query against r to completion (or a 10 s safety stop). */
static void run(struct responder *r, const uint8_t *msg, size_t len, bool tcp, long timeout_ms,
		struct outcome *o)
{
	struct dns_transport *t = dns_transport_new(r->loop);
	struct dns_query_req req = {
	    .server = (struct sockaddr *)&r->addr,
	    .server_len = r->addr_len,
	    .msg = msg,
	    .len = len,
	    .tcp = tcp,
	    .timeout_ms = timeout_ms,
	};
	struct ev_timer guard;

	memset(o, 0, sizeof(*o));
	o->loop = r->loop;
	assert_non_null(t);
	assert_non_null(dns_transport_submit(t, &req, done_cb, o));
	assert_int_equal(dns_transport_in_flight(t), 1);
	assert_int_equal(o->calls, 0); /* never from inside submit */
	ev_timer_init(&guard, guard_cb, 10., 0.);
	ev_timer_start(r->loop, &guard);
	ev_run(r->loop, 0);
	ev_timer_stop(r->loop, &guard);
	assert_int_equal(o->calls, 1);
	assert_int_equal(dns_transport_in_flight(t), 0);
	dns_transport_free(t);
}

static void test_answer_udp(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	int fams[] = {AF_INET, AF_INET6};

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct responder r;
		struct outcome o;
		uint8_t msg[64];
		size_t len = query(msg, sizeof(msg), (uint16_t)(0x1000 + i));

		responder_start(&r, loop, fams[i], ANSWER);
		run(&r, msg, len, false, 6000, &o);
		assert_int_equal(o.res.error, 0);
		assert_false(o.res.tcp);
		assert_int_equal(o.res.tries, 1);
		assert_int_equal(r.udp_seen, 1);
		assert_int_equal(o.res.reply[o.res.len - 1], 7);
		assert_int_equal(o.res.reply[0] << 8 | o.res.reply[1], 0x1000 + i);
		responder_stop(&r);
	}
	ev_loop_destroy(loop);
}

static void test_retries(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct responder r;
	struct outcome o;
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 77);

	(void)state;
	responder_start(&r, loop, AF_INET, DROP2);
	/* 1/7 and 2/7 of 2.8 s: the third datagram goes out ~1.2 s after the first */
	run(&r, msg, len, false, 2800, &o);
	assert_int_equal(o.res.error, 0);
	assert_int_equal(o.res.tries, 3);
	assert_int_equal(r.udp_seen, 3);
	assert_true(o.res.elapsed_ms >= 1150);
	responder_stop(&r);
	ev_loop_destroy(loop);
}

static void test_timeout(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct responder r;
	struct outcome o;
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 78);

	(void)state;
	responder_start(&r, loop, AF_INET6, SILENT);
	run(&r, msg, len, false, 2100, &o);
	assert_int_equal(o.res.error, -ETIMEDOUT);
	assert_int_equal(o.res.tries, 3);
	assert_int_equal(r.udp_seen, 3);
	assert_true(o.res.elapsed_ms >= 2090);
	assert_non_null(strstr(o.res.message, "no reply from [::1]:"));
	assert_null(o.res.reply);
	responder_stop(&r);
	ev_loop_destroy(loop);
}

static void test_junk_dropped(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct responder r;
	struct outcome o;
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 79);

	(void)state;
	responder_start(&r, loop, AF_INET, JUNK_FIRST);
	run(&r, msg, len, false, 6000, &o);
	assert_int_equal(o.res.error, 0);
	assert_int_equal(o.res.tries, 1);
	/* the right one, not the one from another port (66) */
	assert_int_equal(o.res.reply[o.res.len - 1], 7);
	responder_stop(&r);
	ev_loop_destroy(loop);
}

static void test_truncated_goes_tcp(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct responder r;
	struct outcome o;
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 80);

	(void)state;
	responder_start(&r, loop, AF_INET, TRUNCATE);
	run(&r, msg, len, false, 3000, &o);
	assert_int_equal(o.res.error, 0);
	assert_true(o.res.tcp);
	assert_int_equal(r.udp_seen, 1);
	assert_int_equal(r.tcp_seen, 1);
	assert_int_equal(o.res.reply[o.res.len - 1], 99);
	assert_int_equal(o.res.reply[2] & 0x02, 0);
	responder_stop(&r);
	ev_loop_destroy(loop);
}

static void test_tcp_asked_and_large(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct dns_name zone, host;
	uint8_t msg[1200], rdata[700];
	struct dnsmsg_update u = {.zone = &zone, .name = &host, .type = 99, .ttl = 60};
	struct responder r;
	struct outcome o;
	size_t len;

	(void)state;
	len = query(msg, sizeof(msg), 81);
	responder_start(&r, loop, AF_INET6, TCP_ONLY);
	run(&r, msg, len, true, 3000, &o);
	assert_int_equal(o.res.error, 0);
	assert_true(o.res.tcp);
	assert_int_equal(r.udp_seen, 0);
	assert_int_equal(r.tcp_seen, 1);
	responder_stop(&r);

	/* a message over 512 bytes never goes over UDP */
	memset(rdata, 'x', sizeof(rdata));
	u.rdata = rdata;
	u.rdlen = sizeof(rdata);
	assert_true(dns_name_from_text("example.test", &zone));
	assert_true(dns_name_from_text("host.example.test", &host));
	assert_int_equal(dnsmsg_build_update(msg, sizeof(msg), 82, &u, &len), 0);
	assert_true(len > DNS_UDP_MAX);
	responder_start(&r, loop, AF_INET, TCP_ONLY);
	run(&r, msg, len, false, 3000, &o);
	assert_int_equal(o.res.error, 0);
	assert_true(o.res.tcp);
	assert_int_equal(r.udp_seen, 0);
	assert_int_equal(r.tcp_seen, 1);
	responder_stop(&r);
	ev_loop_destroy(loop);
}

static void test_tcp_closed_early(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct responder r;
	struct outcome o;
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 83);

	(void)state;
	responder_start(&r, loop, AF_INET, TCP_CLOSE);
	run(&r, msg, len, true, 3000, &o);
	assert_int_equal(o.res.error, -ECONNRESET);
	assert_non_null(strstr(o.res.message, "closed early"));
	responder_stop(&r);
	ev_loop_destroy(loop);
}

static void test_refused(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct responder r;
	struct outcome o;
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 84);

	(void)state;
	/* a port with nothing behind it: close the responder's sockets first */
	responder_start(&r, loop, AF_INET, ANSWER);
	responder_stop(&r);
	run(&r, msg, len, false, 7000, &o);
	/* the ICMP error ends it, long before the 7 s of the three tries */
	assert_int_equal(o.res.error, -ECONNREFUSED);
	assert_true(o.res.elapsed_ms < 3500);
	assert_non_null(strstr(o.res.message, "127.0.0.1:"));
	run(&r, msg, len, true, 7000, &o);
	assert_int_equal(o.res.error, -ECONNREFUSED);
	assert_true(o.res.tcp);
	ev_loop_destroy(loop);
}

static void test_cancel(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct dns_transport *t = dns_transport_new(loop);
	struct responder r;
	struct outcome o = {.loop = loop};
	uint8_t msg[64];
	size_t len = query(msg, sizeof(msg), 85);
	struct dns_query *q[3];
	struct dns_query_req req;

	(void)state;
	responder_start(&r, loop, AF_INET, SILENT);
	req = (struct dns_query_req){.server = (struct sockaddr *)&r.addr,
				     .server_len = r.addr_len,
				     .msg = msg,
				     .len = len,
				     .timeout_ms = 300};
	for (int i = 0; i < 3; i++)
		assert_non_null(q[i] = dns_transport_submit(t, &req, done_cb, &o));
	assert_int_equal(dns_transport_in_flight(t), 3);
	dns_transport_cancel(t, q[1]);
	assert_int_equal(dns_transport_in_flight(t), 2);
	/* nobody's local address vanished */
	assert_int_equal(dns_transport_forget_addresses(t), 0);
	dns_transport_cancel_all(t);
	assert_int_equal(dns_transport_in_flight(t), 0);
	/* the loop has nothing of ours left: it returns at once, no callback */
	responder_stop(&r);
	ev_run(loop, 0);
	assert_int_equal(o.calls, 0);
	/* free with queries in flight: cancelled, no callback */
	responder_start(&r, loop, AF_INET, SILENT);
	assert_non_null(dns_transport_submit(t, &req, done_cb, &o));
	dns_transport_free(t);
	responder_stop(&r);
	ev_run(loop, 0);
	assert_int_equal(o.calls, 0);
	ev_loop_destroy(loop);
}

static void test_bad_requests(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct dns_transport *t = dns_transport_new(loop);
	struct sockaddr_un_like {
		sa_family_t f;
		char p[30];
	} un = {.f = AF_UNIX};
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(53)};
	uint8_t msg[64];
	struct dns_query_req req = {
	    .server = (struct sockaddr *)&sin, .server_len = sizeof(sin), .msg = msg, .len = 5};
	char text[DNS_SERVER_TEXT];

	(void)state;
	assert_null(dns_transport_submit(t, &req, done_cb, NULL));
	assert_int_equal(errno, EINVAL);
	req.len = query(msg, sizeof(msg), 1);
	req.server = (struct sockaddr *)&un;
	req.server_len = sizeof(un);
	assert_null(dns_transport_submit(t, &req, done_cb, NULL));
	assert_int_equal(errno, EAFNOSUPPORT);
	inet_pton(AF_INET, "192.0.2.53", &sin.sin_addr);
	assert_string_equal(dns_server_text((struct sockaddr *)&sin, text), "192.0.2.53:53");
	dns_transport_free(t);
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answer_udp),
	    cmocka_unit_test(test_retries),
	    cmocka_unit_test(test_timeout),
	    cmocka_unit_test(test_junk_dropped),
	    cmocka_unit_test(test_truncated_goes_tcp),
	    cmocka_unit_test(test_tcp_asked_and_large),
	    cmocka_unit_test(test_tcp_closed_early),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_cancel),
	    cmocka_unit_test(test_bad_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
