// SPDX-License-Identifier: MIT
/* Alibaba ACS3-HMAC-SHA256: the official worked example byte for byte, plus encoding rules. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/pctenc.h"
#include "providers/sign_acs3.h"

#define EMPTY_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* signature-vectors.md §1 (Alibaba Cloud "V3 request structure and signature"). */
static const struct sign_acs3_param doc_params[] = {
    {"RegionId", "cn-shanghai"}, /* deliberately unsorted */
    {"ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"},
};

static const char doc_canonical[] =
    "POST\n"
    "/\n"
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
    "host:ecs.cn-shanghai.aliyuncs.com\n"
    "x-acs-action:RunInstances\n"
    "x-acs-content-sha256:" EMPTY_SHA "\n"
    "x-acs-date:2023-10-26T10:22:32Z\n"
    "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
    "x-acs-version:2014-05-26\n"
    "\n"
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-"
    "version\n" EMPTY_SHA;

static const char doc_auth[] =
    "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
    "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
    "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";

struct fixture {
	struct secret key;
	struct sign_acs3_in in;
	struct sign_acs3_out out;
	struct sign_acs3_debug dbg;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	assert_int_equal(secret_set(&fx->key, "YourAccessKeySecret", 19), 0);
	fx->in = (struct sign_acs3_in){
	    .method = "POST",
	    .uri = "/",
	    .params = doc_params,
	    .n_params = 2,
	    .host = "ecs.cn-shanghai.aliyuncs.com",
	    .action = "RunInstances",
	    .version = "2014-05-26",
	    .date = "2023-10-26T10:22:32Z",
	    .nonce = "3156853299f313e23d1673dc12e1703d",
	    .access_key_id = "YourAccessKeyId",
	    .access_key_secret = &fx->key,
	};
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	sign_acs3_out_free(&fx->out);
	sign_acs3_debug_free(&fx->dbg);
	secret_free(&fx->key);
	free(fx);
	return 0;
}

static bool has_header(const struct sign_acs3_out *out, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < out->n_headers; i++)
		if (!strcmp(out->headers[i].name, name) && !strcmp(out->headers[i].value, value))
			return true;
	return false;
}

static void test_official_vector(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(sign_acs3(&fx->in, &fx->out, &fx->dbg), 0);
	assert_string_equal(fx->out.content_sha256, EMPTY_SHA);
	assert_string_equal(fx->out.query, "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_"
					   "20230811.vhd&RegionId=cn-shanghai");
	assert_string_equal(fx->dbg.canonical_request, doc_canonical);
	assert_string_equal(fx->dbg.hashed_canonical_request,
			    "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
	assert_string_equal(fx->dbg.string_to_sign,
			    "ACS3-HMAC-SHA256\n"
			    "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
	assert_string_equal(fx->dbg.signature,
			    "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
	assert_string_equal(fx->out.authorization, doc_auth);
}

static void test_headers_to_send(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(sign_acs3(&fx->in, &fx->out, NULL), 0);
	assert_int_equal(fx->out.n_headers, 7);
	assert_true(has_header(&fx->out, "x-acs-action", "RunInstances"));
	assert_true(has_header(&fx->out, "x-acs-version", "2014-05-26"));
	assert_true(has_header(&fx->out, "x-acs-date", "2023-10-26T10:22:32Z"));
	assert_true(
	    has_header(&fx->out, "x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"));
	assert_true(has_header(&fx->out, "x-acs-content-sha256", EMPTY_SHA));
	/* No body: curl's default form Content-Type is removed, not sent unsigned. */
	assert_true(has_header(&fx->out, "Content-Type", ""));
	assert_true(has_header(&fx->out, "Authorization", doc_auth));
	/* Host comes from the URL: never a header line of ours. */
	for (size_t i = 0; i < fx->out.n_headers; i++)
		assert_int_not_equal(strcasecmp(fx->out.headers[i].name, "host"), 0);
}

/* Real alidns shape: RR=@ must become %40 and 默认 its UTF-8 percent form. */
static void test_query_encoding_and_sort(void **state)
{
	struct fixture *fx = *state;
	static const struct sign_acs3_param p[] = {
	    {"Value", "a b*c~d"}, {"RR", "@"},	 {"Line", "默认"}, {"Type", "AAAA"},
	    {"Empty", NULL},	  {"Blank", ""}, {"TTL", "600"},   {"Rr", "x"},
	};

	fx->in.params = p;
	fx->in.n_params = sizeof(p) / sizeof(p[0]);
	assert_int_equal(sign_acs3(&fx->in, &fx->out, &fx->dbg), 0);
	/* Byte order: uppercase before lowercase, so "RR" < "Rr" and "TTL" < "Type". */
	assert_string_equal(fx->out.query, "Blank=&Empty=&Line=%E9%BB%98%E8%AE%A4&RR=%40&Rr=x&"
					   "TTL=600&Type=AAAA&Value=a%20b%2Ac~d");
	assert_non_null(strstr(fx->dbg.canonical_request, fx->out.query));
}

static void test_host_with_port(void **state)
{
	struct fixture *fx = *state;

	fx->in.host = "127.0.0.1:8443";
	assert_int_equal(sign_acs3(&fx->in, &fx->out, &fx->dbg), 0);
	assert_non_null(strstr(fx->dbg.canonical_request, "\nhost:127.0.0.1:8443\n"));
	assert_string_not_equal(fx->dbg.signature,
				"06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
}

static void test_body_and_content_type(void **state)
{
	struct fixture *fx = *state;
	static const char body[] = "{\"a\":1}";

	fx->in.body = body;
	fx->in.body_len = strlen(body);
	fx->in.content_type = "application/json";
	assert_int_equal(sign_acs3(&fx->in, &fx->out, &fx->dbg), 0);
	/* sha256('{"a":1}') */
	assert_string_equal(fx->out.content_sha256,
			    "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
	assert_non_null(
	    strstr(fx->dbg.canonical_request, "\ncontent-type:application/json\nhost:"));
	assert_non_null(
	    strstr(fx->out.authorization, "SignedHeaders=content-type;host;x-acs-action;"));
	assert_true(has_header(&fx->out, "Content-Type", "application/json"));
	assert_false(has_header(&fx->out, "Content-Type", ""));
}

static void test_security_token_signed(void **state)
{
	struct fixture *fx = *state;
	struct secret tok = {0};

	assert_int_equal(secret_set(&tok, "sts-token", 9), 0);
	fx->in.security_token = &tok;
	assert_int_equal(sign_acs3(&fx->in, &fx->out, &fx->dbg), 0);
	assert_non_null(strstr(fx->out.authorization, "x-acs-date;x-acs-security-token;"
						      "x-acs-signature-nonce;x-acs-version,"));
	assert_true(has_header(&fx->out, "x-acs-security-token", "sts-token"));
	secret_free(&tok);
}

static void test_rejects_bad_input(void **state)
{
	struct fixture *fx = *state;
	struct sign_acs3_in in = fx->in;
	struct secret empty = {0};

	in.nonce = "abc\r\nX-Evil: 1";
	assert_int_equal(sign_acs3(&in, &fx->out, &fx->dbg), -EINVAL);
	assert_null(fx->out.authorization);
	assert_null(fx->dbg.canonical_request);
	in = fx->in;
	in.date = NULL;
	assert_int_equal(sign_acs3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.access_key_secret = &empty;
	assert_int_equal(sign_acs3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.access_key_id = "id,SignedHeaders=host";
	assert_int_equal(sign_acs3(&in, &fx->out, NULL), -EINVAL);
	in = fx->in;
	in.body_len = 3;
	assert_int_equal(sign_acs3(&in, &fx->out, NULL), -EINVAL);
}

static void test_format_date(void **state)
{
	static const struct {
		time_t t;
		const char *want;
	} cases[] = {
	    {1698315752, "2023-10-26T10:22:32Z"},
	    {0, "1970-01-01T00:00:00Z"},
	    {1709251199, "2024-02-29T23:59:59Z"},
	    {1709251200, "2024-03-01T00:00:00Z"},
	};
	char buf[SIGN_ACS3_DATE_LEN + 1];

	(void)state;
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(sign_acs3_format_date(cases[i].t, buf));
		assert_string_equal(buf, cases[i].want);
	}
	unsetenv("TZ");
	tzset();
}

static void test_pctenc(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", ""},
	    {"AZaz09-_.~", "AZaz09-_.~"},
	    {" ", "%20"},
	    {"*", "%2A"},
	    {"@", "%40"},
	    {"+/=&%", "%2B%2F%3D%26%25"},
	    {"默认", "%E9%BB%98%E8%AE%A4"},
	    {"2001:db8::1", "2001%3Adb8%3A%3A1"},
	    {"\x7f\x80\xff", "%7F%80%FF"},
	};
	char buf[8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = pctenc_strdup(cases[i].in);

		assert_non_null(s);
		assert_string_equal(s, cases[i].want);
		assert_int_equal(pctenc_encode(NULL, 0, cases[i].in, strlen(cases[i].in)),
				 strlen(cases[i].want));
		free(s);
	}
	/* Truncation never splits a triplet and always terminates. */
	assert_int_equal(pctenc_encode(buf, sizeof(buf), "ab@@", 4), 8);
	assert_string_equal(buf, "ab%40");
	assert_int_equal(pctenc_encode(buf, 3, "a@", 2), 4);
	assert_string_equal(buf, "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_official_vector, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_headers_to_send, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_query_encoding_and_sort, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_host_with_port, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_body_and_content_type, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_security_token_signed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rejects_bad_input, setup, teardown),
	    cmocka_unit_test(test_format_date),
	    cmocka_unit_test(test_pctenc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
