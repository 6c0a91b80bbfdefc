// SPDX-License-Identifier: MIT
/* DNS names, the query and UPDATE builders (against exact bytes and dnspython's UPDATE), and the
 * parser's refusals: compression loops, forward and out-of-bounds pointers, bad counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "providers/dnsmsg.h"
#include "tsig_vectors.h"

static struct dns_name N(const char *text) {
	struct dns_name n;

	assert_true(dns_name_from_text(text, &n));
	return n;
}

static void
test_names(void **state)
{
	char text[DNS_NAME_TEXT], long_label[80], long_name[400];
	struct dns_name n, a, b;

	(void)state;
	n = N("Home.Example.com.");
	assert_int_equal(n.len, 18);
	assert_memory_equal(n.wire, "\4Home\7Example\3com", 18);
	assert_string_equal(dns_name_text(&n, text), "Home.Example.com");
	n = N("");
	assert_int_equal(n.len, 1);
	assert_string_equal(dns_name_text(&n, text), ".");
	n = N(".");
	assert_int_equal(n.len, 1);
	n = N("_acme-challenge.*.x");
	assert_string_equal(dns_name_text(&n, text), "_acme-challenge.*.x");
	n = N("a+b.x"); /* odd but printable: shown escaped */
	assert_string_equal(dns_name_text(&n, text), "a\\043b.x");
	assert_false(dns_name_from_text("a..b", &n));
	assert_false(dns_name_from_text("a..", &n));
	assert_false(dns_name_from_text("..", &n));
	assert_false(dns_name_from_text(".a", &n));
	assert_false(dns_name_from_text("a b", &n));
	assert_false(dns_name_from_text("a\\b", &n));
	assert_false(dns_name_from_text("a\x7f", &n));
	memset(long_label, 'x', 64);
	long_label[64] = '\0';
	assert_false(dns_name_from_text(long_label, &n));
	long_label[63] = '\0';
	assert_true(dns_name_from_text(long_label, &n));
	/* 4 labels of 63 = 4 * 64 + root = 257 wire bytes: too long; 253 text bytes fit. */
	snprintf(long_name, sizeof(long_name), "%s.%s.%s.%s", long_label, long_label, long_label,
		 long_label);
	assert_false(dns_name_from_text(long_name, &n));
	long_name[253] = '\0';
	long_name[252] = 'y';
	assert_true(dns_name_from_text(long_name, &n));
	assert_int_equal(n.len, 255);

	a = N("HOST.example.COM");
	b = N("host.EXAMPLE.com.");
	assert_true(dns_name_equal(&a, &b));
	b = N("host.example.co");
	assert_false(dns_name_equal(&a, &b));
	b = N("example.com");
	assert_true(dns_name_in(&a, &b));
	assert_true(dns_name_in(&b, &b));
	assert_false(dns_name_in(&b, &a));
	a = N("xexample.com");
	assert_false(dns_name_in(&a, &b));
	a = N("a.xexample.com");
	assert_false(dns_name_in(&a, &b));
	b = N(".");
	assert_true(dns_name_in(&a, &b));
	a = N("ABC.Z");
	dns_name_lower(&a);
	assert_memory_equal(a.wire, "\3abc\1z", 7);
}

static void test_build_query(void **state)
{
	static const uint8_t want[] = {0xab, 0xcd, 0,	0, 0,	1,   0,	  0,   0, 0, 0,	 0, 4, 'h',
				       'o',  'm',  'e', 4, 't', 'e', 's', 't', 0, 0, 28, 0, 1};
	struct dns_name n = N("home.test");
	struct dns_name bad = {.len = 3, .wire = {5, 'a', 0}};
	uint8_t buf[64];
	size_t len = 0;

	(void)state;
	assert_int_equal(dnsmsg_build_query(buf, sizeof(buf), 0xabcd, &n, DNS_TYPE_AAAA, &len), 0);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(buf, want, len);
	assert_int_equal(dnsmsg_build_query(buf, sizeof(want) - 1, 1, &n, 1, &len), -EMSGSIZE);
	assert_int_equal(dnsmsg_build_query(buf, sizeof(buf), 1, &bad, 1, &len), -EINVAL);
}

/* Our UPDATE and dnspython's (tsig_vectors.h, "sha256" plain) say the same thing; dnspython
 * compresses names and we do not, so compare what the parser reads, record by record. */
static void test_build_update_like_dnspython(void **state)
{
	const struct tsig_vector *v = &tsig_vectors[0];
	struct dns_name zone = N("example.test"), host = N("host.example.test");
	const uint8_t rdata[4] = {192, 0, 2, 7};
	struct dnsmsg_update u = {.zone = &zone,
				  .name = &host,
				  .type = DNS_TYPE_A,
				  .ttl = 300,
				  .rdata = rdata,
				  .rdlen = 4};
	struct dns_msg ours, theirs;
	struct dns_rr a, b;
	uint8_t buf[512];
	size_t len;

	(void)state;
	assert_int_equal(dnsmsg_build_update(buf, sizeof(buf), 0x1234, &u, &len), 0);
	assert_true(dnsmsg_parse(buf, len, &ours, NULL, 0));
	assert_true(dnsmsg_parse(v->plain, v->plain_len, &theirs, NULL, 0));
	assert_int_equal(ours.id, theirs.id);
	assert_int_equal(ours.flags, theirs.flags);
	assert_int_equal(ours.flags, 0x2800);
	assert_memory_equal(ours.count, theirs.count, sizeof(ours.count));
	assert_true(dns_name_equal(&ours.q.name, &theirs.q.name));
	assert_int_equal(ours.q.type, DNS_TYPE_SOA);
	assert_int_equal(ours.q.type, theirs.q.type);
	assert_int_equal(ours.q.class, theirs.q.class);
	for (unsigned i = 0; i < 2; i++) {
		assert_true(dnsmsg_rr_at(&ours, DNS_SEC_AUTHORITY, i, &a));
		assert_true(dnsmsg_rr_at(&theirs, DNS_SEC_AUTHORITY, i, &b));
		assert_true(dns_name_equal(&a.name, &b.name));
		assert_int_equal(a.type, b.type);
		assert_int_equal(a.class, b.class);
		assert_int_equal(a.ttl, b.ttl);
		assert_int_equal(a.rdlen, b.rdlen);
		assert_memory_equal(a.rdata, b.rdata, a.rdlen);
	}
	assert_true(dnsmsg_rr_at(&ours, DNS_SEC_AUTHORITY, 0, &a));
	assert_int_equal(a.class, DNS_CLASS_ANY);
	assert_int_equal(a.rdlen, 0);
	assert_false(dnsmsg_rr_at(&ours, DNS_SEC_AUTHORITY, 2, &a));

	/* a name outside the zone, a too small buffer */
	host = N("host.example.org");
	assert_int_equal(dnsmsg_build_update(buf, sizeof(buf), 1, &u, &len), -EINVAL);
	host = N("host.example.test");
	assert_int_equal(dnsmsg_build_update(buf, 40, 1, &u, &len), -EMSGSIZE);
}

/* header with qd=1, an=1 and the question "a.b" A IN at offset 12 */
static size_t base(uint8_t *m, uint16_t an)
{
	static const uint8_t h[] = {0, 7, 0x84, 0, 0,	1, 0, 0, 0, 0, 0,
				    0, 1, 'a',	1, 'b', 0, 0, 1, 0, 1};

	memcpy(m, h, sizeof(h));
	m[7] = (uint8_t)an;
	return sizeof(h);
}

/* append an A RR whose owner is the given raw name bytes */
static size_t rr(uint8_t *m, size_t off, const uint8_t *name, size_t nlen)
{
	static const uint8_t tail[] = {0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1};

	memcpy(m + off, name, nlen);
	memcpy(m + off + nlen, tail, sizeof(tail));
	return off + nlen + sizeof(tail);
}

static void test_parse_compression(void **state)
{
	uint8_t m[600];
	struct dns_msg msg;
	struct dns_rr r;
	char why[128], text[DNS_NAME_TEXT];
	size_t len;
	struct dns_name q = N("a.b"), b = N("b");

	(void)state;
	/* a pointer back to the question: fine */
	len = rr(m, base(m, 1), (const uint8_t[]){0xc0, 12}, 2);
	assert_true(dnsmsg_parse(m, len, &msg, why, sizeof(why)));
	assert_int_equal(dnsmsg_answers(&msg, &q, DNS_TYPE_A, &r, 1), 1);
	assert_memory_equal(r.rdata, "\xc0\x00\x02\x01", 4);
	/* a label then a pointer into the middle of the question ("x" + "b") */
	len = rr(m, base(m, 1), (const uint8_t[]){1, 'x', 0xc0, 14}, 4);
	assert_true(dnsmsg_parse(m, len, &msg, NULL, 0));
	assert_true(dnsmsg_rr_at(&msg, DNS_SEC_ANSWER, 0, &r));
	assert_string_equal(dns_name_text(&r.name, text), "x.b");
	assert_true(dns_name_in(&r.name, &b));
	/* a pointer to itself: a loop */
	len = rr(m, base(m, 1), (const uint8_t[]){0xc0, 21}, 2);
	assert_false(dnsmsg_parse(m, len, &msg, why, sizeof(why)));
	assert_non_null(strstr(why, "answer record 1"));
	/* two pointers to each other: the second jump is not lower than the first */
	len = base(m, 2);
	len = rr(m, len, (const uint8_t[]){0xc0, 37}, 2); /* at 21, points to the next owner */
	len = rr(m, len, (const uint8_t[]){0xc0, 21}, 2); /* at 37, points back to 21 */
	assert_int_equal(len, 53);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	/* a label followed by a pointer to that label: loop through a label */
	len = rr(m, base(m, 1), (const uint8_t[]){1, 'x', 0xc0, 21}, 4);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	/* forward, past the end, into the header */
	len = rr(m, base(m, 1), (const uint8_t[]){0xc0, 30}, 2);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	len = rr(m, base(m, 1), (const uint8_t[]){0xc1, 0}, 2);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	len = rr(m, base(m, 1), (const uint8_t[]){0xc0, 4}, 2);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	/* the reserved label types 01xxxxxx and 10xxxxxx */
	len = rr(m, base(m, 1), (const uint8_t[]){0x41, 'x', 0}, 3);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	len = rr(m, base(m, 1), (const uint8_t[]){0x81, 'x', 0}, 3);
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
	/* a pointer cut in half at the end of the message */
	len = base(m, 1);
	m[len++] = 0xc0;
	assert_false(dnsmsg_parse(m, len, &msg, NULL, 0));
}

static void test_parse_long_names(void **state)
{
	uint8_t m[1200];
	size_t len, off;
	struct dns_name n;

	(void)state;
	/* 4 labels of 63 bytes + root = 257 > 255: refused, also when built from pointers */
	len = base(m, 1);
	off = len;
	for (int i = 0; i < 4; i++) {
		m[len++] = 63;
		memset(m + len, 'a' + i, 63);
		len += 63;
	}
	m[len++] = 0;
	assert_false(dnsmsg_read_name(m, len, off, &n, &off));
	/* chain: label(63) -> ptr to an earlier label(63) -> ... each part fine, the sum not */
	len = DNS_HEADER_LEN;
	m[len++] = 63;
	memset(m + len, 'a', 63);
	len += 63;
	m[len++] = 0; /* name 1 at 12: 65 bytes */
	for (int i = 0; i < 3; i++) {
		size_t prev = len == 77 ? 12 : len - 66;

		m[len++] = 63;
		memset(m + len, 'b' + i, 63);
		len += 63;
		m[len++] = (uint8_t)(0xc0 | prev >> 8);
		m[len++] = (uint8_t)prev;
	}
	assert_true(dnsmsg_read_name(m, len, 77, &n, &off));  /* 64 + 65 = 129 */
	assert_true(dnsmsg_read_name(m, len, 143, &n, &off)); /* 193 */
	assert_int_equal(n.len, 193);
	assert_int_equal(off, 209);
	assert_false(dnsmsg_read_name(m, len, 209, &n, &off)); /* 257 */
}

static void test_parse_counts_and_ends(void **state)
{
	uint8_t m[600] = {0};
	struct dns_msg msg;
	char why[128];
	size_t len;

	(void)state;
	assert_false(dnsmsg_parse(m, 11, &msg, why, sizeof(why)));
	assert_non_null(strstr(why, "shorter than a header"));
	/* counts say 2 answers, there is 1 */
	len = rr(m, base(m, 2), (const uint8_t[]){0xc0, 12}, 2);
	assert_false(dnsmsg_parse(m, len, &msg, why, sizeof(why)));
	assert_non_null(strstr(why, "answer record 2"));
	/* trailing bytes */
	len = rr(m, base(m, 1), (const uint8_t[]){0xc0, 12}, 2);
	m[len++] = 0;
	assert_false(dnsmsg_parse(m, len, &msg, why, sizeof(why)));
	assert_non_null(strstr(why, "after the last record"));
	/* RDLENGTH past the end */
	len = rr(m, base(m, 1), (const uint8_t[]){0xc0, 12}, 2);
	assert_false(dnsmsg_parse(m, len - 1, &msg, NULL, 0));
	/* two questions */
	len = base(m, 0);
	m[5] = 2;
	assert_false(dnsmsg_parse(m, len, &msg, why, sizeof(why)));
	assert_non_null(strstr(why, "2 questions"));
	/* the question cut short */
	m[5] = 1;
	assert_false(dnsmsg_parse(m, len - 1, &msg, NULL, 0));
	/* a header only: fine, no question */
	memset(m, 0, 12);
	assert_true(dnsmsg_parse(m, 12, &msg, NULL, 0));
	assert_false(msg.has_question);
	assert_int_equal(msg.last_rr_off, 0);
}

static void test_reply_matching(void **state)
{
	struct dns_name n = N("home.test"), zone;
	uint8_t req[64], rep[200];
	struct dns_msg msg;
	size_t rlen, len;

	(void)state;
	assert_int_equal(dnsmsg_build_query(req, sizeof(req), 0x4242, &n, DNS_TYPE_A, &rlen), 0);
	memcpy(rep, req, rlen);
	rep[2] |= 0x84; /* QR, AA */
	/* authority: test. SOA (owner = a pointer to "test" in the question) */
	len = rlen;
	memcpy(rep + len, (const uint8_t[]){0xc0, 17, 0,    6,	0, 1, 0, 0,  0, 60, 0, 24,
					    0xc0, 17, 0xc0, 17, 0, 0, 0, 1,  0, 0,  0, 60,
					    0,	  0,  0,    60, 0, 0, 0, 60, 0, 0,  0, 60},
	       36);
	len += 36;
	rep[9] = 1;
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_true(dnsmsg_is_reply_to(req, rlen, &msg));
	assert_int_equal(dnsmsg_answers(&msg, &n, DNS_TYPE_A, NULL, 0), 0);
	assert_true(dnsmsg_soa_zone(&msg, &zone));
	assert_memory_equal(zone.wire, "\4test", 6);
	/* the question's case may differ (0x20 randomisation): still ours */
	rep[13] = 'H';
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_true(dnsmsg_is_reply_to(req, rlen, &msg));
	/* another ID, type, name, no QR, another opcode: not ours */
	rep[1] ^= 1;
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_false(dnsmsg_is_reply_to(req, rlen, &msg));
	rep[1] ^= 1;
	rep[rlen - 3] = DNS_TYPE_AAAA;
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_false(dnsmsg_is_reply_to(req, rlen, &msg));
	rep[rlen - 3] = DNS_TYPE_A;
	rep[14] = 'x';
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_false(dnsmsg_is_reply_to(req, rlen, &msg));
	rep[14] = 'o';
	rep[2] &= 0x7f;
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_false(dnsmsg_is_reply_to(req, rlen, &msg));
	rep[2] |= 0x80 | (5 << 3);
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_false(dnsmsg_is_reply_to(req, rlen, &msg));
	rep[2] = 0x84;
	/* an SOA that is not a parent of the question is no zone */
	rep[rlen + 1] = 12; /* owner -> "home.test" itself: fine, the apex */
	assert_true(dnsmsg_parse(rep, len, &msg, NULL, 0));
	assert_true(dnsmsg_soa_zone(&msg, &zone));
	assert_int_equal(zone.len, 11);
	/* no question: only with FORMERR or NOTIMP */
	memcpy(rep, req, 12);
	rep[2] = 0x80;
	rep[5] = 0;
	rep[3] = DNS_RCODE_FORMERR;
	assert_true(dnsmsg_parse(rep, 12, &msg, NULL, 0));
	assert_true(dnsmsg_is_reply_to(req, rlen, &msg));
	rep[3] = DNS_RCODE_NOERROR;
	assert_true(dnsmsg_parse(rep, 12, &msg, NULL, 0));
	assert_false(dnsmsg_is_reply_to(req, rlen, &msg));
	assert_false(dnsmsg_soa_zone(&msg, &zone));
}

static void test_rcode_names(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(dns_rcode_name(0, buf), "NOERROR");
	assert_string_equal(dns_rcode_name(5, buf), "REFUSED");
	assert_string_equal(dns_rcode_name(9, buf), "NOTAUTH");
	assert_string_equal(dns_rcode_name(16, buf), "BADSIG");
	assert_string_equal(dns_rcode_name(18, buf), "BADTIME");
	assert_string_equal(dns_rcode_name(12, buf), "RCODE12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_build_query),
	    cmocka_unit_test(test_build_update_like_dnspython),
	    cmocka_unit_test(test_parse_compression),
	    cmocka_unit_test(test_parse_long_names),
	    cmocka_unit_test(test_parse_counts_and_ends),
	    cmocka_unit_test(test_reply_matching),
	    cmocka_unit_test(test_rcode_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
