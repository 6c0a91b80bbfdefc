// SPDX-License-Identifier: MIT
/* Typed cJSON member look-ups that never trust the shape of a reply. */
#include "providers/jsonutil.h"

#include <limits.h>
#include <stdint.h>

cJSON *jsonutil_parse(const char *body, size_t len)
{
	if (!body || len == 0)
		return NULL;
	return cJSON_ParseWithLength(body, len);
}

static const cJSON *member(const cJSON *obj, const char *key)
{
	if (!obj || !cJSON_IsObject(obj))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

const cJSON *jsonutil_item(const cJSON *obj, const char *key)
{
	return member(obj, key);
}

const char *jsonutil_str(const cJSON *obj, const char *key)
{
	const cJSON *m = member(obj, key);

	return cJSON_IsString(m) ? m->valuestring : NULL;
}

bool jsonutil_long(const cJSON *obj, const char *key, long *out)
{
	const cJSON *m = member(obj, key);
	double d;
	long v;

	if (!cJSON_IsNumber(m))
		return false;
	d = m->valuedouble;
	/* Converting an out-of-range double to long is undefined: check first (NaN fails
	 * both comparisons). No floor(): the library does not link libm. */
	if (!(d >= (double)LONG_MIN && d < (double)LONG_MAX))
		return false;
	v = (long)d;
	if ((double)v != d)
		return false;
	*out = v;
	return true;
}

bool jsonutil_whole(const cJSON *it, double max)
{
	return cJSON_IsNumber(it) && it->valuedouble >= 0 && it->valuedouble <= max &&
	       it->valuedouble == (double)(uint64_t)it->valuedouble;
}

int jsonutil_bool(const cJSON *obj, const char *key)
{
	const cJSON *m = member(obj, key);

	if (cJSON_IsTrue(m))
		return 1;
	if (cJSON_IsFalse(m))
		return 0;
	return -1;
}

const cJSON *jsonutil_array(const cJSON *obj, const char *key)
{
	const cJSON *m = member(obj, key);

	return cJSON_IsArray(m) ? m : NULL;
}

const cJSON *jsonutil_object(const cJSON *obj, const char *key)
{
	const cJSON *m = member(obj, key);

	return cJSON_IsObject(m) ? m : NULL;
}
