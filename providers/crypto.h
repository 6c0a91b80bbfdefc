/* SPDX-License-Identifier: MIT */
/* SHA-256, HMAC-SHA256, hex encoding and constant-time compare over OpenSSL 3. */
#ifndef DDNSD_CRYPTO_H
#define DDNSD_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SHA256_LEN     32
#define CRYPTO_SHA256_HEX_LEN 64 /* without the NUL */

/* Raw SHA-256 of len bytes; false only if OpenSSL fails. */
bool crypto_sha256(const void *data, size_t len, uint8_t out[static CRYPTO_SHA256_LEN]);
/* Lowercase hex SHA-256 of len bytes, NUL-terminated. */
bool crypto_sha256_hex(const void *data, size_t len, char out[static CRYPTO_SHA256_HEX_LEN + 1]);
/* Raw HMAC-SHA256(key, msg); a zero-length key is allowed. False only if OpenSSL fails. */
bool crypto_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len,
			uint8_t out[static CRYPTO_SHA256_LEN]);
/* Lowercase hex of len bytes into out (2 * len + 1 bytes, NUL-terminated). */
void crypto_hex(const uint8_t *in, size_t len, char *out);
/* True when the len bytes at a and b are equal; time does not depend on where they differ. */
bool crypto_equal(const void *a, const void *b, size_t len);

#endif
