// SPDX-License-Identifier: MIT
/* The hook queue: nothing dropped below the cap, per hook+record+family only the latest. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "agent/hookq.h"

static struct hook_event ev(const char *record, const char *family, const char *addr)
{
	struct hook_event e = {.record = record,
			       .name = "n.example.com",
			       .family = family,
			       .address = addr,
			       .old_address = NULL,
			       .provider = "cf",
			       .result = "ok",
			       .error = ""};

	return e;
}

static void test_latest_per_key(void **state)
{
	struct hookq q = {0};
	struct hookq_item it;
	struct hook_event e;
	bool dropped;

	(void)state;
	e = ev("home", "ipv4", "192.0.2.1");
	assert_int_equal(hookq_push(&q, "/h/change", &e, &dropped), 0);
	e = ev("home", "ipv6", "2001:db8::1");
	assert_int_equal(hookq_push(&q, "/h/change", &e, &dropped), 0);
	e = ev("www", "ipv4", "192.0.2.1");
	assert_int_equal(hookq_push(&q, "/h/change", &e, &dropped), 0);
	e = ev("home", "ipv4", "192.0.2.1");
	assert_int_equal(hookq_push(&q, "/h/failure", &e, &dropped), 0); /* another hook */
	e = ev("home", "ipv4", "192.0.2.3");
	assert_int_equal(hookq_push(&q, "/h/change", &e, &dropped), 1); /* replaces the first */
	assert_false(dropped);
	assert_int_equal(q.n, 4);

	assert_true(hookq_pop(&q, &it));
	e = hookq_event(&it);
	assert_string_equal(it.path, "/h/change");
	assert_string_equal(e.record, "home");
	assert_string_equal(e.family, "ipv4");
	assert_string_equal(e.address, "192.0.2.3"); /* the latest, in the first one's place */
	assert_string_equal(e.old_address, "");
	hookq_item_free(&it);
	assert_true(hookq_pop(&q, &it));
	assert_string_equal(it.family, "ipv6");
	hookq_item_free(&it);
	assert_true(hookq_pop(&q, &it));
	assert_string_equal(it.record, "www");
	hookq_item_free(&it);
	assert_true(hookq_pop(&q, &it));
	assert_string_equal(it.path, "/h/failure");
	hookq_item_free(&it);
	assert_false(hookq_pop(&q, &it));
	hookq_free(&q);
}

static void test_cap(void **state)
{
	struct hookq q = {0};
	struct hookq_item it;
	bool dropped;

	(void)state;
	for (int i = 0; i < HOOKQ_MAX + 3; i++) {
		char rec[16];
		struct hook_event e;

		snprintf(rec, sizeof(rec), "r%d", i);
		e = ev(rec, "ipv4", "192.0.2.1");
		assert_int_equal(hookq_push(&q, "/h", &e, &dropped), 0);
		assert_int_equal(dropped, i >= HOOKQ_MAX);
	}
	assert_int_equal(q.n, HOOKQ_MAX);
	assert_true(hookq_pop(&q, &it));
	assert_string_equal(it.record, "r3"); /* the three oldest went */
	hookq_item_free(&it);
	hookq_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_latest_per_key),
	    cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
