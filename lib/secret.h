/* SPDX-License-Identifier: MIT */
/* A secret value (token, key, password) in a type that printf-style logging cannot print. */
#ifndef DDNSD_SECRET_H
#define DDNSD_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Passed by value or pointer to a log_* function it fails -Wformat: that is the point.
 * The bytes are reached only through secret_reveal(), by code that signs or builds a
 * request. The buffer is NUL-terminated for the libraries that want a C string. */
struct secret {
	char *buf;
	size_t len;
};

/* Copy len bytes into s (frees what s held). 0 or -ENOMEM. */
int secret_set(struct secret *s, const char *bytes, size_t len);
/* Wipe (OPENSSL_cleanse) and free; a zeroed secret is a no-op. */
void secret_free(struct secret *s);
bool secret_is_set(const struct secret *s);
/* The raw bytes, for signing and request building only; never log the result. */
const char *secret_reveal(const struct secret *s);
/* What a log line shows in place of a secret. */
#define SECRET_REDACTED "<redacted>"

#endif
