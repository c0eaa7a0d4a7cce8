// SPDX-License-Identifier: GPL-2.0
/*
 * test_sink_feed.c: the module sink's own contract against the fake
 * device: non-blocking writes (0 when the FIFO is full), POLLOUT waits,
 * REGISTER (with the declared quality)/WITHDRAW/GET_STATS, and the open
 * errors the daemon reports.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "size.h"
#include "hwrngd_fake.h"
#include "sink.h"

static void stream(uint8_t *buf, size_t len, uint8_t *next)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (*next)++;
}

static void test_put_until_full(void **state)
{
	struct fake_sys fs;
	struct sink s;
	uint8_t buf[5000], next = 0;
	ssize_t n;

	(void)state;
	fake_sys_init(&fs);
	assert_int_equal(sink_feed_open(&s, &fs.sys, HAVEGE_HWRNG_DEVICE), 0);
	stream(buf, sizeof(buf), &next);
	assert_int_equal(s.ops->put(&s, buf, sizeof(buf)), 5000);
	stream(buf, sizeof(buf), &next);
	n = s.ops->put(&s, buf, sizeof(buf));
	assert_int_equal(n, 8192 - 5000);		/* partial write */
	assert_int_equal(s.ops->put(&s, buf + n, 10), 0);	/* full */
	assert_int_equal(fs.out_of_order, 0);
	assert_int_equal(fs.fifo_level, 8192);
	sink_close(&s);
	assert_false(fs.dev_open);
}

static void test_wait_pollout(void **state)
{
	struct fake_sys fs;
	struct sink s;
	uint8_t buf[8192] = { 0 };

	(void)state;
	fake_sys_init(&fs);
	assert_int_equal(sink_feed_open(&s, &fs.sys, HAVEGE_HWRNG_DEVICE), 0);
	assert_int_equal(s.ops->put(&s, buf, sizeof(buf)), 8192);
	s.quality = 2;
	assert_int_equal(s.ops->attach(&s), 0);
	/* a reader takes 4096 bytes: writable again */
	assert_int_equal(s.ops->wait(&s, -1, NULL), 1);
	assert_int_equal(fs.fifo_level, 4096);
	/* nobody reads, with a timeout: 0 */
	fs.drain = 0;
	assert_int_equal(s.ops->put(&s, buf, sizeof(buf)), 4096);
	assert_int_equal(s.ops->wait(&s, 500, NULL), 0);
	sink_close(&s);
}

static void test_register_withdraw_stats(void **state)
{
	struct havege_hwrng_stats st;
	struct fake_sys fs;
	struct sink s;
	uint8_t buf[100] = { 0 };

	(void)state;
	fake_sys_init(&fs);
	assert_int_equal(sink_feed_open(&s, &fs.sys, HAVEGE_HWRNG_DEVICE), 0);
	s.quality = 2;
	assert_int_equal(s.ops->attach(&s), 0);
	assert_true(s.attached);
	assert_int_equal(fs.declared, 2);
	assert_int_equal(fs.ev[fake_find(&fs, EV_REGISTER, 0)].arg, 2);
	/* -EALREADY from the module is success for us */
	assert_int_equal(s.ops->attach(&s), 0);
	assert_int_equal(fs.registrations, 1);
	assert_int_equal(s.ops->put(&s, buf, sizeof(buf)), 100);
	assert_int_equal(s.ops->stats(&s, &st), 0);
	assert_int_equal(st.bytes_in, 100);
	assert_int_equal(st.fifo_level, 100);
	assert_int_equal(st.fifo_size, 8192);
	assert_int_equal(st.state, HAVEGE_HWRNG_STATE_ATTACHED |
				   HAVEGE_HWRNG_STATE_REGISTERED);
	assert_int_equal(st.quality, 2);
	assert_int_equal(st.declared_quality, 2);
	assert_int_equal(s.ops->detach(&s), 0);
	assert_false(s.attached);
	assert_int_equal(fs.withdrawals, 1);
	assert_int_equal(fs.flushed, 100);
	fs.register_err[2] = -EAGAIN;
	assert_int_equal(s.ops->attach(&s), -EAGAIN);
	assert_false(s.attached);
	sink_close(&s);
}

/* The quality set in the sink is what REGISTER declares, every time. */
static void test_register_quality(void **state)
{
	static const struct {
		unsigned int declared, param, registered;
		int err;
	} t[] = {
		{ 2, 1024, 2, 0 },	/* the daemon's default claim */
		{ 1, 1024, 1, 0 },
		{ 1024, 1024, 1024, 0 },
		{ 512, 256, 256, 0 },	/* capped by the module parameter */
		{ 0, 1024, 0, -EINVAL },	/* the module refuses 0 ... */
		{ 1025, 1024, 0, -EINVAL },	/* ... and more than 1024 */
	};
	struct havege_hwrng_stats st;
	struct fake_sys fs;
	struct sink s;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		fake_sys_init(&fs);
		fs.quality_param = t[i].param;
		assert_int_equal(sink_feed_open(&s, &fs.sys,
						HAVEGE_HWRNG_DEVICE), 0);
		s.quality = t[i].declared;
		assert_int_equal(s.ops->attach(&s), t[i].err);
		assert_int_equal(s.attached, t[i].err == 0);
		assert_int_equal(s.ops->stats(&s, &st), 0);
		assert_int_equal(st.quality, t[i].registered);
		assert_int_equal(st.declared_quality,
				 t[i].err ? 0 : t[i].declared);
		assert_int_equal(fake_count(&fs, EV_REGISTER),
				 t[i].err ? 0 : 1);
		sink_close(&s);
	}
}

static void test_open_errors(void **state)
{
	static const int errs[] = { -ENOENT, -EBUSY, -EPERM, -EACCES };
	struct fake_sys fs;
	struct sink s;
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(errs); i++) {
		fake_sys_init(&fs);
		fs.dev_open_err = errs[i];
		assert_int_equal(sink_feed_open(&s, &fs.sys,
						HAVEGE_HWRNG_DEVICE), errs[i]);
		assert_null(s.ops);
		sink_close(&s);	/* harmless on a sink that never opened */
	}
	/* the module allows one feeder: a second open is -EBUSY */
	fake_sys_init(&fs);
	assert_int_equal(sink_feed_open(&s, &fs.sys, HAVEGE_HWRNG_DEVICE), 0);
	{
		struct sink s2;

		assert_int_equal(sink_feed_open(&s2, &fs.sys,
						HAVEGE_HWRNG_DEVICE), -EBUSY);
	}
	sink_close(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_until_full),
		cmocka_unit_test(test_wait_pollout),
		cmocka_unit_test(test_register_withdraw_stats),
		cmocka_unit_test(test_register_quality),
		cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
