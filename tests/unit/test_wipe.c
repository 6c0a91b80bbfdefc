// SPDX-License-Identifier: MIT
/* The buffers that hold secrets: header blocks that grow without realloc, and libcurl's
 * wipe-on-free allocator (content kept across a move). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "providers/hdrblock.h"
#include "providers/wipemem.h"

static void test_hdrblock(void **state)
{
	struct hdrblock b = {0};
	char value[64];
	const char *p;

	(void)state;
	/* Enough pairs to grow the block several times past its first 256 bytes. */
	for (int i = 0; i < 100; i++) {
		snprintf(value, sizeof(value), "value-%d", i);
		hdrblock_add(&b, "X-Name", value, strlen(value));
	}
	hdrblock_add(&b, "Empty", "", 0);
	assert_false(b.oom);
	assert_true(b.cap >= b.len && b.len > 256);
	p = b.buf;
	for (int i = 0; i < 100; i++) {
		snprintf(value, sizeof(value), "value-%d", i);
		assert_string_equal(p, "X-Name");
		p += strlen(p) + 1;
		assert_string_equal(p, value);
		p += strlen(p) + 1;
	}
	assert_string_equal(p, "Empty");
	p += strlen(p) + 1;
	assert_string_equal(p, "");
	p += 1;
	assert_ptr_equal(p, b.buf + b.len);
	/* A value with bytes past vlen: only vlen of them are taken. */
	hdrblock_free(b.buf, b.len);
	memset(&b, 0, sizeof(b));
	hdrblock_add(&b, "Authorization", "Bearer abcdef", 9);
	assert_string_equal(b.buf + strlen("Authorization") + 1, "Bearer ab");
	hdrblock_free(b.buf, b.len);
	hdrblock_free(NULL, 0);
}

static void test_wipemem(void **state)
{
	char *p, *q;

	(void)state;
	p = wipemem_malloc(16);
	assert_non_null(p);
	memcpy(p, "0123456789abcdef", 16);
	q = wipemem_realloc(p, 4096); /* moves: the content follows */
	assert_non_null(q);
	assert_memory_equal(q, "0123456789abcdef", 16);
	assert_true(malloc_usable_size(q) >= 4096);
	p = wipemem_realloc(q, 8); /* shrinks in place */
	assert_ptr_equal(p, q);
	assert_memory_equal(p, "01234567", 8);
	assert_null(wipemem_realloc(p, 0)); /* frees */
	p = wipemem_strdup("token");
	assert_string_equal(p, "token");
	wipemem_free(p);
	p = wipemem_calloc(4, 8);
	for (int i = 0; i < 32; i++)
		assert_int_equal(p[i], 0);
	wipemem_free(p);
	wipemem_free(NULL);
	p = wipemem_realloc(NULL, 10);
	assert_non_null(p);
	wipemem_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hdrblock),
	    cmocka_unit_test(test_wipemem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
