// SPDX-License-Identifier: GPL-2.0
/*
 * test_collector.c: the HAVEGE collector on fake timers.
 *
 * With a reproducible "working" timer the output is a pure function of
 * the timer values (same values, same bytes; other values, other bytes),
 * chunked and bulk reads give the same stream, and the sizes follow the
 * configuration.  The residual samples are the deltas less what the
 * walk's trip count explains (a fake timer that models the walk gives its
 * jitter back exactly).  The raw health tests reject a constant, a coarse,
 * a periodic (periods 1..128) and a deterministic timer at start-up, a
 * timer that breaks later makes the very refill it broke in fail without
 * handing out its buffer, and a good timer never raises an alarm.
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
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

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

	/* its residuals are -ref[key]: the raw deltas show it (lag 1) */
	assert_true(bits_after_switch(f, FAKE_TIMER_CONSTANT, 0) &
		    COLLECTOR_FAIL_PERIOD);
}

static void test_coarse_timer(void **state)
{
	struct fixture *f = *state;

	fake_timer_init(&f->ft, FAKE_TIMER_COARSE, 3);
	expect_startup_failure(f);
	fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 3);
	/* long runs of zero deltas, the same run lengths over and over */
	assert_true(bits_after_switch(f, FAKE_TIMER_COARSE, 0) &
		    (HEALTH_FAIL_APT | COLLECTOR_FAIL_PERIOD));
}

/*
 * Every period 1..PERIOD_MAX_LAG (9, 11, 13, ... included, which the old
 * 8-delta packing let through) fails the periodicity check at start-up,
 * and after it within one refill of 511 deltas.
 */
static void test_periodic_timer(void **state)
{
	struct fixture *f = *state;
	unsigned int p;

	for (p = 1; p <= PERIOD_MAX_LAG; p++) {
		fake_timer_init(&f->ft, FAKE_TIMER_PERIODIC, 5);
		f->ft.period = p;
		expect_startup_failure(f);
		fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 5);
		assert_int_equal(collector_init(&f->c, &f->cfg), 0);
		f->ft.kind = FAKE_TIMER_PERIODIC;
		f->ft.period = p;
		assert_int_equal(collector_refill(&f->c), -EIO);
		assert_true(f->c.raw_fail & COLLECTOR_FAIL_PERIOD);
		assert_true(f->c.period.max_lag <= p && p % f->c.period.max_lag == 0);
		collector_free(&f->c);
	}
}

/* Lag 65 is beyond the check: a period of 65 is left to the other tests. */
static void test_period_limit(void **state)
{
	struct fixture *f = *state;

	fake_timer_init(&f->ft, FAKE_TIMER_PERIODIC, 5);
	f->ft.period = PERIOD_MAX_LAG + 1;
	f->cfg.record = true;
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_int_equal(f->c.period.failures, 0);
}

/*
 * Coarse counters read in ns while every step takes the same time: a
 * 1 us clock and a 24 MHz counter (41.67 ns), with several step times.
 */
static void test_ticked_timers(void **state)
{
	static const uint64_t ticks_ps[] = { 1000000, 41667 };
	static const uint64_t steps_ps[] = { 25000, 31000, 40000, 97000, 333000 };
	struct fixture *f = *state;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(ticks_ps); i++) {
		for (j = 0; j < ARRAY_SIZE(steps_ps); j++) {
			fake_timer_init(&f->ft, FAKE_TIMER_TICKED, 1);
			f->ft.tick_ps = ticks_ps[i];
			f->ft.step_ps = steps_ps[j];
			expect_startup_failure(f);
		}
	}
}

/*
 * A timer that gets stuck in the middle of a refill after start-up: that
 * very refill fails (lag 1 of the periodicity check on the raw deltas;
 * the residuals of a stuck timer are -ref[key] and vary with the key)
 * and its buffer is not handed out.
 */
static void test_stuck_within_refill(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	f->ft.bad_after = f->ft.reads + f->c.steps / 2;
	assert_int_equal(collector_refill(&f->c), -EIO);
	assert_true(f->c.raw_fail & COLLECTOR_FAIL_PERIOD);
	assert_int_equal(f->c.discarded, 1);
	assert_int_equal(f->c.pos, f->c.buf_words * sizeof(uint32_t));
}

/* A good timer: a million deltas without a single alarm of any test. */
static void test_no_false_alarm(void **state)
{
	struct fixture *f = *state;
	int i;

	fake_timer_init(&f->ft, FAKE_TIMER_MODEL, 77);
	f->ft.col = &f->c;
	f->ft.jit_mask = 15;	/* 4 bits of jitter on every delta */
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	for (i = 0; i < 2048; i++)
		assert_int_equal(collector_refill(&f->c), 0);
	assert_int_equal(f->c.raw_fail, 0);
	assert_int_equal(f->c.health.rct_failures + f->c.health.apt_failures +
			 f->c.period.failures, 0);
	assert_true(f->c.health.samples >= 2048U * 511U);
	assert_true(f->c.period.max_run < f->c.period.cutoff / 2);
}

/*
 * The walk modelled exactly (delta = 135 + 21 n, as QEMU -icount makes
 * it): the raw deltas vary with the trip count and look like noise, but
 * every residual is 0; the RCT fails start-up, the periodicity check does
 * not fire (it is not periodic; with an even base the walk's trip counts
 * get stuck at 0 and lag 1 fires as well).
 */
static void test_deterministic_walk(void **state)
{
	struct fixture *f = *state;
	uint8_t smp[4096];
	size_t i;

	fake_timer_init(&f->ft, FAKE_TIMER_MODEL, 3);
	f->ft.col = &f->c;
	f->ft.base = 135;
	assert_int_equal(collector_init(&f->c, &f->cfg), -EIO);
	fake_timer_init(&f->ft, FAKE_TIMER_MODEL, 3);
	f->ft.col = &f->c;
	f->ft.base = 135;
	f->cfg.record = true;
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_true(f->c.raw_fail & HEALTH_FAIL_RCT);
	assert_false(f->c.raw_fail & COLLECTOR_FAIL_PERIOD);
	assert_int_equal(collector_record(&f->c, smp, sizeof(smp)), 0);
	for (i = 0; i < sizeof(smp); i++)
		assert_int_equal(smp[i], 0);
	/* a recording collector never releases output */
	assert_int_equal(collector_fill(&f->c, f->out, 1), -EPERM);
}

/*
 * The walk modelled plus a known jitter (0 on 7 deltas of 8, so that every
 * key's median is 0): the residuals are exactly the jitter, sample j of a
 * refill being delta j + 2 of it.
 */
static void check_jitter_back(struct fixture *f, uint64_t back_edge,
			      size_t *mismatch)
{
	static uint8_t log[1U << 16];
	uint8_t smp[8 * 511];
	uint64_t r0;
	size_t i, q, k;

	fake_timer_init(&f->ft, FAKE_TIMER_MODEL, 99);
	f->ft.col = &f->c;
	f->ft.back_edge = back_edge;
	f->ft.jit_rare_log2 = 3;
	f->ft.jit_mask = 0xff;
	f->ft.jit_log = log;
	f->ft.jit_len = sizeof(log);
	f->cfg.record = true;
	assert_int_equal(collector_init(&f->c, &f->cfg), 0);
	assert_int_equal(f->c.steps, 512);
	r0 = f->ft.reads;
	assert_int_equal(collector_record(&f->c, smp, sizeof(smp)), 0);
	*mismatch = 0;
	for (q = 0; q < 8; q++) {
		for (i = 2; i <= 512; i++) {
			k = q * 511 + i - 2;
			*mismatch += smp[k] != log[(r0 + q * 512 + i) % sizeof(log)];
		}
	}
	collector_free(&f->c);
}

static void test_residual_jitter(void **state)
{
	struct fixture *f = *state;
	size_t bad;

	check_jitter_back(f, 0, &bad);
	assert_int_equal(bad, 0);
	/*
	 * With the loop's back edge costing 9 more: only deltas of a key
	 * too rare for a median of its own (long trip counts on the first
	 * read of a block, < 1 in 1000) may be off.
	 */
	check_jitter_back(f, 9, &bad);
	assert_true(bad <= 8 * 511 / 1000);
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
	assert_true(f->c.raw_fail & COLLECTOR_FAIL_PERIOD);
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
		T(test_period_limit),
		T(test_ticked_timers),
		T(test_stuck_within_refill),
		T(test_no_false_alarm),
		T(test_deterministic_walk),
		T(test_residual_jitter),
		T(test_breaks_later),
		T(test_real_timer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
