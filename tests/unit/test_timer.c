// SPDX-License-Identifier: GPL-2.0
/*
 * test_timer.c: timer sources and their selection: lookup by name, the
 * architecture-specific sources probe -ENODEV where they cannot work, a
 * failing probe is an error (never a crash), and every source that probes
 * on this machine reads a non-decreasing, moving counter.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fake_timer.h"
#include "timer.h"

static void test_find(void **state)
{
	static const char *const names[] = { "tsc", "tscp", "cntvct", "clock" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_non_null(timer_find(names[i]));
		assert_string_equal(timer_find(names[i])->name, names[i]);
	}
	assert_null(timer_find("fake"));
	assert_null(timer_find(""));
	assert_ptr_equal(timer_find("clock"), &timer_clock);
}

static void test_enumerate(void **state)
{
	const struct timer_ops *ops;
	size_t i, j;

	(void)state;
	for (i = 0; (ops = timer_by_index(i)); i++) {
		assert_non_null(ops->probe);
		assert_non_null(ops->read);
		assert_non_null(ops->desc);
		for (j = 0; j < i; j++)
			assert_string_not_equal(timer_by_index(j)->name, ops->name);
	}
	assert_int_equal(i, 4);
}

static void test_arch_probe(void **state)
{
	(void)state;
	assert_int_equal(timer_clock.probe(NULL), 0);
#if defined(__x86_64__)
	assert_int_equal(timer_cntvct.probe(NULL), -ENODEV);
	assert_int_equal(timer_tsc.probe(NULL), 0);
#elif defined(__aarch64__)
	assert_int_equal(timer_tsc.probe(NULL), -ENODEV);
	assert_int_equal(timer_tscp.probe(NULL), -ENODEV);
	assert_int_equal(timer_cntvct.probe(NULL), 0);
#endif
}

/* An unknown name is not found; a source missing here is not opened. */
static void test_open_errors(void **state)
{
	struct timer t = { NULL, NULL };

	(void)state;
	assert_null(timer_find("sundial"));
#if defined(__x86_64__)
	assert_int_equal(timer_open(&t, timer_find("cntvct"), NULL), -ENODEV);
#elif defined(__aarch64__)
	assert_int_equal(timer_open(&t, timer_find("tsc"), NULL), -ENODEV);
#endif
	assert_null(t.ops);
}

/* The first source in preference order that probes is the CPU counter. */
static void test_first_that_probes(void **state)
{
	const struct timer_ops *ops;
	struct timer t = { NULL, NULL };
	size_t i;

	(void)state;
	for (i = 0; (ops = timer_by_index(i)); i++)
		if (!timer_open(&t, ops, NULL))
			break;
	assert_non_null(t.ops);
	assert_int_equal(t.ops->probe(NULL), 0);
#if defined(__x86_64__)
	assert_ptr_equal(t.ops, &timer_tsc);
#elif defined(__aarch64__)
	assert_ptr_equal(t.ops, &timer_cntvct);
#endif
}

/* Every source that probes here counts up and does move. */
static void test_reads_move(void **state)
{
	const struct timer_ops *ops;
	struct timespec ts = { 0, 200000 };
	struct timer t;
	uint64_t a, b;
	size_t i;
	int k;

	(void)state;
	for (i = 0; (ops = timer_by_index(i)); i++) {
		if (timer_open(&t, ops, NULL) < 0)
			continue;
		a = timer_read(&t);
		for (k = 0; k < 1000; k++) {
			b = timer_read(&t);
			assert_true(b >= a);
			a = b;
		}
		nanosleep(&ts, NULL);
		b = timer_read(&t);
		assert_true(b > a);
	}
}

static void test_open_fake(void **state)
{
	struct timer t = { NULL, NULL };
	struct fake_timer ft;

	(void)state;
	fake_timer_init(&ft, FAKE_TIMER_JITTER, 1);
	ft.probe_err = -EIO;
	assert_int_equal(timer_open(&t, &fake_timer_ops, &ft), -EIO);
	assert_null(t.ops);
	assert_int_equal(ft.probes, 1);
	assert_int_equal(ft.reads, 0);
	ft.probe_err = 0;
	assert_int_equal(timer_open(&t, &fake_timer_ops, &ft), 0);
	assert_ptr_equal(t.ctx, &ft);
	assert_true(timer_read(&t) < timer_read(&t));
	assert_int_equal(ft.reads, 2);
}

static void test_open_incomplete(void **state)
{
	struct timer_ops ops = fake_timer_ops;
	struct timer t = { NULL, NULL };

	(void)state;
	assert_int_equal(timer_open(&t, NULL, NULL), -EINVAL);
	ops.read = NULL;
	assert_int_equal(timer_open(&t, &ops, NULL), -EINVAL);
	ops = fake_timer_ops;
	ops.probe = NULL;
	assert_int_equal(timer_open(&t, &ops, NULL), -EINVAL);
	assert_null(t.ops);
}

/* The fakes themselves behave as the collector tests assume. */
static void test_fake_kinds(void **state)
{
	struct fake_timer ft;
	uint64_t prev, d[7];
	int i;

	(void)state;
	fake_timer_init(&ft, FAKE_TIMER_CONSTANT, 1);
	assert_int_equal(fake_timer_read(&ft), fake_timer_read(&ft));
	fake_timer_init(&ft, FAKE_TIMER_COARSE, 1);
	assert_int_equal(fake_timer_read(&ft) & 0xfff, 0);
	fake_timer_init(&ft, FAKE_TIMER_PERIODIC, 1);
	ft.period = 3;
	prev = fake_timer_read(&ft);
	for (i = 0; i < 7; i++) {
		d[i] = fake_timer_read(&ft) - prev;
		prev += d[i];
	}
	for (i = 0; i + 3 < 7; i++)
		assert_int_equal(d[i + 3], d[i]);
	assert_int_not_equal(d[0], d[1]);
	assert_int_not_equal(d[1], d[2]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_enumerate),
		cmocka_unit_test(test_arch_probe),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_first_that_probes),
		cmocka_unit_test(test_reads_move),
		cmocka_unit_test(test_open_fake),
		cmocka_unit_test(test_open_incomplete),
		cmocka_unit_test(test_fake_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
