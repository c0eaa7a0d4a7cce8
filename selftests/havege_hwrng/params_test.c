// SPDX-License-Identifier: GPL-2.0
/*
 * Garbage module parameters.  With the module unloaded, each parameter is
 * given at load time every kind of bad value (negative, 2^16, 2^32, 2^64,
 * out of its range, not a number, empty, no value, overlong): the load
 * must fail with EINVAL or ERANGE, the kernel must name the parameter in
 * its log, and nothing may stay loaded; values the module documents as
 * clamped (fifo_size) must load with the clamped value.  Then, loaded
 * with the harness's parameters, writes of garbage to the writable
 * parameters in sysfs must fail and leave the value as it was, and the
 * read-only one cannot be opened for writing.  Leaves the module loaded
 * with $HAVEGE_KO_PARAMS for the next program.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdlib.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "sys.h"

/* longer than a page, so sysfs truncates it and printk cuts it short */
#define PARAMS_LONG	5000

enum params_expect {
	PE_REFUSE,	/* the load fails with EINVAL or ERANGE */
	PE_VALUE,	/* the load works and the parameter reads @value */
	PE_IGNORED,	/* the load works, the kernel ignores the parameter */
};

struct params_case {
	const char *name;	/* parameter */
	const char *val;	/* NULL: "name" without "=" */
	enum params_expect expect;
	unsigned long value;	/* PE_VALUE: what sysfs shows after */
};

/* ranges: quality 1..1024; min_reregister_ms 0..60000; fifo_size clamped */
static const struct params_case params_cases[] = {
	{ "quality", "-1", PE_REFUSE },
	{ "quality", "0", PE_REFUSE },
	{ "quality", "1025", PE_REFUSE },
	{ "quality", "65535", PE_REFUSE },
	{ "quality", "65536", PE_REFUSE },
	{ "quality", "4294967296", PE_REFUSE },
	{ "quality", "18446744073709551616", PE_REFUSE },
	{ "quality", "abc", PE_REFUSE },
	{ "quality", "12abc", PE_REFUSE },
	{ "quality", "0x", PE_REFUSE },
	{ "quality", "", PE_REFUSE },
	{ "quality", NULL, PE_REFUSE },
	{ "quality", "1", PE_VALUE, 1 },
	{ "quality", "0x400", PE_VALUE, 1024 },
	{ "fifo_size", "-1", PE_REFUSE },
	{ "fifo_size", "4294967296", PE_REFUSE },
	{ "fifo_size", "18446744073709551616", PE_REFUSE },
	{ "fifo_size", "16k", PE_REFUSE },
	{ "fifo_size", "", PE_REFUSE },
	{ "fifo_size", NULL, PE_REFUSE },
	{ "fifo_size", "0", PE_VALUE, 1024 },
	{ "fifo_size", "1025", PE_VALUE, 2048 },
	{ "fifo_size", "1048577", PE_VALUE, 1048576 },
	{ "fifo_size", "4294967295", PE_VALUE, 1048576 },
	{ "min_reregister_ms", "-5", PE_REFUSE },
	{ "min_reregister_ms", "60001", PE_REFUSE },
	{ "min_reregister_ms", "4294967295", PE_REFUSE },
	{ "min_reregister_ms", "4294967296", PE_REFUSE },
	{ "min_reregister_ms", "ms", PE_REFUSE },
	{ "min_reregister_ms", "", PE_REFUSE },
	{ "min_reregister_ms", NULL, PE_REFUSE },
	{ "min_reregister_ms", "0", PE_VALUE, 0 },
	{ "min_reregister_ms", "60000", PE_VALUE, 60000 },
};

/* overlong values: all digits (out of range) and all letters */
static char *params_long(char c)
{
	char *s = malloc(PARAMS_LONG + 1);

	if (s) {
		memset(s, c, PARAMS_LONG);
		s[PARAMS_LONG] = '\0';
	}
	return s;
}

/* /dev/kmsg positioned at the end of the log, or -errno */
static int params_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * Whether a record logged since params_kmsg_open() contains @needle.  A
 * message cut short at printk's line limit loses its newline and stays
 * invisible to readers until the next record: log a marker first.
 */
static bool params_kmsg_has(int fd, const char *needle)
{
	static const char mark[] = "params_test: kernel log checked\n";
	char rec[8192];
	bool found = false;
	ssize_t n;
	int wfd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	if (wfd >= 0) {
		(void)!write(wfd, mark, sizeof(mark) - 1);
		close(wfd);
	}

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		if (strstr(rec, needle))
			found = true;
	}
	return found;
}

FIXTURE(params) {
	bool warned;
	int kmsg;
};

FIXTURE_SETUP(params)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why)), err;

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	self->kmsg = -1;
	err = sys_module_unload();
	ASSERT_EQ(0, err) TH_LOG("rmmod: %s (something holds the module)",
				 strerror(-err));
	ASSERT_EQ(0, sys_wait_device(false, 3000));
	self->kmsg = params_kmsg_open();
	ASSERT_LE(0, self->kmsg) TH_LOG("/dev/kmsg: %s",
					strerror(-self->kmsg));
}

FIXTURE_TEARDOWN(params)
{
	if (self->kmsg >= 0)
		close(self->kmsg);
	/* whatever happened, the next program gets the usual module */
	if (sys_module_loaded())
		(void)sys_module_unload();
	EXPECT_EQ(0, sys_module_load());
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

/* Load with "@name=@val" ("@name" if @val is NULL) and check @expect. */
static void params_try(struct __test_metadata *_metadata, int kmsg,
		       const char *name, const char *val,
		       enum params_expect expect, unsigned long value)
{
	size_t vlen = val ? strlen(val) : 0;
	char *arg = malloc(strlen(name) + vlen + 2);
	char path[128], needle[96];
	unsigned long got;
	int err;

	ASSERT_NE(NULL, arg);
	if (val)
		sprintf(arg, "%s=%s", name, val);
	else
		strcpy(arg, name);
	(void)params_kmsg_has(kmsg, "");	/* skip older records */
	err = sys_module_load_params(arg);
	free(arg);
	if (expect == PE_REFUSE) {
		EXPECT_TRUE(err == -EINVAL || err == -ERANGE)
			TH_LOG("%s=%.40s: load gave %d, not EINVAL/ERANGE",
			       name, val ? val : "(none)", err);
		EXPECT_FALSE(sys_module_loaded())
			TH_LOG("%s=%.40s: module left loaded", name,
			       val ? val : "(none)");
		EXPECT_NE(0, access(HAVEGE_HWRNG_DEVICE, F_OK));
		/* "`VAL' invalid for parameter `NAME'", or cut short */
		if (vlen < 200)
			snprintf(needle, sizeof(needle),
				 "invalid for parameter `%s'", name);
		else
			snprintf(needle, sizeof(needle), SYS_MOD_NAME ": `");
		EXPECT_TRUE(params_kmsg_has(kmsg, needle))
			TH_LOG("%s=%.40s: no \"%s\" in the kernel log", name,
			       val ? val : "(none)", needle);
		if (sys_module_loaded())
			(void)sys_module_unload();
		return;
	}
	ASSERT_EQ(0, err) TH_LOG("%s=%s: load: %s", name, val,
				 strerror(-err));
	if (expect == PE_IGNORED) {
		snprintf(needle, sizeof(needle),
			 "unknown parameter '%s' ignored", name);
		EXPECT_TRUE(params_kmsg_has(kmsg, needle))
			TH_LOG("no \"%s\" in the kernel log", needle);
	} else {
		snprintf(path, sizeof(path), SYS_MOD_PARAMS "/%s", name);
		EXPECT_EQ(0, sys_read_uint(path, &got));
		EXPECT_EQ(value, got) TH_LOG("%s=%s", name, val);
	}
	if (!strcmp(name, "fifo_size")) {
		EXPECT_EQ(0, sys_stat("fifo_size", &got));
		EXPECT_EQ(value, got) TH_LOG("fifo_size statistic");
	}
	err = sys_module_unload();
	ASSERT_EQ(0, err) TH_LOG("rmmod: %s", strerror(-err));
	ASSERT_EQ(0, sys_wait_device(false, 3000));
}

TEST_F_TIMEOUT(params, garbage_at_load, 300)
{
	static const char *const names[] = { "quality", "fifo_size",
					     "min_reregister_ms" };
	const struct params_case *c;
	unsigned int i, n = 0;
	char *digits = params_long('9'), *letters = params_long('x');

	ASSERT_NE(NULL, digits);
	ASSERT_NE(NULL, letters);
	for (i = 0; i < ARRAY_SIZE(params_cases); i++, n++) {
		c = &params_cases[i];
		params_try(_metadata, self->kmsg, c->name, c->val, c->expect,
			   c->value);
	}
	for (i = 0; i < ARRAY_SIZE(names); i++, n += 2) {
		params_try(_metadata, self->kmsg, names[i], digits, PE_REFUSE,
			   0);
		params_try(_metadata, self->kmsg, names[i], letters,
			   PE_REFUSE, 0);
	}
	free(digits);
	free(letters);
	/* an unknown parameter is the kernel's to ignore (with a message) */
	params_try(_metadata, self->kmsg, "no_such_param", "1", PE_IGNORED,
		   0);
	n++;
	dev_note("%u loads with garbage or boundary parameters", n);
}

/* what a garbage write to a 0644 parameter must leave unchanged */
static const char *const params_garbage[] = {
	"", "\n", "-1", "1025", "60001", "65536", "4294967296",
	"18446744073709551616", "abc", "12abc", "0x", "1 2", "\xff",
};

static void params_sysfs(struct __test_metadata *_metadata,
			 const char *name, const char *valid,
			 unsigned long valid_val)
{
	char path[128], old[32], *longval = params_long('7');
	unsigned long before, after;
	unsigned int i;
	int err;

	ASSERT_NE(NULL, longval);
	snprintf(path, sizeof(path), SYS_MOD_PARAMS "/%s", name);
	ASSERT_EQ(0, sys_read_uint(path, &before));
	for (i = 0; i <= ARRAY_SIZE(params_garbage); i++) {
		const char *g = i < ARRAY_SIZE(params_garbage) ?
				params_garbage[i] : longval;

		/* 1025 ms is a valid min_reregister_ms */
		if (!strcmp(name, "min_reregister_ms") && !strcmp(g, "1025"))
			continue;
		err = sys_write(path, g);
		/* an empty write never reaches the attribute */
		if (!*g) {
			EXPECT_TRUE(err == 0 || err == -EINVAL);
		} else {
			EXPECT_TRUE(err == -EINVAL || err == -ERANGE)
				TH_LOG("%s <- \"%.40s\": %d", name, g, err);
		}
		ASSERT_EQ(0, sys_read_uint(path, &after));
		EXPECT_EQ(before, after) TH_LOG("%s <- \"%.40s\"", name, g);
	}
	free(longval);
	/* a valid value is taken, then the old one restored */
	ASSERT_EQ(0, sys_write(path, valid));
	ASSERT_EQ(0, sys_read_uint(path, &after));
	EXPECT_EQ(valid_val, after);
	snprintf(old, sizeof(old), "%lu", before);
	EXPECT_EQ(0, sys_write(path, old));
}

TEST_F(params, garbage_in_sysfs)
{
	int err = sys_module_load();

	ASSERT_EQ(0, err) TH_LOG("load: %s", strerror(-err));
	params_sysfs(_metadata, "quality", "7\n", 7);
	params_sysfs(_metadata, "min_reregister_ms", "250", 250);
	/* fifo_size is 0444: not writable, even by root */
	err = sys_write(SYS_MOD_PARAMS "/fifo_size", "4096");
	EXPECT_EQ(-EACCES, err);
}

TEST_HARNESS_MAIN
