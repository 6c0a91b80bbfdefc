// SPDX-License-Identifier: MIT
/* Unit tests for state.json: parse/format round trip, validation, load/save on a temp dir. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/state.h"
#include "lib/fileio.h"

static const char example[] =
    "{\"version\":1,\"records\":["
    "{\"record\":\"home\",\"name\":\"home.example.com\",\"provider\":\"cf\","
    "\"family\":\"ipv4\",\"address\":\"203.0.113.9\",\"updated_at\":1700000000,"
    "\"record_id\":\"372e67954025e0ba6aaa6d586b9e0b59\",\"zone_id\":null},"
    "{\"record\":\"home\",\"name\":\"home.example.com\",\"provider\":\"cf\","
    "\"family\":\"ipv6\",\"address\":\"2001:db8::1234\",\"updated_at\":1700000001}]}";

static struct state_entry entry(const char *record, enum fam fam, const char *addr)
{
	struct state_entry e;

	memset(&e, 0, sizeof(e));
	snprintf(e.record, sizeof(e.record), "%s", record);
	snprintf(e.name, sizeof(e.name), "%s.example.com", record);
	strcpy(e.provider, "cf");
	e.fam = fam;
	assert_true(ipaddr_parse(addr, fam_to_af(fam), &e.address));
	e.updated_at = 1700000000;
	return e;
}

static void test_parse_example(void **state)
{
	struct state st = {0};
	struct errbuf err = {{0}};
	const struct state_entry *e;
	char buf[IPADDR_STRLEN];

	(void)state;
	assert_true(state_parse(example, strlen(example), &st, &err));
	assert_int_equal(st.n, 2);
	e = state_lookup(&st, "home", FAM_V4, "home.example.com", "cf");
	assert_non_null(e);
	assert_string_equal(ipaddr_ntop(&e->address, buf), "203.0.113.9");
	assert_true(e->updated_at == 1700000000);
	assert_string_equal(e->record_id, "372e67954025e0ba6aaa6d586b9e0b59");
	assert_string_equal(e->zone_id, "");
	e = state_lookup(&st, "home", FAM_V6, "home.example.com", "cf");
	assert_non_null(e);
	assert_string_equal(ipaddr_ntop(&e->address, buf), "2001:db8::1234");
	assert_string_equal(e->record_id, "");
	/* Pointed at another name or provider since: not taken for published. */
	assert_null(state_lookup(&st, "home", FAM_V4, "nas.example.com", "cf"));
	assert_null(state_lookup(&st, "home", FAM_V4, "home.example.com", "other"));
	assert_null(state_lookup(&st, "nas", FAM_V4, "home.example.com", "cf"));
	state_free(&st);
	assert_int_equal(st.n, 0);
	assert_null(st.entries);
}

static void test_provider_fingerprint(void **state)
{
	static const char text[] =
	    "{\"version\":1,\"records\":["
	    "{\"record\":\"home\",\"name\":\"home.example.com\",\"provider\":\"cf\","
	    "\"family\":\"ipv4\",\"address\":\"203.0.113.9\",\"updated_at\":1700000000,"
	    "\"provider_fp\":\"0123456789abcdef\"},"
	    "{\"record\":\"old\",\"name\":\"old.example.com\",\"provider\":\"cf\","
	    "\"family\":\"ipv4\",\"address\":\"203.0.113.9\",\"updated_at\":1700000000}]}";
	struct state st = {0}, back = {0};
	struct errbuf err = {{0}};
	char *out;

	(void)state;
	assert_true(state_parse(text, strlen(text), &st, &err));
	/* The same provider: found; another one behind the same section name: not published. */
	assert_non_null(
	    state_lookup_fp(&st, "home", FAM_V4, "home.example.com", "cf", "0123456789abcdef"));
	assert_null(
	    state_lookup_fp(&st, "home", FAM_V4, "home.example.com", "cf", "fedcba9876543210"));
	assert_non_null(state_lookup_fp(&st, "home", FAM_V4, "home.example.com", "cf", NULL));
	/* An entry from an older ddnsd has none: it matches any, so an upgrade writes nothing. */
	assert_non_null(
	    state_lookup_fp(&st, "old", FAM_V4, "old.example.com", "cf", "fedcba9876543210"));
	/* Kept through a save. */
	out = state_format(&st);
	assert_non_null(out);
	assert_non_null(strstr(out, "\"provider_fp\":\t\"0123456789abcdef\""));
	assert_true(state_parse(out, strlen(out), &back, &err));
	assert_string_equal(back.entries[0].provider_fp, "0123456789abcdef");
	assert_string_equal(back.entries[1].provider_fp, "");
	free(out);
	state_free(&st);
	state_free(&back);
}

static void test_round_trip(void **state)
{
	struct state st = {0}, back = {0};
	struct state_entry a = entry("home", FAM_V4, "198.51.100.7");
	struct state_entry b = entry("nas", FAM_V6, "2001:db8:1:2::5");
	struct errbuf err = {{0}};
	char *text, *text2;

	(void)state;
	strcpy(a.record_id, "abc123");
	strcpy(a.zone_id, "zone-1");
	b.updated_at = 1700000123;
	assert_int_equal(state_put(&st, &a), 0);
	assert_int_equal(state_put(&st, &b), 0);
	text = state_format(&st);
	assert_non_null(text);
	assert_non_null(strstr(text, "\"version\":\t1"));
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_true(state_parse(text, strlen(text), &back, &err));
	assert_int_equal(back.n, 2);
	assert_memory_equal(&back.entries[0], &a, sizeof(a));
	assert_memory_equal(&back.entries[1], &b, sizeof(b));
	text2 = state_format(&back);
	assert_string_equal(text, text2);
	free(text);
	free(text2);
	/* The empty state too. */
	state_free(&st);
	text = state_format(&st);
	assert_true(state_parse(text, strlen(text), &back, &err));
	assert_int_equal(back.n, 0);
	free(text);
	state_free(&back);
}

static void test_put(void **state)
{
	struct state st = {0};
	struct state_entry a = entry("home", FAM_V4, "198.51.100.7");
	struct state_entry bad;

	(void)state;
	for (int i = 0; i < 20; i++) {
		char name[16];
		struct state_entry e;

		snprintf(name, sizeof(name), "r%d", i);
		e = entry(name, i % 2 ? FAM_V6 : FAM_V4, i % 2 ? "2001:db8::1" : "192.0.2.1");
		assert_int_equal(state_put(&st, &e), 0);
	}
	assert_int_equal(st.n, 20);
	assert_int_equal(state_put(&st, &a), 0);
	a.address.v4.s_addr = htonl(0xc6336408); /* 198.51.100.8: replaces, not appends */
	assert_int_equal(state_put(&st, &a), 0);
	assert_int_equal(st.n, 21);
	assert_true(state_lookup(&st, "home", FAM_V4, a.name, "cf")->address.v4.s_addr ==
		    htonl(0xc6336408));

	bad = a;
	memset(&bad.address, 0, sizeof(bad.address)); /* a failure is never published */
	assert_int_equal(state_put(&st, &bad), -EINVAL);
	bad = a;
	bad.fam = FAM_V6; /* IPv4 address in the ipv6 slot */
	assert_int_equal(state_put(&st, &bad), -EINVAL);
	bad = a;
	bad.record[0] = '\0';
	assert_int_equal(state_put(&st, &bad), -EINVAL);
	bad = a;
	memset(bad.name, 'x', sizeof(bad.name)); /* no NUL */
	assert_int_equal(state_put(&st, &bad), -EINVAL);
	bad = a;
	strcpy(bad.record_id, "a\nb");
	assert_int_equal(state_put(&st, &bad), -EINVAL);
	bad = a;
	bad.updated_at = -1;
	assert_int_equal(state_put(&st, &bad), -EINVAL);
	assert_int_equal(st.n, 21);
	state_free(&st);
}

/* Every malformed file is rejected as a whole, with a reason. */
static void test_reject(void **state)
{
#define REC(fields) "{\"version\":1,\"records\":[{" fields "}]}"
#define OK_FIELDS                                                                                  \
	"\"record\":\"home\",\"name\":\"h.example.com\",\"provider\":\"cf\",\"updated_at\":1"
	static const struct {
		const char *json, *why;
	} t[] = {
	    {"", "not valid JSON"},
	    {"{", "not valid JSON"},
	    {"[]", "not a JSON object"},
	    {"{\"records\":[]}", "version"},
	    {"{\"version\":2,\"records\":[]}", "version"},
	    {"{\"version\":\"1\",\"records\":[]}", "version"},
	    {"{\"version\":1}", "records"},
	    {"{\"version\":1,\"records\":{}}", "records"},
	    {"{\"version\":1,\"records\":[1]}", "records[0]: not an object"},
	    {REC(OK_FIELDS ",\"family\":\"ipv5\",\"address\":\"192.0.2.1\""), "records[0].family"},
	    {REC(OK_FIELDS ",\"family\":4,\"address\":\"192.0.2.1\""), "records[0].family"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\",\"address\":\"192.0.2.256\""),
	     "records[0].address: not an ipv4 address"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\",\"address\":\"2001:db8::1\""),
	     "records[0].address: not an ipv4 address"},
	    {REC(OK_FIELDS ",\"family\":\"ipv6\",\"address\":\"192.0.2.1\""),
	     "records[0].address: not an ipv6 address"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\",\"address\":\" 192.0.2.1\""),
	     "records[0].address"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\",\"address\":null"), "records[0].address"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\""), "records[0].address: missing"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\",\"address\":\"192.0.2.1\",\"record_id\":5"),
	     "records[0].record_id: not a string"},
	    {REC(OK_FIELDS ",\"family\":\"ipv4\",\"address\":\"192.0.2.1\","
			   "\"record_id\":\"a\\u0001\""),
	     "records[0].record_id"},
	    {REC("\"record\":\"home\",\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":\"1\","
		 "\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
	     "records[0].updated_at"},
	    {REC("\"record\":\"home\",\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":-5,"
		 "\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
	     "records[0].updated_at"},
	    {REC("\"record\":\"home\",\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":1e300,"
		 "\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
	     "records[0].updated_at"},
	    {REC("\"record\":\"\",\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":1,"
		 "\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
	     "records[0].record"},
	    {REC("\"record\":\"home\",\"provider\":\"cf\",\"updated_at\":1,"
		 "\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
	     "records[0].name: missing"},
	    {REC("\"record\":[],\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":1,"
		 "\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
	     "records[0].record: not a string"},
	};
	struct state st = {0};
	struct errbuf err;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (state_parse(t[i].json, strlen(t[i].json), &st, &err))
			fail_msg("case %zu accepted: %s", i, t[i].json);
		assert_int_equal(st.n, 0);
		if (!strstr(err.msg, t[i].why))
			fail_msg("case %zu: \"%s\" does not say \"%s\"", i, err.msg, t[i].why);
	}
	/* A long name: over the limit by one. */
	{
		char json[1024], name[STATE_NAME_LEN + 1];

		memset(name, 'a', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		snprintf(
		    json, sizeof(json),
		    REC("\"record\":\"%s\",\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":1,"
			"\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
		    name);
		assert_false(state_parse(json, strlen(json), &st, &err));
		name[sizeof(name) - 2] = '\0'; /* 255 characters fit */
		snprintf(
		    json, sizeof(json),
		    REC("\"record\":\"%s\",\"name\":\"h\",\"provider\":\"cf\",\"updated_at\":1,"
			"\"family\":\"ipv4\",\"address\":\"192.0.2.1\""),
		    name);
		assert_true(state_parse(json, strlen(json), &st, &err));
		state_free(&st);
	}
	/* A good file that had entries is emptied by a failed parse. */
	assert_true(state_parse(example, strlen(example), &st, &err));
	assert_false(state_parse("{}", 2, &st, &err));
	assert_int_equal(st.n, 0);
	/* Length is honoured: the text need not be NUL-terminated. */
	assert_false(state_parse(example, strlen(example) - 1, &st, &err));
}

static void test_unknown_keys(void **state)
{
	static const char json[] =
	    "{\"version\":1,\"future\":{\"x\":[1,2]},\"records\":[{\"record\":\"home\","
	    "\"name\":\"h.example.com\",\"provider\":\"cf\",\"family\":\"ipv4\","
	    "\"address\":\"192.0.2.1\",\"updated_at\":5.5,\"ttl\":120,\"proxied\":true}]}";
	struct state st = {0};
	struct errbuf err = {{0}};

	(void)state;
	assert_true(state_parse(json, strlen(json), &st, &err));
	assert_int_equal(st.n, 1);
	assert_true(st.entries[0].updated_at == 5.5);
	state_free(&st);
}

static char tmpdir[64];

static int setup_dir(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/test_state.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static size_t count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_save_load(void **state)
{
	char dir[128], path[160];
	struct state st = {0}, back = {0};
	struct state_entry a = entry("home", FAM_V4, "198.51.100.7");
	struct errbuf err = {{0}};
	struct stat sb;
	mode_t old_umask;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/state", tmpdir); /* does not exist yet */
	snprintf(path, sizeof(path), "%s/state.json", dir);

	/* Missing: empty, no error. */
	assert_int_equal(state_load(dir, &back, &err), 0);
	assert_int_equal(back.n, 0);

	assert_int_equal(state_put(&st, &a), 0);
	old_umask = umask(0); /* the modes must not depend on the umask */
	assert_int_equal(state_save(dir, &st), 0);
	umask(old_umask);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(count_files(dir), 1); /* no state.json.tmp left behind */

	assert_int_equal(state_load(dir, &back, &err), 0);
	assert_int_equal(back.n, 1);
	assert_memory_equal(&back.entries[0], &a, sizeof(a));

	/* Replaced atomically, also over a temp file a crash left behind. */
	write_file(path, "x");
	snprintf(path, sizeof(path), "%s/state.json.tmp", dir);
	write_file(path, "half-written");
	a.updated_at = 1800000000;
	assert_int_equal(state_put(&st, &a), 0);
	assert_int_equal(state_save(dir, &st), 0);
	assert_int_equal(count_files(dir), 1);
	assert_int_equal(state_load(dir, &back, &err), 0);
	assert_true(back.entries[0].updated_at == 1800000000);

	/* A planted symlink as the temp file is not followed. */
	{
		char target[160];

		snprintf(target, sizeof(target), "%s/target", tmpdir);
		assert_int_equal(symlink(target, path), 0);
		assert_int_equal(state_save(dir, &st), 0);
		assert_int_equal(access(target, F_OK), -1);
		assert_int_equal(count_files(dir), 1);
	}
	state_free(&st);
	state_free(&back);
}

static void test_load_corrupt(void **state)
{
	char dir[128], path[160];
	struct state st = {0};
	struct errbuf err = {{0}};

	(void)state;
	snprintf(dir, sizeof(dir), "%s/corrupt", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/state.json", dir);

	write_file(path, "{\"version\":1,\"records\":[");
	assert_int_equal(state_load(dir, &st, &err), -EBADMSG);
	assert_int_equal(st.n, 0);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, "corrupt"));
	assert_non_null(strstr(err.msg, "not valid JSON"));

	write_file(path, "{\"version\":1,\"records\":[{\"record\":1}]}");
	assert_int_equal(state_load(dir, &st, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "records[0].record"));

	/* A directory where the file should be. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(state_load(dir, &st, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(rmdir(path), 0);

	/* Too large. */
	{
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		assert_int_equal(ftruncate(fileno(f), STATE_MAX_BYTES + 1), 0);
		fclose(f);
		assert_int_equal(state_load(dir, &st, &err), -EBADMSG);
		assert_non_null(strstr(err.msg, "larger"));
	}
}

/* The bounded reader both files use: exactly max bytes fit, one more does not. */
static void test_read_file(void **state)
{
	char path[128], *data;
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/ten", tmpdir);
	write_file(path, "0123456789");
	assert_int_equal(file_read_bounded(path, 10, &data, &len), 0);
	assert_int_equal(len, 10);
	assert_string_equal(data, "0123456789");
	free(data);
	assert_int_equal(file_read_bounded(path, 9, &data, &len), -EFBIG);
	assert_null(data);
	assert_int_equal(file_read_bounded(path, 1000, &data, &len), 0);
	free(data);
	write_file(path, "");
	assert_int_equal(file_read_bounded(path, 10, &data, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	free(data);
	snprintf(path, sizeof(path), "%s/none", tmpdir);
	assert_int_equal(file_read_bounded(path, 10, &data, &len), -ENOENT);
	/* A file that grows past st_size while being read (here: a pipe-like /proc file
	 * reports size 0) is read to its end. */
	assert_int_equal(file_read_bounded("/proc/self/status", 1 << 20, &data, &len), 0);
	assert_true(len > 100 && strlen(data) == len);
	free(data);
	assert_int_equal(file_read_bounded("/proc/self/status", 50, &data, &len), -EFBIG);
}

static void test_save_errors(void **state)
{
	char dir[128];
	struct state st = {0};

	(void)state;
	/* The parent must exist: only the last component is created. */
	snprintf(dir, sizeof(dir), "%s/no/such", tmpdir);
	assert_int_equal(state_save(dir, &st), -ENOENT);
	/* Over-long paths are refused, not truncated. */
	{
		char longdir[5000];

		memset(longdir, 'd', sizeof(longdir) - 1);
		longdir[0] = '/';
		longdir[sizeof(longdir) - 1] = '\0';
		assert_int_equal(state_save(longdir, &st), -ENAMETOOLONG);
	}
}

/* A FIFO planted as state.json is refused at once (it used to block the open for ever:
 * the alarm turns such a hang into a failure). */
static void test_load_fifo(void **state)
{
	char dir[128], path[160];
	struct state st = {0};
	struct errbuf err = {{0}};
	char *data;
	size_t len;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/fifo", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/state.json", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	alarm(5);
	assert_int_equal(state_load(dir, &st, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "not a regular file"));
	assert_int_equal(file_read_bounded(path, 100, &data, &len), -EINVAL);
	assert_int_equal(file_read_bounded("/dev/null", 100, &data, &len), -EINVAL);
	alarm(0);
	assert_int_equal(st.n, 0);
}

/* Parsing indexes the entries: a later duplicate replaces the earlier one in its place, as
 * state_put() does, over enough entries to grow the index several times. */
static void test_parse_many_duplicates(void **state)
{
	struct state st = {0}, back = {0};
	struct errbuf err = {{0}};
	char *text;

	(void)state;
	for (int i = 0; i < 3000; i++) {
		char name[16];
		struct state_entry e;

		snprintf(name, sizeof(name), "r%d", i);
		e = entry(name, i % 2 ? FAM_V6 : FAM_V4, i % 2 ? "2001:db8::1" : "192.0.2.1");
		assert_int_equal(state_put(&st, &e), 0);
	}
	text = state_format(&st);
	assert_non_null(text);
	/* Append a duplicate of r7 (ipv6) with another address by editing the array's end. */
	{
		const char dup[] = ",{\"record\":\"r7\",\"name\":\"r7.example.com\","
				   "\"provider\":\"cf\",\"family\":\"ipv6\","
				   "\"address\":\"2001:db8::77\",\"updated_at\":5}]}";
		char *end = strrchr(text, ']');
		size_t off = (size_t)(end - text);
		char *n = malloc(off + sizeof(dup));

		assert_non_null(n);
		memcpy(n, text, off);
		memcpy(n + off, dup, sizeof(dup));
		free(text);
		text = n;
	}
	assert_true(state_parse(text, strlen(text), &back, &err));
	assert_int_equal(back.n, 3000);
	assert_string_equal(back.entries[7].record, "r7");
	assert_true(back.entries[7].updated_at == 5);
	assert_non_null(state_lookup(&back, "r2999", FAM_V6, "r2999.example.com", "cf"));
	assert_non_null(state_lookup(&back, "r0", FAM_V4, "r0.example.com", "cf"));
	assert_null(state_lookup(&back, "r0", FAM_V6, "r0.example.com", "cf"));
	free(text);
	state_free(&st);
	state_free(&back);
}

static bool keep_v4(const struct state_entry *e, void *arg)
{
	(*(int *)arg)++;
	return e->fam == FAM_V4;
}

/* state_same: nothing to save; state_retain: entries of records no longer managed go. */
static void test_same_retain(void **state)
{
	struct state st = {0};
	struct state_entry a = entry("home", FAM_V4, "198.51.100.7");
	struct state_entry b = entry("home", FAM_V6, "2001:db8::7");
	struct state_entry c = entry("www", FAM_V4, "198.51.100.7");
	struct state_entry x;
	int calls = 0;

	(void)state;
	assert_false(state_same(&st, &a));
	assert_int_equal(state_put(&st, &a), 0);
	assert_int_equal(state_put(&st, &b), 0);
	assert_int_equal(state_put(&st, &c), 0);
	assert_true(state_same(&st, &a));
	x = a;
	x.updated_at += 1;
	assert_false(state_same(&st, &x));
	x = a;
	strcpy(x.record_id, "id");
	assert_false(state_same(&st, &x));
	x = a;
	x.address.v4.s_addr ^= 1;
	assert_false(state_same(&st, &x));
	x = a;
	strcpy(x.provider, "other");
	assert_false(state_same(&st, &x));

	assert_int_equal(state_retain(&st, keep_v4, &calls), 1);
	assert_int_equal(calls, 3);
	assert_int_equal(st.n, 2);
	assert_string_equal(st.entries[0].record, "home");
	assert_string_equal(st.entries[1].record, "www");
	assert_false(state_same(&st, &b));
	state_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_example),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_provider_fingerprint),
	    cmocka_unit_test(test_put),
	    cmocka_unit_test(test_reject),
	    cmocka_unit_test(test_unknown_keys),
	    cmocka_unit_test(test_save_load),
	    cmocka_unit_test(test_load_corrupt),
	    cmocka_unit_test(test_read_file),
	    cmocka_unit_test(test_save_errors),
	    cmocka_unit_test(test_load_fifo),
	    cmocka_unit_test(test_parse_many_duplicates),
	    cmocka_unit_test(test_same_retain),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
