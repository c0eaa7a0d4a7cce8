// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon_pidfile.c: the pid file is the single-instance lock: a
 * second lock fails with -EBUSY and names the holder; the lock dies with
 * its descriptor (no stale lock after a crash), a leftover file does not
 * block; the file is 0644 whatever the umask; the runtime directory is
 * created only where it belongs; signals only set flags.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "daemon.h"
#include "pidfile.h"
#include "size.h"

static void tmpname(char *buf, size_t len)
{
	(void)snprintf(buf, len, "/tmp/hwrngd-pid-%ld", (long)getpid());
	(void)unlink(buf);
}

static void test_second_instance(void **state)
{
	char path[64];
	pid_t holder = 0, pid = 0;
	struct stat st;
	mode_t old;
	int fd;

	(void)state;
	tmpname(path, sizeof(path));
	assert_int_equal(pidfile_running(path, &pid), 0);
	old = umask(077);	/* the unit's UMask=: still readable by all */
	fd = pidfile_lock(path, &holder);
	(void)umask(old);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 07777U, 0644U);
	assert_int_equal(pidfile_write(fd, 4242), 0);
	assert_int_equal(pidfile_lock(path, &holder), -EBUSY);
	assert_int_equal(holder, 4242);
	assert_int_equal(pidfile_running(path, &pid), 1);
	assert_int_equal(pid, 4242);
	pidfile_release(fd, path);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(pidfile_running(path, &pid), 0);
}

static void test_stale_file(void **state)
{
	char path[64];
	pid_t holder = 0;
	FILE *f;
	int fd;

	(void)state;
	tmpname(path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("99999\n", f);
	fclose(f);
	/* a crashed daemon's file without a lock does not block */
	fd = pidfile_lock(path, &holder);
	assert_true(fd >= 0);
	assert_int_equal(pidfile_write(fd, getpid()), 0);
	/* closing (what a crash does) frees the lock at once */
	close(fd);
	fd = pidfile_lock(path, &holder);
	assert_true(fd >= 0);
	pidfile_release(fd, path);
	pidfile_release(-1, path);	/* nothing to do */
}

static void test_bad_path(void **state)
{
	pid_t holder = 0;

	(void)state;
	assert_int_equal(pidfile_lock("/nonexistent-dir/x.pid", &holder),
			 -ENOENT);
}

struct make_dir_case {
	const char *file;	/* below the scratch directory */
	int ret;
};

/* The runtime directory is "run" in a scratch directory here. */
static const struct make_dir_case make_dir_cases[] = {
	{ "/run/pid", 1 },		/* created */
	{ "/run/status", 0 },		/* exists now */
	{ "/other/pid", 0 },		/* elsewhere: never created */
	{ "/run/sub/pid", 0 },		/* only the directory itself */
	{ "/run", 0 },
	{ "/run/", 0 },
	{ "/running/pid", 0 },		/* a prefix is not the directory */
};

static void test_make_dir(void **state)
{
	char top[] = "/tmp/hwrngd-rundir-XXXXXX", dir[64], path[96];
	struct stat st;
	unsigned int i;
	int r;

	(void)state;
	assert_non_null(mkdtemp(top));
	(void)umask(022);
	(void)snprintf(dir, sizeof(dir), "%s/run", top);
	for (i = 0; i < ARRAY_SIZE(make_dir_cases); i++) {
		(void)snprintf(path, sizeof(path), "%s%s", top,
			       make_dir_cases[i].file);
		r = pidfile_make_dir(path, dir);
		if (r != make_dir_cases[i].ret)
			fail_msg("%s: %d, expected %d", make_dir_cases[i].file,
				 r, make_dir_cases[i].ret);
	}
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777U, 0755U);
	(void)snprintf(path, sizeof(path), "%s/other", top);
	assert_int_equal(access(path, F_OK), -1);
	/* a file in the way, and a parent that does not exist */
	assert_int_equal(rmdir(dir), 0);
	assert_int_equal(close(open(dir, O_CREAT | O_WRONLY, 0600)), 0);
	(void)snprintf(path, sizeof(path), "%s/pid", dir);
	assert_int_equal(pidfile_make_dir(path, dir), -ENOTDIR);
	assert_int_equal(unlink(dir), 0);
	(void)snprintf(dir, sizeof(dir), "%s/none/run", top);
	(void)snprintf(path, sizeof(path), "%s/pid", dir);
	assert_int_equal(pidfile_make_dir(path, dir), -ENOENT);
	assert_int_equal(rmdir(top), 0);
}

static void test_signals_set_flags(void **state)
{
	struct hwrngd_config cfg;
	struct hwrngd_ctx *ctx = calloc(1, sizeof(*ctx));
	sigset_t cur;

	(void)state;
	assert_non_null(ctx);
	memset(&cfg, 0, sizeof(cfg));
	daemon_ctx_init(ctx, &cfg, &sys_linux, NULL);
	assert_int_equal(daemon_signals_setup(ctx), 0);
	/* blocked outside ppoll, unblocked in the wait mask */
	assert_int_equal(sigprocmask(SIG_BLOCK, NULL, &cur), 0);
	assert_true(sigismember(&cur, SIGTERM));
	assert_true(sigismember(&cur, SIGUSR1));
	assert_false(sigismember(&ctx->waitmask, SIGTERM));
	assert_false(sigismember(&ctx->waitmask, SIGUSR1));
	assert_int_equal(raise(SIGUSR1), 0);
	assert_int_equal(ctx->flags.dump, 0);	/* still pending */
	/* a sleep is where signals arrive; the handler only sets the flag */
	assert_int_equal(daemon_sleep(ctx, 50), 0);
	assert_int_equal(ctx->flags.dump, 1);
	assert_int_equal(ctx->flags.stop, 0);
	assert_int_equal(raise(SIGTERM), 0);
	assert_int_equal(daemon_sleep(ctx, 60000), -EINTR);
	assert_int_equal(ctx->flags.stop, 1);
	daemon_signals_restore(ctx);
	free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second_instance),
		cmocka_unit_test(test_stale_file),
		cmocka_unit_test(test_bad_path),
		cmocka_unit_test(test_make_dir),
		cmocka_unit_test(test_signals_set_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
