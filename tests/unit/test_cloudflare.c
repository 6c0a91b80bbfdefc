// SPDX-License-Identifier: MIT
/* Cloudflare provider: requests built, every documented reply judged, whole flows driven purely. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/cloudflare.h"
#include "providers/provider.h"

#define TOKEN "tok-SECRET-0123456789abcdefABCDEF_xyz"
#define ZID   "023e105f4ecef8ad9ca31a8372d0c353"
#define RID   "372e67954025e0ba6aaa6d586b9e0b59"
#define RID2  "8a3e67954025e0ba6aaa6d586b9e0b60"
#define NEWID "fe0e67954025e0ba6aaa6d586b9e0b61"
#define BASE  "https://api.cloudflare.com/client/v4"
#define NAME  "home.example.com"
#define WANT4 "203.0.113.9"
#define OLD4  "198.51.100.7"

/* Reply bodies in the shapes of providers-reference.md §1. */
#define OK_ENV(result) "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" result "}"
#define LIST_ENV(result)                                                                           \
	"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" result                       \
	",\"result_info\":{\"page\":1,\"per_page\":100,\"count\":1,\"total_count\":1,"             \
	"\"total_pages\":1}}"
#define ERR_ENV(code, msg)                                                                         \
	"{\"success\":false,\"errors\":[{\"code\":" #code ",\"message\":\"" msg "\"}],"            \
	"\"messages\":[],\"result\":null}"
#define ZONE(id, name) "{\"id\":\"" id "\",\"name\":\"" name "\",\"status\":\"active\"}"
#define REC(id, type, name, content, ttl, proxied)                                                 \
	"{\"id\":\"" id "\",\"type\":\"" type "\",\"name\":\"" name "\",\"content\":\"" content    \
	"\",\"ttl\":" #ttl ",\"proxied\":" #proxied ",\"proxiable\":true,"                         \
	"\"comment\":\"kept\",\"tags\":[],\"zone_id\":\"" ZID "\"}"

struct fixture {
	struct cfg_param params[2];
	struct cfg_provider prov;
	struct cfg_record rec;
	struct prov_job job;
};

static void fx_init(struct fixture *f, const char *name, const char *zone, enum fam fam,
		    const char *want, const char *endpoint)
{
	struct ipaddr a;

	memset(f, 0, sizeof(*f));
	f->params[0].key = "token";
	f->params[0].is_secret = true;
	assert_int_equal(secret_set(&f->params[0].secret, TOKEN, strlen(TOKEN)), 0);
	f->prov.n_params = 1;
	if (endpoint) {
		f->params[1].key = "endpoint";
		f->params[1].value = (char *)endpoint;
		f->prov.n_params = 2;
	}
	f->prov.name = "cf";
	f->prov.type = "cloudflare";
	f->prov.params = f->params;
	f->rec.section = "home";
	f->rec.name = (char *)name;
	f->rec.zone = (char *)zone;
	f->rec.ttl = 0;
	f->rec.proxied = -1;
	f->rec.provider = &f->prov;
	assert_true(ipaddr_parse(want, fam_to_af(fam), &a));
	prov_job_init(&f->job, &f->prov, &f->rec, fam, &a);
}

static void fx_fini(struct fixture *f)
{
	secret_free(&f->params[0].secret);
}

static void set_token(struct fixture *f, const char *tok)
{
	assert_int_equal(secret_set(&f->params[0].secret, tok, strlen(tok)), 0);
}

static const char *header(const struct prov_request *req, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < req->http.n_headers; i++)
		if (strncmp(req->http.headers[i], name, n) == 0 && req->http.headers[i][n] == ':')
			return req->http.headers[i] + n + 2;
	return NULL;
}

/* Build the current step and check it; the token only ever in Authorization. */
static void expect_request(struct fixture *f, enum http_method m, const char *url, const char *body)
{
	struct prov_request req;
	size_t i;

	assert_int_equal(cloudflare_ops.build(&f->job, &req), 0);
	assert_int_equal(req.http.method, m);
	assert_string_equal(req.http.url, url);
	if (body) {
		assert_non_null(req.http.body);
		assert_string_equal(req.http.body, body);
		assert_int_equal(req.http.body_len, strlen(body));
		assert_string_equal(header(&req, "Content-Type"), "application/json");
	} else {
		assert_null(req.http.body);
		assert_null(header(&req, "Content-Type"));
	}
	assert_string_equal(header(&req, "Authorization"), "Bearer " TOKEN);
	assert_string_equal(header(&req, "Accept"), "application/json");
	assert_null(strstr(req.http.url, TOKEN));
	assert_true(!req.http.body || !strstr(req.http.body, TOKEN));
	for (i = 0; i < req.http.n_headers; i++)
		if (strncmp(req.http.headers[i], "Authorization:", 14) != 0)
			assert_null(strstr(req.http.headers[i], TOKEN));
	prov_request_free(&req);
}

static enum prov_result reply(struct fixture *f, long status, const char *body, long retry_after,
			      struct prov_outcome *out)
{
	struct prov_reply r = {status, body, strlen(body), retry_after, PROV_TRANSPORT_HTTP};
	enum prov_result res;

	prov_outcome_init(out);
	res = cloudflare_ops.parse(&f->job, &r, out);
	assert_null(strstr(out->message, TOKEN));
	return res;
}

/* ---- build ---- */

static void test_build_urls(void **state)
{
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	/* The zone walk starts at the name itself (it may be the apex), then its parent. */
	fx_init(&f, "Home.Example.COM.", NULL, FAM_V4, WANT4, NULL);
	expect_request(&f, HTTP_GET, BASE "/zones?name=home.example.com", NULL);
	assert_int_equal(reply(&f, 200, OK_ENV("[]"), -1, &out), PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET, BASE "/zones?name=example.com", NULL);
	fx_fini(&f);

	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	expect_request(&f, HTTP_GET, BASE "/zones?name=example.com", NULL);
	strcpy(f.job.zone_id, ZID);
	expect_request(&f, HTTP_GET,
		       BASE "/zones/" ZID "/dns_records?type=A&name.exact=home.example.com"
			    "&per_page=100",
		       NULL);
	strcpy(f.job.record_id, RID);
	expect_request(&f, HTTP_GET, BASE "/zones/" ZID "/dns_records/" RID, NULL);
	/* An id that cannot go into a URL path counts as unknown. */
	strcpy(f.job.record_id, "../../user/tokens");
	expect_request(&f, HTTP_GET,
		       BASE "/zones/" ZID "/dns_records?type=A&name.exact=home.example.com"
			    "&per_page=100",
		       NULL);
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::1", NULL);
	strcpy(f.job.zone_id, ZID);
	expect_request(&f, HTTP_GET,
		       BASE "/zones/" ZID "/dns_records?type=AAAA&name.exact=home.example.com"
			    "&per_page=100",
		       NULL);
	fx_fini(&f);
}

static void test_build_escaping_and_endpoint(void **state)
{
	struct fixture f;

	(void)state;
	/* Query values are URL-encoded by curl; a hostile name cannot add parameters. */
	fx_init(&f, "*.a b&type=MX.example.com", NULL, FAM_V4, WANT4,
		"https://127.0.0.1:8443/cf/v4/");
	strcpy(f.job.zone_id, ZID);
	expect_request(&f, HTTP_GET,
		       "https://127.0.0.1:8443/cf/v4/zones/" ZID "/dns_records?type=A"
		       "&name.exact=%2a.a+b%26type%3dmx.example.com&per_page=100",
		       NULL);
	fx_fini(&f);

	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, "https://[2001:db8::53]/");
	expect_request(&f, HTTP_GET, "https://[2001:db8::53]/zones?name=example.com", NULL);
	fx_fini(&f);
}

static void test_build_bodies(void **state)
{
	struct fixture f;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	f.job.step = CF_CREATE;
	expect_request(&f, HTTP_POST, BASE "/zones/" ZID "/dns_records",
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
		       "\"ttl\":1,\"proxied\":false}");
	f.rec.ttl = 120;
	f.rec.proxied = 1;
	expect_request(&f, HTTP_POST, BASE "/zones/" ZID "/dns_records",
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
		       "\"ttl\":120,\"proxied\":true}");
	/* PATCH: type, name and content (the API schema requires them), ttl and proxied as they
	 * will stand: what the config sets, else what the record holds. */
	strcpy(f.job.record_id, RID);
	f.job.step = CF_PATCH;
	expect_request(&f, HTTP_PATCH, BASE "/zones/" ZID "/dns_records/" RID,
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
		       "\"ttl\":120,\"proxied\":true}");
	f.rec.ttl = 0;
	f.rec.proxied = 0;
	f.job.found_ttl = 300;
	expect_request(&f, HTTP_PATCH, BASE "/zones/" ZID "/dns_records/" RID,
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
		       "\"ttl\":300,\"proxied\":false}");
	f.rec.proxied = -1;
	f.job.found_ttl = -1;
	expect_request(
	    &f, HTTP_PATCH, BASE "/zones/" ZID "/dns_records/" RID,
	    "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\"}");
	fx_fini(&f);

	/* A comment is sent on create only, so an existing record keeps its own. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.params[1].key = "comment";
	f.params[1].value = "ddnsd \"home\"";
	f.prov.n_params = 2;
	strcpy(f.job.zone_id, ZID);
	strcpy(f.job.record_id, RID);
	f.job.step = CF_CREATE;
	expect_request(&f, HTTP_POST, BASE "/zones/" ZID "/dns_records",
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
		       "\"ttl\":1,\"proxied\":false,\"comment\":\"ddnsd \\\"home\\\"\"}");
	f.job.step = CF_PATCH;
	f.job.found_ttl = -1;
	expect_request(
	    &f, HTTP_PATCH, BASE "/zones/" ZID "/dns_records/" RID,
	    "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\"}");
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::1", NULL);
	strcpy(f.job.zone_id, ZID);
	f.job.step = CF_CREATE;
	expect_request(
	    &f, HTTP_POST, BASE "/zones/" ZID "/dns_records",
	    "{\"type\":\"AAAA\",\"name\":\"home.example.com\",\"content\":\"2001:db8::1\","
	    "\"ttl\":1,\"proxied\":false}");
	fx_fini(&f);
}

static void test_build_refuses(void **state)
{
	struct fixture f;
	struct prov_request req;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	/* A dry run never builds a write, even if asked to. */
	f.job.dry_run = true;
	f.job.step = CF_CREATE;
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EPERM);
	f.job.step = CF_PATCH;
	strcpy(f.job.record_id, RID);
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EPERM);
	f.job.dry_run = false;
	/* PATCH without a usable record id */
	f.job.record_id[0] = '\0';
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EINVAL);
	f.job.step = CF_START;
	/* A token that would inject a header line. */
	set_token(&f, "abc\r\nX-Evil: 1");
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EINVAL);
	set_token(&f, "");
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EINVAL);
	set_token(&f, TOKEN);
	/* The wanted address must be of the job's family. */
	f.job.fam = FAM_V6;
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EINVAL);
	f.job.fam = FAM_V4;
	f.rec.name = "";
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EINVAL);
	/* A single label has no zone to walk to. */
	f.rec.name = "localhost";
	f.job.zone_id[0] = '\0';
	assert_int_equal(cloudflare_ops.build(&f.job, &req), -EINVAL);
	fx_fini(&f);
}

static void test_check_config(void **state)
{
	struct fixture f;
	struct errbuf eb = {""};

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(cloudflare_ops.check_config(&f.prov, &eb), 0);
	f.params[1].key = "endpoint";
	f.params[1].value = "http://api.example.test/v4";
	f.prov.n_params = 2;
	assert_int_equal(cloudflare_ops.check_config(&f.prov, &eb), -EINVAL);
	assert_non_null(strstr(eb.msg, "endpoint"));
	f.params[1].value = "https://api.example.test/v4";
	assert_int_equal(cloudflare_ops.check_config(&f.prov, &eb), 0);
	set_token(&f, "two words");
	assert_int_equal(cloudflare_ops.check_config(&f.prov, &eb), -EINVAL);
	assert_non_null(strstr(eb.msg, "token"));
	assert_null(strstr(eb.msg, "two words"));
	/* A reference not read yet (env:, cred:, token-file) is judged once it is read. */
	secret_free(&f.params[0].secret);
	f.prov.n_params = 1;
	assert_int_equal(cloudflare_ops.check_config(&f.prov, &eb), 0);
	f.prov.n_params = 0;
	assert_int_equal(cloudflare_ops.check_config(&f.prov, &eb), -EINVAL);
	assert_non_null(strstr(eb.msg, "token: missing"));
	fx_fini(&f);
	assert_true(cloudflare_ops.readable);
	assert_ptr_equal(prov_find("cloudflare"), &cloudflare_ops);
	assert_null(prov_find("cloudflair"));
	assert_true(prov_count() >= 1);
	assert_ptr_equal(prov_at(0), &cloudflare_ops);
}

/* ---- parse: one reply at a given step ---- */

struct pcase {
	const char *what;
	int step;
	bool have_zone, have_rid;
	const char *zone_cfg;
	int ttl;
	int proxied; /* 0: unset (-1 in the record), 1: yes, -2: no */
	bool dry;
	const char *found; /* found_addr before a PATCH reply */
	long status;
	const char *body;
	long retry_after;
	enum prov_result want;
	int next_step;	 /* with PROV_NEXT_STEP */
	const char *msg; /* substring of the message (final results) */
	long want_retry; /* with PROV_RETRY */
	const char *rid; /* record id afterwards ("" none, NULL: not checked) */
	bool would_write;
};

/* Shorthands for the table: the step a case starts at, with the ids it has. */
#define AT_ZONE(z) .step = CF_ZONE, .zone_cfg = (z)
#define AT_FIND	   .step = CF_FIND, .have_zone = true
#define AT_GET	   .step = CF_GET, .have_zone = true, .have_rid = true
#define AT_CREATE  .step = CF_CREATE, .have_zone = true
#define AT_PATCH   .step = CF_PATCH, .have_zone = true, .have_rid = true, .found = OLD4

static const struct pcase pcases[] = {
    {"zone found", AT_ZONE("example.com"), .status = 200,
     .body = LIST_ENV("[" ZONE(ZID, "example.com") "]"), .want = PROV_NEXT_STEP,
     .next_step = CF_FIND},
    {"zone found, record id known", AT_ZONE("example.com"), .have_rid = true, .status = 200,
     .body = LIST_ENV("[" ZONE(ZID, "example.com") "]"), .want = PROV_NEXT_STEP,
     .next_step = CF_GET},
    {"zone empty (configured)", AT_ZONE("example.com"), .status = 200, .body = LIST_ENV("[]"),
     .want = PROV_PERMANENT,
     .msg = "cloudflare: zone example.com not found or not visible to this token"},
    {"zone walk goes up", AT_ZONE(NULL), .status = 200, .body = LIST_ENV("[]"),
     .want = PROV_NEXT_STEP, .next_step = CF_ZONE},
    {"zone of another name is ignored", AT_ZONE("example.com"), .status = 200,
     .body = LIST_ENV("[" ZONE(ZID, "example.net") "]"), .want = PROV_PERMANENT,
     .msg = "not found"},
    {"zone id unusable", AT_ZONE("example.com"), .status = 200,
     .body = LIST_ENV("[" ZONE("../x", "example.com") "]"), .want = PROV_RETRY, .msg = "malformed",
     .want_retry = -1},
    {"zone result null", AT_ZONE("example.com"), .status = 200, .body = OK_ENV("null"),
     .want = PROV_RETRY, .msg = "malformed reply to zone lookup", .want_retry = -1},

    {"record missing", AT_FIND, .status = 200, .body = LIST_ENV("[]"), .want = PROV_NEXT_STEP,
     .next_step = CF_CREATE, .rid = ""},
    {"record missing, dry run", AT_FIND, .dry = true, .status = 200, .body = LIST_ENV("[]"),
     .want = PROV_OK, .msg = "would create A home.example.com 203.0.113.9", .rid = "",
     .would_write = true},
    {"record same", AT_FIND, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, WANT4, 1, false) "]"), .want = PROV_UNCHANGED,
     .msg = "A home.example.com already 203.0.113.9", .rid = RID},
    {"record different", AT_FIND, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, OLD4, 1, false) "]"), .want = PROV_NEXT_STEP,
     .next_step = CF_PATCH, .rid = RID},
    {"record different, dry run", AT_FIND, .dry = true, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, OLD4, 1, false) "]"), .want = PROV_OK,
     .msg = "would update A home.example.com 198.51.100.7 -> 203.0.113.9", .rid = RID,
     .would_write = true},
    {"several records, none holds it", AT_FIND, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, OLD4, 1, false) "," REC(RID2, "A", NAME, "192.0.2.1",
								      1, false) "]"),
     .want = PROV_NEXT_STEP, .next_step = CF_PATCH, .rid = RID},
    {"several records, second holds it", AT_FIND, .status = 200,
     .body = LIST_ENV(
	 "[" REC(RID, "A", NAME, OLD4, 1, false) "," REC(RID2, "A", NAME, WANT4, 1, false) "]"),
     .want = PROV_UNCHANGED, .msg = "2 records share this name", .rid = RID2},
    {"other types and names skipped", AT_FIND, .status = 200,
     .body = LIST_ENV("[" REC(RID, "AAAA", NAME, "2001:db8::1", 1,
			      false) "," REC(RID2, "A", "other.example.com", OLD4, 1, false) "]"),
     .want = PROV_NEXT_STEP, .next_step = CF_CREATE, .rid = ""},
    {"config ttl differs", AT_FIND, .ttl = 120, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, WANT4, 300, false) "]"), .want = PROV_NEXT_STEP,
     .next_step = CF_PATCH},
    {"config ttl on a proxied record is moot", AT_FIND, .ttl = 120, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, WANT4, 1, true) "]"), .want = PROV_UNCHANGED},
    {"config proxied differs", AT_FIND, .proxied = 1, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, WANT4, 1, false) "]"), .want = PROV_NEXT_STEP,
     .next_step = CF_PATCH},
    {"config proxied same", AT_FIND, .proxied = -2, .ttl = 1, .status = 200,
     .body = LIST_ENV("[" REC(RID, "A", NAME, WANT4, 1, false) "]"), .want = PROV_UNCHANGED},
    {"record list without result", AT_FIND, .status = 200,
     .body = "{\"success\":true,\"errors\":[],\"messages\":[]}", .want = PROV_RETRY,
     .msg = "malformed reply to record lookup", .want_retry = -1},

    {"get same", AT_GET, .status = 200, .body = OK_ENV(REC(RID, "A", NAME, WANT4, 1, false)),
     .want = PROV_UNCHANGED, .msg = "already", .rid = RID},
    {"get different", AT_GET, .status = 200, .body = OK_ENV(REC(RID, "A", NAME, OLD4, 1, false)),
     .want = PROV_NEXT_STEP, .next_step = CF_PATCH, .rid = RID},
    {"get: id now names another record", AT_GET, .status = 200,
     .body = OK_ENV(REC(RID, "A", "www.example.com", OLD4, 1, false)), .want = PROV_NEXT_STEP,
     .next_step = CF_FIND, .rid = ""},
    {"get: stale id 81044", AT_GET, .status = 404, .body = ERR_ENV(81044, "Record does not exist."),
     .want = PROV_NEXT_STEP, .next_step = CF_FIND, .rid = ""},
    {"get: stale zone 7003", AT_GET, .status = 400,
     .body = ERR_ENV(7003, "Could not route to /zones/x/dns_records/y, perhaps your "
			   "object identifier is invalid?"),
     .want = PROV_NEXT_STEP, .next_step = CF_ZONE, .rid = RID},

    {"create ok", AT_CREATE, .status = 200, .body = OK_ENV(REC(NEWID, "A", NAME, WANT4, 1, false)),
     .want = PROV_OK, .msg = "created A home.example.com 203.0.113.9", .rid = NEWID},
    {"create ok without result", AT_CREATE, .status = 200,
     .body = "{\"success\":true,\"errors\":[],\"messages\":[]}", .want = PROV_RETRY,
     .msg = "did not confirm the write", .want_retry = -1},
    {"create: result not a record", AT_CREATE, .status = 200, .body = OK_ENV("[]"),
     .want = PROV_RETRY, .msg = "did not confirm the write", .want_retry = -1},
    {"create: reply holds another address", AT_CREATE, .status = 200,
     .body = OK_ENV(REC(NEWID, "A", NAME, "192.0.2.99", 1, false)), .want = PROV_RETRY,
     .msg = "did not confirm the write", .want_retry = -1},
    {"create: reply of another type", AT_CREATE, .status = 200,
     .body = OK_ENV(REC(NEWID, "AAAA", NAME, "2001:db8::9", 1, false)), .want = PROV_RETRY,
     .msg = "did not confirm the write", .want_retry = -1},
    {"create: reply without a name", AT_CREATE, .status = 200,
     .body = OK_ENV("{\"id\":\"" NEWID "\",\"type\":\"A\",\"content\":\"" WANT4 "\"}"),
     .want = PROV_RETRY, .msg = "did not confirm the write", .want_retry = -1},
    {"patch: reply of another record id", AT_PATCH, .status = 200,
     .body = OK_ENV(REC(RID2, "A", NAME, WANT4, 1, false)), .want = PROV_RETRY,
     .msg = "did not confirm the write", .want_retry = -1},
    {"patch: reply of another name", AT_PATCH, .status = 200,
     .body = OK_ENV(REC(RID, "A", "www.example.com", WANT4, 1, false)), .want = PROV_RETRY,
     .msg = "did not confirm the write", .want_retry = -1},
    {"patch: reply with the old content", AT_PATCH, .status = 200,
     .body = OK_ENV(REC(RID, "A", NAME, OLD4, 1, false)), .want = PROV_RETRY,
     .msg = "did not confirm the write", .want_retry = -1},
    {"create: 81057 exists", AT_CREATE, .status = 400,
     .body = ERR_ENV(81057, "The record already exists."), .want = PROV_UNCHANGED,
     .msg = "already exists"},
    {"create: 81058 identical", AT_CREATE, .status = 400,
     .body = ERR_ENV(81058, "An identical record already exists."), .want = PROV_UNCHANGED},
    {"create: CNAME conflict 81053", AT_CREATE, .status = 400,
     .body = ERR_ENV(81053, "An A, AAAA, or CNAME record with that host already exists."),
     .want = PROV_PERMANENT, .msg = "cloudflare: 81053 An A, AAAA, or CNAME record"},
    {"patch ok", AT_PATCH, .status = 200, .body = OK_ENV(REC(RID, "A", NAME, WANT4, 1, false)),
     .want = PROV_OK, .msg = "updated A home.example.com 198.51.100.7 -> 203.0.113.9", .rid = RID},
    {"patch of ttl only", .step = CF_PATCH, .have_zone = true, .have_rid = true, .found = WANT4,
     .ttl = 120, .status = 200, .body = OK_ENV(REC(RID, "A", NAME, WANT4, 120, false)),
     .want = PROV_OK, .msg = "updated A home.example.com 203.0.113.9 (ttl/proxied)", .rid = RID},
    {"patch: record gone", AT_PATCH, .status = 404,
     .body = ERR_ENV(81044, "Record does not exist."), .want = PROV_NEXT_STEP, .next_step = CF_FIND,
     .rid = ""},

    {"auth 10000", AT_FIND, .status = 403, .body = ERR_ENV(10000, "Authentication error"),
     .want = PROV_AUTH, .msg = "cloudflare: 10000 Authentication error"},
    {"auth 6003 with chain", AT_ZONE("example.com"), .status = 400,
     .body = "{\"success\":false,\"errors\":[{\"code\":6003,\"message\":\"Invalid request "
	     "headers\",\"error_chain\":[{\"code\":6111,\"message\":\"Invalid format for "
	     "Authorization header\"}]}],\"messages\":[],\"result\":null}",
     .want = PROV_AUTH,
     .msg = "cloudflare: 6003 Invalid request headers (6111 Invalid format for "
	    "Authorization header)"},
    {"auth 9109", AT_FIND, .status = 403, .body = ERR_ENV(9109, "Invalid access token"),
     .want = PROV_AUTH, .msg = "9109"},
    {"auth 401 without envelope", AT_FIND, .status = 401, .body = "Unauthorized", .want = PROV_AUTH,
     .msg = "cloudflare: HTTP 401"},
    {"other 4xx", AT_CREATE, .status = 400,
     .body = ERR_ENV(9005, "Content for A record must be a valid IPv4 address."),
     .want = PROV_PERMANENT, .msg = "9005 Content for A record"},
    {"429 with Retry-After", AT_FIND, .status = 429,
     .body = ERR_ENV(971, "Please wait and consider throttling your request speed"),
     .retry_after = 7, .want = PROV_RETRY, .msg = "rate limited: 971 Please wait", .want_retry = 7},
    {"429 without Retry-After", AT_FIND, .status = 429, .body = "", .retry_after = -1,
     .want = PROV_RETRY, .msg = "rate limited: HTTP 429", .want_retry = 300},
    {"500 html", AT_FIND, .status = 500, .body = "<html><body>oops</body></html>",
     .retry_after = -1, .want = PROV_RETRY, .msg = "cloudflare: HTTP 500", .want_retry = -1},
    {"503 with Retry-After", AT_CREATE, .status = 503, .body = "", .retry_after = 30,
     .want = PROV_RETRY, .msg = "HTTP 503", .want_retry = 30},
    {"502 envelope", AT_FIND, .status = 502, .body = ERR_ENV(1000, "Internal error"),
     .retry_after = -1, .want = PROV_RETRY, .msg = "cloudflare: HTTP 502: 1000 Internal error",
     .want_retry = -1},
    {"malformed JSON", AT_FIND, .status = 200, .body = "{\"success\":tru", .want = PROV_RETRY,
     .msg = "malformed reply (HTTP 200)", .want_retry = -1},
    {"empty 200", AT_ZONE("example.com"), .status = 200, .body = "", .want = PROV_RETRY,
     .msg = "malformed reply", .want_retry = -1},
    {"success true but HTTP 404", AT_CREATE, .status = 404, .body = LIST_ENV("[]"),
     .want = PROV_PERMANENT, .msg = "HTTP 404"},
    {"error message is sanitised", AT_FIND, .status = 400,
     .body = ERR_ENV(1004, "bad\\nline\\u001b[31m"), .want = PROV_PERMANENT,
     .msg = "cloudflare: 1004 bad?line?[31m"},
    {"echoed token is redacted", AT_FIND, .status = 403,
     .body = ERR_ENV(10000, "token " TOKEN " refused"), .want = PROV_AUTH,
     .msg = "10000 token <redacted> refused"},
};

static void test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		const struct pcase *c = &pcases[i];
		struct fixture f;
		struct prov_outcome out;
		enum prov_result res;

		print_message("case %zu: %s\n", i, c->what);
		fx_init(&f, NAME, c->zone_cfg, FAM_V4, WANT4, NULL);
		f.job.step = c->step;
		f.job.dry_run = c->dry;
		f.rec.ttl = c->ttl;
		f.rec.proxied = c->proxied == 0 ? -1 : c->proxied == 1 ? 1 : 0;
		if (c->have_zone)
			strcpy(f.job.zone_id, ZID);
		if (c->have_rid)
			strcpy(f.job.record_id, RID);
		if (c->found) {
			f.job.found = true;
			assert_true(ipaddr_parse(c->found, AF_INET, &f.job.found_addr));
		}
		res = reply(&f, c->status, c->body, c->retry_after, &out);
		assert_int_equal(res, c->want);
		if (res == PROV_NEXT_STEP) {
			assert_int_equal(f.job.step, c->next_step);
		} else {
			assert_int_equal(out.result, c->want);
			assert_true(out.message[0]);
			if (c->msg && !strstr(out.message, c->msg))
				fail_msg("message \"%s\" lacks \"%s\"", out.message, c->msg);
			assert_int_equal(out.would_write, c->would_write);
			if (res == PROV_RETRY)
				assert_int_equal(out.retry_after, c->want_retry);
		}
		if (c->rid)
			assert_string_equal(f.job.record_id, c->rid);
		fx_fini(&f);
	}
}

/* ---- whole flows, driven purely ---- */

struct exchange {
	enum http_method method;
	const char *url;
	const char *body; /* expected request body, NULL for none */
	long status;
	const char *reply;
};

static enum prov_result drive(struct fixture *f, const struct exchange *x, size_t n,
			      struct prov_outcome *out)
{
	enum prov_result res = PROV_NEXT_STEP;
	size_t i;

	for (i = 0; res == PROV_NEXT_STEP; i++) {
		assert_true(i < n);
		expect_request(f, x[i].method, x[i].url, x[i].body);
		res = reply(f, x[i].status, x[i].reply, -1, out);
	}
	assert_int_equal(i, n);
	return res;
}

#define ZONES_URL(z) BASE "/zones?name=" z
#define FIND_URL(t)  BASE "/zones/" ZID "/dns_records?type=" t "&name.exact=" NAME "&per_page=100"

static void test_flow_first_sync_create(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, ZONES_URL(NAME), NULL, 200, LIST_ENV("[]")},
	    {HTTP_GET, ZONES_URL("example.com"), NULL, 200,
	     LIST_ENV("[" ZONE(ZID, "example.com") "]")},
	    {HTTP_GET, FIND_URL("A"), NULL, 200, LIST_ENV("[]")},
	    {HTTP_POST, BASE "/zones/" ZID "/dns_records",
	     "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
	     "\"ttl\":1,\"proxied\":false}",
	     200, OK_ENV(REC(NEWID, "A", NAME, WANT4, 1, false))},
	};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(drive(&f, x, 4, &out), PROV_OK);
	assert_string_equal(out.record_id, NEWID);
	assert_string_equal(out.zone_id, ZID);
	assert_int_equal(out.old.family, AF_UNSPEC);
	assert_false(out.would_write);
	fx_fini(&f);
}

static void test_flow_update_known_ids(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, BASE "/zones/" ZID "/dns_records/" RID, NULL, 200,
	     OK_ENV(REC(RID, "A", NAME, OLD4, 300, false))},
	    /* The TTL and proxied flag the record had go with the write. */
	    {HTTP_PATCH, BASE "/zones/" ZID "/dns_records/" RID,
	     "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
	     "\"ttl\":300,\"proxied\":false}",
	     200, OK_ENV(REC(RID, "A", NAME, WANT4, 300, false))},
	};
	struct fixture f;
	struct prov_outcome out;
	char buf[IPADDR_STRLEN];

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	strcpy(f.job.record_id, RID);
	assert_int_equal(drive(&f, x, 2, &out), PROV_OK);
	assert_string_equal(ipaddr_ntop(&out.old, buf), OLD4);
	assert_string_equal(out.record_id, RID);
	assert_string_equal(out.message, "updated A home.example.com 198.51.100.7 -> 203.0.113.9");
	fx_fini(&f);
}

static void test_flow_unchanged_v6(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, FIND_URL("AAAA"), NULL, 200,
	     LIST_ENV("[" REC(RID, "AAAA", NAME, "2001:DB8:0::0:1", 1, false) "]")},
	};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::1", NULL);
	strcpy(f.job.zone_id, ZID);
	assert_int_equal(drive(&f, x, 1, &out), PROV_UNCHANGED);
	assert_string_equal(out.record_id, RID);
	assert_string_equal(ipaddr_ntop(&out.old, (char[IPADDR_STRLEN]){0}), "2001:db8::1");
	fx_fini(&f);
}

static void test_flow_stale_id_recreate(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, BASE "/zones/" ZID "/dns_records/" RID, NULL, 404,
	     ERR_ENV(81044, "Record does not exist.")},
	    {HTTP_GET, FIND_URL("A"), NULL, 200, LIST_ENV("[]")},
	    {HTTP_POST, BASE "/zones/" ZID "/dns_records",
	     "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"203.0.113.9\","
	     "\"ttl\":120,\"proxied\":false}",
	     200, OK_ENV(REC(NEWID, "A", NAME, WANT4, 120, false))},
	};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.rec.ttl = 120;
	strcpy(f.job.zone_id, ZID);
	strcpy(f.job.record_id, RID);
	assert_int_equal(drive(&f, x, 3, &out), PROV_OK);
	assert_string_equal(out.record_id, NEWID);
	fx_fini(&f);
}

static void test_flow_stale_zone(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, FIND_URL("A"), NULL, 400,
	     ERR_ENV(7003, "Could not route to /zones/x/dns_records")},
	    {HTTP_GET, ZONES_URL("example.com"), NULL, 200,
	     LIST_ENV("[" ZONE(ZID, "example.com") "]")},
	    /* A second failure with the fresh zone id is not retried in a loop. */
	    {HTTP_GET, FIND_URL("A"), NULL, 400,
	     ERR_ENV(7003, "Could not route to /zones/x/dns_records")},
	};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	assert_int_equal(drive(&f, x, 3, &out), PROV_PERMANENT);
	assert_non_null(strstr(out.message, "7003"));
	fx_fini(&f);
}

static void test_flow_dry_run(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, ZONES_URL("example.com"), NULL, 200,
	     LIST_ENV("[" ZONE(ZID, "example.com") "]")},
	    {HTTP_GET, FIND_URL("A"), NULL, 200,
	     LIST_ENV("[" REC(RID, "A", NAME, OLD4, 1, false) "]")},
	};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	f.job.dry_run = true;
	assert_int_equal(drive(&f, x, 2, &out), PROV_OK);
	assert_true(out.would_write);
	assert_string_equal(out.message,
			    "would update A home.example.com 198.51.100.7 -> 203.0.113.9");
	fx_fini(&f);
}

static void test_flow_no_zone(void **state)
{
	static const struct exchange x[] = {
	    {HTTP_GET, BASE "/zones?name=a.b.example.com", NULL, 200, LIST_ENV("[]")},
	    {HTTP_GET, BASE "/zones?name=b.example.com", NULL, 200, LIST_ENV("[]")},
	    {HTTP_GET, BASE "/zones?name=example.com", NULL, 200, LIST_ENV("[]")},
	};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, "a.b.example.com", NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(drive(&f, x, 3, &out), PROV_PERMANENT);
	assert_string_equal(out.message,
			    "cloudflare: no zone for a.b.example.com visible to this token");
	fx_fini(&f);
}

/* ---- helpers in provider.c ---- */

static void test_helpers(void **state)
{
	struct prov_outcome out;
	struct secret s = {0};
	char fq[256];
	struct prov_request req = {0};

	(void)state;
	assert_int_equal(secret_set(&s, "abc", 3), 0);
	prov_outcome_init(&out);
	prov_outcome_set(&out, &s, PROV_AUTH, "x abc y abcabc z %s", "abc");
	assert_string_equal(out.message, "x <redacted> y <redacted><redacted> z <redacted>");
	/* Redaction near the end of a full buffer stays in bounds. */
	prov_outcome_set(&out, &s, PROV_AUTH, "%0250d abc", 0);
	assert_true(strlen(out.message) < sizeof(out.message));
	assert_null(strstr(out.message, "abc"));
	secret_free(&s);
	assert_true(prov_id_valid(ZID));
	assert_false(prov_id_valid(""));
	assert_false(prov_id_valid("a/b"));
	assert_false(prov_id_valid("a?b"));
	assert_false(
	    prov_id_valid("0123456789012345678901234567890123456789012345678901234567890123"));
	assert_true(prov_fqdn("WWW.Example.ORG.", fq));
	assert_string_equal(fq, "www.example.org");
	assert_false(prov_fqdn(".", fq));
	assert_int_equal(prov_request_add_header(&req, "X", "a\nb"), -EINVAL);
	assert_int_equal(prov_request_add_header(&req, "X", "ok"), 0);
	assert_string_equal(req.http.headers[0], "X: ok");
	prov_request_free(&req);
	assert_string_equal(prov_result_name(PROV_UNCHANGED), "unchanged");
}

static void count_one(const struct provider_ops *ops, void *arg)
{
	assert_non_null(ops->name);
	/* Every type declares its keys; a type is available with both build and parse. */
	assert_non_null(ops->keys);
	assert_true(!ops->build == !ops->parse);
	assert_int_equal(prov_available(ops), ops->build != NULL);
	assert_ptr_equal(prov_find(ops->name), ops);
	(*(size_t *)arg)++;
}

static void test_registry(void **state)
{
	size_t n = 0;

	(void)state;
	prov_foreach(count_one, &n);
	assert_int_equal(n, prov_count());
	assert_null(prov_at(prov_count()));
	assert_null(prov_find(NULL));
	assert_true(prov_available(&cloudflare_ops));
	assert_false(prov_available(NULL));
}

/* A bulk read: the zone looked up once, then every page of A then AAAA records. */
/* The account's zones, page by page (50 a page): names as prov_fqdn() gives them, ids; one
 * that cannot be named or addressed is left out; a 429 keeps the page for the retry. */
#define ZONES_PAGE(zones, page)                                                                    \
	"{\"success\":true,\"errors\":[],\"result\":[" zones "],\"result_info\":{\"page\":" page   \
	",\"total_pages\":2}}"

static void test_zones_list(void **state)
{
	struct prov_outcome out;
	struct prov_list list = {0};
	struct fixture f;
	struct prov_request req;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.list = &list;
	f.job.zones = true;
	/* A zone id from the state file does not matter: the zones are listed. */
	strcpy(f.job.zone_id, ZID);
	expect_request(&f, HTTP_GET, BASE "/zones?per_page=50&page=1", NULL);
	assert_int_equal(cloudflare_ops.build(&f.job, &req), 0);
	assert_true(req.max_reply >= 1024 * 1024);
	assert_false(req.writes);
	prov_request_free(&req);
	assert_int_equal(
	    reply(
		&f, 200,
		ZONES_PAGE(ZONE(ZID, "Example.COM.") "," ZONE(
			       RID, "sub.example.com") ",{\"id\":\"a b\",\"name\":\"bad.example\"}"
						       ",{\"name\":\"noid.example\"}",
			   "1"),
		-1, &out),
	    PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET, BASE "/zones?per_page=50&page=2", NULL);
	assert_int_equal(reply(&f, 429, ERR_ENV(971, "Please wait"), 7, &out), PROV_RETRY);
	/* The runner re-runs the job: the same page. */
	f.job.n_steps = 0;
	expect_request(&f, HTTP_GET, BASE "/zones?per_page=50&page=2", NULL);
	assert_int_equal(reply(&f, 200, ZONES_PAGE(ZONE(NEWID, "example.net"), "2"), -1, &out),
			 PROV_OK);
	assert_non_null(strstr(out.message, "3 zones listed"));
	assert_int_equal(list.n, 3);
	assert_string_equal(list.v[0].name, "example.com");
	assert_string_equal(list.v[0].id, ZID);
	assert_int_equal(list.v[0].fam, FAM_N);
	assert_string_equal(list.v[1].name, "sub.example.com");
	assert_string_equal(list.v[2].id, NEWID);
	prov_list_free(&list);
	fx_fini(&f);
}

static void test_bulk_list(void **state)
{
	struct prov_outcome out;
	struct prov_list list = {.fams = 1u << FAM_V4 | 1u << FAM_V6};
	struct fixture f;
	char page1[2048];

	(void)state;
	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	f.job.list = &list;
	expect_request(&f, HTTP_GET, BASE "/zones?name=example.com", NULL);
	assert_int_equal(reply(&f, 200, LIST_ENV("[" ZONE(ZID, "example.com") "]"), -1, &out),
			 PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET, BASE "/zones/" ZID "/dns_records?type=A&per_page=500&page=1",
		       NULL);
	{
		/* 500 records of ~600 bytes do not fit the usual 64 KiB reply cap. */
		struct prov_request req;

		assert_int_equal(cloudflare_ops.build(&f.job, &req), 0);
		assert_true(req.max_reply >= 500 * 1024);
		prov_request_free(&req);
	}
	/* Page 1 of 2: two A records, a CNAME (not ours), one without an id (left out). */
	snprintf(page1, sizeof(page1),
		 "{\"success\":true,\"errors\":[],\"result\":[" REC(
		     RID, "A", "home.example.com", OLD4, 1,
		     false) "," REC(RID2, "A", "Other.Example.com.", WANT4, 1,
				    false) "," REC(NEWID, "CNAME", "www.example.com",
						   "home.example.com", 1,
						   false) ","
							  "{\"type\":\"A\",\"name\":\"x.example."
							  "com\",\"content\":\"" WANT4 "\"}"
							  "],\"result_info\":{\"page\":1,\"total_"
							  "pages\":2}}");
	assert_int_equal(reply(&f, 200, page1, -1, &out), PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET, BASE "/zones/" ZID "/dns_records?type=A&per_page=500&page=2",
		       NULL);
	assert_int_equal(reply(&f, 200,
			       "{\"success\":true,\"errors\":[],\"result\":[" REC(
				   NEWID, "A", "bad.example.com", "not-an-address", 1,
				   false) "],\"result_info\":{\"page\":2,\"total_pages\":2}}",
			       -1, &out),
			 PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET,
		       BASE "/zones/" ZID "/dns_records?type=AAAA&per_page=500&page=1", NULL);
	assert_int_equal(reply(&f, 200, LIST_ENV("[]"), -1, &out), PROV_OK);
	assert_non_null(strstr(out.message, "read 3 records"));
	assert_string_equal(out.zone_id, ZID);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.v[0].name, "home.example.com");
	assert_string_equal(list.v[0].id, RID);
	assert_int_equal(list.v[0].fam, FAM_V4);
	assert_true(list.v[0].addr.family == AF_INET);
	assert_string_equal(list.v[1].name, "other.example.com");
	assert_true(list.v[2].addr.family == AF_UNSPEC);
	prov_list_free(&list);
	fx_fini(&f);

	/* Only AAAA wanted, zone known: straight to the list; a stale zone id looks it up. */
	list.fams = 1u << FAM_V6;
	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	f.job.list = &list;
	strcpy(f.job.zone_id, ZID);
	expect_request(&f, HTTP_GET,
		       BASE "/zones/" ZID "/dns_records?type=AAAA&per_page=500&page=1", NULL);
	assert_int_equal(reply(&f, 400, ERR_ENV(7003, "Could not route"), -1, &out),
			 PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET, BASE "/zones?name=example.com", NULL);
	prov_list_free(&list);
	fx_fini(&f);
}

/* What the agent knows is written without reading: a known record is patched, a record a
 * bulk read did not find is created; a dry run reads all the same. */
static void test_direct_and_absent(void **state)
{
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	strcpy(f.job.record_id, RID);
	f.job.direct = true;
	expect_request(&f, HTTP_PATCH, BASE "/zones/" ZID "/dns_records/" RID,
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"" WANT4 "\"}");
	/* The record went meanwhile: look it up again. */
	assert_int_equal(reply(&f, 404, ERR_ENV(81044, "Record does not exist."), -1, &out),
			 PROV_NEXT_STEP);
	expect_request(&f, HTTP_GET,
		       BASE "/zones/" ZID "/dns_records?type=A&name.exact=home.example.com"
			    "&per_page=100",
		       NULL);
	fx_fini(&f);

	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	f.job.absent = true;
	expect_request(&f, HTTP_POST, BASE "/zones/" ZID "/dns_records",
		       "{\"type\":\"A\",\"name\":\"home.example.com\",\"content\":\"" WANT4
		       "\",\"ttl\":1,\"proxied\":false}");
	assert_int_equal(reply(&f, 200, OK_ENV(REC(NEWID, "A", NAME, WANT4, 1, false)), -1, &out),
			 PROV_OK);
	assert_string_equal(out.record_id, NEWID);
	fx_fini(&f);

	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	strcpy(f.job.zone_id, ZID);
	strcpy(f.job.record_id, RID);
	f.job.direct = f.job.absent = f.job.dry_run = true;
	expect_request(&f, HTTP_GET, BASE "/zones/" ZID "/dns_records/" RID, NULL);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build_urls),
	    cmocka_unit_test(test_bulk_list),
	    cmocka_unit_test(test_zones_list),
	    cmocka_unit_test(test_direct_and_absent),
	    cmocka_unit_test(test_build_escaping_and_endpoint),
	    cmocka_unit_test(test_build_bodies),
	    cmocka_unit_test(test_build_refuses),
	    cmocka_unit_test(test_check_config),
	    cmocka_unit_test(test_parse_table),
	    cmocka_unit_test(test_flow_first_sync_create),
	    cmocka_unit_test(test_flow_update_known_ids),
	    cmocka_unit_test(test_flow_unchanged_v6),
	    cmocka_unit_test(test_flow_stale_id_recreate),
	    cmocka_unit_test(test_flow_stale_zone),
	    cmocka_unit_test(test_flow_dry_run),
	    cmocka_unit_test(test_flow_no_zone),
	    cmocka_unit_test(test_helpers),
	    cmocka_unit_test(test_registry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
