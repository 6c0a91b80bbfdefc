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
	free(st->ix);
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

static size_t key_hash(const char *record, enum fam fam)
{
	size_t h = 1469598103934665603ull ^ (size_t)fam;

	for (; *record; record++)
		h = (h ^ (unsigned char)*record) * 1099511628211ull;
	return h;
}

/* The slot of (record, fam): its entry's, or the empty one where it would go. */
static size_t *ix_slot(const struct state *st, const char *record, enum fam fam)
{
	size_t h = key_hash(record, fam) & st->ix_mask;

	for (; st->ix[h]; h = (h + 1) & st->ix_mask) {
		const struct state_entry *o = &st->entries[st->ix[h] - 1];

		if (o->fam == fam && strcmp(o->record, record) == 0)
			break;
	}
	return &st->ix[h];
}

/* Room in the index for one more entry (at most half full). */
static int ix_grow(struct state *st)
{
	size_t size = 16;
	size_t *ix;

	while (size < 2 * (st->n + 1))
		size *= 2;
	if (st->ix && st->ix_mask + 1 >= size)
		return 0;
	ix = calloc(size, sizeof(*ix));
	if (!ix)
		return -ENOMEM;
	free(st->ix);
	st->ix = ix;
	st->ix_mask = size - 1;
	for (size_t i = 0; i < st->n; i++)
		*ix_slot(st, st->entries[i].record, st->entries[i].fam) = i + 1;
	return 0;
}

static struct state_entry *find(const struct state *st, const char *record, enum fam fam)
{
	size_t *slot;

	if (!st->ix)
		return NULL;
	slot = ix_slot(st, record, fam);
	return *slot ? &st->entries[*slot - 1] : NULL;
}

int state_put(struct state *st, const struct state_entry *e)
{
	size_t *slot;

	if (!entry_ok(e))
		return -EINVAL;
	if (ix_grow(st) < 0)
		return -ENOMEM;
	slot = ix_slot(st, e->record, e->fam);
	if (*slot) {
		st->entries[*slot - 1] = *e;
		return 0;
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
	*slot = ++st->n;
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

bool state_parse(const char *json, size_t len, struct state *out, struct errbuf *err)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *v, *item;
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
		if (state_put(out, &e) < 0) {
			errbuf_set(err, "out of memory");
			goto out;
		}
		idx++;
	}
	ok = true;
out:
	if (!ok)
		state_free(out);
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
	if (dropped && st->ix) {
		memset(st->ix, 0, (st->ix_mask + 1) * sizeof(*st->ix));
		for (size_t i = 0; i < st->n; i++)
			*ix_slot(st, st->entries[i].record, st->entries[i].fam) = i + 1;
	}
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

static bool from_state(size_t i, struct state_entry *e, void *arg)
{
	*e = ((const struct state *)arg)->entries[i];
	return true;
}

char *state_format(const struct state *st)
{
	return state_format_each(st->n, from_state, (void *)st);
}

/* The JSON object of one entry, compact; NULL on ENOMEM. */
static char *entry_json(const struct state_entry *e)
{
	cJSON *o = cJSON_CreateObject();
	char buf[IPADDR_STRLEN], *text = NULL;

	/* Whole seconds: enough for a record written at most every min-interval. */
	if (o && cJSON_AddStringToObject(o, "record", e->record) &&
	    cJSON_AddStringToObject(o, "name", e->name) &&
	    cJSON_AddStringToObject(o, "provider", e->provider) &&
	    cJSON_AddStringToObject(o, "family", fam_name(e->fam)) &&
	    cJSON_AddStringToObject(o, "address", ipaddr_ntop(&e->address, buf)) &&
	    cJSON_AddNumberToObject(o, "updated_at", (double)(long long)e->updated_at) &&
	    add_id(o, "record_id", e->record_id) && add_id(o, "zone_id", e->zone_id) &&
	    (!e->provider_fp[0] || cJSON_AddStringToObject(o, "provider_fp", e->provider_fp)))
		text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

/* One entry per line, each built and printed on its own: a thousand records never make a
 * tree of a thousand objects. */
char *state_format_each(size_t n, state_get_fn get, void *arg)
{
	struct state_entry *e = malloc(sizeof(*e));
	char *buf = NULL, *line;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	bool first = true, ok = e && f;

	if (ok)
		ok = fprintf(f, "{\"version\": %d, \"records\": [", STATE_VERSION) > 0;
	for (size_t i = 0; ok && i < n; i++) {
		memset(e, 0, sizeof(*e));
		/* What state_put() would refuse is not written either. */
		if (!get(i, e, arg) || !entry_ok(e))
			continue;
		line = entry_json(e);
		ok = line && fprintf(f, "%s\n  %s", first ? "" : ",", line) > 0;
		cJSON_free(line);
		first = false;
	}
	if (ok)
		ok = fputs(first ? "]}\n" : "\n]}\n", f) >= 0;
	if (f && fclose(f) != 0)
		ok = false;
	free(e);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
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

int state_write_text(const char *dir, const char *text)
{
	return file_write_atomic(dir, STATE_FILE, text, strlen(text), 0600, 0700);
}

int state_save(const char *dir, const struct state *st)
{
	char *text = state_format(st);
	int ret;

	if (!text)
		return -ENOMEM;
	ret = state_write_text(dir, text);
	free(text);
	return ret;
}
