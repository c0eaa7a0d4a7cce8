// SPDX-License-Identifier: GPL-2.0
/*
 * test_seed.c: getrandom(GRND_NONBLOCK) probing and --until-seeded on the
 * fakes: nothing happens when the CRNG is ready, the module is used when
 * present, RNDADDENTROPY otherwise, and a timeout ends the run.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "daemon.h"
#include "hwrngd_fake.h"
#include "seed.h"

static int setup(void **state)
{
	struct fake_daemon *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cfg.run = HWRNGD_RUN_SEED;
	f->cfg.target = HWRNGD_TARGET_AUTO;
	f->cfg.device = HAVEGE_HWRNG_DEVICE;
	f->cfg.max_failures = 5;
	f->cfg.seed_timeout_s = 30;
	fake_daemon_wire(f);
	*state = f;
	return 0;
}

static void test_probe(void **state)
{
	struct fake_daemon *f = *state;

	assert_int_equal(sys_crng_ready(&f->fs.sys), 0);
	f->fs.ready = true;
	assert_int_equal(sys_crng_ready(&f->fs.sys), 1);
	assert_int_equal(f->fs.probes, 2);
}

static ssize_t nosys_getrandom(void *priv, void *buf, size_t len,
			       unsigned int flags)
{
	(void)priv;
	(void)buf;
	(void)len;
	(void)flags;
	return -ENOSYS;
}

static void test_probe_error(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.sys.getrandom = nosys_getrandom;
	assert_int_equal(sys_crng_ready(&f->fs.sys), -ENOSYS);
	assert_int_equal(seed_run(&f->ctx), -ENOSYS);
}

static void test_already_ready(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.ready = true;
	assert_int_equal(seed_run(&f->ctx), 0);
	/* no device, no /dev/random, no start-up tests */
	assert_int_equal(fake_count(&f->fs, EV_OPEN), 0);
	assert_int_equal(f->src.startups, 0);
}

static void test_with_module(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.ready_served = 64;	/* the hwrng fill thread's first read */
	assert_int_equal(seed_run(&f->ctx), 0);
	assert_int_equal(f->fs.registrations, 1);
	assert_int_equal(f->fs.withdrawals, 1);
	assert_int_equal(fake_count(&f->fs, EV_ADDENTROPY), 0);
	assert_false(f->fs.dev_open);
	assert_true(fake_find(&f->fs, EV_STARTUP_PASS, 0) <
		    fake_find(&f->fs, EV_WRITE, 0));
}

static void test_without_module(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.dev_open_err = -ENOENT;
	f->fs.ready_bits = 256;
	assert_int_equal(seed_run(&f->ctx), 0);
	/* quality 2: 64 bits per 4096-byte RNDADDENTROPY, four of them */
	assert_int_equal(fake_count(&f->fs, EV_ADDENTROPY), 4);
	assert_int_equal(f->fs.credited, 256);
	/* it stopped right away: no sleeping once ready */
	assert_int_equal(fake_count(&f->fs, EV_SLEEP), 0);
}

static void test_timeout(void **state)
{
	struct fake_daemon *f = *state;
	int64_t start = f->fs.now;

	f->cfg.seed_timeout_s = 5;
	f->fs.drain = 0;	/* the module is never read */
	assert_int_equal(seed_run(&f->ctx), -ETIMEDOUT);
	assert_true(f->fs.now - start >= 5000);
	assert_true(f->fs.now - start < 5000 + 2 * DAEMON_SEED_POLL_MS);
	assert_false(f->fs.registered);
}

static void test_startup_fails_until_timeout(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.seed_timeout_s = 2;
	f->fs.dev_open_err = -ENOENT;
	f->src.startup_fails = 100;
	assert_int_equal(seed_run(&f->ctx), -ETIMEDOUT);
	assert_int_equal(fake_count(&f->fs, EV_ADDENTROPY), 0);
	assert_true(f->src.startups >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_probe_error, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_already_ready, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_with_module, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_without_module, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_startup_fails_until_timeout, setup, fake_daemon_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
