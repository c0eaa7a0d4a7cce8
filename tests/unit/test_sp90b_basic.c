// SPDX-License-Identifier: GPL-2.0
/*
 * test_sp90b_basic.c - SP 800-90B 6.3.1-6.3.4 (most common value,
 * collision, Markov, compression), the translation and bit string of
 * section 3.1.3 and the assessment rule: hand-checkable inputs, NIST's
 * tool on a daemon-sized input, the smallest n of each estimator, and
 * constant input (no entropy).
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sp90b.h"
#include "sp90b_impl.h"

#define LCG_N	20000U

/* |got - want| <= tol, with both values in the message otherwise. */
static void near(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s: %.17g, want %.17g (tolerance %g)", what, got,
			 want, tol);
}

/*
 * 20000 bits, P(1) = 3/4 from an LCG: x = 1103515245 x + 12345 mod 2^31
 * from x = 1, bit = ((x >> 16) & 3) != 0.  NIST's ea_non_iid -vv on the
 * same bits (one per byte, bits_per_symbol 1; commit 68ed165, v1.1.7):
 *   MCV 0.39346222867549602, collision 0.38197615849914573,
 *   Markov 0.40964457187224296, compression 0.23554972212801087.
 */
static uint8_t *lcg_bits(void)
{
	uint8_t *s = malloc(LCG_N);
	uint32_t x = 1;
	size_t i;

	assert_non_null(s);
	for (i = 0; i < LCG_N; i++) {
		x = (x * 1103515245U + 12345U) & 0x7fffffffU;
		s[i] = ((x >> 16) & 3U) != 0;
	}
	return s;
}

/* Agreement with NIST's tool to the last bits (floating-point order). */
static void test_nist_short(void **state)
{
	uint8_t *s = lcg_bits();
	double h;

	(void)state;
	assert_int_equal(sp90b_mcv(s, LCG_N, 2, &h), 0);
	near(h, 0.39346222867549602, 1e-13, "mcv");
	assert_int_equal(sp90b_collision(s, LCG_N, &h), 0);
	near(h, 0.38197615849914573, 1e-13, "collision");
	assert_int_equal(sp90b_markov(s, LCG_N, &h), 0);
	near(h, 0.40964457187224296, 1e-13, "markov");
	assert_int_equal(sp90b_compression(s, LCG_N, &h), 0);
	near(h, 0.23554972212801087, 1e-12, "compression");
	free(s);
}

/* 6.3.1 by hand: 60 zeros in 100, p_u = 0.6 + z sqrt(0.24 / 99). */
static void test_mcv(void **state)
{
	uint8_t s[100] = { 0 };
	double h;
	int i;

	(void)state;
	for (i = 60; i < 100; i++)
		s[i] = (uint8_t)(1 + i % 3);
	assert_int_equal(sp90b_mcv(s, 100, 4, &h), 0);
	/* p_u = 0.6 + 2.5758293035489008 * sqrt(0.24 / 99) = 0.72682506779 */
	near(h, 0.46031991670671346, 1e-12, "mcv 60/100");
	/* Symbol 3 is outside an alphabet of 3. */
	assert_int_equal(sp90b_mcv(s, 100, 3, &h), -EINVAL);
	assert_int_equal(sp90b_mcv(s, 100, 0, &h), -EINVAL);
	assert_int_equal(sp90b_mcv(s, 100, 257, &h), -EINVAL);
}

/*
 * 6.3.2 by hand: 0 0 | 1 0 1 | 1 1 | 0 1 1 repeated: times 2,3,2,3,
 * mean 2.5, sigma^2 = (26000 - 25000) / 3999, X' = 2.5 - z sigma /
 * sqrt(4000) = 2.4796..., p = 1/2 + sqrt(5/4 - X'/2).  Alternating bits:
 * every time is 3, X' = 3 >= 2.5: no solution, H = 1.
 */
static void test_collision(void **state)
{
	static const uint8_t pat[10] = { 0, 0, 1, 0, 1, 1, 1, 0, 1, 1 };
	uint8_t *s = malloc(10000);
	double h, x;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 10000; i++)
		s[i] = pat[i % 10];
	assert_int_equal(sp90b_collision(s, 10000, &h), 0);
	x = 2.5 - 2.5758293035489008 * sqrt(1000.0 / 3999.0) / sqrt(4000.0);
	near(h, -log2(0.5 + sqrt(1.25 - 0.5 * x)), 1e-12, "collision 2323");
	near(h, 0.7347755, 1e-6, "collision 2323, rounded");
	for (i = 0; i < 10000; i++)
		s[i] = i & 1;
	assert_int_equal(sp90b_collision(s, 10000, &h), 0);
	near(h, 1.0, 0.0, "collision alternating");
	free(s);
}

/*
 * 6.3.3 by hand: (0 0 1 1) x 1000: P0 = 1/2, P00 = 1/2, P10 = 999/1999,
 * P11 = 1000/1999; the most likely path is 1...1:
 * H = (1 - 127 log2(1000/1999)) / 128.  Alternating bits: P01 = P10 = 1,
 * path 0101... has probability 1/2: H = 1/128.
 */
static void test_markov(void **state)
{
	uint8_t *s = malloc(4000);
	double h;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < 4000; i++)
		s[i] = (i & 2) != 0;
	assert_int_equal(sp90b_markov(s, 4000, &h), 0);
	near(h, (1.0 - 127.0 * log2(1000.0 / 1999.0)) / 128.0, 1e-14,
	     "markov 0011");
	for (i = 0; i < 1000; i++)
		s[i] = i & 1;
	assert_int_equal(sp90b_markov(s, 1000, &h), 0);
	near(h, 1.0 / 128.0, 1e-15, "markov alternating");
	free(s);
}

/*
 * 6.3.4: a period-64 sequence of the 64 blocks (every block seen once
 * per 64 blocks): every distance is 64, mean 6, deviation 0, X' = 6.
 * Full entropy of 6-bit blocks would need a mean of about 5.2 (random
 * data, docs/sp800-90b.md) so p = 1/64 is no solution: H = 1.
 */
static void test_compression(void **state)
{
	const size_t n = 6 * 64 * 40;
	uint8_t *s = malloc(n);
	double h;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < n; i++)
		s[i] = (uint8_t)((i / 6 % 64) >> (5 - i % 6) & 1U);
	assert_int_equal(sp90b_compression(s, n, &h), 0);
	near(h, 1.0, 0.0, "compression all blocks in turn");
	free(s);
}

/* No entropy: constant input gives 0 (not -0) everywhere. */
static void test_constant(void **state)
{
	uint8_t *s = calloc(7000, 1);
	struct sp90b_report r;
	double h;
	unsigned int e;

	(void)state;
	assert_non_null(s);
	assert_int_equal(sp90b_mcv(s, 7000, 1, &h), 0);
	assert_true(h == 0.0 && !signbit(h));
	assert_int_equal(sp90b_collision(s, 7000, &h), 0);
	assert_true(h == 0.0 && !signbit(h));
	assert_int_equal(sp90b_markov(s, 7000, &h), 0);
	assert_true(h == 0.0 && !signbit(h));
	assert_int_equal(sp90b_compression(s, 7000, &h), 0);
	near(h, 0.0, 1e-6, "compression constant");
	assert_true(!signbit(h));
	/* k = 1: only the most common value applies, H = 0. */
	memset(s, 0x5a, 7000);
	assert_int_equal(sp90b_assess(s, 7000, 8, SP90B_ALL, &r), 0);
	assert_int_equal(r.k, 1);
	assert_true(r.original[SP90B_MCV] == 0.0 && r.h == 0.0);
	for (e = 1; e < SP90B_NEST; e++)
		assert_true(isnan(r.original[e]));
	for (e = 0; e < SP90B_NEST; e++)
		assert_true(isnan(r.bitstring[e]));
	free(s);
}

/* The smallest n of each estimator, and non-binary input. */
static void test_min_n(void **state)
{
	uint8_t *s = calloc(6006, 1);
	double h;

	(void)state;
	assert_non_null(s);
	s[1] = 1;
	assert_int_equal(sp90b_mcv(s, 1, 2, &h), -EINVAL);
	assert_int_equal(sp90b_mcv(s, 2, 2, &h), 0);
	assert_int_equal(sp90b_collision(s, 5, &h), -EINVAL);
	assert_int_equal(sp90b_collision(s, 6, &h), 0);
	assert_int_equal(sp90b_markov(s, 1, &h), -EINVAL);
	assert_int_equal(sp90b_markov(s, 2, &h), 0);
	assert_int_equal(sp90b_compression(s, 6005, &h), -EINVAL);
	assert_int_equal(sp90b_compression(s, 6006, &h), 0);
	s[3] = 2;
	assert_int_equal(sp90b_collision(s, 6, &h), -EINVAL);
	assert_int_equal(sp90b_markov(s, 6, &h), -EINVAL);
	assert_int_equal(sp90b_compression(s, 6006, &h), -EINVAL);
	free(s);
}

static void test_translate(void **state)
{
	static const uint8_t in[6] = { 9, 3, 5, 3, 15, 9 };
	static const uint8_t want[6] = { 2, 0, 1, 0, 3, 2 };
	uint8_t out[6];
	unsigned int k = 0;

	(void)state;
	assert_int_equal(sp90b_translate(in, 6, 4, out, &k), 0);
	assert_int_equal(k, 4);
	assert_memory_equal(out, want, 6);
	/* 15 needs 4 bits. */
	assert_int_equal(sp90b_translate(in, 6, 3, out, &k), -EINVAL);
	assert_int_equal(sp90b_translate(in, 6, 0, out, &k), -EINVAL);
	assert_int_equal(sp90b_translate(in, 6, 9, out, &k), -EINVAL);
}

static void test_bitstring(void **state)
{
	static const uint8_t in8[2] = { 0xa5, 0x01 };
	static const uint8_t want8[16] = { 1, 0, 1, 0, 0, 1, 0, 1,
					   0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t in3[2] = { 5, 2 };
	static const uint8_t want3[6] = { 1, 0, 1, 0, 1, 0 };
	uint8_t *b = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(sp90b_bitstring(in8, 2, 8, &b, &n), 0);
	assert_int_equal(n, 16);
	assert_memory_equal(b, want8, 16);
	free(b);
	assert_int_equal(sp90b_bitstring(in3, 2, 3, &b, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(b, want3, 6);
	free(b);
	assert_int_equal(sp90b_bitstring(in8, 2, 7, &b, &n), -EINVAL);
}

/*
 * The rule of 3.1.3 as NIST's tool applies it: two distinct values: the
 * binary estimators on the samples, no bit string; more: the bit string
 * too, binary estimators on it only, H = min(H_original, bits *
 * H_bitstring).
 */
static void test_assess(void **state)
{
	uint8_t *bits = lcg_bits(), *s = malloc(LCG_N);
	struct sp90b_report r;
	double hb = 1.0;
	unsigned int e;
	size_t i;

	(void)state;
	assert_non_null(s);
	for (i = 0; i < LCG_N; i++)
		s[i] = bits[i] ? 0xc3 : 0x3c;
	assert_int_equal(sp90b_assess(s, LCG_N, 8, SP90B_CHEAP, &r), 0);
	assert_int_equal(r.k, 2);
	near(r.original[SP90B_COMPRESSION], 0.23554972212801087, 1e-12,
	     "two values: compression on the samples");
	near(r.h, 0.23554972212801087, 1e-12, "two values: H");
	assert_true(isnan(r.h_bitstring));
	for (e = 0; e < SP90B_NEST; e++)
		assert_true(isnan(r.bitstring[e]));

	for (i = 0; i < LCG_N; i++)
		s[i] = (uint8_t)(bits[i] | bits[(i + 1) % LCG_N] << 1 |
				 bits[(i + 7) % LCG_N] << 5);
	assert_int_equal(sp90b_assess(s, LCG_N, 6, SP90B_CHEAP, &r), 0);
	assert_int_equal(r.k, 8);
	assert_true(isnan(r.original[SP90B_COLLISION]));
	assert_true(isnan(r.original[SP90B_TTUPLE]));
	for (e = SP90B_MCV; e <= SP90B_COMPRESSION; e++) {
		assert_true(!isnan(r.bitstring[e]));
		hb = fmin(hb, r.bitstring[e]);
	}
	near(r.h_bitstring, hb, 0.0, "H_bitstring");
	near(r.h, fmin(r.original[SP90B_MCV], 6.0 * hb), 0.0, "H");
	assert_true(r.h_original == r.original[SP90B_MCV]);

	assert_int_equal(sp90b_assess(s, LCG_N, 5, SP90B_CHEAP, &r), -EINVAL);
	assert_int_equal(sp90b_assess(s, 0, 8, SP90B_CHEAP, &r), -EINVAL);
	/* A bit string longer than the estimators handle: refused unread. */
	assert_int_equal(sp90b_assess(s, SP90B_IMPL_MAX_N / 8 + 1, 8,
				      SP90B_CHEAP, &r), -E2BIG);
	free(s);
	free(bits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_short),
		cmocka_unit_test(test_mcv),
		cmocka_unit_test(test_collision),
		cmocka_unit_test(test_markov),
		cmocka_unit_test(test_compression),
		cmocka_unit_test(test_constant),
		cmocka_unit_test(test_min_n),
		cmocka_unit_test(test_translate),
		cmocka_unit_test(test_bitstring),
		cmocka_unit_test(test_assess),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
