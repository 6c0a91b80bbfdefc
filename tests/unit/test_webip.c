// SPDX-License-Identifier: MIT
/* Table-driven tests of webip_parse(): bare addresses, Cloudflare trace, and what is refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/webip.h"

struct tcase {
	const char *name;
	const char *body;
	size_t len; /* 0: strlen(body) */
	enum fam fam;
	const char *want; /* expected address, NULL when refused */
	const char *why;  /* substring of the reason when refused */
};

static const struct tcase cases[] = {
    {"v4 bare", "192.0.2.1", 0, FAM_V4, "192.0.2.1", NULL},
    {"v4 newline", "192.0.2.1\n", 0, FAM_V4, "192.0.2.1", NULL},
    {"v4 CRLF", "192.0.2.1\r\n", 0, FAM_V4, "192.0.2.1", NULL},
    {"v4 spaces tabs", " \t 203.0.113.9 \t\r\n\n", 0, FAM_V4, "203.0.113.9", NULL},
    {"v6 bare", "2001:db8::1\n", 0, FAM_V6, "2001:db8::1", NULL},
    {"v6 full form", "2001:0db8:0000:0000:0000:0000:0000:0001", 0, FAM_V6, "2001:db8::1", NULL},
    {"v6 mapped v4 text", "::ffff:192.0.2.1\n", 0, FAM_V6, "::ffff:192.0.2.1", NULL},
    {"trace ip in middle",
     "fl=29f1\nh=1.1.1.1\nip=198.51.100.7\nts=1700000000.1\nvisit_scheme=https\n", 0, FAM_V4,
     "198.51.100.7", NULL},
    {"trace ip last no newline", "fl=29f1\r\nh=one.one.one.one\r\nip=198.51.100.8", 0, FAM_V4,
     "198.51.100.8", NULL},
    {"trace ip first CRLF", "ip=198.51.100.9\r\nloc=NL\r\n", 0, FAM_V4, "198.51.100.9", NULL},
    {"trace v6", "fl=1\nip=2001:db8:1::7\nuag=x y z\n", 0, FAM_V6, "2001:db8:1::7", NULL},
    {"trace two ip lines", "ip=192.0.2.1\nip=192.0.2.2\n", 0, FAM_V4, NULL, "more than one"},
    {"trace ip empty", "fl=1\nip=\nh=x\n", 0, FAM_V4, NULL, "no address"},
    {"trace without ip", "fl=1\nh=x\n", 0, FAM_V4, NULL, "more than one word"},
    {"trace v4 to v6 lookup", "ip=192.0.2.1\n", 0, FAM_V6, NULL,
     "answered an IPv4 address to an IPv6 lookup"},
    {"html", "<html><body>192.0.2.1</body></html>", 0, FAM_V4, NULL, "HTML"},
    {"html doctype", "\n<!DOCTYPE html>\n", 0, FAM_V4, NULL, "HTML"},
    {"json refused", "{\"ip\":\"192.0.2.1\"}", 0, FAM_V4, NULL, "JSON"},
    {"empty", "", 0, FAM_V4, NULL, "empty reply"},
    {"only white space", " \r\n\t", 0, FAM_V4, NULL, "no address"},
    {"two addresses", "192.0.2.1 192.0.2.2\n", 0, FAM_V4, NULL, "more than one word"},
    {"two lines", "192.0.2.1\n192.0.2.2\n", 0, FAM_V4, NULL, "more than one word"},
    {"v6 to v4 lookup", "2001:db8::1\n", 0, FAM_V4, NULL,
     "answered an IPv6 address to an IPv4 lookup"},
    {"v4 to v6 lookup", "192.0.2.1\n", 0, FAM_V6, NULL,
     "answered an IPv4 address to an IPv6 lookup"},
    {"garbage", "hello", 0, FAM_V4, NULL, "not an IPv4 address: \"hello\""},
    {"garbage v6", "hello", 0, FAM_V6, NULL, "not an IPv6 address"},
    {"control chars quoted safely", "a\x01\x7f\"b", 0, FAM_V4, NULL, "\"a???b\""},
    {"embedded NUL", "192.0.2.1\0junk", 15, FAM_V4, NULL, "NUL"},
    {"zone id", "fe80::1%eth0", 0, FAM_V6, NULL, "zone"},
    {"leading zeros", "192.000.002.001", 0, FAM_V4, NULL, "not an IPv4 address"},
    {"leading zero octet", "010.0.2.1", 0, FAM_V4, NULL, "not an IPv4 address"},
    {"short v4 form", "192.1", 0, FAM_V4, NULL, "not an IPv4 address"},
    {"hex v4", "0xc0.0.2.1", 0, FAM_V4, NULL, "not an IPv4 address"},
    {"octet over 255", "192.0.2.256", 0, FAM_V4, NULL, "not an IPv4 address"},
    {"v6 bad", "2001:db8:::1", 0, FAM_V6, NULL, "not an IPv6 address"},
    {"v6 with prefix", "2001:db8::1/64", 0, FAM_V6, NULL, "not an IPv6 address"},
    {"token too long", "2001:0db8:0000:0000:0000:0000:0000:0001:0000:1", 0, FAM_V6, NULL,
     "too long"},
    {"utf8 bom",
     "\xef\xbb\xbf"
     "192.0.2.1",
     0, FAM_V4, NULL, "not an IPv4 address"},
    {"vertical tab is not trimmed", "192.0.2.1\v", 0, FAM_V4, NULL, "not an IPv4"},
};

static void test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tcase *c = &cases[i];
		size_t len = c->len ? c->len : strlen(c->body);
		char why[128] = "", buf[IPADDR_STRLEN];
		struct ipaddr a;
		bool ok;

		memset(&a, 0xa5, sizeof(a));
		ok = webip_parse(c->body, len, c->fam, &a, why, sizeof(why));
		if (c->want) {
			if (!ok)
				fail_msg("%s: refused: %s", c->name, why);
			assert_int_equal(a.family, c->fam == FAM_V4 ? AF_INET : AF_INET6);
			assert_string_equal(ipaddr_ntop(&a, buf), c->want);
		} else {
			if (ok)
				fail_msg("%s: accepted %s", c->name, ipaddr_ntop(&a, buf));
			if (!strstr(why, c->why))
				fail_msg("%s: reason \"%s\" lacks \"%s\"", c->name, why, c->why);
		}
	}
}

static void test_too_long(void **state)
{
	static char body[WEBIP_MAX_BODY + 2];
	char why[64];
	struct ipaddr a;

	(void)state;
	memset(body, ' ', sizeof(body));
	memcpy(body, "192.0.2.1", 9);
	/* Exactly at the cap: white space trimmed, accepted. */
	assert_true(webip_parse(body, WEBIP_MAX_BODY, FAM_V4, &a, why, sizeof(why)));
	assert_false(webip_parse(body, WEBIP_MAX_BODY + 1, FAM_V4, &a, why, sizeof(why)));
	assert_non_null(strstr(why, "longer than 4096"));
}

/* A refused body leaves *out alone; tiny or absent why buffers are safe. */
static void test_out_untouched_and_small_why(void **state)
{
	struct ipaddr a, before;
	char why[4];

	(void)state;
	memset(&a, 0x5a, sizeof(a));
	before = a;
	assert_false(webip_parse("nope", 4, FAM_V4, &a, why, sizeof(why)));
	assert_memory_equal(&a, &before, sizeof(a));
	assert_string_equal(why, "not");
	assert_false(webip_parse("nope", 4, FAM_V4, &a, NULL, 0));
	assert_true(webip_parse("192.0.2.1", 9, FAM_V4, &a, NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_out_untouched_and_small_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
