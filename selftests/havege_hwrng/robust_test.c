// SPDX-License-Identifier: GPL-2.0
/*
 * Feeder death and module unload with consumers inside the module:
 * kill -9 of the feeder while readers block in /dev/hwrng (or while it
 * feeds them and the fill thread) must release them promptly and remove the
 * source; rmmod is refused while a feeder is attached and works right after
 * it is gone; the module is loaded again for whatever runs next.  A
 * WITHDRAW under blocked readers ends their read() with -ENODEV promptly and
 * without spinning.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
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

/* what a timed reader reports about its one read() of /dev/hwrng */
struct timed_read {
	int64_t ret;		/* bytes, or -errno */
	uint64_t end_ms;	/* dev_now_ms() when read() returned */
	uint64_t cpu_us;	/* CPU time the reader spent inside read() */
};

static uint64_t thread_cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000U + (uint64_t)ts.tv_nsec / 1000U;
}

/* Fork a child that does one blocking read() and reports it on *@recfd. */
static pid_t timed_reader_spawn(int *recfd)
{
	static unsigned char buf[DEV_CORE_CHUNK];
	struct timed_read rec;
	uint64_t cpu0;
	ssize_t r;
	pid_t pid;
	int p[2], fd;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid) {
		close(p[1]);
		if (pid < 0)
			close(p[0]);
		*recfd = p[0];
		return pid < 0 ? -errno : pid;
	}
	close(p[0]);
	fd = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC);
	cpu0 = thread_cpu_us();
	r = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	rec.cpu_us = thread_cpu_us() - cpu0;
	rec.end_ms = dev_now_ms();
	rec.ret = r < 0 ? -errno : r;
	(void)!write(p[1], &rec, sizeof(rec));
	_exit(0);
}

FIXTURE(withdraw) {
	int fd;
	pid_t reader[NREADERS];
	int recfd[NREADERS];
	bool warned;
};

FIXTURE_SETUP(withdraw)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));
	int i;

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	for (i = 0; i < NREADERS; i++)
		self->recfd[i] = -1;
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(withdraw)
{
	int i;

	for (i = 0; i < NREADERS; i++) {
		proc_kill_wait(self->reader[i]);
		if (self->recfd[i] >= 0)
			close(self->recfd[i]);
	}
	if (self->fd >= 0)
		close(self->fd);
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

/*
 * Readers blocked in /dev/hwrng (one inside .read, the others on the core's
 * reading_mutex behind it or the fill thread) when the feeder withdraws:
 * each read() fails with -ENODEV within RETURN_MS of the WITHDRAW, having
 * spent little CPU time (a .read that returned 0 after the withdrawal would
 * make the core call it again in a loop).  On <= 6.0 the WITHDRAW itself
 * may take 10 s (the fill thread's back-off), hence the timeout.
 */
TEST_F_TIMEOUT(withdraw, blocked_readers_get_enodev, 60)
{
	struct timed_read rec;
	unsigned long blocked;
	uint64_t t0;
	int i;

	ASSERT_EQ(0, dev_register(self->fd));
	for (i = 0; i < NREADERS; i++) {
		self->reader[i] = timed_reader_spawn(&self->recfd[i]);
		ASSERT_LT(0, self->reader[i]);
	}
	ASSERT_EQ(0, wait_stat_at_least("blocked_readers", 1, 5000));
	/* let every reader reach the module or the core's mutex */
	dev_sleep_ms(300);
	ASSERT_EQ(0, sys_stat("blocked_readers", &blocked));
	ASSERT_LE(1, blocked);
	t0 = dev_now_ms();
	ASSERT_EQ(0, dev_withdraw(self->fd));
	dev_note("WITHDRAW took %llu ms",
		 (unsigned long long)(dev_now_ms() - t0));
	for (i = 0; i < NREADERS; i++) {
		ASSERT_EQ(0, proc_wait_exit(self->reader[i], RETURN_MS, NULL));
		self->reader[i] = 0;
		ASSERT_EQ(sizeof(rec), read(self->recfd[i], &rec, sizeof(rec)));
		EXPECT_EQ(-ENODEV, rec.ret);
		EXPECT_GT(t0 + RETURN_MS, rec.end_ms)
			TH_LOG("reader %d returned %llu ms after WITHDRAW", i,
			       (unsigned long long)(rec.end_ms - t0));
		/* blocked, then one failed call: far below a busy loop */
		EXPECT_GT(200000U, rec.cpu_us)
			TH_LOG("reader %d used %llu us of CPU in read()", i,
			       (unsigned long long)rec.cpu_us);
		dev_note("reader %d: %lld after %llu ms, %llu us CPU", i,
			 (long long)rec.ret,
			 (unsigned long long)(rec.end_ms - t0),
			 (unsigned long long)rec.cpu_us);
	}
}

TEST_HARNESS_MAIN
