// SPDX-License-Identifier: MIT
/* Thin wrappers over OpenSSL 3 one-shot SHA-256 and HMAC-SHA256, plus hex and compare. */
#include "providers/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

bool crypto_sha256(const void *data, size_t len, uint8_t out[static CRYPTO_SHA256_LEN])
{
	unsigned int n = 0;

	/* EVP_Digest tolerates data == NULL only when len == 0; keep a valid pointer anyway. */
	if (!EVP_Digest(data ? data : "", len, out, &n, EVP_sha256(), NULL))
		return false;
	return n == CRYPTO_SHA256_LEN;
}

bool crypto_sha256_hex(const void *data, size_t len, char out[static CRYPTO_SHA256_HEX_LEN + 1])
{
	uint8_t md[CRYPTO_SHA256_LEN];

	if (!crypto_sha256(data, len, md)) {
		out[0] = '\0';
		return false;
	}
	crypto_hex(md, sizeof(md), out);
	return true;
}

bool crypto_hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len,
			uint8_t out[static CRYPTO_SHA256_LEN])
{
	unsigned int n = 0;

	/* HMAC() (one-shot) is not deprecated in OpenSSL 3, unlike HMAC_CTX; it uses the
	 * EVP_MAC machinery underneath. A NULL key would make it pick a default key, so a
	 * zero-length key is passed as a valid empty buffer. */
	if (key_len > (size_t)INT32_MAX)
		return false;
	if (!HMAC(EVP_sha256(), key ? key : "", (int)key_len, msg ? msg : (const void *)"", msg_len,
		  out, &n))
		return false;
	return n == CRYPTO_SHA256_LEN;
}

void crypto_hex(const uint8_t *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

bool crypto_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}
