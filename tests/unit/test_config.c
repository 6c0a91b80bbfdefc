// SPDX-License-Identifier: MIT
/* The configuration parser: every key, every class of error, secrets and file permissions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/config.h"
#include "agent/config_load.h"
#include "agent/config_secrets.h"
#include "agent/config_schema.h"
#include "agent/config_values.h"

#define FILE_NAME "t.conf"

static struct config *parse(const char *text, struct cfg_errors *errs)
{
	return config_parse_string(text, FILE_NAME, errs);
}

/* Print the messages when a test is about to fail on them. */
static void dump(const struct cfg_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		print_message("  error: %s\n", e->msgs[i]);
}

static bool has_err(const struct cfg_errors *e, const char *needle)
{
	for (size_t i = 0; i < e->n; i++)
		if (strstr(e->msgs[i], needle))
			return true;
	return false;
}

/* The 1-based line of text holding needle. */
static int line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	int line = 1;

	assert_non_null(at);
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

static const struct cfg_provider *prov(const struct config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_providers; i++)
		if (strcmp(cfg->providers[i].name, name) == 0)
			return &cfg->providers[i];
	fail_msg("no provider %s", name);
	return NULL;
}

static const struct cfg_param *param(const struct cfg_provider *p, const char *key)
{
	for (size_t i = 0; i < p->n_params; i++)
		if (strcmp(p->params[i].key, key) == 0)
			return &p->params[i];
	return NULL;
}

/* ---- a full, valid file ---- */

static const char good[] =
    "\xef\xbb\xbf# every key of every section\n"
    "[agent]\n"
    "poll-interval = 2m\n"
    "settle = 0\n"
    "min-interval = 1.5s\n"
    "verify-interval = 2h\n"
    "state-dir = /tmp/state\n"
    "runtime-dir = /tmp/run\n"
    "web-ipv4 = https://a.example/ip, https://b.example:8443/v4\n"
    "web-ipv6 = https://[2001:db8::1]/ip\n"
    "ca-file = /etc/ssl/extra.pem   ; an inline comment\n"
    "on-change = /etc/ddnsd/hooks/on-change\n"
    "on-failure = /etc/ddnsd/hooks/on-failure\r\n"
    "contact = admin@example.com\n"
    "\n"
    "  [provider cf]    ; indented, with a comment\n"
    "  type = cloudflare\n"
    "  token = cf-inline-token\n"
    "  endpoint = https://api.cloudflare.com/client/v4\n"
    "  max-concurrent = 8\n"
    "  comment = set by ddnsd\n"
    "[provider ali]\n"
    "access-key-id = LTAI5tExample\n"
    "access-key-secret = env:ALI_SECRET\n"
    "endpoint = https://alidns.aliyuncs.com\n"
    "type = alidns\n"
    "[provider pod]\n"
    "type = dnspod\n"
    "secret-id = AKIDz8krbsJ5\n"
    "secret-key-file = /etc/ddnsd/dnspod.key\n"
    "endpoint = https://dnspod.tencentcloudapi.com\n"
    "[provider noip]\n"
    "type = dyndns2\n"
    "server = dynupdate.no-ip.com\n"
    "username = user@example.com\n"
    "password = cred:noip-pass\n"
    "endpoint = https://dynupdate.no-ip.com/nic/update\n"
    "[provider duck]\n"
    "type = duckdns\n"
    "token = duck-token\n"
    "endpoint = https://www.duckdns.org/update\n"
    "[provider afraid]\n"
    "type = freedns\n"
    "token = afraid-token\n"
    "endpoint = https://freedns.afraid.org\n"
    "[provider bind]\n"
    "type = rfc2136\n"
    "server = 192.0.2.53\n"
    "port = 5353\n"
    "tsig-name = ddns-key.example.com.\n"
    "tsig-algorithm = HMAC-SHA512\n"
    "tsig-secret = c2VjcmV0LWtleQ==\n"
    "[provider hook]\n"
    "type = custom\n"
    "url = https://dyn.example.net/update?host={name}&ip={ip}&v6={ipv6}&key=abc\n"
    "method = post\n"
    "body = {\"ip\":\"{ipv4}\"}\n"
    "success = OK\n"
    "max-concurrent = 1\n"
    "[record home]\n"
    "name = Home.Example.com.\n"
    "provider = cf\n"
    "zone = example.com\n"
    "ipv4 = web:https://c.example/ip,https://d.example/ip\n"
    "ipv6 = interface:eth0, wan1\n"
    "ipv6-suffix = ::1234\n"
    "ttl = 120\n"
    "proxied = yes\n"
    "allow-private = on\n"
    "[record nas]\n"
    "name = nas.example.com\n"
    "provider = bind\n"
    "ipv4 = fixed:192.0.2.10\n"
    "ipv6 = off\n"
    "proxied = false\n"
    "[record wild]\n"
    "name = *.example.org\n"
    "provider = hook\n"
    "ipv4 = web\n"
    "ipv6 = fixed:2001:db8::10\n"
    "[record more]\n"
    "name = home.example.com\n"
    "provider = ali\n";

static void test_good_agent(void **state)
{
	struct cfg_errors errs = {0};
	struct config *cfg = parse(good, &errs);
	const struct cfg_agent *a;

	(void)state;
	dump(&errs);
	assert_non_null(cfg);
	assert_int_equal(errs.n, 0);
	assert_string_equal(cfg->path, FILE_NAME);
	a = &cfg->agent;
	assert_true(a->poll_interval == 120);
	assert_true(a->settle == 0);
	assert_true(a->min_interval == 1.5);
	assert_true(a->verify_interval == 7200);
	assert_string_equal(a->state_dir, "/tmp/state");
	assert_string_equal(a->runtime_dir, "/tmp/run");
	assert_int_equal(a->n_web[FAM_V4], 2);
	assert_string_equal(a->web[FAM_V4][0], "https://a.example/ip");
	assert_string_equal(a->web[FAM_V4][1], "https://b.example:8443/v4");
	assert_int_equal(a->n_web[FAM_V6], 1);
	assert_string_equal(a->web[FAM_V6][0], "https://[2001:db8::1]/ip");
	assert_string_equal(a->ca_file, "/etc/ssl/extra.pem");
	assert_string_equal(a->on_change, "/etc/ddnsd/hooks/on-change");
	assert_string_equal(a->on_failure, "/etc/ddnsd/hooks/on-failure");
	assert_string_equal(a->contact, "admin@example.com");
	assert_true(cfg->has_inline_secret);
	assert_int_equal(cfg->inline_secret_line, line_of(good, "cf-inline-token"));
	config_free(cfg);
	cfg_errors_free(&errs);
}

static void test_good_providers(void **state)
{
	struct cfg_errors errs = {0};
	struct config *cfg = parse(good, &errs);
	const struct cfg_provider *p;
	const struct cfg_param *prm;

	(void)state;
	dump(&errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(cfg->n_providers, 8);

	p = prov(cfg, "cf");
	assert_string_equal(p->type, "cloudflare");
	assert_int_equal(p->line, line_of(good, "[provider cf]"));
	assert_string_equal(cfg_provider_get(p, "endpoint"),
			    "https://api.cloudflare.com/client/v4");
	assert_string_equal(cfg_provider_get(p, "max-concurrent"), "8");
	assert_string_equal(cfg_provider_get(p, "comment"), "set by ddnsd");
	assert_null(cfg_provider_get(p, "token")); /* secrets are not plain values */
	assert_string_equal(secret_reveal(cfg_provider_secret(p, "token")), "cf-inline-token");
	prm = param(p, "token");
	assert_true(prm->is_secret);
	assert_null(prm->value);
	assert_int_equal(prm->secret_src, CFG_SECRET_INLINE);
	assert_null(prm->secret_ref);
	assert_int_equal(prm->line, line_of(good, "cf-inline-token"));

	p = prov(cfg, "ali");
	assert_string_equal(p->type, "alidns");
	assert_string_equal(cfg_provider_get(p, "access-key-id"), "LTAI5tExample");
	prm = param(p, "access-key-secret");
	assert_int_equal(prm->secret_src, CFG_SECRET_ENV);
	assert_string_equal(prm->secret_ref, "ALI_SECRET");
	assert_false(secret_is_set(&prm->secret)); /* not resolved by the pure parser */
	assert_non_null(cfg_provider_secret(p, "access-key-secret"));
	assert_string_equal(cfg_provider_get(p, "max-concurrent"), "4"); /* the default */

	p = prov(cfg, "pod");
	assert_string_equal(cfg_provider_get(p, "secret-id"), "AKIDz8krbsJ5");
	prm = param(p, "secret-key");
	assert_non_null(prm); /* stored under the canonical key, not "secret-key-file" */
	assert_null(param(p, "secret-key-file"));
	assert_int_equal(prm->secret_src, CFG_SECRET_FILE);
	assert_string_equal(prm->secret_ref, "/etc/ddnsd/dnspod.key");

	p = prov(cfg, "noip");
	assert_string_equal(cfg_provider_get(p, "server"), "dynupdate.no-ip.com");
	assert_string_equal(cfg_provider_get(p, "username"), "user@example.com");
	prm = param(p, "password");
	assert_int_equal(prm->secret_src, CFG_SECRET_CRED);
	assert_string_equal(prm->secret_ref, "noip-pass");

	p = prov(cfg, "duck");
	assert_string_equal(secret_reveal(cfg_provider_secret(p, "token")), "duck-token");
	p = prov(cfg, "afraid");
	assert_string_equal(p->type, "freedns");
	assert_string_equal(secret_reveal(cfg_provider_secret(p, "token")), "afraid-token");

	p = prov(cfg, "bind");
	assert_string_equal(cfg_provider_get(p, "server"), "192.0.2.53");
	assert_string_equal(cfg_provider_get(p, "port"), "5353");
	assert_string_equal(cfg_provider_get(p, "tsig-name"), "ddns-key.example.com");
	assert_string_equal(cfg_provider_get(p, "tsig-algorithm"), "hmac-sha512");
	assert_string_equal(secret_reveal(cfg_provider_secret(p, "tsig-secret")),
			    "c2VjcmV0LWtleQ==");
	assert_null(cfg_provider_get(p, "endpoint"));

	p = prov(cfg, "hook");
	assert_null(cfg_provider_get(p, "url"));
	assert_string_equal(secret_reveal(cfg_provider_secret(p, "url")),
			    "https://dyn.example.net/update?host={name}&ip={ip}&v6={ipv6}&key=abc");
	assert_string_equal(cfg_provider_get(p, "method"), "POST");
	assert_string_equal(cfg_provider_get(p, "body"), "{\"ip\":\"{ipv4}\"}");
	assert_string_equal(cfg_provider_get(p, "success"), "OK");
	assert_string_equal(cfg_provider_get(p, "max-concurrent"), "1");
	assert_null(cfg_provider_get(p, "nonexistent"));
	assert_null(cfg_provider_secret(p, "token"));
	config_free(cfg);
	cfg_errors_free(&errs);
}

static void test_good_records(void **state)
{
	struct cfg_errors errs = {0};
	struct config *cfg = parse(good, &errs);
	const struct cfg_record *r;
	char buf[IPADDR_STRLEN];
	struct ipaddr a = {.family = AF_INET6};

	(void)state;
	dump(&errs);
	assert_int_equal(errs.n, 0);
	assert_int_equal(cfg->n_records, 4);

	r = &cfg->records[0];
	assert_string_equal(r->section, "home");
	assert_int_equal(r->line, line_of(good, "[record home]"));
	assert_string_equal(r->name, "Home.Example.com"); /* trailing dot dropped */
	assert_string_equal(r->provider_name, "cf");
	assert_ptr_equal(r->provider, prov(cfg, "cf"));
	assert_string_equal(r->zone, "example.com");
	assert_int_equal(r->src[FAM_V4].kind, CFG_SRC_WEB);
	assert_int_equal(r->src[FAM_V4].n_urls, 2);
	assert_string_equal(r->src[FAM_V4].urls[0], "https://c.example/ip");
	assert_string_equal(r->src[FAM_V4].urls[1], "https://d.example/ip");
	assert_int_equal(r->src[FAM_V6].kind, CFG_SRC_INTERFACE);
	assert_int_equal(r->src[FAM_V6].n_ifs, 2);
	assert_string_equal(r->src[FAM_V6].ifnames[0], "eth0");
	assert_string_equal(r->src[FAM_V6].ifnames[1], "wan1");
	assert_true(r->has_suffix);
	a.v6 = r->suffix;
	assert_string_equal(ipaddr_ntop(&a, buf), "::1234");
	assert_int_equal(r->ttl, 120);
	assert_int_equal(r->proxied, 1);
	assert_true(r->allow_private);

	r = &cfg->records[1];
	assert_ptr_equal(r->provider, prov(cfg, "bind"));
	assert_null(r->zone);
	assert_int_equal(r->src[FAM_V4].kind, CFG_SRC_FIXED);
	assert_string_equal(ipaddr_ntop(&r->src[FAM_V4].fixed, buf), "192.0.2.10");
	assert_int_equal(r->src[FAM_V6].kind, CFG_SRC_OFF);
	assert_false(r->has_suffix);
	assert_int_equal(r->ttl, 0);
	assert_int_equal(r->proxied, 0);
	assert_false(r->allow_private);

	r = &cfg->records[2];
	assert_string_equal(r->name, "*.example.org");
	assert_int_equal(r->src[FAM_V4].kind, CFG_SRC_WEB);
	assert_int_equal(r->src[FAM_V4].n_urls, 0); /* the agent's web-ipv4 list */
	assert_int_equal(r->src[FAM_V6].kind, CFG_SRC_FIXED);
	assert_string_equal(ipaddr_ntop(&r->src[FAM_V6].fixed, buf), "2001:db8::10");

	/* The same name with another provider is allowed; defaults are auto and "not set". */
	r = &cfg->records[3];
	assert_int_equal(r->src[FAM_V4].kind, CFG_SRC_AUTO);
	assert_int_equal(r->src[FAM_V6].kind, CFG_SRC_AUTO);
	assert_int_equal(r->proxied, -1);
	config_free(cfg);
	cfg_errors_free(&errs);
}

static void check_defaults(const struct config *cfg)
{
	const struct cfg_agent *a = &cfg->agent;

	assert_true(a->poll_interval == 300);
	assert_true(a->settle == 0.05);
	assert_true(a->min_interval == 10);
	assert_true(a->verify_interval == 3600);
	assert_string_equal(a->state_dir, "/var/lib/ddnsd");
	assert_string_equal(a->runtime_dir, "/run/ddnsd");
	assert_int_equal(a->n_web[FAM_V4], 3);
	assert_string_equal(a->web[FAM_V4][0], "https://api.ipify.org");
	assert_string_equal(a->web[FAM_V4][1], "https://ipv4.icanhazip.com");
	assert_string_equal(a->web[FAM_V4][2], "https://ifconfig.me/ip");
	assert_int_equal(a->n_web[FAM_V6], 2);
	assert_string_equal(a->web[FAM_V6][0], "https://api6.ipify.org");
	assert_string_equal(a->web[FAM_V6][1], "https://ipv6.icanhazip.com");
	assert_null(a->ca_file);
	assert_null(a->on_change);
	assert_null(a->on_failure);
	assert_null(a->contact);
	assert_int_equal(cfg->n_providers, 0);
	assert_int_equal(cfg->n_records, 0);
	assert_false(cfg->has_inline_secret);
}

static void test_defaults(void **state)
{
	static const char *const texts[] = {"", "\n\n; only comments\n# and more\n", "[agent]\n"};
	struct cfg_errors errs = {0};
	struct config *cfg = config_defaults();

	(void)state;
	assert_non_null(cfg);
	assert_string_equal(cfg->path, "(defaults)");
	check_defaults(cfg);
	config_free(cfg);
	config_free(NULL);
	/* A file without records is valid: the agent then has nothing to do. */
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cfg = parse(texts[i], &errs);
		dump(&errs);
		assert_int_equal(errs.n, 0);
		check_defaults(cfg);
		config_free(cfg);
	}
}

/* ---- every class of error ---- */

struct bad_case {
	const char *text;
	const char *want; /* one message holds this, "t.conf:LINE: KEY: …" */
	size_t n;	  /* number of messages */
};

#define CF  "[provider cf]\ntype = cloudflare\ntoken = env:T\n"
#define REC "[record r]\nname = h.example.com\nprovider = cf\n"

/* One case per entry: easier to read than what clang-format makes of this table. */
/* clang-format off */
static const struct bad_case bad_cases[] = {
	/* structure */
	{ "[agnet]\n",
	  "t.conf:1: [agnet]: unknown section; expected [agent], [provider NAME] or [record "
	  "NAME]", 1 },
	{ "[agent\n",
	  "t.conf:1: syntax error: no ']'", 1 },
	{ "[agent] x\n",
	  "t.conf:1: syntax error: text after ']'", 1 },
	{ "[agent] # comment\n[agent]\n",
	  "t.conf:2: [agent]: a second [agent] section (the first is at line 1)", 1 },
	{ "[agent foo]\n",
	  "t.conf:1: [agent foo]: unknown section", 1 },
	{ "[provider]\n",
	  "t.conf:1: [provider]: \"\" is not a section name", 1 },
	{ "[record a/b]\n",
	  "t.conf:1: [record]: \"a/b\" is not a section name", 1 },
	{ "poll-interval = 5m\n",
	  "t.conf:1: poll-interval: outside any section", 1 },
	{ "[agent]\npoll-interval\n",
	  "t.conf:2: syntax error; expected `key = value` or `[section]`", 1 },
	{ "[agent]\n= 5\n",
	  "t.conf:2: syntax error: no key before '='", 1 },
	{ "[agent]\npoll = 5\n",
	  "t.conf:2: poll: unknown key in [agent]; expected one of poll-interval, settle, "
	  "min-interval, verify-interval, state-dir, runtime-dir, web-ipv4, web-ipv6, ca-file, "
	  "on-change, on-failure, failure-after, contact", 1 },
	{ "[agent]\ncontact = me\x7f@example.com\n",
	  "t.conf:2: contact: \"me\\x7f@example.com\" holds a control or non-ASCII byte", 1 },
	{ "[agent]\nsettle = 1s\nsettle = 2s\n",
	  "t.conf:3: settle: given twice in [agent] (first at line 2); expected it once", 1 },
	/* durations */
	{ "[agent]\npoll-interval = 5 minutes\n",
	  "t.conf:2: poll-interval: \"5 minutes\" is not a duration; expected a number with "
	  "ms, s, m or h, e.g. 5m", 1 },
	{ "[agent]\npoll-interval = 0\n",
	  "t.conf:2: poll-interval: \"0\" is out of range; expected more than 0", 1 },
	{ "[agent]\nmin-interval = -1s\n",
	  "min-interval: \"-1s\" is not a duration", 1 },
	{ "[agent]\nverify-interval = 1d\n",
	  "verify-interval: \"1d\" is not a duration", 1 },
	{ "[agent]\nverify-interval = 721h\n",
	  "verify-interval: \"721h\" is out of range", 1 },
	{ "[agent]\nsettle = 2m\n",
	  "settle: \"2m\" is out of range; expected 0 or more and at most 60s", 1 },
	/* paths and URLs */
	{ "[agent]\nstate-dir = var/lib\n",
	  "t.conf:2: state-dir: \"var/lib\" is not an absolute path", 1 },
	{ "[agent]\non-change =\n",
	  "on-change: \"\" is not an absolute path", 1 },
	{ "[agent]\nweb-ipv4 = http://api.ipify.org\n",
	  "web-ipv4: \"http://api.ipify.org\" uses http://; expected an https:// URL (TLS is "
	  "required", 1 },
	{ "[agent]\nweb-ipv4 = ftp://x.example\n",
	  "web-ipv4: \"ftp://x.example\" is not an https:// URL", 1 },
	{ "[agent]\nweb-ipv6 = https://a.example,,https://b.example\n",
	  "web-ipv6: an empty item", 1 },
	{ "[agent]\nweb-ipv6 = https://a b.example\n",
	  "web-ipv6: \"https://a b.example\" contains a space", 1 },
	{ "[agent]\nweb-ipv6 = https://a!.example\n",
	  "web-ipv6: \"https://a!.example\" has no valid host", 1 },
	{ "[agent]\nweb-ipv6 = https://a.example:99999/\n",
	  "has a bad port", 1 },
	{ "[agent]\nweb-ipv4 = "
	  "https://a,https://b,https://c,https://d,https://e,https://f,https://g,https://h,https://i\n",
	  "web-ipv4: more than 8 https:// URLs", 1 },
	{ "[agent]\nweb-ipv4 = https://1.2.3\n",
	  "web-ipv4: \"https://1.2.3\" has no valid host", 1 },
	{ "[agent]\nca-file = https://x\n",
	  "ca-file: \"https://x\" is not an absolute path", 1 },
	/* providers */
	{ "[provider p]\ntype = route53\n",
	  "t.conf:2: type: \"route53\" is not a provider type; expected one of cloudflare, "
	  "alidns, dnspod, dyndns2, duckdns, freedns, rfc2136, custom", 1 },
	{ "[provider p]\ntoken = env:X\n",
	  "t.conf:1: [provider p]: missing type; expected type = one of cloudflare", 1 },
	{ CF "type = cloudflare\n",
	  "t.conf:4: type: given twice (first at line 2)", 1 },
	{ CF "username = u\n",
	  "t.conf:4: username: not a key of a provider of type cloudflare; expected one of "
	  "type, endpoint, token (or token-file), comment, max-concurrent", 1 },
	{ CF "endpoint-file = /x\n",
	  "t.conf:4: endpoint-file: not a key of a provider", 1 },
	{ CF "endpoint = http://api.example\n",
	  "t.conf:4: endpoint: \"http://api.example\" uses http://", 1 },
	{ CF "max-concurrent = 65\n",
	  "max-concurrent: \"65\" is not a request count; expected a number from 1 to 64", 1 },
	{ CF "token = env:U\n",
	  "t.conf:4: token: given twice (first at line 3); expected it once", 1 },
	{ CF "token-file = /etc/t\n",
	  "t.conf:4: token-file: both token and token-file are given (the other at line 3); "
	  "expected only one of them", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken = env:\n",
	  "t.conf:3: token: env: is not followed by a variable name", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken = env:1X\n",
	  "token: env: is not followed", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken = cred:a/b\n",
	  "t.conf:3: token: cred: is not followed by a credential name; expected cred:NAME "
	  "without '/'", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken = cred:\n",
	  "token: cred: is not followed", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken = cred:..\n",
	  "token: cred: is not followed", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken-file = etc/t\n",
	  "t.conf:3: token-file: the path is not an absolute path", 1 },
	{ "[provider cf]\ntype = cloudflare\ntoken =\n",
	  "t.conf:3: token: no value", 1 },
	{ "[provider d]\ntype = dyndns2\nserver = http://x.example\nusername = u\npassword = p\n",
	  "t.conf:3: server: \"http://x.example\" uses http://", 1 },
	{ "[provider d]\ntype = dyndns2\nserver = bad_host!\nusername = u\npassword = p\n",
	  "t.conf:3: server: \"bad_host!\" is not a host name or an IP address", 1 },
	{ "[provider b]\ntype = rfc2136\nserver = ns1.example\ntsig-name = k\ntsig-secret = "
	  "a\nport = 0\n",
	  "t.conf:6: port: \"0\" is not a port; expected a number from 1 to 65535", 2 },
	{ "[provider b]\ntype = rfc2136\nserver = 999.1.1.1\ntsig-name = k\ntsig-secret = YQ==\n",
	  "t.conf:3: server: \"999.1.1.1\" is not a host name", 1 },
	{ "[provider b]\ntype = rfc2136\nserver = ns\ntsig-name = k\ntsig-secret = "
	  "YQ==\ntsig-algorithm = hmac-sha384\n",
	  "t.conf:6: tsig-algorithm: \"hmac-sha384\" is not a TSIG algorithm; expected "
	  "hmac-sha256, hmac-sha512, hmac-sha1 or hmac-md5", 1 },
	{ "[provider b]\ntype = rfc2136\nserver = ns\ntsig-name = k\ntsig-secret = YQ=\n",
	  "t.conf:5: tsig-secret: the value is not base64", 1 },
	{ "[provider b]\ntype = rfc2136\nserver = ns\ntsig-name = k..x\ntsig-secret = YQ==\n",
	  "t.conf:4: tsig-name: \"k..x\" is not a DNS name", 1 },
	{ "[provider c]\ntype = custom\nurl = https://x.example/?ip={address}\n",
	  "t.conf:3: url: the value has a {...} placeholder other than {ip}, {ipv4}, {ipv6} or "
	  "{name}", 1 },
	{ "[provider c]\ntype = custom\nurl = https://x.example/\nmethod = DELETE\n",
	  "t.conf:4: method: \"DELETE\" is not an HTTP method; expected GET, POST, PUT or PATCH", 1 },
	{ "[provider c]\ntype = custom\nurl = https://x.example/\nendpoint = https://y.example\n",
	  "t.conf:4: endpoint: not a key of a provider of type custom", 1 },
	{ "[provider a]\ntype = alidns\n[provider a]\ntype = dnspod\n",
	  "t.conf:3: [provider a]: a second section of that name (the first is at line 1); "
	  "expected each provider name once", 3 },
	/* records */
	{ CF "[record r]\nprovider = cf\n",
	  "t.conf:4: [record r]: missing name; expected name = ", 1 },
	{ CF "[record r]\nname = h.example.com\n",
	  "t.conf:4: [record r]: missing provider", 1 },
	{ CF REC "provider = cf\n",
	  "t.conf:7: provider: given twice in [record r] (first at line 6); expected it once", 1 },
	{ CF REC "nmae = x\n",
	  "t.conf:7: nmae: unknown key in [record r]; expected one of name, provider, zone, "
	  "ipv4, ipv6, ipv6-suffix, ttl, proxied, allow-private", 1 },
	{ CF "[record r]\nname = h.example.com\nprovider = cfx\n",
	  "t.conf:6: provider: no [provider cfx] section; known providers: cf", 1 },
	{ "[record r]\nname = h.example.com\nprovider = cf\n",
	  "t.conf:3: provider: no [provider cf] section; expected a [provider NAME] section "
	  "for it", 1 },
	{ CF "[record r]\nname = h.example.com\nprovider = c f\n",
	  "t.conf:6: provider: \"c f\" is not a provider name", 1 },
	{ CF REC "[record r]\n",
	  "t.conf:7: [record r]: a second section of that name (the first is at line 4)", 1 },
	{ CF REC "[record s]\nname = H.example.com.\nprovider = cf\n",
	  "t.conf:8: name: H.example.com with provider cf is already kept by [record r] (line "
	  "4); expected one record per name and provider", 1 },
	{ CF REC "zone = example.net\n",
	  "t.conf:7: zone: \"example.net\" does not contain the name \"h.example.com\"", 1 },
	{ CF REC "zone = xample.com\n",
	  "zone: \"xample.com\" does not contain", 1 },
	{ CF "[record r]\nname = -h.example.com\nprovider = cf\n",
	  "t.conf:5: name: \"-h.example.com\" is not a DNS name", 1 },
	{ CF "[record r]\nname = h.exa mple.com\nprovider = cf\n",
	  "is not a DNS name", 1 },
	{ CF "[record r]\nname = "
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example.com\nprovider "
	  "= cf\n",
	  "is not a DNS name", 1 },
	{ CF REC "ipv4 = dhcp\n",
	  "t.conf:7: ipv4: \"dhcp\" is not an address source; expected auto, off, web, "
	  "web:URL[,URL...], interface:IF[,IF...] or fixed:ADDRESS", 1 },
	{ CF REC "ipv4 = fixed:2001:db8::1\n",
	  "t.conf:7: ipv4: \"2001:db8::1\" is an IPv6 address; expected an IPv4 address here", 1 },
	{ CF REC "ipv6 = fixed:192.0.2.1\n",
	  "t.conf:7: ipv6: \"192.0.2.1\" is an IPv4 address; expected an IPv6 address here", 1 },
	{ CF REC "ipv4 = fixed:192.0.2.300\n",
	  "ipv4: \"192.0.2.300\" is not an IP address", 1 },
	{ CF REC "ipv6 = interface:eth0,eth0/1\n",
	  "t.conf:7: ipv6: \"eth0/1\" is not an interface name; expected 1-15 characters", 1 },
	{ CF REC "ipv6 = interface:averyveryverylongname\n",
	  "is not an interface name", 1 },
	{ CF REC "ipv6 = interface:..\n",
	  "ipv6: \"..\" is not an interface name", 1 },
	{ CF REC "ipv6 = interface:\n",
	  "ipv6: an empty item in the list", 1 },
	{ CF REC "ipv6 = interface:a,b,c,d,e,f,g,h,i\n",
	  "more than 8 interface names", 1 },
	{ CF REC "ipv4 = web:http://x.example\n",
	  "ipv4: \"http://x.example\" uses http://", 1 },
	{ CF REC "ipv6-suffix = 2001:db8::1\n",
	  "t.conf:7: ipv6-suffix: \"2001:db8::1\" is not an IPv6 host part; expected an "
	  "address whose first 64 bits are zero", 1 },
	{ CF REC "ipv6-suffix = ::\n",
	  "ipv6-suffix: \"::\" is not an IPv6 host part", 1 },
	{ CF REC "ipv6-suffix = 1234\n",
	  "ipv6-suffix: \"1234\" is not an IPv6 host part", 1 },
	{ CF REC "ttl = 0\n",
	  "t.conf:7: ttl: \"0\" is not a TTL; expected seconds from 1 to 86400", 1 },
	{ CF REC "ttl = 86401\n",
	  "ttl: \"86401\" is not a TTL", 1 },
	{ CF REC "ttl = 1e3\n",
	  "ttl: \"1e3\" is not a TTL", 1 },
	{ CF REC "proxied = maybe\n",
	  "t.conf:7: proxied: \"maybe\" is not a yes/no value; expected yes, no, true, false, "
	  "on, off, 1 or 0", 1 },
	{ CF REC "allow-private = 2\n",
	  "allow-private: \"2\" is not a yes/no value", 1 },
};
/* clang-format on */

static void test_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct cfg_errors errs = {0};
		struct config *cfg = parse(c->text, &errs);

		if (!has_err(&errs, c->want) || errs.n != c->n) {
			dump(&errs);
			fail_msg("case %zu: want %zu message(s), one with: %s", i, c->n, c->want);
		}
		/* Every message has the shape FILE:LINE: … */
		for (size_t j = 0; j < errs.n; j++) {
			char *end;

			assert_memory_equal(errs.msgs[j], FILE_NAME ":", strlen(FILE_NAME ":"));
			assert_true(strtol(errs.msgs[j] + strlen(FILE_NAME ":"), &end, 10) > 0);
			assert_memory_equal(end, ": ", 2);
		}
		config_free(cfg);
		cfg_errors_free(&errs);
	}
}

/* Each provider type with only `type =`: every required key is named, nothing else. */
static void test_required_keys(void **state)
{
	static const struct {
		const char *type;
		const char *keys[4];
	} req[] = {
	    {"cloudflare", {"token"}},
	    {"alidns", {"access-key-id", "access-key-secret"}},
	    {"dnspod", {"secret-id", "secret-key"}},
	    {"dyndns2", {"server", "username", "password"}},
	    {"duckdns", {"token"}},
	    {"freedns", {"token"}},
	    {"rfc2136", {"server", "tsig-name", "tsig-secret"}},
	    {"custom", {"url"}},
	};

	(void)state;
	assert_int_equal(prov_count(), sizeof(req) / sizeof(req[0]));
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		struct cfg_errors errs = {0};
		char text[128], want[128];
		struct config *cfg;
		size_t n = 0;

		snprintf(text, sizeof(text), "\n[provider p%zu]\ntype = %s\n", i, req[i].type);
		cfg = parse(text, &errs);
		for (; n < 4 && req[i].keys[n]; n++) {
			snprintf(want, sizeof(want),
				 "t.conf:2: [provider p%zu]: missing %s; type %s "
				 "needs %s = ",
				 i, req[i].keys[n], req[i].type, req[i].keys[n]);
			if (!has_err(&errs, want)) {
				dump(&errs);
				fail_msg("%s: no message %s", req[i].type, want);
			}
		}
		assert_int_equal(errs.n, n);
		config_free(cfg);
		cfg_errors_free(&errs);
	}
}

/* Several problems in one file: all reported, in line order, with their lines. */
static void test_all_errors_at_once(void **state)
{
	static const char text[] = "[agent]\n"				/* 1 */
				   "poll-interval = soon\n"		/* 2 */
				   "\n"					/* 3 */
				   "[provider cf]\n"			/* 4 */
				   "type = cloudflare\n"		/* 5 */
				   "token = env:CF\n"			/* 6 */
				   "tokn = x\n"				/* 7 */
				   "[record home]\n"			/* 8 */
				   "name = home.example.com\n"		/* 9 */
				   "provider = nope\n"			/* 10 */
				   "ipv4 = fixed:2001:db8::1\n"		/* 11 */
				   "ttl = forever\n"			/* 12 */
				   "this line has no equals sign\n"	/* 13 */
				   "[bogus]\n"				/* 14 */
				   "ignored = because the section is\n" /* 15 */
				   "[provider cf]\n"			/* 16 */
				   "[record nas]\n";			/* 17 */
	static const char *const want[] = {
	    "t.conf:2: poll-interval: \"soon\" is not a duration",
	    "t.conf:7: tokn: not a key of a provider of type cloudflare",
	    "t.conf:10: provider: no [provider nope] section; known providers: cf",
	    "t.conf:11: ipv4: \"2001:db8::1\" is an IPv6 address",
	    "t.conf:12: ttl: \"forever\" is not a TTL",
	    "t.conf:13: syntax error; expected `key = value` or `[section]`",
	    "t.conf:14: [bogus]: unknown section",
	    "t.conf:16: [provider cf]: a second section of that name (the first is at line 4)",
	    "t.conf:17: [record nas]: missing name",
	    "t.conf:17: [record nas]: missing provider",
	};
	struct cfg_errors errs = {0};
	struct config *cfg;

	(void)state;
	cfg = parse(text, &errs);
	assert_non_null(cfg); /* partial, and unusable because errs.n > 0 */
	dump(&errs);
	assert_int_equal(errs.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < errs.n; i++)
		assert_non_null(strstr(errs.msgs[i], want[i]));
	config_free(cfg);
	cfg_errors_free(&errs);
}

static void test_long_line(void **state)
{
	struct cfg_errors errs = {0};
	char text[1200];
	struct config *cfg;

	(void)state;
	/* Lines longer than inih's buffer are refused as a whole, and counting goes on. */
	snprintf(text, sizeof(text), "[agent]\nstate-dir = /%0900d\nsettle = x\n", 0);
	cfg = parse(text, &errs);
	dump(&errs);
	assert_int_equal(errs.n, 2);
	assert_non_null(strstr(errs.msgs[0], "t.conf:2: line longer than"));
	assert_non_null(strstr(errs.msgs[1], "t.conf:3: settle: \"x\""));
	assert_string_equal(cfg->agent.state_dir, "/var/lib/ddnsd");
	config_free(cfg);
	cfg_errors_free(&errs);
}

/* No message ever holds a secret given inline, whatever is wrong around it. */
static void test_secret_never_echoed(void **state)
{
	static const char *const texts[] = {
	    "token = S3CR3T\n",
	    "[agent]\ntoken = S3CR3T\n",
	    "[record r]\ntoken = S3CR3T\n",
	    "[provider p]\ntype = cloudflare\ntoken = S3CR3T\ntoken = S3CR3T2\n",
	    "[provider p]\ntype = cloudflare\ntoken = S3CR3T\ntoken-file = /S3CR3T\n",
	    "[provider p]\ntype = cloudflare\ntokn = S3CR3T\n",
	    "[provider p]\ntype = cloudflare\npassword = S3CR3T\n",
	    "[provider p]\ntype = cloudflar\ntoken = S3CR3T\n",
	    "[provider p]\ntoken = S3CR3T\n",
	    "[provider p]\ntype = cloudflare\ntoken = env:S3CR3T!\n",
	    "[provider p]\ntype = cloudflare\ntoken = cred:S3CR3T/x\n",
	    "[provider p]\ntype = rfc2136\nserver = ns\ntsig-name = k\ntsig-secret = S3CR3T!\n",
	    "[provider p]\ntype = custom\nurl = http://S3CR3T.example/\n",
	    "[provider p]\ntype = custom\nurl = https://x.example/{S3CR3T}\n",
	    "[provider p]\ntype = custom\nurl = S3CR3T\n",
	    "[provider p]\ntype = custom\nurl = https://S3CR3T x.example/\n",
	    "[provider p]\ntype = dyndns2\npassword = S3CR3T\n",
	    "[provider p]\ntype = cloudflare\ntoken = S3CR3T\n[provider p]\ntoken = S3CR3T\n",
	    "[provider p]\ntype = cloudflare\nS3CR3T\n",
	    ("[provider p]\ntype = cloudflare\ntoken = S3CR3T\n[record r]\nname = x.example\n"
	     "provider = q\n"),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct cfg_errors errs = {0};
		struct config *cfg = parse(texts[i], &errs);

		if (errs.n == 0)
			fail_msg("case %zu: expected an error", i);
		for (size_t j = 0; j < errs.n; j++)
			if (strstr(errs.msgs[j], "S3CR3T"))
				fail_msg("case %zu: secret in \"%s\"", i, errs.msgs[j]);
		config_free(cfg);
		cfg_errors_free(&errs);
	}
}

/* ---- secrets from env:, cred: and KEY-file, and file permissions ---- */

static char tmpdir[64];

static int setup_tmp(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_config.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
	char cmd[128];

	(void)state;
	unsetenv("CREDENTIALS_DIRECTORY");
	unsetenv("DDNSD_TEST_TOKEN");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *body, mode_t mode)
{
	static char path[4][128];
	static int slot;
	char *p = path[slot++ % 4];
	int fd;

	snprintf(p, 128, "%s/%s", tmpdir, name);
	unlink(p);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, body, strlen(body)), (ssize_t)strlen(body));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	return p;
}

/* Parse one provider whose token comes from spec; resolve; return the error count. */
static size_t resolve_one(const char *spec, struct cfg_errors *errs, struct config **out)
{
	char text[512];

	snprintf(text, sizeof(text), "[provider p]\ntype = cloudflare\n%s\n", spec);
	*out = parse(text, errs);
	assert_non_null(*out);
	assert_int_equal(errs->n, 0);
	config_resolve_secrets(*out, errs);
	return errs->n;
}

static void test_resolve(void **state)
{
	static const struct {
		const char *body;
		const char *want;
	} files[] = {
	    {"tok-a\n", "tok-a"},	{"tok-b\r\n", "tok-b"}, {"tok-c", "tok-c"},
	    {"tok-d\n\n\r\n", "tok-d"}, {"a b\tc\n", "a b\tc"},
	};
	struct cfg_errors errs = {0};
	struct config *cfg;
	char spec[256];

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(spec, sizeof(spec), "token-file = %s",
			 write_file("tok", files[i].body, 0640));
		assert_int_equal(resolve_one(spec, &errs, &cfg), 0);
		assert_string_equal(secret_reveal(cfg_provider_secret(&cfg->providers[0], "token")),
				    files[i].want);
		assert_int_equal(cfg_provider_secret(&cfg->providers[0], "token")->len,
				 strlen(files[i].want));
		config_free(cfg);
	}

	setenv("DDNSD_TEST_TOKEN", "from-env\n", 1);
	assert_int_equal(resolve_one("token = env:DDNSD_TEST_TOKEN", &errs, &cfg), 0);
	assert_string_equal(secret_reveal(cfg_provider_secret(&cfg->providers[0], "token")),
			    "from-env");
	config_free(cfg);

	write_file("cf-token", "from-cred\n", 0400);
	setenv("CREDENTIALS_DIRECTORY", tmpdir, 1);
	assert_int_equal(resolve_one("token = cred:cf-token", &errs, &cfg), 0);
	assert_string_equal(secret_reveal(cfg_provider_secret(&cfg->providers[0], "token")),
			    "from-cred");
	config_free(cfg);
	cfg_errors_free(&errs);
}

static void test_resolve_errors(void **state)
{
	struct {
		char spec[256];
		const char *want;
	} c[] = {
	    {"token = env:DDNSD_TEST_UNSET",
	     "t.conf:3: token: environment variable "
	     "DDNSD_TEST_UNSET is not set; expected it to hold the secret"},
	    {"token = env:DDNSD_TEST_TOKEN", "t.conf:3: token: the secret is empty"},
	    {"token = cred:cf-token",
	     "t.conf:3: token: cred:cf-token needs "
	     "$CREDENTIALS_DIRECTORY, which is not set; expected ddnsd to run as a systemd "
	     "service with LoadCredential=cf-token:PATH"},
	    {"", "token-file: cannot read "},
	    {"", "token-file: the secret is empty"},
	    {"", "is readable or writable by others (mode 0644); expected chmod 600"},
	    {"", "t.conf:3: token-file: cannot read"},
	};
	struct cfg_errors errs = {0};
	struct config *cfg;

	(void)state;
	setenv("DDNSD_TEST_TOKEN", "\n", 1);
	unsetenv("DDNSD_TEST_UNSET");
	unsetenv("CREDENTIALS_DIRECTORY");
	snprintf(c[3].spec, sizeof(c[3].spec), "token-file = %s/missing", tmpdir);
	snprintf(c[4].spec, sizeof(c[4].spec), "token-file = %s", write_file("e", "\r\n", 0600));
	snprintf(c[5].spec, sizeof(c[5].spec), "token-file = %s",
		 write_file("o", "SECRETVALUE\n", 0644));
	snprintf(c[6].spec, sizeof(c[6].spec), "token-file = %s", tmpdir); /* a directory */
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (resolve_one(c[i].spec, &errs, &cfg) != 1 || !has_err(&errs, c[i].want)) {
			dump(&errs);
			fail_msg("case %zu: want %s", i, c[i].want);
		}
		assert_null(strstr(errs.msgs[0], "SECRETVALUE"));
		assert_false(secret_is_set(cfg_provider_secret(&cfg->providers[0], "token")));
		config_free(cfg);
		cfg_errors_free(&errs);
	}
}

/* A resolved secret is checked like an inline one (rfc2136 wants base64). */
static void test_resolve_checks_value(void **state)
{
	struct cfg_errors errs = {0};
	struct config *cfg;
	char text[512];

	(void)state;
	snprintf(text, sizeof(text),
		 "[provider b]\ntype = rfc2136\nserver = ns1.example\n"
		 "tsig-name = k\ntsig-secret-file = %s\n",
		 write_file("k", "not base64!\n", 0600));
	cfg = parse(text, &errs);
	assert_int_equal(errs.n, 0);
	config_resolve_secrets(cfg, &errs);
	dump(&errs);
	assert_int_equal(errs.n, 1);
	assert_non_null(
	    strstr(errs.msgs[0], "t.conf:5: tsig-secret-file: the value is not base64"));
	assert_null(strstr(errs.msgs[0], "not base64!"));
	config_free(cfg);
	cfg_errors_free(&errs);
}

static void test_load_file(void **state)
{
	static const char inline_text[] = "[provider cf]\ntype = cloudflare\ntoken = SECRETVALUE\n";
	struct cfg_errors errs = {0};
	struct config *cfg;
	const char *path;
	char want[256], text[512];

	(void)state;
	/* An inline secret in a file others can read: refused, without the secret. */
	path = write_file("a.conf", inline_text, 0644);
	cfg = config_load_file(path, &errs);
	assert_null(cfg);
	assert_int_equal(errs.n, 1);
	snprintf(want, sizeof(want),
		 "%s:3: token: an inline secret in a file readable by group or "
		 "others; chmod 600 %s or use token-file = / env: / cred:",
		 path, path);
	assert_string_equal(errs.msgs[0], want);
	cfg_errors_free(&errs);
	path = write_file("a.conf", inline_text, 0640);
	assert_null(config_load_file(path, &errs));
	assert_int_equal(errs.n, 1);
	cfg_errors_free(&errs);

	path = write_file("a.conf", inline_text, 0600);
	cfg = config_load_file(path, &errs);
	dump(&errs);
	assert_non_null(cfg);
	assert_string_equal(cfg->path, path);
	assert_string_equal(secret_reveal(cfg_provider_secret(&cfg->providers[0], "token")),
			    "SECRETVALUE");
	config_free(cfg);

	/* No inline secret: a world-readable file is fine; its secrets are resolved. */
	snprintf(text, sizeof(text), "[provider cf]\ntype = cloudflare\ntoken-file = %s\n",
		 write_file("tok", "filetoken\n", 0600));
	path = write_file("b.conf", text, 0644);
	cfg = config_load_file(path, &errs);
	dump(&errs);
	assert_non_null(cfg);
	assert_string_equal(secret_reveal(cfg_provider_secret(&cfg->providers[0], "token")),
			    "filetoken");
	config_free(cfg);

	/* Parse errors, permission and resolution problems all come back together. */
	path = write_file("c.conf",
			  "[provider cf]\ntype = cloudflare\ntoken = SECRETVALUE\n"
			  "[provider d]\ntype = duckdns\ntoken = env:DDNSD_TEST_UNSET\n"
			  "[record r]\nname = x.example\nprovider = cf\nttl = -1\n",
			  0604);
	assert_null(config_load_file(path, &errs));
	dump(&errs);
	assert_int_equal(errs.n, 3);
	assert_non_null(strstr(errs.msgs[0], ":3: token: an inline secret"));
	assert_non_null(strstr(errs.msgs[1], ":6: token: environment variable"));
	assert_non_null(strstr(errs.msgs[2], ":10: ttl: \"-1\""));
	for (size_t i = 0; i < errs.n; i++)
		assert_null(strstr(errs.msgs[i], "SECRETVALUE"));
	cfg_errors_free(&errs);

	snprintf(want, sizeof(want), "%s/none.conf", tmpdir);
	assert_null(config_load_file(want, &errs));
	assert_int_equal(errs.n, 1);
	snprintf(text, sizeof(text), "%s: cannot read: %s", want, strerror(ENOENT));
	assert_string_equal(errs.msgs[0], text);
	cfg_errors_free(&errs);

	path = write_file("nul.conf", "[agent]\n", 0600);
	assert_int_equal(truncate(path, 20), 0); /* NUL bytes after the text */
	assert_null(config_load_file(path, &errs));
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.msgs[0], "holds a NUL byte"));
	cfg_errors_free(&errs);
}

/* ---- the value checkers ---- */

static void test_duration(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		double v;
	} c[] = {
	    {"5", true, 5},	{"5s", true, 5},      {"150ms", true, 0.15},
	    {"5m", true, 300},	{"1h", true, 3600},   {"1.5h", true, 5400},
	    {"0", true, 0},	{"0.25s", true, .25}, {"", false, 0},
	    {"s", false, 0},	{"5 m", false, 0},    {"5min", false, 0},
	    {"-5", false, 0},	{"+5", false, 0},     {"5.", false, 0},
	    {".5", false, 0},	{"1e3", false, 0},    {"inf", false, 0},
	    {"0x10", false, 0}, {"5M", false, 0},     {"1234567890", false, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		double v = -1;
		bool ok = cfg_parse_duration(c[i].s, &v);

		if (ok != c[i].ok || (ok && (v < c[i].v - 1e-9 || v > c[i].v + 1e-9)))
			fail_msg("\"%s\": got %d %g", c[i].s, ok, v);
	}
}

static void test_values(void **state)
{
	static const struct {
		const char *s;
		bool url, host, dns, ifname;
	} c[] = {
	    {"https://a.example", true, false, false, false},
	    {"https://a.example:443/x?y=1#z", true, false, false, false},
	    {"https://user:pw@a.example/", true, false, false, false},
	    {"https://[2001:db8::1]:8443/", true, false, false, false},
	    {"https://192.0.2.1/", true, false, false, false},
	    {"HTTPS://a.example", true, false, false, false},
	    {"https://[2001:db8::1", false, false, false, false},
	    {"https://[2001:db8::1]x/", false, false, false, false},
	    {"https://", false, false, false, false},
	    {"https://:80/", false, false, false, false},
	    {"https://a.example:/", false, false, false, false},
	    {"https://a.example/{ip}", false, false, false, false},
	    {"example.com", false, true, true, true},
	    {"a_b.example", false, true, true, true},
	    {"192.0.2.1", false, true, false, true},
	    {"2001:db8::1", false, true, false, false},
	    {"-a.example", false, false, false, true},
	    {"a-.example", false, false, false, true},
	    {"a..example", false, false, false, true},
	    {"b\303\274cher.example", false, false, true, true},
	    {"*.example.com", false, false, true, true},
	    {"a.*.example.com", false, false, false, true},
	    {".", false, false, false, false},
	    {"eth0", false, true, true, true},
	    {"wan.10", false, false, false, true},
	    {"br-lan", false, true, true, true},
	    {"eth0:1", false, false, false, false},
	    {"a b", false, false, false, false},
	    {"123456789012345", false, false, false, true},
	    {"1234567890123456", false, false, false, false},
	    {"", false, false, false, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct errbuf eb;
		char copy[128];

		snprintf(copy, sizeof(copy), "%s", c[i].s);
		if (config_values_https_url(c[i].s, "v", false, &eb) != c[i].url ||
		    config_values_host(c[i].s, "v", true, &eb) != c[i].host ||
		    config_values_dns_name(copy, "v", &eb) != c[i].dns ||
		    config_values_ifname(c[i].s, "v", &eb) != c[i].ifname)
			fail_msg("\"%s\"", c[i].s);
	}
	/* Templates: the four placeholders only. */
	assert_true(config_values_https_url("https://{name}.x.example/{ip}/{ipv4}/{ipv6}", "v",
					    true, NULL));
	assert_false(config_values_https_url("https://x.example/{ip", "v", true, NULL));
	assert_false(config_values_https_url("https://x.example/ip}", "v", true, NULL));
	assert_true(config_values_base64("YQ=="));
	assert_true(config_values_base64("c2VjcmV0LWtleQ=="));
	assert_true(config_values_base64("abc+/def"));
	assert_false(config_values_base64(""));
	assert_false(config_values_base64("YQ="));
	assert_false(config_values_base64("Y==="));
	assert_false(config_values_base64("Y=Q="));
}

/* A key name means the same in every provider type (the parser relies on it). */
static void test_schema_consistent(void **state)
{
	(void)state;
	for (size_t i = 0; i < prov_count(); i++) {
		const struct provider_ops *t = prov_at(i);

		assert_ptr_equal(prov_find(t->name), t);
		for (const struct config_schema_key *k = t->keys; k->name; k++) {
			const struct config_schema_key *any = prov_key(NULL, k->name);

			assert_int_equal(any->secret, k->secret);
			assert_false(k->required && k->def);
			assert_ptr_equal(prov_key(t, k->name), k);
		}
		assert_non_null(prov_key(t, "max-concurrent"));
	}
	assert_null(prov_find("nope"));
	assert_null(prov_at(prov_count()));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_agent),
	    cmocka_unit_test(test_good_providers),
	    cmocka_unit_test(test_good_records),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_required_keys),
	    cmocka_unit_test(test_all_errors_at_once),
	    cmocka_unit_test(test_long_line),
	    cmocka_unit_test(test_secret_never_echoed),
	    cmocka_unit_test_setup_teardown(test_resolve, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_resolve_errors, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_resolve_checks_value, setup_tmp, teardown_tmp),
	    cmocka_unit_test_setup_teardown(test_load_file, setup_tmp, teardown_tmp),
	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_values),
	    cmocka_unit_test(test_schema_consistent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
