// SPDX-License-Identifier: MIT
/* alidns replies: error classes, DescribeSubDomainRecords matching, Add/Update record ids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "providers/alidns_reply.h"

#define ERR(code)                                                                                  \
	"{\"RequestId\":\"R-1\",\"HostId\":\"alidns.aliyuncs.com\",\"Code\":\"" code               \
	"\",\"Message\":\"msg\",\"Recommend\":\"https://api.aliyun.com/troubleshoot\"}"

static void test_classes(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum alidns_reply_class cls;
		bool clock;
	} cases[] = {
	    {200, "{\"RequestId\":\"R-1\",\"RecordId\":\"1\"}", ALIDNS_REPLY_OK, false},
	    {400, ERR("DomainRecordDuplicate"), ALIDNS_REPLY_DUPLICATE, false},
	    {400, ERR("DomainRecordNotBelongToUser"), ALIDNS_REPLY_STALE_ID, false},
	    {404, ERR("InvalidAccessKeyId.NotFound"), ALIDNS_REPLY_AUTH, false},
	    {400, ERR("InvalidAccessKeyId.Inactive"), ALIDNS_REPLY_AUTH, false},
	    {400, ERR("SignatureDoesNotMatch"), ALIDNS_REPLY_AUTH, false},
	    {403, ERR("SignatureDoesNotMatch"), ALIDNS_REPLY_AUTH, false},
	    {400, ERR("IncompleteSignature"), ALIDNS_REPLY_AUTH, false},
	    {403, ERR("Forbidden.RAM"), ALIDNS_REPLY_AUTH, false},
	    {403, ERR("Forbidden"), ALIDNS_REPLY_AUTH, false},
	    {400, ERR("InvalidTimeStamp.Expired"), ALIDNS_REPLY_PERMANENT, true},
	    {400, ERR("InvalidTimeStamp.Format"), ALIDNS_REPLY_PERMANENT, false},
	    {400, ERR("SignatureNonceUsed"), ALIDNS_REPLY_TRANSIENT, false},
	    {400, ERR("Throttling"), ALIDNS_REPLY_TRANSIENT, false},
	    {400, ERR("Throttling.User"), ALIDNS_REPLY_TRANSIENT, false},
	    {503, ERR("Throttling.Api"), ALIDNS_REPLY_TRANSIENT, false},
	    {503, ERR("ServiceUnavailable"), ALIDNS_REPLY_TRANSIENT, false},
	    {500, ERR("InternalError"), ALIDNS_REPLY_TRANSIENT, false},
	    {400, ERR("IncorrectDomainUser"), ALIDNS_REPLY_PERMANENT, false},
	    {400, ERR("InvalidDomainName.NoExist"), ALIDNS_REPLY_PERMANENT, false},
	    {400, ERR("MissingRR"), ALIDNS_REPLY_PERMANENT, false},
	    {400, ERR("SomethingNew"), ALIDNS_REPLY_PERMANENT, false},
	    {502, ERR("SomethingNew"), ALIDNS_REPLY_TRANSIENT, false},
	    /* Prefix families need the dot: "ThrottlingX" is not Throttling. */
	    {400, ERR("ThrottlingX"), ALIDNS_REPLY_PERMANENT, false},
	    {400, ERR("ForbiddenFruit"), ALIDNS_REPLY_PERMANENT, false},
	    /* No envelope: the status decides. */
	    {500, "", ALIDNS_REPLY_TRANSIENT, false},
	    {502, "<html>Bad Gateway</html>", ALIDNS_REPLY_TRANSIENT, false},
	    {429, "", ALIDNS_REPLY_TRANSIENT, false},
	    {403, "{}", ALIDNS_REPLY_AUTH, false},
	    {404, "not json", ALIDNS_REPLY_PERMANENT, false},
	    {301, "", ALIDNS_REPLY_PERMANENT, false},
	    {400, "{\"Code\":\"\"}", ALIDNS_REPLY_PERMANENT, false},
	    {400, "{\"Code\":42}", ALIDNS_REPLY_PERMANENT, false},
	    {200, "", ALIDNS_REPLY_MALFORMED, false},
	    {200, "[1,2]", ALIDNS_REPLY_MALFORMED, false},
	    {200, "{\"RequestId\":", ALIDNS_REPLY_MALFORMED, false},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum alidns_reply_class got = alidns_reply_parse_status(
		    cases[i].status, cases[i].body, strlen(cases[i].body), &r);

		if (got != cases[i].cls || r.clock_skew != cases[i].clock)
			fail_msg("case %zu (%ld %s): class %d clock %d", i, cases[i].status,
				 cases[i].body, got, r.clock_skew);
		assert_int_equal(r.cls, got);
	}
}

static void test_error_fields_copied(void **state)
{
	static const char body[] =
	    "{\"RequestId\":\"6A2D-11\",\"HostId\":\"alidns.aliyuncs.com\","
	    "\"Code\":\"IncorrectDomainUser\",\"Message\":\"The domain name belongs to other "
	    "users.\\nTransfer it.\",\"Recommend\":\"https://x\"}";
	char longmsg[600];
	struct alidns_reply r;

	(void)state;
	assert_int_equal(alidns_reply_parse_status(400, body, strlen(body), &r),
			 ALIDNS_REPLY_PERMANENT);
	assert_string_equal(r.code, "IncorrectDomainUser");
	assert_string_equal(r.request_id, "6A2D-11");
	/* The newline became '?': a message is one log line. */
	assert_string_equal(r.message, "The domain name belongs to other users.?Transfer it.");

	/* A long UTF-8 message is cut on a character boundary. */
	strcpy(longmsg, "{\"Code\":\"X\",\"Message\":\"a");
	for (int i = 0; i < 100; i++)
		strcat(longmsg, "记");
	strcat(longmsg, "\"}");
	assert_int_equal(alidns_reply_parse_status(400, longmsg, strlen(longmsg), &r),
			 ALIDNS_REPLY_PERMANENT);
	assert_true(strlen(r.message) < sizeof(r.message));
	assert_int_equal((strlen(r.message) - 1) % 3, 0);
	assert_memory_equal(r.message + strlen(r.message) - 3, "记", 3);
}

/* The documented DescribeSubDomainRecords shape, with near misses around one exact match. */
static const char lookup_body[] =
    "{\"RequestId\":\"R-2\",\"TotalCount\":6,\"PageNumber\":1,\"PageSize\":20,"
    "\"DomainRecords\":{\"Record\":["
    "{\"RecordId\":\"111\",\"RR\":\"home\",\"DomainName\":\"example.com\",\"Type\":\"AAAA\","
    "\"Value\":\"2001:db8::1\",\"TTL\":600,\"Line\":\"default\",\"Status\":\"ENABLE\"},"
    "{\"RecordId\":\"222\",\"RR\":\"a.home\",\"DomainName\":\"example.com\",\"Type\":\"A\","
    "\"Value\":\"198.51.100.1\",\"TTL\":600,\"Line\":\"default\"},"
    "{\"RecordId\":\"333\",\"RR\":\"home\",\"DomainName\":\"example.co\",\"Type\":\"A\","
    "\"Value\":\"198.51.100.2\",\"TTL\":600,\"Line\":\"default\"},"
    "{\"RecordId\":\"444\",\"RR\":\"HOME\",\"DomainName\":\"Example.COM\",\"Type\":\"a\","
    "\"Value\":\"203.0.113.7\",\"TTL\":120,\"Line\":\"telecom\",\"Status\":\"Enable\","
    "\"Locked\":false,\"Priority\":null,\"Weight\":1,\"Remark\":\"r\"},"
    "{\"RecordId\":\"555\",\"RR\":\"home\",\"DomainName\":\"example.com\",\"Type\":\"A\","
    "\"Value\":\"203.0.113.8\",\"TTL\":600,\"Line\":\"unicom\"},"
    "{\"RecordId\":\"666\",\"RR\":\"@\",\"DomainName\":\"example.com\",\"Type\":\"A\","
    "\"Value\":\"192.0.2.1\",\"TTL\":600,\"Line\":\"default\"},"
    "\"junk\",{\"RR\":7}"
    "]}}";

static void test_lookup_exact_match(void **state)
{
	struct alidns_reply r;

	(void)state;
	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "home.example.com", "A", &r),
			 ALIDNS_REPLY_OK);
	assert_int_equal(r.total_count, 6);
	assert_int_equal(r.matches, 2); /* 444 and 555; the first one is reported */
	assert_string_equal(r.record_id, "444");
	assert_string_equal(r.value, "203.0.113.7");
	assert_string_equal(r.line, "telecom");
	assert_int_equal(r.ttl, 120);
	assert_string_equal(r.request_id, "R-2");

	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "home.example.com.", "AAAA", &r),
			 ALIDNS_REPLY_OK);
	assert_int_equal(r.matches, 1);
	assert_string_equal(r.record_id, "111");
	assert_string_equal(r.value, "2001:db8::1");

	/* RR "@" is the apex. */
	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "EXAMPLE.com", "A", &r),
			 ALIDNS_REPLY_OK);
	assert_int_equal(r.matches, 1);
	assert_string_equal(r.record_id, "666");

	/* Near misses only: a longer name, a shorter zone, a prefix. */
	static const char *const misses[] = {"x.home.example.com", "home.example",
					     "ome.example.com",	   "homeexample.com",
					     "a.home.example.co",  ""};
	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
							   misses[i], "A", &r),
				 ALIDNS_REPLY_OK);
		assert_int_equal(r.matches, 0);
		assert_string_equal(r.record_id, "");
	}
	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "home.example.com", "CNAME", &r),
			 ALIDNS_REPLY_OK);
	assert_int_equal(r.matches, 0);
}

static void test_lookup_empty_and_errors(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum alidns_reply_class cls;
	} cases[] = {
	    {200,
	     "{\"PageNumber\":1,\"TotalCount\":0,\"PageSize\":20,\"RequestId\":\"x\","
	     "\"DomainRecords\":{\"Record\":[]}}",
	     ALIDNS_REPLY_OK},
	    {200, "{\"TotalCount\":0}", ALIDNS_REPLY_OK},
	    {200, "{\"TotalCount\":3}", ALIDNS_REPLY_MALFORMED},
	    {200, "{\"RequestId\":\"x\"}", ALIDNS_REPLY_MALFORMED},
	    {200, "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":{}}}", ALIDNS_REPLY_MALFORMED},
	    {200, "{\"TotalCount\":1,\"DomainRecords\":[]}", ALIDNS_REPLY_MALFORMED},
	    {200, "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":[", ALIDNS_REPLY_MALFORMED},
	    {400, ERR("IncorrectDomainUser"), ALIDNS_REPLY_PERMANENT},
	    {400, ERR("Throttling.User"), ALIDNS_REPLY_TRANSIENT},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum alidns_reply_class got =
		    alidns_reply_parse_lookup(cases[i].status, cases[i].body, strlen(cases[i].body),
					      "a.example.com", "A", &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_int_equal(r.matches, 0);
	}
}

#define ONE(fields)                                                                                \
	"{\"TotalCount\":1,\"DomainRecords\":{\"Record\":[{\"RR\":\"a\",\"DomainName\":"           \
	"\"example.com\",\"Type\":\"A\"," fields "}]}}"

/* Fields of the matching record: wrong types, missing, huge. */
static void test_lookup_record_fields(void **state)
{
	static const struct {
		const char *body;
		enum alidns_reply_class cls;
		const char *id;
		long ttl;
	} cases[] = {
	    {ONE("\"RecordId\":\"9999985\",\"Value\":\"192.0.2.1\",\"TTL\":600"), ALIDNS_REPLY_OK,
	     "9999985", 600},
	    /* Ids beyond 2^53 stay exact because they are strings. */
	    {ONE("\"RecordId\":\"18446744073709551615\",\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_OK,
	     "18446744073709551615", -1},
	    {ONE("\"RecordId\":12345,\"Value\":\"192.0.2.1\",\"TTL\":\"600\""), ALIDNS_REPLY_OK,
	     "12345", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"192.0.2.1\",\"TTL\":1e300"), ALIDNS_REPLY_OK, "1",
	     -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"192.0.2.1\",\"TTL\":-5"), ALIDNS_REPLY_OK, "1",
	     -1},
	    {ONE("\"RecordId\":1e300,\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":9007199254740991,\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_OK,
	     "9007199254740991", -1},
	    /* 2^53 + 1 arrives rounded to 2^53: refused rather than written back wrong. */
	    {ONE("\"RecordId\":9007199254740993,\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED,
	     "", -1},
	    {ONE("\"RecordId\":1.5,\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":-1,\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"123456789012345678901\",\"Value\":\"192.0.2.1\""),
	     ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"12a\",\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"\",\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"Value\":\"192.0.2.1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\""), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":1"), ALIDNS_REPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"1.2.3.4\\r\\nX\""), ALIDNS_REPLY_MALFORMED, "",
	     -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"192.0.2.1\",\"Line\":\"a\\u0001b\""),
	     ALIDNS_REPLY_MALFORMED, "", -1},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum alidns_reply_class got = alidns_reply_parse_lookup(
		    200, cases[i].body, strlen(cases[i].body), "a.example.com", "A", &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_string_equal(r.record_id, cases[i].id);
		assert_int_equal(r.ttl, cases[i].ttl);
		if (got == ALIDNS_REPLY_OK)
			assert_string_equal(r.value, "192.0.2.1");
		else
			assert_int_equal(r.matches, 0);
	}
}

static void test_lookup_long_value(void **state)
{
	char body[1024], value[300];
	struct alidns_reply r;

	(void)state;
	memset(value, 'x', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	snprintf(body, sizeof(body), ONE("\"RecordId\":\"1\",\"Value\":\"%s\""), value);
	assert_int_equal(
	    alidns_reply_parse_lookup(200, body, strlen(body), "a.example.com", "A", &r),
	    ALIDNS_REPLY_MALFORMED);
	/* Not NUL-terminated: only len bytes are read. */
	assert_int_equal(
	    alidns_reply_parse_lookup(200, lookup_body, 40, "home.example.com", "A", &r),
	    ALIDNS_REPLY_MALFORMED);
	assert_int_equal(alidns_reply_parse_lookup(200, NULL, 0, "home.example.com", "A", &r),
			 ALIDNS_REPLY_MALFORMED);
}

static void test_write(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum alidns_reply_class cls;
		const char *id;
	} cases[] = {
	    {200,
	     "{\"RequestId\":\"536E9CAD-DB30-4647-AC87-AA5CC38C5382\","
	     "\"RecordId\":\"9999985\"}",
	     ALIDNS_REPLY_OK, "9999985"},
	    {200, "{\"RecordId\":42}", ALIDNS_REPLY_OK, "42"},
	    {200, "{\"RequestId\":\"x\"}", ALIDNS_REPLY_MALFORMED, ""},
	    {200, "{\"RecordId\":\"abc\"}", ALIDNS_REPLY_MALFORMED, ""},
	    {200, "{\"RecordId\":null}", ALIDNS_REPLY_MALFORMED, ""},
	    {200, "garbage", ALIDNS_REPLY_MALFORMED, ""},
	    {400, ERR("DomainRecordDuplicate"), ALIDNS_REPLY_DUPLICATE, ""},
	    {400, ERR("DomainRecordNotBelongToUser"), ALIDNS_REPLY_STALE_ID, ""},
	    {400, ERR("SignatureDoesNotMatch"), ALIDNS_REPLY_AUTH, ""},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum alidns_reply_class got = alidns_reply_parse_write(
		    cases[i].status, cases[i].body, strlen(cases[i].body), &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_string_equal(r.record_id, cases[i].id);
	}
	assert_int_equal(alidns_reply_parse_write(400, cases[6].body, strlen(cases[6].body), &r),
			 ALIDNS_REPLY_DUPLICATE);
	assert_string_equal(r.code, "DomainRecordDuplicate");
	assert_string_equal(r.message, "msg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classes),
	    cmocka_unit_test(test_error_fields_copied),
	    cmocka_unit_test(test_lookup_exact_match),
	    cmocka_unit_test(test_lookup_empty_and_errors),
	    cmocka_unit_test(test_lookup_record_fields),
	    cmocka_unit_test(test_lookup_long_value),
	    cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
