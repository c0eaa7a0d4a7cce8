// SPDX-License-Identifier: GPL-2.0
/*
 * test_condition.c: SP 800-90B section 3.1.5.1.2 Output_Entropy and the
 * conditioned-mode credit (helper/condition/condition.c).  Expected values were
 * computed from the formula as printed in the standard, in 400-digit
 * decimal arithmetic (no scaling, no log1p), so they check the scaled
 * double-precision evaluation; two have closed forms:
 *  - n_in = n_out = nw = h_in = 256: omega wins, h_out = 256 -
 *    log2(1 + sqrt(512 ln 2));
 *  - h_in = n_out + 64 with a huge n_in: the deficit is log2(1 + 2^-64).
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "condition.h"
#include "credit.h"
#include "size.h"

/*
 * Quality = floor(1024 * h_out / n_out): h_out is always a little below
 * the round values listed (100 is 100 - 2^-156-ish), hence 399, not 400.
 */
struct oe_case {
	double h_in;
	unsigned int n_in, n_out, nw;
	double h_out;		/* Output_Entropy */
	double deficit;		/* n_out - h_out */
	unsigned int quality;
	bool full;
};

static const struct oe_case oe_cases[] = {
	/* the daemon's default: 20480 bytes at 0.5 bit per 32-byte delta */
	{ 320, 163840, 256, 256, 256.0, 7.82086548782938888e-20, 1024, true },
	{ 256, 256, 256, 256, 251.68976456872705512, 4.31023543127294488,
	  1006, false },
	{ 100, 1024, 256, 256, 100.0, 156.0, 399, false },
	/* n_out + 10: psi, 2^-10 short of full */
	{ 266, 163840, 256, 256, 255.99859180560719161, 1.40819439280838891e-3,
	  1023, false },
	/* nw narrower than the output bounds it */
	{ 200, 512, 256, 128, 128.0, 128.0, 511, false },
	{ 8, 8, 256, 256, 8.0, 248.0, 31, false },
	{ 300, 300, 256, 256, 255.99999352020345348, 6.47979654651716157e-6,
	  1023, false },
	{ 64, 163840, 256, 256, 64.0, 192.0, 255, false },
};

static void assert_close(double got, double want, double rel)
{
	double tol = fabs(want) * rel;

	if (fabs(got - want) > tol) {
		print_error("got %.20g, wanted %.20g\n", got, want);
		fail();
	}
}

static void test_output_entropy(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(oe_cases); i++) {
		const struct oe_case *c = &oe_cases[i];

		assert_close(condition_output_entropy(c->h_in, c->n_in,
						      c->n_out, c->nw),
			     c->h_out, 1e-13);
	}
}

static void test_assess(void **state)
{
	struct condition_credit cr;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(oe_cases); i++) {
		const struct oe_case *c = &oe_cases[i];

		assert_int_equal(condition_assess(&cr, c->h_in, c->n_in,
						  c->n_out, c->nw), 0);
		assert_close(cr.h_out, c->h_out, 1e-13);
		/* the deficit keeps its precision when h_out rounds to n_out */
		assert_close(cr.deficit, c->deficit, 1e-9);
		assert_true(cr.deficit > 0);
		assert_int_equal(cr.full, c->full);
		assert_int_equal(cr.quality, c->quality);
		assert_true(cr.h_in == c->h_in);
	}
}

/* The closed forms of the header comment. */
static void test_closed_forms(void **state)
{
	struct condition_credit cr;

	(void)state;
	assert_close(condition_output_entropy(256, 256, 256, 256),
		     256 - log2(1 + sqrt(512 * M_LN2)), 1e-15);
	assert_int_equal(condition_assess(&cr, 256 + 64, 1U << 20, 256, 256), 0);
	assert_close(cr.deficit, log1p(ldexp(1, -64)) / M_LN2, 1e-9);
}

/* Output entropy never exceeds the input, the output or the width. */
static void test_bounds(void **state)
{
	static const unsigned int n_ins[] = { 8, 255, 256, 257, 1024, 163840 };
	double h, h_out;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(n_ins); i++) {
		for (h = 0.5; h <= n_ins[i] && h < 2000; h *= 1.7) {
			h_out = condition_output_entropy(h, n_ins[i], 256, 256);
			assert_true(h_out <= h);
			assert_true(h_out <= 256);
			assert_true(h_out > 0);
		}
	}
}

static void test_invalid(void **state)
{
	struct condition_credit cr;

	(void)state;
	assert_true(isnan(condition_output_entropy(0, 256, 256, 256)));
	assert_true(isnan(condition_output_entropy(257, 256, 256, 256)));
	assert_true(isnan(condition_output_entropy(NAN, 256, 256, 256)));
	assert_true(isnan(condition_output_entropy(10, 0, 256, 256)));
	assert_true(isnan(condition_output_entropy(10, 256, 0, 256)));
	assert_true(isnan(condition_output_entropy(10, 256, 256, 0)));
	assert_true(isnan(condition_output_entropy(10, 1024, 1024, 256)));
	assert_int_equal(condition_assess(&cr, -1, 256, 256, 256), -EINVAL);
	/* a sliver of entropy is worth quality 0, not a wrapped-around one */
	assert_int_equal(condition_assess(&cr, 1e-12, 256, 256, 256), 0);
	assert_int_equal(cr.quality, 0);
	assert_int_equal(condition_assess(&cr, 10, 256, 256, 513), -EINVAL);
}

static void test_input_entropy(void **state)
{
	(void)state;
	assert_true(condition_input_entropy(20480, 0.5) == 320.0);
	assert_true(condition_input_entropy(32, 1.0) == 1.0);
	assert_true(condition_input_entropy(0, 1.0) == 0.0);
}

/*
 * credit_condition_input() (credit.c) sizes the blocks: at each claim its
 * n_in is full entropy here and one byte less is not.
 */
static void test_credit_input_is_full(void **state)
{
	static const double claims[] = {
		CREDIT_H_CLAIM_DEFAULT, 0.1, 0.25, 0.3, 1.0, 1.27, 2.9, 7.0,
	};
	struct condition_credit cr;
	unsigned int i;
	size_t n_in;
	double h;

	(void)state;
	assert_int_equal(credit_condition_input(CREDIT_H_CLAIM_DEFAULT,
						CONDITION_OUT_BYTES), 20480);
	for (i = 0; i < ARRAY_SIZE(claims); i++) {
		h = claims[i];
		n_in = credit_condition_input(h, CONDITION_OUT_BYTES);
		assert_int_equal(condition_assess(&cr,
						  condition_input_entropy(n_in, h),
						  (unsigned int)n_in * 8,
						  CONDITION_OUT_BITS,
						  CONDITION_NW_BITS), 0);
		assert_true(cr.full);
		assert_int_equal(cr.quality, CONDITION_QUALITY_FULL);
		assert_int_equal(condition_assess(&cr,
						  condition_input_entropy(n_in - 1, h),
						  (unsigned int)(n_in - 1) * 8,
						  CONDITION_OUT_BITS,
						  CONDITION_NW_BITS), 0);
		assert_false(cr.full);
		assert_int_equal(cr.quality, CONDITION_QUALITY_FULL - 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_entropy),
		cmocka_unit_test(test_assess),
		cmocka_unit_test(test_closed_forms),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_input_entropy),
		cmocka_unit_test(test_credit_input_is_full),
	};

	return cmocka_run_group_tests_name("condition", tests, NULL, NULL);
}
