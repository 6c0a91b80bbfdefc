// SPDX-License-Identifier: MIT
/* Zone ids learnt per provider section and zone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>

#include "agent/zonememo.h"

static void test_learn_share_replace(void **state)
{
	struct cfg_provider a = {0}, b = {0};
	struct zonememo m = {0};

	(void)state;
	assert_null(zonememo_get(&m, &a, "example.com"));
	assert_int_equal(zonememo_put(&m, &a, "example.com", "023e105f4ecef8ad9ca31a8372d0c353"),
			 0);
	/* Shared by every record of the section in that zone, whatever its case or final dot. */
	assert_string_equal(zonememo_get(&m, &a, "Example.COM"),
			    "023e105f4ecef8ad9ca31a8372d0c353");
	assert_string_equal(zonememo_get(&m, &a, "example.com."),
			    "023e105f4ecef8ad9ca31a8372d0c353");
	assert_true(zonememo_same_zone("Example.COM.", "example.com"));
	assert_false(zonememo_same_zone("example.com", "xample.com"));
	assert_false(zonememo_same_zone("example.com", "example.co"));
	/* Another section (another account), another zone, no zone: not known. */
	assert_null(zonememo_get(&m, &b, "example.com"));
	assert_null(zonememo_get(&m, &a, "example.net"));
	assert_null(zonememo_get(&m, &a, NULL));
	/* Looked up again: the new id replaces the old one. */
	assert_int_equal(zonememo_put(&m, &a, "EXAMPLE.com", "0123456789abcdef0123456789abcdef"),
			 0);
	assert_string_equal(zonememo_get(&m, &a, "example.com"),
			    "0123456789abcdef0123456789abcdef");
	assert_int_equal(m.n, 1);
	/* Many zones: all kept. */
	for (int i = 0; i < 20; i++) {
		char zone[32];

		snprintf(zone, sizeof(zone), "z%d.example", i);
		assert_int_equal(zonememo_put(&m, &b, zone, "0123456789abcdef0123456789abcdef"), 0);
	}
	assert_int_equal(m.n, 21);
	assert_non_null(zonememo_get(&m, &b, "z19.example"));
	zonememo_clear(&m);
	assert_null(zonememo_get(&m, &a, "example.com"));
	assert_int_equal(m.n, 0);
}

/* One job asks; the others see it asking until it is done, found or not. */
static void test_asking(void **state)
{
	struct cfg_provider a = {0};
	struct zonememo m = {0};
	int j1, j2;

	(void)state;
	assert_null(zonememo_asking(&m, &a, "example.com"));
	assert_int_equal(zonememo_ask(&m, &a, "example.com", &j1), 0);
	assert_ptr_equal(zonememo_asking(&m, &a, "example.com"), &j1);
	/* Asked, not known yet. */
	assert_null(zonememo_get(&m, &a, "example.com"));
	assert_false(zonememo_asked(&m, &j2));
	/* Not found: nobody asks, the next job will. */
	assert_true(zonememo_asked(&m, &j1));
	assert_null(zonememo_asking(&m, &a, "example.com"));
	assert_null(zonememo_get(&m, &a, "example.com"));
	/* Found: known, and nobody needs to wait. */
	assert_int_equal(zonememo_ask(&m, &a, "example.com", &j2), 0);
	assert_int_equal(zonememo_put(&m, &a, "example.com", "0123456789abcdef0123456789abcdef"),
			 0);
	assert_null(zonememo_asking(&m, &a, "example.com"));
	assert_true(zonememo_asked(&m, &j2));
	assert_string_equal(zonememo_get(&m, &a, "example.com"),
			    "0123456789abcdef0123456789abcdef");
	/* Cancelled jobs: nobody asks any more. */
	assert_int_equal(zonememo_ask(&m, &a, "example.net", &j1), 0);
	zonememo_unask_all(&m);
	assert_null(zonememo_asking(&m, &a, "example.net"));
	zonememo_clear(&m);
}

/* An account's zones: a name's zone is the longest listed one that holds it, by labels. */
static void test_listed_longest(void **state)
{
	struct cfg_provider a = {0}, b = {0};
	struct zonememo m = {0};
	struct prov_list zones = {0};
	const char *names[] = {"example.com", "sub.example.com", "ample.com", "example.net"};

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct prov_listed e = {.fam = FAM_N};

		snprintf(e.name, sizeof(e.name), "%s", names[i]);
		snprintf(e.id, sizeof(e.id), "0123456789abcdef0123456789abcd%02zu", i);
		assert_int_equal(prov_list_add(&zones, &e), 0);
	}
	/* Not listed yet: nothing is known, even of a zone learnt one by one. */
	assert_int_equal(zonememo_put(&m, &a, "other.org", "0123456789abcdef0123456789abcdef"), 0);
	assert_false(zonememo_listed(&m, &a));
	assert_null(zonememo_longest(&m, &a, "h.other.org"));
	assert_int_equal(zonememo_put_listed(&m, &a, &zones), 0);
	assert_true(zonememo_listed(&m, &a));
	assert_false(zonememo_listed(&m, &b));
	assert_string_equal(zonememo_longest(&m, &a, "h1.example.com"), "example.com");
	assert_string_equal(zonememo_longest(&m, &a, "a.h1.sub.example.com"), "sub.example.com");
	/* The apex itself, and case. */
	assert_string_equal(zonememo_longest(&m, &a, "SUB.example.com"), "sub.example.com");
	/* By labels, not characters: "xample.com" is not in "ample.com". */
	assert_null(zonememo_longest(&m, &a, "h.xample.org"));
	assert_string_equal(zonememo_longest(&m, &a, "h.ample.com"), "ample.com");
	assert_null(zonememo_longest(&m, &a, "h.other.org")); /* learnt, not listed */
	assert_null(zonememo_longest(&m, &b, "h1.example.com"));
	assert_string_equal(zonememo_get(&m, &a, "sub.example.com"),
			    "0123456789abcdef0123456789abcd01");
	/* Listed again (a reload keeps nothing, but a second list must not count twice). */
	assert_int_equal(zonememo_put_listed(&m, &a, &zones), 0);
	assert_int_equal(m.n_listed, 1);
	prov_list_free(&zones);
	zonememo_clear(&m);
	assert_false(zonememo_listed(&m, &a));
}

static void test_refuses_bad(void **state)
{
	struct cfg_provider a = {0};
	struct zonememo m = {0};

	(void)state;
	assert_int_equal(zonememo_put(&m, &a, "", "0123456789abcdef"), -EINVAL);
	assert_int_equal(zonememo_put(&m, &a, NULL, "0123456789abcdef"), -EINVAL);
	assert_int_equal(zonememo_put(&m, &a, "example.com", ""), -EINVAL);
	assert_int_equal(zonememo_put(&m, &a, "example.com", "a\"b"), -EINVAL);
	assert_int_equal(m.n, 0);
	zonememo_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_learn_share_replace),
	    cmocka_unit_test(test_asking),
	    cmocka_unit_test(test_listed_longest),
	    cmocka_unit_test(test_refuses_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
