// SPDX-License-Identifier: MIT
/* The provider fingerprint in state entries: what changes it, what does not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/fingerprint.h"

struct sect {
	struct cfg_param p[4];
	struct cfg_provider prov;
};

/* A section of type with up to two plain keys and one secret. */
static void sect(struct sect *s, const char *type, const char *k1, const char *v1, const char *k2,
		 const char *v2, const char *secret_key, const char *secret)
{
	size_t n = 0;

	memset(s, 0, sizeof(*s));
	if (k1) {
		s->p[n].key = (char *)k1;
		s->p[n++].value = (char *)v1;
	}
	if (k2) {
		s->p[n].key = (char *)k2;
		s->p[n++].value = (char *)v2;
	}
	if (secret_key) {
		s->p[n].key = (char *)secret_key;
		s->p[n].is_secret = true;
		assert_int_equal(secret_set(&s->p[n++].secret, secret, strlen(secret)), 0);
	}
	s->prov.name = "p";
	s->prov.type = (char *)type;
	s->prov.params = s->p;
	s->prov.n_params = n;
}

static void fp(struct sect *s, char out[static PROV_FP_LEN])
{
	prov_fingerprint(&s->prov, out);
	for (size_t i = 0; i < s->prov.n_params; i++)
		secret_free(&s->p[i].secret);
}

static void test_fingerprint(void **state)
{
	struct sect s;
	char a[PROV_FP_LEN], b[PROV_FP_LEN];

	(void)state;
	sect(&s, "alidns", "access-key-id", "LTAI5tKEYID", NULL, NULL, "access-key-secret", "S1");
	fp(&s, a);
	assert_int_equal(strlen(a), PROV_FP_LEN - 1);
	assert_int_equal(strspn(a, "0123456789abcdef"), PROV_FP_LEN - 1);
	/* Another secret, another section name: the same account at the same provider. */
	sect(&s, "alidns", "access-key-id", "LTAI5tKEYID", NULL, NULL, "access-key-secret", "S2");
	s.prov.name = "renamed";
	fp(&s, b);
	assert_string_equal(a, b);
	/* Another account. */
	sect(&s, "alidns", "access-key-id", "LTAI5tOTHER", NULL, NULL, "access-key-secret", "S1");
	fp(&s, b);
	assert_string_not_equal(a, b);
	/* Another endpoint. */
	sect(&s, "alidns", "access-key-id", "LTAI5tKEYID", "endpoint", "https://alidns.example",
	     "access-key-secret", "S1");
	fp(&s, b);
	assert_string_not_equal(a, b);
	/* Another type with the same keys' values. */
	sect(&s, "dnspod", "secret-id", "LTAI5tKEYID", NULL, NULL, "secret-key", "S1");
	fp(&s, b);
	assert_string_not_equal(a, b);
	/* Cloudflare: the account is only a secret, so the token is not part of it. */
	sect(&s, "cloudflare", NULL, NULL, NULL, NULL, "token", "t1");
	fp(&s, a);
	sect(&s, "cloudflare", NULL, NULL, NULL, NULL, "token", "t2");
	fp(&s, b);
	assert_string_equal(a, b);
	sect(&s, "cloudflare", "endpoint", "https://192.0.2.1:443/client/v4", NULL, NULL, "token",
	     "t1");
	fp(&s, b);
	assert_string_not_equal(a, b);
	/* rfc2136: server, port and key name. */
	sect(&s, "rfc2136", "server", "192.0.2.53", "tsig-name", "ddnsd-key", "tsig-secret",
	     "a2V5");
	fp(&s, a);
	sect(&s, "rfc2136", "server", "192.0.2.54", "tsig-name", "ddnsd-key", "tsig-secret",
	     "a2V5");
	fp(&s, b);
	assert_string_not_equal(a, b);
	/* An unknown type has none. */
	sect(&s, "nope", NULL, NULL, NULL, NULL, NULL, NULL);
	fp(&s, a);
	assert_string_equal(a, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fingerprint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
