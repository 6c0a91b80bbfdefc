/* SPDX-License-Identifier: MIT */
/* Small typed look-ups over cJSON trees for provider reply parsers (no I/O). */
#ifndef DDNSD_JSONUTIL_H
#define DDNSD_JSONUTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* The largest integer a double holds exactly (2^53 - 1): a JSON number above it may already
 * have been rounded by the parser, so an id that large could not be written back as sent. */
#define JSONUTIL_MAX_EXACT 9007199254740991.0

/* Parse len bytes (need not be NUL-terminated); NULL when empty or not JSON. The caller
 * frees the tree with cJSON_Delete. */
cJSON *jsonutil_parse(const char *body, size_t len);
/* obj[key] when obj is an object and the member is a string, else NULL. */
const char *jsonutil_str(const cJSON *obj, const char *key);
/* obj[key] when it is a number holding an integer that fits a long. */
bool jsonutil_long(const cJSON *obj, const char *key, long *out);
/* obj[key]: 1 true, 0 false, -1 absent or not a boolean. */
int jsonutil_bool(const cJSON *obj, const char *key);
/* it is a number holding a whole value from 0 to max (it may be NULL). */
bool jsonutil_whole(const cJSON *it, double max);
/* obj[key] of any type when obj is an object (NULL otherwise; obj may be NULL). */
const cJSON *jsonutil_item(const cJSON *obj, const char *key);
/* obj[key] when it is an array (NULL otherwise; obj may be NULL). */
const cJSON *jsonutil_array(const cJSON *obj, const char *key);
/* obj[key] when it is an object (NULL otherwise; obj may be NULL). */
const cJSON *jsonutil_object(const cJSON *obj, const char *key);

#endif
