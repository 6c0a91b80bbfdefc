/* SPDX-License-Identifier: MIT */
/* Lines and words of the plain-text replies of the write-only providers (dyndns2, DuckDNS,
 * FreeDNS, custom), read in place from a body that need not be NUL-terminated. */
#ifndef DDNSD_TEXTREPLY_H
#define DDNSD_TEXTREPLY_H

#include <stdbool.h>
#include <stddef.h>

/* A piece of the body: p[0..len) (not NUL-terminated). */
struct textreply_span {
	const char *p;
	size_t len;
};

/* The next line of body[0..len) from *pos (advanced past it), without its CR/LF and with
 * blanks (space, tab) trimmed at both ends. False when the body is exhausted. */
bool textreply_line(const char *body, size_t len, size_t *pos, struct textreply_span *line);
/* Split s at its first blank: the first word and the rest (leading blanks dropped). */
void textreply_word(struct textreply_span s, struct textreply_span *word,
		    struct textreply_span *rest);
/* s equals text exactly. */
bool textreply_is(struct textreply_span s, const char *text);
/* s starts with prefix, ignoring ASCII case. */
bool textreply_starts_nocase(struct textreply_span s, const char *prefix);
/* body[0..len) contains needle (a non-empty NUL-terminated string), bytes compared exactly. */
bool textreply_contains(const char *body, size_t len, const char *needle);
/* Copy s for a log line: at most size - 1 bytes, every byte outside printable ASCII becomes
 * '?', always NUL-terminated (size > 0). */
void textreply_show(char *dst, size_t size, struct textreply_span s);

#endif
