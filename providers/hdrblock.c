// SPDX-License-Identifier: MIT
/* Header blocks that are wiped, not just freed, whenever a copy is dropped. */
#include "providers/hdrblock.h"

#include <stdlib.h>
#include <string.h>

void hdrblock_free(char *buf, size_t len)
{
	if (buf)
		explicit_bzero(buf, len);
	free(buf);
}

static bool grow(struct hdrblock *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 256;
	char *n;

	while (cap < need)
		cap *= 2;
	if (cap == b->cap)
		return true;
	/* Not realloc: it would free the old copy unwiped. */
	n = malloc(cap);
	if (!n)
		return false;
	if (b->len)
		memcpy(n, b->buf, b->len);
	hdrblock_free(b->buf, b->len);
	b->buf = n;
	b->cap = cap;
	return true;
}

void hdrblock_add(struct hdrblock *b, const char *name, const char *value, size_t vlen)
{
	size_t nl = strlen(name);

	if (b->oom)
		return;
	if (!grow(b, b->len + nl + vlen + 2)) {
		hdrblock_free(b->buf, b->len);
		memset(b, 0, sizeof(*b));
		b->oom = true;
		return;
	}
	memcpy(b->buf + b->len, name, nl + 1);
	b->len += nl + 1;
	memcpy(b->buf + b->len, value, vlen);
	b->len += vlen;
	b->buf[b->len++] = '\0';
}
