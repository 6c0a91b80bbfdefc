/* SPDX-License-Identifier: MIT */
/* Tencent Cloud TC3-HMAC-SHA256 request signing (API 3.0), a pure function of its inputs. */
#ifndef DDNSD_SIGN_TC3_H
#define DDNSD_SIGN_TC3_H

#include <stddef.h>
#include <time.h>

#include "lib/secret.h"
#include "providers/crypto.h"

#define SIGN_TC3_MAX_HEADERS 7

/* A header to send, "name: value"; both point into the output's storage. */
struct sign_tc3_header {
	const char *name;
	const char *value;
};

/* Only requests without a query string are signed (API 3.0 POST with a JSON body). */
struct sign_tc3_in {
	const char *method;  /* "POST" */
	const char *host;    /* exactly the Host curl sends ("host:port" for a non-default port) */
	const char *service; /* credential scope service, "dnspod" */
	const char *action;  /* X-TC-Action */
	const char *version; /* X-TC-Version, "2021-03-23" */
	time_t timestamp;    /* X-TC-Timestamp; the scope date is its UTC date */
	const char *content_type; /* sent and signed byte for byte, "application/json" */
	const void *body;	  /* may be NULL when body_len is 0 */
	size_t body_len;
	const char *secret_id;
	const struct secret *secret_key;
	const char *region;	    /* X-TC-Region, or NULL to leave it out (DNSPod) */
	const struct secret *token; /* X-TC-Token for temporary credentials, or NULL */
};

struct sign_tc3_out {
	char *authorization; /* the Authorization value; never log it */
	/* Headers to send: Content-Type, X-TC-Action, X-TC-Version, X-TC-Timestamp,
	 * [X-TC-Region], [X-TC-Token], Authorization. Host comes from the URL. */
	struct sign_tc3_header headers[SIGN_TC3_MAX_HEADERS];
	size_t n_headers;
	char *block; /* private: storage behind headers[] (wiped when freed) */
	size_t block_len;
};

/* Intermediate results, for unit tests and for debugging AuthFailure.SignatureFailure. */
struct sign_tc3_debug {
	char *canonical_request;
	char hashed_canonical_request[CRYPTO_SHA256_HEX_LEN + 1];
	char *string_to_sign;
	char credential_scope[64];
	char secret_date[CRYPTO_SHA256_HEX_LEN + 1]; /* hex of the derived keys */
	char secret_service[CRYPTO_SHA256_HEX_LEN + 1];
	char secret_signing[CRYPTO_SHA256_HEX_LEN + 1];
	char signature[CRYPTO_SHA256_HEX_LEN + 1];
};

/* Sign one request: 0, -EINVAL (missing input, control byte in a header value, timestamp
 * out of range), -ENOMEM or -EIO (OpenSSL failed). On failure out and dbg hold nothing to
 * free. dbg may be NULL. */
int sign_tc3(const struct sign_tc3_in *in, struct sign_tc3_out *out, struct sign_tc3_debug *dbg);
void sign_tc3_out_free(struct sign_tc3_out *out);
void sign_tc3_debug_free(struct sign_tc3_debug *dbg);

#endif
