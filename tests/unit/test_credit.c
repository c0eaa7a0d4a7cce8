// SPDX-License-Identifier: GPL-2.0
/*
 * test_credit.c - the credit arithmetic of credit.h against values worked
 * out by hand in docs/quality.md, and the kernel's per-read rounding.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "credit.h"
#include "kat.h"

/* quality = floor(1024 * H / 256) = floor(4 * H) */
static void test_quality_table(void **state)
{
	static const struct { double h; unsigned int q; } t[] = {
		{ 0.0, 0 }, { -1.0, 0 }, { 0.24, 0 }, { 0.25, 1 },
		{ 0.49, 1 }, { 0.5, 2 }, { 0.99, 3 }, { 1.0, 4 },
		{ 2.2, 8 }, { 8.0, 32 }, { 255.9, 1023 }, { 256.0, 1024 },
		{ 1e6, 1024 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(credit_quality(t[i].h), t[i].q);
	assert_int_equal(credit_quality(NAN), 0);
}

/* The kernel's rc * q * 8 >> 10 per read: the minimum credits 1 bit. */
static void test_quality_min(void **state)
{
	unsigned int rb[] = { 16, 32, 64, 128 };
	unsigned int q;
	size_t i;

	(void)state;
	assert_int_equal(credit_quality_min(64), 2);
	assert_int_equal(credit_quality_min(32), 4);
	for (i = 0; i < ARRAY_SIZE(rb); i++) {
		q = credit_quality_min(rb[i]);
		assert_true((rb[i] * q * 8U) >> 10 >= 1U);
		assert_true((rb[i] * (q - 1U) * 8U) >> 10 == 0U);
	}
}

static void test_bits(void **state)
{
	(void)state;
	assert_int_equal(credit_bits(64, 2), 1);
	assert_int_equal(credit_bits(63, 2), 0);
	assert_int_equal(credit_bits(4096, 2), 64);
	assert_int_equal(credit_bits(32, 1024), 256);
	assert_int_equal(credit_bits(0, 1024), 0);
	/* 16 KiB at the default claim: 256 bits, what seeds the CRNG */
	assert_int_equal(credit_bits(16384, credit_quality(CREDIT_H_CLAIM_DEFAULT)),
			 256);
}

static void test_check(void **state)
{
	(void)state;
	assert_int_equal(credit_check(1.0, 0.5), 0);
	assert_int_equal(credit_check(0.999, 0.5), -EDOM);
	assert_int_equal(credit_check(NAN, 0.5), -EDOM);
	assert_int_equal(credit_check(5.0, 0.4), -EINVAL);
	assert_int_equal(credit_check(2.2, 1.1), 0);
	assert_true(fabs(credit_supported(2.2) - 1.1) < 1e-12);
	assert_true(credit_supported(-1.0) == 0.0);
}

/* (256 + 64) bits * 32 bytes per delta / 0.5 bit per delta = 20480 */
static void test_condition_input(void **state)
{
	(void)state;
	assert_int_equal(credit_condition_input(0.5, 32), 20480);
	assert_int_equal(credit_condition_input(1.0, 32), 10240);
	assert_int_equal(credit_condition_input(3.0, 32), 3414);
	assert_int_equal(credit_condition_input(0.0, 32), 0);
	/* the input always carries at least 320 bits */
	assert_true(3414.0 * 3.0 / 32.0 >= 320.0);
	assert_true(3413.0 * 3.0 / 32.0 < 320.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quality_table),
		cmocka_unit_test(test_quality_min),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_condition_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
