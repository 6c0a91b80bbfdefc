/* SPDX-License-Identifier: MIT */
/* "name\0value\0" pairs in one buffer that never leaves a copy behind when it grows (the
 * signers' header blocks hold tokens and signatures). */
#ifndef DDNSD_HDRBLOCK_H
#define DDNSD_HDRBLOCK_H

#include <stdbool.h>
#include <stddef.h>

struct hdrblock {
	char *buf;
	size_t len, cap;
	bool oom;
};

/* Append name\0value\0 (vlen bytes of value). On ENOMEM the block is wiped and oom set. */
void hdrblock_add(struct hdrblock *b, const char *name, const char *value, size_t vlen);
/* Wipe and free. */
void hdrblock_free(char *buf, size_t len);

#endif
