/* SPDX-License-Identifier: MIT */
/* The list of configuration errors: every problem of one run, "FILE:LINE: key: what; expected". */
#ifndef DDNSD_CONFIG_ERRORS_H
#define DDNSD_CONFIG_ERRORS_H

#include <stdbool.h>
#include <stddef.h>

/* All problems found in one run, each "FILE:LINE: key: what is wrong; what is expected". */
struct cfg_errors {
	char **msgs;
	size_t n;
};
void cfg_errors_add(struct cfg_errors *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cfg_errors_free(struct cfg_errors *e);
/* Append "FILE:LINE: KEY: message" ("FILE:LINE: message" when key is NULL; control bytes of
 * key shown as '?'). false when memory ran out. */
bool cfg_errors_at(struct cfg_errors *e, const char *file, int line, const char *key,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Order the messages from index from on by their line in file (stable). */
void cfg_errors_sort(struct cfg_errors *e, size_t from, const char *file);

#endif
