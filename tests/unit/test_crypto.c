// SPDX-License-Identifier: MIT
/* SHA-256 (FIPS 180-2 examples) and HMAC-SHA256 (RFC 4231) known answers, hex, compare. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "providers/crypto.h"

static void test_sha256_hex(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
	};
	char hex[CRYPTO_SHA256_HEX_LEN + 1];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(crypto_sha256_hex(cases[i].in, strlen(cases[i].in), hex));
		assert_string_equal(hex, cases[i].want);
	}
	assert_true(crypto_sha256_hex(NULL, 0, hex));
	assert_string_equal(hex, cases[0].want);
}

/* RFC 4231 §4.2, §4.3 and §4.7 (a key longer than the block size). */
static void test_hmac_rfc4231(void **state)
{
	uint8_t key1[20], key7[131], mac[CRYPTO_SHA256_LEN];
	char hex[CRYPTO_SHA256_HEX_LEN + 1];
	static const char msg7[] = "This is a test using a larger than block-size key and a "
				   "larger than block-size data. The key needs to be hashed "
				   "before being used by the HMAC algorithm.";

	(void)state;
	memset(key1, 0x0b, sizeof(key1));
	assert_true(crypto_hmac_sha256(key1, sizeof(key1), "Hi There", 8, mac));
	crypto_hex(mac, sizeof(mac), hex);
	assert_string_equal(hex,
			    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	assert_true(crypto_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac));
	crypto_hex(mac, sizeof(mac), hex);
	assert_string_equal(hex,
			    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key7, 0xaa, sizeof(key7));
	assert_true(crypto_hmac_sha256(key7, sizeof(key7), msg7, strlen(msg7), mac));
	crypto_hex(mac, sizeof(mac), hex);
	assert_string_equal(hex,
			    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
	/* An empty key is a valid HMAC key, not "use a default". */
	assert_true(crypto_hmac_sha256(NULL, 0, "", 0, mac));
	crypto_hex(mac, sizeof(mac), hex);
	assert_string_equal(hex,
			    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

static void test_hex_and_equal(void **state)
{
	static const uint8_t b[] = {0x00, 0x0f, 0xa5, 0xff};
	char hex[9];

	(void)state;
	crypto_hex(b, sizeof(b), hex);
	assert_string_equal(hex, "000fa5ff");
	crypto_hex(b, 0, hex);
	assert_string_equal(hex, "");
	assert_true(crypto_equal("abcd", "abcd", 4));
	assert_false(crypto_equal("abcd", "abce", 4));
	assert_false(crypto_equal("xbcd", "abcd", 4));
	assert_true(crypto_equal("a", "b", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha256_hex),
	    cmocka_unit_test(test_hmac_rfc4231),
	    cmocka_unit_test(test_hex_and_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
