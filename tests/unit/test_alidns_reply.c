// SPDX-License-Identifier: MIT
/* alidns replies: error classes, DescribeSubDomainRecords matching, DescribeDomainRecords pages,
 * Add/Update record ids. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
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
		enum apireply_class cls;
		bool clock;
	} cases[] = {
	    {200, "{\"RequestId\":\"R-1\",\"RecordId\":\"1\"}", APIREPLY_OK, false},
	    {400, ERR("DomainRecordDuplicate"), APIREPLY_EXISTS, false},
	    {400, ERR("DomainRecordNotBelongToUser"), APIREPLY_STALE_ID, false},
	    {404, ERR("InvalidAccessKeyId.NotFound"), APIREPLY_AUTH, false},
	    {400, ERR("InvalidAccessKeyId.Inactive"), APIREPLY_AUTH, false},
	    {400, ERR("SignatureDoesNotMatch"), APIREPLY_AUTH, false},
	    {403, ERR("SignatureDoesNotMatch"), APIREPLY_AUTH, false},
	    {400, ERR("IncompleteSignature"), APIREPLY_AUTH, false},
	    {403, ERR("Forbidden.RAM"), APIREPLY_AUTH, false},
	    {403, ERR("Forbidden"), APIREPLY_AUTH, false},
	    {400, ERR("InvalidTimeStamp.Expired"), APIREPLY_TRANSIENT, true},
	    {400, ERR("RequestTimeTooSkewed"), APIREPLY_TRANSIENT, true},
	    {400, ERR("InvalidTimeStamp.Format"), APIREPLY_PERMANENT, false},
	    {400, ERR("SignatureNonceUsed"), APIREPLY_TRANSIENT, false},
	    {400, ERR("Throttling"), APIREPLY_TRANSIENT, false},
	    {400, ERR("Throttling.User"), APIREPLY_TRANSIENT, false},
	    {503, ERR("Throttling.Api"), APIREPLY_TRANSIENT, false},
	    {503, ERR("ServiceUnavailable"), APIREPLY_TRANSIENT, false},
	    {500, ERR("InternalError"), APIREPLY_TRANSIENT, false},
	    {400, ERR("IncorrectDomainUser"), APIREPLY_PERMANENT, false},
	    {400, ERR("InvalidDomainName.NoExist"), APIREPLY_PERMANENT, false},
	    {400, ERR("MissingRR"), APIREPLY_PERMANENT, false},
	    {400, ERR("SomethingNew"), APIREPLY_PERMANENT, false},
	    {502, ERR("SomethingNew"), APIREPLY_TRANSIENT, false},
	    /* Prefix families need the dot: "ThrottlingX" is not Throttling. */
	    {400, ERR("ThrottlingX"), APIREPLY_PERMANENT, false},
	    {400, ERR("ForbiddenFruit"), APIREPLY_PERMANENT, false},
	    /* No envelope: the status decides. */
	    {500, "", APIREPLY_TRANSIENT, false},
	    {502, "<html>Bad Gateway</html>", APIREPLY_TRANSIENT, false},
	    {429, "", APIREPLY_TRANSIENT, false},
	    {403, "{}", APIREPLY_AUTH, false},
	    {404, "not json", APIREPLY_PERMANENT, false},
	    {301, "", APIREPLY_PERMANENT, false},
	    {400, "{\"Code\":\"\"}", APIREPLY_PERMANENT, false},
	    {400, "{\"Code\":42}", APIREPLY_PERMANENT, false},
	    {200, "", APIREPLY_MALFORMED, false},
	    {200, "[1,2]", APIREPLY_MALFORMED, false},
	    {200, "{\"RequestId\":", APIREPLY_MALFORMED, false},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = alidns_reply_parse_status(cases[i].status, cases[i].body,
								    strlen(cases[i].body), &r);

		if (got != cases[i].cls || r.api.clock_skew != cases[i].clock)
			fail_msg("case %zu (%ld %s): class %d clock %d", i, cases[i].status,
				 cases[i].body, got, r.api.clock_skew);
		assert_int_equal(r.api.cls, got);
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
			 APIREPLY_PERMANENT);
	assert_string_equal(r.api.code, "IncorrectDomainUser");
	assert_string_equal(r.api.request_id, "6A2D-11");
	/* The newline became '?': a message is one log line. */
	assert_string_equal(r.api.message, "The domain name belongs to other users.?Transfer it.");

	/* A long UTF-8 message is cut on a character boundary. */
	strcpy(longmsg, "{\"Code\":\"X\",\"Message\":\"a");
	for (int i = 0; i < 100; i++)
		strcat(longmsg, "记");
	strcat(longmsg, "\"}");
	assert_int_equal(alidns_reply_parse_status(400, longmsg, strlen(longmsg), &r),
			 APIREPLY_PERMANENT);
	assert_true(strlen(r.api.message) < sizeof(r.api.message));
	assert_int_equal((strlen(r.api.message) - 1) % 3, 0);
	assert_memory_equal(r.api.message + strlen(r.api.message) - 3, "记", 3);
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
			 APIREPLY_OK);
	assert_int_equal(r.total_count, 6);
	assert_int_equal(r.matches, 2); /* 444 and 555; the first one is reported */
	assert_string_equal(r.record_id, "444");
	assert_string_equal(r.value, "203.0.113.7");
	assert_string_equal(r.line, "telecom");
	assert_int_equal(r.ttl, 120);
	assert_string_equal(r.api.request_id, "R-2");

	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "home.example.com.", "AAAA", &r),
			 APIREPLY_OK);
	assert_int_equal(r.matches, 1);
	assert_string_equal(r.record_id, "111");
	assert_string_equal(r.value, "2001:db8::1");

	/* RR "@" is the apex. */
	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "EXAMPLE.com", "A", &r),
			 APIREPLY_OK);
	assert_int_equal(r.matches, 1);
	assert_string_equal(r.record_id, "666");

	/* Near misses only: a longer name, a shorter zone, a prefix. */
	static const char *const misses[] = {"x.home.example.com", "home.example",
					     "ome.example.com",	   "homeexample.com",
					     "a.home.example.co",  ""};
	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
							   misses[i], "A", &r),
				 APIREPLY_OK);
		assert_int_equal(r.matches, 0);
		assert_string_equal(r.record_id, "");
	}
	assert_int_equal(alidns_reply_parse_lookup(200, lookup_body, strlen(lookup_body),
						   "home.example.com", "CNAME", &r),
			 APIREPLY_OK);
	assert_int_equal(r.matches, 0);
}

static void test_lookup_empty_and_errors(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
	} cases[] = {
	    {200,
	     "{\"PageNumber\":1,\"TotalCount\":0,\"PageSize\":20,\"RequestId\":\"x\","
	     "\"DomainRecords\":{\"Record\":[]}}",
	     APIREPLY_OK},
	    {200, "{\"TotalCount\":0}", APIREPLY_OK},
	    {200, "{\"TotalCount\":3}", APIREPLY_MALFORMED},
	    {200, "{\"RequestId\":\"x\"}", APIREPLY_MALFORMED},
	    {200, "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":{}}}", APIREPLY_MALFORMED},
	    {200, "{\"TotalCount\":1,\"DomainRecords\":[]}", APIREPLY_MALFORMED},
	    {200, "{\"TotalCount\":1,\"DomainRecords\":{\"Record\":[", APIREPLY_MALFORMED},
	    {400, ERR("IncorrectDomainUser"), APIREPLY_PERMANENT},
	    {400, ERR("Throttling.User"), APIREPLY_TRANSIENT},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got =
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
		enum apireply_class cls;
		const char *id;
		long ttl;
	} cases[] = {
	    {ONE("\"RecordId\":\"9999985\",\"Value\":\"192.0.2.1\",\"TTL\":600"), APIREPLY_OK,
	     "9999985", 600},
	    /* Ids beyond 2^53 stay exact because they are strings. */
	    {ONE("\"RecordId\":\"18446744073709551615\",\"Value\":\"192.0.2.1\""), APIREPLY_OK,
	     "18446744073709551615", -1},
	    {ONE("\"RecordId\":12345,\"Value\":\"192.0.2.1\",\"TTL\":\"600\""), APIREPLY_OK,
	     "12345", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"192.0.2.1\",\"TTL\":1e300"), APIREPLY_OK, "1", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"192.0.2.1\",\"TTL\":-5"), APIREPLY_OK, "1", -1},
	    {ONE("\"RecordId\":1e300,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":9007199254740991,\"Value\":\"192.0.2.1\""), APIREPLY_OK,
	     "9007199254740991", -1},
	    /* 2^53 + 1 arrives rounded to 2^53: refused rather than written back wrong. */
	    {ONE("\"RecordId\":9007199254740993,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "",
	     -1},
	    {ONE("\"RecordId\":1.5,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":-1,\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"123456789012345678901\",\"Value\":\"192.0.2.1\""),
	     APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"12a\",\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"\",\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"Value\":\"192.0.2.1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":1"), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"1.2.3.4\\r\\nX\""), APIREPLY_MALFORMED, "", -1},
	    {ONE("\"RecordId\":\"1\",\"Value\":\"192.0.2.1\",\"Line\":\"a\\u0001b\""),
	     APIREPLY_MALFORMED, "", -1},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = alidns_reply_parse_lookup(
		    200, cases[i].body, strlen(cases[i].body), "a.example.com", "A", &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_string_equal(r.record_id, cases[i].id);
		assert_int_equal(r.ttl, cases[i].ttl);
		if (got == APIREPLY_OK)
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
	    APIREPLY_MALFORMED);
	/* Not NUL-terminated: only len bytes are read. */
	assert_int_equal(
	    alidns_reply_parse_lookup(200, lookup_body, 40, "home.example.com", "A", &r),
	    APIREPLY_MALFORMED);
	assert_int_equal(alidns_reply_parse_lookup(200, NULL, 0, "home.example.com", "A", &r),
			 APIREPLY_MALFORMED);
}

static void test_write(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
		const char *id;
	} cases[] = {
	    {200,
	     "{\"RequestId\":\"536E9CAD-DB30-4647-AC87-AA5CC38C5382\","
	     "\"RecordId\":\"9999985\"}",
	     APIREPLY_OK, "9999985"},
	    {200, "{\"RecordId\":42}", APIREPLY_OK, "42"},
	    {200, "{\"RequestId\":\"x\"}", APIREPLY_MALFORMED, ""},
	    {200, "{\"RecordId\":\"abc\"}", APIREPLY_MALFORMED, ""},
	    {200, "{\"RecordId\":null}", APIREPLY_MALFORMED, ""},
	    {200, "garbage", APIREPLY_MALFORMED, ""},
	    {400, ERR("DomainRecordDuplicate"), APIREPLY_EXISTS, ""},
	    {400, ERR("DomainRecordNotBelongToUser"), APIREPLY_STALE_ID, ""},
	    {400, ERR("SignatureDoesNotMatch"), APIREPLY_AUTH, ""},
	};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = alidns_reply_parse_write(cases[i].status, cases[i].body,
								   strlen(cases[i].body), &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_string_equal(r.record_id, cases[i].id);
	}
	assert_int_equal(alidns_reply_parse_write(400, cases[6].body, strlen(cases[6].body), &r),
			 APIREPLY_EXISTS);
	assert_string_equal(r.api.code, "DomainRecordDuplicate");
	assert_string_equal(r.api.message, "msg");
}

#define LREC(id, rr, dom, type, value, line)                                                       \
	"{\"RecordId\":" id ",\"RR\":\"" rr "\",\"DomainName\":\"" dom "\",\"Type\":\"" type       \
	"\",\"Value\":\"" value "\",\"TTL\":600,\"Line\":\"" line "\"}"

/* A page of a zone's records: those of the family, named as prov_fqdn() names them. */
static void test_list_page(void **state)
{
	static const char body[] =
	    "{\"RequestId\":\"R\",\"TotalCount\":9,\"PageNumber\":1,\"PageSize\":500,"
	    "\"DomainRecords\":{\"Record\":[" LREC(
		"\"11\"", "Home", "Example.COM.", "a", "192.0.2.1",
		"default") "," LREC("\"12\"", "@", "example.com", "A", "192.0.2.2", "default") ","
	    /* a number id; the other family; a CNAME; an address of the other family */
	    LREC("13", "a.b", "example.com", "A", "192.0.2.3", "default") "," LREC(
		"\"14\"", "v6", "example.com", "AAAA", "2001:db8::1",
		"default") "," LREC("\"15\"", "www", "example.com", "CNAME", "example.com",
				    "default") "," LREC("\"16\"", "odd", "example.com", "A",
							"2001:db8::2", "default") ","
	    /* another line; no id; no name; a non-digit id */
	    LREC("\"17\"", "isp", "example.com", "A", "192.0.2.7",
		 "telecom") ","
			    "{\"RR\":\"x\",\"DomainName\":\"example.com\",\"Type\":\"A\",\"Value\":"
			    "\"192.0.2.8\"},"
			    "{\"RecordId\":\"19\",\"DomainName\":\"example.com\",\"Type\":\"A\"},"
			    "{\"RecordId\":\"x1\",\"RR\":\"y\",\"DomainName\":\"example.com\","
			    "\"Type\":\"A\"},"
			    "7]}}";
	static const struct {
		const char *name, *id;
		int af;
	} want[] = {
	    {"home.example.com", "11", AF_INET},  {"example.com", "12", AF_INET},
	    {"a.b.example.com", "13", AF_INET},	  {"odd.example.com", "16", AF_UNSPEC},
	    {"isp.example.com", "17", AF_UNSPEC},
	};
	struct prov_list list = {.fams = 1u << FAM_V4};
	struct alidns_reply r;
	char ip[IPADDR_STRLEN];

	(void)state;
	assert_int_equal(alidns_reply_parse_list(200, body, strlen(body), FAM_V4, 0, &list, &r),
			 APIREPLY_OK);
	assert_int_equal(r.total_count, 9);
	assert_int_equal(r.page_n, 11); /* every item of the page counts */
	assert_int_equal(r.list_err, 0);
	assert_int_equal(list.n, 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(list.v[i].name, want[i].name);
		assert_string_equal(list.v[i].id, want[i].id);
		assert_int_equal(list.v[i].fam, FAM_V4);
		assert_int_equal(list.v[i].addr.family, want[i].af);
	}
	assert_string_equal(ipaddr_ntop(&list.v[0].addr, ip), "192.0.2.1");
	prov_list_free(&list);

	/* The AAAA page of the same body: only v6. */
	assert_int_equal(alidns_reply_parse_list(200, body, strlen(body), FAM_V6, 0, &list, &r),
			 APIREPLY_OK);
	assert_int_equal(list.n, 1);
	assert_string_equal(list.v[0].name, "v6.example.com");
	assert_int_equal(list.v[0].fam, FAM_V6);
	assert_string_equal(ipaddr_ntop(&list.v[0].addr, ip), "2001:db8::1");
	prov_list_free(&list);
}

/* A TTL that a direct write would change (it sends ttl =, else none: 600) is not taken. */
static void test_list_ttl(void **state)
{
	static const char body[] =
	    "{\"TotalCount\":3,\"DomainRecords\":{\"Record\":["
	    "{\"RecordId\":\"1\",\"RR\":\"a\",\"DomainName\":\"example.com\",\"Type\":\"A\","
	    "\"Value\":\"192.0.2.1\",\"TTL\":600,\"Line\":\"default\"},"
	    "{\"RecordId\":\"2\",\"RR\":\"b\",\"DomainName\":\"example.com\",\"Type\":\"A\","
	    "\"Value\":\"192.0.2.2\",\"TTL\":60,\"Line\":\"default\"},"
	    "{\"RecordId\":\"3\",\"RR\":\"c\",\"DomainName\":\"example.com\",\"Type\":\"A\","
	    "\"Value\":\"192.0.2.3\",\"TTL\":120}]}}";
	static const struct {
		long ttl;
		int af[3];
	} cases[] = {
	    {0, {AF_INET, AF_UNSPEC, AF_UNSPEC}},
	    {60, {AF_INET, AF_INET, AF_UNSPEC}},
	    {120, {AF_INET, AF_UNSPEC, AF_INET}},
	};
	struct prov_list list = {.fams = 1u << FAM_V4};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(alidns_reply_parse_list(200, body, strlen(body), FAM_V4,
							 cases[i].ttl, &list, &r),
				 APIREPLY_OK);
		assert_int_equal(list.n, 3);
		for (size_t j = 0; j < 3; j++)
			if (list.v[j].addr.family != cases[i].af[j])
				fail_msg("ttl %ld, record %zu: family %d", cases[i].ttl, j,
					 list.v[j].addr.family);
		prov_list_free(&list);
	}
}

static void test_list_errors(void **state)
{
	static const struct {
		long status;
		const char *body;
		enum apireply_class cls;
	} cases[] = {
	    {200, "{\"TotalCount\":0}", APIREPLY_OK},
	    {200, "{\"TotalCount\":0,\"DomainRecords\":{\"Record\":[]}}", APIREPLY_OK},
	    {200, "{\"TotalCount\":3}", APIREPLY_MALFORMED},
	    {200, "{\"RequestId\":\"x\"}", APIREPLY_MALFORMED},
	    {200, "{\"DomainRecords\":{\"Record\":{}}}", APIREPLY_MALFORMED},
	    {200, "<html>", APIREPLY_MALFORMED},
	    {400, ERR("Throttling.User"), APIREPLY_TRANSIENT},
	    {400, ERR("InvalidDomainName.NoExist"), APIREPLY_PERMANENT},
	    {403, ERR("Forbidden.RAM"), APIREPLY_AUTH},
	    {503, "", APIREPLY_TRANSIENT},
	};
	struct prov_list list = {.fams = 1u << FAM_V4};
	struct alidns_reply r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum apireply_class got = alidns_reply_parse_list(
		    cases[i].status, cases[i].body, strlen(cases[i].body), FAM_V4, 0, &list, &r);

		if (got != cases[i].cls)
			fail_msg("case %zu: class %d", i, got);
		assert_int_equal(list.n, 0);
		assert_int_equal(r.page_n, 0);
	}
	/* Not a family: nothing read. */
	assert_int_equal(
	    alidns_reply_parse_list(200, "{\"TotalCount\":0}", 15, FAM_N, 0, &list, &r),
	    APIREPLY_MALFORMED);
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
	    cmocka_unit_test(test_list_page),
	    cmocka_unit_test(test_list_ttl),
	    cmocka_unit_test(test_list_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
