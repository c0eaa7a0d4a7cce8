// SPDX-License-Identifier: GPL-2.0
/*
 * test_source_assess.c - the start-up SP 800-90B assessment of the HAVEGE
 * source (source_havege.c, assess.c): a timer whose residual jitter has
 * too little min-entropy for the claim is refused before any byte is
 * released, although it passes the raw health tests; one with enough
 * passes; and a claim larger than the estimate supports is refused.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "assess.h"
#include "config.h"
#include "credit.h"
#include "fake_timer.h"
#include "kat.h"
#include "source.h"

struct assess_case {
	const char *name;
	uint64_t jit_mask;		/* jitter bits added to a delta */
	unsigned int jit_rare_log2;	/* jitter in 1 of 2^N deltas only */
	double h_claim;
	int startup;			/* startup()'s result */
};

/*
 * Residual jitter j (the model timer's deltas are base + j, no trip
 * dependence): mask 3 in half of the deltas gives P(0) = 0.625, i.e.
 * min-entropy 0.68 bit, below 2 x 0.5; it passes the RCT at H = 0.5
 * (0.625^40 ~ 7e-9 per sample).  Mask 7 always: 3 bits per delta by
 * the most common value, but the residuals straddle 0 (their median is
 * subtracted), so the bit string's upper bits flip together and section
 * 3.1.3's bit-string rule gives about 1.2 bits: enough for 0.5, not for 2.
 */
static const struct assess_case cases[] = {
	{ "0.68 bit vs claim 0.5", 3, 1, 0.5, -EIO },
	{ "3 bits vs claim 0.5", 7, 0, 0.5, 0 },
	{ "6 bits vs claim 1.0", 63, 0, 1.0, 0 },
	{ "3 bits vs claim 2.0", 7, 0, 2.0, -EIO },
};

static void run_case(const struct assess_case *c)
{
	struct hwrngd_config cfg;
	struct source_failure fail;
	struct source_stats st;
	struct fake_timer ft;
	struct source *src;
	uint8_t buf[64];
	int r;

	memset(&cfg, 0, sizeof(cfg));
	cfg.buffer_kw = 16;
	cfg.olt_spec = "tbcb";
	cfg.h_claim = c->h_claim;
	fake_timer_init(&ft, FAKE_TIMER_MODEL, 7);
	ft.jit_mask = c->jit_mask;
	ft.jit_rare_log2 = c->jit_rare_log2;
	assert_int_equal(source_havege_new(&src, &cfg, &fake_timer_ops, &ft), 0);
	r = src->ops->startup(src);
	src->ops->failure(src, &fail);
	src->ops->stats(src, &st);
	if (r != c->startup) {
		src->ops->destroy(src);
		fail_msg("%s: startup() gave %d, not %d (%s)", c->name, r,
			 c->startup, fail.detail);
	}
	assert_int_equal(st.quality, credit_quality(c->h_claim));
	if (c->startup) {
		assert_string_equal(fail.procedure, "SP800-90B");
		assert_non_null(strstr(fail.detail, "below 2.0 x the claim"));
		assert_int_equal(src->ops->fill(src, buf, sizeof(buf)), -EIO);
		assert_int_equal(st.released, 0);
	} else {
		assert_int_equal(src->ops->fill(src, buf, sizeof(buf)),
				 sizeof(buf));
	}
	src->ops->destroy(src);
}

static void test_startup_assessment(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_startup_assessment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
