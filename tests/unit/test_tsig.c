// SPDX-License-Identifier: MIT
/* TSIG against dnspython's vectors (tsig_vectors.py): signing gives dnspython's MAC, dnspython's
 * signed replies verify, tampering and wrong keys are refused, TSIG errors are told apart. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "providers/tsig.h"
#include "tsig_vectors.h"

struct keyed {
	uint8_t secret[TSIG_SECRET_MAX];
	size_t secret_len;
	struct tsig_key key;
};

static void key_of(const struct tsig_vector *v, struct keyed *k)
{
	enum tsig_alg alg;

	assert_true(tsig_alg_from_name(v->alg, &alg));
	assert_true(tsig_secret_decode(v->secret_b64, k->secret, &k->secret_len));
	assert_true(tsig_key_init(&k->key, v->key_name, alg, k->secret, k->secret_len));
}

static void test_sign_matches_dnspython(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tsig_vectors) / sizeof(tsig_vectors[0]); i++) {
		const struct tsig_vector *v = &tsig_vectors[i];
		uint8_t msg[1024], mac[TSIG_MAC_MAX];
		size_t len = v->plain_len, mac_len = 0;
		struct keyed k;

		key_of(v, &k);
		memcpy(msg, v->plain, len);
		assert_int_equal(
		    tsig_sign(&k.key, msg, &len, sizeof(msg), TSIG_V_SIGN, mac, &mac_len), 0);
		assert_int_equal(mac_len, v->mac_len);
		assert_memory_equal(mac, v->mac, mac_len);
		/* dnspython compresses the key name when the message has its suffix; the MAC
		 * does not change, only the bytes of the owner name. */
		if (strcmp(v->what, "shared") != 0) {
			assert_int_equal(len, v->req_len);
			assert_memory_equal(msg, v->req, len);
		} else {
			assert_true(len > v->req_len);
		}
	}
}

static void test_verify_dnspython_reply(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tsig_vectors) / sizeof(tsig_vectors[0]); i++) {
		const struct tsig_vector *v = &tsig_vectors[i];
		struct tsig_verdict verdict;
		struct dns_msg m;
		struct keyed k;

		key_of(v, &k);
		assert_true(dnsmsg_parse(v->reply, v->reply_len, &m, NULL, 0));
		assert_int_equal(
		    tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict), TSIG_OK);
		assert_int_equal(verdict.skew, 0);
		/* Within the fudge either way; beyond it our clock check refuses it. */
		assert_int_equal(
		    tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY + 300, &verdict),
		    TSIG_OK);
		assert_int_equal(
		    tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY - 301, &verdict),
		    TSIG_CLOCK);
		assert_true(tsig_status_permanent(verdict.status));
		/* Another request MAC (a reply to something else): refused. */
		{
			uint8_t other[TSIG_MAC_MAX];

			memcpy(other, v->mac, v->mac_len);
			other[0] ^= 1;
			assert_int_equal(
			    tsig_verify(&k.key, &m, other, v->mac_len, TSIG_V_REPLY, &verdict),
			    TSIG_BAD_MAC);
			assert_false(tsig_status_permanent(verdict.status));
		}
	}
}

/* Signing dnspython's reply again (its TSIG cut off) with the request MAC gives its bytes. */
static void test_sign_reply_matches_dnspython(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tsig_vectors) / sizeof(tsig_vectors[0]); i++) {
		const struct tsig_vector *v = &tsig_vectors[i];
		uint8_t msg[1024], mac[TSIG_MAC_MAX];
		size_t len, mac_len;
		struct dns_msg m;
		struct keyed k;

		if (strcmp(v->what, "shared") == 0)
			continue; /* dnspython compressed the key name there */
		key_of(v, &k);
		assert_true(dnsmsg_parse(v->reply, v->reply_len, &m, NULL, 0));
		len = m.last_rr_off;
		memcpy(msg, v->reply, len);
		msg[11]--;
		assert_int_equal(tsig_sign_reply(&k.key, msg, &len, sizeof(msg), TSIG_V_REPLY,
						 v->mac, v->mac_len, 0, mac, &mac_len),
				 0);
		assert_int_equal(len, v->reply_len);
		assert_memory_equal(msg, v->reply, len);
	}
}

static void test_verify_tampered(void **state)
{
	const struct tsig_vector *v = &tsig_vectors[0];
	struct tsig_verdict verdict;
	struct dns_msg m;
	struct keyed k;
	uint8_t buf[1024];

	(void)state;
	key_of(v, &k);
	/* Every single-bit flip of the reply is either unparseable or refused, except in the
	 * ID: the MAC covers the original ID from the TSIG RR (RFC 8945 §4.3.1), so that a
	 * forwarder may change the header's. The transport checks the ID. */
	for (size_t byte = 2; byte < v->reply_len; byte++) {
		memcpy(buf, v->reply, v->reply_len);
		buf[byte] ^= 0x01;
		if (!dnsmsg_parse(buf, v->reply_len, &m, NULL, 0))
			continue;
		assert_int_not_equal(
		    tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict), TSIG_OK);
	}
	/* The right MAC with another secret: refused. */
	k.secret[0] ^= 0x80;
	assert_true(dnsmsg_parse(v->reply, v->reply_len, &m, NULL, 0));
	assert_int_equal(tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict),
			 TSIG_BAD_MAC);
}

static void test_verify_other_key_and_unsigned(void **state)
{
	const struct tsig_vector *v = &tsig_vectors[0];
	struct tsig_verdict verdict;
	struct dns_msg m;
	struct keyed k;
	uint8_t buf[1024];
	size_t len;

	(void)state;
	key_of(v, &k);
	assert_true(dnsmsg_parse(v->reply, v->reply_len, &m, NULL, 0));
	/* Same secret, other key name: not our signer. */
	assert_true(tsig_key_init(&k.key, "other-key", TSIG_HMAC_SHA256, k.secret, k.secret_len));
	assert_int_equal(tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict),
			 TSIG_OTHER_KEY);
	/* Same name, other algorithm. */
	assert_true(tsig_key_init(&k.key, v->key_name, TSIG_HMAC_SHA512, k.secret, k.secret_len));
	assert_int_equal(tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict),
			 TSIG_OTHER_KEY);
	/* The key name's case does not matter (canonical form). */
	assert_true(tsig_key_init(&k.key, "DDNS-Key.", TSIG_HMAC_SHA256, k.secret, k.secret_len));
	assert_int_equal(tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict),
			 TSIG_OK);
	/* The reply with its TSIG cut off (ARCOUNT fixed up): unsigned. */
	len = m.last_rr_off;
	memcpy(buf, v->reply, len);
	buf[11]--;
	assert_true(dnsmsg_parse(buf, len, &m, NULL, 0));
	assert_int_equal(tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_REPLY, &verdict),
			 TSIG_UNSIGNED);
	assert_false(tsig_status_permanent(TSIG_UNSIGNED));
}

static void test_badtime(void **state)
{
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(tsig_vectors) / sizeof(tsig_vectors[0]); i++) {
		const struct tsig_vector *v = &tsig_vectors[i];
		struct tsig_verdict verdict;
		struct dns_msg m;
		struct keyed k;

		key_of(v, &k);
		assert_true(dnsmsg_parse(v->badtime, v->badtime_len, &m, NULL, 0));
		assert_int_equal(dnsmsg_rcode(&m), DNS_RCODE_NOTAUTH);
		assert_int_equal(tsig_verify(&k.key, &m, v->mac, v->mac_len, TSIG_V_SIGN, &verdict),
				 TSIG_BADTIME);
		assert_int_equal(verdict.error, 18);
		assert_int_equal(verdict.server_time, (int64_t)TSIG_V_SIGN + 1000);
		assert_int_equal(verdict.skew, 1000);
		tsig_explain(&verdict, &k.key, text, sizeof(text));
		assert_non_null(strstr(text, "the clocks differ by more than 300 s"));
		assert_non_null(strstr(text, "+1000"));
	}
}

/* BADSIG and BADKEY replies carry an empty MAC (RFC 8945 §5.3.2); made here by hand the way
 * BIND sends them: the request's header and zone section echoed, rcode NOTAUTH. */
static size_t unsigned_error(uint8_t *out, const struct tsig_key *key, uint16_t error)
{
	static const uint8_t head[] = {0x12, 0x34, 0xa8, 0x09, 0,   1,	 0,   0,   0,	0,
				       0,    1,	   7,	 'e',  'x', 'a', 'm', 'p', 'l', 'e',
				       4,    't',  'e',	 's',  't', 0,	 0,   6,   0,	1};
	static const uint8_t alg[] = {11, 'h', 'm', 'a', 'c', '-', 's', 'h', 'a', '2', '5', '6', 0};
	size_t n = sizeof(head), rd;

	memcpy(out, head, n);
	memcpy(out + n, key->name.wire, key->name.len);
	n += key->name.len;
	memcpy(out + n, (uint8_t[]){0, 250, 0, 255, 0, 0, 0, 0}, 8);
	rd = sizeof(alg) + 16;
	out[n + 8] = 0;
	out[n + 9] = (uint8_t)rd;
	n += 10;
	memcpy(out + n, alg, sizeof(alg));
	n += sizeof(alg);
	memcpy(out + n,
	       (uint8_t[]){0, 0, 0x65, 0x53, 0xf1, 0x00, 0x01, 0x2c, 0, 0, 0x12, 0x34, 0,
			   (uint8_t)error, 0, 0},
	       16);
	return n + 16;
}

static void test_badsig_badkey(void **state)
{
	uint8_t secret[32] = {1}, buf[512];
	struct tsig_verdict verdict;
	struct tsig_key key;
	struct dns_msg m;
	char text[512];
	size_t len;

	(void)state;
	assert_true(tsig_key_init(&key, "ddns-key", TSIG_HMAC_SHA256, secret, sizeof(secret)));
	len = unsigned_error(buf, &key, 16);
	assert_true(dnsmsg_parse(buf, len, &m, NULL, 0));
	assert_int_equal(tsig_verify(&key, &m, secret, 32, 1700000000, &verdict), TSIG_BADSIG);
	assert_true(tsig_status_permanent(verdict.status));
	tsig_explain(&verdict, &key, text, sizeof(text));
	assert_non_null(strstr(text, "wrong key"));
	assert_non_null(strstr(text, "ddns-key"));

	len = unsigned_error(buf, &key, 17);
	assert_true(dnsmsg_parse(buf, len, &m, NULL, 0));
	assert_int_equal(tsig_verify(&key, &m, secret, 32, 1700000000, &verdict), TSIG_BADKEY);
	tsig_explain(&verdict, &key, text, sizeof(text));
	assert_non_null(strstr(text, "wrong key name"));

	/* An empty MAC without such an error is just a bad signature, not a verdict. */
	len = unsigned_error(buf, &key, 0);
	assert_true(dnsmsg_parse(buf, len, &m, NULL, 0));
	assert_int_equal(tsig_verify(&key, &m, secret, 32, 1700000000, &verdict), TSIG_BAD_MAC);
	/* TSIG not last: malformed, unsigned, never OK. */
	buf[11] = 2;
	memcpy(buf + len, buf + 30, len - 30);
	assert_true(dnsmsg_parse(buf, len + len - 30, &m, NULL, 0));
	memcpy(buf + len + len - 30, "\0\0\1\0\1\0\0\0\0\0\0", 11);
	buf[11] = 3;
	assert_true(dnsmsg_parse(buf, len + len - 30 + 11, &m, NULL, 0));
	assert_int_equal(tsig_verify(&key, &m, secret, 32, 1700000000, &verdict), TSIG_UNSIGNED);
}

static void test_sign_roundtrip_all_algs(void **state)
{
	static const enum tsig_alg all[] = {TSIG_HMAC_MD5, TSIG_HMAC_SHA1, TSIG_HMAC_SHA256,
					    TSIG_HMAC_SHA512};
	uint8_t secret[] = "a secret of some length";

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct dns_name name;
		struct tsig_key key;
		uint8_t msg[600], mac[TSIG_MAC_MAX];
		size_t len, mac_len;
		struct dns_msg m;
		struct dns_rr rr;

		assert_true(dns_name_from_text("host.example.test", &name));
		assert_int_equal(
		    dnsmsg_build_query(msg, sizeof(msg), 0xbeef, &name, DNS_TYPE_A, &len), 0);
		assert_true(tsig_key_init(&key, "Key.Example", all[i], secret, sizeof(secret)));
		assert_int_equal(tsig_sign(&key, msg, &len, sizeof(msg), 1700000000, mac, &mac_len),
				 0);
		assert_int_equal(mac_len, tsig_mac_len(all[i]));
		assert_true(dnsmsg_parse(msg, len, &m, NULL, 0));
		assert_int_equal(m.count[DNS_SEC_ADDITIONAL], 1);
		assert_true(dnsmsg_rr_at(&m, DNS_SEC_ADDITIONAL, 0, &rr));
		assert_int_equal(rr.type, DNS_TYPE_TSIG);
		/* the owner is the canonical (lower-case) key name */
		assert_memory_equal(rr.name.wire, "\3key\7example", 12);
		/* signing twice is refused: the message already ends in a TSIG RR */
		assert_int_equal(tsig_sign(&key, msg, &len, sizeof(msg), 1700000000, mac, &mac_len),
				 -EINVAL);
		/* too little room: nothing written */
		{
			size_t small = m.last_rr_off;

			msg[11] = 0;
			assert_int_equal(
			    tsig_sign(&key, msg, &small, small + 20, 1700000000, mac, &mac_len),
			    -EMSGSIZE);
			assert_int_equal(small, m.last_rr_off);
			assert_int_equal(msg[11], 0);
		}
	}
}

static void test_alg_names_and_base64(void **state)
{
	uint8_t out[TSIG_SECRET_MAX];
	enum tsig_alg alg;
	size_t len;

	(void)state;
	assert_true(tsig_alg_from_name("HMAC-SHA256.", &alg));
	assert_int_equal(alg, TSIG_HMAC_SHA256);
	assert_true(tsig_alg_from_name("hmac-md5", &alg));
	assert_int_equal(alg, TSIG_HMAC_MD5);
	assert_true(tsig_alg_from_name("hmac-md5.sig-alg.reg.int", &alg));
	assert_true(tsig_alg_from_name("hmac-sha1", &alg));
	assert_int_equal(alg, TSIG_HMAC_SHA1);
	assert_false(tsig_alg_from_name("hmac-sha384", &alg));
	assert_false(tsig_alg_from_name("", &alg));
	assert_string_equal(tsig_alg_name(TSIG_HMAC_SHA512), "hmac-sha512");

	assert_true(tsig_secret_decode("Zm9vYmFy", out, &len));
	assert_int_equal(len, 6);
	assert_memory_equal(out, "foobar", 6);
	assert_true(tsig_secret_decode("Zm9vYg==", out, &len));
	assert_int_equal(len, 4);
	assert_memory_equal(out, "foob", 4);
	assert_true(tsig_secret_decode("Zm9vYg", out, &len));
	assert_int_equal(len, 4);
	assert_true(tsig_secret_decode("Zm9vYmE=", out, &len));
	assert_int_equal(len, 5);
	assert_false(tsig_secret_decode("", out, &len));
	assert_false(tsig_secret_decode("Zm9vY", out, &len));
	assert_false(tsig_secret_decode("Zm9v YmFy", out, &len));
	assert_false(tsig_secret_decode("Zm9vYg=x", out, &len));
	assert_false(tsig_secret_decode("Zm9vYmE==", out, &len));
	assert_false(tsig_secret_decode("Zm9vYmFy=", out, &len));
	{
		char big[TSIG_SECRET_MAX * 2];

		memset(big, 'A', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_false(tsig_secret_decode(big, out, &len));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sign_matches_dnspython),
	    cmocka_unit_test(test_verify_dnspython_reply),
	    cmocka_unit_test(test_sign_reply_matches_dnspython),
	    cmocka_unit_test(test_verify_tampered),
	    cmocka_unit_test(test_verify_other_key_and_unsigned),
	    cmocka_unit_test(test_badtime),
	    cmocka_unit_test(test_badsig_badkey),
	    cmocka_unit_test(test_sign_roundtrip_all_algs),
	    cmocka_unit_test(test_alg_names_and_base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
