// SPDX-License-Identifier: GPL-2.0
/*
 * test_config.c: havege-hwrngd's option parser and size parsing, as
 * tables of {command line, expected result, expected fields}.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"
#include "credit.h"
#include "size.h"

struct size_case {
	const char *text;
	int ret;
	uint64_t bytes;
};

static const struct size_case size_cases[] = {
	{ "0", 0, 0 },
	{ "4096", 0, 4096 },
	{ "4k", 0, 4096 },
	{ "4K", 0, 4096 },
	{ "4M", 0, 4U << 20 },
	{ "1g", 0, 1U << 30 },
	{ "16t", 0, UINT64_C(16) << 40 },
	{ "17t", -ERANGE, 0 },
	{ "17592186044417", -ERANGE, 0 },
	{ "99999999999999999999999", -ERANGE, 0 },
	{ "", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ " 4", -EINVAL, 0 },
	{ "4x", -EINVAL, 0 },
	{ "4kb", -EINVAL, 0 },
	{ "k", -EINVAL, 0 },
	{ "0x10", -EINVAL, 0 },
};

static void test_size_table(void **state)
{
	unsigned int i;
	uint64_t v;
	int r;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(size_cases); i++) {
		v = 12345;
		r = size_parse(size_cases[i].text, &v);
		if (r != size_cases[i].ret)
			fail_msg("size_parse(\"%s\") = %d, expected %d",
				 size_cases[i].text, r, size_cases[i].ret);
		/* the result is only written on success */
		assert_int_equal(v, r ? 12345 : size_cases[i].bytes);
	}
}

static void test_size_uint(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(size_parse_uint("5", 1, 10, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(size_parse_uint("0", 1, 10, &v), -ERANGE);
	assert_int_equal(size_parse_uint("11", 1, 10, &v), -ERANGE);
	assert_int_equal(size_parse_uint("5k", 1, 10, &v), -EINVAL);
	assert_int_equal(v, 5);
}

/* Runs config_parse on a NULL-terminated argument list. */
static int parse(struct hwrngd_config *cfg, char *out, size_t outlen,
		 char *err, size_t errlen, const char *const *args)
{
	char *argv[32];
	FILE *fo, *fe;
	int argc = 0, r;

	argv[argc++] = (char *)"havege-hwrngd";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	memset(out, 0, outlen);
	memset(err, 0, errlen);
	fo = fmemopen(out, outlen - 1, "w");
	fe = fmemopen(err, errlen - 1, "w");
	assert_non_null(fo);
	assert_non_null(fe);
	r = config_parse(cfg, argc, argv, fo, fe);
	fclose(fo);
	fclose(fe);
	return r;
}

struct cfg_case {
	const char *args[8];
	int ret;
	const char *err;	/* expected substring of the error, or NULL */
};

static const struct cfg_case bad_cases[] = {
	{ { "-x" }, -EINVAL, "unknown option '-x'" },
	{ { "--bogus" }, -EINVAL, "unknown option '--bogus'" },
	{ { "-n" }, -EINVAL, "needs an argument" },
	{ { "-n", "4q" }, -EINVAL, "invalid argument '4q' for --number" },
	{ { "-n", "17t" }, -EINVAL, "larger than 16t" },
	{ { "-n", "-5" }, -EINVAL, "--number" },
	{ { "--number=" }, -EINVAL, "--number" },
	{ { "-d", "65537" }, -EINVAL, "--data" },
	{ { "-b", "0" }, -EINVAL, "--buffer" },
	{ { "-i", "abc" }, -EINVAL, "--inst" },
	{ { "-b", "99999999" }, -EINVAL, "--buffer" },
	{ { "-o", "x" }, -EINVAL, "--onlinetest" },
	{ { "-o", "tq" }, -EINVAL, "--onlinetest" },
	{ { "-o", "ta9b" }, -EINVAL, "--onlinetest" },
	{ { "-v", "x" }, -EINVAL, "--verbose" },
	{ { "-r", "x" }, -EINVAL, "--run" },
	{ { "--mode=fast" }, -EINVAL, "--mode" },
	{ { "--log=file" }, -EINVAL, "--log" },
	{ { "--until-seeded=0" }, -EINVAL, "--until-seeded" },
	{ { "--until-seeded=5h" }, -EINVAL, "--until-seeded" },
	{ { "--status", "-n", "1k" }, -EINVAL, "choose one of" },
	{ { "-r", "1", "--until-seeded" }, -EINVAL, "choose one of" },
	{ { "-f", "out" }, -EINVAL, "--file needs --number" },
	{ { "stray" }, -EINVAL, "unexpected argument 'stray'" },
	{ { "--assess=999" }, -EINVAL, "--assess" },
	{ { "--assess=2g" }, -EINVAL, "--assess" },
	{ { "--assess", "--until-seeded" }, -EINVAL, "choose one of" },
	{ { "--entropy-per-delta=0" }, -EINVAL, "--entropy-per-delta" },
	{ { "--entropy-per-delta=8.5" }, -EINVAL, "--entropy-per-delta" },
	{ { "--entropy-per-delta=x" }, -EINVAL, "--entropy-per-delta" },
	{ { "--entropy-per-delta=nan" }, -EINVAL, "--entropy-per-delta" },
	{ { "--entropy-per-delta=0.49" }, -EINVAL, "one bit per 64-byte read" },
	{ { "--record-raw=0" }, -EINVAL, "invalid argument '0' for --record-raw" },
	{ { "--record-raw=1x" }, -EINVAL, "--record-raw" },
	{ { "--record-raw=17t" }, -EINVAL, "larger than 16t" },
	{ { "--record-raw=1k", "-n", "1k" }, -EINVAL, "choose one of" },
	{ { "--record-raw=1k", "--until-seeded" }, -EINVAL, "choose one of" },
	{ { "--record-raw=1k", "-f", "" }, -EINVAL, "--file must not be empty" },
};

static void test_bad_options(void **state)
{
	struct hwrngd_config cfg;
	char out[4096], err[1024];
	unsigned int i;
	int r;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		r = parse(&cfg, out, sizeof(out), err, sizeof(err),
			  bad_cases[i].args);
		if (r != bad_cases[i].ret || !strstr(err, bad_cases[i].err))
			fail_msg("case %u (%s): r=%d err=\"%s\"", i,
				 bad_cases[i].args[0], r, err);
		assert_string_equal(out, "");
	}
}

static void test_help_version(void **state)
{
	static const char *const help[][2] = {
		{ "--help", NULL }, { "-h", NULL }, { "-?", NULL },
	};
	const char *args[2] = { "--version", NULL };
	struct hwrngd_config cfg;
	char out[4096], err[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err),
				       help[i]), CONFIG_EXIT_OK);
		assert_non_null(strstr(out, "Usage: havege-hwrngd"));
		assert_non_null(strstr(out, "--until-seeded"));
		assert_string_equal(err, "");
	}
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args),
			 CONFIG_EXIT_OK);
	assert_string_equal(out, "havege-hwrngd " HAVEGE_VERSION "\n");
}

static void test_defaults(void **state)
{
	const char *args[] = { NULL };
	struct hwrngd_config cfg;
	char out[64], err[256];

	(void)state;
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args), 0);
	assert_int_equal(cfg.run, HWRNGD_RUN_DAEMON);
	assert_int_equal(cfg.target, HWRNGD_TARGET_AUTO);
	assert_string_equal(cfg.pidfile, "/run/havege-hwrngd/pid");
	assert_string_equal(cfg.status_file, "/run/havege-hwrngd/status");
	assert_string_equal(cfg.device, "/dev/havege_hwrng");
	assert_int_equal(cfg.max_failures, HWRNGD_DEFAULT_MAX_FAILURES);
	assert_false(cfg.foreground);
	assert_false(cfg.select);
	assert_false(cfg.condition);
	assert_null(cfg.olt_spec);
}

static void test_haveged_options(void **state)
{
	const char *args[] = { "-b", "64", "-d", "32", "-i", "48", "-o",
			       "TA8BcB", "-v", "3", "-F", "-p", NULL };
	const char *args2[] = { "/tmp/x.pid", "-w", "1024", NULL };
	const char *all[16];
	struct hwrngd_config cfg;
	char out[64], err[256];
	unsigned int i, n = 0;

	(void)state;
	for (i = 0; args[i]; i++)
		all[n++] = args[i];
	for (i = 0; args2[i]; i++)
		all[n++] = args2[i];
	all[n] = NULL;
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), all), 0);
	assert_int_equal(cfg.buffer_kw, 64);
	assert_int_equal(cfg.dcache_kb, 32);
	assert_int_equal(cfg.icache_kb, 48);
	assert_string_equal(cfg.olt_spec, "TA8BcB");
	assert_int_equal(cfg.verbose, 3);
	assert_true(cfg.foreground);
	assert_string_equal(cfg.pidfile, "/tmp/x.pid");
	assert_true(cfg.write_wakeup_set);
	assert_int_equal(cfg.write_wakeup, 1024);
	assert_int_equal(cfg.run, HWRNGD_RUN_DAEMON);
	/* -d 0 and -i 0 mean "detect", as in haveged */
	all[2] = "-d";
	all[3] = "0";
	all[4] = "-i";
	all[5] = "0";
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), all), 0);
	assert_int_equal(cfg.dcache_kb, 0);
	assert_int_equal(cfg.icache_kb, 0);
}

struct mode_case {
	const char *args[6];
	enum hwrngd_run run;
	uint64_t bytes;
	const char *file;
};

static const struct mode_case mode_cases[] = {
	{ { "-n", "4M", "-f", "-" }, HWRNGD_RUN_OUTPUT, 4U << 20, "-" },
	{ { "-n", "0" }, HWRNGD_RUN_OUTPUT, 0, "-" },
	{ { "--number=1k" }, HWRNGD_RUN_OUTPUT, 1024, "sample" },
	{ { "-r", "8" }, HWRNGD_RUN_OUTPUT, 8192, "sample" },
	{ { "-r", "8", "-n", "1k" }, HWRNGD_RUN_OUTPUT, 1024, "sample" },
	{ { "-n", "2k", "--file=o.bin" }, HWRNGD_RUN_OUTPUT, 2048, "o.bin" },
	{ { "-r", "1" }, HWRNGD_RUN_INFO, 0, NULL },
	{ { "--info" }, HWRNGD_RUN_INFO, 0, NULL },
	{ { "-r", "0" }, HWRNGD_RUN_DAEMON, 0, NULL },
	/* haveged runs its daemon for -r 0 whatever -f says */
	{ { "-r", "0", "-f", "o.bin" }, HWRNGD_RUN_DAEMON, 0, NULL },
	{ { "--status" }, HWRNGD_RUN_STATUS, 0, NULL },
	{ { "--until-seeded" }, HWRNGD_RUN_SEED, 0, NULL },
	{ { "--assess" }, HWRNGD_RUN_ASSESS, 0, NULL },
	{ { "--assess=64k" }, HWRNGD_RUN_ASSESS, 0, NULL },
	{ { "--record-raw=64k" }, HWRNGD_RUN_RECORD, 0, "-" },
	{ { "--record-raw=1m", "-f", "raw.bin" }, HWRNGD_RUN_RECORD, 0, "raw.bin" },
};

/* The claim and the assessment size: defaults and parsed values. */
static void test_claim(void **state)
{
	struct hwrngd_config cfg;
	char out[64], err[256];
	const char *dflt[8] = { "-F" };
	const char *set[8] = { "--entropy-per-delta=1.25", "--assess=64k" };

	(void)state;
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), dflt), 0);
	assert_true(cfg.h_claim == CREDIT_H_CLAIM_DEFAULT);
	assert_int_equal(cfg.assess_samples, 1000000);
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), set), 0);
	assert_true(cfg.h_claim == 1.25);
	assert_int_equal(cfg.assess_samples, 65536);
	assert_int_equal(cfg.run, HWRNGD_RUN_ASSESS);
}

static void test_modes(void **state)
{
	struct hwrngd_config cfg;
	char out[64], err[256];
	unsigned int i;
	int r;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(mode_cases); i++) {
		r = parse(&cfg, out, sizeof(out), err, sizeof(err),
			  mode_cases[i].args);
		if (r)
			fail_msg("case %u: %d %s", i, r, err);
		assert_int_equal(cfg.run, mode_cases[i].run);
		assert_int_equal(cfg.out_bytes, mode_cases[i].bytes);
		if (cfg.run == HWRNGD_RUN_RECORD)
			assert_int_equal(cfg.record_samples,
					 !strcmp(mode_cases[i].args[0],
						 "--record-raw=64k") ?
					 64U << 10 : 1U << 20);
		if (mode_cases[i].file)
			assert_string_equal(cfg.out_file, mode_cases[i].file);
	}
}

static void test_service_options(void **state)
{
	const char *args[] = { "--until-seeded=2m", "--mode=random",
			       "--log=journal", "--max-failures=7", NULL };
	const char *args2[] = { "--select", "--mode=feed", "--device=/dev/x",
				"--status-file=/tmp/s", "-v", "-1",
				"--condition", NULL };
	struct hwrngd_config cfg;
	char out[64], err[256];

	(void)state;
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args), 0);
	assert_int_equal(cfg.run, HWRNGD_RUN_SEED);
	assert_int_equal(cfg.seed_timeout_s, 120);
	assert_int_equal(cfg.target, HWRNGD_TARGET_RANDOM);
	assert_int_equal(cfg.log_to, HWRNGD_LOG_JOURNAL);
	assert_int_equal(cfg.max_failures, 7);
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args2), 0);
	assert_true(cfg.select);
	assert_true(cfg.condition);
	assert_int_equal(cfg.target, HWRNGD_TARGET_FEED);
	assert_string_equal(cfg.device, "/dev/x");
	assert_string_equal(cfg.status_file, "/tmp/s");
	assert_int_equal(cfg.verbose, 0xffffffffU);
	assert_int_equal(cfg.seed_timeout_s, HWRNGD_DEFAULT_SEED_TIMEOUT_S);
}

/*
 * The daemon changes to / when it forks: relative paths are taken from
 * the directory it was started in, at parse time; absolute ones and ""
 * (no status file) stay as given.
 */
static void test_relative_paths(void **state)
{
	const char *args[] = { "-p", "x.pid", "--status-file=run/st",
			       "--device=./dev", "--sysfs-dir=../hw", NULL };
	const char *args2[] = { "--pidfile=/abs/p", "--status-file=", NULL };
	char cwd[PATH_MAX], dir[] = "/tmp/hwrngd-cwd-XXXXXX", want[PATH_MAX + 16];
	struct hwrngd_config cfg;
	char out[64], err[256];

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args), 0);
	(void)snprintf(want, sizeof(want), "%s/x.pid", dir);
	assert_string_equal(cfg.pidfile, want);
	(void)snprintf(want, sizeof(want), "%s/run/st", dir);
	assert_string_equal(cfg.status_file, want);
	(void)snprintf(want, sizeof(want), "%s/./dev", dir);
	assert_string_equal(cfg.device, want);
	(void)snprintf(want, sizeof(want), "%s/../hw", dir);
	assert_string_equal(cfg.sysfs_dir, want);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args), 0);
	assert_string_equal(cfg.pidfile, "/x.pid");
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args2), 0);
	assert_string_equal(cfg.pidfile, "/abs/p");
	assert_string_equal(cfg.status_file, "");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* A relative path that cannot be made absolute is a usage error. */
static void test_relative_path_too_long(void **state)
{
	static char name[PATH_MAX], err[PATH_MAX + 256];
	const char *args[] = { "-p", name, NULL };
	struct hwrngd_config cfg;
	char out[64];

	(void)state;
	memset(name, 'p', sizeof(name) - 1);
	assert_int_equal(parse(&cfg, out, sizeof(out), err, sizeof(err), args),
			 -EINVAL);
	assert_non_null(strstr(err, "for --pidfile: path too long"));
}

static void test_olt_spec(void **state)
{
	/* haveged's syntax: empty groups and "" are allowed, a<n> is 1..8 */
	static const char *const good[] = { "ta8bcb", "tbca8wbw", "tA", "cb",
					    "ta1cbw", "TABCB", "", "t", "c",
					    "tc", "tcb", "tca8b", "tbc" };
	static const char *const bad[] = { "a", "tx", "ta8q", "tbw8", "w",
					   "tbtb", "taa", "ta0", "ta9b",
					   "ta258", "tbb", "tcta" };
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++)
		if (config_check_olt_spec(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (!config_check_olt_spec(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_table),
		cmocka_unit_test(test_size_uint),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_help_version),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_haveged_options),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_claim),
		cmocka_unit_test(test_service_options),
		cmocka_unit_test(test_relative_paths),
		cmocka_unit_test(test_relative_path_too_long),
		cmocka_unit_test(test_olt_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
