/* SPDX-License-Identifier: MIT */
/* Alibaba Cloud ACS3-HMAC-SHA256 request signing (V3), a pure function of its inputs. */
#ifndef DDNSD_SIGN_ACS3_H
#define DDNSD_SIGN_ACS3_H

#include <stddef.h>
#include <time.h>

#include "lib/secret.h"
#include "providers/crypto.h"

#define SIGN_ACS3_DATE_LEN    20 /* "2023-10-26T10:22:32Z" without the NUL */
#define SIGN_ACS3_MAX_HEADERS 8

/* A header to send, "name: value"; both point into the output's storage. */
struct sign_acs3_header {
	const char *name;
	const char *value;
};

/* One query parameter, raw (not encoded). value NULL is sent as "name=". */
struct sign_acs3_param {
	const char *name;
	const char *value;
};

struct sign_acs3_in {
	const char *method;		      /* "POST" */
	const char *uri;		      /* canonical URI; NULL means "/" (RPC APIs) */
	const struct sign_acs3_param *params; /* any order; sorted here by name, byte order */
	size_t n_params;
	/* Exactly the Host curl will send: "alidns.aliyuncs.com", or "host:port" when the URL
	 * carries a non-default port. */
	const char *host;
	const char *action;  /* x-acs-action */
	const char *version; /* x-acs-version, "2015-01-09" */
	const char *date;    /* x-acs-date, see sign_acs3_format_date() */
	const char *nonce;   /* x-acs-signature-nonce, fresh per request */
	const void *body;    /* may be NULL when body_len is 0 */
	size_t body_len;
	const char *content_type; /* NULL when there is no body */
	const char *access_key_id;
	const struct secret *access_key_secret;
	const struct secret *security_token; /* STS only; NULL otherwise */
};

struct sign_acs3_out {
	/* Canonical query string (percent-encoded, sorted). The URL sent must carry exactly
	 * this query: set it with curl_url_set(CURLUPART_QUERY) without CURLU_URLENCODE. */
	char *query;
	char content_sha256[CRYPTO_SHA256_HEX_LEN + 1];
	char *authorization; /* the Authorization value; never log it */
	/* Headers to send (x-acs-*, Content-Type, Authorization). Host is not in the list:
	 * curl derives it from the URL. With no content_type the list holds Content-Type with
	 * an empty value: sent as "Content-Type:" it makes curl drop the form type it adds to
	 * every POST, which would otherwise go out unsigned. */
	struct sign_acs3_header headers[SIGN_ACS3_MAX_HEADERS];
	size_t n_headers;
	char *block; /* private: storage behind headers[] (wiped when freed) */
	size_t block_len;
};

/* Intermediate results, for unit tests and for debugging a SignatureDoesNotMatch. */
struct sign_acs3_debug {
	char *canonical_request;
	char hashed_canonical_request[CRYPTO_SHA256_HEX_LEN + 1];
	char *string_to_sign;
	char signature[CRYPTO_SHA256_HEX_LEN + 1];
};

/* Sign one request: 0, -EINVAL (missing input, CR/LF or another control byte in a header
 * value), -ENOMEM or -EIO (OpenSSL failed). On failure out and dbg hold nothing to free.
 * dbg may be NULL. */
int sign_acs3(const struct sign_acs3_in *in, struct sign_acs3_out *out,
	      struct sign_acs3_debug *dbg);
void sign_acs3_out_free(struct sign_acs3_out *out);
void sign_acs3_debug_free(struct sign_acs3_debug *dbg);
/* t as UTC "yyyy-MM-ddTHH:mm:ssZ" (gmtime_r, never local time); false if t is out of range. */
bool sign_acs3_format_date(time_t t, char out[static SIGN_ACS3_DATE_LEN + 1]);

#endif
