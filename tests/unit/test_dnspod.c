// SPDX-License-Identifier: MIT
/* DNSPod provider: signed requests built exactly, documented replies judged, flows driven purely.
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

#include "providers/dnspod.h"
#include "providers/provider.h"

#define SID   "AKIDddnsdTestSecretId0001"
#define SKEY  "dp-Key_0123456789abcdefABCDEF"
#define NOW   1700000000 /* 2023-11-14, 22:13:20 UTC */
#define BASE  "https://dnspod.tencentcloudapi.com/"
#define NAME  "home.example.com"
#define WANT4 "203.0.113.9"
#define OLD4  "198.51.100.7"
#define LINE  "\xe9\xbb\x98\xe8\xae\xa4" /* 默认 */
#define TELE  "\xe7\x94\xb5\xe4\xbf\xa1" /* 电信 */
/* Signatures recomputed independently by tests/netns/mock_dnspod.py (whose code reproduces
 * the official TC3 vector of shared/design/signature-vectors.md §2). */
#define AUTH(sig)                                                                                  \
	"TC3-HMAC-SHA256 Credential=" SID "/2023-11-14/dnspod/tc3_request, "                       \
	"SignedHeaders=content-type;host, Signature=" sig

/* Reply bodies in the shapes of providers-reference.md §3 (HTTP 200 even for errors). */
#define REC(id, name, type, value, ttl, line, line_id)                                             \
	"{\"RecordId\":" #id ",\"Value\":\"" value "\",\"Status\":\"ENABLE\",\"UpdatedOn\":"       \
	"\"2023-11-14 22:00:00\",\"Name\":\"" name "\",\"Line\":\"" line                           \
	"\",\"LineId\":\"" line_id "\",\"Type\":\"" type                                           \
	"\",\"Weight\":null,\"MonitorStatus\":\"\",\"Remark\":\"\","                               \
	"\"TTL\":" #ttl ",\"MX\":0,\"DefaultNS\":false}"
#define LIST(n, recs)                                                                              \
	"{\"Response\":{\"RecordCountInfo\":{\"SubdomainCount\":" #n ",\"ListCount\":" #n          \
	",\"TotalCount\":" #n "},\"RecordList\":[" recs "],\"RequestId\":\"r-list\"}}"
#define WRITTEN(id) "{\"Response\":{\"RecordId\":" #id ",\"RequestId\":\"r-write\"}}"
#define ERR(code, msg)                                                                             \
	"{\"Response\":{\"Error\":{\"Code\":\"" code "\",\"Message\":\"" msg "\"},"                \
	"\"RequestId\":\"r-err-1\"}}"
#define NODATA ERR("ResourceNotFound.NoDataOfRecord", "记录列表为空。")

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
	f->params[0].key = "secret-id";
	f->params[0].value = SID;
	f->params[1].key = "secret-key";
	f->params[1].is_secret = true;
	assert_int_equal(secret_set(&f->params[1].secret, SKEY, strlen(SKEY)), 0);
	f->prov.n_params = 2;
	if (endpoint) {
		f->params[2].key = "endpoint";
		f->params[2].value = (char *)endpoint;
		f->prov.n_params = 3;
	}
	f->prov.name = "dp";
	f->prov.type = "dnspod";
	f->prov.params = f->params;
	f->rec.section = "home";
	f->rec.name = (char *)name;
	f->rec.zone = (char *)zone;
	f->rec.proxied = -1;
	f->rec.provider = &f->prov;
	assert_true(ipaddr_parse(want, fam_to_af(fam), &a));
	prov_job_init(&f->job, &f->prov, &f->rec, fam, &a);
	f->job.now = NOW;
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

/* Build the current step and check every part of it; the key appears nowhere. */
static void expect_request(struct fixture *f, const char *url, const char *action, const char *body,
			   const char *auth)
{
	struct prov_request req;
	size_t i;

	assert_int_equal(dnspod_ops.build(&f->job, &req), 0);
	assert_int_equal(req.http.method, HTTP_POST);
	assert_string_equal(req.http.url, url);
	assert_non_null(req.http.body);
	assert_string_equal(req.http.body, body);
	assert_int_equal(req.http.body_len, strlen(body));
	assert_int_equal(req.http.n_headers, 6);
	assert_string_equal(header(&req, "X-TC-Language"), "en-US");
	assert_string_equal(header(&req, "Content-Type"), "application/json");
	assert_string_equal(header(&req, "X-TC-Action"), action);
	assert_string_equal(header(&req, "X-TC-Version"), "2021-03-23");
	assert_string_equal(header(&req, "X-TC-Timestamp"), "1700000000");
	assert_string_equal(header(&req, "Authorization"), auth);
	assert_null(header(&req, "X-TC-Region")); /* DNSPod does not take one */
	assert_null(header(&req, "Host"));
	assert_null(strstr(req.http.url, SKEY));
	assert_null(strstr(req.http.body, SKEY));
	for (i = 0; i < req.http.n_headers; i++)
		assert_null(strstr(req.http.headers[i], SKEY));
	prov_request_free(&req);
}

/* The body of the request the job would send now. */
static void expect_body(struct fixture *f, const char *body)
{
	struct prov_request req;

	assert_int_equal(dnspod_ops.build(&f->job, &req), 0);
	assert_string_equal(req.http.body, body);
	prov_request_free(&req);
}

/* One round as job.c runs it: build (must work), count the request, parse the reply. */
static enum prov_result round_trip(struct fixture *f, long status, const char *body,
				   long retry_after, struct prov_outcome *out)
{
	struct prov_request req;
	struct prov_reply r = {status, body, strlen(body), retry_after, PROV_TRANSPORT_HTTP};
	enum prov_result res;

	assert_int_equal(dnspod_ops.build(&f->job, &req), 0);
	prov_request_free(&req);
	f->job.n_steps++;
	prov_outcome_init(out);
	res = dnspod_ops.parse(&f->job, &r, out);
	assert_null(strstr(out->message, SKEY));
	if (res != PROV_NEXT_STEP)
		assert_int_equal(out->result, res);
	return res;
}

/* ---- build ---- */

static void test_build(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, "Home.Example.COM.", NULL, FAM_V4, WANT4, NULL);
	expect_request(&f, BASE, "DescribeRecordList",
		       "{\"Domain\":\"example.com\",\"Subdomain\":\"home\",\"RecordType\":\"A\","
		       "\"Limit\":100}",
		       AUTH("b85612728b942688a6ad81312e4034e9add12089c7c4a4b26a1587e629da5a06"));
	f.job.step = DP_CREATE;
	expect_request(&f, BASE, "CreateRecord",
		       "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":\"A\","
		       "\"RecordLine\":\"" LINE "\",\"Value\":\"203.0.113.9\"}",
		       AUTH("a55f77b10f305ee24902f9db35b1715342ce0cf4c597e531c443084b7e43dc3f"));
	f.rec.ttl = 120;
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":\"A\","
			"\"RecordLine\":\"" LINE "\",\"Value\":\"203.0.113.9\",\"TTL\":120}");
	fx_fini(&f);

	/* Modify: SubDomain always, the found line (name and id), the exact id as a JSON
	 * number, the found TTL. */
	fx_init(&f, NAME, "example.com", FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", OLD4, 300, TELE, "10=0")),
				    -1, &out),
			 PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_MODIFY);
	expect_request(&f, BASE, "ModifyRecord",
		       "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":\"A\","
		       "\"RecordLine\":\"" TELE "\",\"RecordLineId\":\"10=0\",\"Value\":"
		       "\"203.0.113.9\",\"RecordId\":1600000001,\"TTL\":300}",
		       AUTH("b80e99362af2b1871c16ec515f8303705754ffe408346154c5ce8fca4839c5db"));
	/* An id above 2^32 prints exactly (not 1.6e+15). */
	strcpy(f.job.record_id, "1600000000000001");
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":\"A\","
			"\"RecordLine\":\"" TELE "\",\"RecordLineId\":\"10=0\",\"Value\":"
			"\"203.0.113.9\",\"RecordId\":1600000000000001,\"TTL\":300}");
	fx_fini(&f);

	/* The apex of an IDN zone, AAAA, an endpoint with a port (signed as host:port). */
	fx_init(&f, "例子.测试", "例子.测试", FAM_V6, "2001:db8::9", "https://[2001:db8::53]:8443");
	expect_request(&f, "https://[2001:db8::53]:8443/", "DescribeRecordList",
		       "{\"Domain\":\"xn--fsqu00a.xn--0zwm56d\",\"Subdomain\":\"@\","
		       "\"RecordType\":\"AAAA\",\"Limit\":100}",
		       AUTH("44a389f6920188bf17f5da33146000a3062dc37c0eb4c65ddf2ddf4ec2770a9c"));
	fx_fini(&f);

	fx_init(&f, "家.例子.测试", NULL, FAM_V4, WANT4, NULL);
	expect_body(&f, "{\"Domain\":\"xn--fsqu00a.xn--0zwm56d\",\"Subdomain\":\"xn--fct\","
			"\"RecordType\":\"A\",\"Limit\":100}");
	fx_fini(&f);
}

static void test_build_refused(void **state)
{
	struct fixture f;
	struct prov_request req;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.now = 0;
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	f.job.now = NOW;
	f.job.fam = FAM_V6;
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	f.job.fam = FAM_V4;
	f.job.dry_run = true;
	f.job.step = DP_CREATE;
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EPERM);
	f.job.step = DP_MODIFY;
	strcpy(f.job.record_id, "1600000001");
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EPERM);
	f.job.dry_run = false;
	/* The id goes into the JSON raw: only digits get there. */
	strcpy(f.job.record_id, "1,\"Value\":\"6.6.6.6\"");
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	strcpy(f.job.record_id, "0123");
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	f.job.record_id[0] = '\0';
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	f.job.step = 42;
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	f.job.step = DP_START;
	f.params[0].value = "AKID/forged";
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	f.params[0].value = SID;
	f.rec.name = "localhost";
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	fx_fini(&f);

	/* TC3 signs the path "/": an endpoint with another path cannot be signed. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, "https://proxy.example/dnspod");
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EINVAL);
	fx_fini(&f);
}

static void test_check_config(void **state)
{
	static const struct {
		const char *id, *key, *endpoint, *needle;
	} cases[] = {
	    {SID, SKEY, NULL, NULL},
	    {SID, SKEY, "https://dnspod.intl.tencentcloudapi.com", NULL},
	    {SID, SKEY, "https://127.0.0.1:8443/", NULL},
	    {NULL, SKEY, NULL, "secret-id: missing"},
	    {"AKID x", SKEY, NULL, "secret-id: holds"},
	    {"AKID/x", SKEY, NULL, "secret-id: holds"},
	    {SID, NULL, NULL, "secret-key: missing"},
	    {SID, "", NULL, "secret-key: empty"},
	    {SID, SKEY, "http://dnspod.tencentcloudapi.com", "endpoint: not an https:// URL"},
	    {SID, SKEY, "https://proxy.example/dnspod", "without a path"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cfg_param p[3];
		struct cfg_provider prov = {.name = "dp", .type = "dnspod", .params = p};
		struct errbuf err = {{0}};
		int ret;

		memset(p, 0, sizeof(p));
		if (cases[i].id) {
			p[prov.n_params].key = "secret-id";
			p[prov.n_params++].value = (char *)cases[i].id;
		}
		if (cases[i].key) {
			p[prov.n_params].key = "secret-key";
			p[prov.n_params].is_secret = true;
			assert_int_equal(secret_set(&p[prov.n_params++].secret, cases[i].key,
						    strlen(cases[i].key)),
					 0);
		}
		if (cases[i].endpoint) {
			p[prov.n_params].key = "endpoint";
			p[prov.n_params++].value = (char *)cases[i].endpoint;
		}
		ret = dnspod_ops.check_config(&prov, &err);
		if (!cases[i].needle) {
			assert_int_equal(ret, 0);
		} else {
			assert_int_equal(ret, -EINVAL);
			if (!strstr(err.msg, cases[i].needle))
				fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].needle,
					 err.msg);
			assert_null(strstr(err.msg, SKEY));
		}
		for (size_t j = 0; j < prov.n_params; j++)
			secret_free(&p[j].secret);
	}
	assert_string_equal(dnspod_ops.name, "dnspod");
	assert_true(dnspod_ops.readable);
}

/* ---- flows ---- */

static void test_flow_create(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	/* "Not found" is an error code with HTTP 200. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_CREATE);
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000007), -1, &out), PROV_OK);
	assert_string_equal(out.message, "created A home.example.com " WANT4);
	assert_string_equal(out.record_id, "1600000007");
	assert_int_equal(out.old.family, AF_UNSPEC);
	fx_fini(&f);

	/* A loose Subdomain match ("home2", another type) is filtered out: create. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(
	    round_trip(&f, 200,
		       LIST(2, REC(1600000001, "home2", "A", OLD4, 600, LINE, "0") "," REC(
				   1600000002, "home", "AAAA", "2001:db8::1", 600, LINE, "0")),
		       -1, &out),
	    PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_CREATE);
	fx_fini(&f);
}

/* A modify counts only when its reply carries the RecordId it was sent to. */
static void test_flow_write_unconfirmed(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_MODIFY);
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000002), -1, &out), PROV_RETRY);
	assert_non_null(strstr(out.message, "dnspod: the provider's answer did not confirm the "
					    "write (another RecordId)"));
	fx_fini(&f);
	/* A create whose reply has no RecordId. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_CREATE);
	assert_int_equal(
	    round_trip(&f, 200, "{\"Response\":{\"RequestId\":\"r-write\"}}", -1, &out),
	    PROV_RETRY);
	fx_fini(&f);
}

static void test_flow_update(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	char ip[IPADDR_STRLEN];

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	strcpy(f.job.record_id, "999"); /* from the state file: the look-up's id wins */
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_NEXT_STEP);
	assert_string_equal(f.job.record_id, "1600000001");
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":\"A\","
			"\"RecordLine\":\"" LINE "\",\"RecordLineId\":\"0\",\"Value\":"
			"\"203.0.113.9\",\"RecordId\":1600000001,\"TTL\":600}");
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000001), -1, &out), PROV_OK);
	assert_string_equal(out.message, "updated A home.example.com " OLD4 " -> " WANT4);
	assert_string_equal(out.record_id, "1600000001");
	assert_string_equal(ipaddr_ntop(&out.old, ip), OLD4);
	fx_fini(&f);

	/* Same address, another TTL configured: modify; apex label "@" kept. */
	fx_init(&f, "example.com", "example.com", FAM_V4, WANT4, NULL);
	f.rec.ttl = 120;
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000003, "@", "A", WANT4, 600, LINE, "0")), -1,
				    &out),
			 PROV_NEXT_STEP);
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"@\",\"RecordType\":\"A\","
			"\"RecordLine\":\"" LINE "\",\"RecordLineId\":\"0\",\"Value\":"
			"\"203.0.113.9\",\"RecordId\":1600000003,\"TTL\":120}");
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000003), -1, &out), PROV_OK);
	assert_string_equal(out.message, "updated A example.com " WANT4 " (ttl)");
	fx_fini(&f);
}

static void test_flow_unchanged_and_exists(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", WANT4, 600, LINE, "0")),
				    -1, &out),
			 PROV_UNCHANGED);
	assert_string_equal(out.message, "A home.example.com already " WANT4);
	assert_string_equal(out.record_id, "1600000001");
	assert_int_equal(f.job.n_steps, 1);
	fx_fini(&f);

	/* Create answered "already exists": an equal record is there. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(
	    round_trip(&f, 200,
		       ERR("InvalidParameter.DomainRecordExist", "记录已经存在，无需再次添加。"),
		       -1, &out),
	    PROV_UNCHANGED);
	assert_string_equal(out.message, "A home.example.com already " WANT4
					 " (CreateRecord: InvalidParameter.DomainRecordExist)");
	fx_fini(&f);
}

static void test_flow_stale_id(void **state)
{
	struct fixture f;
	struct prov_outcome out;
	const char *found = LIST(1, REC(1600000001, "home", "A", OLD4, 600, LINE, "0"));
	const char *stale = ERR("InvalidParameter.RecordIdInvalid", "记录编号错误。");

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200, found, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 200, stale, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_FIND);
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000009, "home", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000009), -1, &out), PROV_OK);
	assert_string_equal(out.record_id, "1600000009");
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(round_trip(&f, 200, found, -1, &out), PROV_NEXT_STEP);
		assert_int_equal(round_trip(&f, 200, stale, -1, &out), PROV_NEXT_STEP);
	}
	assert_int_equal(round_trip(&f, 200, found, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 200, stale, -1, &out), PROV_PERMANENT);
	assert_non_null(strstr(out.message, "InvalidParameter.RecordIdInvalid"));
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
	    {DP_FIND, 200,
	     ERR("AuthFailure.SignatureFailure", "The provided credentials could not be "
						 "validated."),
	     -1, PROV_AUTH,
	     "dnspod: DescribeRecordList A home.example.com: AuthFailure.SignatureFailure: The "
	     "provided credentials could not be validated. [RequestId r-err-1]; the CAM user needs "
	     "DescribeRecordList, CreateRecord and ModifyRecord (QcloudDNSPodFullAccess), or the "
	     "SecretId/SecretKey is wrong",
	     -1},
	    {DP_CREATE, 200, ERR("AuthFailure.SecretIdNotFound", "The SecretId is not found."), -1,
	     PROV_AUTH, NULL, -1},
	    {DP_MODIFY, 200, ERR("AuthFailure.UnauthorizedOperation", "CAM denied."), -1, PROV_AUTH,
	     NULL, -1},
	    {DP_FIND, 200, ERR("UnauthorizedOperation", "No permission."), -1, PROV_AUTH, NULL, -1},
	    {DP_FIND, 200, ERR("AuthFailure.SignatureExpire", "Signature expired."), -1, PROV_RETRY,
	     "dnspod: DescribeRecordList A home.example.com: AuthFailure.SignatureExpire: "
	     "Signature expired.; this host's clock is more than 5 minutes off: check the system "
	     "clock (NTP) [RequestId r-err-1]",
	     -1},
	    {DP_FIND, 200, ERR("RequestLimitExceeded", "Too many requests."), -1, PROV_RETRY,
	     "dnspod: DescribeRecordList A home.example.com: RequestLimitExceeded: Too many "
	     "requests. [RequestId r-err-1]",
	     -1},
	    {DP_MODIFY, 200, ERR("RequestLimitExceeded.RequestLimitExceeded", "Too many."), 7,
	     PROV_RETRY, NULL, 7},
	    {DP_CREATE, 200, ERR("InternalError", "Internal error."), -1, PROV_RETRY, NULL, -1},
	    /* Chinese messages reach the log as '?' (one line of printable ASCII). */
	    {DP_FIND, 200, ERR("InvalidParameterValue.DomainNotExists", "当前域名有误"), -1,
	     PROV_PERMANENT,
	     "dnspod: DescribeRecordList A home.example.com: "
	     "InvalidParameterValue.DomainNotExists: ?????????????????? [RequestId r-err-1]",
	     -1},
	    {DP_CREATE, 200, ERR("LimitExceeded.RecordTtlLimit", "TTL too low."), -1,
	     PROV_PERMANENT, NULL, -1},
	    {DP_CREATE, 200, NODATA, -1, PROV_PERMANENT, NULL, -1},
	    {DP_FIND, 503, "Service Unavailable", 20, PROV_RETRY,
	     "dnspod: DescribeRecordList A home.example.com: HTTP 503", 20},
	    {DP_FIND, 200, "<html>portal</html>", -1, PROV_RETRY,
	     "dnspod: DescribeRecordList A home.example.com: HTTP 200, not the documented JSON "
	     "reply",
	     -1},
	    {DP_CREATE, 200, "{\"Response\":{\"RequestId\":\"r\"}}", -1, PROV_RETRY, NULL, -1},
	    {DP_FIND, 200, ERR("AuthFailure.SignatureFailure", "bad key " SKEY), -1, PROV_AUTH,
	     "dnspod: DescribeRecordList A home.example.com: AuthFailure.SignatureFailure: bad "
	     "key <redacted> [RequestId r-err-1]",
	     -1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fixture f;
		struct prov_outcome out;
		enum prov_result res;

		fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
		f.job.step = cases[i].step;
		if (cases[i].step == DP_MODIFY)
			strcpy(f.job.record_id, "1600000001");
		res = round_trip(&f, cases[i].status, cases[i].body, cases[i].retry_after, &out);
		if (res != cases[i].res)
			fail_msg("case %zu: %s, wanted %s (%s)", i, prov_result_name(res),
				 prov_result_name(cases[i].res), out.message);
		/* A refused credential: the message, then which permissions are needed. */
		if (cases[i].message && res == PROV_AUTH) {
			assert_memory_equal(out.message, cases[i].message,
					    strlen(cases[i].message));
			assert_non_null(strstr(out.message, "the CAM user needs"));
		} else if (cases[i].message) {
			assert_string_equal(out.message, cases[i].message);
		}
		assert_int_equal(out.retry_after, cases[i].out_retry);
		fx_fini(&f);
	}
}

/* ---- bulk reads and direct writes ---- */

#define PAGE(total, recs)                                                                          \
	"{\"Response\":{\"RecordCountInfo\":{\"SubdomainCount\":0,\"ListCount\":0,"                \
	"\"TotalCount\":" #total "},\"RecordList\":[" recs "],\"RequestId\":\"r-page\"}}"
#define BULK_BODY(type, offset)                                                                    \
	"{\"Domain\":\"example.com\",\"RecordType\":\"" type "\",\"Offset\":" #offset              \
	",\"Limit\":1000}"

/* The request the job would send now reads, with room for a page of 1000 records. */
static void expect_list(struct fixture *f, const char *body)
{
	struct prov_request req;

	assert_int_equal(dnspod_ops.build(&f->job, &req), 0);
	assert_false(req.writes);
	assert_true(req.max_reply >= 1000 * 1024);
	assert_string_equal(header(&req, "X-TC-Action"), "DescribeRecordList");
	assert_string_equal(req.http.body, body);
	prov_request_free(&req);
}

static void test_bulk_list(void **state)
{
	struct prov_list list = {.fams = 1u << FAM_V4 | 1u << FAM_V6};
	struct prov_outcome out;
	struct fixture f;
	char ip[IPADDR_STRLEN];

	(void)state;
	assert_true(dnspod_ops.lists);
	assert_true(dnspod_ops.zone_from_name);
	/* The zone is the name minus its first label: no Subdomain, every label and line. */
	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::9", NULL);
	f.job.list = &list;
	expect_list(&f, BULK_BODY("A", 0));
	/* Page 1 of 2 (5 A records; a CNAME counts for the offset). */
	assert_int_equal(
	    round_trip(&f, 200,
		       PAGE(6, REC(1600000001, "home", "A", OLD4, 600, LINE,
				   "0") "," REC(1600000002, "@", "A", WANT4, 600, LINE,
						"0") "," REC(1600000003, "www", "CNAME",
							     "example.com", 600, LINE, "0")),
		       -1, &out),
	    PROV_NEXT_STEP);
	expect_list(&f, BULK_BODY("A", 3));
	/* Page 2: an address that does not parse, a record on another line, another TTL: the
	 * agent gets them without an address (their own jobs read them). */
	assert_int_equal(
	    round_trip(
		&f, 200,
		PAGE(6, REC(1600000004, "Bad", "A", "not-an-address", 600, LINE, "0") "," REC(
			    1600000005, "tele", "A", OLD4, 600, TELE,
			    "10=0") "," REC(1600000006, "a.ttl", "A", OLD4, 60, LINE, "0")),
		-1, &out),
	    PROV_NEXT_STEP);
	/* AAAA: none in the zone (an error code, HTTP 200): the read is done. */
	expect_list(&f, BULK_BODY("AAAA", 0));
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_OK);
	assert_string_equal(out.message, "dnspod: read 5 records of zone example.com in bulk");
	assert_string_equal(out.zone_id, "example.com");
	assert_int_equal(f.job.n_steps, 3);
	assert_int_equal(list.n, 5);
	assert_string_equal(list.v[0].name, "home.example.com");
	assert_string_equal(list.v[0].id, "1600000001");
	assert_int_equal(list.v[0].fam, FAM_V4);
	assert_string_equal(ipaddr_ntop(&list.v[0].addr, ip), OLD4);
	assert_string_equal(list.v[1].name, "example.com"); /* "@" */
	assert_string_equal(ipaddr_ntop(&list.v[1].addr, ip), WANT4);
	assert_string_equal(list.v[2].name, "bad.example.com");
	assert_string_equal(list.v[2].id, "1600000004");
	assert_int_equal(list.v[2].addr.family, AF_UNSPEC);
	assert_int_equal(list.v[3].addr.family, AF_UNSPEC);
	assert_string_equal(list.v[4].name, "a.ttl.example.com");
	assert_int_equal(list.v[4].addr.family, AF_UNSPEC);
	prov_list_free(&list);
	fx_fini(&f);

	/* Only AAAA, in zone = sub.example.com; without a TotalCount, a short page ends it. */
	list.fams = 1u << FAM_V6;
	fx_init(&f, "x.y.sub.example.com", "sub.example.com", FAM_V4, WANT4, NULL);
	f.job.list = &list;
	expect_list(&f, "{\"Domain\":\"sub.example.com\",\"RecordType\":\"AAAA\",\"Offset\":0,"
			"\"Limit\":1000}");
	assert_int_equal(round_trip(&f, 200,
				    "{\"Response\":{\"RecordList\":[" REC(
					1600000007, "x.y", "AAAA", "2001:DB8::7", 600, LINE,
					"0") "],\"RequestId\":\"r\"}}",
				    -1, &out),
			 PROV_OK);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].name, "x.y.sub.example.com");
	assert_int_equal(list.v[0].fam, FAM_V6);
	assert_string_equal(ipaddr_ntop(&list.v[0].addr, ip), "2001:db8::7");
	prov_list_free(&list);
	fx_fini(&f);
}

/* A throttled or failed page ends the job for a retry that resumes at that page. */
static void test_bulk_resume(void **state)
{
	struct prov_list list = {.fams = 1u << FAM_V4 | 1u << FAM_V6};
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.list = &list;
	assert_int_equal(
	    round_trip(&f, 200,
		       PAGE(3, REC(1600000001, "h1", "A", OLD4, 600, LINE,
				   "0") "," REC(1600000002, "h2", "A", OLD4, 600, LINE, "0")),
		       -1, &out),
	    PROV_NEXT_STEP);
	assert_int_equal(round_trip(&f, 200, ERR("RequestLimitExceeded", "too many"), -1, &out),
			 PROV_RETRY);
	assert_true(out.throttled);
	assert_non_null(strstr(out.message, "DescribeRecordList A example.com: "
					    "RequestLimitExceeded"));
	/* The agent runs the same job again (agent_bulk.c): the same page. */
	f.job.n_steps = 0;
	expect_list(&f, BULK_BODY("A", 2));
	assert_int_equal(round_trip(&f, 503, "Service Unavailable", 30, &out), PROV_RETRY);
	assert_int_equal(out.retry_after, 30);
	f.job.n_steps = 0;
	expect_list(&f, BULK_BODY("A", 2));
	assert_int_equal(round_trip(&f, 200,
				    PAGE(3, REC(1600000003, "h3", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_NEXT_STEP);
	expect_list(&f, BULK_BODY("AAAA", 0));
	assert_int_equal(round_trip(&f, 502, "Bad Gateway", -1, &out), PROV_RETRY);
	assert_non_null(strstr(out.message, "DescribeRecordList AAAA example.com: HTTP 502"));
	f.job.n_steps = 0;
	expect_list(&f, BULK_BODY("AAAA", 0));
	assert_int_equal(
	    round_trip(&f, 200,
		       PAGE(1, REC(1600000004, "h1", "AAAA", "2001:db8::1", 600, LINE, "0")), -1,
		       &out),
	    PROV_OK);
	assert_int_equal(list.n, 4); /* each record once */
	assert_string_equal(list.v[2].name, "h3.example.com");
	assert_int_equal(list.v[3].fam, FAM_V6);
	prov_list_free(&list);
	fx_fini(&f);

	/* A refusal that will not heal ends the read (the agent then reads one by one). */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.list = &list;
	assert_int_equal(round_trip(&f, 200,
				    ERR("InvalidParameterValue.DomainNotExists", "no such domain"),
				    -1, &out),
			 PROV_PERMANENT);
	prov_list_free(&list);
	fx_fini(&f);
}

/* What the agent knows is written without a look-up: one ModifyRecord (the default line, no
 * TTL unless configured), one CreateRecord; a vanished id is looked up again. */
static void test_direct_and_absent(void **state)
{
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.direct = true;
	strcpy(f.job.record_id, "1600000001");
	strcpy(f.job.zone_id, "example.com");
	expect_request(&f, BASE, "ModifyRecord",
		       "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":\"A\","
		       "\"RecordLine\":\"" LINE "\",\"Value\":\"203.0.113.9\",\"RecordId\":"
		       "1600000001}",
		       AUTH("1d4f948c0b6b4a366210afdaa0e0ef514418330d56d85a234d2b90621019a64f"));
	f.rec.ttl = 120;
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":"
			"\"A\",\"RecordLine\":\"" LINE "\",\"Value\":\"203.0.113.9\",\"RecordId\":"
			"1600000001,\"TTL\":120}");
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000001), -1, &out), PROV_OK);
	assert_int_equal(f.job.n_steps, 1);
	assert_string_equal(out.record_id, "1600000001");
	assert_string_equal(out.zone_id, "example.com");
	assert_non_null(strstr(out.message, "updated A home.example.com"));
	fx_fini(&f);

	/* Absent: one CreateRecord. */
	fx_init(&f, NAME, NULL, FAM_V6, "2001:db8::9", NULL);
	f.job.absent = true;
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":"
			"\"AAAA\",\"RecordLine\":\"" LINE "\",\"Value\":\"2001:db8::9\"}");
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000002), -1, &out), PROV_OK);
	assert_int_equal(f.job.n_steps, 1);
	assert_string_equal(out.message, "created AAAA home.example.com 2001:db8::9");
	fx_fini(&f);

	/* The record was deleted since: RecordIdInvalid, then the look-up, then a create. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.direct = true;
	strcpy(f.job.record_id, "1600000001");
	assert_int_equal(
	    round_trip(&f, 200, ERR("InvalidParameter.RecordIdInvalid", "gone"), -1, &out),
	    PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_FIND);
	expect_body(&f, "{\"Domain\":\"example.com\",\"Subdomain\":\"home\",\"RecordType\":"
			"\"A\",\"Limit\":100}");
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_NEXT_STEP);
	assert_int_equal(f.job.step, DP_CREATE);
	assert_int_equal(round_trip(&f, 200, WRITTEN(1600000008), -1, &out), PROV_OK);
	assert_string_equal(out.record_id, "1600000008");
	assert_int_equal(f.job.n_steps, 3);
	fx_fini(&f);

	/* An id that cannot be one (from an old state file): the look-up first. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.direct = true;
	strcpy(f.job.record_id, "abc");
	expect_body(&f, "{\"Domain\":\"example.com\",\"Subdomain\":\"home\",\"RecordType\":"
			"\"A\",\"Limit\":100}");
	fx_fini(&f);
}

/* read_first says whether a direct ModifyRecord (default line, no TTL unless configured)
 * would change the record beyond its address: then a direct job reads first. The zone id is
 * the zone's name either way. */
static void test_direct_safety(void **state)
{
	static const struct {
		const char *reply;
		int ttl; /* configured */
		bool read_first;
	} cases[] = {
	    {LIST(1, REC(1600000001, "home", "A", OLD4, 600, LINE, "0")), 0, false},
	    {LIST(1, REC(1600000001, "home", "A", OLD4, 600, TELE, "10=0")), 0, true},
	    {LIST(1, REC(1600000001, "home", "A", OLD4, 300, LINE, "0")), 0, true},
	    {LIST(1, REC(1600000001, "home", "A", OLD4, 300, LINE, "0")), 300, false},
	    {LIST(1, REC(1600000001, "home", "A", WANT4, 60, LINE, "0")), 120, false},
	    {NODATA, 0, false},
	};
	struct prov_outcome out;
	struct fixture f;
	enum prov_result res;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
		f.rec.ttl = cases[i].ttl;
		f.job.read_first = i % 2; /* replaced */
		assert_int_equal(round_trip(&f, 200, cases[i].reply, -1, &out), PROV_NEXT_STEP);
		res = round_trip(&f, 200, WRITTEN(1600000001), -1, &out);
		assert_int_equal(res, PROV_OK);
		assert_string_equal(out.zone_id, "example.com");
		assert_int_equal(out.read_first, cases[i].read_first);
		fx_fini(&f);
	}

	/* The agent's direct write of a record to be read first: the look-up. */
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.direct = true;
	strcpy(f.job.record_id, "1600000001");
	strcpy(f.job.zone_id, "example.com");
	f.job.read_first = true;
	expect_body(&f, "{\"Domain\":\"example.com\",\"Subdomain\":\"home\",\"RecordType\":"
			"\"A\",\"Limit\":100}");
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", OLD4, 600, TELE, "10=0")),
				    -1, &out),
			 PROV_NEXT_STEP);
	/* The write keeps the record's line. */
	expect_body(&f, "{\"Domain\":\"example.com\",\"SubDomain\":\"home\",\"RecordType\":"
			"\"A\",\"RecordLine\":\"" TELE "\",\"RecordLineId\":\"10=0\",\"Value\":"
			"\"203.0.113.9\",\"RecordId\":1600000001,\"TTL\":600}");
	fx_fini(&f);
}

/* A dry run reads, even where the agent knows a write is due, and never writes. */
static void test_direct_dry_run(void **state)
{
	struct prov_request req;
	struct prov_outcome out;
	struct fixture f;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.direct = f.job.dry_run = true;
	strcpy(f.job.record_id, "1600000001");
	expect_body(&f, "{\"Domain\":\"example.com\",\"Subdomain\":\"home\",\"RecordType\":"
			"\"A\",\"Limit\":100}");
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_OK);
	assert_true(out.would_write);
	f.job.step = DP_MODIFY;
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EPERM);
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.absent = f.job.dry_run = true;
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_OK);
	assert_true(out.would_write);
	assert_int_equal(f.job.n_steps, 1);
	f.job.step = DP_CREATE;
	assert_int_equal(dnspod_ops.build(&f.job, &req), -EPERM);
	fx_fini(&f);
}

static void test_dry_run(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.dry_run = true;
	assert_int_equal(round_trip(&f, 200, NODATA, -1, &out), PROV_OK);
	assert_true(out.would_write);
	assert_string_equal(out.message, "would create A home.example.com " WANT4);
	fx_fini(&f);

	fx_init(&f, NAME, NULL, FAM_V4, WANT4, NULL);
	f.job.dry_run = true;
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "home", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_OK);
	assert_true(out.would_write);
	assert_string_equal(out.message, "would update A home.example.com " OLD4 " -> " WANT4);
	assert_int_equal(f.job.n_steps, 1);
	fx_fini(&f);
}

static void test_idn_flow(void **state)
{
	struct fixture f;
	struct prov_outcome out;

	(void)state;
	fx_init(&f, "家.例子.测试", NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "xn--fct", "A", WANT4, 600, LINE, "0")),
				    -1, &out),
			 PROV_UNCHANGED);
	fx_fini(&f);

	/* The label spelt in Unicode is the same record. */
	fx_init(&f, "家.例子.测试", NULL, FAM_V4, WANT4, NULL);
	assert_int_equal(round_trip(&f, 200,
				    LIST(1, REC(1600000001, "家", "A", OLD4, 600, LINE, "0")), -1,
				    &out),
			 PROV_NEXT_STEP);
	expect_body(&f, "{\"Domain\":\"xn--fsqu00a.xn--0zwm56d\",\"SubDomain\":\"xn--fct\","
			"\"RecordType\":\"A\",\"RecordLine\":\"" LINE "\",\"RecordLineId\":\"0\","
			"\"Value\":\"203.0.113.9\",\"RecordId\":1600000001,\"TTL\":600}");
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_build),
	    cmocka_unit_test(test_build_refused),
	    cmocka_unit_test(test_check_config),
	    cmocka_unit_test(test_flow_create),
	    cmocka_unit_test(test_flow_update),
	    cmocka_unit_test(test_flow_write_unconfirmed),
	    cmocka_unit_test(test_flow_unchanged_and_exists),
	    cmocka_unit_test(test_flow_stale_id),
	    cmocka_unit_test(test_flow_errors),
	    cmocka_unit_test(test_bulk_list),
	    cmocka_unit_test(test_bulk_resume),
	    cmocka_unit_test(test_direct_and_absent),
	    cmocka_unit_test(test_direct_safety),
	    cmocka_unit_test(test_direct_dry_run),
	    cmocka_unit_test(test_dry_run),
	    cmocka_unit_test(test_idn_flow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
