// SPDX-License-Identifier: GPL-2.0
/*
 * test_sp90b_tuple.c - SP 800-90B 6.3.5 (t-tuple) and 6.3.6 (LRS): the
 * suffix array and LCP array against a naive sort, the per-length tuple
 * statistics against direct counting, hand-derived cases, and NIST's
 * ea_non_iid on fixed-seed sequences (sp90b_gen.h).
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

/* The text the naive comparison sorts by (qsort has no context). */
static const uint8_t *naive_text;
static size_t naive_n;

static int naive_cmp(const void *a, const void *b)
{
	int32_t i = *(const int32_t *)a, j = *(const int32_t *)b;
	size_t li = naive_n - (size_t)i, lj = naive_n - (size_t)j;
	int c = memcmp(naive_text + i, naive_text + j, li < lj ? li : lj);

	if (c)
		return c;
	return li < lj ? -1 : 1;	/* the shorter suffix first */
}

static int32_t naive_lcp(const uint8_t *s, size_t n, int32_t i, int32_t j)
{
	int32_t h = 0;

	while ((size_t)(i + h) < n && (size_t)(j + h) < n && s[i + h] == s[j + h])
		h++;
	return h;
}

/* Build SA and LCP of s both ways and compare. */
static void check_sa(const uint8_t *s, size_t n, unsigned int k)
{
	int32_t *sa = malloc(n * sizeof(*sa)), *ref = malloc(n * sizeof(*ref));

	assert_non_null(sa);
	assert_non_null(ref);
	for (size_t i = 0; i < n; i++)
		ref[i] = (int32_t)i;
	naive_text = s;
	naive_n = n;
	qsort(ref, n, sizeof(*ref), naive_cmp);
	assert_int_equal(sp90b_sa_build(s, n, k, sa), 0);
	assert_memory_equal(sa, ref, n * sizeof(*sa));
	assert_int_equal(sp90b_sa_lcp(s, n, sa), 0);
	assert_int_equal(sa[0], 0);
	for (size_t i = 1; i < n; i++)
		if (sa[i] != naive_lcp(s, n, ref[i - 1], ref[i]))
			fail_msg("n %zu k %u: lcp[%zu] = %d, want %d", n, k, i,
				 sa[i], naive_lcp(s, n, ref[i - 1], ref[i]));
	free(ref);
	free(sa);
}

static void test_sa_random(void **state)
{
	static const unsigned int ks[] = { 1, 2, 3, 4, 7, 256 };
	uint64_t seed = 11;
	uint8_t s[700];

	(void)state;
	for (size_t a = 0; a < ARRAY_SIZE(ks); a++) {
		for (size_t n = 1; n <= 64; n++) {
			sp90b_gen_uniform(s, n, ks[a], seed++);
			check_sa(s, n, ks[a]);
		}
		sp90b_gen_uniform(s, sizeof(s), ks[a], seed++);
		check_sa(s, sizeof(s), ks[a]);
	}
}

/* Repetitive strings drive SA-IS into deep recursion. */
static void test_sa_repetitive(void **state)
{
	uint8_t s[2000];
	size_t n;

	(void)state;
	memset(s, 5, sizeof(s));
	check_sa(s, sizeof(s), 6);
	for (size_t i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)(i % 2);
	check_sa(s, sizeof(s), 2);
	for (size_t i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)((i % 7) == 3);
	check_sa(s, sizeof(s), 2);
	/* Fibonacci word 0100101001001...: fixed point of 0->01, 1->0. */
	s[0] = 0;
	s[1] = 1;
	n = 2;
	for (size_t j = 1; n < sizeof(s); j++) {
		s[n++] = 0;
		if (!s[j] && n < sizeof(s))
			s[n++] = 1;
	}
	check_sa(s, sizeof(s), 2);
}

/*
 * The estimates recomputed from tuple counts obtained by sorting all
 * t-tuples: Q[t] the largest count, S[t] the sum of C(count, 2).
 */
static int naive_tuple_cmp(const void *a, const void *b)
{
	int32_t i = *(const int32_t *)a, j = *(const int32_t *)b;

	return memcmp(naive_text + i, naive_text + j, naive_n);
}

static void naive_tuple_counts(const uint8_t *s, size_t n, size_t t,
			       uint64_t *qmax, uint64_t *pairs)
{
	size_t m = n - t + 1;
	int32_t *pos = malloc(m * sizeof(*pos));
	uint64_t run = 1;

	assert_non_null(pos);
	for (size_t i = 0; i < m; i++)
		pos[i] = (int32_t)i;
	naive_text = s;
	naive_n = t;		/* compare t symbols */
	qsort(pos, m, sizeof(*pos), naive_tuple_cmp);
	*qmax = 1;
	*pairs = 0;
	for (size_t i = 1; i <= m; i++) {
		if (i < m && !memcmp(s + pos[i - 1], s + pos[i], t)) {
			run++;
			continue;
		}
		*qmax = run > *qmax ? run : *qmax;
		*pairs += run * (run - 1) / 2;
		run = 1;
	}
	free(pos);
}

static double naive_bound(long double p, size_t n)
{
	long double pu = p + 2.575829303548900384158L *
		sqrtl(p * (1.0L - p) / (long double)(n - 1));

	return (double)-log2l(pu > 1.0L ? 1.0L : pu);
}

static void naive_ttuple_lrs(const uint8_t *s, size_t n, double *tt,
			     double *lrs)
{
	long double pt = -1.0L, pl = 0.0L;
	size_t t, u = 0;

	for (t = 1; t < n; t++) {
		long double p;
		uint64_t q;
		uint64_t pairs;

		naive_tuple_counts(s, n, t, &q, &pairs);
		if (q < 2)
			break;		/* t > v: nothing repeats */
		if (!u && q < 35)
			u = t;
		if (!u) {
			p = powl((long double)q / (long double)(n - t + 1),
				 1.0L / (long double)t);
			pt = p > pt ? p : pt;
		} else {
			p = powl((long double)pairs /
				 ((long double)(n - t + 1) *
				  (long double)(n - t) / 2.0L),
				 1.0L / (long double)t);
			pl = p > pl ? p : pl;
		}
	}
	*tt = pt > 0.0L ? naive_bound(pt, n) : NAN;
	*lrs = u ? naive_bound(pl, n) : NAN;
}

static void check_tuple(const uint8_t *s, size_t n, unsigned int k)
{
	double tt, lrs, ntt, nlrs;

	assert_int_equal(sp90b_ttuple_lrs(s, n, k, &tt, &lrs), 0);
	naive_ttuple_lrs(s, n, &ntt, &nlrs);
	if (isnan(ntt))
		assert_true(isnan(tt));
	else
		check_close(tt, ntt, 1e-12, "t-tuple");
	if (isnan(nlrs))
		assert_true(isnan(lrs));
	else
		check_close(lrs, nlrs, 1e-12, "lrs");
}

static void test_tuple_vs_naive(void **state)
{
	uint8_t s[3000];

	(void)state;
	sp90b_gen_uniform(s, sizeof(s), 2, 21);
	check_tuple(s, sizeof(s), 2);
	sp90b_gen_uniform(s, sizeof(s), 3, 22);
	check_tuple(s, sizeof(s), 3);
	sp90b_gen_walk8(s, sizeof(s), 23);
	check_tuple(s, sizeof(s), 256);
	sp90b_gen_markov2(s, sizeof(s), 24);
	check_tuple(s, sizeof(s), 2);
	for (size_t i = 0; i < sizeof(s); i++)
		s[i] = (uint8_t)((i * i) % 11);
	check_tuple(s, sizeof(s), 11);
}

/*
 * Constant input: every t-tuple is the same, Q[t] = n - t + 1 and
 * S[t] = C(n - t + 1, 2), so every estimate is p = 1: zero entropy.
 */
static void test_tuple_constant(void **state)
{
	uint8_t s[500];
	double tt, lrs;

	(void)state;
	memset(s, 0, sizeof(s));
	assert_int_equal(sp90b_ttuple_lrs(s, sizeof(s), 1, &tt, &lrs), 0);
	assert_true(tt == 0.0);
	assert_true(lrs == 0.0);
}

/*
 * 0,1,0,2,0,3,...,0,35: "0" occurs 35 times and is the only repeat, so
 * u = 2 > v = 1: t-tuple from t = 1 only (p = 35/70 = 1/2), no LRS.
 */
static void test_tuple_by_hand(void **state)
{
	uint8_t s[70];
	double tt, lrs, want;

	(void)state;
	for (size_t i = 0; i < 35; i++) {
		s[2 * i] = 0;
		s[2 * i + 1] = (uint8_t)(i + 1);
	}
	assert_int_equal(sp90b_ttuple_lrs(s, 70, 36, &tt, &lrs), 0);
	want = -log2(0.5 + SP90B_Z * sqrt(0.25 / 69.0));
	check_close(tt, want, 1e-13, "t-tuple");
	assert_true(isnan(lrs));
	/* No symbol 35 times: no t-tuple estimate; LRS from t = 1. */
	assert_int_equal(sp90b_ttuple_lrs(s, 20, 36, &tt, &lrs), 0);
	assert_true(isnan(tt));
	/* s[0..19]: "0" 10 times, nothing longer repeats: S[1] = C(10,2). */
	want = -log2(45.0 / 190.0 + SP90B_Z *
		     sqrt(45.0 / 190.0 * (145.0 / 190.0) / 19.0));
	check_close(lrs, want, 1e-13, "lrs");
}

/*
 * NIST's ea_non_iid 1.1.7 (usnistgov/SP800-90B_EntropyAssessment
 * 68ed165f), "-vv FILE BITS" on files holding these sequences:
 * walk8.bin = sp90b_gen_walk8(120000, seed 1), BITS 8 (256 symbols, also
 * the 960,000-bit string); markov2.bin = sp90b_gen_markov2(300000, seed
 * 2), BITS 1; uni3.bin = sp90b_gen_uniform(5000, k 3, seed 3), BITS 2.
 * Bit for bit on x86-64; 1e-12 leaves room for another long double
 * (aarch64: 128 bits), a real difference (one count) is above 1e-7.
 */
static void test_tuple_nist(void **state)
{
	static uint8_t s[400000], b[960000];
	double tt, lrs;
	size_t k = 0;
	uint8_t seen[256] = { 0 };

	(void)state;
	sp90b_gen_walk8(s, 120000, 1);
	for (size_t i = 0; i < 120000; i++) {
		k += !seen[s[i]];
		seen[s[i]] = 1;
		for (unsigned int j = 0; j < 8; j++)
			b[8 * i + j] = (uint8_t)(((unsigned int)s[i] >> (7U - j)) & 1U);
	}
	assert_int_equal(k, 256);	/* NIST translates nothing */
	assert_int_equal(sp90b_ttuple_lrs(s, 120000, 256, &tt, &lrs), 0);
	check_close(tt, 1.4210986211201626, 1e-12, "nist_walk8_ttuple");
	check_close(lrs, 1.3235402803268692, 1e-12, "nist_walk8_lrs");
	assert_int_equal(sp90b_ttuple_lrs(b, 960000, 2, &tt, &lrs), 0);
	check_close(tt, 0.13284642515263426, 1e-12, "nist_walk8_bit_ttuple");
	check_close(lrs, 0.18502739794751152, 1e-12, "nist_walk8_bit_lrs");
	sp90b_gen_markov2(s, 300000, 2);
	assert_int_equal(sp90b_ttuple_lrs(s, 300000, 2, &tt, &lrs), 0);
	check_close(tt, 0.69278071303425592, 1e-12, "nist_markov2_ttuple");
	check_close(lrs, 0.90062048843895315, 1e-12, "nist_markov2_lrs");
	/*
	 * repeat8.bin = sp90b_gen_repeat8(240000, seed 4), BITS 8: the
	 * longest repeat is 120,000 symbols long (v = 120000).
	 */
	sp90b_gen_repeat8(s, 240000, 4);
	assert_int_equal(sp90b_ttuple_lrs(s, 240000, 256, &tt, &lrs), 0);
	check_close(tt, 7.7237373056162317, 1e-12, "repeat8 t-tuple");
	check_close(lrs, 9.3884970413255663e-05, 1e-15, "repeat8 lrs");
	/* lfsr1.bin = sp90b_gen_lfsr1(400000, seed 5), BITS 1. */
	sp90b_gen_lfsr1(s, 400000, 5);
	assert_int_equal(sp90b_ttuple_lrs(s, 400000, 2, &tt, &lrs), 0);
	check_close(tt, 0.93137338618008969, 1e-12, "lfsr1 t-tuple");
	check_close(lrs, 0.30252595083718387, 1e-12, "lfsr1 lrs");
	sp90b_gen_uniform(s, 5000, 3, 3);
	assert_int_equal(sp90b_ttuple_lrs(s, 5000, 3, &tt, &lrs), 0);
	check_close(tt, 1.40521281185365, 1e-12, "nist_uni3_ttuple");
	check_close(lrs, 1.4991652226107228, 1e-12, "nist_uni3_lrs");
}

static void test_tuple_errors(void **state)
{
	uint8_t s[4] = { 0, 1, 2, 3 };
	int32_t sa[4];
	double tt, lrs;

	(void)state;
	assert_int_equal(sp90b_ttuple_lrs(NULL, 4, 4, &tt, &lrs), -EINVAL);
	assert_int_equal(sp90b_ttuple_lrs(s, 1, 4, &tt, &lrs), -EINVAL);
	assert_int_equal(sp90b_ttuple_lrs(s, 4, 0, &tt, &lrs), -EINVAL);
	assert_int_equal(sp90b_ttuple_lrs(s, 4, 257, &tt, &lrs), -EINVAL);
	assert_int_equal(sp90b_ttuple_lrs(s, 4, 3, &tt, &lrs), -EINVAL);
	assert_int_equal(sp90b_ttuple_lrs(s, 4, 4, NULL, &lrs), -EINVAL);
	assert_int_equal(sp90b_sa_build(s, 0, 4, sa), -EINVAL);
	/* All distinct: nothing repeats, neither estimate applies. */
	assert_int_equal(sp90b_ttuple_lrs(s, 4, 4, &tt, &lrs), 0);
	assert_true(isnan(tt) && isnan(lrs));
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sa_random),
		cmocka_unit_test(test_sa_repetitive),
		cmocka_unit_test(test_tuple_vs_naive),
		cmocka_unit_test(test_tuple_constant),
		cmocka_unit_test(test_tuple_by_hand),
		cmocka_unit_test(test_tuple_nist),
		cmocka_unit_test(test_tuple_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
