// SPDX-License-Identifier: MIT
/* custom provider templates: placeholders found, values escaped where they land, bodies as
 * JSON, form or text, missing values refused; reply success and error classes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "providers/custom_tmpl.h"

static const struct custom_values both = {
    .ip = "192.0.2.1", .ipv4 = "192.0.2.1", .ipv6 = "2001:db8::1", .name = "home.example.com"};

static void expect(const char *tmpl, enum custom_escape esc, const struct custom_values *v,
		   const char *want)
{
	char *got = custom_expand(tmpl, esc, v);

	if (!got)
		fail_msg("\"%s\": NULL (errno %d)", tmpl, errno);
	if (strcmp(got, want))
		fail_msg("\"%s\":\n got  %s\n want %s", tmpl, got, want);
	free(got);
}

static void test_placeholders(void **state)
{
	(void)state;
	assert_int_equal(custom_placeholders(NULL), 0);
	assert_int_equal(custom_placeholders("https://x/u?a=1"), 0);
	assert_int_equal(custom_placeholders("https://x/{name}?ip={ip}"),
			 CUSTOM_PH_NAME | CUSTOM_PH_IP);
	assert_int_equal(custom_placeholders("https://x/?a={ipv4}&b={ipv6}"),
			 CUSTOM_PH_IPV4 | CUSTOM_PH_IPV6);
	assert_int_equal(custom_placeholders("{ipv4{ipv6}}{ip"), CUSTOM_PH_IPV6);
	assert_int_equal(custom_placeholders("{IP}{ Name }{zone}"), 0);
}

static void test_url(void **state)
{
	(void)state;
	expect("https://dyn.example.net/update?host={name}&ip={ip}", CUSTOM_ESC_URL, &both,
	       "https://dyn.example.net/update?host=home.example.com&ip=192.0.2.1");
	/* A placeholder in the path works as one in the query; IPv6 colons are encoded. */
	expect("https://dyn.example.net/set/{name}/{ipv6}", CUSTOM_ESC_URL, &both,
	       "https://dyn.example.net/set/home.example.com/2001%3Adb8%3A%3A1");
	expect("https://x/?a={ipv4}&b={ipv6}&c={ip}", CUSTOM_ESC_URL, &both,
	       "https://x/?a=192.0.2.1&b=2001%3Adb8%3A%3A1&c=192.0.2.1");
	/* Unknown brace text stays as written; a placeholder repeated is replaced each time. */
	expect("https://x/{zone}/{name}/{name}", CUSTOM_ESC_URL, &both,
	       "https://x/{zone}/home.example.com/home.example.com");
	expect("{ip", CUSTOM_ESC_URL, &both, "{ip");
	expect("", CUSTOM_ESC_URL, &both, "");
	/* A value cannot break out of its place: & = / ? # and space are encoded. */
	struct custom_values evil = {.ip = "1&x=2/../?#", .name = "a b"};
	expect("https://x/p/{name}?ip={ip}", CUSTOM_ESC_URL, &evil,
	       "https://x/p/a%20b?ip=1%26x%3D2%2F..%2F%3F%23");
	/* A value holding a placeholder is not expanded again. */
	struct custom_values nested = {.ip = "{name}", .name = "n"};
	expect("{ip}{name}", CUSTOM_ESC_URL, &nested, "%7Bname%7Dn");
	expect("{ip}{name}", CUSTOM_ESC_NONE, &nested, "{name}n");
}

static void test_missing(void **state)
{
	struct custom_values v4only = {.ip = "192.0.2.1", .ipv4 = "192.0.2.1", .name = "h"};

	(void)state;
	errno = 0;
	assert_null(custom_expand("https://x/?a={ipv4}&b={ipv6}", CUSTOM_ESC_URL, &v4only));
	assert_int_equal(errno, ENODATA);
	/* Unused missing values do not matter. */
	expect("https://x/?a={ipv4}", CUSTOM_ESC_URL, &v4only, "https://x/?a=192.0.2.1");
}

static void test_body(void **state)
{
	struct custom_values evil = {.ip = "1\"\\\n\x01", .name = "h"};

	(void)state;
	expect("{\"content\":\"{ip}\",\"name\":\"{name}\"}", CUSTOM_ESC_JSON, &both,
	       "{\"content\":\"192.0.2.1\",\"name\":\"home.example.com\"}");
	expect("{\"v\":\"{ip}\"}", CUSTOM_ESC_JSON, &evil, "{\"v\":\"1\\\"\\\\\\u000a\\u0001\"}");
	expect("ip={ipv6}&host={name}", CUSTOM_ESC_URL, &both,
	       "ip=2001%3Adb8%3A%3A1&host=home.example.com");
	expect("ip {ipv6}", CUSTOM_ESC_NONE, &both, "ip 2001:db8::1");

	assert_int_equal(custom_body_escape("{\"a\":1}", NULL), CUSTOM_ESC_JSON);
	assert_int_equal(custom_body_escape(" \n[1]", NULL), CUSTOM_ESC_JSON);
	assert_int_equal(custom_body_escape("a=1", NULL), CUSTOM_ESC_URL);
	assert_int_equal(custom_body_escape("a=1", ""), CUSTOM_ESC_URL);
	assert_int_equal(custom_body_escape(NULL, NULL), CUSTOM_ESC_URL);
	assert_int_equal(custom_body_escape("a=1", "application/json; charset=utf-8"),
			 CUSTOM_ESC_JSON);
	assert_int_equal(custom_body_escape("{x}", "application/vnd.api+JSON"), CUSTOM_ESC_JSON);
	assert_int_equal(custom_body_escape("{x}", "application/x-www-form-urlencoded"),
			 CUSTOM_ESC_URL);
	assert_int_equal(custom_body_escape("{x}", "text/plain"), CUSTOM_ESC_NONE);
}

static void test_reply(void **state)
{
	static const struct {
		long status;
		const char *body;
		const char *success;
		enum custom_class cls;
		const char *shown;
	} cases[] = {
	    {200, "", NULL, CUSTOM_OK, "HTTP 200"},
	    {204, "", "", CUSTOM_OK, "HTTP 204"},
	    {200, "status: updated\n", "updated", CUSTOM_OK, "HTTP 200: status: updated"},
	    {200, "\n\nline2 has it: SUCCESS", "SUCCESS", CUSTOM_OK,
	     "HTTP 200: line2 has it: SUCCESS"},
	    {200, "status: failed", "updated", CUSTOM_FAILED, "HTTP 200: status: failed"},
	    {200, "UPDATED", "updated", CUSTOM_FAILED, "HTTP 200: UPDATED"},
	    {401, "", NULL, CUSTOM_AUTH, "HTTP 401"},
	    {403, "denied", "ok", CUSTOM_AUTH, "HTTP 403: denied"},
	    {500, "ok", "ok", CUSTOM_TRANSIENT, "HTTP 500: ok"},
	    {503, "", NULL, CUSTOM_TRANSIENT, "HTTP 503"},
	    {429, "", NULL, CUSTOM_TRANSIENT, "HTTP 429"},
	    {404, "ok", "ok", CUSTOM_FAILED, "HTTP 404: ok"},
	    {302, "", NULL, CUSTOM_FAILED, "HTTP 302"},
	    {200, "a\x01\x80", NULL, CUSTOM_OK, "HTTP 200: a??"},
	};
	struct custom_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum custom_class got = custom_reply_parse(
		    cases[i].status, cases[i].body, strlen(cases[i].body), cases[i].success, &r);

		if (got != cases[i].cls || r.cls != got || strcmp(r.shown, cases[i].shown))
			fail_msg("case %zu: class %d shown \"%s\"", i, got, r.shown);
	}
	/* The success text is looked for within len only. */
	assert_int_equal(custom_reply_parse(200, "okay", 1, "ok", &r), CUSTOM_FAILED);
	assert_int_equal(custom_reply_parse(200, "okay", 2, "ok", &r), CUSTOM_OK);
	assert_int_equal(custom_reply_parse(200, NULL, 0, "ok", &r), CUSTOM_FAILED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_placeholders), cmocka_unit_test(test_url),
	    cmocka_unit_test(test_missing),	 cmocka_unit_test(test_body),
	    cmocka_unit_test(test_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
