/* SPDX-License-Identifier: MIT */
/* An allocator that wipes every block it frees, for libcurl (curl_global_init_mem): its
 * request buffers hold the Authorization lines of every request sent. */
#ifndef DDNSD_WIPEMEM_H
#define DDNSD_WIPEMEM_H

#include <stddef.h>

void *wipemem_malloc(size_t size);
void wipemem_free(void *p);
/* Never realloc in place or not: the old block is wiped when it moves. */
void *wipemem_realloc(void *p, size_t size);
char *wipemem_strdup(const char *s);
void *wipemem_calloc(size_t n, size_t size);

#endif
