// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon_log.c: where the daemon's messages go: the journal when
 * stderr is the journal's stream ($JOURNAL_STREAM = "dev:inode"), stderr
 * in the foreground, syslog otherwise; "<N>" priority prefixes for the
 * journal; debug messages only with -v 32; log_errno() appends strerror.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "log.h"

static void test_resolve(void **state)
{
	char js[64];
	struct stat st;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	(void)snprintf(js, sizeof(js), "%ju:%ju", (uintmax_t)st.st_dev,
		       (uintmax_t)st.st_ino);
	assert_int_equal(log_resolve(HWRNGD_LOG_AUTO, false, js, fileno(f)),
			 HWRNGD_LOG_JOURNAL);
	assert_int_equal(log_resolve(HWRNGD_LOG_AUTO, true, js, fileno(f)),
			 HWRNGD_LOG_JOURNAL);
	/* another file, no variable, garbage: not the journal */
	assert_int_equal(log_resolve(HWRNGD_LOG_AUTO, true, "1:2", fileno(f)),
			 HWRNGD_LOG_STDERR);
	assert_int_equal(log_resolve(HWRNGD_LOG_AUTO, false, NULL, fileno(f)),
			 HWRNGD_LOG_SYSLOG);
	assert_int_equal(log_resolve(HWRNGD_LOG_AUTO, true, "x", fileno(f)),
			 HWRNGD_LOG_STDERR);
	/* an explicit choice always wins */
	assert_int_equal(log_resolve(HWRNGD_LOG_SYSLOG, true, js, fileno(f)),
			 HWRNGD_LOG_SYSLOG);
	assert_int_equal(log_resolve(HWRNGD_LOG_STDERR, false, js, fileno(f)),
			 HWRNGD_LOG_STDERR);
	fclose(f);
}

/* Logs through a memory stream and returns what came out. */
static const char *capture(enum hwrngd_log_to to, unsigned int verbose,
			   int prio, const char *msg, int err)
{
	static char buf[512];
	struct hwrngd_log log;
	FILE *f;

	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	assert_non_null(f);
	log_init(&log, to, verbose, true, f);
	if (err)
		assert_int_equal(log_errno(&log, prio, err, "%s", msg), err);
	else
		log_msg(&log, prio, "%s", msg);
	log_close(&log);
	fclose(f);
	return buf;
}

static void test_formats(void **state)
{
	(void)state;
	assert_string_equal(capture(HWRNGD_LOG_STDERR, 0, LOG_ERR, "boom", 0),
			    "havege-hwrngd: boom\n");
	assert_string_equal(capture(HWRNGD_LOG_JOURNAL, 0, LOG_ERR, "boom", 0),
			    "<3>boom\n");
	assert_string_equal(capture(HWRNGD_LOG_JOURNAL, 0, LOG_NOTICE, "n", 0),
			    "<5>n\n");
	assert_string_equal(capture(HWRNGD_LOG_STDERR, 0, LOG_ERR, "open x",
				    -ENOENT),
			    "havege-hwrngd: open x: No such file or directory\n");
}

static void test_debug_needs_verbose(void **state)
{
	(void)state;
	assert_string_equal(capture(HWRNGD_LOG_STDERR, 0, LOG_DEBUG, "d", 0), "");
	assert_string_equal(capture(HWRNGD_LOG_STDERR, 1, LOG_DEBUG, "d", 0), "");
	assert_string_equal(capture(HWRNGD_LOG_STDERR, HWRNGD_V_DEBUG,
				    LOG_DEBUG, "d", 0), "havege-hwrngd: d\n");
	assert_string_equal(capture(HWRNGD_LOG_STDERR, 0, LOG_INFO, "i", 0),
			    "havege-hwrngd: i\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_debug_needs_verbose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
