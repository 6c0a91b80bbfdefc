// SPDX-License-Identifier: MIT
/* DuckDNS replies: OK/KO, verbose lines, UPDATED/NOCHANGE, statuses and malformed text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/duckdns_reply.h"

struct tcase {
	long status;
	const char *body;
	enum duckdns_class cls;
	const char *v4; /* NULL: none */
	const char *v6;
	const char *shown;
};

static const struct tcase cases[] = {
    {200, "OK\n192.0.2.1\n2001:db8::1\nUPDATED", DUCKDNS_UPDATED, "192.0.2.1", "2001:db8::1", "OK"},
    {200, "OK\n192.0.2.1\n\nNOCHANGE", DUCKDNS_NOCHANGE, "192.0.2.1", NULL, "OK"},
    {200, "OK\n\n2001:db8::1\nNOCHANGE\n", DUCKDNS_NOCHANGE, NULL, "2001:db8::1", "OK"},
    {200, "OK\r\n192.0.2.1\r\n\r\nUPDATED\r\n", DUCKDNS_UPDATED, "192.0.2.1", NULL, "OK"},
    /* Without verbose: written, nothing more known. */
    {200, "OK", DUCKDNS_UPDATED, NULL, NULL, "OK"},
    {200, "OK\n", DUCKDNS_UPDATED, NULL, NULL, "OK"},
    {200, "KO", DUCKDNS_KO, NULL, NULL, "KO"},
    {200, "KO\n", DUCKDNS_KO, NULL, NULL, "KO"},
    {400, "KO", DUCKDNS_KO, NULL, NULL, "KO"},
    {500, "", DUCKDNS_TRANSIENT, NULL, NULL, "HTTP 500"},
    {503, "<html>", DUCKDNS_TRANSIENT, NULL, NULL, "HTTP 503"},
    {429, "", DUCKDNS_TRANSIENT, NULL, NULL, "HTTP 429"},
    {404, "Not Found", DUCKDNS_MALFORMED, NULL, NULL, "HTTP 404"},
    {401, "OK", DUCKDNS_MALFORMED, NULL, NULL, "HTTP 401"},
    {200, "", DUCKDNS_MALFORMED, NULL, NULL, ""},
    {200, "ok", DUCKDNS_MALFORMED, NULL, NULL, "ok"},
    {200, "OKAY", DUCKDNS_MALFORMED, NULL, NULL, "OKAY"},
    {200, "<html>OK</html>", DUCKDNS_MALFORMED, NULL, NULL, "<html>OK</html>"},
    /* Verbose text that is not DuckDNS's. */
    {200, "OK\n192.0.2.1\n", DUCKDNS_MALFORMED, NULL, NULL, "OK"},
    {200, "OK\n192.0.2.1\n\nCHANGED", DUCKDNS_MALFORMED, NULL, NULL, "OK"},
    {200, "OK\n2001:db8::1\n\nUPDATED", DUCKDNS_MALFORMED, NULL, NULL, "OK"},
    {200, "OK\n192.0.2.1\n192.0.2.2\nUPDATED", DUCKDNS_MALFORMED, NULL, NULL, "OK"},
    {200, "OK\nnot-an-ip\n\nUPDATED", DUCKDNS_MALFORMED, NULL, NULL, "OK"},
    {200, "OK\n192.0.2.1\n\nUPDATED\nmore", DUCKDNS_MALFORMED, NULL, NULL, "OK"},
    {200, "OK\n192.0.2.1\n\nUPDATED\n\n\n", DUCKDNS_UPDATED, "192.0.2.1", NULL, "OK"},
    {200, "OK\n1111111111111111111111111111111111111111111111111111\n\nUPDATED", DUCKDNS_MALFORMED,
     NULL, NULL, "OK"},
};

static void check_addr(const struct ipaddr *a, const char *want, size_t i)
{
	char buf[IPADDR_STRLEN];

	if (!want) {
		if (a->family != AF_UNSPEC)
			fail_msg("case %zu: address %s, want none", i, ipaddr_ntop(a, buf));
		return;
	}
	if (a->family == AF_UNSPEC || strcmp(ipaddr_ntop(a, buf), want))
		fail_msg("case %zu: address %s, want %s", i, ipaddr_ntop(a, buf), want);
}

static void test_replies(void **state)
{
	struct duckdns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		enum duckdns_class got =
		    duckdns_reply_parse(c->status, c->body, strlen(c->body), -1, &r);

		if (got != c->cls || r.cls != got || strcmp(r.shown, c->shown))
			fail_msg("case %zu (%ld \"%s\"): class %d shown \"%s\"", i, c->status,
				 c->body, got, r.shown);
		check_addr(&r.v4, c->v4, i);
		check_addr(&r.v6, c->v6, i);
		assert_int_equal(r.verbose, c->v4 || c->v6 || (got == DUCKDNS_NOCHANGE) ||
						(got == DUCKDNS_UPDATED && strlen(c->body) > 3));
	}
}

static void test_retry_after(void **state)
{
	struct duckdns_reply r;

	(void)state;
	assert_int_equal(duckdns_reply_parse(503, "", 0, 90, &r), DUCKDNS_TRANSIENT);
	assert_int_equal(r.retry_after, 90);
	assert_int_equal(duckdns_reply_parse(200, "KO", 2, 90, &r), DUCKDNS_KO);
	assert_int_equal(r.retry_after, -1);
	/* Bounded body: "OK" then bytes past len are not read. */
	assert_int_equal(duckdns_reply_parse(200, "KOX", 2, -1, &r), DUCKDNS_KO);
	assert_int_equal(duckdns_reply_parse(200, NULL, 0, -1, &r), DUCKDNS_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replies),
	    cmocka_unit_test(test_retry_after),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
