// SPDX-License-Identifier: GPL-2.0
/*
 * test_collector.c: the HAVEGE collector on fake timers.
 *
 * With a reproducible "working" timer the output is a pure function of
 * the timer values (same values, same bytes; other values, other bytes),
 * chunked and bulk reads give the same stream, and the sizes follow the
 * configuration.  The raw health tests reject a constant, a coarse and a
 * periodic timer at start-up, and a timer that breaks later makes fill()
 * fail without handing out the buffer it produced.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "collector.h"
#include "fake_timer.h"

#define OUT_LEN	(256U * 1024U)

struct fixture {
	struct fake_timer ft;
	struct collector_config cfg;
	struct collector c;
	uint8_t out[OUT_LEN];
	uint8_t ref[OUT_LEN];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 42);
	f->cfg.timer_ops = &fake_timer_ops;
	f->cfg.timer_ctx = &f->ft;
	f->cfg.buf_kwords = 4;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	collector_free(&f->c);
	free(f);
	return 0;
}

/* Run a fresh collector on a jitter timer with @seed; OUT_LEN bytes. */
static void generate(struct fixture *f, uint64_t seed, uint8_t *dst)
{
	fake_timer_init(&f->ft, FAKE_TIMER_JITTER, seed);
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_int_equal(collector_fill(&f->c, dst, OUT_LEN), 0);
	collector_free(&f->c);
}

static void test_init_sizes(void **state)
{
	struct fixture *f = *state;

	f->cfg.l1d_kib = 48;	/* rounded down to a power of two */
	f->cfg.l1i_kib = 32;
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_int_equal(f->c.buf_words, 4 * 1024);
	assert_int_equal(f->c.steps, 4 * 1024 / COLLECTOR_WORDS_PER_STEP);
	assert_int_equal(2U * f->c.walk.half * sizeof(uint32_t), 2 * 32 * 1024);
	assert_int_equal(f->c.unroll, 128);
	assert_ptr_equal(f->c.timer.ops, &fake_timer_ops);
	assert_int_equal(f->ft.probes, 1);
	/* One read before warm-up, then one per step of every refill. */
	assert_int_equal(f->ft.reads, 1 + f->c.refills * f->c.steps);
	assert_int_equal(f->c.raw_fail, 0);
	assert_int_equal(health_state(&f->c.health), HEALTH_OK);
}

static void test_unroll_from_l1i(void **state)
{
	static const struct {
		uint32_t l1i;
		unsigned int unroll;
	} cases[] = { { 64, 128 }, { 32, 128 }, { 16, 32 }, { 8, 32 },
		      { 4, 8 }, { 1, 8 } };
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f->cfg.l1i_kib = cases[i].l1i;
		assert_int_equal(collector_init(&f->c, &f->cfg), 0);
		assert_int_equal(f->c.unroll, cases[i].unroll);
		collector_free(&f->c);
	}
}

static void test_bad_config(void **state)
{
	struct fixture *f = *state;

	f->cfg.buf_kwords = COLLECTOR_MAX_KWORDS + 1;
	assert_int_equal(collector_init(&f->c, &f->cfg), -EINVAL);
	f->cfg.buf_kwords = 1;
	f->cfg.l1d_kib = CPUTUNE_MAX_KIB + 1;
	assert_int_equal(collector_init(&f->c, &f->cfg), -EINVAL);
	f->cfg.l1d_kib = 0;
	f->cfg.health_h = 100.0;
	assert_int_equal(collector_init(&f->c, &f->cfg), -EINVAL);
	f->cfg.health_h = 0;
	f->cfg.timer_ops = NULL;
	f->cfg.timer_name = "sundial";
	assert_int_equal(collector_init(&f->c, &f->cfg), -ENOENT);
	assert_null(f->c.buf);
}

static void test_probe_error(void **state)
{
	struct fixture *f = *state;

	f->ft.probe_err = -EIO;
	assert_int_equal(collector_init(&f->c, &f->cfg), -EIO);
	assert_int_equal(f->ft.reads, 0);
	assert_null(f->c.buf);
	collector_free(&f->c);
	collector_free(NULL);
}

/* Same timer values, same output; other values, other output. */
static void test_deterministic(void **state)
{
	struct fixture *f = *state;
	size_t i, same = 0;

	generate(f, 7, f->ref);
	generate(f, 7, f->out);
	assert_memory_equal(f->ref, f->out, OUT_LEN);
	generate(f, 8, f->out);
	for (i = 0; i < OUT_LEN; i++)
		same += f->ref[i] == f->out[i];
	/* Independent bytes agree 1 time in 256: 1024 +- 32 here. */
	assert_true(same < 2 * OUT_LEN / 256);
}

/* Reads of odd sizes across refills give exactly the bulk stream. */
static void test_chunked(void **state)
{
	struct fixture *f = *state;
	size_t pos = 0, n = 1;

	f->cfg.buf_kwords = 1;
	generate(f, 9, f->ref);
	fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 9);
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	while (pos < OUT_LEN) {
		if (n > OUT_LEN - pos)
			n = OUT_LEN - pos;
		assert_int_equal(collector_fill(&f->c, f->out + pos, n), 0);
		pos += n;
		n = n * 3 + 1;
		if (n > 10000)
			n = 7;
	}
	assert_memory_equal(f->ref, f->out, OUT_LEN);
	assert_int_equal(collector_fill(&f->c, f->out, 0), 0);
}

/* Monobit and byte spread of the output of a working timer. */
static void test_output_balanced(void **state)
{
	struct fixture *f = *state;
	uint32_t hist[256] = { 0 };
	uint64_t ones = 0;
	size_t i;

	generate(f, 11, f->out);
	for (i = 0; i < OUT_LEN; i++) {
		ones += (uint64_t)__builtin_popcount(f->out[i]);
		hist[f->out[i]]++;
	}
	/* 2 Mbit: sd 724 ones; 6 sd either side. */
	assert_true(ones > OUT_LEN * 4U - 4400 && ones < OUT_LEN * 4U + 4400);
	for (i = 0; i < 256; i++)	/* mean 1024, sd 32 */
		assert_true(hist[i] > 1024 - 200 && hist[i] < 1024 + 200);
}

/* Start-up must fail: init returns -EIO and releases everything. */
static void expect_startup_failure(struct fixture *f)
{
	assert_int_equal(collector_init(&f->c, &f->cfg), -EIO);
	assert_null(f->c.buf);
	assert_true(f->ft.reads > 0);
}

static void test_constant_timer(void **state)
{
	struct fixture *f = *state;

	fake_timer_init(&f->ft, FAKE_TIMER_CONSTANT, 1);
	expect_startup_failure(f);
}

/*
 * The raw tests after start-up, so the failure bits can be checked: init
 * on a good timer, switch the fake's kind, refill until a test fires
 * (the APT needs a whole window of 512 samples, 64 per refill here).
 */
static unsigned int bits_after_switch(struct fixture *f,
				      enum fake_timer_kind kind,
				      unsigned int period)
{
	int i, r = 0;

	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	f->ft.kind = kind;
	f->ft.period = period;
	for (i = 0; i < 32 && !r; i++)
		r = collector_refill(&f->c);
	assert_int_equal(r, -EIO);
	assert_int_equal(f->c.discarded, 1);
	return f->c.raw_fail;
}

static void test_constant_bits(void **state)
{
	struct fixture *f = *state;

	assert_true(bits_after_switch(f, FAKE_TIMER_CONSTANT, 0) &
		    HEALTH_FAIL_RCT);
}

static void test_coarse_timer(void **state)
{
	struct fixture *f = *state;

	fake_timer_init(&f->ft, FAKE_TIMER_COARSE, 3);
	expect_startup_failure(f);
	fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 3);
	assert_true(bits_after_switch(f, FAKE_TIMER_COARSE, 0) &
		    HEALTH_FAIL_RCT);
}

/* Every period up to 8 and a few longer ones fire a raw test. */
static void test_periodic_timer(void **state)
{
	static const unsigned int periods[] = { 2, 3, 4, 5, 6, 7, 8, 12, 16, 24, 32 };
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(periods) / sizeof(periods[0]); i++) {
		fake_timer_init(&f->ft, FAKE_TIMER_PERIODIC, 5);
		f->ft.period = periods[i];
		expect_startup_failure(f);
		fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 5);
		assert_int_not_equal(bits_after_switch(f, FAKE_TIMER_PERIODIC,
						       periods[i]), 0);
		collector_free(&f->c);
	}
}

/* A timer that sticks while running: fill fails, nothing of it is out. */
static void test_breaks_later(void **state)
{
	struct fixture *f = *state;
	size_t total;

	f->cfg.buf_kwords = 1;
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	total = f->c.buf_words * sizeof(uint32_t);
	/* The last warm-up buffer is handed out first; then it sticks. */
	f->ft.bad_after = f->ft.reads;
	assert_int_equal(collector_fill(&f->c, f->out, total), 0);
	memset(f->out, 0xa5, total);
	assert_int_equal(collector_fill(&f->c, f->out, total), -EIO);
	assert_true(f->c.raw_fail & HEALTH_FAIL_RCT);
	/* The failing buffer was not copied out. */
	assert_int_equal(f->out[0], 0xa5);
	assert_int_equal(f->out[total - 1], 0xa5);
	assert_int_equal(collector_fill(&f->c, f->out, 1), -EIO);
	assert_int_equal(f->c.discarded, 2);
}

/* The real timer: init, fill, and its raw tests stay quiet. */
static void test_real_timer(void **state)
{
	struct fixture *f = *state;

	f->cfg.timer_ops = NULL;
	f->cfg.timer_name = "auto";
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_int_equal(collector_fill(&f->c, f->out, OUT_LEN), 0);
	assert_int_equal(f->c.raw_fail, 0);
	assert_int_equal(f->c.discarded, 0);
	f->cfg.timer_name = "clock";
	collector_free(&f->c);
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_int_equal(collector_fill(&f->c, f->out, OUT_LEN), 0);
	assert_int_equal(f->c.raw_fail, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_sizes),
		T(test_unroll_from_l1i),
		T(test_bad_config),
		T(test_probe_error),
		T(test_deterministic),
		T(test_chunked),
		T(test_output_balanced),
		T(test_constant_timer),
		T(test_constant_bits),
		T(test_coarse_timer),
		T(test_periodic_timer),
		T(test_breaks_later),
		T(test_real_timer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
