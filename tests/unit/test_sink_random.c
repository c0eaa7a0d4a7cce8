// SPDX-License-Identifier: GPL-2.0
/*
 * test_sink_random.c: the RNDADDENTROPY fallback and its seeding policy
 * against a fake /dev/random: chunks of 64 bits credited at the source's quality
 * until getrandom(GRND_NONBLOCK) succeeds, then one chunk a minute (or on
 * POLLOUT on kernels before 5.6, never faster than once a second), and no
 * spinning when the kernel never becomes ready.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "size.h"
#include "daemon.h"
#include "hwrngd_fake.h"

static int setup(void **state)
{
	struct fake_daemon *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cfg.target = HWRNGD_TARGET_RANDOM;
	f->cfg.max_failures = 5;
	fake_daemon_wire(f);
	*state = f;
	return 0;
}

static void serve(struct fake_daemon *f, bool pollout)
{
	assert_int_equal(sink_random_open(&f->ctx.sink, &f->fs.sys,
					  "/dev/random", pollout), 0);
	assert_int_equal(daemon_serve(&f->ctx), 0);
}

/* Sum of the sleeps between the i-th and the (i+1)-th ADDENTROPY. */
static int64_t gap_after(const struct fake_sys *fs, unsigned int nth)
{
	unsigned int i, seen = 0;
	int64_t ms = 0;

	for (i = 0; i < fs->nev; i++) {
		if (fs->ev[i].kind == EV_ADDENTROPY && seen++ == nth + 1)
			return ms;
		if (seen == nth + 1 && fs->ev[i].kind == EV_SLEEP)
			ms += fs->ev[i].arg;
	}
	return -1;
}

static void test_chunks_until_ready(void **state)
{
	struct fake_daemon *f = *state;
	unsigned int i;

	f->fs.ready_bits = 256;
	f->fs.stop_after = 6;
	serve(f, false);
	/*
	 * At the default claim's quality 2: 4096-byte chunks of 64 bits
	 * each (4096 * 8 * 2 / 1024), four make the CRNG ready.
	 */
	assert_int_equal(f->ctx.sink.quality, 2);
	for (i = 0; i < f->fs.nev; i++) {
		if (f->fs.ev[i].kind != EV_ADDENTROPY)
			continue;
		assert_int_equal(f->fs.ev[i].len, 4096);
		assert_int_equal(f->fs.ev[i].arg, 64);
	}
	assert_int_equal(gap_after(&f->fs, 0), 0);
	assert_int_equal(gap_after(&f->fs, 2), 0);
	/* then one chunk per minute, sleeping in between */
	assert_int_equal(gap_after(&f->fs, 3), SINK_RANDOM_INTERVAL_MS);
	assert_int_equal(gap_after(&f->fs, 4), SINK_RANDOM_INTERVAL_MS);
	assert_true(f->ctx.sink.seeded);
	assert_int_equal(f->fs.out_of_order, 0);
	assert_int_equal(f->ctx.sink.chunks, fake_count(&f->fs, EV_ADDENTROPY));
}

/*
 * Without the module, READY=1 means "something was credited": it follows
 * the first RNDADDENTROPY, and a source that fails before it never sends
 * it (the daemon then gives up after --max-failures).
 */
static void test_ready_after_first_credit(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.stop_after = 3;
	serve(f, false);
	assert_true(f->ctx.ready_sent);
	assert_true(fake_count(&f->fs, EV_ADDENTROPY) > 0);

	fake_sys_free(&f->fs);
	fake_daemon_wire(f);
	f->src.fail_fill[0] = 1;
	f->src.startup_fail_from = 2;
	assert_int_equal(sink_random_open(&f->ctx.sink, &f->fs.sys,
					  "/dev/random", false), 0);
	assert_int_equal(daemon_serve(&f->ctx), -EIO);
	assert_int_equal(fake_count(&f->fs, EV_ADDENTROPY), 0);
	assert_false(f->ctx.ready_sent);
}

static void test_ready_at_start(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.ready = true;
	f->fs.stop_after = 3;
	serve(f, false);
	/* seeded already: the first chunk, then a minute between chunks */
	assert_int_equal(gap_after(&f->fs, 0), SINK_RANDOM_INTERVAL_MS);
	assert_int_equal(f->fs.probes, 1);
}

static void test_never_ready_no_spin(void **state)
{
	struct fake_daemon *f = *state;
	unsigned int n;

	f->fs.ready_bits = UINT64_MAX;
	f->fs.stop_after = 5;
	serve(f, false);
	n = fake_count(&f->fs, EV_ADDENTROPY);
	/* the eager chunks, then one per second, each after a sleep */
	assert_int_equal(n, SINK_RANDOM_EAGER_CHUNKS + 4);
	assert_int_equal(gap_after(&f->fs, SINK_RANDOM_EAGER_CHUNKS - 1),
			 SINK_RANDOM_MIN_INTERVAL_MS);
	assert_int_equal(gap_after(&f->fs, SINK_RANDOM_EAGER_CHUNKS),
			 SINK_RANDOM_MIN_INTERVAL_MS);
}

static void test_pollout_rate_limited(void **state)
{
	struct fake_daemon *f = *state;
	unsigned int n;

	f->fs.ready = true;
	f->fs.pollout = true;	/* an old kernel asking for entropy all the time */
	f->fs.stop_after = 7;
	serve(f, true);
	n = fake_count(&f->fs, EV_ADDENTROPY);
	assert_true(n >= 3);
	assert_int_equal(gap_after(&f->fs, 0), SINK_RANDOM_MIN_INTERVAL_MS);
	assert_int_equal(gap_after(&f->fs, 1), SINK_RANDOM_MIN_INTERVAL_MS);
}

struct release_case {
	const char *release;
	bool meaningful;
};

static void test_pollout_meaningful(void **state)
{
	static const struct release_case cases[] = {
		{ "4.19.0-27-amd64", true }, { "5.5.19", true },
		{ "5.6.0", false }, { "5.10.0-46-amd64", false },
		{ "6.1.0-56-amd64", false }, { "3.10.0-1160.el7", true },
		{ "garbage", false },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_int_equal(sink_random_pollout_meaningful(cases[i].release),
				 cases[i].meaningful);
}

static void test_open_errors(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.rnd_open_err = -EACCES;
	assert_int_equal(sink_random_open(&f->ctx.sink, &f->fs.sys,
					  "/dev/random", false), -EACCES);
	assert_null(f->ctx.sink.ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chunks_until_ready, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_ready_after_first_credit, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_ready_at_start, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_never_ready_no_spin, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_pollout_rate_limited, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_pollout_meaningful, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_open_errors, setup, fake_daemon_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
