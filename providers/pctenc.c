// SPDX-License-Identifier: MIT
/* RFC 3986 §2.3 percent-encoding: only unreserved bytes pass through, hex is uppercase. */
#include "providers/pctenc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool pctenc_is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~';
}

size_t pctenc_encode(char *dst, size_t size, const char *src, size_t len)
{
	static const char digits[] = "0123456789ABCDEF";
	bool full = size == 0;
	size_t i, n = 0, w = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		char t[3];
		size_t k = 1;

		t[0] = (char)c;
		if (!pctenc_is_unreserved(c)) {
			t[0] = '%';
			t[1] = digits[c >> 4];
			t[2] = digits[c & 0x0f];
			k = 3;
		}
		/* A piece is written whole or not at all, so a short buffer never ends in "%4". */
		if (!full && w + k < size) {
			memcpy(dst + w, t, k);
			w += k;
		} else {
			full = true;
		}
		n += k;
	}
	if (size)
		dst[w] = '\0';
	return n;
}

char *pctenc_strdup(const char *src)
{
	size_t len = strlen(src);
	size_t need = pctenc_encode(NULL, 0, src, len) + 1;
	char *out = malloc(need);

	if (!out)
		return NULL;
	pctenc_encode(out, need, src, len);
	return out;
}
