// SPDX-License-Identifier: GPL-2.0
/*
 * test_ais31_t5.c - T5's lag search (ais31_t5.c): both ways of counting
 * (popcnt, and the carry-save adders used on x86-64 without POPCNT) give
 * Z_tau equal to a plain bit-by-bit sum for every lag tau = 1..5000, on
 * random blocks at several bit offsets and on structured blocks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ais31.h"
#include "kat.h"

#define T5_LAGS_N	5000U

/* Load the 20000-bit block at bit off of b into words, as procedure A does. */
static void load_block(const uint8_t *b, size_t off, uint64_t *blk)
{
	struct ais31_in in = { .buf = b, .pos = off, .end = off + 20000 };

	memset(blk, 0xa5, AIS31_A_ACC_WORDS * sizeof(*blk));
	blk[AIS31_A_ACC_WORDS - 1] = 0;
	assert_int_equal(ais31_gather(blk, 0, 20000, &in), 20000);
}

/*
 * Z_tau = sum over j = 1..5000 of b_j xor b_{j+tau} (spec 3.2), one bit at
 * a time from the bytes (bit 1 = bit off of b).
 */
static void ref_lags(const uint8_t *b, size_t off, uint32_t *z)
{
	uint8_t bit[10000];
	unsigned int j, tau;

	for (j = 0; j < 10000; j++)
		bit[j] = (uint8_t)kat_bit(b, off + j);
	for (tau = 1; tau <= T5_LAGS_N; tau++) {
		z[tau] = 0;
		for (j = 0; j < 5000; j++)
			z[tau] += (uint32_t)(bit[j] ^ bit[j + tau]);
	}
}

/* Every lag of both ways of counting (and of AUTO) against ref_lags(). */
static void check_block(const uint8_t *b, size_t off)
{
	static const enum ais31_t5_impl impl[] = {
		AIS31_T5_AUTO, AIS31_T5_POPCNT, AIS31_T5_CSA,
	};
	uint64_t blk[AIS31_A_ACC_WORDS];
	uint32_t *ref = calloc(T5_LAGS_N + 1, sizeof(*ref));
	uint32_t *z = calloc(T5_LAGS_N + 1, sizeof(*z));
	unsigned int i, tau;
	int ret;

	assert_non_null(ref);
	assert_non_null(z);
	load_block(b, off, blk);
	ref_lags(b, off, ref);
	for (i = 0; i < ARRAY_SIZE(impl); i++) {
		memset(z, 0xff, (T5_LAGS_N + 1) * sizeof(*z));
		ret = ais31_t5_lags(blk, impl[i], z);
		if (ret == -EOPNOTSUPP && impl[i] == AIS31_T5_POPCNT) {
			print_message("# no popcount instruction: popcnt skipped\n");
			continue;
		}
		assert_int_equal(ret, 0);
		for (tau = 1; tau <= T5_LAGS_N; tau++)
			if (z[tau] != ref[tau])
				fail_msg("impl %u, offset %zu: Z(%u) = %u, reference %u",
					 i, off, tau, z[tau], ref[tau]);
	}
	free(z);
	free(ref);
}

/* Random blocks at bit offsets with every alignment class of interest. */
static void test_t5_random(void **state)
{
	static const size_t offs[] = { 0, 1, 7, 63, 64, 1001 };
	uint8_t *b = malloc(4096);
	struct kat_rng r;
	unsigned int i;

	(void)state;
	assert_non_null(b);
	kat_seed(&r, 5005);
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		kat_random(&r, b, 4096);
		check_block(b, offs[i]);
	}
	free(b);
}

/*
 * Structured blocks: all zeros, all ones (every Z is 0), period 2 (Z is
 * 5000 or 0), ones only past bit 5000 (the bits after the sums' last words
 * must not count), sparse bits near the word and tail boundaries.
 */
static void test_t5_structured(void **state)
{
	uint8_t *b = calloc(1, 4096);
	size_t i;

	(void)state;
	assert_non_null(b);
	check_block(b, 0);
	memset(b, 0xff, 4096);
	check_block(b, 3);
	memset(b, 0xaa, 4096);
	check_block(b, 0);
	memset(b, 0, 4096);
	memset(b + 625, 0xff, 4096 - 625);	/* bits 5001.. are ones */
	check_block(b, 0);
	memset(b, 0, 4096);
	for (i = 0; i < 10000; i += 61)
		kat_set(b, i, 1);
	kat_set(b, 4992, 1);
	kat_set(b, 4999, 1);
	kat_set(b, 5000, 1);
	kat_set(b, 9999, 1);
	check_block(b, 0);
	free(b);
}

/* ais31_t5_z() picks from the same lags as the reference T5. */
static void test_t5_z(void **state)
{
	uint8_t *b = malloc(4096);
	uint64_t blk[AIS31_A_ACC_WORDS];
	struct kat_rng r;
	uint32_t tau, rtau;

	(void)state;
	assert_non_null(b);
	kat_seed(&r, 31);
	kat_random(&r, b, 4096);
	load_block(b, 5, blk);
	assert_int_equal(ais31_t5_z(blk, &tau), kat_ref_t5(b, 5, &rtau));
	assert_int_equal(tau, rtau);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t5_random),
		cmocka_unit_test(test_t5_structured),
		cmocka_unit_test(test_t5_z),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
