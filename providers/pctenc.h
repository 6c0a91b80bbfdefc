/* SPDX-License-Identifier: MIT */
/* RFC 3986 percent-encoding of UTF-8 strings, as the ACS3 and TC3 signatures require. */
#ifndef DDNSD_PCTENC_H
#define DDNSD_PCTENC_H

#include <stdbool.h>
#include <stddef.h>

/* Encode len bytes of src: A-Z a-z 0-9 - _ . ~ stay, every other byte becomes %XY with
 * uppercase hex (space is %20, never +). Writes at most size bytes including the NUL, like
 * snprintf, and returns the full encoded length (without the NUL). */
size_t pctenc_encode(char *dst, size_t size, const char *src, size_t len);
/* The same into a new malloc'd string; NULL with errno set on failure. */
char *pctenc_strdup(const char *src);
/* True for the bytes RFC 3986 calls unreserved (left as they are). */
bool pctenc_is_unreserved(unsigned char c);

#endif
