// SPDX-License-Identifier: MIT
/* DNSPod API 3.0 replies: Response.Error classes, DescribeRecordList matching, write ids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "providers/dnspod_reply.h"

#define ERR(code)                                                                                  \
	"{\"Response\":{\"Error\":{\"Code\":\"" code "\",\"Message\":\"msg\"},"                    \
	"\"RequestId\":\"ab4f1426-ea15-4192-8b3f-1a8e3c8a1b2c\"}}"

static void test_classes(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
		bool clock;
	} cases[] = {
	    {200, "{\"Response\":{\"RecordId\":162,\"RequestId\":\"x\"}}", APIREPLY_OK, false},
	    {200, ERR("ResourceNotFound.NoDataOfRecord"), APIREPLY_NOT_FOUND, false},
	    {200, ERR("InvalidParameter.DomainRecordExist"), APIREPLY_EXISTS, false},
	    {200, ERR("InvalidParameter.RecordIdInvalid"), APIREPLY_STALE_ID, false},
	    {200, ERR("AuthFailure.SignatureExpire"), APIREPLY_TRANSIENT, true},
	    {200, ERR("AuthFailure.RequestTimeTooSkewed"), APIREPLY_TRANSIENT, true},
	    {200, ERR("AuthFailure.SignatureFailure"), APIREPLY_AUTH, false},
	    {200, ERR("AuthFailure.SecretIdNotFound"), APIREPLY_AUTH, false},
	    {200, ERR("AuthFailure.InvalidSecretId"), APIREPLY_AUTH, false},
	    {200, ERR("AuthFailure.TokenFailure"), APIREPLY_AUTH, false},
	    {200, ERR("AuthFailure.UnauthorizedOperation"), APIREPLY_AUTH, false},
	    {200, ERR("AuthFailure"), APIREPLY_AUTH, false},
	    {200, ERR("UnauthorizedOperation"), APIREPLY_AUTH, false},
	    {200, ERR("OperationDenied.DomainOwnerAllowedOnly"), APIREPLY_AUTH, false},
	    {200, ERR("RequestLimitExceeded"), APIREPLY_TRANSIENT, false},
	    {200, ERR("RequestLimitExceeded.RequestLimitExceeded"), APIREPLY_TRANSIENT, false},
	    {200, ERR("InternalError"), APIREPLY_TRANSIENT, false},
	    {200, ERR("FailedOperation.UnknowError"), APIREPLY_TRANSIENT, false},
	    {200, ERR("FailedOperation.NotDomainOwner"), APIREPLY_PERMANENT, false},
	    {200, ERR("InvalidParameterValue.DomainNotExists"), APIREPLY_PERMANENT, false},
	    {200, ERR("InvalidParameter.DomainInvalid"), APIREPLY_PERMANENT, false},
	    {200, ERR("InvalidParameter.RecordValueInvalid"), APIREPLY_PERMANENT, false},
	    {200, ERR("LimitExceeded.RecordTtlLimit"), APIREPLY_PERMANENT, false},
	    {200, ERR("AuthFailureX"), APIREPLY_PERMANENT, false},
	    {503, ERR("SomethingNew"), APIREPLY_TRANSIENT, false},
	    /* No envelope: the status decides. */
	    {502, "<html>bad gateway</html>", APIREPLY_TRANSIENT, false},
	    {429, "", APIREPLY_TRANSIENT, false},
	    {401, "", APIREPLY_AUTH, false},
	    {404, "{}", APIREPLY_PERMANENT, false},
	    /* 2xx that is not the documented shape. */
	    {200, "", APIREPLY_MALFORMED, false},
	    {200, "{}", APIREPLY_MALFORMED, false},
	    {200, "{\"Response\":[]}", APIREPLY_MALFORMED, false},
	    {200, "{\"Response\":{\"Error\":null}}", APIREPLY_MALFORMED, false},
	    {200, "{\"Response\":{\"Error\":{\"Code\":5}}}", APIREPLY_MALFORMED, false},
	    {200, "{\"Response\":{\"Error\":{\"Code\":\"\"}}}", APIREPLY_MALFORMED, false},
	    {200, "{\"Response\":", APIREPLY_MALFORMED, false},
	    {200, "{\"Error\":{\"Code\":\"InternalError\"}}", APIREPLY_MALFORMED, false},
	};
	struct dnspod_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = dnspod_reply_parse_status(cases[i].status, cases[i].body,
								    strlen(cases[i].body), &r);

		if (got != cases[i].cls || r.api.clock_skew != cases[i].clock)
			fail_msg("case %zu (%ld %s): class %d clock %d", i, cases[i].status,
				 cases[i].body, got, r.api.clock_skew);
	}
}

static void test_error_fields_copied(void **state)
{
	static const char body[] =
	    "{\"Response\":{\"Error\":{\"Code\":\"InvalidParameter.DomainRecordExist\","
	    "\"Message\":\"记录已经存在，无需再次添加。\"},\"RequestId\":\"req-7\"}}";
	struct dnspod_reply r;

	(void)state;
	assert_int_equal(dnspod_reply_parse_write(200, body, strlen(body), &r), APIREPLY_EXISTS);
	assert_string_equal(r.api.code, "InvalidParameter.DomainRecordExist");
	assert_string_equal(r.api.message, "记录已经存在，无需再次添加。");
	assert_string_equal(r.api.request_id, "req-7");
	assert_int_equal(r.record_id, 0);
}

/* The documented DescribeRecordList shape, with near misses around one exact match. */
static const char lookup_body[] =
    "{\"Response\":{\"RequestId\":\"q\",\"RecordCountInfo\":{\"SubdomainCount\":5,"
    "\"ListCount\":7,\"TotalCount\":7},\"RecordList\":["
    "{\"RecordId\":556507778,\"Value\":\"2001:db8::7\",\"Status\":\"ENABLE\","
    "\"UpdatedOn\":\"2021-03-28 11:27:09\",\"Name\":\"home\",\"Line\":\"默认\","
    "\"LineId\":\"0\",\"Type\":\"AAAA\",\"Weight\":null,\"MonitorStatus\":\"\","
    "\"Remark\":\"\",\"TTL\":600,\"MX\":0,\"DefaultNS\":false},"
    "{\"RecordId\":1,\"Value\":\"198.51.100.1\",\"Name\":\"home2\",\"Line\":\"默认\","
    "\"LineId\":\"0\",\"Type\":\"A\",\"TTL\":600},"
    "{\"RecordId\":2,\"Value\":\"198.51.100.2\",\"Name\":\"a.home\",\"Line\":\"默认\","
    "\"LineId\":\"0\",\"Type\":\"A\",\"TTL\":600},"
    "{\"RecordId\":3,\"Value\":\"198.51.100.3\",\"Name\":\"hom\",\"Line\":\"默认\","
    "\"LineId\":\"0\",\"Type\":\"A\",\"TTL\":600},"
    "{\"RecordId\":556507779,\"Value\":\"203.0.113.7\",\"Name\":\"HOME\",\"Line\":\"电信\","
    "\"LineId\":\"10=0\",\"Type\":\"A\",\"TTL\":120,\"Status\":\"ENABLE\"},"
    "{\"RecordId\":4,\"Value\":\"203.0.113.8\",\"Name\":\"home\",\"Line\":\"默认\","
    "\"LineId\":0,\"Type\":\"a\",\"TTL\":600},"
    "{\"RecordId\":5,\"Value\":\"192.0.2.1\",\"Name\":\"@\",\"Line\":\"默认\","
    "\"LineId\":\"0\",\"Type\":\"A\",\"TTL\":600},"
    "null,{\"Name\":[]}"
    "]}}";

static void test_lookup_exact_match(void **state)
{
	struct dnspod_reply r;
	static const char *const misses[] = {"ho", "home.", "www", "", "home2x", "a"};

	(void)state;
	assert_int_equal(
	    dnspod_reply_parse_lookup(200, lookup_body, strlen(lookup_body), "home", "A", &r),
	    APIREPLY_OK);
	assert_int_equal(r.total_count, 7);
	assert_int_equal(r.matches, 2); /* 556507779 and 4; the first one is reported */
	assert_int_equal(r.record_id, 556507779);
	assert_string_equal(r.value, "203.0.113.7");
	assert_string_equal(r.line, "电信");
	assert_string_equal(r.line_id, "10=0");
	assert_int_equal(r.ttl, 120);

	assert_int_equal(
	    dnspod_reply_parse_lookup(200, lookup_body, strlen(lookup_body), "home", "AAAA", &r),
	    APIREPLY_OK);
	assert_int_equal(r.matches, 1);
	assert_int_equal(r.record_id, 556507778);
	assert_string_equal(r.line, "默认");
	assert_string_equal(r.line_id, "0");

	assert_int_equal(
	    dnspod_reply_parse_lookup(200, lookup_body, strlen(lookup_body), "@", "A", &r),
	    APIREPLY_OK);
	assert_int_equal(r.matches, 1);
	assert_int_equal(r.record_id, 5);

	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		assert_int_equal(dnspod_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
							   misses[i], "A", &r),
				 APIREPLY_OK);
		assert_int_equal(r.matches, 0);
		assert_int_equal(r.record_id, 0);
	}
}

static void test_lookup_empty_and_errors(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
	} cases[] = {
	    {200, ERR("ResourceNotFound.NoDataOfRecord"), APIREPLY_NOT_FOUND},
	    {200, "{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0},\"RecordList\":[]}}",
	     APIREPLY_OK},
	    {200, "{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0}}}", APIREPLY_OK},
	    {200, "{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0},\"RecordList\":null}}",
	     APIREPLY_OK},
	    {200, "{\"Response\":{\"RequestId\":\"x\"}}", APIREPLY_MALFORMED},
	    {200, "{\"Response\":{\"RecordList\":{}}}", APIREPLY_MALFORMED},
	    {200, "{\"RecordList\":[]}", APIREPLY_MALFORMED},
	    {200, "{\"Response\":{\"RecordList\":[{\"Name\":\"a\"", APIREPLY_MALFORMED},
	    {200, ERR("AuthFailure.SignatureFailure"), APIREPLY_AUTH},
	    {200, ERR("InvalidParameter.DomainInvalid"), APIREPLY_PERMANENT},
	};
	struct dnspod_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = dnspod_reply_parse_lookup(
		    cases[i].status, cases[i].body, strlen(cases[i].body), "a", "A", &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_int_equal(r.matches, 0);
	}
}

#define DEF	    "\xe9\xbb\x98\xe8\xae\xa4" /* 默认 */
#define ONE(fields) "{\"Response\":{\"RecordList\":[{\"Name\":\"a\",\"Type\":\"A\"," fields "}]}}"

/* Fields of the matching record: wrong types, missing, huge. */
static void test_lookup_record_fields(void **state)
{
	static const struct {
		const char *body;
		enum apireply_class cls;
		uint64_t id;
		long ttl;
	} cases[] = {
	    {ONE("\"RecordId\":7,\"Value\":\"192.0.2.1\",\"TTL\":600"), APIREPLY_OK, 7, 600},
	    {ONE("\"RecordId\":9007199254740991,\"Value\":\"192.0.2.1\""), APIREPLY_OK,
	     9007199254740991ULL, -1},
	    {ONE("\"RecordId\":7,\"Value\":\"192.0.2.1\",\"TTL\":\"600\""), APIREPLY_OK, 7, -1},
	    {ONE("\"RecordId\":7,\"Value\":\"192.0.2.1\",\"TTL\":1e300"), APIREPLY_OK, 7, -1},
	    /* The model says integer: a string id is not the API. */
	    {ONE("\"RecordId\":\"7\",\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":9007199254740993,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0,
	     -1},
	    {ONE("\"RecordId\":18446744073709551616,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED,
	     0, -1},
	    {ONE("\"RecordId\":1e999,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":0,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":-3,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":2.5,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":7"), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":7,\"Value\":false"), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":7,\"Value\":\"192.0.2.1\\n\""), APIREPLY_MALFORMED, 0, -1},
	    {ONE("\"RecordId\":7,\"Value\":\"192.0.2.1\",\"LineId\":\"\\u0007\""),
	     APIREPLY_MALFORMED, 0, -1},
	};
	struct dnspod_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = dnspod_reply_parse_lookup(
		    200, cases[i].body, strlen(cases[i].body), "a", "A", &r);

		if (got != cases[i].cls || r.record_id != cases[i].id || r.ttl != cases[i].ttl)
			fail_msg("case %zu: class %d id %llu ttl %ld", i, got,
				 (unsigned long long)r.record_id, r.ttl);
		if (got == APIREPLY_OK)
			assert_string_equal(r.value, "192.0.2.1");
		else
			assert_int_equal(r.matches, 0);
	}
}

/* The found record's line: the default one by its id, or by its name without an id. */
static void test_lookup_default_line(void **state)
{
	static const struct {
		const char *fields;
		bool def;
	} cases[] = {
	    {"\"LineId\":\"0\",\"Line\":\"x\"", true},
	    {"\"LineId\":0", true},
	    {"\"LineId\":\"10=0\",\"Line\":\"" DEF "\"", false},
	    {"\"Line\":\"" DEF "\"", true},
	    {"\"Line\":\"Default\"", true},
	    {"\"Line\":\"\xe7\x94\xb5\xe4\xbf\xa1\"", false},
	    {"\"LineId\":null", true},
	    {"\"LineId\":\"3=0\"", false},
	};
	struct dnspod_reply r;
	char body[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(body, sizeof(body), ONE("\"RecordId\":7,\"Value\":\"192.0.2.1\",%s"),
			 cases[i].fields);
		assert_int_equal(dnspod_reply_parse_lookup(200, body, strlen(body), "a", "A", &r),
				 APIREPLY_OK);
		if (r.default_line != cases[i].def)
			fail_msg("case %zu: default_line %d", i, r.default_line);
	}
}

static void test_lookup_bounds(void **state)
{
	char body[1024], value[300];
	struct dnspod_reply r;

	(void)state;
	memset(value, 'x', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	snprintf(body, sizeof(body), ONE("\"RecordId\":7,\"Value\":\"%s\""), value);
	assert_int_equal(dnspod_reply_parse_lookup(200, body, strlen(body), "a", "A", &r),
			 APIREPLY_MALFORMED);
	/* Not NUL-terminated: only len bytes are read. */
	assert_int_equal(dnspod_reply_parse_lookup(200, lookup_body, 50, "home", "A", &r),
			 APIREPLY_MALFORMED);
	assert_int_equal(dnspod_reply_parse_lookup(200, NULL, 0, "home", "A", &r),
			 APIREPLY_MALFORMED);
}

/* What a bulk read's callback saw. */
struct seen {
	unsigned n, stop_after;
	struct dnspod_item it[8];
	char name[8][32], value[8][32];
};

static bool take(void *arg, const struct dnspod_item *it)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	s->it[s->n] = *it;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", it->name);
	snprintf(s->value[s->n], sizeof(s->value[0]), "%s", it->value);
	return ++s->n != s->stop_after;
}

#define ITEM(id, name, type, value, line, line_id, ttl)                                            \
	"{\"RecordId\":" #id ",\"Value\":\"" value "\",\"Name\":\"" name "\",\"Line\":\"" line     \
	"\",\"LineId\":" line_id ",\"Type\":\"" type "\",\"TTL\":" #ttl "}"

static void test_list(void **state)
{
	const char *page = "{\"Response\":{\"RecordCountInfo\":{\"SubdomainCount\":0,"
			   "\"ListCount\":8,\"TotalCount\":2500},\"RecordList\":["
	    /* kept, in order */
	    ITEM(11, "www", "A", "192.0.2.1", DEF, "\"0\"", 600) "," ITEM(
		12, "@", "a", "not an address", "\xe7\x94\xb5\xe4\xbf\xa1", "\"10=0\"",
		60) "," ITEM(13, "x", "A", "192.0.2.3", "Default", "0", 600) ","
	    /* left out: another type, no id, no Name, no Value (each still listed) */
	    ITEM(14, "www", "AAAA", "2001:db8::1", DEF, "\"0\"",
		 600) ",{\"Value\":\"192.0.2.5\",\"Name\":\"n\",\"Type\":\"A\"},"
		      "{\"RecordId\":16,\"Value\":\"192.0.2.6\",\"Type\":\"A\"},"
		      "{\"RecordId\":17,\"Name\":\"v\",\"Type\":\"A\"},"
		      /* no line id: by the line's name; no TTL */
		      "{\"RecordId\":18,\"Name\":\"y\",\"Value\":\"192.0.2.8\",\"Type\":\"A\","
		      "\"Line\":\"default\"}"
		      "],\"RequestId\":\"r\"}}";
	struct dnspod_reply r;
	struct seen s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(dnspod_reply_parse_list(200, page, strlen(page), "A", take, &s, &r),
			 APIREPLY_OK);
	assert_int_equal(r.total_count, 2500);
	assert_int_equal(r.listed, 8);
	assert_int_equal(r.matches, 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.it[0].record_id, 11);
	assert_string_equal(s.name[0], "www");
	assert_string_equal(s.value[0], "192.0.2.1");
	assert_true(s.it[0].default_line);
	assert_int_equal(s.it[0].ttl, 600);
	assert_string_equal(s.name[1], "@");
	assert_string_equal(s.value[1], "not an address");
	assert_false(s.it[1].default_line);
	assert_int_equal(s.it[1].ttl, 60);
	assert_int_equal(s.it[2].record_id, 13);
	assert_true(s.it[2].default_line); /* LineId 0 as a number */
	assert_int_equal(s.it[3].record_id, 18);
	assert_true(s.it[3].default_line);
	assert_int_equal(s.it[3].ttl, -1);

	/* The callback stops the page. */
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	assert_int_equal(dnspod_reply_parse_list(200, page, strlen(page), "A", take, &s, &r),
			 APIREPLY_OK);
	assert_int_equal(s.n, 2);

	/* A line that is not the default one by name, without an id. */
	page = "{\"Response\":{\"RecordList\":[{\"RecordId\":1,\"Name\":\"a\",\"Value\":"
	       "\"192.0.2.1\",\"Type\":\"A\",\"Line\":\"\xe7\x94\xb5\xe4\xbf\xa1\"}]}}";
	memset(&s, 0, sizeof(s));
	assert_int_equal(dnspod_reply_parse_list(200, page, strlen(page), "A", take, &s, &r),
			 APIREPLY_OK);
	assert_int_equal(s.n, 1);
	assert_false(s.it[0].default_line);
	assert_int_equal(r.total_count, -1);
}

static void test_list_empty_and_errors(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
	} cases[] = {
	    {200, ERR("ResourceNotFound.NoDataOfRecord"), APIREPLY_NOT_FOUND},
	    {200, "{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":0},\"RequestId\":\"r\"}}",
	     APIREPLY_OK},
	    {200, "{\"Response\":{\"RecordCountInfo\":{\"TotalCount\":3},\"RequestId\":\"r\"}}",
	     APIREPLY_MALFORMED},
	    {200, "{\"Response\":{\"RecordList\":{},\"RequestId\":\"r\"}}", APIREPLY_MALFORMED},
	    {200, ERR("RequestLimitExceeded"), APIREPLY_TRANSIENT},
	    {200, ERR("InvalidParameterValue.DomainNotExists"), APIREPLY_PERMANENT},
	    {200, ERR("AuthFailure.SignatureFailure"), APIREPLY_AUTH},
	    {503, "Service Unavailable", APIREPLY_TRANSIENT},
	    {200, "{\"Response\":{\"RecordList\":[", APIREPLY_MALFORMED},
	};
	struct dnspod_reply r;
	struct seen s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&s, 0, sizeof(s));
		assert_int_equal(dnspod_reply_parse_list(cases[i].status, cases[i].body,
							 strlen(cases[i].body), "A", take, &s, &r),
				 cases[i].cls);
		assert_int_equal(s.n, 0);
		assert_int_equal(r.listed, 0);
	}
}

static void test_write(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
		uint64_t id;
	} cases[] = {
	    {200, "{\"Response\":{\"RecordId\":162,\"RequestId\":\"ab4f\"}}", APIREPLY_OK, 162},
	    {200, "{\"Response\":{\"RecordId\":\"162\"}}", APIREPLY_MALFORMED, 0},
	    {200, "{\"Response\":{\"RequestId\":\"ab4f\"}}", APIREPLY_MALFORMED, 0},
	    {200, "{\"RecordId\":162}", APIREPLY_MALFORMED, 0},
	    {200, ERR("InvalidParameter.DomainRecordExist"), APIREPLY_EXISTS, 0},
	    {200, ERR("InvalidParameter.RecordIdInvalid"), APIREPLY_STALE_ID, 0},
	    {200, ERR("LimitExceeded.RecordTtlLimit"), APIREPLY_PERMANENT, 0},
	    {500, "", APIREPLY_TRANSIENT, 0},
	};
	struct dnspod_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = dnspod_reply_parse_write(cases[i].status, cases[i].body,
								   strlen(cases[i].body), &r);

		if (got != cases[i].cls || r.record_id != cases[i].id)
			fail_msg("case %zu: class %d id %llu", i, got,
				 (unsigned long long)r.record_id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classes),
	    cmocka_unit_test(test_error_fields_copied),
	    cmocka_unit_test(test_lookup_exact_match),
	    cmocka_unit_test(test_lookup_empty_and_errors),
	    cmocka_unit_test(test_lookup_record_fields),
	    cmocka_unit_test(test_lookup_default_line),
	    cmocka_unit_test(test_lookup_bounds),
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_list_empty_and_errors),
	    cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
