// SPDX-License-Identifier: GPL-2.0
/*
 * test_sp90b_predict.c - SP 800-90B 6.3.7-6.3.10 prediction estimators
 * (MultiMCW, lag, MultiMMC, LZ78Y) and their shared last step (P_global',
 * P_local, min-entropy): hand-derived prediction counts on tiny and
 * periodic sequences, MultiMCW and lag against direct brute-force
 * predictors, and NIST's ea_non_iid on fixed-seed sequences (sp90b_gen.h).
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
#include "sp90b_gen.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static void check_close(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("%s: %.17g, want %.17g", what, got, want);
}

/* The last step on values worked out by hand. */
static void test_estimate_by_hand(void **state)
{
	double p;

	(void)state;
	/* Every prediction right: P_global' = 1, no entropy. */
	assert_true(sp90b_predict_estimate(1000, 1000, 1000, 2) == 0.0);
	/* None right, binary: 1/k = 1/2 dominates; r = 1 cannot matter. */
	assert_true(sp90b_predict_estimate(0, 100, 0, 2) == 1.0);
	/* None right, k = 256: P_global' = 1 - 0.01^(1/N) > 1/256. */
	p = 1.0 - pow(0.01, 1.0 / 100.0);
	check_close(sp90b_predict_estimate(0, 100, 0, 256), -log2(p), 1e-15,
		    "c = 0");
	/* c / n = 1/2 with the 99 % bound, runs too short to matter. */
	p = 0.5 + SP90B_Z * sqrt(0.25 / 9999.0);
	check_close(sp90b_predict_estimate(5000, 10000, 5, 2), -log2(p),
		    1e-15, "c = n/2");
}

/*
 * P_local solves "no run of r correct predictions in N + 1 trials has
 * probability 0.99" (section 6.3.7 step 10).
 */
static void test_local_root(void **state)
{
	static const struct { size_t run, n; } cases[] = {
		{ 29, 100000 }, { 5, 1000 }, { 103, 959983 }, { 2, 50 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		double p = sp90b_predict_local(cases[i].run, cases[i].n, 0.01);
		double v = sp90b_predict_fn(p, cases[i].run + 1U, cases[i].n);

		assert_true(p > 0.01 && p < 1.0);
		check_close(v, log(0.99), 1e-12, "log P(no run)");
		/* And the probability is monotonic around the root. */
		assert_true(sp90b_predict_fn(p * 0.99, cases[i].run + 1U,
					     cases[i].n) > log(0.99));
		assert_true(sp90b_predict_fn(p * 1.01 < 1.0 ? p * 1.01 : p,
					     cases[i].run + 1U,
					     cases[i].n) <= log(0.99));
	}
}

/*
 * NIST's ea_non_iid 1.1.7 (usnistgov/SP800-90B_EntropyAssessment
 * 68ed165f) -vv on walk8.bin (see test_sp90b_nist): "Literal MultiMCW
 * Prediction Estimate: C = 5902, r = 22, N = 119937, P_local =
 * 0.4916878576560415, min entropy = 1.0241853669725067" and "Bitstring
 * LZ78Y ...: C = 481702, r = 104, N = 959983, P_local =
 * 0.85367931332450109, min entropy = 0.2282338751164322" (r is the
 * longest run plus one).  Bit for bit on x86-64; 1e-11 leaves room for
 * another long double (see NIST_TOL).
 */
static void test_estimate_nist(void **state)
{
	double pg;

	(void)state;
	pg = sp90b_upper(5902.0 / 119937.0, 119937);
	check_close(sp90b_predict_local(21, 119937, pg), 0.4916878576560415,
		    1e-11, "P_local MultiMCW");
	check_close(sp90b_predict_estimate(5902, 119937, 21, 256),
		    1.0241853669725067, 1e-11, "MultiMCW");
	pg = sp90b_upper(481702.0 / 959983.0, 959983);
	check_close(sp90b_predict_local(103, 959983, pg), 0.85367931332450109,
		    1e-11, "P_local LZ78Y");
	check_close(sp90b_predict_estimate(481702, 959983, 103, 2),
		    0.2282338751164322, 1e-11, "LZ78Y");
}

/* 0101010101...: n symbols alternating, from 0. */
static void fill_alternating(uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (uint8_t)(i & 1U);
}

/*
 * Lag on 0101010101 (n = 10): lag 1 misses at i = 1, 2; at i = 2 lag 2
 * is credited and wins; it is right for i = 3..9: C = 7, N = 9, run 7.
 * Period 5 (0,1,2,3,4,...), n = 1000: lag 1 misses i = 1..5, lag 5 wins
 * at i = 5 and is right from i = 6 on: C = 994, N = 999, run 994.
 */
static void test_lag_by_hand(void **state)
{
	uint8_t s[1000];
	double h;

	(void)state;
	fill_alternating(s, 10);
	assert_int_equal(sp90b_lag(s, 10, 2, &h), 0);
	check_close(h, sp90b_predict_estimate(7, 9, 7, 2), 0, "lag 01");
	for (size_t i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)(i % 5);
	assert_int_equal(sp90b_lag(s, sizeof(s), 5, &h), 0);
	check_close(h, sp90b_predict_estimate(994, 999, 994, 5), 0,
		    "lag period 5");
	assert_true(h < 0.01);
}

/*
 * MultiMMC on 0101010101 (n = 10): the order-1 model knows "0 -> 1" from
 * the start and "1 -> 0" after i = 2, and is right for i = 3..9 while
 * staying the winner: C = 7, N = 8, run 7; the same through the general
 * dictionary when k = 3.
 */
static void test_mmc_by_hand(void **state)
{
	uint8_t s[10];
	double h;

	(void)state;
	fill_alternating(s, sizeof(s));
	assert_int_equal(sp90b_multi_mmc(s, sizeof(s), 2, &h), 0);
	check_close(h, sp90b_predict_estimate(7, 8, 7, 2), 0, "mmc binary");
	assert_int_equal(sp90b_multi_mmc(s, sizeof(s), 3, &h), 0);
	check_close(h, sp90b_predict_estimate(7, 8, 7, 3), 0, "mmc k = 3");
}

/*
 * LZ78Y on 0101... (n = 24): the dictionary starts with the 16 strings
 * ending at s[15] = 1; at i = 17 the strings end in 0, none is known (a
 * miss, all are added); from i = 18 on every string is known with the
 * right successor: C = 6, N = 7, run 6.
 */
static void test_lz78y_by_hand(void **state)
{
	uint8_t s[24];
	double h;

	(void)state;
	fill_alternating(s, sizeof(s));
	assert_int_equal(sp90b_lz78y(s, sizeof(s), 2, &h), 0);
	check_close(h, sp90b_predict_estimate(6, 7, 6, 2), 0, "lz binary");
	assert_int_equal(sp90b_lz78y(s, sizeof(s), 3, &h), 0);
	check_close(h, sp90b_predict_estimate(6, 7, 6, 3), 0, "lz k = 3");
}

/*
 * MultiMCW on s[i] = 1 iff i % 4 == 3: every window's most common value
 * is 0, so every prediction is 0, right unless i % 4 == 3 (runs of 3).
 * Constant input: everything right, zero entropy (also for the others).
 */
static void test_mcw_by_hand(void **state)
{
	uint8_t s[5000];
	size_t c = 0;
	double h;

	(void)state;
	for (size_t i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)(i % 4 == 3);
	for (size_t i = 63; i < sizeof(s); i++)
		c += !s[i];
	assert_int_equal(sp90b_multi_mcw(s, sizeof(s), 2, &h), 0);
	check_close(h, sp90b_predict_estimate(c, sizeof(s) - 63, 3, 2), 0,
		    "mcw");
	memset(s, 0, sizeof(s));
	assert_int_equal(sp90b_multi_mcw(s, sizeof(s), 1, &h), 0);
	assert_true(h == 0.0);
	assert_int_equal(sp90b_lag(s, sizeof(s), 1, &h), 0);
	assert_true(h == 0.0);
	assert_int_equal(sp90b_multi_mmc(s, sizeof(s), 2, &h), 0);
	assert_true(h == 0.0);
	assert_int_equal(sp90b_lz78y(s, sizeof(s), 2, &h), 0);
	assert_true(h == 0.0);
}

/* Predictions of a brute-force predictor, tallied. */
struct tally {
	size_t c, run, max;
};

static void tally(struct tally *t, int hit)
{
	t->c += (size_t)hit;
	t->run = hit ? t->run + 1 : 0;
	t->max = t->run > t->max ? t->run : t->max;
}

/*
 * MultiMCW straight from section 6.3.7: recount each window for each
 * prediction; the most common value, ties to the most recent one.
 */
static unsigned int naive_mcw_window(const uint8_t *s, size_t i, size_t w)
{
	size_t cnt[256] = { 0 }, last[256] = { 0 }, best = 0;
	unsigned int v = 0;

	for (size_t j = i - w; j < i; j++) {
		cnt[s[j]]++;
		last[s[j]] = j;
	}
	for (unsigned int y = 0; y < 256; y++) {
		if (cnt[y] > best || (cnt[y] && cnt[y] == best &&
				      last[y] > last[v])) {
			best = cnt[y];
			v = y;
		}
	}
	return v;
}

static double naive_mcw(const uint8_t *s, size_t n, unsigned int k)
{
	static const size_t w[4] = { 63, 255, 1023, 4095 };
	size_t score[4] = { 0 };
	struct tally t = { 0 };
	unsigned int win = 0;

	for (size_t i = 63; i < n; i++) {
		unsigned int pred[4] = { 0 };

		for (unsigned int j = 0; j < 4; j++)
			if (i >= w[j])
				pred[j] = naive_mcw_window(s, i, w[j]);
		tally(&t, pred[win] == s[i]);
		for (unsigned int j = 0; j < 4; j++)
			if (i >= w[j] && pred[j] == s[i] &&
			    ++score[j] >= score[win])
				win = j;
	}
	return sp90b_predict_estimate(t.c, n - 63, t.max, k);
}

/* Lag straight from section 6.3.8: scores for d = 1..128 in order. */
static double naive_lag(const uint8_t *s, size_t n, unsigned int k)
{
	size_t score[129] = { 0 }, high = 0, win = 1;
	struct tally t = { 0 };

	for (size_t i = 1; i < n; i++) {
		tally(&t, s[i - win] == s[i]);
		for (size_t d = 1; d <= 128 && d <= i; d++) {
			if (s[i - d] == s[i] && ++score[d] >= high) {
				high = score[d];
				win = d;
			}
		}
	}
	return sp90b_predict_estimate(t.c, n - 1, t.max, k);
}

static void test_vs_naive(void **state)
{
	static uint8_t s[6000];
	double h;

	(void)state;
	sp90b_gen_walk8(s, sizeof(s), 31);
	assert_int_equal(sp90b_multi_mcw(s, sizeof(s), 256, &h), 0);
	check_close(h, naive_mcw(s, sizeof(s), 256), 0, "mcw walk8");
	assert_int_equal(sp90b_lag(s, sizeof(s), 256, &h), 0);
	check_close(h, naive_lag(s, sizeof(s), 256), 0, "lag walk8");
	sp90b_gen_uniform(s, sizeof(s), 3, 32);
	assert_int_equal(sp90b_multi_mcw(s, sizeof(s), 3, &h), 0);
	check_close(h, naive_mcw(s, sizeof(s), 3), 0, "mcw uniform3");
	assert_int_equal(sp90b_lag(s, sizeof(s), 3, &h), 0);
	check_close(h, naive_lag(s, sizeof(s), 3), 0, "lag uniform3");
	sp90b_gen_markov2(s, sizeof(s), 33);
	assert_int_equal(sp90b_multi_mcw(s, sizeof(s), 2, &h), 0);
	check_close(h, naive_mcw(s, sizeof(s), 2), 0, "mcw markov2");
	assert_int_equal(sp90b_lag(s, sizeof(s), 2, &h), 0);
	check_close(h, naive_lag(s, sizeof(s), 2), 0, "lag markov2");
}

/*
 * Tolerance against NIST's values: on x86-64 (80-bit long double, like
 * the machine the tool ran on) the results agree bit for bit; with another
 * long double (aarch64: 128 bits) the P_local bisection, which stops
 * within 4 ulps of its target, lands ~1e-14 away.  One prediction more or
 * less moves an estimate by more than 1e-7 here.
 */
#define NIST_TOL	1e-11

/* All four estimators of one sequence against NIST's values. */
static void check_nist(const uint8_t *s, size_t n, unsigned int k,
		       const double want[4], const char *what)
{
	double h[4];

	assert_int_equal(sp90b_multi_mcw(s, n, k, &h[0]), 0);
	assert_int_equal(sp90b_lag(s, n, k, &h[1]), 0);
	assert_int_equal(sp90b_multi_mmc(s, n, k, &h[2]), 0);
	assert_int_equal(sp90b_lz78y(s, n, k, &h[3]), 0);
	for (unsigned int i = 0; i < 4; i++) {
		if (!(fabs(h[i] - want[i]) <= NIST_TOL))
			fail_msg("%s estimator %u: %.17g, want %.17g", what,
				 i, h[i], want[i]);
	}
}

/*
 * NIST's ea_non_iid 1.1.7 (usnistgov/SP800-90B_EntropyAssessment
 * 68ed165f), "-vv FILE BITS", MultiMCW, lag, MultiMMC, LZ78Y, on files
 * holding: walk8.bin = sp90b_gen_walk8(120000, seed 1), BITS 8 (256
 * symbols; also its 960,000-bit string, MSB first), markov2.bin =
 * sp90b_gen_markov2(300000, seed 2), BITS 1, uni3.bin =
 * sp90b_gen_uniform(5000, k 3, seed 3), BITS 2 (and its 10,000 bits).
 * walk8 fills MultiMMC's 100,000-entry and LZ78Y's 65,536-entry limits.
 */
static void test_nist(void **state)
{
	static const double walk8[4] = {
		1.0241853669725067, 0.66721856656923206,
		0.67452334846815376, 0.67442046751244256,
	};
	static const double walk8_bits[4] = {
		0.24842439021784848, 0.11706400979011659,
		0.11706400158410915, 0.2282338751164322,
	};
	static const double markov2[4] = {
		0.95121231749891377, 0.6707094273333899,
		0.67075050881704534, 0.67072446777781158,
	};
	static const double uni3[4] = {
		1.4991484600188223, 1.5490897171794973,
		1.5166465749428539, 1.5157137324166869,
	};
	static const double uni3_bits[4] = {
		0.55855638434693911, 0.80479253777663984,
		0.5585669942801641, 0.55917992587273502,
	};
	static uint8_t s[300000], b[960000];

	(void)state;
	sp90b_gen_walk8(s, 120000, 1);
	for (size_t i = 0; i < 120000; i++)
		for (unsigned int j = 0; j < 8; j++)
			b[8 * i + j] =
				(uint8_t)(((unsigned int)s[i] >> (7U - j)) & 1U);
	check_nist(s, 120000, 256, walk8, "walk8");
	check_nist(b, 960000, 2, walk8_bits, "walk8 bits");
	sp90b_gen_markov2(s, 300000, 2);
	check_nist(s, 300000, 2, markov2, "markov2");
	sp90b_gen_uniform(s, 5000, 3, 3);
	for (size_t i = 0; i < 5000; i++) {
		b[2 * i] = (uint8_t)(s[i] >> 1);
		b[2 * i + 1] = (uint8_t)(s[i] & 1U);
	}
	check_nist(s, 5000, 3, uni3, "uni3");
	check_nist(b, 10000, 2, uni3_bits, "uni3 bits");
}

/*
 * As test_nist, on repeat8.bin = sp90b_gen_repeat8(240000, seed 4), BITS
 * 8, where MultiMMC's result depends on its 100,000-entry limit (99,999
 * or 100,001 change it in the 9th digit), and lfsr1.bin =
 * sp90b_gen_lfsr1(400000, seed 5), BITS 1, where only its longest model
 * predicts.
 */
static void test_nist_limits(void **state)
{
	static const double repeat8[4] = {
		7.8678619934770282, 7.7330073532627717,
		0.00011651898742914001, 7.1224576815141276,
	};
	static const double lfsr1[4] = {
		0.99078767774818399, 0.28082495873947999,
		0.14174025651422006, 0.9905232139542085,
	};
	static uint8_t s[400000];

	(void)state;
	sp90b_gen_repeat8(s, 240000, 4);
	check_nist(s, 240000, 256, repeat8, "repeat8");
	sp90b_gen_lfsr1(s, 400000, 5);
	check_nist(s, 400000, 2, lfsr1, "lfsr1");
}

static void test_errors(void **state)
{
	uint8_t s[4096];
	double h;

	(void)state;
	memset(s, 0, sizeof(s));
	assert_int_equal(sp90b_multi_mcw(s, 4095, 2, &h), -EINVAL);
	assert_int_equal(sp90b_multi_mcw(s, 4096, 2, &h), 0);
	assert_int_equal(sp90b_lag(s, 2, 2, &h), -EINVAL);
	assert_int_equal(sp90b_multi_mmc(s, 2, 2, &h), -EINVAL);
	assert_int_equal(sp90b_lz78y(s, 18, 2, &h), -EINVAL);
	assert_int_equal(sp90b_lz78y(s, 18, 3, &h), 0);
	assert_int_equal(sp90b_lag(NULL, 100, 2, &h), -EINVAL);
	assert_int_equal(sp90b_lag(s, 100, 2, NULL), -EINVAL);
	assert_int_equal(sp90b_lag(s, 100, 0, &h), -EINVAL);
	assert_int_equal(sp90b_multi_mmc(s, 100, 257, &h), -EINVAL);
	s[50] = 2;
	assert_int_equal(sp90b_lz78y(s, 100, 2, &h), -EINVAL);
	assert_int_equal(sp90b_multi_mcw(s, 4096, 2, &h), -EINVAL);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_estimate_by_hand),
		cmocka_unit_test(test_local_root),
		cmocka_unit_test(test_estimate_nist),
		cmocka_unit_test(test_lag_by_hand),
		cmocka_unit_test(test_mmc_by_hand),
		cmocka_unit_test(test_lz78y_by_hand),
		cmocka_unit_test(test_mcw_by_hand),
		cmocka_unit_test(test_vs_naive),
		cmocka_unit_test(test_nist),
		cmocka_unit_test(test_nist_limits),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
