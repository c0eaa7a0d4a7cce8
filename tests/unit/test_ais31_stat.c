// SPDX-License-Identifier: GPL-2.0
/*
 * test_ais31_stat.c - the word-at-a-time statistics against naive bit-by-bit
 * references, every bound at its exact edge, the bit reader (chunking, bit
 * offsets, LSB-first order), data budgets, the tuple cap and the retry rule.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ais31.h"
#include "kat.h"

/* Load the 20000-bit block at bit off of b into words, as procedure A does. */
static void load_block(const uint8_t *b, size_t off, uint64_t *blk)
{
	struct ais31_in in = { .buf = b, .pos = off, .end = off + 20000 };

	memset(blk, 0xa5, AIS31_A_ACC_WORDS * sizeof(*blk));
	blk[AIS31_A_ACC_WORDS - 1] = 0;
	assert_int_equal(ais31_gather(blk, 0, 20000, &in), 20000);
	assert_int_equal(in.pos, off + 20000);
}

/* T1..T5 of random and structured blocks equal the naive references. */
static void test_block_vs_reference(void **state)
{
	static const size_t offs[] = { 0, 3, 8, 61, 64, 1001 };
	uint8_t *b = malloc(8192);
	uint64_t blk[AIS31_A_ACC_WORDS];
	uint32_t runs[2][6], ref[2][6], tau, rtau;
	struct kat_rng r;
	unsigned int i;

	(void)state;
	assert_non_null(b);
	kat_seed(&r, 77);
	for (i = 0; i < 6; i++) {
		kat_random(&r, b, 8192);
		if (i == 4)	/* long runs and a periodic tail */
			memset(b + 100, 0xff, 300);
		if (i == 5)
			memset(b + 1300, 0x0f, 1200);
		load_block(b, offs[i], blk);
		assert_int_equal(ais31_t1_ones(blk), kat_ref_t1(b, offs[i]));
		assert_int_equal(ais31_t2_sum(blk), kat_ref_t2(b, offs[i]));
		assert_int_equal(ais31_t34_runs(blk, runs),
				 kat_ref_runs(b, offs[i], ref));
		assert_memory_equal(runs, ref, sizeof(runs));
		if (i < 2 || i == 5) {
			assert_int_equal(ais31_t5_z(blk, &tau),
					 kat_ref_t5(b, offs[i], &rtau));
			assert_int_equal(tau, rtau);
		}
	}
	free(b);
}

/* Constant and alternating blocks: the spec's example statistics. */
static void test_block_extremes(void **state)
{
	uint8_t b[2600];
	uint64_t blk[AIS31_A_ACC_WORDS];
	uint32_t runs[2][6], tau;

	(void)state;
	memset(b, 0, sizeof(b));
	load_block(b, 0, blk);
	assert_int_equal(ais31_t1_ones(blk), 0);
	assert_int_equal(ais31_t2_sum(blk), 25000000);
	assert_int_equal(ais31_t34_runs(blk, runs), 20000);
	assert_int_equal(runs[0][5], 1);
	assert_int_equal(ais31_t5_z(blk, &tau), 0);
	assert_int_equal(tau, 1);	/* all tied: the smallest tau */
	memset(b, 0x55, sizeof(b));
	load_block(b, 0, blk);
	assert_int_equal(ais31_t1_ones(blk), 10000);
	assert_int_equal(ais31_t34_runs(blk, runs), 1);
	assert_int_equal(runs[0][0], 10000);
	assert_int_equal(runs[1][0], 10000);
	assert_int_equal(ais31_t5_z(blk, &tau), 5000);
	assert_int_equal(tau, 1);
}

/* Every bound at its edge (spec 3.2 and 4.3, integer forms). */
static void test_bounds(void **state)
{
	uint32_t ok[2][6] = { { 2267, 1079, 502, 223, 90, 90 },
			      { 2733, 1421, 748, 402, 223, 223 } };
	uint32_t o[2] = { 1999, 0 };

	(void)state;
	assert_false(ais31_t1_pass(9654));
	assert_true(ais31_t1_pass(9655));
	assert_true(ais31_t1_pass(10345));
	assert_false(ais31_t1_pass(10346));
	assert_false(ais31_t2_pass(1562820));
	assert_true(ais31_t2_pass(1562822));
	assert_true(ais31_t2_pass(1580436));
	assert_false(ais31_t2_pass(1580438));
	assert_true(ais31_t3_pass(ok));
	ok[1][5] = 224;
	assert_false(ais31_t3_pass(ok));
	ok[1][5] = 223;
	ok[0][0] = 2266;
	assert_false(ais31_t3_pass(ok));
	assert_true(ais31_t4_pass(33));
	assert_false(ais31_t4_pass(34));
	assert_false(ais31_t5_pass(2326));
	assert_true(ais31_t5_pass(2327));
	assert_true(ais31_t5_pass(2673));
	assert_false(ais31_t5_pass(2674));
	assert_false(ais31_t6a_pass(47500));
	assert_true(ais31_t6a_pass(47501));
	assert_true(ais31_t6a_pass(52499));
	assert_false(ais31_t6a_pass(52500));
	assert_true(ais31_t6b_pass(o, true));
	assert_false(ais31_t6b_pass(o, false));
	o[0] = 2000;
	assert_false(ais31_t6b_pass(o, true));
	assert_true(ais31_t8_pass(7.9761));
	assert_false(ais31_t8_pass(7.976));
}

/* T7: Pearson's chi-square of the 2x2 table (spec 4.3). */
static void test_t7(void **state)
{
	(void)state;
	assert_true(ais31_t7_stat(0, 0) == 0.0);
	assert_true(ais31_t7_stat(100000, 100000) == 0.0);
	assert_true(ais31_t7_stat(50000, 50000) == 0.0);
	/* a - b = 1000, s = 100000: 1e6 * (1e-5 + 1e-5) = 20 */
	assert_true(fabs(ais31_t7_stat(50500, 49500) - 20.0) < 1e-9);
	assert_true(fabs(ais31_t7_stat(49500, 50500) - 20.0) < 1e-9);
	assert_false(ais31_t7_pass(15.1300001, true));
	assert_true(ais31_t7_pass(15.13, true));
	assert_false(ais31_t7_pass(0.0, false));
}

static void test_names(void **state)
{
	enum ais31_test t;

	(void)state;
	assert_int_equal(ais31_test_parse("t7A", &t), 0);
	assert_int_equal(t, AIS31_T7A);
	assert_int_equal(ais31_test_parse("T9", &t), -EINVAL);
	assert_string_equal(ais31_test_name(AIS31_T6B), "T6b");
	assert_string_equal(ais31_check_name(AIS31_C_T7B_3), "T7b_3");
	assert_int_equal(ais31_test_checks(AIS31_T7B), 0xfU << AIS31_C_T7B_1);
}

/* Feed a procedure from bit `start` of b in chunks of `chunk` bytes. */
static int feed(struct ais31_a *a, struct ais31_b *bp, const uint8_t *b,
		size_t len, size_t start, size_t chunk, bool lsb)
{
	size_t off = start / 8;
	int v = AIS31_MORE;

	while (off < len && v == AIS31_MORE) {
		size_t n = len - off < chunk ? len - off : chunk;
		struct ais31_in in = { .buf = b + off, .end = 8 * n, .lsb = lsb };

		if (off == start / 8)
			in.pos = start % 8;
		v = a ? ais31_a_insert(a, &in) : ais31_b_insert(bp, &in);
		off += n;
	}
	return v;
}

static void reverse_bytes(uint8_t *b, size_t n)
{
	size_t i;
	unsigned int k;

	for (i = 0; i < n; i++) {
		uint8_t x = b[i], y = 0;

		for (k = 0; k < 8; k++)
			y = (uint8_t)(y | ((((unsigned int)x >> k) & 1U) << (7 - k)));
		b[i] = y;
	}
}

/* Chunk sizes, start bits and bit order change nothing but positions. */
static void test_streaming_equivalence(void **state)
{
	static const size_t chunks[] = { 1, 13, 4096, 1U << 21 };
	size_t len = 2100000, i;
	uint8_t *b = malloc(len + 1), *sh = malloc(len + 1);
	struct ais31_b p;
	struct ais31_last ref;
	struct kat_rng r;

	(void)state;
	assert_non_null(b);
	assert_non_null(sh);
	kat_seed(&r, 5);
	kat_random(&r, b, len);
	assert_int_equal(ais31_b_init(&p), 0);
	assert_int_equal(feed(NULL, &p, b, len, 0, 1U << 21, false), AIS31_PASS);
	ref = p.last_stat;
	for (i = 0; i < 4; i++) {
		ais31_b_restart(&p);
		assert_int_equal(feed(NULL, &p, b, len, 0, chunks[i], false),
				 AIS31_PASS);
		assert_memory_equal(&p.last_stat, &ref, sizeof(ref));
	}
	/* The same bits starting 3 bits into the buffer. */
	sh[0] = (uint8_t)(b[0] >> 3 | 0xa0);
	for (i = 1; i <= len; i++)
		sh[i] = (uint8_t)(b[i - 1] << 5 | (i < len ? b[i] >> 3 : 0));
	ais31_b_restart(&p);
	assert_int_equal(feed(NULL, &p, sh, len + 1, 3, 999, false), AIS31_PASS);
	assert_memory_equal(&p.last_stat, &ref, sizeof(ref));
	/* LSB-first reading of bit-reversed bytes is the same stream. */
	memcpy(sh, b, len);
	reverse_bytes(sh, len);
	ais31_b_restart(&p);
	assert_int_equal(feed(NULL, &p, sh, len, 0, 4096, true), AIS31_PASS);
	assert_memory_equal(&p.last_stat, &ref, sizeof(ref));
	ais31_b_free(&p);
	free(b);
	free(sh);
}

/* Data budgets (spec 3.1, 4.1): exact bits, and the tuple cap. */
static void test_budgets_and_cap(void **state)
{
	size_t len = 2100000;
	uint8_t *b = calloc(1, len);
	struct ais31_a a;
	struct ais31_b p;

	(void)state;
	assert_non_null(b);
	assert_int_equal(ais31_b_init(&p), 0);
	assert_int_equal(feed(NULL, &p, b, len, 0, 65536, false), AIS31_FAIL);
	assert_int_equal(p.r.run, 1);
	assert_int_equal(p.r.bits, AIS31_B_RUN_MAX_BITS);
	assert_int_equal(p.last_stat.t6b_tuples, 250000);
	assert_int_equal(p.last_stat.t7a_tuples, 500000);
	assert_int_equal(p.last_stat.t7b_tuples, 1000000);
	assert_false(p.last_stat.t7b_done);
	assert_true(p.last_stat.t7b_stat[0] != p.last_stat.t7b_stat[0]);
	ais31_b_free(&p);
	assert_int_equal(ais31_a_init(&a, 1), 0);
	assert_int_equal(feed(&a, NULL, b, len, 0, 65536, false), AIS31_FAIL);
	assert_int_equal(a.r.bits, AIS31_A_RUN_BITS);
	assert_int_equal(a.r.nfails[0][AIS31_C_T1], 257);
	assert_int_equal(a.r.evals[0][AIS31_C_T5], 257);
	ais31_a_free(&a);
	assert_int_equal(ais31_a_init(&a, 8), 0);
	assert_int_equal(feed(&a, NULL, b, len, 0, 65536, false), AIS31_FAIL);
	assert_int_equal(a.r.evals[0][AIS31_C_T5], 33);	/* 1, 9, ..., 257 */
	ais31_a_free(&a);
	free(b);
}

/* Retry: one failure, then clean data: pass after 2 runs; bits double. */
static void test_retry(void **state)
{
	size_t len = 2 * 1035716 + 100, need = 2 * AIS31_A_RUN_BITS;
	uint8_t *b = malloc(len);
	struct ais31_a a;
	struct kat_rng r;

	(void)state;
	assert_non_null(b);
	kat_seed(&r, 9);
	kat_random(&r, b, len);
	/* round 200 of run 1: a run of 40 ones fails T4 only */
	memset(b + 393216 + 199 * 2500 + 100, 0xff, 5);
	assert_int_equal(ais31_a_init(&a, 1), 0);
	assert_int_equal(feed(&a, NULL, b, len, 0, 65536, false), AIS31_PASS);
	assert_int_equal(a.r.run, 2);
	assert_int_equal(a.r.mask[0], 1U << AIS31_C_T4);
	assert_int_equal(a.r.first_round[0], 200);
	assert_int_equal(a.r.mask[1], 0);
	assert_int_equal(a.r.bits, need);
	assert_int_equal(a.st.retries, 1);
	/* The same failure in the retry's round 200 too: fail after 2. */
	memset(b + 1035716 + 393216 + 199 * 2500 + 100, 0xff, 5);
	ais31_a_restart(&a);
	assert_int_equal(feed(&a, NULL, b, len, 0, 65536, false), AIS31_FAIL);
	assert_int_equal(a.r.run, 2);
	assert_int_equal(a.st.failures, 1);
	/* Two failures in run 1: fail at once, no retry. */
	memset(b + 393216 + 10 * 2500, 0xff, 5);
	ais31_a_restart(&a);
	assert_int_equal(feed(&a, NULL, b, len, 0, 65536, false), AIS31_FAIL);
	assert_int_equal(a.r.run, 1);
	assert_int_equal(a.r.fails, 2);
	ais31_a_free(&a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_vs_reference),
		cmocka_unit_test(test_block_extremes),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_t7),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_streaming_equivalence),
		cmocka_unit_test(test_budgets_and_cap),
		cmocka_unit_test(test_retry),
	};

	return cmocka_run_group_tests_name("ais31_stat", tests, NULL, NULL);
}
