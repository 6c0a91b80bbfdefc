// SPDX-License-Identifier: MIT
/* Tencent TC3-HMAC-SHA256: the official worked example byte for byte, UTC scope dates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/sign_tc3.h"

/* signature-vectors.md §2 (Tencent Cloud API 3.0 "Signature v3", CVM DescribeInstances). */
static const char doc_body[] =
    "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], "
    "\"Name\": \"instance-name\"}]}";

static const char doc_canonical[] =
    "POST\n"
    "/\n"
    "\n"
    "content-type:application/json; charset=utf-8\n"
    "host:cvm.tencentcloudapi.com\n"
    "\n"
    "content-type;host\n"
    "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";

static const char doc_sts[] = "TC3-HMAC-SHA256\n"
			      "1551113065\n"
			      "2019-02-25/cvm/tc3_request\n"
			      "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";

static const char doc_auth[] =
    "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/"
    "tc3_request, SignedHeaders=content-type;host, "
    "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";

struct fixture {
	struct secret key;
	struct sign_tc3_in in;
	struct sign_tc3_out out;
	struct sign_tc3_debug dbg;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_int_equal(secret_set(&fx->key, "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", 32), 0);
	fx->in = (struct sign_tc3_in){
	    .method = "POST",
	    .host = "cvm.tencentcloudapi.com",
	    .service = "cvm",
	    .action = "DescribeInstances",
	    .version = "2017-03-12",
	    .timestamp = 1551113065,
	    .content_type = "application/json; charset=utf-8",
	    .body = doc_body,
	    .body_len = sizeof(doc_body) - 1,
	    .secret_id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
	    .secret_key = &fx->key,
	    .region = "ap-guangzhou",
	};
	/* Every test runs in UTC+8, where local and UTC dates differ for 8 hours a day. */
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	sign_tc3_out_free(&fx->out);
	sign_tc3_debug_free(&fx->dbg);
	secret_free(&fx->key);
	free(fx);
	unsetenv("TZ");
	tzset();
	return 0;
}

static const char *header(const struct sign_tc3_out *out, const char *name)
{
	for (size_t i = 0; i < out->n_headers; i++)
		if (!strcmp(out->headers[i].name, name))
			return out->headers[i].value;
	return NULL;
}

static void test_official_vector(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(sign_tc3(&fx->in, &fx->out, &fx->dbg), 0);
	assert_string_equal(fx->dbg.canonical_request, doc_canonical);
	assert_string_equal(fx->dbg.hashed_canonical_request,
			    "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
	assert_string_equal(fx->dbg.credential_scope, "2019-02-25/cvm/tc3_request");
	assert_string_equal(fx->dbg.string_to_sign, doc_sts);
	assert_string_equal(fx->dbg.secret_date,
			    "d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a");
	assert_string_equal(fx->dbg.secret_service,
			    "3c7cb7c7795393edc14fd2e0e6434a518564b4504b88e94f5d11bf59ba3e7050");
	assert_string_equal(fx->dbg.secret_signing,
			    "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1");
	assert_string_equal(fx->dbg.signature,
			    "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
	assert_string_equal(fx->out.authorization, doc_auth);
}

static void test_headers_to_send(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(sign_tc3(&fx->in, &fx->out, NULL), 0);
	assert_int_equal(fx->out.n_headers, 6);
	assert_string_equal(header(&fx->out, "Content-Type"), "application/json; charset=utf-8");
	assert_string_equal(header(&fx->out, "X-TC-Action"), "DescribeInstances");
	assert_string_equal(header(&fx->out, "X-TC-Version"), "2017-03-12");
	assert_string_equal(header(&fx->out, "X-TC-Timestamp"), "1551113065");
	assert_string_equal(header(&fx->out, "X-TC-Region"), "ap-guangzhou");
	assert_string_equal(header(&fx->out, "Authorization"), doc_auth);
	assert_null(header(&fx->out, "Host"));
}

/* DNSPod: no region (the API says not to send it), service "dnspod", a token. */
static void test_dnspod_shape(void **state)
{
	struct fixture *fx = *state;
	struct secret tok = {0};

	assert_int_equal(secret_set(&tok, "tmp-token", 9), 0);
	fx->in.host = "dnspod.tencentcloudapi.com";
	fx->in.service = "dnspod";
	fx->in.action = "DescribeRecordList";
	fx->in.version = "2021-03-23";
	fx->in.content_type = "application/json";
	fx->in.region = NULL;
	fx->in.token = &tok;
	fx->in.body = "{}";
	fx->in.body_len = 2;
	assert_int_equal(sign_tc3(&fx->in, &fx->out, &fx->dbg), 0);
	assert_null(header(&fx->out, "X-TC-Region"));
	assert_string_equal(header(&fx->out, "X-TC-Token"), "tmp-token");
	assert_int_equal(fx->out.n_headers, 6);
	assert_string_equal(fx->dbg.credential_scope, "2019-02-25/dnspod/tc3_request");
	/* sha256("{}") */
	assert_string_equal(fx->dbg.canonical_request,
			    "POST\n/\n\ncontent-type:application/json\n"
			    "host:dnspod.tencentcloudapi.com\n\ncontent-type;host\n"
			    "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
	assert_non_null(strstr(fx->out.authorization, "/2019-02-25/dnspod/tc3_request, "));
	secret_free(&tok);
}

/* The scope date is the UTC date of the timestamp, never the local (UTC+8) one. */
static void test_scope_date_is_utc(void **state)
{
	static const struct {
		time_t t;
		const char *scope;
	} cases[] = {
	    {1709337599, "2024-03-01/cvm/tc3_request"}, /* 23:59:59Z; 07:59:59 +08 */
	    {1709337600, "2024-03-02/cvm/tc3_request"}, /* 00:00:00Z */
	    {1709308799, "2024-03-01/cvm/tc3_request"}, /* 15:59:59Z; 23:59:59 +08 */
	    {1709308800, "2024-03-01/cvm/tc3_request"}, /* 16:00:00Z; next day at +08 */
	    {0, "1970-01-01/cvm/tc3_request"},
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char ts[32];

		fx->in.timestamp = cases[i].t;
		assert_int_equal(sign_tc3(&fx->in, &fx->out, &fx->dbg), 0);
		assert_string_equal(fx->dbg.credential_scope, cases[i].scope);
		snprintf(ts, sizeof(ts), "%lld", (long long)cases[i].t);
		assert_string_equal(header(&fx->out, "X-TC-Timestamp"), ts);
		sign_tc3_out_free(&fx->out);
		sign_tc3_debug_free(&fx->dbg);
	}
}

static void test_host_port_and_case(void **state)
{
	struct fixture *fx = *state;

	fx->in.host = "127.0.0.1:8443";
	fx->in.content_type = " Application/JSON ";
	assert_int_equal(sign_tc3(&fx->in, &fx->out, &fx->dbg), 0);
	/* Canonical values are trimmed and lowercased; the header goes out as given. */
	assert_non_null(strstr(fx->dbg.canonical_request,
			       "\ncontent-type:application/json\nhost:127.0.0.1:8443\n\n"));
	assert_string_equal(header(&fx->out, "Content-Type"), " Application/JSON ");
}

static void test_rejects_bad_input(void **state)
{
	struct fixture *fx = *state;
	struct sign_tc3_in in;
	struct secret empty = {0};

	in = fx->in;
	in.action = "X\nEvil: 1";
	assert_int_equal(sign_tc3(&in, &fx->out, &fx->dbg), -EINVAL);
	assert_null(fx->out.authorization);
	assert_null(fx->dbg.canonical_request);
	in = fx->in;
	in.content_type = NULL;
	assert_int_equal(sign_tc3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.secret_key = &empty;
	assert_int_equal(sign_tc3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.secret_id = "AKID, Signature=x";
	assert_int_equal(sign_tc3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.timestamp = -1;
	assert_int_equal(sign_tc3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.body = NULL;
	assert_int_equal(sign_tc3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.region = "ap\rx";
	assert_int_equal(sign_tc3(&in, &fx->out, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_official_vector, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_headers_to_send, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dnspod_shape, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_scope_date_is_utc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_host_port_and_case, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rejects_bad_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
