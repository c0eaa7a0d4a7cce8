// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon.c: the service cycle in feed mode against the fake module
 * (tests/unit/hwrngd_fake.h): prefill before REGISTER, sleeping while the
 * FIFO is full, withdrawal at once on an injected test failure (before any
 * further byte is written), back-off and re-registration, giving up after
 * repeated failures, --select, REGISTER rate limiting, READY=1.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "credit.h"
#include "daemon.h"
#include "hwrngd_fake.h"
#include "status.h"

static int setup(void **state)
{
	struct fake_daemon *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cfg.run = HWRNGD_RUN_DAEMON;
	f->cfg.target = HWRNGD_TARGET_AUTO;
	f->cfg.device = HAVEGE_HWRNG_DEVICE;
	f->cfg.sysfs_dir = "/sys/class/misc/hw_random";
	f->cfg.max_failures = 5;
	fake_daemon_wire(f);
	f->ctx.log.stream = stderr;
	*state = f;
	return 0;
}

static int run(struct fake_daemon *f)
{
	int r = daemon_open_sink(&f->ctx);

	assert_int_equal(r, 0);
	assert_string_equal(f->ctx.sink.ops->name, "feed");
	return daemon_serve(&f->ctx);
}

/* Every byte the module got was released by the source, in order. */
static void assert_only_released(struct fake_daemon *f)
{
	assert_int_equal(f->src.misuse, 0);
	assert_true(f->fs.bytes_in <= f->src.released);
	assert_int_equal(f->fs.bytes_in, f->ctx.cnt.fed);
	/* bytes discarded at a withdrawal make the only gaps allowed */
	assert_true(f->fs.out_of_order <= f->fs.withdrawals);
}

static void test_prefill_then_register(void **state)
{
	struct fake_daemon *f = *state;
	int reg, i;

	f->fs.stop_after = 6;
	assert_int_equal(run(f), 0);
	reg = fake_find(&f->fs, EV_REGISTER, 0);
	assert_true(reg > 0);
	/* the FIFO was full when REGISTER came, from writes made before it */
	assert_int_equal(f->fs.ev[reg].len, f->fs.fifo_cap);
	/* and REGISTER declared the quality of the per-delta claim */
	assert_int_equal(f->fs.ev[reg].arg,
			 credit_quality(CREDIT_H_CLAIM_DEFAULT));
	assert_int_equal(f->fs.declared, credit_quality(CREDIT_H_CLAIM_DEFAULT));
	for (i = 0; i < reg; i++)
		if (f->fs.ev[i].kind == EV_WRITE)
			assert_int_equal(f->fs.ev[i].arg, 0);
	assert_true(fake_find(&f->fs, EV_STARTUP_PASS, 0) <
		    fake_find(&f->fs, EV_WRITE, 0));
	/* stop = withdraw, counted once */
	assert_int_equal(f->fs.registrations, 1);
	assert_int_equal(f->fs.withdrawals, 1);
	assert_int_equal(f->ctx.cnt.withdrawals, 1);
	assert_int_equal(f->ctx.cnt.registrations, 1);
	assert_true(f->fs.served > 0);
	assert_only_released(f);
}

static void test_sleeps_while_full(void **state)
{
	struct fake_daemon *f = *state;
	unsigned int fills_at_wait;
	int w;

	f->fs.drain = 0;	/* nobody consumes */
	assert_int_equal(run(f), 0);
	w = fake_find(&f->fs, EV_WAIT_DEV, 0);
	assert_true(w > 0);
	/* one wait, without a timeout: no wake-ups while nobody reads */
	assert_int_equal(fake_count(&f->fs, EV_WAIT_DEV), 1);
	assert_int_equal(f->fs.ev[w].arg, -1);
	assert_int_equal(fake_count(&f->fs, EV_SLEEP), 0);
	/* and no generation beyond one buffer of look-ahead */
	fills_at_wait = fake_count(&f->fs, EV_FILL);
	assert_true(f->src.released <= f->fs.fifo_cap + HWRNGD_BUF_SIZE);
	assert_true(fills_at_wait <= f->fs.fifo_cap / HWRNGD_BUF_SIZE + 1);
	assert_only_released(f);
}

/*
 * The injected failure: the source's 7th block fails its continuous
 * test.  The module must see WITHDRAW before any other write, then the
 * start-up tests run again after a back-off, the FIFO is prefilled and
 * the source registered again.
 */
static void test_failure_withdraws_first(void **state)
{
	struct fake_daemon *f = *state;
	int fail, wd, pass2, reg2, i;

	f->src.fail_fill[0] = 7;
	f->fs.stop_after = 20;
	assert_int_equal(run(f), 0);
	fail = fake_find(&f->fs, EV_FILL_FAIL, 0);
	assert_true(fail > 0);
	wd = fake_find(&f->fs, EV_WITHDRAW, (unsigned int)fail);
	assert_true(wd > fail);
	for (i = fail; i < wd; i++)
		assert_int_not_equal(f->fs.ev[i].kind, EV_WRITE);
	/* the withdrawal flushed the queue: nothing stale is served later */
	assert_int_equal(f->fs.fifo_level, 0);
	pass2 = fake_find(&f->fs, EV_STARTUP_PASS, (unsigned int)wd);
	assert_true(pass2 > wd);
	assert_int_equal(f->fs.ev[wd + 1].kind, EV_SLEEP);
	assert_int_equal(f->fs.ev[wd + 1].arg, DAEMON_BACKOFF_MS);
	reg2 = fake_find(&f->fs, EV_REGISTER, (unsigned int)pass2);
	assert_true(reg2 > pass2);
	assert_int_equal(f->fs.ev[reg2].len, f->fs.fifo_cap);
	assert_int_equal(f->fs.registrations, 2);
	assert_int_equal(f->ctx.cnt.continuous_failures, 1);
	assert_only_released(f);
}

static void test_failure_while_unregistered(void **state)
{
	struct fake_daemon *f = *state;

	f->src.fail_fill[0] = 1;	/* during the prefill */
	f->fs.stop_after = 10;
	assert_int_equal(run(f), 0);
	assert_int_equal(fake_count(&f->fs, EV_WRITE) > 0, 1);
	assert_int_equal(f->fs.registrations, 1);
	assert_true(fake_find(&f->fs, EV_FILL_FAIL, 0) <
		    fake_find(&f->fs, EV_REGISTER, 0));
	assert_int_equal(f->ctx.cnt.continuous_failures, 0);
	assert_only_released(f);
}

static void test_startup_failures_give_up(void **state)
{
	struct fake_daemon *f = *state;
	unsigned int i, n = 0;

	f->src.startup_fails = 100;
	f->cfg.max_failures = 4;
	assert_int_equal(run(f), -EIO);
	assert_int_equal(fake_count(&f->fs, EV_STARTUP_FAIL), 4);
	assert_int_equal(fake_count(&f->fs, EV_REGISTER), 0);
	assert_int_equal(fake_count(&f->fs, EV_WRITE), 0);
	assert_int_equal(f->ctx.cnt.startup_failures, 4);
	/* back-off doubles: 1 s, 2 s, 4 s between the four attempts */
	for (i = 0; i < f->fs.nev; i++) {
		if (f->fs.ev[i].kind != EV_SLEEP)
			continue;
		assert_int_equal(f->fs.ev[i].arg, DAEMON_BACKOFF_MS << n);
		n++;
	}
	assert_int_equal(n, 3);
}

static void test_startup_recovers(void **state)
{
	struct fake_daemon *f = *state;

	f->src.startup_fails = 2;
	f->fs.stop_after = 8;
	assert_int_equal(run(f), 0);
	assert_int_equal(fake_count(&f->fs, EV_STARTUP_FAIL), 2);
	assert_int_equal(f->fs.registrations, 1);
	assert_true(fake_find(&f->fs, EV_STARTUP_PASS, 0) <
		    fake_find(&f->fs, EV_WRITE, 0));
	assert_only_released(f);
}

/* Repeated failures after a pass still end the daemon. */
static void test_flapping_gives_up(void **state)
{
	struct fake_daemon *f = *state;
	unsigned int i;

	for (i = 0; i < FAKE_MAX_FAILS; i++)
		f->src.fail_fill[i] = 4 + 4 * i;
	f->cfg.max_failures = 3;
	f->fs.drain = 1 << 20;
	assert_int_equal(run(f), -EIO);
	assert_int_equal(f->ctx.cnt.continuous_failures, 3);
	assert_int_equal(f->fs.withdrawals, 3);
	assert_false(f->fs.registered);
	assert_only_released(f);
}

static void test_register_rate_limited(void **state)
{
	struct fake_daemon *f = *state;
	int reg;

	f->fs.register_err[0] = -EAGAIN;
	f->fs.register_err[1] = -EAGAIN;
	f->fs.stop_after = 6;
	assert_int_equal(run(f), 0);
	assert_int_equal(f->fs.register_calls, 3);
	assert_int_equal(fake_count(&f->fs, EV_SLEEP), 2);
	reg = fake_find(&f->fs, EV_REGISTER, 0);
	assert_true(reg > fake_find(&f->fs, EV_SLEEP, 0));
	assert_int_equal(f->fs.registrations, 1);
}

static void test_register_error(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.register_err[0] = -EPERM;
	assert_int_equal(run(f), -EPERM);
	assert_int_equal(f->fs.registrations, 0);
}

static void test_select(void **state)
{
	struct fake_daemon *f = *state;
	int reg, sel;

	f->cfg.select = true;
	f->fs.stop_after = 4;
	assert_int_equal(run(f), 0);
	reg = fake_find(&f->fs, EV_REGISTER, 0);
	sel = fake_find(&f->fs, EV_SYSFS, 0);
	assert_true(sel > reg);
	assert_string_equal(f->fs.sysfs_data, "havege");
	assert_string_equal(f->fs.sysfs_path,
			    "/sys/class/misc/hw_random/rng_current");
}

static void test_no_select_by_default(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.stop_after = 4;
	assert_int_equal(run(f), 0);
	assert_int_equal(fake_count(&f->fs, EV_SYSFS), 0);
}

/* An I/O error of the device is not a test failure: no back-off loop. */
static void test_device_error(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.dev_write_err = -EIO;
	f->fs.stop_after = 10;
	assert_int_equal(run(f), -EPIPE);
	assert_int_equal(f->ctx.cnt.continuous_failures, 0);
	assert_int_equal(fake_count(&f->fs, EV_SLEEP), 0);
	assert_int_equal(f->fs.registrations, 1);
	assert_int_equal(f->fs.withdrawals, 1);
}

/*
 * A registration that lasted DAEMON_STABLE_MS resets the failure count
 * once: the start-up tests that keep failing after it must still reach
 * --max-failures (5 here) and end the daemon, not retry forever.
 */
static void test_failure_limit_after_stable_registration(void **state)
{
	struct fake_daemon *f = *state;

	f->src.ms_per_fill = 60 * 1000;
	f->src.fail_fill[0] = (unsigned int)(DAEMON_STABLE_MS / f->src.ms_per_fill) + 5;
	f->src.startup_fail_from = 2;
	f->fs.stop_after = 1000;
	assert_int_equal(run(f), -EIO);
	assert_false(f->ctx.flags.stop);
	assert_int_equal(f->ctx.failures, 5);
	/* the continuous failure, then four failed start-ups */
	assert_int_equal(f->src.startups, 5);
	assert_int_equal(fake_count(&f->fs, EV_STARTUP_FAIL), 4);
	assert_int_equal(f->fs.registrations, 1);
}

static void test_open_busy(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.dev_open_err = -EBUSY;
	assert_int_equal(daemon_open_sink(&f->ctx), -EBUSY);
	assert_null(f->ctx.sink.ops);
}

static void test_open_fallback(void **state)
{
	struct fake_daemon *f = *state;

	f->fs.dev_open_err = -ENOENT;
	f->fs.ready = true;
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_string_equal(f->ctx.sink.ops->name, "random");
	sink_close(&f->ctx.sink);
	/* --mode=feed insists on the module */
	f->cfg.target = HWRNGD_TARGET_FEED;
	assert_int_equal(daemon_open_sink(&f->ctx), -ENOENT);
	/* --mode=random never opens it */
	f->fs.dev_open_err = 0;
	f->cfg.target = HWRNGD_TARGET_RANDOM;
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_string_equal(f->ctx.sink.ops->name, "random");
	assert_false(f->fs.dev_open);
}

/* READY=1 reaches $NOTIFY_SOCKET once, after REGISTER. */
static void test_ready_notification(void **state)
{
	struct fake_daemon *f = *state;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char name[64], msg[256];
	ssize_t n;
	int fd;

	(void)snprintf(name, sizeof(name), "@hwrngd-test-%ld", (long)getpid());
	memcpy(sa.sun_path + 1, name + 1, strlen(name) - 1);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
					  strlen(name))), 0);
	f->ctx.notify_socket = name;
	f->src.fail_fill[0] = 7;
	f->fs.stop_after = 20;
	assert_int_equal(run(f), 0);
	n = recv(fd, msg, sizeof(msg) - 1, 0);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_string_equal(msg, "READY=1\nSTATUS=feeding the havege hwrng");
	n = recv(fd, msg, sizeof(msg) - 1, 0);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_string_equal(msg, "STATUS=online test failed, re-testing");
	/* after re-registration only STATUS, never READY=1 again */
	n = recv(fd, msg, sizeof(msg) - 1, 0);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_string_equal(msg, "STATUS=feeding the havege hwrng");
	close(fd);
}

static void test_status_file(void **state)
{
	struct fake_daemon *f = *state;
	char path[] = "/tmp/hwrngd-status-XXXXXX";
	char buf[4096], want[128];
	struct stat st;
	mode_t old;
	size_t n;
	FILE *in;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	f->cfg.status_file = path;
	f->fs.stop_after = 6;
	assert_int_equal(run(f), 0);
	old = umask(077);	/* the unit's UMask= */
	status_write(&f->ctx);
	(void)umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777U, 0644U);
	in = fopen(path, "r");
	assert_non_null(in);
	n = fread(buf, 1, sizeof(buf) - 1, in);
	fclose(in);
	unlink(path);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "daemon.sink                  feed\n"));
	assert_non_null(strstr(buf, "daemon.registrations         1\n"));
	assert_non_null(strstr(buf, "daemon.withdrawals           1\n"));
	assert_non_null(strstr(buf, "module.fifo_size             8192\n"));
	(void)snprintf(want, sizeof(want), "module.quality               %u\n"
		       "module.declared_quality      %u\n",
		       credit_quality(CREDIT_H_CLAIM_DEFAULT),
		       credit_quality(CREDIT_H_CLAIM_DEFAULT));
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(buf, "test.B.runs                  1\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_prefill_then_register, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_sleeps_while_full, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_failure_withdraws_first, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_failure_while_unregistered, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_startup_failures_give_up, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_startup_recovers, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_flapping_gives_up, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_register_rate_limited, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_register_error, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_select, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_no_select_by_default, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_device_error, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_failure_limit_after_stable_registration, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_open_busy, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_open_fallback, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_ready_notification, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_status_file, setup, fake_daemon_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
