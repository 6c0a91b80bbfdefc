// SPDX-License-Identifier: MIT
/* resolve.c: rfc2136 server names resolved in a thread and applied on the loop ("localhost",
 * from /etc/hosts: no DNS query leaves the machine), nothing to do for addresses, and a cancel
 * while the thread still runs. A name that does not resolve: tests/netns/lib_rfc2136.sh. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "agent/config.h"
#include "agent/config_errors.h"
#include "agent/resolve.h"

static const char conf_text[] = "[provider byname]\n"
				"type = rfc2136\n"
				"server = localhost\n"
				"tsig-name = k\n"
				"tsig-secret = c2VjcmV0\n"
				"[provider byaddr]\n"
				"type = rfc2136\n"
				"server = 192.0.2.53\n"
				"tsig-name = k\n"
				"tsig-secret = c2VjcmV0\n"
				"[record r]\n"
				"name = home.example.test\n"
				"provider = byname\n";

static struct config *parse(const char *text)
{
	struct cfg_errors errs = {0};
	struct config *cfg = config_parse_string(text, "test.conf", &errs);

	for (size_t i = 0; i < errs.n; i++)
		print_error("%s\n", errs.msgs[i]);
	assert_int_equal(errs.n, 0);
	cfg_errors_free(&errs);
	return cfg;
}

static struct cfg_provider *section(struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_providers; i++)
		if (!strcmp(cfg->providers[i].name, name))
			return &cfg->providers[i];
	fail_msg("no provider %s", name);
	return NULL;
}

struct waiter {
	struct ev_loop *loop;
	int calls;
};

static void done(void *arg)
{
	struct waiter *w = arg;

	w->calls++;
	ev_break(w->loop, EVBREAK_ALL);
}

static void guard(struct ev_loop *loop, ev_timer *t, int revents)
{
	(void)t;
	(void)revents;
	ev_break(loop, EVBREAK_ALL);
}

static void test_resolve_names(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct config *cfg = parse(conf_text);
	struct waiter w = {.loop = loop};
	struct resolve *r;
	const char *addr;
	ev_timer t;

	(void)state;
	assert_true(resolve_waiting(section(cfg, "byname")));
	assert_false(resolve_waiting(section(cfg, "byaddr")));
	r = resolve_start(loop, cfg, done, &w);
	assert_non_null(r);
	assert_int_equal(w.calls, 0); /* only from the loop */
	ev_timer_init(&t, guard, 20., 0.);
	ev_timer_start(loop, &t);
	ev_run(loop, 0);
	ev_timer_stop(loop, &t);
	assert_int_equal(w.calls, 1);
	resolve_apply(r, cfg);
	addr = cfg_provider_get(section(cfg, "byname"), "server-address");
	assert_non_null(addr);
	assert_true(!strcmp(addr, "127.0.0.1") || !strcmp(addr, "::1"));
	assert_false(resolve_waiting(section(cfg, "byname")));
	assert_null(cfg_provider_get(section(cfg, "byaddr"), "server-address"));
	config_free(cfg);
	ev_loop_destroy(loop);
}

static void test_nothing_to_do_and_cancel(void **state)
{
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	struct config *cfg = parse("[provider a]\ntype = rfc2136\nserver = 2001:db8::53\n"
				   "tsig-name = k\ntsig-secret = c2VjcmV0\n");
	struct config *names = parse(conf_text);
	struct waiter w = {.loop = loop};
	struct resolve *r;

	(void)state;
	errno = EINVAL;
	assert_null(resolve_start(loop, cfg, done, &w));
	assert_int_equal(errno, 0);
	/* cancelled at once: the thread finishes on its own, done is never called, and
	 * nothing it touches is freed under it (ASan and valgrind watch) */
	r = resolve_start(loop, names, done, &w);
	assert_non_null(r);
	resolve_cancel(r);
	config_free(names);
	ev_run(loop, EVRUN_NOWAIT);
	usleep(300 * 1000);
	ev_run(loop, EVRUN_NOWAIT);
	assert_int_equal(w.calls, 0);
	resolve_cancel(NULL);
	config_free(cfg);
	ev_loop_destroy(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_resolve_names),
	    cmocka_unit_test(test_nothing_to_do_and_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
