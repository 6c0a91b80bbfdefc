// SPDX-License-Identifier: MIT
/* IDN names to Punycode: conversions, ASCII pass-through, refusals, the zone/label split. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "providers/idn.h"

static void test_to_ascii(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"münchen.example", "xn--mnchen-3ya.example"},
	    {"MÜNCHEN.Example.", "xn--mnchen-3ya.example"},
	    {"例子.测试", "xn--fsqu00a.xn--0zwm56d"},
	    /* The ideographic full stop separates labels too (UTS #46 mapping). */
	    {"例子。测试", "xn--fsqu00a.xn--0zwm56d"},
	    {"home.bücher.example.com", "home.xn--bcher-kva.example.com"},
	    /* Non-transitional: ß stays a letter of its own. */
	    {"straße.example", "xn--strae-oqa.example"},
	    {"faß.de", "xn--fa-hia.de"},
	    /* A joiner out of context: refused by the non-transitional rules, dropped by the
	     * transitional ones (the fallback). */
	    {"a\u200db.example", "ab.example"},
	    /* ASCII passes as it is, lower-cased; IDNA would refuse some of these labels. */
	    {"Home.Example.COM", "home.example.com"},
	    {"home.example.com.", "home.example.com"},
	    {"_acme-challenge.example.com", "_acme-challenge.example.com"},
	    {"_acme-challenge.bücher.example", "_acme-challenge.xn--bcher-kva.example"},
	    {"*.example.com", "*.example.com"},
	    {"xn--mnchen-3ya.example", "xn--mnchen-3ya.example"},
	    {"localhost", "localhost"},
	};
	char out[IDN_MAX];
	struct errbuf err = {{0}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = idn_to_ascii(cases[i].in, out, &err);

		if (ret)
			fail_msg("%s: %s", cases[i].in, err.msg);
		assert_string_equal(out, cases[i].out);
	}
}

static void expect_refused(const char *name, const char *needle)
{
	char out[IDN_MAX];
	struct errbuf err = {{0}};

	assert_int_equal(idn_to_ascii(name, out, &err), -EINVAL);
	assert_string_equal(out, "");
	if (!strstr(err.msg, needle))
		fail_msg("\"%s\": wanted \"%s\" in \"%s\"", name, needle, err.msg);
}

/* labels of n distinct CJK characters (U+4E00 + 37 i), joined by dots. */
static void cjk(char *buf, unsigned n, unsigned labels)
{
	size_t pos = 0;

	for (unsigned l = 0; l < labels; l++) {
		for (unsigned i = 0; i < n; i++) {
			unsigned cp = 0x4e00 + 37 * (i + l);

			buf[pos++] = (char)(0xe0 | (cp >> 12));
			buf[pos++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			buf[pos++] = (char)(0x80 | (cp & 0x3f));
		}
		buf[pos++] = l + 1 < labels ? '.' : '\0';
	}
}

static void test_refused(void **state)
{
	char long_ascii[300], long_idn[600], long_label[80];
	size_t i, n = 0;

	(void)state;
	expect_refused(NULL, "missing");
	expect_refused("", "empty");
	expect_refused(".", "empty");
	expect_refused("a..example", "empty label");
	expect_refused(".example", "empty label");
	/* Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', a
	 * UTF-16 surrogate, a code point above U+10FFFF. */
	expect_refused("a\x80.example", "byte 2 is not valid UTF-8");
	expect_refused("m\xc3.example", "byte 2 is not valid UTF-8");
	expect_refused("\xc0\xaf.example", "byte 1 is not valid UTF-8");
	expect_refused("\xed\xa0\x80.example", "byte 1 is not valid UTF-8");
	expect_refused("\xf4\x90\x80\x80.example", "byte 1 is not valid UTF-8");
	expect_refused("a\nb.example", "control character");
	/* IDNA refuses a label with a leading combining mark. */
	expect_refused("\xcc\x88x.example", "cannot be converted to Punycode");

	/* 254 ASCII bytes: one too many. */
	for (i = 0; i < 3; i++) {
		memset(long_ascii + n, 'a', 63);
		n += 63;
		long_ascii[n++] = '.';
	}
	memset(long_ascii + n, 'b', 62);
	long_ascii[n + 62] = '\0';
	assert_int_equal(strlen(long_ascii), 254);
	expect_refused(long_ascii, "longer than 253");
	long_ascii[253] = '\0'; /* exactly 253 is fine */
	{
		char out[IDN_MAX];

		assert_int_equal(idn_to_ascii(long_ascii, out, NULL), 0);
		assert_int_equal(strlen(out), 253);
	}
	/* Short Unicode names whose Punycode form is too long: a label of 30 distinct CJK
	 * characters (90 bytes of UTF-8, ~68 in Punycode), and six labels of 20 (~275). */
	cjk(long_idn, 30, 1);
	expect_refused(long_idn, "too large"); /* libidn2's own limit */
	cjk(long_idn, 20, 6);
	expect_refused(long_idn, "longer than 253 bytes");
	memset(long_label, 'a', 64);
	strcpy(long_label + 64, ".example");
	expect_refused(long_label, "longer than 63 bytes");
}

static void test_to_unicode(void **state)
{
	char out[IDN_MAX];

	(void)state;
	assert_int_equal(idn_to_unicode("xn--mnchen-3ya.example", out, sizeof(out)), 0);
	assert_string_equal(out, "münchen.example");
	assert_int_equal(idn_to_unicode("xn--fsqu00a.xn--0zwm56d", out, sizeof(out)), 0);
	assert_string_equal(out, "例子.测试");
	assert_int_equal(idn_to_unicode("home.example.com", out, sizeof(out)), 0);
	assert_string_equal(out, "home.example.com");
	assert_int_equal(idn_to_unicode("xn--mnchen-3ya.example", out, 8), -EINVAL);
	assert_int_equal(idn_to_unicode(NULL, out, sizeof(out)), -EINVAL);
}

static void test_split(void **state)
{
	static const struct {
		const char *name, *zone, *fqdn, *label, *zone_out;
	} cases[] = {
	    {"Home.Example.com", "example.COM.", "home.example.com", "home", "example.com"},
	    {"home.münchen.example", NULL, "home.xn--mnchen-3ya.example", "home",
	     "xn--mnchen-3ya.example"},
	    {"家.例子.测试", "例子.测试", "xn--fct.xn--fsqu00a.xn--0zwm56d", "xn--fct",
	     "xn--fsqu00a.xn--0zwm56d"},
	    {"例子.测试", "xn--fsqu00a.xn--0zwm56d", "xn--fsqu00a.xn--0zwm56d", "@",
	     "xn--fsqu00a.xn--0zwm56d"},
	    {"a.www.example.com", "", "a.www.example.com", "a", "www.example.com"},
	    {"_acme-challenge.example.com", "example.com", "_acme-challenge.example.com",
	     "_acme-challenge", "example.com"},
	};
	char fqdn[IDN_MAX], label[DNSNAME_MAX + 1], zone[DNSNAME_MAX + 1];
	struct errbuf err = {{0}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (idn_split(cases[i].name, cases[i].zone, fqdn, label, zone, &err))
			fail_msg("%s: %s", cases[i].name, err.msg);
		assert_string_equal(fqdn, cases[i].fqdn);
		assert_string_equal(label, cases[i].label);
		assert_string_equal(zone, cases[i].zone_out);
	}
	assert_int_equal(idn_split("home.example.org", "example.com", fqdn, label, zone, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "not inside zone"));
	assert_int_equal(idn_split("localhost", NULL, fqdn, label, zone, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "single label"));
	assert_int_equal(idn_split("home.example.com", "a\xff", fqdn, label, zone, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "UTF-8"));
	/* Characters dnsname refuses even after conversion. */
	assert_int_equal(idn_split("a b.example.com", NULL, fqdn, label, zone, &err), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_to_ascii),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_to_unicode),
	    cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
