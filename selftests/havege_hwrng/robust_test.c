// SPDX-License-Identifier: GPL-2.0
/*
 * Feeder death and module unload with consumers inside the module:
 * kill -9 of the feeder while readers block in /dev/hwrng (or while it
 * feeds them and the fill thread) must release them promptly and remove the
 * source; rmmod is refused while a feeder is attached and works right after
 * it is gone; the module is loaded again for whatever runs next.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "feeder.h"
#include "proc.h"
#include "sys.h"

#define NREADERS	2
/* readers blocked in the module must be back within this */
#define RETURN_MS	3000

/* the feeder and reader children of one test */
struct robust_kids {
	pid_t feeder;
	int evfd;
	pid_t reader[NREADERS];
	int recfd[NREADERS];
};

FIXTURE(robust) {
	struct robust_kids k;
	bool warned;	/* the kernel had WARNed before this test */
};

FIXTURE_VARIANT(robust) {
	bool feeding;	/* keep feeding (readers busy) or starve them */
	int sig;	/* how the feeder ends */
};

FIXTURE_VARIANT_ADD(robust, kill9_blocked_readers) {
	.feeding = false, .sig = SIGKILL,
};

FIXTURE_VARIANT_ADD(robust, kill9_while_feeding) {
	.feeding = true, .sig = SIGKILL,
};

FIXTURE_VARIANT_ADD(robust, sigterm_blocked_readers) {
	.feeding = false, .sig = SIGTERM,
};

FIXTURE_SETUP(robust)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));
	int i;

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	self->k.evfd = -1;
	for (i = 0; i < NREADERS; i++)
		self->k.recfd[i] = -1;
}

FIXTURE_TEARDOWN(robust)
{
	int i;

	proc_kill_wait(self->k.feeder);
	for (i = 0; i < NREADERS; i++) {
		proc_kill_wait(self->k.reader[i]);
		if (self->k.recfd[i] >= 0)
			close(self->k.recfd[i]);
	}
	if (self->k.evfd >= 0)
		close(self->k.evfd);
	/* whatever happened, leave the module loaded for the next test */
	if (!sys_module_loaded())
		(void)sys_module_load();
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

static int wait_stat_at_least(const char *name, unsigned long min,
			      unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	unsigned long val;
	int err;

	for (;;) {
		err = sys_stat(name, &val);
		if (err)
			return err;
		if (val >= min)
			return 0;
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(10);
	}
}

/* Feeder registered, readers started and inside (or busy with) the module. */
static void start_all(struct __test_metadata *_metadata,
		      struct robust_kids *self, bool feeding)
{
	unsigned long served0;
	int i;

	self->feeder = proc_feeder_spawn(61, feeding ? 0 : 256, true,
					 &self->evfd);
	ASSERT_LT(0, self->feeder);
	ASSERT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_REGISTERED, 5000));
	ASSERT_EQ(0, sys_stat("bytes_served", &served0));
	for (i = 0; i < NREADERS; i++) {
		self->reader[i] = proc_reader_spawn(&self->recfd[i]);
		ASSERT_LT(0, self->reader[i]);
	}
	if (feeding) {
		ASSERT_EQ(0, wait_stat_at_least("bytes_served",
						served0 + (64U << 10), 20000));
	} else {
		ASSERT_EQ(0, wait_stat_at_least("blocked_readers", 1, 5000));
	}
}

/* Every reader is back (its read failed) within @ms; returns last errno. */
static void readers_return(struct __test_metadata *_metadata,
			   struct robust_kids *self, uint64_t t0)
{
	struct proc_read_rec rec, last;
	int i, status;

	for (i = 0; i < NREADERS; i++) {
		uint64_t now = dev_now_ms();
		unsigned int left = now - t0 < RETURN_MS ?
				    (unsigned int)(RETURN_MS - (now - t0)) : 0;

		ASSERT_EQ(0, proc_wait_exit(self->reader[i], left, &status))
			TH_LOG("reader %d still in read() %u ms after the feeder ended",
			       i, RETURN_MS);
		self->reader[i] = 0;
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		last.ret = 0;
		while (read(self->recfd[i], &rec, sizeof(rec)) == sizeof(rec))
			last = rec;
		/* the source is gone: the core reports no device */
		EXPECT_EQ(-ENODEV, last.ret);
	}
	dev_note("readers returned %llu ms after the feeder ended",
		 (unsigned long long)(dev_now_ms() - t0));
}

static void source_gone(struct __test_metadata *_metadata)
{
	unsigned long state;
	char cur[64];
	int fd;

	ASSERT_EQ(0, sys_stat("state", &state));
	EXPECT_EQ(0, state);
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	EXPECT_STRNE(HAVEGE_HWRNG_NAME, cur);
	/* released: a new feeder can attach */
	fd = dev_open(0);
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
}

TEST_F(robust, feeder_death_releases_readers)
{
	uint64_t t0;

	start_all(_metadata, &self->k, variant->feeding);
	t0 = dev_now_ms();
	ASSERT_EQ(0, kill(self->k.feeder, variant->sig));
	ASSERT_EQ(0, proc_wait_exit(self->k.feeder, RETURN_MS, NULL));
	self->k.feeder = 0;
	readers_return(_metadata, &self->k, t0);
	source_gone(_metadata);
}

/* Unload while attached is refused; right after the feeder ends it works. */
TEST_F(robust, rmmod_refused_then_reload)
{
	struct havege_hwrng_stats st;
	uint64_t t0, end;
	int err, fd;

	start_all(_metadata, &self->k, variant->feeding);
	err = sys_module_unload();
	EXPECT_TRUE(err == -EWOULDBLOCK || err == -EBUSY)
		TH_LOG("delete_module with a feeder attached: %s",
		       strerror(-err));
	ASSERT_TRUE(sys_module_loaded());
	EXPECT_EQ(1, sys_rng_listed(HAVEGE_HWRNG_NAME));
	t0 = dev_now_ms();
	ASSERT_EQ(0, kill(self->k.feeder, variant->sig));
	ASSERT_EQ(0, proc_wait_exit(self->k.feeder, RETURN_MS, NULL));
	self->k.feeder = 0;
	readers_return(_metadata, &self->k, t0);
	end = dev_now_ms() + 2000;
	while ((err = sys_module_unload()) == -EWOULDBLOCK &&
	       dev_now_ms() < end)
		dev_sleep_ms(20);
	ASSERT_EQ(0, err) TH_LOG("delete_module: %s", strerror(-err));
	EXPECT_FALSE(sys_module_loaded());
	EXPECT_EQ(0, sys_wait_device(false, 2000));
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
	/* load it again (finit_module of $HAVEGE_KO): fresh counters */
	ASSERT_EQ(0, sys_module_load());
	fd = dev_open(0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, dev_stats(fd, &st));
	close(fd);
	EXPECT_EQ(0, st.bytes_in);
	EXPECT_EQ(0, st.registrations);
}

TEST_HARNESS_MAIN
