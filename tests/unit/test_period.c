// SPDX-License-Identifier: GPL-2.0
/*
 * test_period.c: the periodicity check (helper/noise/period.h).  Its cutoff
 * against the formula, and its verdict against a plain run counter per
 * lag on random bytes with planted periodic stretches just below and at
 * the cutoff, at every lag and at the ends of the block.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "period.h"

#define N	4096U

/* The cutoff: ceil(27 / H) matches (20 for alpha, 7 for 128 lags). */
static void test_cutoffs(void **state)
{
	static const struct { double h; uint32_t c; } t[] = {
		{ 0.5, 54 }, { 1, 27 }, { 2, 14 }, { 3, 9 }, { 4, 7 },
		{ 0.25, 108 }, { 0.9, 30 }, { 0.3, 90 }, { 8, 4 }, { 20, 2 },
	};
	uint32_t c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(period_cutoff(t[i].h, &c), 0);
		assert_int_equal(c, t[i].c);
	}
	assert_int_equal(period_cutoff(0, &c), -EINVAL);
	assert_int_equal(period_cutoff(20.5, &c), -EINVAL);
	assert_int_equal(period_cutoff(-1, &c), -EINVAL);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The longest run of x_i == x_{i-p} over all lags, counted plainly. */
static uint32_t plain_longest(const uint8_t *x, size_t n)
{
	uint32_t best = 0, run;
	size_t p, i;

	for (p = 1; p <= PERIOD_MAX_LAG; p++) {
		run = 0;
		for (i = p; i < n; i++) {
			run = x[i] == x[i - p] ? run + 1 : 0;
			if (run > best)
				best = run;
		}
	}
	return best;
}

/* Random bytes, then a stretch from @at on repeating lag @p for @len. */
static void plant(uint8_t *x, uint64_t seed, size_t p, size_t at, size_t len)
{
	uint64_t s = seed;
	size_t i;

	for (i = 0; i < N; i++)
		x[i] = (uint8_t)xorshift(&s);
	for (i = at; i < at + len && i < N; i++)
		x[i] = x[i - p];
}

static void check(double h, size_t p, size_t at, size_t len, uint64_t seed)
{
	static uint8_t x[N];
	struct period pd;
	uint32_t want;
	int fail;

	plant(x, seed, p, at, len);
	assert_int_equal(period_init(&pd, h), 0);
	want = plain_longest(x, N);
	fail = period_check(&pd, x, N);
	assert_int_equal(fail, want >= pd.cutoff);
	assert_int_equal(pd.failures, (uint64_t)fail);
	assert_int_equal(pd.samples, N);
	/* below the cutoff only runs through a checked block are measured */
	if (!fail)
		assert_true(pd.max_run <= want);
	else
		assert_int_equal(pd.max_run, pd.cutoff);
}

/* Runs of C - 1 never fail, runs of C always do, wherever they are. */
static void test_against_plain(void **state)
{
	static const double hs[] = { 0.5, 1, 4 };
	uint32_t c;
	size_t i, p, at;

	(void)state;
	for (i = 0; i < sizeof(hs) / sizeof(hs[0]); i++) {
		assert_int_equal(period_cutoff(hs[i], &c), 0);
		for (p = 1; p <= PERIOD_MAX_LAG; p += 1 + p / 8) {
			for (at = p; at < N; at += 997) {
				check(hs[i], p, at, c - 1, p * 131 + at);
				check(hs[i], p, at, c, p * 131 + at);
			}
			check(hs[i], p, N - c, c, p);		/* at the end */
			check(hs[i], p, p, c, p + 1);		/* at the start */
		}
	}
}

/* Lag 129 is not looked at; a constant block fails at lag 1. */
static void test_limits(void **state)
{
	static uint8_t x[N];
	struct period pd;

	(void)state;
	plant(x, 5, PERIOD_MAX_LAG + 1, PERIOD_MAX_LAG + 1, N);
	assert_int_equal(period_init(&pd, 0.5), 0);
	assert_int_equal(period_check(&pd, x, N), 0);
	memset(x, 7, sizeof(x));
	assert_int_equal(period_check(&pd, x, N), 1);
	assert_int_equal(pd.max_lag, 1);
	assert_int_equal(period_check(&pd, x, 10), 0);	/* too short */
	assert_int_equal(pd.failures, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cutoffs),
		cmocka_unit_test(test_against_plain),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
