// SPDX-License-Identifier: MIT
/* FreeDNS v2 replies: Updated, No IP change detected, ERROR, statuses, unknown text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/freedns_reply.h"

struct tcase {
	long status;
	const char *body;
	enum freedns_class cls;
	const char *shown;
};

static const struct tcase cases[] = {
    {200, "Updated 1 host(s) home.example.org to 192.0.2.1 in 0.1 seconds\n", FREEDNS_UPDATED,
     "Updated 1 host(s) home.example.org to 192.0.2.1 in 0.1 seconds"},
    {200, "Updated home.example.org from 192.0.2.1 to 192.0.2.2", FREEDNS_UPDATED,
     "Updated home.example.org from 192.0.2.1 to 192.0.2.2"},
    {200, "updated 1 host", FREEDNS_UPDATED, "updated 1 host"},
    {200, "No IP change detected for home.example.org with IP 192.0.2.1, skipping update\n",
     FREEDNS_UNCHANGED,
     "No IP change detected for home.example.org with IP 192.0.2.1, skipping update"},
    {200, "NO IP CHANGE DETECTED", FREEDNS_UNCHANGED, "NO IP CHANGE DETECTED"},
    {200, "ERROR: Unable to locate this record", FREEDNS_ERROR,
     "ERROR: Unable to locate this record"},
    {200, "ERROR: Address 192.0.2.1 has not changed.", FREEDNS_ERROR,
     "ERROR: Address 192.0.2.1 has not changed."},
    {404, "ERROR: Invalid update URL (2)", FREEDNS_ERROR, "ERROR: Invalid update URL (2)"},
    {500, "error", FREEDNS_ERROR, "error"},
    /* Leading blank lines are skipped; the first line with text decides. */
    {200, "\n\r\n  Updated 1 host(s)\nERROR", FREEDNS_UPDATED, "Updated 1 host(s)"},
    /* "Updated" must be a word followed by text. */
    {200, "Updatedness", FREEDNS_UNKNOWN, "Updatedness"},
    {200, "Updated", FREEDNS_UNKNOWN, "Updated"},
    {200, "", FREEDNS_UNKNOWN, "(empty reply)"},
    {200, "<html>Updated</html>", FREEDNS_UNKNOWN, "<html>Updated</html>"},
    {500, "", FREEDNS_TRANSIENT, "HTTP 500"},
    {502, "<html>Bad gateway</html>", FREEDNS_TRANSIENT, "HTTP 502"},
    {429, "", FREEDNS_TRANSIENT, "HTTP 429"},
    {404, "", FREEDNS_UNKNOWN, "HTTP 404"},
    {401, "nope", FREEDNS_UNKNOWN, "HTTP 401"},
    {200, "\x01Updated", FREEDNS_UNKNOWN, "?Updated"},
};

static void test_replies(void **state)
{
	struct freedns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		enum freedns_class got =
		    freedns_reply_parse(c->status, c->body, strlen(c->body), -1, &r);

		if (got != c->cls || r.cls != got || strcmp(r.shown, c->shown))
			fail_msg("case %zu (%ld \"%s\"): class %d shown \"%s\"", i, c->status,
				 c->body, got, r.shown);
	}
}

static void test_bounds(void **state)
{
	char big[400];
	struct freedns_reply r;

	(void)state;
	memset(big, 'x', sizeof(big));
	memcpy(big, "ERROR ", 6);
	assert_int_equal(freedns_reply_parse(200, big, sizeof(big), -1, &r), FREEDNS_ERROR);
	assert_int_equal(strlen(r.shown), sizeof(r.shown) - 1);
	assert_int_equal(freedns_reply_parse(200, "ERRORX", 4, -1, &r), FREEDNS_UNKNOWN);
	assert_string_equal(r.shown, "ERRO");
	assert_int_equal(freedns_reply_parse(503, NULL, 0, 40, &r), FREEDNS_TRANSIENT);
	assert_int_equal(r.retry_after, 40);
	assert_int_equal(freedns_reply_parse(200, "ERROR", 5, 40, &r), FREEDNS_ERROR);
	assert_int_equal(r.retry_after, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replies),
	    cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
