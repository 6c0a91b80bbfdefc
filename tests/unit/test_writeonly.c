// SPDX-License-Identifier: MIT
/* The write-only providers (dyndns2, DuckDNS, FreeDNS, custom): requests built from the config
 * and the job (pairs, families, auth, User-Agent, what is shown), replies judged (holds, firm
 * retries), secrets never in shown or messages, dry runs that send nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/version.h"
#include "providers/custom.h"
#include "providers/duckdns.h"
#include "providers/dyndns2.h"
#include "providers/freedns.h"
#include "providers/provider.h"

#define PASS  "pw-S3CRET-p4ss"
#define TOKEN "tokSECRET0123456789abcdef"
#define V4    "192.0.2.44"
#define V6    "2001:db8::44"

struct fixture {
	struct cfg_param params[8];
	struct cfg_provider prov;
	struct cfg_record rec;
	struct prov_job job;
	struct prov_request req;
	bool built;
};

static void fx_init(struct fixture *f, const char *type, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->prov.name = "p";
	f->prov.type = (char *)type;
	f->prov.params = f->params;
	f->rec.section = "home";
	f->rec.name = (char *)name;
	f->rec.proxied = -1;
	f->rec.provider = &f->prov;
}

static void fx_set(struct fixture *f, const char *key, const char *value)
{
	struct cfg_param *p = &f->params[f->prov.n_params++];

	p->key = (char *)key;
	p->value = (char *)value;
}

static void fx_secret(struct fixture *f, const char *key, const char *value)
{
	struct cfg_param *p = &f->params[f->prov.n_params++];

	p->key = (char *)key;
	p->is_secret = true;
	assert_int_equal(secret_set(&p->secret, value, strlen(value)), 0);
}

static void fx_job(struct fixture *f, enum fam fam, const char *want, const char *want6)
{
	struct ipaddr a;

	assert_true(ipaddr_parse(want, fam_to_af(fam), &a));
	prov_job_init(&f->job, &f->prov, &f->rec, fam, &a);
	if (want6) {
		f->job.paired = true;
		assert_true(ipaddr_parse(want6, AF_INET6, &f->job.want6));
	}
}

static void fx_fini(struct fixture *f)
{
	for (size_t i = 0; i < f->prov.n_params; i++)
		secret_free(&f->params[i].secret);
	if (f->built)
		prov_request_free(&f->req);
}

static const char *header(const struct prov_request *req, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < req->http.n_headers; i++)
		if (!strncasecmp(req->http.headers[i], name, n) && req->http.headers[i][n] == ':')
			return req->http.headers[i] + n + 2;
	return NULL;
}

static void build_ok(struct fixture *f, const struct provider_ops *ops)
{
	if (f->built)
		prov_request_free(&f->req);
	assert_int_equal(ops->build(&f->job, &f->req), 0);
	f->built = true;
	assert_int_equal(f->req.transport, PROV_TRANSPORT_HTTP);
	assert_true(f->req.writes);
}

/* Judge a reply as job.c would, the outcome zeroed first. */
static enum prov_result judge(struct fixture *f, const struct provider_ops *ops, long status,
			      const char *body, long retry_after, struct prov_outcome *out)
{
	struct prov_reply r = {.status = status,
			       .body = body,
			       .len = strlen(body),
			       .retry_after = retry_after,
			       .transport = PROV_TRANSPORT_HTTP};

	prov_outcome_init(out);
	prov_outcome_init(&f->job.pair_out);
	return ops->parse(&f->job, &r, out);
}

static void no_secret(const char *text, const char *secret)
{
	if (strstr(text, secret))
		fail_msg("secret in \"%s\"", text);
}

/* ---- dyndns2 ------------------------------------------------------------------------------ */

static void dyn_fixture(struct fixture *f, const char *server)
{
	fx_init(f, "dyndns2", "Home.Example.COM.");
	fx_set(f, "server", server);
	fx_set(f, "username", "user@example.com");
	fx_secret(f, "password", PASS);
}

static void test_dyndns2_build(void **state)
{
	struct fixture f;
	const char *auth;

	(void)state;
	dyn_fixture(&f, "dynupdate.no-ip.com");
	fx_job(&f, FAM_V4, V4, NULL);
	build_ok(&f, &dyndns2_ops);
	assert_int_equal(f.req.http.method, HTTP_GET);
	assert_string_equal(f.req.http.url, "https://dynupdate.no-ip.com/nic/update"
					    "?hostname=home.example.com&myip=" V4);
	/* base64("user@example.com:" PASS) */
	auth = header(&f.req, "Authorization");
	assert_non_null(auth);
	assert_string_equal(auth, "Basic dXNlckBleGFtcGxlLmNvbTpwdy1TM0NSRVQtcDRzcw==");
	assert_string_equal(header(&f.req, "User-Agent"), "ddnsd/" DDNSD_VERSION " " DDNSD_URL);
	assert_string_equal(f.req.shown, "GET https://dynupdate.no-ip.com/nic/update");
	assert_int_equal(f.req.family, AF_UNSPEC);

	/* Both families in one request; a contact in the User-Agent. */
	fx_job(&f, FAM_V4, V4, V6);
	f.job.contact = "admin@example.org";
	build_ok(&f, &dyndns2_ops);
	assert_non_null(strstr(f.req.http.url, "&myip=" V4 "&myipv6="));
	assert_string_equal(header(&f.req, "User-Agent"),
			    "ddnsd/" DDNSD_VERSION " admin@example.org");

	/* An IPv6 job alone: myip takes the IPv6 address (no myipv6, so no IPv4 is guessed). */
	fx_job(&f, FAM_V6, V6, NULL);
	build_ok(&f, &dyndns2_ops);
	assert_null(strstr(f.req.http.url, "myipv6"));
	assert_non_null(strstr(f.req.http.url, "myip=2001"));

	/* Never on a verify run. */
	f.job.verify = true;
	assert_int_equal(dyndns2_ops.build(&f.job, &(struct prov_request){0}), -EINVAL);
	fx_fini(&f);

	dyn_fixture(&f, "https://api.dynu.com:8443/nic/update");
	fx_job(&f, FAM_V4, V4, NULL);
	build_ok(&f, &dyndns2_ops);
	assert_string_equal(
	    f.req.http.url,
	    "https://api.dynu.com:8443/nic/update?hostname=home.example.com&myip=" V4);
	fx_fini(&f);
}

static void test_dyndns2_check(void **state)
{
	struct fixture f;
	struct errbuf err = {{0}};

	(void)state;
	dyn_fixture(&f, "dynupdate.no-ip.com");
	assert_int_equal(dyndns2_ops.check_config(&f.prov, &err), 0);
	fx_fini(&f);
	dyn_fixture(&f, "http://dynupdate.no-ip.com/nic/update");
	assert_int_equal(dyndns2_ops.check_config(&f.prov, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "server"));
	fx_fini(&f);
	fx_init(&f, "dyndns2", "h.example.com");
	fx_set(&f, "server", "members.dyndns.org");
	fx_set(&f, "username", "a:b");
	fx_secret(&f, "password", PASS);
	assert_int_equal(dyndns2_ops.check_config(&f.prov, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "username"));
	fx_fini(&f);
	assert_true(dyndns2_ops.pairs(NULL));
	assert_false(dyndns2_ops.readable);
	assert_true(dyndns2_ops.min_interval >= 60);
}

static void test_dyndns2_parse(void **state)
{
	static const struct {
		long status;
		const char *body;
		long ra;
		enum prov_result res;
		bool hold, firm;
		long want_ra;
		const char *msg; /* in the message */
	} cases[] = {
	    {200, "good " V4, -1, PROV_OK, false, false, -1, "updated A home.example.com"},
	    {200, "nochg " V4, -1, PROV_UNCHANGED, false, false, -1, "already set (nochg)"},
	    {200, "badauth", -1, PROV_AUTH, true, false, -1, "username or password"},
	    {401, "", -1, PROV_AUTH, true, false, -1, "HTTP 401"},
	    {200, "!donator", -1, PROV_PERMANENT, true, false, -1, "paid accounts"},
	    {200, "notfqdn", -1, PROV_PERMANENT, true, false, -1, "fully qualified"},
	    {200, "nohost", -1, PROV_PERMANENT, true, false, -1, "does not exist"},
	    {200, "numhost", -1, PROV_PERMANENT, true, false, -1, "round-robin"},
	    {200, "abuse", -1, PROV_PERMANENT, true, false, -1, "blocked for abuse"},
	    {200, "badagent", -1, PROV_PERMANENT, true, false, -1, "User-Agent"},
	    {200, "good 127.0.0.1", -1, PROV_PERMANENT, true, false, -1, "ignored the request"},
	    {200, "what?", -1, PROV_PERMANENT, true, false, -1, "not a dyndns2 return code"},
	    {200, "911", -1, PROV_RETRY, false, true, 1800, "outage"},
	    {200, "dnserr", 7200, PROV_RETRY, false, true, 7200, "DNS failed"},
	    {503, "", 20, PROV_RETRY, false, false, 20, "HTTP 503"},
	    {404, "", -1, PROV_PERMANENT, true, false, -1, "check server"},
	};
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	dyn_fixture(&f, "dynupdate.no-ip.com");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum prov_result r;

		fx_job(&f, FAM_V4, V4, NULL);
		r = judge(&f, &dyndns2_ops, cases[i].status, cases[i].body, cases[i].ra, &out);
		if (r != cases[i].res || out.result != r || out.hold != cases[i].hold ||
		    out.firm_retry != cases[i].firm || out.retry_after != cases[i].want_ra ||
		    !strstr(out.message, cases[i].msg))
			fail_msg("case %zu: %s hold %d firm %d ra %ld \"%s\"", i,
				 prov_result_name(r), out.hold, out.firm_retry, out.retry_after,
				 out.message);
		/* The message names the code and says what to do. */
		if (cases[i].hold)
			assert_non_null(strstr(out.message, "reload"));
		no_secret(out.message, PASS);
	}
	/* A paired job: one judgement for both families. */
	fx_job(&f, FAM_V4, V4, V6);
	assert_int_equal(judge(&f, &dyndns2_ops, 200, "abuse", -1, &out), PROV_PERMANENT);
	assert_int_equal(f.job.pair_out.result, PROV_PERMANENT);
	assert_true(f.job.pair_out.hold);
	fx_job(&f, FAM_V4, V4, V6);
	assert_int_equal(judge(&f, &dyndns2_ops, 200, "good " V4 "," V6, -1, &out), PROV_OK);
	assert_int_equal(f.job.pair_out.result, PROV_OK);
	assert_non_null(strstr(out.message, "A/AAAA home.example.com " V4 " " V6));
	fx_fini(&f);
}

/* ---- DuckDNS ------------------------------------------------------------------------------ */

static void duck_fixture(struct fixture *f, const char *name)
{
	fx_init(f, "duckdns", name);
	fx_secret(f, "token", TOKEN);
}

static void test_duckdns(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	struct errbuf err = {{0}};

	(void)state;
	duck_fixture(&f, "MyHost.duckdns.org");
	assert_int_equal(duckdns_ops.check_record(&f.prov, &f.rec, 1, &err), 0);
	fx_job(&f, FAM_V4, V4, V6);
	build_ok(&f, &duckdns_ops);
	assert_string_equal(f.req.http.url,
			    "https://www.duckdns.org/update?domains=myhost&token=" TOKEN "&ip=" V4
			    "&ipv6=2001%3adb8%3a%3a44&verbose=true");
	assert_string_equal(f.req.shown, "GET https://www.duckdns.org/update");
	no_secret(f.req.shown, TOKEN);
	/* IPv6 alone: ipv6= and no ip= (which would let DuckDNS guess the IPv4). */
	fx_job(&f, FAM_V6, V6, NULL);
	build_ok(&f, &duckdns_ops);
	assert_null(strstr(f.req.http.url, "&ip="));
	assert_non_null(strstr(f.req.http.url, "&ipv6="));
	fx_job(&f, FAM_V4, V4, NULL);
	build_ok(&f, &duckdns_ops);
	assert_null(strstr(f.req.http.url, "ipv6"));

	fx_job(&f, FAM_V4, V4, V6);
	assert_int_equal(judge(&f, &duckdns_ops, 200, "OK\n" V4 "\n" V6 "\nUPDATED", -1, &out),
			 PROV_OK);
	assert_int_equal(f.job.pair_out.result, PROV_OK);
	assert_int_equal(judge(&f, &duckdns_ops, 200, "OK\n" V4 "\n\nNOCHANGE", -1, &out),
			 PROV_UNCHANGED);
	assert_int_equal(judge(&f, &duckdns_ops, 200, "KO", -1, &out), PROV_AUTH);
	assert_true(out.hold);
	assert_true(f.job.pair_out.hold);
	no_secret(out.message, TOKEN);
	assert_int_equal(judge(&f, &duckdns_ops, 502, "", 9, &out), PROV_RETRY);
	assert_int_equal(out.retry_after, 9);
	assert_false(out.hold);
	assert_int_equal(judge(&f, &duckdns_ops, 200, "<html>" TOKEN, -1, &out), PROV_PERMANENT);
	assert_true(out.hold);
	no_secret(out.message, TOKEN);
	fx_fini(&f);

	/* check refuses names outside duckdns.org, and deeper names. */
	static const char *const bad[] = {"home.example.com", "duckdns.org", "a.b.duckdns.org",
					  "xduckdns.org", "myhost.duckdns.org.evil.com"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		duck_fixture(&f, bad[i]);
		if (duckdns_ops.check_record(&f.prov, &f.rec, 1, &err) != -EINVAL)
			fail_msg("%s accepted", bad[i]);
		assert_non_null(strstr(err.msg, "duckdns.org"));
		fx_job(&f, FAM_V4, V4, NULL);
		assert_int_equal(duckdns_ops.build(&f.job, &(struct prov_request){0}), -EINVAL);
		fx_fini(&f);
	}
}

/* ---- FreeDNS ------------------------------------------------------------------------------ */

static void test_freedns(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	struct errbuf err = {{0}};

	(void)state;
	fx_init(&f, "freedns", "home.example.org");
	fx_secret(&f, "token", TOKEN);
	assert_int_equal(freedns_ops.check_config(&f.prov, &err), 0);
	assert_int_equal(freedns_ops.check_record(&f.prov, &f.rec, 1, &err), 0);
	assert_int_equal(freedns_ops.check_record(&f.prov, &f.rec, 2, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "its own [provider]"));
	assert_null(freedns_ops.pairs);

	fx_job(&f, FAM_V4, V4, NULL);
	build_ok(&f, &freedns_ops);
	assert_string_equal(f.req.http.url, "https://sync.afraid.org/u/" TOKEN "/?address=" V4);
	assert_string_equal(f.req.shown, "GET https://sync.afraid.org/u/<token>/");
	assert_int_equal(f.req.family, AF_INET);
	fx_job(&f, FAM_V6, V6, NULL);
	build_ok(&f, &freedns_ops);
	assert_string_equal(f.req.http.url,
			    "https://v6.sync.afraid.org/u/" TOKEN "/?address=2001%3adb8%3a%3a44");
	assert_string_equal(f.req.shown, "GET https://v6.sync.afraid.org/u/<token>/");
	assert_int_equal(f.req.family, AF_INET6);

	assert_int_equal(
	    judge(&f, &freedns_ops, 200, "Updated 1 host(s) home.example.org", -1, &out), PROV_OK);
	assert_int_equal(judge(&f, &freedns_ops, 200, "No IP change detected for x", -1, &out),
			 PROV_UNCHANGED);
	/* An error text that echoes the token is shown without it. */
	assert_int_equal(judge(&f, &freedns_ops, 200, "ERROR: bad token " TOKEN, -1, &out),
			 PROV_PERMANENT);
	assert_true(out.hold);
	no_secret(out.message, TOKEN);
	assert_non_null(strstr(out.message, "ERROR: bad token <redacted>"));
	assert_int_equal(judge(&f, &freedns_ops, 200, "whatever", -1, &out), PROV_PERMANENT);
	assert_true(out.hold);
	assert_int_equal(judge(&f, &freedns_ops, 500, "", 30, &out), PROV_RETRY);
	assert_false(out.hold);
	fx_fini(&f);

	/* Overridden endpoints, and a token that cannot sit in a path. */
	fx_init(&f, "freedns", "home.example.org");
	fx_set(&f, "endpoint", "https://192.0.2.1/");
	fx_set(&f, "endpoint-v6", "https://[2001:db8::1]:8443");
	fx_secret(&f, "token", TOKEN);
	fx_job(&f, FAM_V6, V6, NULL);
	build_ok(&f, &freedns_ops);
	assert_string_equal(f.req.shown, "GET https://[2001:db8::1]:8443/u/<token>/");
	fx_job(&f, FAM_V4, V4, NULL);
	build_ok(&f, &freedns_ops);
	assert_string_equal(f.req.shown, "GET https://192.0.2.1/u/<token>/");
	fx_fini(&f);
	fx_init(&f, "freedns", "home.example.org");
	fx_secret(&f, "token", "a/../b?c");
	assert_int_equal(freedns_ops.check_config(&f.prov, &err), -EINVAL);
	no_secret(err.msg, "a/../b");
	fx_job(&f, FAM_V4, V4, NULL);
	assert_int_equal(freedns_ops.build(&f.job, &(struct prov_request){0}), -EINVAL);
	fx_fini(&f);
}

/* ---- custom ------------------------------------------------------------------------------- */

static void test_custom(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	struct errbuf err = {{0}};

	(void)state;
	fx_init(&f, "custom", "home.example.com");
	fx_secret(&f, "url", "https://dyn.example.net/key/" TOKEN "/{name}?ip={ip}");
	fx_set(&f, "success", "updated");
	assert_int_equal(custom_ops.check_config(&f.prov, &err), 0);
	assert_false(custom_ops.pairs(&f.prov));
	fx_job(&f, FAM_V6, V6, NULL);
	build_ok(&f, &custom_ops);
	assert_string_equal(f.req.http.url, "https://dyn.example.net/key/" TOKEN
					    "/home.example.com?ip=2001%3Adb8%3A%3A44");
	assert_string_equal(f.req.shown, "GET https://dyn.example.net/<template>");
	assert_null(f.req.http.body);
	assert_int_equal(judge(&f, &custom_ops, 200, "status: updated", -1, &out), PROV_OK);
	assert_int_equal(judge(&f, &custom_ops, 200, "status: failed " TOKEN, -1, &out),
			 PROV_PERMANENT);
	no_secret(out.message, TOKEN);
	assert_int_equal(judge(&f, &custom_ops, 401, TOKEN, -1, &out), PROV_AUTH);
	no_secret(out.message, TOKEN);
	assert_int_equal(judge(&f, &custom_ops, 503, "", 12, &out), PROV_RETRY);
	assert_int_equal(out.retry_after, 12);
	fx_fini(&f);

	/* Both {ipv4} and {ipv6}: paired; a JSON body, a secret header, a method. */
	fx_init(&f, "custom", "home.example.com");
	fx_secret(&f, "url", "https://dyn.example.net:8443/api/{name}");
	fx_set(&f, "method", "PUT");
	fx_set(&f, "body", "{\"a\":\"{ipv4}\",\"aaaa\":\"{ipv6}\"}");
	fx_secret(&f, "header", "X-Api-Key: " TOKEN);
	assert_true(custom_ops.pairs(&f.prov));
	fx_job(&f, FAM_V4, V4, V6);
	build_ok(&f, &custom_ops);
	assert_int_equal(f.req.http.method, HTTP_PUT);
	assert_string_equal(f.req.http.body, "{\"a\":\"" V4 "\",\"aaaa\":\"" V6 "\"}");
	assert_string_equal(header(&f.req, "X-Api-Key"), TOKEN);
	assert_string_equal(header(&f.req, "Content-Type"), "application/json");
	assert_string_equal(f.req.shown, "PUT https://dyn.example.net:8443/<template>");
	/* One family due: the other comes from what the agent knows, else it cannot be built. */
	fx_job(&f, FAM_V4, V4, NULL);
	assert_int_equal(custom_ops.build(&f.job, &(struct prov_request){0}), -EINVAL);
	assert_true(ipaddr_parse(V6, AF_INET6, &f.job.other));
	build_ok(&f, &custom_ops);
	assert_string_equal(f.req.http.body, "{\"a\":\"" V4 "\",\"aaaa\":\"" V6 "\"}");
	fx_fini(&f);

	/* A form body is URL-encoded; a bad header or URL is refused by check. */
	fx_init(&f, "custom", "home.example.com");
	fx_secret(&f, "url", "https://dyn.example.net/u");
	fx_set(&f, "method", "POST");
	fx_set(&f, "body", "host={name}&ip={ip}");
	fx_job(&f, FAM_V6, V6, NULL);
	build_ok(&f, &custom_ops);
	assert_string_equal(f.req.http.body, "host=home.example.com&ip=2001%3Adb8%3A%3A44");
	assert_null(header(&f.req, "Content-Type"));
	fx_fini(&f);
	fx_init(&f, "custom", "home.example.com");
	fx_secret(&f, "url", "http://dyn.example.net/{ip}");
	fx_secret(&f, "header", "no colon here");
	assert_int_equal(custom_ops.check_config(&f.prov, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "url"));
	fx_fini(&f);
	fx_init(&f, "custom", "home.example.com");
	fx_secret(&f, "url", "https://dyn.example.net/{ip}");
	fx_secret(&f, "header", "Bad Name: " TOKEN);
	assert_int_equal(custom_ops.check_config(&f.prov, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "header"));
	no_secret(err.msg, TOKEN);
	fx_fini(&f);
}

/* ---- dry runs ----------------------------------------------------------------------------- */

static void test_dry_write(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	dyn_fixture(&f, "dynupdate.no-ip.com");
	fx_job(&f, FAM_V4, V4, V6);
	assert_false(prov_dry_write(&f.job, &out)); /* not a dry run */
	f.job.dry_run = true;
	assert_true(prov_dry_write(&f.job, &out));
	assert_int_equal(out.result, PROV_OK);
	assert_true(out.would_write);
	assert_string_equal(out.message, "would send GET https://dynupdate.no-ip.com/nic/update: "
					 "A home.example.com " V4 ", AAAA home.example.com " V6);
	assert_true(f.job.pair_out.would_write);
	no_secret(out.message, PASS);
	fx_fini(&f);

	fx_init(&f, "freedns", "home.example.org");
	fx_secret(&f, "token", TOKEN);
	fx_job(&f, FAM_V6, V6, NULL);
	f.job.dry_run = true;
	assert_true(prov_dry_write(&f.job, &out));
	assert_string_equal(out.message, "would send GET https://v6.sync.afraid.org/u/<token>/: "
					 "AAAA home.example.org " V6);
	fx_fini(&f);

	/* A provider that can be read runs its job (its look-ups are allowed). */
	fx_init(&f, "cloudflare", "home.example.com");
	fx_secret(&f, "token", TOKEN);
	fx_job(&f, FAM_V4, V4, NULL);
	f.job.dry_run = true;
	assert_false(prov_dry_write(&f.job, &out));
	fx_fini(&f);
}

/* Every write-only type is in the registry, available, unreadable, with a 60 s floor. */
static void test_registry(void **state)
{
	static const char *const types[] = {"dyndns2", "duckdns", "freedns", "custom"};

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const struct provider_ops *ops = prov_find(types[i]);

		assert_non_null(ops);
		assert_true(prov_available(ops));
		assert_false(ops->readable);
		assert_true(ops->min_interval >= 60);
	}
	assert_non_null(prov_key(prov_find("freedns"), "endpoint-v6"));
	assert_true(prov_key(prov_find("custom"), "header")->secret);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dyndns2_build), cmocka_unit_test(test_dyndns2_check),
	    cmocka_unit_test(test_dyndns2_parse), cmocka_unit_test(test_duckdns),
	    cmocka_unit_test(test_freedns),	  cmocka_unit_test(test_custom),
	    cmocka_unit_test(test_dry_write),	  cmocka_unit_test(test_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
