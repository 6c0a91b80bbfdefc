// SPDX-License-Identifier: MIT
/* alidns provider: signed requests built exactly, documented replies judged, flows driven purely.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/alidns.h"
#include "providers/provider.h"

#define KEY_ID	  "LTAI5tDdnsdTestKey01"
#define SECRET	  "Sec-ret_0123456789abcdefABCDEF"
#define NOW	  1700000000 /* 2023-11-14T22:13:20Z */
#define DATE	  "2023-11-14T22:13:20Z"
#define NONCE	  "7f3c2a9e"
#define BASE	  "https://alidns.aliyuncs.com/?"
#define NAME	  "home.example.com"
#define RID	  "1876500000000000001" /* above 2^53: kept as a string */
#define RID2	  "1876500000000000002"
#define WANT4	  "203.0.113.9"
#define OLD4	  "198.51.100.7"
#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SIGNED                                                                                     \
	"host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
/* Signatures recomputed independently by tests/netns/mock_alidns.py (whose code reproduces
 * the official V3 vector of shared/design/signature-vectors.md §1). */
#define AUTH(sig) "ACS3-HMAC-SHA256 Credential=" KEY_ID ",SignedHeaders=" SIGNED ",Signature=" sig

/* Reply bodies in the shapes of providers-reference.md §2. */
#define REC(id, rr, dom, type, value, ttl, line)                                                   \
	"{\"RecordId\":\"" id "\",\"RR\":\"" rr "\",\"DomainName\":\"" dom "\",\"Type\":\"" type   \
	"\",\"Value\":\"" value "\",\"TTL\":" #ttl ",\"Line\":\"" line "\",\"Status\":\"ENABLE\"," \
	"\"Locked\":false,\"Weight\":1}"
#define LOOKUP(n, recs)                                                                            \
	"{\"RequestId\":\"R-LOOK\",\"TotalCount\":" #n ",\"PageNumber\":1,\"PageSize\":20,"        \
	"\"DomainRecords\":{\"Record\":[" recs "]}}"
#define EMPTY	    LOOKUP(0, "")
#define WRITTEN(id) "{\"RequestId\":\"R-WRITE\",\"RecordId\":\"" id "\"}"
#define ERR(code, msg)                                                                             \
	"{\"RequestId\":\"R-ERR-1\",\"HostId\":\"alidns.aliyuncs.com\",\"Code\":\"" code           \
	"\",\"Message\":\"" msg "\",\"Recommend\":\"https://api.aliyun.com/troubleshoot\"}"

struct fixture {
	struct cfg_param params[3];
	struct cfg_provider prov;
	struct cfg_record rec;
	struct prov_job job;
};

static void fx_init(struct fixture *f, const char *name, const char *zone, enum fam fam,
		    const char *want, const char *endpoint)
{
	struct ipaddr a;

	memset(f, 0, sizeof(*f));
	f->params[0].key = "access-key-id";
	f->params[0].value = KEY_ID;
	f->params[1].key = "access-key-secret";
	f->params[1].is_secret = true;
	assert_int_equal(secret_set(&f->params[1].secret, SECRET, strlen(SECRET)), 0);
	f->prov.n_params = 2;
	if (endpoint) {
		f->params[2].key = "endpoint";
		f->params[2].value = (char *)endpoint;
		f->prov.n_params = 3;
	}
	f->prov.name = "ali";
	f->prov.type = "alidns";
	f->prov.params = f->params;
	f->rec.section = "home";
	f->rec.name = (char *)name;
	f->rec.zone = (char *)zone;
	f->rec.proxied = -1;
	f->rec.provider = &f->prov;
	assert_true(ipaddr_parse(want, fam_to_af(fam), &a));
	prov_job_init(&f->job, &f->prov, &f->rec, fam, &a);
	f->job.now = NOW;
	strcpy(f->job.nonce, NONCE);
}

static void fx_fini(struct fixture *f)
{
	secret_free(&f->params[1].secret);
}

static const char *header(const struct prov_request *req, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < req->http.n_headers; i++)
		if (strncmp(req->http.headers[i], name, n) == 0 && req->http.headers[i][n] == ':')
			return req->http.headers[i] + n + 2;
	return NULL;
}

/* Build the current step and check every part of it; the secret appears nowhere. */
static void expect_request(struct fixture *f, const char *url, const char *action,
			   const char *nonce, const char *auth)
{
	struct prov_request req;
	size_t i;

	assert_int_equal(alidns_ops.build(&f->job, &req), 0);
	assert_int_equal(req.http.method, HTTP_POST);
	assert_string_equal(req.http.url, url);
	assert_null(req.http.body);
	assert_int_equal(req.http.body_len, 0);
	assert_int_equal(req.http.n_headers, 8);
	assert_string_equal(header(&req, "x-acs-action"), action);
	assert_string_equal(header(&req, "x-acs-version"), "2015-01-09");
	assert_string_equal(header(&req, "x-acs-date"), DATE);
	assert_string_equal(header(&req, "x-acs-signature-nonce"), nonce);
	assert_string_equal(header(&req, "x-acs-content-sha256"), EMPTY_SHA);
	/* Empty: it stops curl from sending an unsigned form Content-Type with the POST. */
	assert_string_equal(header(&req, "Content-Type"), "");
	assert_string_equal(header(&req, "Authorization"), auth);
	assert_string_equal(header(&req, "Accept"), "application/json");
	assert_null(header(&req, "Host"));
	assert_null(strstr(req.http.url, SECRET));
	for (i = 0; i < req.http.n_headers; i++)
		assert_null(strstr(req.http.headers[i], SECRET));
	prov_request_free(&req);
}

/* One round as job.c runs it: build (must work), count the request, parse the reply. */
static enum prov_result round_trip(struct fixture *f, long status, const char *body,
				   long retry_after, struct prov_outcome *out)
{
	struct prov_request req;
	struct prov_reply r = {status, body, strlen(body), retry_after, PROV_TRANSPORT_HTTP};
	enum prov_result res;

	assert_int_equal(alidns_ops.build(&f->job, &req), 0);
	prov_request_free(&req);
	f->job.n_steps++;
	prov_outcome_init(out);
	res = alidns_ops.parse(&f->job, &r, out);
	assert_null(strstr(out->message, SECRET));
	if (res != PROV_NEXT_STEP)
		assert_int_equal(out->result, res);
	return res;
}

/* The query of the request the job would send now. */
static void expect_query(struct fixture *f, const char *query)
{
	struct prov_request req;

	assert_int_equal(alidns_ops.build(&f->job, &req), 0);
	assert_non_null(strchr(req.http.url, '?'));
	assert_string_equal(strchr(req.http.url, '?') + 1, query);
	prov_request_free(&req);
}

/* ---- build ---- */

static void test_build_find(void **state)
{
	struct fixture f;

	(void)state;
	/* The zone defaults to the name minus its first label. */
	fx_init(&f, "Home.Example.COM.", NULL, FAM_V4, WANT4, NULL);
	expect_request(&f, BASE "DomainName=example.com&SubDomain=home.example.com&Type=A",
		       "DescribeSubDomainRecords", NONCE "-0",
		       AUTH("1596fda567452c0acd2b8f10f61e5ad879f283c1aa4c74fda5d205412836a3f2"));
	/* A record id from the state file does not skip the look-up. */
	strcpy(f.job.record_id, RID);
	expect_query(&f, "DomainName=example.com&SubDomain=home.example.com&Type=A");
	fx_fini(&f);

	fx_init(&f, NAME, "example.com", FAM_V6, "2001:db8::9", NULL);
	expect_request(&f, BASE "DomainName=example.com&SubDomain=home.example.com&Type=AAAA",
		       "DescribeSubDomainRecords", NONCE "-0",
		       AUTH("a7586d2bf270e4c1ab2c106500c84b0d3dee4b39d7089d7bf6f2f6b3aeb8d66f"));
	fx_fini(&f);

	/* A delegated sub-zone or a multi-label suffix comes from zone =. */
	fx_init(&f, "a.home.example.co.uk", "example.co.uk", FAM_V4, WANT4, NULL);
	expect_query(&f, "DomainName=example.co.uk&SubDomain=a.home.example.co.uk&Type=A");
	fx_fini(&f);
}

static void test_build_writes(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.step = ALI_ADD;
	f.job.n_steps = 1;
	expect_request(&f, BASE "DomainName=example.com&RR=home&Type=A&Value=203.0.113.9",
		       "AddDomainRecord", NONCE "-1",
		       AUTH("c5ac597a2f1878d2e7b8ebfa654559791e58b63f1f1539cf678dfb9aa90e27cb"));
	fx_fini(&f);

	/* Update: the exact id, the found TTL and line kept (the API would reset them). */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4, 600, "telecom")), -1,
		       &out),
	    PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_UPDATE);
	expect_request(&f,
		       BASE "Line=telecom&RR=home&RecordId=" RID "&TTL=600&Type=A"
			    "&Value=203.0.113.9",
		       "UpdateDomainRecord", NONCE "-1",
		       AUTH("906d09d4485204f66808801273678951fd31ad2bba649eb87426069d2c5ba6cc"));
	/* A configured TTL wins over the found one. */
	f.rec.ttl = 120;
	expect_query(&f, "Line=telecom&RR=home&RecordId=" RID "&TTL=120&Type=A&Value=203.0.113.9");
	/* No id, no update. */
	f.job.record_id[0] = '\0';
	{
		struct prov_request req;

		assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	}
	fx_fini(&f);

	/* The apex ("@" encoded), an IPv6 value, a configured TTL, an endpoint with a port
	 * (signed as host:port, as curl sends it). */
	fx_init(&f, "example.com", "example.com", FAM_V6, "2001:db8::9", "https://127.0.0.1:8443");
	f.rec.ttl = 120;
	f.job.step = ALI_ADD;
	f.job.n_steps = 2;
	expect_request(&f,
		       "https://127.0.0.1:8443/?DomainName=example.com&RR=%40&TTL=120&Type=AAAA"
		       "&Value=2001%3Adb8%3A%3A9",
		       "AddDomainRecord", NONCE "-2",
		       AUTH("83342c56482888b6d75517dc727bb46fd52147b203020d56b5989a2323de09e3"));
	fx_fini(&f);
}

static void test_build_idn(void **state)
{
	struct fixture f;

	(void)state;
	fx_init(&f, "家.例子.测试", NULL, FAM_V4, WANT4, NULL);
	expect_request(&f,
		       BASE "DomainName=xn--fsqu00a.xn--0zwm56d"
			    "&SubDomain=xn--fct.xn--fsqu00a.xn--0zwm56d&Type=A",
		       "DescribeSubDomainRecords", NONCE "-0",
		       AUTH("ad0f9b47a1384df630a3a8d5a923d98f9ff9ffa0105f105438b47f152314bd2d"));
	f.job.step = ALI_ADD;
	expect_query(&f, "DomainName=xn--fsqu00a.xn--0zwm56d&RR=xn--fct&Type=A&Value=203.0.113.9");
	fx_fini(&f);

	fx_init(&f, "www.münchen.example", "münchen.example", FAM_V4, WANT4, NULL);
	expect_query(&f, "DomainName=xn--mnchen-3ya.example&SubDomain=www.xn--mnchen-3ya.example"
			 "&Type=A");
	fx_fini(&f);
}

static void test_build_nonce_fresh(void **state)
{
	struct fixture f;
	struct prov_request req;
	char seen[3][64];

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	for (unsigned i = 0; i < 3; i++) {
		f.job.n_steps = i;
		assert_int_equal(alidns_ops.build(&f.job, &req), 0);
		snprintf(seen[i], sizeof(seen[i]), "%s", header(&req, "x-acs-signature-nonce"));
		prov_request_free(&req);
	}
	assert_string_equal(seen[0], NONCE "-0");
	assert_string_equal(seen[1], NONCE "-1");
	assert_string_equal(seen[2], NONCE "-2");
	/* The same step builds the same request: build is pure. */
	f.job.n_steps = 1;
	assert_int_equal(alidns_ops.build(&f.job, &req), 0);
	assert_string_equal(header(&req, "x-acs-signature-nonce"), seen[1]);
	prov_request_free(&req);
	fx_fini(&f);
}

static void test_build_refused(void **state)
{
	struct fixture f;
	struct prov_request req;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.nonce[0] = '\0'; /* the runner did not inject one */
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	strcpy(f.job.nonce, NONCE);
	f.job.now = 0;
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	f.job.now = NOW;
	f.job.fam = FAM_V6; /* want is IPv4 */
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	f.job.fam = FAM_V4;
	f.job.dry_run = true;
	f.job.step = ALI_ADD;
	assert_int_equal(alidns_ops.build(&f.job, &req), -EPERM);
	f.job.step = ALI_UPDATE;
	strcpy(f.job.record_id, RID);
	assert_int_equal(alidns_ops.build(&f.job, &req), -EPERM);
	f.job.step = ALI_START;
	assert_int_equal(alidns_ops.build(&f.job, &req), 0);
	prov_request_free(&req);
	f.job.step = 99;
	f.job.dry_run = false;
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	f.job.step = ALI_START;
	f.params[0].value = "LTAI,forged";
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	f.params[0].value = KEY_ID;
	f.rec.name = "localhost"; /* no zone to put it in */
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	f.rec.name = "bad\xff.example.com";
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	f.rec.name = NAME;
	f.rec.zone = "example.org";
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V4, WANT4, "http://alidns.aliyuncs.com");
	assert_int_equal(alidns_ops.build(&f.job, &req), -EINVAL);
	fx_fini(&f);
}

static void test_check_config(void **state)
{
	static const struct {
		const char *id, *secret, *endpoint, *needle;
	} cases[] = {
	    {KEY_ID, SECRET, NULL, NULL},
	    {KEY_ID, SECRET, "https://127.0.0.1:8443", NULL},
	    {NULL, SECRET, NULL, "access-key-id: missing"},
	    {"", SECRET, NULL, "access-key-id: missing"},
	    {"LTAI 5t", SECRET, NULL, "access-key-id: holds"},
	    {"LTAI,5t", SECRET, NULL, "access-key-id: holds"},
	    {KEY_ID, NULL, NULL, "access-key-secret: missing"},
	    {KEY_ID, "", NULL, "access-key-secret: empty"},
	    {KEY_ID, SECRET, "http://alidns.aliyuncs.com", "endpoint: not an https:// URL"},
	    {KEY_ID, SECRET, "alidns.aliyuncs.com", "endpoint: not an https:// URL"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cfg_param p[3];
		struct cfg_provider prov = {.name = "ali", .type = "alidns", .params = p};
		struct errbuf err = {{0}};
		int ret;

		memset(p, 0, sizeof(p));
		if (cases[i].id) {
			p[prov.n_params].key = "access-key-id";
			p[prov.n_params++].value = (char *)cases[i].id;
		}
		if (cases[i].secret) {
			p[prov.n_params].key = "access-key-secret";
			p[prov.n_params].is_secret = true;
			assert_int_equal(secret_set(&p[prov.n_params++].secret, cases[i].secret,
						    strlen(cases[i].secret)),
					 0);
		}
		if (cases[i].endpoint) {
			p[prov.n_params].key = "endpoint";
			p[prov.n_params++].value = (char *)cases[i].endpoint;
		}
		ret = alidns_ops.check_config(&prov, &err);
		if (!cases[i].needle) {
			assert_int_equal(ret, 0);
		} else {
			assert_int_equal(ret, -EINVAL);
			if (!strstr(err.msg, cases[i].needle))
				fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].needle,
					 err.msg);
			assert_null(strstr(err.msg, SECRET));
		}
		for (size_t j = 0; j < prov.n_params; j++)
			secret_free(&p[j].secret);
	}
}

static void test_ops(void **state)
{
	(void)state;
	assert_string_equal(alidns_ops.name, "alidns");
	assert_true(alidns_ops.readable);
	assert_true(alidns_ops.lists);
	assert_true(alidns_ops.zone_from_name);
	assert_non_null(alidns_ops.check_config);
}

/* ---- flows ---- */

static void test_flow_create(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, EMPTY, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_ADD);
	expect_query(&f, "DomainName=example.com&RR=home&Type=A&Value=203.0.113.9");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID2), -1, &out), PROV_OK);
	assert_string_equal(out.message, "created A home.example.com 203.0.113.9");
	assert_string_equal(out.record_id, RID2);
	assert_int_equal(out.old.family, AF_UNSPEC);
	assert_false(out.would_write);
	fx_fini(&f);

	/* Records of the same type at other names (a loose server) do not count. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "www", "example.com", "A", OLD4, 600, "default")), -1,
		       &out),
	    PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_ADD);
	fx_fini(&f);
}

static void test_flow_update(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	char ip[IPADDR_STRLEN];

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.record_id, "1111"); /* stale id from the state file: replaced */
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4, 300, "unicom")), -1,
		       &out),
	    PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_UPDATE);
	assert_string_equal(f.job.record_id, RID);
	expect_query(&f, "Line=unicom&RR=home&RecordId=" RID "&TTL=300&Type=A&Value=203.0.113.9");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID), -1, &out), PROV_OK);
	assert_string_equal(out.message, "updated A home.example.com " OLD4 " -> " WANT4);
	assert_string_equal(out.record_id, RID);
	assert_string_equal(ipaddr_ntop(&out.old, ip), OLD4);
	fx_fini(&f);

	/* The address is right but the configured TTL is not: update, the TTL with it. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.rec.ttl = 120;
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", WANT4, 600, "default")), -1,
		       &out),
	    PROV_NEXT_STEP);
	expect_query(&f, "Line=default&RR=home&RecordId=" RID "&TTL=120&Type=A&Value=203.0.113.9");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID), -1, &out), PROV_OK);
	assert_string_equal(out.message, "updated A home.example.com " WANT4 " (ttl)");
	fx_fini(&f);
}

/* A write counts only when its reply carries the RecordId (for an update, the one sent). */
static void test_flow_write_unconfirmed(void **state)
{
	static const char *const bad[] = {"{\"RequestId\":\"R-WRITE\"}", WRITTEN(RID2)};
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
		assert_int_equal(round_trip(&f, 200,
					    LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4,
							  300, "default")),
					    -1, &out),
				 PROV_NEXT_STEP);
		assert_int_equal(f.job.step, ALI_UPDATE);
		expect_query(&f, "Line=default&RR=home&RecordId=" RID
				 "&TTL=300&Type=A&Value=203.0.113.9");
		/* No RecordId: not the documented reply; another one: not this write. */
		assert_int_equal(round_trip(&f, 200, bad[i], -1, &out), PROV_RETRY);
		assert_non_null(strstr(out.message, i ? "alidns: the provider's answer did not "
							"confirm the write (another RecordId)"
						      : "not the documented JSON reply"));
		fx_fini(&f);
	}
	/* An add with no RecordId in its reply. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, EMPTY, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_ADD);
	expect_query(&f, "DomainName=example.com&RR=home&Type=A&Value=203.0.113.9");
	assert_int_equal(round_trip(&f, 200, bad[0], -1, &out), PROV_RETRY);
	fx_fini(&f);
}

static void test_flow_unchanged(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::9", NULL);
	f.rec.ttl = 600;
	/* Another text form of the same address is the same address. */
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(2, REC(RID, "home", "example.com", "AAAA", "2001:DB8:0::9", 600,
				     "default") "," REC(RID2, "home", "example.com", "AAAA",
							"2001:db8::7", 600, "telecom")),
		       -1, &out),
	    PROV_UNCHANGED);
	assert_string_equal(out.message, "AAAA home.example.com already 2001:db8::9 (2 records "
					 "share this name and type; the others are left alone)");
	assert_string_equal(out.record_id, RID);
	assert_int_equal(out.old.family, AF_INET6);
	assert_int_equal(f.job.n_steps, 1);
	fx_fini(&f);
}

static void test_flow_duplicate(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	/* Update answered DomainRecordDuplicate: the record already holds the value. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4, 600, "default")), -1,
		       &out),
	    PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 400,
				    ERR("DomainRecordDuplicate", "The DNS record already exists."),
				    -1, &out),
			 PROV_UNCHANGED);
	assert_string_equal(out.message, "A home.example.com already " WANT4
					 " (UpdateDomainRecord: DomainRecordDuplicate)");
	assert_string_equal(out.record_id, RID);
	fx_fini(&f);

	/* Add answered so: an equal record exists. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, EMPTY, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 400,
				    ERR("DomainRecordDuplicate", "The DNS record already exists."),
				    -1, &out),
			 PROV_UNCHANGED);
	fx_fini(&f);
}

static void test_flow_stale_id(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	const char *found = LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4, 600, "default"));
	const char *stale = ERR("DomainRecordNotBelongToUser", "The DNS record does not belong "
							       "to you.");

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, found, -1, &out), PROV_NEXT_STEP);
	/* Deleted between look-up and update: look again; now it is gone, so add. */
	assert_int_equal(round_trip(&f, 400, stale, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_FIND);
	assert_string_equal(f.job.record_id, "");
	assert_int_equal(round_trip(&f, 200, EMPTY, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_ADD);
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID2), -1, &out), PROV_OK);
	assert_string_equal(out.record_id, RID2);
	fx_fini(&f);

	/* Bounded: a server that keeps saying so ends the job. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(round_trip(&f, 200, found, -1, &out), PROV_NEXT_STEP);
		assert_int_equal(round_trip(&f, 400, stale, -1, &out), PROV_NEXT_STEP);
	}
	assert_int_equal(round_trip(&f, 200, found, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 400, stale, -1, &out), PROV_PERMANENT);
	assert_non_null(strstr(out.message, "DomainRecordNotBelongToUser"));
	assert_int_equal(f.job.n_steps, 6);
	fx_fini(&f);
}

static void test_flow_errors(void **state)
{
	static const struct {
		int step;
		long status;
		const char *body;
		long retry_after;
		enum prov_result res;
		const char *message;
		long out_retry;
	} cases[] = {
	    {ALI_FIND, 400,
	     ERR("SignatureDoesNotMatch", "Specified signature is not matched with our "
					  "calculation."),
	     -1, PROV_AUTH,
	     "alidns: DescribeSubDomainRecords A home.example.com: SignatureDoesNotMatch: "
	     "Specified signature is not matched with our calculation. [RequestId R-ERR-1]; the "
	     "RAM user needs DescribeSubDomainRecords, DescribeDomainRecords, AddDomainRecord and "
	     "UpdateDomainRecord (AliyunDNSFullAccess), or the AccessKey is wrong or disabled",
	     -1},
	    {ALI_FIND, 404,
	     ERR("InvalidAccessKeyId.NotFound", "Specified access key is not found."), -1,
	     PROV_AUTH,
	     "alidns: DescribeSubDomainRecords A home.example.com: InvalidAccessKeyId.NotFound: "
	     "Specified access key is not found. [RequestId R-ERR-1]",
	     -1},
	    {ALI_ADD, 400, ERR("InvalidAccessKeyId.Inactive", "Specified access key is disabled."),
	     -1, PROV_AUTH, NULL, -1},
	    {ALI_FIND, 400, ERR("IncompleteSignature", "The request signature does not conform."),
	     -1, PROV_AUTH, NULL, -1},
	    {ALI_UPDATE, 403, ERR("Forbidden.RAM", "User not authorized to operate."), -1,
	     PROV_AUTH, NULL, -1},
	    {ALI_FIND, 400, ERR("Throttling.User", "Request was denied due to user flow control."),
	     -1, PROV_RETRY,
	     "alidns: DescribeSubDomainRecords A home.example.com: Throttling.User: Request was "
	     "denied due to user flow control. [RequestId R-ERR-1]",
	     -1},
	    {ALI_ADD, 503, ERR("ServiceUnavailable", "The request has failed."), 30, PROV_RETRY,
	     NULL, 30},
	    {ALI_UPDATE, 500, ERR("InternalError", "The request processing has failed."), -1,
	     PROV_RETRY, NULL, -1},
	    {ALI_FIND, 400,
	     ERR("SignatureNonceUsed", "Specified signature nonce was used already."), -1,
	     PROV_RETRY, NULL, -1},
	    {ALI_FIND, 400,
	     ERR("InvalidTimeStamp.Expired", "Specified time stamp or date value "
					     "is expired."),
	     -1, PROV_RETRY,
	     "alidns: DescribeSubDomainRecords A home.example.com: InvalidTimeStamp.Expired: "
	     "Specified time stamp or date value is expired.; this host's clock is more than 15 "
	     "minutes off: check the system clock (NTP) [RequestId R-ERR-1]",
	     -1},
	    {ALI_FIND, 400,
	     ERR("InvalidDomainName.NoExist", "The specified domain name does not "
					      "exist."),
	     -1, PROV_PERMANENT, NULL, -1},
	    {ALI_ADD, 400, ERR("InvalidTTL", "The specified TTL is invalid."), -1, PROV_PERMANENT,
	     NULL, -1},
	    /* Not the API: a proxy or captive portal. */
	    {ALI_FIND, 200, "<html>portal</html>", -1, PROV_RETRY,
	     "alidns: DescribeSubDomainRecords A home.example.com: HTTP 200, not the documented "
	     "JSON reply",
	     -1},
	    {ALI_ADD, 200, "{\"RequestId\":\"R\"}", -1, PROV_RETRY, NULL, -1},
	    {ALI_FIND, 502, "Bad Gateway", 5, PROV_RETRY,
	     "alidns: DescribeSubDomainRecords A home.example.com: HTTP 502", 5},
	    {ALI_FIND, 429, "", -1, PROV_RETRY, NULL, -1},
	    /* A message that quotes the secret never carries it on. */
	    {ALI_FIND, 400, ERR("SignatureDoesNotMatch", "key " SECRET " is wrong"), -1, PROV_AUTH,
	     "alidns: DescribeSubDomainRecords A home.example.com: SignatureDoesNotMatch: key "
	     "<redacted> is wrong [RequestId R-ERR-1]",
	     -1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture f;
		struct prov_outcome out;
		enum prov_result res;

		fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
		f.job.step = cases[i].step;
		if (cases[i].step == ALI_UPDATE)
			strcpy(f.job.record_id, RID);
		res = round_trip(&f, cases[i].status, cases[i].body, cases[i].retry_after, &out);
		if (res != cases[i].res)
			fail_msg("case %zu: %s, wanted %s (%s)", i, prov_result_name(res),
				 prov_result_name(cases[i].res), out.message);
		/* A refused credential: the message, then which permissions are needed. */
		if (cases[i].message && res == PROV_AUTH) {
			assert_memory_equal(out.message, cases[i].message,
					    strlen(cases[i].message));
			assert_non_null(strstr(out.message, "the RAM user needs"));
		} else if (cases[i].message) {
			assert_string_equal(out.message, cases[i].message);
		}
		assert_int_equal(out.retry_after, cases[i].out_retry);
		assert_false(out.would_write);
		fx_fini(&f);
	}
}

static void test_dry_run(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	struct prov_request req;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.dry_run = true;
	assert_int_equal(round_trip(&f, 200, EMPTY, -1, &out), PROV_OK);
	assert_true(out.would_write);
	assert_string_equal(out.message, "would create A home.example.com " WANT4);
	assert_int_equal(alidns_ops.build(&f.job, &req), 0); /* still the look-up */
	prov_request_free(&req);
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.dry_run = true;
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4, 600, "default")), -1,
		       &out),
	    PROV_OK);
	assert_true(out.would_write);
	assert_string_equal(out.message, "would update A home.example.com " OLD4 " -> " WANT4);
	assert_string_equal(out.record_id, RID);
	assert_int_equal(f.job.n_steps, 1);
	fx_fini(&f);

	/* Nothing to write: unchanged, not "would write". */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.dry_run = true;
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", WANT4, 600, "default")), -1,
		       &out),
	    PROV_UNCHANGED);
	assert_false(out.would_write);
	fx_fini(&f);
}

static void test_idn_flow(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	/* The reply names the record in Punycode, as it was asked. */
	fx_init(&f, "家.例子.测试", NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200,
				    LOOKUP(1, REC(RID, "xn--fct", "xn--fsqu00a.xn--0zwm56d", "A",
						  WANT4, 600, "default")),
				    -1, &out),
			 PROV_UNCHANGED);
	assert_string_equal(out.message, "A xn--fct.xn--fsqu00a.xn--0zwm56d already " WANT4);
	fx_fini(&f);

	/* ... or in Unicode: the same record. */
	fx_init(&f, "家.例子.测试", NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(
	    round_trip(&f, 200, LOOKUP(1, REC(RID, "家", "例子.测试", "A", OLD4, 600, "default")),
		       -1, &out),
	    PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_UPDATE);
	expect_query(&f, "Line=default&RR=xn--fct&RecordId=" RID "&TTL=600&Type=A"
			 "&Value=203.0.113.9");
	fx_fini(&f);
}

/* ---- bulk reads and writes without a read ---- */

#define PAGE(total, recs)                                                                          \
	"{\"RequestId\":\"R-LIST\",\"TotalCount\":" #total ",\"PageNumber\":1,\"PageSize\":500,"   \
	"\"DomainRecords\":{\"Record\":[" recs "]}}"
#define LISTQ(type, page)                                                                          \
	"DomainName=example.com&PageNumber=" page "&PageSize=500&TypeKeyWord=" type

/* The action of the request the job would send now. */
static void expect_action(struct fixture *f, const char *action)
{
	struct prov_request req;

	assert_int_equal(alidns_ops.build(&f->job, &req), 0);
	assert_string_equal(header(&req, "x-acs-action"), action);
	prov_request_free(&req);
}

/* A zone of more than one page of A records and some AAAA ones: every page of A, then AAAA;
 * a throttled page is asked for again when the job is run again (the agent's resume). */
static void test_bulk_list(void **state)
{
	struct prov_list list = {.fams = 1u << FAM_V4 | 1u << FAM_V6};
	struct prov_outcome out;
	struct prov_request req;
	struct fixture f;
	char ip[IPADDR_STRLEN];

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.list = &list;
	expect_action(&f, "DescribeDomainRecords");
	expect_query(&f, LISTQ("A", "1"));
	assert_int_equal(alidns_ops.build(&f.job, &req), 0);
	assert_false(req.writes);
	assert_true(req.max_reply >= 500 * 1024); /* 500 records are beyond the usual 64 KiB */
	prov_request_free(&req);
	/* Page 1 of 2 (TotalCount 502): the apex, a name, a Value that is no address. */
	assert_int_equal(
	    round_trip(&f, 200,
		       PAGE(502, REC(RID, "@", "example.com", "A", OLD4, 600, "default") "," REC(
				     RID2, "home", "example.com", "A", WANT4, 600,
				     "default") "," REC("33", "bad", "example.com", "A", "n/a", 600,
							"default")),
		       -1, &out),
	    PROV_NEXT_STEP);
	expect_query(&f, LISTQ("A", "2"));
	/* Page 2 is throttled: the job ends, to be run again by the agent. */
	assert_int_equal(round_trip(&f, 400,
				    ERR("Throttling.User", "Request was denied due to user flow "
							   "control."),
				    -1, &out),
			 PROV_RETRY);
	assert_non_null(
	    strstr(out.message, "DescribeDomainRecords A example.com: Throttling.User"));
	f.job.n_steps = 0;
	strcpy(f.job.nonce, "fresh");
	expect_query(&f, LISTQ("A", "2"));
	expect_action(&f, "DescribeDomainRecords");
	assert_int_equal(
	    round_trip(&f, 200,
		       PAGE(502, REC("34", "Www", "Example.com.", "A", WANT4, 600, "default")), -1,
		       &out),
	    PROV_NEXT_STEP);
	expect_query(&f, LISTQ("AAAA", "1"));
	assert_int_equal(round_trip(&f, 200,
				    PAGE(1, REC("35", "home", "example.com", "AAAA", "2001:db8::7",
						600, "default")),
				    -1, &out),
			 PROV_OK);
	assert_string_equal(out.message, "alidns: read 5 records of zone example.com in bulk");
	assert_string_equal(out.zone_id, "example.com");
	assert_int_equal(f.job.n_steps, 2);
	assert_int_equal(list.n, 5);
	assert_string_equal(list.v[0].name, "example.com");
	assert_string_equal(list.v[0].id, RID);
	assert_string_equal(ipaddr_ntop(&list.v[0].addr, ip), OLD4);
	assert_string_equal(list.v[1].name, NAME);
	assert_string_equal(list.v[1].id, RID2);
	assert_string_equal(list.v[2].name, "bad.example.com");
	assert_int_equal(list.v[2].addr.family, AF_UNSPEC);
	assert_string_equal(list.v[3].name, "www.example.com");
	assert_int_equal(list.v[3].fam, FAM_V4);
	assert_string_equal(list.v[4].id, "35");
	assert_int_equal(list.v[4].fam, FAM_V6);
	assert_string_equal(ipaddr_ntop(&list.v[4].addr, ip), "2001:db8::7");
	prov_list_free(&list);
	fx_fini(&f);

	/* Only AAAA, an empty zone (no list at all), and zone = naming a sub-zone. */
	list.fams = 1u << FAM_V6;
	fx_init(&f, "a.home.example.co.uk", "example.co.uk", FAM_V4, WANT4, NULL);
	f.job.list = &list;
	expect_query(&f, "DomainName=example.co.uk&PageNumber=1&PageSize=500&TypeKeyWord=AAAA");
	assert_int_equal(round_trip(&f, 200, "{\"RequestId\":\"R\",\"TotalCount\":0}", -1, &out),
			 PROV_OK);
	assert_int_equal(list.n, 0);
	assert_int_equal(f.job.n_steps, 1);
	/* Not the API: transient. */
	fx_fini(&f);
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.list = &list;
	assert_int_equal(round_trip(&f, 200, "<html>portal</html>", -1, &out), PROV_RETRY);
	prov_list_free(&list);
	fx_fini(&f);
}

/* What the agent knows is written with one request: a record it holds the id of (direct) is
 * updated, one a bulk read did not find (absent) is added; a dry run reads all the same. */
static void test_direct_and_absent(void **state)
{
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.record_id, RID);
	strcpy(f.job.zone_id, "example.com");
	f.job.direct = true;
	expect_action(&f, "UpdateDomainRecord");
	/* No TTL (none configured) and no Line: the API's 600 and default, as the record was
	 * when the agent let it be written so. */
	expect_query(&f, "RR=home&RecordId=" RID "&Type=A&Value=203.0.113.9");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID), -1, &out), PROV_OK);
	assert_int_equal(f.job.n_steps, 1);
	assert_string_equal(out.record_id, RID);
	assert_string_equal(out.zone_id, "example.com");
	assert_non_null(strstr(out.message, "updated A home.example.com"));
	fx_fini(&f);

	/* A record whose line or TTL such a write would reset is read first all the same. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.record_id, RID);
	strcpy(f.job.zone_id, "example.com");
	f.job.read_first = true;
	f.job.direct = true;
	expect_action(&f, "DescribeSubDomainRecords");
	fx_fini(&f);

	/* A configured TTL goes with it; the reply must name the id written to. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.rec.ttl = 60;
	strcpy(f.job.record_id, RID);
	f.job.direct = true;
	expect_query(&f, "RR=home&RecordId=" RID "&TTL=60&Type=A&Value=203.0.113.9");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID2), -1, &out), PROV_RETRY);
	fx_fini(&f);

	/* The record is gone (deleted by hand since): read again, then add. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.record_id, RID);
	f.job.direct = true;
	assert_int_equal(round_trip(&f, 400,
				    ERR("DomainRecordNotBelongToUser", "The DNS record does not "
								       "belong to you."),
				    -1, &out),
			 PROV_NEXT_STEP);
	assert_int_equal(f.job.step, ALI_FIND);
	expect_action(&f, "DescribeSubDomainRecords");
	assert_int_equal(round_trip(&f, 200, EMPTY, -1, &out), PROV_NEXT_STEP);
	expect_action(&f, "AddDomainRecord");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID2), -1, &out), PROV_OK);
	assert_string_equal(out.record_id, RID2);
	assert_int_equal(f.job.n_steps, 3);
	fx_fini(&f);

	/* Absent: one add. */
	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::9", NULL);
	f.job.absent = true;
	expect_action(&f, "AddDomainRecord");
	expect_query(&f, "DomainName=example.com&RR=home&Type=AAAA&Value=2001%3Adb8%3A%3A9");
	assert_int_equal(round_trip(&f, 200, WRITTEN(RID2), -1, &out), PROV_OK);
	assert_int_equal(f.job.n_steps, 1);
	assert_string_equal(out.message, "created AAAA home.example.com 2001:db8::9");
	assert_string_equal(out.zone_id, "example.com");
	fx_fini(&f);

	/* A dry run never writes: it reads, and says what it would write. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.record_id, RID);
	f.job.direct = f.job.absent = f.job.dry_run = true;
	expect_action(&f, "DescribeSubDomainRecords");
	assert_int_equal(
	    round_trip(&f, 200,
		       LOOKUP(1, REC(RID, "home", "example.com", "A", OLD4, 600, "default")), -1,
		       &out),
	    PROV_OK);
	assert_true(out.would_write);
	assert_int_equal(f.job.n_steps, 1);
	fx_fini(&f);
}

/* The zone's name stands for its id. A record that a direct write would change beyond its
 * address (another line, or a TTL other than 600 when ttl = is not set) is read before each
 * write: read_first. */
static void test_zone_known(void **state)
{
	static const struct {
		const char *line;
		int ttl, conf_ttl;
		bool read_first;
	} cases[] = {
	    {"default", 600, 0, false},
	    {"telecom", 600, 0, true},
	    {"default", 60, 0, true},
	    {"default", 60, 120, false},
	};
	char body[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct prov_outcome out;
		struct fixture f;

		fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
		f.rec.ttl = cases[i].conf_ttl;
		f.job.read_first = !cases[i].read_first; /* from an earlier job: replaced */
		snprintf(body, sizeof(body),
			 "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":[{\"RecordId\":\"" RID
			 "\",\"RR\":\"home\",\"DomainName\":\"example.com\",\"Type\":\"A\","
			 "\"Value\":\"" WANT4 "\",\"TTL\":%d,\"Line\":\"%s\"}]}}",
			 cases[i].ttl, cases[i].line);
		/* Found and compared: the job ends (unchanged) or goes on to the update. */
		if (round_trip(&f, 200, body, -1, &out) != PROV_NEXT_STEP) {
			assert_string_equal(out.zone_id, "example.com");
			assert_int_equal(out.read_first, cases[i].read_first);
		}
		assert_string_equal(f.job.zone_id, "example.com");
		if (f.job.read_first != cases[i].read_first)
			fail_msg("case %zu: read_first %d", i, f.job.read_first);
		fx_fini(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build_find),
	    cmocka_unit_test(test_build_writes),
	    cmocka_unit_test(test_build_idn),
	    cmocka_unit_test(test_build_nonce_fresh),
	    cmocka_unit_test(test_build_refused),
	    cmocka_unit_test(test_check_config),
	    cmocka_unit_test(test_ops),
	    cmocka_unit_test(test_flow_create),
	    cmocka_unit_test(test_flow_update),
	    cmocka_unit_test(test_flow_write_unconfirmed),
	    cmocka_unit_test(test_flow_unchanged),
	    cmocka_unit_test(test_flow_duplicate),
	    cmocka_unit_test(test_flow_stale_id),
	    cmocka_unit_test(test_flow_errors),
	    cmocka_unit_test(test_dry_run),
	    cmocka_unit_test(test_idn_flow),
	    cmocka_unit_test(test_bulk_list),
	    cmocka_unit_test(test_direct_and_absent),
	    cmocka_unit_test(test_zone_known),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
