// SPDX-License-Identifier: MIT
/* Unit tests for status.json and `ddnsd status`: keys, nulls, times, table, file round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/status.h"

static struct status_row row(const char *record, enum fam fam, const char *des, const char *pub,
			     const char *result, const char *error, double upd, double nxt)
{
	struct status_row r;

	memset(&r, 0, sizeof(r));
	strcpy(r.record, record);
	r.fam = fam;
	if (des)
		assert_true(ipaddr_parse(des, fam_to_af(fam), &r.desired));
	if (pub)
		assert_true(ipaddr_parse(pub, fam_to_af(fam), &r.published));
	strcpy(r.result, result);
	strcpy(r.error, error ? error : "");
	r.updated_at = upd;
	r.next_retry_at = nxt;
	return r;
}

static void sample(struct status *st)
{
	struct status_row a = row("home", FAM_V4, "203.0.113.9", "203.0.113.7", "retrying",
				  "cloudflare: HTTP 503", 1700000000, 1700000004);
	struct status_row b =
	    row("home", FAM_V6, "2001:db8::1234", "2001:db8::1234", "ok", NULL, 1700000000, 0);
	struct status_row c = row("nas-long-name", FAM_V4, NULL, NULL, "-", NULL, 0, 0);

	status_init(st);
	assert_int_equal(status_add(st, &a), 0);
	assert_int_equal(status_add(st, &b), 0);
	assert_int_equal(status_add(st, &c), 0);
}

static void test_times(void **state)
{
	static const struct {
		double t;
		const char *s;
	} good[] = {
	    {0, "1970-01-01T00:00:00Z"},
	    {1700000000, "2023-11-14T22:13:20Z"},
	    {1700000000.9, "2023-11-14T22:13:20Z"},
	    {951782400, "2000-02-29T00:00:00Z"},
	    {253402300799.0, "9999-12-31T23:59:59Z"},
	};
	static const char *const bad[] = {
	    "",
	    "2023-11-14T22:13:20",
	    "2023-11-14 22:13:20Z",
	    "2023-11-14T22:13:20z",
	    "2023-02-29T00:00:00Z",
	    "2023-11-31T00:00:00Z",
	    "2023-13-01T00:00:00Z",
	    "2023-11-14T24:00:00Z",
	    "2023-11-14T22:60:00Z",
	    "2023-11-14T22:13:60Z",
	    "1969-12-31T23:59:59Z",
	    "+023-11-14T22:13:20Z",
	    "2023-11-14T22:13:20+00:00",
	    "2023-11-14T22:13:20.5Z",
	    "2023-1-14T22:13:20Z ",
	};
	char buf[STATUS_TIME_LEN];
	double t;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_true(status_time_format(good[i].t, buf));
		assert_string_equal(buf, good[i].s);
		assert_true(status_time_parse(good[i].s, &t));
		assert_true(t == (double)(long long)good[i].t);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (status_time_parse(bad[i], &t))
			fail_msg("accepted \"%s\"", bad[i]);
	}
	assert_false(status_time_format(-1, buf));
	assert_string_equal(buf, "-");
	assert_false(status_time_format(1e13, buf));
	assert_false(status_time_format(__builtin_nan(""), buf));
	assert_false(status_time_format(__builtin_inf(), buf));
}

/* The keys of DESIGN.md, exactly and in order; nulls where nothing is known. */
static void test_json_keys(void **state)
{
	static const char *const keys[] = {"record", "family", "desired",    "published",
					   "result", "error",  "updated_at", "next_retry_at"};
	struct status st;
	char *text;
	cJSON *root, *o;
	size_t i, n = 0;

	(void)state;
	sample(&st);
	text = status_format(&st);
	assert_non_null(text);
	root = cJSON_Parse(text);
	assert_true(cJSON_IsArray(root));
	assert_int_equal(cJSON_GetArraySize(root), 3);
	cJSON_ArrayForEach (o, root) {
		const cJSON *k;

		i = 0;
		cJSON_ArrayForEach (k, o) {
			assert_true(i < 8);
			assert_string_equal(k->string, keys[i]);
			i++;
		}
		assert_int_equal(i, 8);
		n++;
	}
	assert_int_equal(n, 3);

	o = cJSON_GetArrayItem(root, 0);
	assert_string_equal(cJSON_GetObjectItem(o, "record")->valuestring, "home");
	assert_string_equal(cJSON_GetObjectItem(o, "family")->valuestring, "ipv4");
	assert_string_equal(cJSON_GetObjectItem(o, "desired")->valuestring, "203.0.113.9");
	assert_string_equal(cJSON_GetObjectItem(o, "published")->valuestring, "203.0.113.7");
	assert_string_equal(cJSON_GetObjectItem(o, "result")->valuestring, "retrying");
	assert_string_equal(cJSON_GetObjectItem(o, "error")->valuestring, "cloudflare: HTTP 503");
	assert_string_equal(cJSON_GetObjectItem(o, "updated_at")->valuestring,
			    "2023-11-14T22:13:20Z");
	assert_string_equal(cJSON_GetObjectItem(o, "next_retry_at")->valuestring,
			    "2023-11-14T22:13:24Z");
	o = cJSON_GetArrayItem(root, 1);
	assert_string_equal(cJSON_GetObjectItem(o, "family")->valuestring, "ipv6");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "error")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "next_retry_at")));
	o = cJSON_GetArrayItem(root, 2);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "desired")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "published")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "updated_at")));
	assert_string_equal(cJSON_GetObjectItem(o, "result")->valuestring, "-");
	cJSON_Delete(root);
	free(text);
	status_free(&st);

	/* No records: an empty array, still valid JSON. */
	text = status_format(&st);
	assert_string_equal(text, "[]\n");
	free(text);
}

static void test_round_trip(void **state)
{
	struct status st, back = {0};
	struct errbuf err = {{0}};
	char *text, *text2;

	(void)state;
	sample(&st);
	text = status_format(&st);
	assert_true(status_parse(text, strlen(text), &back, &err));
	assert_int_equal(back.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_memory_equal(&back.rows[i], &st.rows[i], sizeof(st.rows[i]));
	text2 = status_format(&back);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	status_free(&st);
	status_free(&back);
}

static void test_parse_reject(void **state)
{
#define ROW(f) "[{\"record\":\"home\",\"family\":\"ipv4\",\"result\":\"ok\"" f "}]"
	static const char *const bad[] = {
	    "",
	    "{}",
	    "[1]",
	    "[{\"family\":\"ipv4\",\"result\":\"ok\"}]",
	    "[{\"record\":\"home\",\"family\":\"ipv7\",\"result\":\"ok\"}]",
	    "[{\"record\":\"home\",\"family\":\"ipv4\",\"result\":\"great\"}]",
	    "[{\"record\":\"\",\"family\":\"ipv4\",\"result\":\"ok\"}]",
	    ROW(",\"desired\":\"2001:db8::1\""),
	    ROW(",\"published\":7"),
	    ROW(",\"error\":\"a\\nb\""),
	    ROW(",\"updated_at\":1700000000"),
	    ROW(",\"next_retry_at\":\"tomorrow\""),
	};
	static const char good[] = ROW(",\"desired\":null,\"extra\":[1,{}],\"error\":\"x\"");
	struct status st = {0};
	struct errbuf err;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (status_parse(bad[i], strlen(bad[i]), &st, &err))
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(st.n, 0);
		assert_true(err.msg[0] != '\0');
	}
	assert_true(status_parse(good, strlen(good), &st, &err));
	assert_int_equal(st.n, 1);
	assert_false(ipaddr_is_set(&st.rows[0].desired));
	assert_string_equal(st.rows[0].error, "x");
	assert_true(st.rows[0].updated_at == 0);
	status_free(&st);
}

static char *table(const struct status *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	status_print_table(f, st);
	fclose(f);
	return buf;
}

static void test_table(void **state)
{
	static const char want[] =
	    "RECORD         FAMILY  DESIRED         PUBLISHED       RESULT    "
	    "UPDATED               NEXT RETRY            ERROR\n"
	    "home           ipv4    203.0.113.9     203.0.113.7     retrying  "
	    "2023-11-14T22:13:20Z  2023-11-14T22:13:24Z  cloudflare: HTTP 503\n"
	    "home           ipv6    2001:db8::1234  2001:db8::1234  ok        "
	    "2023-11-14T22:13:20Z  -                     -\n"
	    "nas-long-name  ipv4    -               -               -         "
	    "-                     -                     -\n";
	struct status st;
	char *out;

	(void)state;
	sample(&st);
	out = table(&st);
	assert_string_equal(out, want);
	free(out);
	status_free(&st);
	/* Empty: the header alone, columns as wide as their titles. */
	out = table(&st);
	assert_string_equal(out, "RECORD  FAMILY  DESIRED  PUBLISHED  RESULT  UPDATED  NEXT RETRY  "
				 "ERROR\n");
	free(out);
}

static void test_print_json(void **state)
{
	struct status st;
	char *buf = NULL, *text;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	sample(&st);
	assert_int_equal(status_print_json(f, &st), 0);
	fclose(f);
	text = status_format(&st);
	assert_string_equal(buf, text);
	free(buf);
	free(text);
	status_free(&st);
}

static void test_add_invalid(void **state)
{
	struct status st = {0};
	struct status_row r = row("home", FAM_V4, "192.0.2.1", NULL, "ok", NULL, 0, 0);
	struct status_row bad;

	(void)state;
	bad = r;
	strcpy(bad.result, "fine");
	assert_int_equal(status_add(&st, &bad), -EINVAL);
	bad = r;
	bad.record[0] = '\0';
	assert_int_equal(status_add(&st, &bad), -EINVAL);
	bad = r;
	bad.fam = FAM_V6; /* IPv4 address in an ipv6 row */
	assert_int_equal(status_add(&st, &bad), -EINVAL);
	bad = r;
	strcpy(bad.error, "line\nbreak");
	assert_int_equal(status_add(&st, &bad), -EINVAL);
	bad = r;
	bad.next_retry_at = -4;
	assert_int_equal(status_add(&st, &bad), -EINVAL);
	assert_int_equal(st.n, 0);
	assert_int_equal(status_add(&st, &r), 0);
	status_free(&st);
}

/* Rows from scheduler entries: the derived result, next retry only while backing off. */
static void test_row_fill(void **state)
{
	static const struct sched_params p = {.min_interval = 10, .poll_interval = 300};
	struct sched_entry e = {0};
	struct sched_done d = {
	    .outcome = SCHED_RETRY, .retry_after = 30, .error = "cloudflare: HTTP 503\r\n"};
	struct status_row r;
	struct ipaddr a;
	char buf[IPADDR_STRLEN];
	double wake;

	(void)state;
	assert_true(ipaddr_parse("198.51.100.1", AF_INET, &a));
	status_row_fill(&r, "home", FAM_V4, &e);
	assert_string_equal(r.result, "-");
	assert_false(ipaddr_is_set(&r.desired));

	sched_set_desired(&e, &a);
	status_row_fill(&r, "home", FAM_V4, &e);
	assert_string_equal(r.result, "pending");
	assert_string_equal(ipaddr_ntop(&r.desired, buf), "198.51.100.1");

	assert_int_equal(sched_step(&e, &p, 1700000000, &wake), SCHED_WRITE);
	sched_job_done(&e, &p, &d, 1700000001, 0.5);
	status_row_fill(&r, "home", FAM_V4, &e);
	assert_string_equal(r.result, "retrying");
	assert_string_equal(r.error, "cloudflare: HTTP 503??");
	assert_true(r.next_retry_at == 1700000031);
	assert_true(r.updated_at == 0);
	assert_false(ipaddr_is_set(&r.published));

	assert_int_equal(sched_step(&e, &p, 1700000031, &wake), SCHED_WRITE);
	d = (struct sched_done){.outcome = SCHED_OK};
	sched_job_done(&e, &p, &d, 1700000032, 0.5);
	status_row_fill(&r, "home", FAM_V4, &e);
	assert_string_equal(r.result, "ok");
	assert_string_equal(r.error, "");
	assert_true(r.next_retry_at == 0);
	assert_true(r.updated_at == 1700000032);
	assert_string_equal(ipaddr_ntop(&r.published, buf), "198.51.100.1");

	/* Every filled row is accepted by status_add(). */
	{
		struct status st = {0};

		assert_int_equal(status_add(&st, &r), 0);
		status_free(&st);
	}
}

static void test_file(void **state)
{
	char dir[64], sub[96], path[128], cmd[160];
	struct status st, back = {0};
	struct errbuf err = {{0}};
	struct stat sb;
	mode_t old;

	(void)state;
	strcpy(dir, "/tmp/test_status.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/run", dir);
	snprintf(path, sizeof(path), "%s/status.json", sub);

	assert_int_equal(status_read(path, &back, &err), -ENOENT);
	sample(&st);
	old = umask(077);
	assert_int_equal(status_write(sub, &st), 0);
	umask(old);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0644);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0755);
	snprintf(cmd, sizeof(cmd), "%s/status.json.tmp", sub);
	assert_int_equal(access(cmd, F_OK), -1);
	assert_int_equal(status_read(path, &back, &err), 0);
	assert_int_equal(back.n, 3);

	/* Rewritten on every change: the new content replaces the old. */
	st.n = 1;
	assert_int_equal(status_write(sub, &st), 0);
	assert_int_equal(status_read(path, &back, &err), 0);
	assert_int_equal(back.n, 1);

	{
		FILE *f = fopen(path, "w");

		fputs("[{\"record\":", f);
		fclose(f);
	}
	assert_int_equal(status_read(path, &back, &err), -EBADMSG);
	assert_int_equal(back.n, 0);
	assert_non_null(strstr(err.msg, path));

	status_free(&st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* The file: the agent's PID and start time around the rows; both forms parse. */
static void test_file_object(void **state)
{
	static const char *const bad[] = {
	    "{\"rows\":[]}",
	    "{\"pid\":-1,\"rows\":[]}",
	    "{\"pid\":1.5,\"rows\":[]}",
	    "{\"pid\":7,\"started_at\":5,\"rows\":[]}",
	    "{\"pid\":7,\"started_at\":null}",
	    "{\"pid\":7,\"rows\":{}}",
	};
	struct status st, back = {0};
	struct errbuf err = {{0}};
	char *text, *rows;
	cJSON *root;

	(void)state;
	sample(&st);
	st.pid = 4242;
	st.started_at = 1700000000;
	text = status_format_file(&st);
	assert_non_null(text);
	root = cJSON_Parse(text);
	assert_true(cJSON_IsObject(root));
	assert_true(cJSON_GetObjectItem(root, "pid")->valuedouble == 4242);
	assert_string_equal(cJSON_GetObjectItem(root, "started_at")->valuestring,
			    "2023-11-14T22:13:20Z");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "rows")), 3);
	cJSON_Delete(root);
	assert_true(status_parse(text, strlen(text), &back, &err));
	assert_int_equal(back.pid, 4242);
	assert_true(back.started_at == 1700000000);
	assert_int_equal(back.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_memory_equal(&back.rows[i], &st.rows[i], sizeof(st.rows[i]));
	/* `status --json` stays the bare array of DESIGN.md. */
	rows = status_format(&back);
	assert_int_equal(rows[0], '[');
	free(rows);
	free(text);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(status_parse(bad[i], strlen(bad[i]), &back, &err));
	status_free(&st);
	status_free(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_times),	cmocka_unit_test(test_json_keys),
	    cmocka_unit_test(test_round_trip),	cmocka_unit_test(test_parse_reject),
	    cmocka_unit_test(test_table),	cmocka_unit_test(test_print_json),
	    cmocka_unit_test(test_add_invalid), cmocka_unit_test(test_row_fill),
	    cmocka_unit_test(test_file),	cmocka_unit_test(test_file_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
