// SPDX-License-Identifier: GPL-2.0
/*
 * test_sink_file.c: output mode (-n/-f) on a fake file: exactly -n bytes,
 * in the order the source released them; unlimited until the reader goes
 * away (EPIPE = normal end); nothing after a failed test.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "size.h"
#include "daemon.h"
#include "hwrngd_fake.h"

static int setup(void **state)
{
	struct fake_daemon *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cfg.run = HWRNGD_RUN_OUTPUT;
	f->cfg.out_file = "sample";
	fake_daemon_wire(f);
	*state = f;
	return 0;
}

static void assert_stream(const struct fake_daemon *f)
{
	size_t i;

	for (i = 0; i < f->fs.out_len; i++)
		assert_int_equal(f->fs.out[i], (uint8_t)i);
}

struct count_case {
	uint64_t n;
	size_t chunk;
};

static void test_exact_count(void **state)
{
	static const struct count_case cases[] = {
		{ 1, 0 }, { 4095, 0 }, { 4096, 0 }, { 4097, 0 },
		{ 100000, 0 }, { 100000, 1000 }, { 20000, 7 },
	};
	struct fake_daemon *f = *state;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		fake_sys_free(&f->fs);
		fake_sys_init(&f->fs);
		fake_source_init(&f->src, &f->fs);
		daemon_ctx_init(&f->ctx, &f->cfg, &f->fs.sys, &f->src.src);
		f->cfg.out_bytes = cases[i].n;
		f->src.chunk = cases[i].chunk;
		assert_int_equal(daemon_output(&f->ctx), 0);
		assert_int_equal(f->fs.out_len, cases[i].n);
		assert_int_equal(f->src.startups, 1);
		assert_stream(f);
		assert_int_equal(fake_count(&f->fs, EV_CLOSE), 1);
	}
}

static void test_unlimited_until_epipe(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.out_file = "-";
	f->cfg.out_bytes = 0;
	f->fs.out_max = 300000;
	assert_int_equal(daemon_output(&f->ctx), 0);
	assert_true(f->fs.out_len >= 300000);
	assert_true(f->fs.out_len < 300000 + SINK_FILE_CHUNK);
	assert_stream(f);
	/* stdout is not ours to close */
	assert_int_equal(fake_count(&f->fs, EV_OPEN), 0);
	assert_int_equal(fake_count(&f->fs, EV_CLOSE), 0);
}

/* -n N: a reader that leaves before N bytes makes a short file: an error */
static void test_short_count_is_an_error(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.out_file = "-";
	f->cfg.out_bytes = 1 << 20;
	f->fs.out_max = 300000;
	assert_int_equal(daemon_output(&f->ctx), -EPIPE);
	assert_true(f->fs.out_len < f->cfg.out_bytes);
	assert_true(f->ctx.sink.gone);
	assert_stream(f);
}

/*
 * A stop signal is acted on between two blocks even when the file never
 * makes the daemon wait (a fast reader, /dev/null): output ends at the
 * signal point where it arrives.  With -n 0 that is a normal end, with a
 * count not written yet an error.
 */
static void test_signal_point_stops_busy_output(void **state)
{
	static const uint64_t counts[] = { 0, 1 << 20 };
	struct fake_daemon *f = *state;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		fake_sys_free(&f->fs);
		fake_daemon_wire(f);
		f->cfg.out_bytes = counts[i];
		f->fs.stop_at_point = 10;
		assert_int_equal(daemon_output(&f->ctx),
				 counts[i] ? -EINTR : 0);
		assert_true(f->ctx.flags.stop);
		/* nine blocks at most: one per pump step before the signal */
		assert_true(f->fs.out_len <= 9 * SINK_FILE_CHUNK);
		assert_true(f->fs.out_len > 0);
		assert_int_equal(f->fs.points, 10);
		assert_stream(f);
	}
}

/* Output mode is not the service: the service's status file stays as it is. */
static void test_status_file_left_alone(void **state)
{
	struct fake_daemon *f = *state;
	char path[] = "/tmp/hwrngd-out-status-XXXXXX";
	char buf[64];
	ssize_t n;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "service\n", 8), 8);
	f->cfg.status_file = path;
	f->cfg.out_bytes = 100000;
	f->ctx.flags.dump = 1;		/* SIGUSR1 would write it, too */
	close(fd);
	assert_int_equal(daemon_output(&f->ctx), 0);
	/* by path: the service replaces the file by rename */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	assert_int_equal(n, 8);
	assert_memory_equal(buf, "service\n", 8);
	close(fd);
	unlink(path);
}

static void test_startup_failure_no_output(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.out_bytes = 1000;
	f->src.startup_fails = 1;
	assert_int_equal(daemon_output(&f->ctx), -EIO);
	assert_int_equal(f->fs.out_len, 0);
	assert_int_equal(f->src.fills, 0);
}

static void test_failure_stops_output(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.out_bytes = 1 << 20;
	f->src.fail_fill[0] = 5;
	assert_int_equal(daemon_output(&f->ctx), -EIO);
	/* exactly the four released blocks, nothing after the failure */
	assert_int_equal(f->fs.out_len, 4 * HWRNGD_BUF_SIZE);
	assert_int_equal(f->fs.out_len, f->src.released);
	assert_stream(f);
}

static void test_write_error(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.out_bytes = 1000;
	f->fs.file_write_err = -ENOSPC;
	assert_int_equal(daemon_output(&f->ctx), -ENOSPC);
	f->fs.file_write_err = 0;
	f->fs.file_open_err = -EACCES;
	assert_int_equal(daemon_output(&f->ctx), -EACCES);
}

static void test_stop_signal(void **state)
{
	struct fake_daemon *f = *state;

	f->cfg.out_bytes = 0;
	f->ctx.flags.stop = 1;
	assert_int_equal(daemon_output(&f->ctx), 0);
	assert_int_equal(f->fs.out_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exact_count, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_unlimited_until_epipe, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_short_count_is_an_error, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_signal_point_stops_busy_output, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_status_file_left_alone, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_startup_failure_no_output, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_failure_stops_output, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup, fake_daemon_teardown),
		cmocka_unit_test_setup_teardown(test_stop_signal, setup, fake_daemon_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
