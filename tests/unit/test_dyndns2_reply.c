// SPDX-License-Identifier: MIT
/* dyndns2 replies: every return code, HTTP statuses, several lines, addresses, the texts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "providers/dyndns2_reply.h"

struct tcase {
	long status;
	const char *body;
	long retry_after;
	enum dyndns2_class cls;
	enum dyndns2_code code;
	const char *word;
	long want_retry;
};

static const struct tcase cases[] = {
    {200, "good 192.0.2.1", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    {200, "good 192.0.2.1\n", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    {200, "good\r\n", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    {200, "nochg 192.0.2.1", -1, DYNDNS2_UNCHANGED, DYNDNS2_NOCHG, "nochg", -1},
    {200, "nochg 192.0.2.1\r\n", -1, DYNDNS2_UNCHANGED, DYNDNS2_NOCHG, "nochg", -1},
    {200, "badauth", -1, DYNDNS2_STOP, DYNDNS2_BADAUTH, "badauth", -1},
    {200, "!donator", -1, DYNDNS2_STOP, DYNDNS2_NOT_DONATOR, "!donator", -1},
    {200, "notfqdn\n", -1, DYNDNS2_STOP, DYNDNS2_NOTFQDN, "notfqdn", -1},
    {200, "nohost", -1, DYNDNS2_STOP, DYNDNS2_NOHOST, "nohost", -1},
    {200, "numhost", -1, DYNDNS2_STOP, DYNDNS2_NUMHOST, "numhost", -1},
    {200, "abuse", -1, DYNDNS2_STOP, DYNDNS2_ABUSE, "abuse", -1},
    {200, "badagent", -1, DYNDNS2_STOP, DYNDNS2_BADAGENT, "badagent", -1},
    {200, "good 127.0.0.1", -1, DYNDNS2_STOP, DYNDNS2_GOOD_LOOPBACK, "good", -1},
    {200, "good 127.0.0.1,2001:db8::1", -1, DYNDNS2_STOP, DYNDNS2_GOOD_LOOPBACK, "good", -1},
    /* nochg 127.0.0.1 is not Dyn's fake success: only good is. */
    {200, "nochg 127.0.0.1", -1, DYNDNS2_UNCHANGED, DYNDNS2_NOCHG, "nochg", -1},
    {200, "911", -1, DYNDNS2_LATER, DYNDNS2_911, "911", 1800},
    {200, "dnserr", -1, DYNDNS2_LATER, DYNDNS2_DNSERR, "dnserr", 1800},
    {200, "911", 60, DYNDNS2_LATER, DYNDNS2_911, "911", 1800},
    {200, "911", 7200, DYNDNS2_LATER, DYNDNS2_911, "911", 7200},
    {503, "911", 3600, DYNDNS2_LATER, DYNDNS2_911, "911", 3600},
    /* Codes are whole words, case as documented. */
    {200, "goodbye", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN, "goodbye", -1},
    {200, "GOOD 192.0.2.1", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN, "GOOD", -1},
    {200, "<html><body>good</body></html>", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN,
     "<html><body>good</body></html>", -1},
    {200, "", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN, "(empty reply)", -1},
    {200, "\r\n\n  \n", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN, "(empty reply)", -1},
    {200, "  good 192.0.2.1  ", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    {200, "good\t192.0.2.1", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    /* HTTP 401 is badauth whatever the body. */
    {401, "", -1, DYNDNS2_STOP, DYNDNS2_BADAUTH, "HTTP 401", -1},
    {401, "good 192.0.2.1", -1, DYNDNS2_STOP, DYNDNS2_BADAUTH, "HTTP 401", -1},
    /* Without a code the status decides. */
    {500, "Internal Server Error", -1, DYNDNS2_TRANSIENT, DYNDNS2_HTTP_ERROR, "HTTP 500", -1},
    {502, "", 30, DYNDNS2_TRANSIENT, DYNDNS2_HTTP_ERROR, "HTTP 502", 30},
    {429, "", 120, DYNDNS2_TRANSIENT, DYNDNS2_HTTP_ERROR, "HTTP 429", 120},
    {404, "Not Found", -1, DYNDNS2_STOP, DYNDNS2_HTTP_ERROR, "HTTP 404", -1},
    {403, "", -1, DYNDNS2_STOP, DYNDNS2_HTTP_ERROR, "HTTP 403", -1},
    {301, "", -1, DYNDNS2_STOP, DYNDNS2_HTTP_ERROR, "HTTP 301", -1},
    /* A code decides over the status. */
    {400, "badagent", -1, DYNDNS2_STOP, DYNDNS2_BADAGENT, "badagent", -1},
    {500, "dnserr", -1, DYNDNS2_LATER, DYNDNS2_DNSERR, "dnserr", 1800},
    {403, "abuse\n", -1, DYNDNS2_STOP, DYNDNS2_ABUSE, "abuse", -1},
    /* Several lines: the worst decides. */
    {200, "good 192.0.2.1\nnochg 192.0.2.1\n", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    {200, "nochg 192.0.2.1\nnochg 192.0.2.1\n", -1, DYNDNS2_UNCHANGED, DYNDNS2_NOCHG, "nochg", -1},
    {200, "nochg 192.0.2.1\ngood 192.0.2.1\n", -1, DYNDNS2_OK, DYNDNS2_GOOD, "good", -1},
    {200, "good 192.0.2.1\n911\n", -1, DYNDNS2_LATER, DYNDNS2_911, "911", 1800},
    {200, "911\nabuse\n", -1, DYNDNS2_STOP, DYNDNS2_ABUSE, "abuse", -1},
    {200, "good 192.0.2.1\nwhat\n", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN, "what", -1},
    {200, "good 192.0.2.1\r\nbadauth\r\n", -1, DYNDNS2_STOP, DYNDNS2_BADAUTH, "badauth", -1},
    /* The shown word is cut and made printable. */
    {200, "\x01\x7f\xff", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN, "???", -1},
    {200, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", -1, DYNDNS2_STOP, DYNDNS2_UNKNOWN,
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", -1},
};

static void test_codes(void **state)
{
	struct dyndns2_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		enum dyndns2_class got =
		    dyndns2_reply_parse(c->status, c->body, strlen(c->body), c->retry_after, &r);

		if (got != c->cls || r.cls != got || r.code != c->code || strcmp(r.word, c->word) ||
		    r.retry_after != c->want_retry)
			fail_msg("case %zu (%ld \"%s\"): class %d code %d word \"%s\" retry %ld", i,
				 c->status, c->body, got, r.code, r.word, r.retry_after);
	}
}

static void test_addresses(void **state)
{
	static const char body[] = "good 192.0.2.1,2001:db8::1\n";
	struct dyndns2_reply r;
	char a[IPADDR_STRLEN];

	(void)state;
	assert_int_equal(dyndns2_reply_parse(200, body, strlen(body), -1, &r), DYNDNS2_OK);
	assert_int_equal(r.n_addrs, 2);
	assert_string_equal(ipaddr_ntop(&r.addrs[0], a), "192.0.2.1");
	assert_string_equal(ipaddr_ntop(&r.addrs[1], a), "2001:db8::1");
	assert_int_equal(r.lines, 1);

	/* Blank-separated, junk skipped, at most DYNDNS2_MAX_ADDRS kept. */
	static const char many[] = "nochg 192.0.2.1 x 192.0.2.2,,192.0.2.3 192.0.2.4 192.0.2.5";
	assert_int_equal(dyndns2_reply_parse(200, many, strlen(many), -1, &r), DYNDNS2_UNCHANGED);
	assert_int_equal(r.n_addrs, DYNDNS2_MAX_ADDRS);
	assert_string_equal(ipaddr_ntop(&r.addrs[3], a), "192.0.2.4");

	/* An address longer than any address text is skipped, not overflowing. */
	static const char longword[] = "good 1111111111111111111111111111111111111111111111111111";
	assert_int_equal(dyndns2_reply_parse(200, longword, strlen(longword), -1, &r), DYNDNS2_OK);
	assert_int_equal(r.n_addrs, 0);
}

static void test_not_nul_terminated(void **state)
{
	/* "good" followed by bytes that are not part of the body. */
	static const char buf[] = "badauthX";
	struct dyndns2_reply r;

	(void)state;
	assert_int_equal(dyndns2_reply_parse(200, buf, 7, -1, &r), DYNDNS2_STOP);
	assert_int_equal(r.code, DYNDNS2_BADAUTH);
	assert_int_equal(dyndns2_reply_parse(200, buf, 4, -1, &r), DYNDNS2_STOP);
	assert_int_equal(r.code, DYNDNS2_UNKNOWN);
	assert_string_equal(r.word, "bada");
	assert_int_equal(dyndns2_reply_parse(200, NULL, 0, -1, &r), DYNDNS2_STOP);
	assert_int_equal(r.code, DYNDNS2_UNKNOWN);
}

/* Every code has its own meaning and an action that tells the user what to do. */
static void test_texts(void **state)
{
	(void)state;
	for (int c = DYNDNS2_GOOD; c <= DYNDNS2_UNKNOWN; c++) {
		const char *m = dyndns2_code_meaning((enum dyndns2_code)c);
		const char *a = dyndns2_code_action((enum dyndns2_code)c);

		assert_non_null(m);
		assert_non_null(a);
		assert_true(strlen(m) > 10);
		assert_true(strlen(a) > 5);
		for (int d = DYNDNS2_GOOD; d < c; d++)
			if (!strcmp(dyndns2_code_meaning((enum dyndns2_code)d), m))
				fail_msg("codes %d and %d share a meaning", d, c);
		if (c >= DYNDNS2_BADAUTH && c <= DYNDNS2_GOOD_LOOPBACK)
			assert_non_null(strstr(a, "reload"));
	}
	assert_non_null(strstr(dyndns2_code_action(DYNDNS2_911), "30 minutes"));
	assert_string_equal(dyndns2_code_meaning((enum dyndns2_code)99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test(test_addresses),
	    cmocka_unit_test(test_not_nul_terminated),
	    cmocka_unit_test(test_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
