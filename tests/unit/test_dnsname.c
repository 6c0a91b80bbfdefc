// SPDX-License-Identifier: MIT
/* DNS name syntax and the zone/label split used for alidns RR and DNSPod SubDomain. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/dnsname.h"

static void test_split(void **state)
{
	static const struct {
		const char *name, *zone, *label, *zone_out;
	} cases[] = {
	    {"home.example.com", "example.com", "home", "example.com"},
	    {"example.com", "example.com", "@", "example.com"},
	    {"a.www.example.com", "example.com", "a.www", "example.com"},
	    {"a.www.example.com", "www.example.com", "a", "www.example.com"},
	    {"home.example.co.uk", "example.co.uk", "home", "example.co.uk"},
	    {"Home.Example.COM", "example.com", "Home", "example.com"},
	    {"home.example.com.", "EXAMPLE.com.", "home", "EXAMPLE.com"},
	    {"EXAMPLE.COM", "example.com", "@", "example.com"},
	    {"*.example.com", "example.com", "*", "example.com"},
	    {"_acme.example.com", "example.com", "_acme", "example.com"},
	    {"xn--bcher-kva.example", "example", "xn--bcher-kva", "example"},
	    /* No zone: the first label is the label, the rest the zone. */
	    {"home.example.com", NULL, "home", "example.com"},
	    {"home.example.com", "", "home", "example.com"},
	    {"a.www.example.com", NULL, "a", "www.example.com"},
	    {"home.example.com.", NULL, "home", "example.com"},
	    {"example.com", NULL, "example", "com"},
	};
	char label[DNSNAME_MAX + 1], zone[DNSNAME_MAX + 1];
	struct errbuf err = {{0}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!dnsname_split(cases[i].name, cases[i].zone, label, zone, &err))
			fail_msg("case %zu (%s): %s", i, cases[i].name, err.msg);
		assert_string_equal(label, cases[i].label);
		assert_string_equal(zone, cases[i].zone_out);
	}
}

static void test_split_rejects(void **state)
{
	static const struct {
		const char *name, *zone, *why;
	} cases[] = {
	    {"home.example.org", "example.com", "not inside zone"},
	    {"homeexample.com", "example.com", "not inside zone"},
	    {"example.com", "home.example.com", "not inside zone"},
	    {"xample.com", "example.com", "not inside zone"},
	    {"localhost", NULL, "single label"},
	    {"localhost.", "", "single label"},
	    {"", NULL, "empty"},
	    {".", NULL, "empty"},
	    {"a..example.com", NULL, "empty label"},
	    {".example.com", NULL, "empty label"},
	    {"a.example.com..", NULL, "empty label"},
	    {"home.example.com", "example..com", "empty label"},
	    {"home.example.com", ".", "zone is empty"},
	    {"ho me.example.com", NULL, "byte 3"},
	    {"höme.example.com", NULL, "Punycode"},
	    {"home.example.com", "*.com", "zone \"*.com\": byte 1"},
	    {"a.*.example.com", NULL, "byte 3"},
	    {"-home.example.com", NULL, "starts or ends with '-'"},
	    {"home-.example.com", NULL, "starts or ends with '-'"},
	    {"@.example.com", "example.com", "byte 1"},
	};
	char label[DNSNAME_MAX + 1], zone[DNSNAME_MAX + 1];
	struct errbuf err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (dnsname_split(cases[i].name, cases[i].zone, label, zone, &err))
			fail_msg("case %zu (%s) accepted", i, cases[i].name);
		if (!strstr(err.msg, cases[i].why))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, err.msg, cases[i].why);
		assert_string_equal(label, "");
		assert_string_equal(zone, "");
	}
	assert_false(dnsname_split("a", NULL, label, zone, NULL)); /* err may be NULL */
	assert_true(dnsname_split("a.b", NULL, label, zone, NULL));
}

static void test_lengths(void **state)
{
	char name[300], label[DNSNAME_MAX + 1], zone[DNSNAME_MAX + 1];
	struct errbuf err = {{0}};

	(void)state;
	/* 63-byte label fits, 64 does not. */
	memset(name, 'a', 63);
	strcpy(name + 63, ".example.com");
	assert_true(dnsname_split(name, "example.com", label, zone, &err));
	assert_int_equal(strlen(label), 63);
	memset(name, 'a', 64);
	strcpy(name + 64, ".example.com");
	assert_false(dnsname_split(name, "example.com", label, zone, &err));
	assert_non_null(strstr(err.msg, "label 1 is longer than 63"));

	/* 253 bytes fit (with or without the trailing dot), 254 do not. */
	for (int i = 0; i < 4; i++) {
		memset(name + i * 64, 'b', 63);
		name[i * 64 + 63] = '.';
	}
	name[253] = '\0'; /* 63.63.63.61 = 253 */
	assert_true(dnsname_valid(name, false, &err));
	name[253] = '.';
	name[254] = '\0';
	assert_true(dnsname_valid(name, false, &err));
	name[253] = 'b';
	assert_false(dnsname_valid(name, false, &err));
	assert_non_null(strstr(err.msg, "longer than 253"));
	assert_false(dnsname_valid(NULL, false, &err));
	assert_false(dnsname_valid("*.example.com", false, &err));
	assert_true(dnsname_valid("*.example.com", true, &err));
	assert_false(dnsname_valid("**.example.com", true, &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_split_rejects),
	    cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
