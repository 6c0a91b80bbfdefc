// SPDX-License-Identifier: MIT
/* ddnsd.conf(5)'s "Keys by type" derives from the provider registry: every key a type declares
 * is named in that type's paragraph, secret keys marked '*', and no type is missing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/fileio.h"
#include "providers/provider.h"

#ifndef DDNSD_SRCDIR
#define DDNSD_SRCDIR "."
#endif

/* Keys described once for every type, above the per-type paragraphs. */
static bool shared_key(const char *k)
{
	return strcmp(k, "endpoint") == 0 || strcmp(k, "max-concurrent") == 0;
}

/* The paragraph (".TP" to the next ".TP" or ".SS") whose heading line names the type. */
static char *paragraph(const char *page, const char *type)
{
	const char *p = strstr(page, "Keys by type");

	assert_non_null(p);
	while ((p = strstr(p, "\n.TP\n"))) {
		const char *head = p + 5, *eol = strchr(head, '\n'), *end;
		char line[160];

		p = head;
		if (!eol || (size_t)(eol - head) >= sizeof(line))
			continue;
		memcpy(line, head, (size_t)(eol - head));
		line[eol - head] = '\0';
		/* ".B cloudflare" or ".BR duckdns \", \" freedns": a word of the heading. */
		for (char *w = strtok(line + 3, " \","); w; w = strtok(NULL, " \","))
			if (strcmp(w, type) == 0) {
				const char *tp = strstr(eol, "\n.TP\n"), *ss = strstr(eol, "\n.SS");

				end = tp && (!ss || tp < ss) ? tp : ss;
				assert_non_null(end);
				return strndup(eol, (size_t)(end - eol));
			}
	}
	return NULL;
}

/* The key as a word of the paragraph: ".B key", ".BR key ,", ".BR key *," … */
static const char *find_key(const char *par, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = par; (p = strstr(p, key)); p += kl) {
		char before = p == par ? '\n' : p[-1], after = p[kl];

		if ((before == ' ' || before == '\n') &&
		    (after == ' ' || after == '\n' || after == '*' || after == ','))
			return p;
	}
	return NULL;
}

static void test_keys_by_type(void **state)
{
	char *page = NULL;
	size_t len;

	(void)state;
	assert_int_equal(file_read_bounded(DDNSD_SRCDIR "/docs/ddnsd.conf.5", 1 << 20, &page, &len),
			 0);
	for (size_t i = 0; i < prov_count(); i++) {
		const struct provider_ops *ops = prov_at(i);
		char *par = paragraph(page, ops->name);

		if (!par)
			fail_msg("ddnsd.conf.5: no paragraph for type %s under \"Keys by type\"",
				 ops->name);
		for (const struct config_schema_key *k = ops->keys; k->name; k++) {
			const char *at;

			if (shared_key(k->name))
				continue;
			at = find_key(par, k->name);
			if (!at)
				fail_msg("ddnsd.conf.5: type %s: key %s is not documented",
					 ops->name, k->name);
			/* ".BR token *," sets the mark in roman right after the bold key. */
			at += strlen(k->name);
			if (*at == ' ')
				at++;
			if (k->secret != (*at == '*'))
				fail_msg("ddnsd.conf.5: type %s: key %s is %s but %s marked '*'",
					 ops->name, k->name, k->secret ? "secret" : "not secret",
					 k->secret ? "not" : "");
		}
		free(par);
	}
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys_by_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
