// SPDX-License-Identifier: MIT
/* STATE_DIR/state.json: parse and format (pure), load and atomic save (the I/O edge). */
#include "agent/state.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fileio.h"

void state_init(struct state *st)
{
	memset(st, 0, sizeof(*st));
}

void state_free(struct state *st)
{
	free(st->entries);
	state_init(st);
}

/* Non-empty, fits with its NUL, no control bytes (they would end up in the status table). */
static bool text_ok(const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	if (n == 0 || n == size)
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	}
	return true;
}

/* 0 .. year 9999; NaN and infinities fail the comparisons. */
static bool time_ok(double t)
{
	return t >= 0 && t <= STATE_MAX_TIME;
}

static bool id_ok(const char *s)
{
	return s[0] == '\0' || text_ok(s, STATE_ID_LEN);
}

static bool entry_ok(const struct state_entry *e)
{
	return text_ok(e->record, sizeof(e->record)) && text_ok(e->name, sizeof(e->name)) &&
	       text_ok(e->provider, sizeof(e->provider)) &&
	       (e->fam == FAM_V4 || e->fam == FAM_V6) && e->address.family == fam_to_af(e->fam) &&
	       id_ok(e->record_id) && id_ok(e->zone_id) && id_ok(e->provider_fp) &&
	       time_ok(e->updated_at);
}

static struct state_entry *find(const struct state *st, const char *record, enum fam fam)
{
	for (size_t i = 0; i < st->n; i++) {
		if (st->entries[i].fam == fam && strcmp(st->entries[i].record, record) == 0)
			return &st->entries[i];
	}
	return NULL;
}

int state_put(struct state *st, const struct state_entry *e)
{
	struct state_entry *slot;

	if (!entry_ok(e))
		return -EINVAL;
	slot = find(st, e->record, e->fam);
	if (!slot) {
		if (st->n == st->cap) {
			size_t cap = st->cap ? st->cap * 2 : 8;
			struct state_entry *n = reallocarray(st->entries, cap, sizeof(*n));

			if (!n)
				return -ENOMEM;
			st->entries = n;
			st->cap = cap;
		}
		slot = &st->entries[st->n++];
	}
	*slot = *e;
	return 0;
}

const struct state_entry *state_lookup(const struct state *st, const char *record, enum fam fam,
				       const char *name, const char *provider)
{
	const struct state_entry *e = find(st, record, fam);

	if (!e || strcmp(e->name, name) != 0 || strcmp(e->provider, provider) != 0)
		return NULL;
	return e;
}

const struct state_entry *state_lookup_fp(const struct state *st, const char *record, enum fam fam,
					  const char *name, const char *provider, const char *fp)
{
	const struct state_entry *e = state_lookup(st, record, fam, name, provider);

	if (e && fp && fp[0] && e->provider_fp[0] && strcmp(e->provider_fp, fp) != 0)
		return NULL;
	return e;
}

/* Copy a string member into dst; absent or null is allowed only when optional. */
static bool get_str(const cJSON *obj, const char *key, char *dst, size_t size, bool optional,
		    size_t idx, struct errbuf *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	dst[0] = '\0';
	if (optional && (!v || cJSON_IsNull(v)))
		return true;
	if (!cJSON_IsString(v)) {
		errbuf_set(err, "records[%zu].%s: %s", idx, key, v ? "not a string" : "missing");
		return false;
	}
	if (!text_ok(v->valuestring, size)) {
		errbuf_set(err, "records[%zu].%s: empty, too long or with control characters", idx,
			   key);
		return false;
	}
	memcpy(dst, v->valuestring, strlen(v->valuestring) + 1);
	return true;
}

static bool parse_entry(const cJSON *obj, size_t idx, struct state_entry *e, struct errbuf *err)
{
	const cJSON *v;
	char buf[IPADDR_STRLEN + 1];

	memset(e, 0, sizeof(*e));
	if (!cJSON_IsObject(obj)) {
		errbuf_set(err, "records[%zu]: not an object", idx);
		return false;
	}
	if (!get_str(obj, "record", e->record, sizeof(e->record), false, idx, err) ||
	    !get_str(obj, "name", e->name, sizeof(e->name), false, idx, err) ||
	    !get_str(obj, "provider", e->provider, sizeof(e->provider), false, idx, err) ||
	    !get_str(obj, "family", buf, sizeof(buf), false, idx, err))
		return false;
	if (strcmp(buf, "ipv4") == 0) {
		e->fam = FAM_V4;
	} else if (strcmp(buf, "ipv6") == 0) {
		e->fam = FAM_V6;
	} else {
		errbuf_set(err, "records[%zu].family: not \"ipv4\" or \"ipv6\"", idx);
		return false;
	}
	if (!get_str(obj, "address", buf, sizeof(buf), false, idx, err))
		return false;
	if (!ipaddr_parse(buf, fam_to_af(e->fam), &e->address)) {
		errbuf_set(err, "records[%zu].address: not an %s address", idx, fam_name(e->fam));
		return false;
	}
	v = cJSON_GetObjectItemCaseSensitive(obj, "updated_at");
	if (!cJSON_IsNumber(v) || !time_ok(v->valuedouble)) {
		errbuf_set(err, "records[%zu].updated_at: not a time in Unix seconds", idx);
		return false;
	}
	e->updated_at = v->valuedouble;
	return get_str(obj, "record_id", e->record_id, sizeof(e->record_id), true, idx, err) &&
	       get_str(obj, "zone_id", e->zone_id, sizeof(e->zone_id), true, idx, err) &&
	       get_str(obj, "provider_fp", e->provider_fp, sizeof(e->provider_fp), true, idx, err);
}

/* The index of (record, fam) entries while a file is parsed: open addressing over
 * entry numbers, so that a file of n entries loads in O(n) (state_put's scan is O(n) per
 * entry). A later duplicate replaces the earlier one, as state_put() does. */
struct parse_index {
	size_t *slot; /* entry index + 1; 0: empty */
	size_t mask;
};

static size_t key_hash(const char *record, enum fam fam)
{
	size_t h = 1469598103934665603ull ^ (size_t)fam;

	for (; *record; record++)
		h = (h ^ (unsigned char)*record) * 1099511628211ull;
	return h;
}

static int index_grow(struct parse_index *ix, const struct state *st)
{
	size_t size = 16;

	while (size < 2 * (st->n + 1))
		size *= 2;
	if (ix->slot && ix->mask + 1 >= size)
		return 0;
	free(ix->slot);
	ix->slot = calloc(size, sizeof(*ix->slot));
	if (!ix->slot)
		return -ENOMEM;
	ix->mask = size - 1;
	for (size_t i = 0; i < st->n; i++) {
		size_t h = key_hash(st->entries[i].record, st->entries[i].fam) & ix->mask;

		while (ix->slot[h])
			h = (h + 1) & ix->mask;
		ix->slot[h] = i + 1;
	}
	return 0;
}

static int parse_put(struct state *st, struct parse_index *ix, const struct state_entry *e)
{
	size_t h;

	if (!entry_ok(e))
		return -EINVAL;
	if (index_grow(ix, st) < 0)
		return -ENOMEM;
	for (h = key_hash(e->record, e->fam) & ix->mask; ix->slot[h]; h = (h + 1) & ix->mask) {
		struct state_entry *o = &st->entries[ix->slot[h] - 1];

		if (o->fam == e->fam && strcmp(o->record, e->record) == 0) {
			*o = *e;
			return 0;
		}
	}
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 8;
		struct state_entry *n = reallocarray(st->entries, cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		st->entries = n;
		st->cap = cap;
	}
	st->entries[st->n] = *e;
	ix->slot[h] = ++st->n;
	return 0;
}

bool state_parse(const char *json, size_t len, struct state *out, struct errbuf *err)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *v, *item;
	struct parse_index ix = {0};
	struct state_entry e;
	size_t idx = 0;
	bool ok = false;

	state_free(out);
	if (!root) {
		errbuf_set(err, "not valid JSON");
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		errbuf_set(err, "not a JSON object");
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(v) || v->valuedouble != STATE_VERSION) {
		errbuf_set(err, "version: not %d (written by another ddnsd version?)",
			   STATE_VERSION);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "records");
	if (!cJSON_IsArray(v)) {
		errbuf_set(err, "records: missing or not an array");
		goto out;
	}
	cJSON_ArrayForEach (item, v) {
		if (!parse_entry(item, idx, &e, err))
			goto out;
		if (parse_put(out, &ix, &e) < 0) {
			errbuf_set(err, "out of memory");
			goto out;
		}
		idx++;
	}
	ok = true;
out:
	if (!ok)
		state_free(out);
	free(ix.slot);
	cJSON_Delete(root);
	return ok;
}

bool state_same(const struct state *st, const struct state_entry *e)
{
	const struct state_entry *o = find(st, e->record, e->fam);

	return o && strcmp(o->name, e->name) == 0 && strcmp(o->provider, e->provider) == 0 &&
	       ipaddr_equal(&o->address, &e->address) && o->updated_at == e->updated_at &&
	       strcmp(o->record_id, e->record_id) == 0 && strcmp(o->zone_id, e->zone_id) == 0 &&
	       strcmp(o->provider_fp, e->provider_fp) == 0;
}

size_t state_retain(struct state *st, bool (*keep)(const struct state_entry *, void *), void *arg)
{
	size_t n = 0, dropped;

	for (size_t i = 0; i < st->n; i++)
		if (keep(&st->entries[i], arg))
			st->entries[n++] = st->entries[i];
	dropped = st->n - n;
	st->n = n;
	return dropped;
}

/* An id, or null when unknown. */
static bool add_id(cJSON *o, const char *key, const char *id)
{
	cJSON *v = id[0] ? cJSON_CreateString(id) : cJSON_CreateNull();

	if (v && cJSON_AddItemToObject(o, key, v))
		return true;
	cJSON_Delete(v);
	return false;
}

char *state_format(const struct state *st)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr;
	char *text = NULL, *res = NULL;
	char buf[IPADDR_STRLEN];

	if (!root || !cJSON_AddNumberToObject(root, "version", STATE_VERSION))
		goto out;
	arr = cJSON_AddArrayToObject(root, "records");
	if (!arr)
		goto out;
	for (size_t i = 0; i < st->n; i++) {
		const struct state_entry *e = &st->entries[i];
		cJSON *o = cJSON_CreateObject();

		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto out;
		}
		/* Whole seconds: enough for a record written at most every min-interval. */
		if (!cJSON_AddStringToObject(o, "record", e->record) ||
		    !cJSON_AddStringToObject(o, "name", e->name) ||
		    !cJSON_AddStringToObject(o, "provider", e->provider) ||
		    !cJSON_AddStringToObject(o, "family", fam_name(e->fam)) ||
		    !cJSON_AddStringToObject(o, "address", ipaddr_ntop(&e->address, buf)) ||
		    !cJSON_AddNumberToObject(o, "updated_at", (double)(long long)e->updated_at) ||
		    !add_id(o, "record_id", e->record_id) || !add_id(o, "zone_id", e->zone_id) ||
		    (e->provider_fp[0] &&
		     !cJSON_AddStringToObject(o, "provider_fp", e->provider_fp)))
			goto out;
	}
	text = cJSON_Print(root);
	if (!text)
		goto out;
	if (asprintf(&res, "%s\n", text) < 0)
		res = NULL;
out:
	cJSON_free(text);
	cJSON_Delete(root);
	return res;
}

static int join(char *dst, size_t size, const char *dir, const char *name, const char *suffix)
{
	int n = snprintf(dst, size, "%s/%s%s", dir, name, suffix);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int state_load(const char *dir, struct state *out, struct errbuf *err)
{
	char path[PATH_MAX];
	char *data = NULL;
	size_t len;
	int ret;

	state_free(out);
	ret = join(path, sizeof(path), dir, STATE_FILE, "");
	if (ret < 0) {
		errbuf_set(err, "%s/%s: path too long", dir, STATE_FILE);
		return ret;
	}
	ret = file_read_bounded(path, STATE_MAX_BYTES, &data, &len);
	if (ret == -ENOENT)
		return 0;
	if (ret == -EFBIG || ret == -EINVAL) {
		errbuf_set(err, "%s: %s; ignoring it", path,
			   ret == -EFBIG ? "larger than 4 MiB" : "not a regular file");
		return -EBADMSG;
	}
	if (ret < 0) {
		errbuf_set(err, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (!state_parse(data, len, out, err)) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		errbuf_set(err, "%s: corrupt (%s); ignoring it", path, why);
		ret = -EBADMSG;
	}
	free(data);
	return ret;
}

int state_save(const char *dir, const struct state *st)
{
	char *text = state_format(st);
	int ret;

	if (!text)
		return -ENOMEM;
	ret = file_write_atomic(dir, STATE_FILE, text, strlen(text), 0600, 0700);
	free(text);
	return ret;
}
