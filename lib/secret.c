// SPDX-License-Identifier: MIT
/* Secret storage: owned copies, wiped with OPENSSL_cleanse before free. */
#include "lib/secret.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

int secret_set(struct secret *s, const char *bytes, size_t len)
{
	char *buf = malloc(len + 1);

	if (!buf)
		return -ENOMEM;
	memcpy(buf, bytes, len);
	buf[len] = '\0';
	secret_free(s);
	s->buf = buf;
	s->len = len;
	return 0;
}

void secret_free(struct secret *s)
{
	if (!s->buf)
		return;
	OPENSSL_cleanse(s->buf, s->len);
	free(s->buf);
	s->buf = NULL;
	s->len = 0;
}

bool secret_is_set(const struct secret *s)
{
	return s->buf != NULL;
}

const char *secret_reveal(const struct secret *s)
{
	return s->buf ? s->buf : "";
}
