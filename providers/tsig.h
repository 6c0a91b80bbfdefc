/* SPDX-License-Identifier: MIT */
/* TSIG (RFC 8945): sign a DNS request, verify the signed reply to it. Pure (clock injected). */
#ifndef DDNSD_TSIG_H
#define DDNSD_TSIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "providers/dnsmsg.h"

#define TSIG_MAC_MAX	64  /* hmac-sha512 */
#define TSIG_FUDGE	300 /* seconds of clock difference allowed (RFC 8945 §10) */
#define TSIG_SECRET_MAX 256 /* longest decoded secret we take (BIND makes 32..64 bytes) */
#define TSIG_RR_MAX	(DNS_NAME_WIRE * 2 + 10 + 16 + TSIG_MAC_MAX) /* room to leave for it */

enum tsig_alg { TSIG_HMAC_MD5, TSIG_HMAC_SHA1, TSIG_HMAC_SHA256, TSIG_HMAC_SHA512 };

/* "hmac-sha256", "hmac-sha512", "hmac-sha1", "hmac-md5" (also "hmac-md5.sig-alg.reg.int"),
 * ASCII case ignored, one trailing dot allowed. */
bool tsig_alg_from_name(const char *name, enum tsig_alg *alg);
/* The config spelling of alg ("hmac-sha256"). */
const char *tsig_alg_name(enum tsig_alg alg);
/* Bytes of alg's MAC. */
size_t tsig_mac_len(enum tsig_alg alg);

/* Base64 (RFC 4648, padding optional, no blanks) to bytes: the secret = of a BIND key clause
 * or a Knot keymgr line. False when the text is not base64, decodes to nothing or to more than
 * TSIG_SECRET_MAX bytes. */
bool tsig_secret_decode(const char *b64, uint8_t out[static TSIG_SECRET_MAX], size_t *len);

struct tsig_key {
	struct dns_name name; /* lower-cased by tsig_key_init */
	enum tsig_alg alg;
	const uint8_t *secret; /* not owned: the caller keeps it alive and wipes it */
	size_t secret_len;
};

/* A key named name (text) with alg and secret; false when name is no DNS name. */
bool tsig_key_init(struct tsig_key *key, const char *name, enum tsig_alg alg, const uint8_t *secret,
		   size_t secret_len);

/* Sign the request of *len bytes in msg (room for cap): append the TSIG RR, time signed now,
 * fudge TSIG_FUDGE, original ID = the message's ID, and count it in ARCOUNT. mac receives the
 * request MAC, which verifying the reply needs. 0, -EINVAL (no message, or already signed),
 * -EMSGSIZE, -EIO (OpenSSL failed). */
int tsig_sign(const struct tsig_key *key, uint8_t *msg, size_t *len, size_t cap, uint64_t now,
	      uint8_t mac[static TSIG_MAC_MAX], size_t *mac_len);

/* Sign a reply the same way (RFC 8945 §5.3): its MAC covers req_mac (the request's MAC,
 * length first) unless req_mac is NULL; error is the TSIG error field (0, or BADTIME 18 and
 * the like). For servers and test responders; tsig_sign is this without a request MAC. */
int tsig_sign_reply(const struct tsig_key *key, uint8_t *msg, size_t *len, size_t cap, uint64_t now,
		    const uint8_t *req_mac, size_t req_mac_len, uint16_t error,
		    uint8_t mac[static TSIG_MAC_MAX], size_t *mac_len);

enum tsig_status {
	TSIG_OK,	/* signed by the key, MAC right, time within the fudge */
	TSIG_UNSIGNED,	/* no TSIG RR: a forged or stripped reply */
	TSIG_MALFORMED, /* TSIG not last, of the wrong class, or with bad RDATA */
	TSIG_OTHER_KEY, /* signed with another key name or algorithm */
	TSIG_BAD_MAC,	/* our check of its MAC failed: forged or damaged */
	TSIG_CLOCK,	/* MAC right, but signed further than the fudge from our clock */
	TSIG_BADSIG,	/* the server says our MAC is wrong: another secret (error 16) */
	TSIG_BADKEY,	/* the server knows no such key name + algorithm (error 17) */
	TSIG_BADTIME,	/* the server's clock and ours differ beyond the fudge (error 18) */
	TSIG_ERROR,	/* another TSIG error (BADTRUNC 22, ...) */
};

struct tsig_verdict {
	enum tsig_status status;
	uint16_t error;	     /* the TSIG RR's error field */
	int64_t server_time; /* BADTIME's other data, else time signed; -1 when unknown */
	int64_t skew;	     /* server_time - now, when server_time is known */
};

/* Check the reply m to a request signed with key whose MAC was req_mac (RFC 8945 §5.3). A
 * BADSIG or BADKEY reply carries no MAC (the server could not make one) and is reported as
 * such; every other reply must be signed right to be TSIG_OK or TSIG_BADTIME. */
enum tsig_status tsig_verify(const struct tsig_key *key, const struct dns_msg *m,
			     const uint8_t *req_mac, size_t req_mac_len, uint64_t now,
			     struct tsig_verdict *v);

/* One line for the user on a verdict other than TSIG_OK, naming the key and what to check;
 * never the secret. Returns buf. */
const char *tsig_explain(const struct tsig_verdict *v, const struct tsig_key *key, char *buf,
			 size_t size);
/* Only the permanent ones (a wrong key, key name or clock) need a person. */
bool tsig_status_permanent(enum tsig_status s);

#endif
