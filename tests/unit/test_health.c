// SPDX-License-Identifier: GPL-2.0
/*
 * test_health.c - SP 800-90B 4.4 RCT and APT: cutoffs against the spec's
 * exact table and against an independent computation, and the tests on a
 * stuck, a coarse and a periodic source, plus the start-up test.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "health.h"
#include "kat.h"

/* The exact values of the spec (section 6), = SP 800-90B Table 2. */
static void test_apt_table(void **state)
{
	static const struct { double h; bool bin; uint32_t c; } t[] = {
		{ 1, true, 589 }, { 1, false, 311 }, { 2, false, 177 },
		{ 4, false, 62 }, { 8, false, 13 }, { 0.5, false, 410 },
		{ 3, false, 103 }, { 5, false, 39 }, { 6, false, 25 },
		{ 7, false, 18 }, { 0.5, true, 793 }, { 0.8, true, 664 },
	};
	uint32_t c;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		assert_int_equal(health_apt_cutoff(t[i].h, t[i].bin, &c), 0);
		assert_int_equal(c, t[i].c);
	}
}

/*
 * Independent CRITBINOM: log pmf by the ratio recurrence
 * pmf(j + 1) / pmf(j) = (n - j) / (j + 1) * p / (1 - p), no lgamma.
 */
static uint32_t ref_apt(double h, uint32_t n)
{
	double p = pow(2.0, -h), lr = log(p / (1.0 - p)), lp[1025];
	double tail = 0.0;
	uint32_t j;

	lp[0] = (double)n * log1p(-p);
	for (j = 0; j < n; j++)
		lp[j + 1] = lp[j] + log((double)(n - j) / (double)(j + 1)) + lr;
	for (j = n; j > 0; j--) {
		tail += exp(lp[j]);
		if (tail > ldexp(1.0, -20))
			return 1 + j;
	}
	return 1;
}

static void test_apt_independent(void **state)
{
	static const double hs[] = { 0.25, 0.7, 1.5, 2.5, 3.3, 4, 6.5, 10 };
	uint32_t c;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(hs); i++) {
		assert_int_equal(health_apt_cutoff(hs[i], false, &c), 0);
		assert_int_equal(c, ref_apt(hs[i], 512));
		if (hs[i] <= 1.0) {
			assert_int_equal(health_apt_cutoff(hs[i], true, &c), 0);
			assert_int_equal(c, ref_apt(hs[i], 1024));
		}
	}
}

/* RCT: C = 1 + ceil(20 / H), here in integers with H = num / den. */
static void test_rct_cutoffs(void **state)
{
	static const struct { unsigned int num, den; } t[] = {
		{ 1, 1 }, { 1, 2 }, { 2, 1 }, { 8, 1 }, { 4, 5 }, { 3, 1 },
		{ 3, 10 }, { 7, 2 }, { 20, 1 }, { 1, 10 },
	};
	uint32_t c;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		uint32_t want = 1 + (20 * t[i].den + t[i].num - 1) / t[i].num;

		assert_int_equal(health_rct_cutoff((double)t[i].num / t[i].den,
						   &c), 0);
		assert_int_equal(c, want);
	}
	assert_int_equal(health_rct_cutoff(0.0, &c), -EINVAL);
	assert_int_equal(health_rct_cutoff(-1.0, &c), -EINVAL);
	assert_int_equal(health_rct_cutoff(20.5, &c), -EINVAL);
	assert_int_equal(health_apt_cutoff(1.5, true, &c), -EINVAL);
}

/* A stuck source: RCT fires on the C-th equal sample, APT on its C-th. */
static void test_constant(void **state)
{
	struct health h;
	uint32_t i;
	unsigned int f, rct = 0, apt = 0;

	(void)state;
	assert_int_equal(health_init(&h, 1.0, false, 0), 0);
	assert_int_equal(h.rct_cutoff, 21);
	for (i = 1; i <= 512; i++) {
		f = health_insert(&h, 42);
		if ((f & HEALTH_FAIL_RCT) && !rct)
			rct = i;
		if (f & HEALTH_FAIL_APT)
			apt = apt ? apt : i;
	}
	assert_int_equal(rct, 21);
	assert_int_equal(apt, 311);
	assert_int_equal(h.apt_failures, 1);	/* one alarm per window */
	assert_int_equal(health_state(&h), HEALTH_FAILED);
}

/* A coarse timer: low bits always zero (the low byte is all we see). */
static void test_coarse(void **state)
{
	struct health h, full;
	struct kat_rng r;
	unsigned int f = 0, g = 0;
	uint32_t i;

	(void)state;
	kat_seed(&r, 1);
	assert_int_equal(health_init(&h, 4.0, false, 0), 0);
	assert_int_equal(health_init(&full, 4.0, false, 0), 0);
	for (i = 0; i < 4096; i++) {
		uint64_t delta = 4096 * (1000 + kat_bits(&r, 1));

		f |= health_insert(&h, delta & 0xff);
		g |= health_insert(&full, delta);
	}
	assert_true(f & HEALTH_FAIL_RCT);
	/* Two values: no run of 6 is certain, but the APT sees ~256/512. */
	assert_true(g & HEALTH_FAIL_APT);
	assert_int_equal(health_state(&full), HEALTH_FAILED);
}

/* A periodic source never repeats, yet favours each value 1/8 of the time. */
static void test_periodic(void **state)
{
	struct health h, lax;
	unsigned int f = 0, g = 0;
	uint32_t i;

	(void)state;
	assert_int_equal(health_init(&h, 4.0, false, 0), 0);
	assert_int_equal(health_init(&lax, 1.0, false, 0), 0);
	for (i = 0; i < 4096; i++) {
		f |= health_insert(&h, i % 8);
		g |= health_insert(&lax, i % 8);
	}
	assert_int_equal(f, HEALTH_FAIL_APT);	/* 64 of 512 >= 62 */
	assert_int_equal(h.rct_max, 1);
	assert_int_equal(g, 0);			/* 64 < 311 */
	assert_int_equal(health_state(&lax), HEALTH_OK);
}

/* Good samples: no alarm, start-up passes after exactly 1024 samples. */
static void test_startup_random(void **state)
{
	struct health h, bin;
	struct kat_rng r;
	unsigned int f = 0;
	uint32_t i;

	(void)state;
	kat_seed(&r, 2);
	assert_int_equal(health_init(&h, 4.0, false, 0), 0);
	assert_int_equal(health_init(&bin, 0.5, true, 1500), 0);
	assert_int_equal(h.startup_len, 1024);
	assert_int_equal(bin.startup_len, 2048);
	for (i = 1; i <= 200000; i++) {
		f |= health_insert(&h, kat_next(&r));
		f |= health_insert(&bin, kat_bits(&r, 1));
		if (i == 1023)
			assert_int_equal(health_state(&h), HEALTH_STARTUP);
		if (i == 1024)
			assert_int_equal(health_state(&h), HEALTH_OK);
	}
	assert_int_equal(f, 0);
	assert_int_equal(health_state(&bin), HEALTH_OK);
	health_reset(&h);
	assert_int_equal(health_state(&h), HEALTH_STARTUP);
}

/*
 * health_insert_bytes() is health_insert() on each byte: every counter,
 * maximum and the start-up state agree, on data that repeats a lot (runs
 * and window counts that reach the cutoffs) and on data that does not,
 * in blocks of odd sizes across window boundaries.
 */
static void test_insert_bytes(void **state)
{
	static const double hs[] = { 0.5, 2, 8 };
	static uint8_t s[20000];
	struct health a, b;
	uint64_t x = 88172645463325252ULL;
	size_t i, k, n;
	unsigned int fa, fb;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(s); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* mostly 0 in the first half, stretches of 3s, then uniform */
		s[i] = i < 8000 ? (uint8_t)((x & 7) ? 0 : x >> 8) :
		       i < 9000 ? 3 : (uint8_t)x;
	}
	for (k = 0; k < ARRAY_SIZE(hs); k++) {
		assert_int_equal(health_init(&a, hs[k], false, 0), 0);
		assert_int_equal(health_init(&b, hs[k], false, 0), 0);
		for (i = 0; i < ARRAY_SIZE(s); i += n) {
			n = 1 + (i * 7919) % 700;
			if (n > ARRAY_SIZE(s) - i)
				n = ARRAY_SIZE(s) - i;
			fb = health_insert_bytes(&b, s + i, n);
			fa = 0;
			for (size_t j = i; j < i + n; j++)
				fa |= health_insert(&a, s[j]);
			assert_int_equal(fa, fb);
			assert_int_equal(health_state(&a), health_state(&b));
		}
		assert_int_equal(a.samples, b.samples);
		assert_int_equal(a.rct_failures, b.rct_failures);
		assert_int_equal(a.apt_failures, b.apt_failures);
		assert_int_equal(a.rct_max, b.rct_max);
		assert_int_equal(a.apt_max, b.apt_max);
		assert_int_equal(a.rct_count, b.rct_count);
		assert_int_equal(a.apt_count, b.apt_count);
		assert_int_equal(a.apt_seen, b.apt_seen);
		assert_true(a.rct_failures + a.apt_failures > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_insert_bytes),
		cmocka_unit_test(test_apt_table),
		cmocka_unit_test(test_apt_independent),
		cmocka_unit_test(test_rct_cutoffs),
		cmocka_unit_test(test_constant),
		cmocka_unit_test(test_coarse),
		cmocka_unit_test(test_periodic),
		cmocka_unit_test(test_startup_random),
	};

	return cmocka_run_group_tests_name("health", tests, NULL, NULL);
}
