/* SPDX-License-Identifier: MIT */
/* DNS over UDP and TCP on the libev loop: one request, one checked reply, retries, cancel. */
#ifndef DDNSD_DNS_TRANSPORT_H
#define DDNSD_DNS_TRANSPORT_H

#include <ev.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define DNS_TIMEOUT_MS	5000 /* total, when the request says 0 */
#define DNS_TRIES	3    /* UDP datagrams sent at most */
#define DNS_SERVER_TEXT 64   /* "[ffff:...:ffff]:65535" */

/* Everything is copied by dns_transport_submit(). */
struct dns_query_req {
	const struct sockaddr *server; /* AF_INET or AF_INET6, with the port */
	socklen_t server_len;
	const uint8_t *msg; /* a whole DNS message; its ID and question are what a reply must
			     * repeat */
	size_t len;
	bool tcp;	 /* start over TCP (also chosen when len > 512, RFC 1035 §4.2.1) */
	long timeout_ms; /* for all tries together; 0: DNS_TIMEOUT_MS */
};

struct dns_query_result {
	/* 0: a reply arrived (any RCODE); else -ETIMEDOUT, -ECONNREFUSED (nothing listens),
	 * -ENETUNREACH and other connect/send errors, -ECONNRESET (TCP closed early),
	 * -ENETRESET (ended by dns_transport_forget_addresses: our local address vanished;
	 * the runner's convention for "ended by the agent"), -ENOMEM */
	int error;
	char message[256];    /* why, when error != 0: names the server, never the payload */
	const uint8_t *reply; /* the reply (parsed and matched), valid during the callback */
	size_t len;
	bool tcp;	/* it came over TCP */
	unsigned tries; /* UDP datagrams sent */
	double elapsed_ms;
};

struct dns_transport;
struct dns_query;

/* Called exactly once per submitted query (not after cancel). It may submit and cancel other
 * queries, not free the transport. The query is freed when it returns. */
typedef void (*dns_done_fn)(void *arg, const struct dns_query_result *res);

/* NULL with errno on failure. */
struct dns_transport *dns_transport_new(struct ev_loop *loop);
/* Cancel every query (no callbacks) and free; NULL is a no-op. */
void dns_transport_free(struct dns_transport *t);

/* Send req: UDP from a fresh socket on a kernel-chosen random port, up to DNS_TRIES datagrams
 * with timeouts of 1/7, 2/7 and 4/7 of the total; TCP (two-byte length framing) when asked,
 * when the message is too large for UDP, or when the UDP reply is truncated (TC), within what
 * is left of the total. A reply counts only from the server's address and port, with the
 * request's ID, opcode and question (dnsmsg_is_reply_to); anything else is dropped and the
 * wait goes on. NULL with errno (EINVAL, EAFNOSUPPORT, ENOMEM) on a request that cannot be
 * started; network errors arrive through done. */
struct dns_query *dns_transport_submit(struct dns_transport *t, const struct dns_query_req *req,
				       dns_done_fn done, void *arg);
/* Abandon a query; done is not called. */
void dns_transport_cancel(struct dns_transport *t, struct dns_query *q);
/* Abandon every query (shutdown, reload); no callbacks. */
void dns_transport_cancel_all(struct dns_transport *t);
size_t dns_transport_in_flight(const struct dns_transport *t);
/* The machine's addresses changed: each query whose socket's local address is gone ends at
 * once with -ENETRESET (through done, later on the loop), rather than waiting for its
 * time-out. Returns how many will. */
unsigned dns_transport_forget_addresses(struct dns_transport *t);

/* "192.0.2.53:53", "[2001:db8::53]:53" into buf; returns buf. */
const char *dns_server_text(const struct sockaddr *sa, char buf[static DNS_SERVER_TEXT]);

#endif
