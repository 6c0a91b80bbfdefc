// SPDX-License-Identifier: MIT
/* Wipe-on-free allocation for libcurl; malloc_usable_size() gives the size to wipe. */
#include "providers/wipemem.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

void *wipemem_malloc(size_t size)
{
	return malloc(size);
}

void wipemem_free(void *p)
{
	if (!p)
		return;
	explicit_bzero(p, malloc_usable_size(p));
	free(p);
}

void *wipemem_realloc(void *p, size_t size)
{
	size_t old;
	void *n;

	if (!p)
		return malloc(size);
	if (size == 0) {
		wipemem_free(p);
		return NULL;
	}
	old = malloc_usable_size(p);
	if (size <= old)
		return p; /* fits: the same block, nothing left behind */
	n = malloc(size);
	if (!n)
		return NULL;
	memcpy(n, p, old);
	wipemem_free(p);
	return n;
}

char *wipemem_strdup(const char *s)
{
	return strdup(s);
}

void *wipemem_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}
