// SPDX-License-Identifier: MIT
/* RUNTIME_DIR/status.json: rows from the scheduler, JSON (pure), atomic write, table output. */
#include "agent/status.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "agent/state.h"
#include "lib/fileio.h"

#define MAX_TIME 253402300799.0 /* 9999-12-31T23:59:59Z */

static const char *const results[] = {"ok",	"unchanged", "pending", "retrying",
				      "failed", "auth",	     "dry-run", "-"};

void status_init(struct status *st)
{
	memset(st, 0, sizeof(*st));
}

void status_free(struct status *st)
{
	free(st->rows);
	status_init(st);
}

/* Printable ASCII only, bounded; anything else becomes '?'. */
static void copy_text(char *dst, size_t size, const char *src)
{
	size_t i = 0;

	for (; src && src[i] && i + 1 < size; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[i] = '\0';
}

/* Fits with its NUL and holds no control byte (it is printed in a terminal table). */
static bool text_ok(const char *s, size_t size, bool may_be_empty)
{
	size_t n = strnlen(s, size);

	if ((n == 0 && !may_be_empty) || n == size)
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	}
	return true;
}

static bool result_ok(const char *s)
{
	for (size_t i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		if (strcmp(s, results[i]) == 0)
			return true;
	}
	return false;
}

static bool addr_ok(const struct ipaddr *a, enum fam fam)
{
	return !ipaddr_is_set(a) ? a->family == AF_UNSPEC : a->family == fam_to_af(fam);
}

static bool time_ok(double t)
{
	return t >= 0 && t <= MAX_TIME;
}

int status_add(struct status *st, const struct status_row *row)
{
	if (!text_ok(row->record, sizeof(row->record), false) ||
	    (row->fam != FAM_V4 && row->fam != FAM_V6) ||
	    !text_ok(row->result, sizeof(row->result), false) || !result_ok(row->result) ||
	    !text_ok(row->error, sizeof(row->error), true) || !addr_ok(&row->desired, row->fam) ||
	    !addr_ok(&row->published, row->fam) || !time_ok(row->updated_at) ||
	    !time_ok(row->next_retry_at))
		return -EINVAL;
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 8;
		struct status_row *n = reallocarray(st->rows, cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		st->rows = n;
		st->cap = cap;
	}
	st->rows[st->n++] = *row;
	return 0;
}

void status_row_fill(struct status_row *row, const char *record, enum fam fam,
		     const struct sched_entry *e)
{
	memset(row, 0, sizeof(*row));
	copy_text(row->record, sizeof(row->record), record);
	row->fam = fam;
	row->desired = e->desired;
	row->published = e->published;
	snprintf(row->result, sizeof(row->result), "%s", sched_result_name(sched_result(e)));
	copy_text(row->error, sizeof(row->error), e->error);
	row->updated_at = time_ok(e->published_at) ? e->published_at : 0;
	row->next_retry_at =
	    e->failures && !e->in_flight && time_ok(e->next_retry) ? e->next_retry : 0;
}

bool status_time_format(double t, char buf[static STATUS_TIME_LEN])
{
	time_t tt;
	struct tm tm;

	strcpy(buf, "-");
	if (!time_ok(t))
		return false;
	tt = (time_t)t;
	if (!gmtime_r(&tt, &tm) || strftime(buf, STATUS_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		strcpy(buf, "-");
		return false;
	}
	return true;
}

static bool digits(const char *s, size_t n, int *out)
{
	*out = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*out = *out * 10 + (s[i] - '0');
	}
	return true;
}

bool status_time_parse(const char *s, double *out)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	char back[STATUS_TIME_LEN];
	struct tm tm;
	time_t t;

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	}
	memset(&tm, 0, sizeof(tm));
	digits(s, 4, &tm.tm_year);
	digits(s + 5, 2, &tm.tm_mon);
	digits(s + 8, 2, &tm.tm_mday);
	digits(s + 11, 2, &tm.tm_hour);
	digits(s + 14, 2, &tm.tm_min);
	digits(s + 17, 2, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	/* timegm normalises 02-31 into March: printing it back catches every impossible date. */
	if (t < 0 || !status_time_format((double)t, back) || strcmp(back, s) != 0)
		return false;
	*out = (double)t;
	return true;
}

/* A string or null member (absent = null). */
static bool add_opt(cJSON *o, const char *key, const char *s)
{
	cJSON *v = s ? cJSON_CreateString(s) : cJSON_CreateNull();

	if (v && cJSON_AddItemToObject(o, key, v))
		return true;
	cJSON_Delete(v);
	return false;
}

static bool add_row(cJSON *arr, const struct status_row *r)
{
	char des[IPADDR_STRLEN], pub[IPADDR_STRLEN], upd[STATUS_TIME_LEN], nxt[STATUS_TIME_LEN];
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddItemToArray(arr, o)) {
		cJSON_Delete(o);
		return false;
	}
	ipaddr_ntop(&r->desired, des);
	ipaddr_ntop(&r->published, pub);
	return add_opt(o, "record", r->record) && add_opt(o, "family", fam_name(r->fam)) &&
	       add_opt(o, "desired", ipaddr_is_set(&r->desired) ? des : NULL) &&
	       add_opt(o, "published", ipaddr_is_set(&r->published) ? pub : NULL) &&
	       add_opt(o, "result", r->result) &&
	       add_opt(o, "error", r->error[0] ? r->error : NULL) &&
	       add_opt(o, "updated_at",
		       r->updated_at > 0 && status_time_format(r->updated_at, upd) ? upd : NULL) &&
	       add_opt(o, "next_retry_at",
		       r->next_retry_at > 0 && status_time_format(r->next_retry_at, nxt) ? nxt
											 : NULL);
}

static cJSON *rows_json(const struct status *st)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < st->n; i++) {
		if (!add_row(arr, &st->rows[i])) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

/* Its text, NUL-terminated with a newline; root is freed. */
static char *print_json(cJSON *root)
{
	char *text = root ? cJSON_Print(root) : NULL, *res = NULL;

	if (text && asprintf(&res, "%s\n", text) < 0)
		res = NULL;
	cJSON_free(text);
	cJSON_Delete(root);
	return res;
}

char *status_format(const struct status *st)
{
	return print_json(rows_json(st));
}

char *status_format_file(const struct status *st)
{
	cJSON *root = cJSON_CreateObject(), *arr = rows_json(st);
	char t[STATUS_TIME_LEN];

	if (!root || !arr || !cJSON_AddNumberToObject(root, "pid", (double)st->pid) ||
	    !add_opt(root, "started_at",
		     st->started_at > 0 && status_time_format(st->started_at, t) ? t : NULL) ||
	    !cJSON_AddItemToObject(root, "rows", arr)) {
		cJSON_Delete(root);
		cJSON_Delete(arr);
		return NULL;
	}
	return print_json(root);
}

/* A member that must be a string (or, when nullable, null or absent): its text or NULL. */
static bool get_str(const cJSON *o, const char *key, bool nullable, const char **s, size_t idx,
		    struct errbuf *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*s = NULL;
	if (nullable && (!v || cJSON_IsNull(v)))
		return true;
	if (!cJSON_IsString(v)) {
		errbuf_set(err, "[%zu].%s: %s", idx, key, v ? "not a string" : "missing");
		return false;
	}
	*s = v->valuestring;
	return true;
}

static bool parse_row(const cJSON *o, size_t idx, struct status_row *r, struct errbuf *err)
{
	const char *rec, *fam, *des, *pub, *res, *error, *upd, *nxt;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsObject(o)) {
		errbuf_set(err, "[%zu]: not an object", idx);
		return false;
	}
	if (!get_str(o, "record", false, &rec, idx, err) ||
	    !get_str(o, "family", false, &fam, idx, err) ||
	    !get_str(o, "desired", true, &des, idx, err) ||
	    !get_str(o, "published", true, &pub, idx, err) ||
	    !get_str(o, "result", false, &res, idx, err) ||
	    !get_str(o, "error", true, &error, idx, err) ||
	    !get_str(o, "updated_at", true, &upd, idx, err) ||
	    !get_str(o, "next_retry_at", true, &nxt, idx, err))
		return false;
	if (!text_ok(rec, sizeof(r->record), false) || !result_ok(res) ||
	    (error && !text_ok(error, sizeof(r->error), true))) {
		errbuf_set(err, "[%zu]: record, result or error is not a valid value", idx);
		return false;
	}
	strcpy(r->record, rec);
	strcpy(r->result, res);
	if (error)
		strcpy(r->error, error);
	if (strcmp(fam, "ipv4") == 0) {
		r->fam = FAM_V4;
	} else if (strcmp(fam, "ipv6") == 0) {
		r->fam = FAM_V6;
	} else {
		errbuf_set(err, "[%zu].family: not \"ipv4\" or \"ipv6\"", idx);
		return false;
	}
	if ((des && !ipaddr_parse(des, fam_to_af(r->fam), &r->desired)) ||
	    (pub && !ipaddr_parse(pub, fam_to_af(r->fam), &r->published))) {
		errbuf_set(err, "[%zu]: desired or published is not an %s address", idx, fam);
		return false;
	}
	if ((upd && !status_time_parse(upd, &r->updated_at)) ||
	    (nxt && !status_time_parse(nxt, &r->next_retry_at))) {
		errbuf_set(err, "[%zu]: updated_at or next_retry_at is not YYYY-MM-DDTHH:MM:SSZ",
			   idx);
		return false;
	}
	return true;
}

/* status.json's object: the agent's PID and start time, and the rows. */
static const cJSON *parse_meta(const cJSON *root, struct status *out, struct errbuf *err)
{
	const cJSON *pid = cJSON_GetObjectItemCaseSensitive(root, "pid");
	const cJSON *started = cJSON_GetObjectItemCaseSensitive(root, "started_at");
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(root, "rows");

	if (!cJSON_IsNumber(pid) || pid->valuedouble < 0 || pid->valuedouble > INT_MAX ||
	    pid->valuedouble != (long)pid->valuedouble) {
		errbuf_set(err, "pid: not a process id");
		return NULL;
	}
	out->pid = (long)pid->valuedouble;
	if (started && !cJSON_IsNull(started) &&
	    (!cJSON_IsString(started) ||
	     !status_time_parse(started->valuestring, &out->started_at))) {
		errbuf_set(err, "started_at: not YYYY-MM-DDTHH:MM:SSZ");
		return NULL;
	}
	if (!cJSON_IsArray(rows)) {
		errbuf_set(err, "rows: missing or not an array");
		return NULL;
	}
	return rows;
}

bool status_parse(const char *json, size_t len, struct status *out, struct errbuf *err)
{
	cJSON *root = cJSON_ParseWithLength(json, len);
	const cJSON *item, *rows = root;
	struct status_row r;
	size_t idx = 0;
	bool ok = false;

	status_free(out);
	if (cJSON_IsObject(root)) {
		rows = parse_meta(root, out, err);
		if (!rows)
			goto out;
	} else if (!root || !cJSON_IsArray(root)) {
		errbuf_set(err, "%s", root ? "not a JSON array or object" : "not valid JSON");
		goto out;
	}
	cJSON_ArrayForEach (item, rows) {
		if (!parse_row(item, idx, &r, err))
			goto out;
		if (status_add(out, &r) < 0) {
			errbuf_set(err, "[%zu]: not a valid row (or out of memory)", idx);
			goto out;
		}
		idx++;
	}
	ok = true;
out:
	if (!ok)
		status_free(out);
	cJSON_Delete(root);
	return ok;
}

int status_write(const char *runtime_dir, const struct status *st)
{
	char *text = status_format_file(st);
	int ret;

	if (!text)
		return -ENOMEM;
	ret = file_write_atomic(runtime_dir, STATUS_FILE, text, strlen(text), 0644, 0755);
	free(text);
	return ret;
}

void status_touch(const char *runtime_dir)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", runtime_dir, STATUS_FILE) < (int)sizeof(path))
		utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
}

int status_read(const char *path, struct status *out, struct errbuf *err)
{
	char *data = NULL;
	size_t len;
	int ret;

	status_free(out);
	ret = file_read_bounded(path, STATUS_MAX_BYTES, &data, &len);
	if (ret == -EFBIG || ret == -EINVAL) {
		errbuf_set(err, "%s: %s", path,
			   ret == -EFBIG ? "larger than 4 MiB" : "not a regular file");
		return -EBADMSG;
	}
	if (ret < 0) {
		errbuf_set(err, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (!status_parse(data, len, out, err)) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		errbuf_set(err, "%s: not a status file (%s)", path, why);
		ret = -EBADMSG;
	}
	free(data);
	return ret;
}

enum {
	COL_RECORD,
	COL_FAMILY,
	COL_DESIRED,
	COL_PUBLISHED,
	COL_RESULT,
	COL_UPDATED,
	COL_NEXT,
	COL_ERROR,
	COL_N
};

static const char *const headers[COL_N] = {"RECORD", "FAMILY",	"DESIRED",    "PUBLISHED",
					   "RESULT", "UPDATED", "NEXT RETRY", "ERROR"};

/* The cells of one row, "-" for null. Pointers into row or into cells. */
struct cells {
	char des[IPADDR_STRLEN], pub[IPADDR_STRLEN], upd[STATUS_TIME_LEN], nxt[STATUS_TIME_LEN];
	const char *col[COL_N];
};

static void row_cells(const struct status_row *r, struct cells *c)
{
	c->col[COL_RECORD] = r->record;
	c->col[COL_FAMILY] = fam_name(r->fam);
	c->col[COL_DESIRED] = ipaddr_ntop(&r->desired, c->des);
	c->col[COL_PUBLISHED] = ipaddr_ntop(&r->published, c->pub);
	c->col[COL_RESULT] = r->result;
	if (r->updated_at <= 0 || !status_time_format(r->updated_at, c->upd))
		strcpy(c->upd, "-");
	if (r->next_retry_at <= 0 || !status_time_format(r->next_retry_at, c->nxt))
		strcpy(c->nxt, "-");
	c->col[COL_UPDATED] = c->upd;
	c->col[COL_NEXT] = c->nxt;
	c->col[COL_ERROR] = r->error[0] ? r->error : "-";
}

static void print_line(FILE *f, const char *const col[COL_N], const int width[COL_N])
{
	for (int i = 0; i < COL_N - 1; i++)
		fprintf(f, "%-*s  ", width[i], col[i]);
	/* The last column unpadded: no trailing blanks. */
	fprintf(f, "%s\n", col[COL_N - 1]);
}

void status_print_table(FILE *f, const struct status *st)
{
	int width[COL_N];
	struct cells c;

	for (int i = 0; i < COL_N; i++)
		width[i] = (int)strlen(headers[i]);
	for (size_t r = 0; r < st->n; r++) {
		row_cells(&st->rows[r], &c);
		for (int i = 0; i < COL_N; i++) {
			int w = (int)strlen(c.col[i]);

			if (w > width[i])
				width[i] = w;
		}
	}
	print_line(f, headers, width);
	for (size_t r = 0; r < st->n; r++) {
		row_cells(&st->rows[r], &c);
		print_line(f, c.col, width);
	}
}

int status_print_json(FILE *f, const struct status *st)
{
	char *text = status_format(st);
	int ret = 0;

	if (!text)
		return -ENOMEM;
	if (fputs(text, f) == EOF || fflush(f) == EOF)
		ret = -EIO;
	free(text);
	return ret;
}
