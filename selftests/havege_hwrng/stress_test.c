// SPDX-License-Identifier: GPL-2.0
/*
 * Stress and faults, bounded: many attach/register/withdraw/detach cycles,
 * kill -9 of a feeding feeder at random moments, rmmod/insmod under read
 * load, a feeder stopped with SIGSTOP, memory pressure, and the wakeup
 * latency of a blocked reader.  /dev/hwrng readers (pool.c) check every
 * byte they get against the one stream all feeders of a test write at
 * distinct positions: nothing served twice (to one reader or two), out of
 * order, invented, or after its withdrawal.  Each test prints its counts.
 *
 * HAVEGE_STRESS_SEED fixes the random delays (default: from the clock; the
 * seed is printed).
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "feeder.h"
#include "pool.h"
#include "proc.h"
#include "stream.h"
#include "sys.h"

#define NREADERS	4
/* readers inside the module must be back this long after a withdrawal */
#define RETURN_MS	3000
/*
 * REGISTER makes the core read (add_early_randomness()) under its
 * reading_mutex, queued behind readers that may each wait in .read for
 * HAVEGE_READ_TIMEOUT (1 s) when the FIFO ran dry: slow, not wrong
 */
#define REGISTER_MS	15000
/* stream positions each feeder of a test may write (they never overlap) */
#define STRIDE		((uint64_t)2 << 20)
#define STREAM_SEED	131

/* the timed steps of one attach/register/withdraw cycle */
enum stress_step {
	STEP_FEED,	/* open, write 4 KiB, GET_STATS */
	STEP_PAUSE,	/* readers out of read() */
	STEP_REGISTER,
	STEP_SELECT,	/* rng_current */
	STEP_HOLD,	/* readers take bytes (0-4 ms sleep) */
	STEP_WITHDRAW,
	STEP_CLOSE,	/* GET_STATS, close (detach) */
	STEP_N
};

/* the cycles printed when the cycles test ends, however it ends */
#define SLOWEST		5

struct stress_cycle {
	int i;		/* -1: empty */
	enum stress_step step;	/* the step under way */
	uint64_t start, total;
	uint64_t ms[STEP_N];
};

FIXTURE(stress) {
	struct pool pool;
	pid_t feeder;
	int evfd;
	unsigned long saved_ms;
	unsigned int seed;
	bool warned;
	struct stress_cycle slowest[SLOWEST];
	struct stress_cycle cur;	/* the cycle under way */
	struct stress_cycle step_max;	/* steps' maxima; i: cycles */
	int over_1s;		/* cycles of a second or more */
};

static unsigned int stress_seed(void)
{
	const char *env = getenv("HAVEGE_STRESS_SEED");

	if (env && *env)
		return (unsigned int)strtoul(env, NULL, 0);
	return (unsigned int)time(NULL) ^ (unsigned int)getpid();
}

/* Another hwrng would serve bytes the readers cannot check. */
static int stress_only_source(char *why, size_t size)
{
	char buf[512], *tok, *save;
	int n = sys_read(SYS_RNG_DIR "/rng_available", buf, sizeof(buf));

	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return n;
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		/* "none" (6.12+) is the choice of no source, not one */
		if (strcmp(tok, HAVEGE_HWRNG_NAME) && strcmp(tok, "none")) {
			snprintf(why, size, "another hwrng is present: %s", tok);
			return 1;
		}
	}
	return 0;
}

/*
 * The environment check of every fixture here: sys_env_check()'s, and no
 * other hwrng.  0 to run, > 0 to skip (why says why), < 0 an error.
 */
static int stress_env_check(char *why, size_t size)
{
	int env = sys_env_check(why, size);

	return env ? env : stress_only_source(why, size);
}

static int stress_set_reregister(const char *val)
{
	return sys_write(SYS_MOD_PARAMS "/min_reregister_ms", val);
}

/* Make "havege" current if the core did not (another source selected). */
static int stress_select(void)
{
	char cur[64];
	int n = sys_rng_current(cur, sizeof(cur));

	if (n < 0)
		return n;
	if (sys_has_word(cur, HAVEGE_HWRNG_NAME))
		return 0;
	return sys_write(SYS_RNG_DIR "/rng_current", HAVEGE_HWRNG_NAME);
}

/*
 * Empty the hw_random core's own buffer.  /dev/hwrng keeps the unread rest
 * of a 64-byte .read for the next read() of anyone, across withdrawals
 * (docs/module.md, "The core's own buffer"); an earlier program's odd-sized
 * reads (fuzz_test's) leave some there, and a checking reader here would
 * get those bytes first: "byte not in the fed stream at received byte 0",
 * and the next reader's chunks misaligned (seen on 6.12 after fuzz_test).
 * So: queue two chunks of zeros (what REGISTER's add_early_randomness()
 * takes, 16 or 32 bytes up to 6.9, leaves a whole read for the fill
 * thread: it does not wait 1 s for more holding the core's reading_mutex,
 * and a 5.10 one does not sleep 10 s where the withdrawal waits for it),
 * register, make "havege" current, read /dev/hwrng until it is empty, and
 * close (withdraw).  A test's own readers only ever take whole chunks.
 */
static int stress_drain_core(void)
{
	static const uint8_t zeros[2 * DEV_CORE_CHUNK];
	int fd = dev_open(O_NONBLOCK), err;
	long n;

	if (fd < 0)
		return fd;
	err = write(fd, zeros, sizeof(zeros)) == (ssize_t)sizeof(zeros) ?
	      0 : -EIO;
	if (!err)
		err = dev_register_wait(fd, REGISTER_MS);
	if (!err)
		err = stress_select();
	if (!err) {
		n = dev_drain_hwrng();
		if (n < 0)
			err = (int)n;
		else if (n)
			dev_note("drained %ld bytes (leftovers, zeros)", n);
	}
	close(fd);
	return err;
}

FIXTURE_SETUP(stress)
{
	char why[160];
	int env = stress_env_check(why, sizeof(why));

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	self->evfd = -1;
	self->seed = stress_seed();
	for (int i = 0; i < SLOWEST; i++)
		self->slowest[i].i = -1;
	self->cur.i = -1;
	self->step_max.i = -1;
	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/min_reregister_ms",
				   &self->saved_ms));
	/* no rate limit: the worst case the module's parameter allows */
	ASSERT_EQ(0, stress_set_reregister("0"));
	ASSERT_EQ(0, stress_drain_core());
}

static const char *stress_step_name(enum stress_step step)
{
	switch (step) {
	case STEP_FEED:
		return "open+write";
	case STEP_PAUSE:
		return "pause";
	case STEP_REGISTER:
		return "register";
	case STEP_SELECT:
		return "select";
	case STEP_HOLD:
		return "hold";
	case STEP_WITHDRAW:
		return "withdraw";
	case STEP_CLOSE:
		return "close";
	default:
		return "?";
	}
}

/* One cycle's line: its number, total and each step's ms. */
static void stress_cycle_note(const char *what, const struct stress_cycle *c)
{
	char line[256];
	size_t len = 0;
	int step;

	for (step = 0; step < STEP_N && len < sizeof(line); step++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					" %s %llu",
					stress_step_name((enum stress_step)step),
					(unsigned long long)c->ms[step]);
	dev_note("%s cycle %d: %llu ms:%s", what, c->i,
		 (unsigned long long)c->total, line);
}

/*
 * Keep @c among the SLOWEST longest cycles (sorted, longest first), and
 * its steps' times in @max (@max->i counts the cycles).
 */
static void stress_slowest_add(struct stress_cycle *slowest,
			       struct stress_cycle *max,
			       const struct stress_cycle *c)
{
	int k = SLOWEST - 1;

	max->i = max->i < 0 ? 1 : max->i + 1;
	max->total = max->total > c->total ? max->total : c->total;
	for (k = 0; k < STEP_N; k++)
		if (c->ms[k] > max->ms[k])
			max->ms[k] = c->ms[k];
	k = SLOWEST - 1;

	if (slowest[k].i >= 0 && slowest[k].total >= c->total)
		return;
	for (; k > 0 && (slowest[k - 1].i < 0 ||
			 slowest[k - 1].total < c->total); k--)
		slowest[k] = slowest[k - 1];
	slowest[k] = *c;
}

FIXTURE_TEARDOWN(stress)
{
	char val[32];
	int i;

	/* the cycles test, passed or not: where its time went */
	if (self->cur.i >= 0) {
		self->cur.total = dev_now_ms() - self->cur.start;
		dev_note("cycle %d did not finish: in step %s",
			 self->cur.i, stress_step_name(self->cur.step));
		stress_cycle_note("unfinished", &self->cur);
	}
	for (i = 0; i < SLOWEST && self->slowest[i].i >= 0; i++)
		stress_cycle_note("slowest", &self->slowest[i]);
	if (self->step_max.i >= 0) {
		dev_note("cycles of 1 s or more: %d of %d", self->over_1s,
			 self->step_max.i);
		stress_cycle_note("longest step of any", &self->step_max);
	}
	proc_kill_wait(self->feeder);
	pool_kill(&self->pool);
	if (self->evfd >= 0)
		close(self->evfd);
	if (!sys_module_loaded())
		(void)sys_module_load();
	snprintf(val, sizeof(val), "%lu", self->saved_ms);
	EXPECT_EQ(0, stress_set_reregister(val));
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

static int stress_wait_unlisted(unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int r;

	while ((r = sys_rng_listed(HAVEGE_HWRNG_NAME)) > 0) {
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(5);
	}
	return r;
}

/* Stop the readers; each one's counts and, on failure, why. */
static int stress_pool_stop(struct pool *p)
{
	int err = pool_stop(p, RETURN_MS), i;

	for (i = 0; i < p->n; i++) {
		struct pool_slot *s = &p->sh->slot[i];

		dev_note("reader %d: %llu bytes in %llu reads, %llu failed reads (last errno %d)%s%s",
			 i, (unsigned long long)s->bytes,
			 (unsigned long long)s->reads,
			 (unsigned long long)s->errors, s->last_err,
			 s->failed ? ", check failed: " : "",
			 s->failed ? s->err : "");
		if (s->unexpected)
			dev_note("reader %d: unexpected read error %d", i,
				 s->last_err);
	}
	return err;
}

/*
 * Start a feeder at position @from of the test stream; registered.  The
 * readers pause meanwhile: blocking ones that ran the new FIFO dry would
 * hold the core's reading_mutex, REGISTER's add_early_randomness() would
 * queue behind them, and every round would take seconds (measured on 6.1:
 * 50 rounds in 117 s, 8 s with the pause).
 */
static void stress_feeder(struct __test_metadata *_metadata,
			  FIXTURE_DATA(stress) *self, uint64_t from,
			  uint64_t bytes)
{
	ASSERT_EQ(0, pool_pause(&self->pool, true, RETURN_MS));
	self->feeder = proc_feeder_spawn_from(STREAM_SEED, from, bytes, true,
					      &self->evfd);
	ASSERT_LT(0, self->feeder);
	ASSERT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_REGISTERED,
				     REGISTER_MS));
	ASSERT_EQ(0, stress_select());
	ASSERT_EQ(0, pool_pause(&self->pool, false, 0));
}

/* End the feeder with @sig; the readers must notice within RETURN_MS. */
static uint64_t stress_end_feeder(struct __test_metadata *_metadata,
				  FIXTURE_DATA(stress) *self, int sig)
{
	uint64_t t0 = dev_now_ms(), took;

	ASSERT_EQ(0, kill(self->feeder, sig));
	ASSERT_EQ(0, proc_wait_exit(self->feeder, RETURN_MS, NULL));
	self->feeder = 0;
	close(self->evfd);
	self->evfd = -1;
	ASSERT_EQ(0, pool_wait_returned(&self->pool, t0, RETURN_MS))
		TH_LOG("a reader is still in read() %u ms after the feeder ended",
		       RETURN_MS);
	took = dev_now_ms() - t0;
	ASSERT_EQ(0, stress_wait_unlisted(RETURN_MS));
	return took;
}

/* positions one cycle writes */
#define CYCLE_BYTES	4096U
/*
 * The cycles must be done this long after the first began: below the
 * test's 300 s timeout, which kills the test without a word, so that a
 * slow run fails here with the slowest cycles printed instead.  Measured
 * on 6.12 under TCG: 23 ms per cycle (34 ms with the host's two cores
 * busy), i.e. 23-34 s for the 1,000 cycles.
 */
#define CYCLES_BUDGET_MS	240000U
/*
 * A WITHDRAW wakes every reader in the module, then waits for them to
 * leave; on <= 6.0 cores (5.10) also for a fill thread that found the
 * FIFO empty and sleeps 10 s where kthread_stop() cannot wake it
 * (docs/module.md, "Withdrawal time"; measured 10.2 s on 5.10 with the
 * CRNG not yet seeded, the fill thread then reading on without a pause).
 */
#define WITHDRAW_MS	(10000U + RETURN_MS)

struct stress_span {
	uint64_t lo, hi;
};

/* End step @step of @c, begun at *@t: its time, and the next one's start. */
static void stress_lap(struct stress_cycle *c, enum stress_step step,
		       uint64_t *t)
{
	uint64_t now = dev_now_ms();

	c->ms[step] = now - *t;
	*t = now;
	c->step = step + 1 < STEP_N ? step + 1 : step;
}

/*
 * 1,000 times: open (attach), queue 4 KiB, REGISTER, hold 0-4 ms while
 * four readers take chunks, WITHDRAW, close (detach).  The bytes the
 * withdrawal discarded (the end of what that cycle wrote) must never reach
 * a reader; no byte reaches two.  The readers do not block: a blocked
 * reader of a FIFO they ran dry holds the core's reading_mutex for up to
 * 1 s, and REGISTER's add_early_randomness() queues behind it (seconds
 * per cycle on 6.1); blocked readers are the other tests' business.  And
 * they pause during REGISTER: on cores without the RCU rework (5.10) a
 * fill thread whose first read finds the FIFO emptied by them sleeps 10 s
 * where kthread_stop() cannot wake it, and the withdrawal waits for that
 * (measured: one cycle per 10 s).
 *
 * Time bounds: pausing the readers RETURN_MS, REGISTER 5 s (the module's
 * rate limit is off; the wait for the fill thread is at most 2 s), a
 * WITHDRAW WITHDRAW_MS, all cycles CYCLES_BUDGET_MS.  Each cycle's
 * steps are timed; the slowest cycles (and one cut short) are printed.
 */
TEST_F_TIMEOUT(stress, attach_register_withdraw_cycles, 300)
{
	const int cycles = 1000;
	uint64_t key = stream_key(STREAM_SEED), pos = 0, t0, t, leaked = 0;
	uint64_t flushed = 0;
	struct stress_cycle *c = &self->cur;
	struct havege_hwrng_stats s0, s1;
	struct stress_span *gone;
	int i, fd;

	dev_note("bounds: pause %u, register 5000, withdraw %u ms; all in %u ms",
		 RETURN_MS, WITHDRAW_MS, CYCLES_BUDGET_MS);
	gone = calloc((size_t)cycles, sizeof(*gone));
	ASSERT_NE(NULL, gone);
	ASSERT_EQ(0, pool_start_nonblock(&self->pool, NREADERS, NREADERS,
					  POOL_STREAM, key,
				(uint64_t)cycles * CYCLE_BYTES));
	t0 = dev_now_ms();
	for (i = 0; i < cycles; i++) {
		memset(c, 0, sizeof(*c));
		c->i = i;
		c->start = t = dev_now_ms();
		fd = dev_open(O_NONBLOCK);
		ASSERT_LE(0, fd) TH_LOG("cycle %d: open: %s", i, strerror(-fd));
		ASSERT_EQ(CYCLE_BYTES, dev_write_stream(fd, key, &pos,
							CYCLE_BYTES));
		ASSERT_EQ(0, dev_stats(fd, &s0));
		stress_lap(c, STEP_FEED, &t);
		ASSERT_EQ(0, pool_pause(&self->pool, true, RETURN_MS))
			TH_LOG("cycle %d: a reader is still in read()", i);
		stress_lap(c, STEP_PAUSE, &t);
		ASSERT_EQ(0, dev_register_wait(fd, 5000)) TH_LOG("cycle %d", i);
		stress_lap(c, STEP_REGISTER, &t);
		ASSERT_EQ(0, stress_select()) TH_LOG("cycle %d", i);
		stress_lap(c, STEP_SELECT, &t);
		ASSERT_EQ(0, pool_pause(&self->pool, false, 0));
		dev_sleep_ms((unsigned int)(i % 3) * 2);
		stress_lap(c, STEP_HOLD, &t);
		ASSERT_EQ(0, dev_withdraw(fd)) TH_LOG("cycle %d", i);
		stress_lap(c, STEP_WITHDRAW, &t);
		ASSERT_GE(WITHDRAW_MS, c->ms[STEP_WITHDRAW])
			TH_LOG("cycle %d: WITHDRAW took %llu ms", i,
			       (unsigned long long)c->ms[STEP_WITHDRAW]);
		ASSERT_EQ(0, dev_stats(fd, &s1));
		ASSERT_TRUE(dev_stats_consistent(&s1));
		gone[i].hi = pos;
		gone[i].lo = pos - (s1.bytes_flushed - s0.bytes_flushed);
		flushed += gone[i].hi - gone[i].lo;
		close(fd);
		stress_lap(c, STEP_CLOSE, &t);
		c->total = t - c->start;
		stress_slowest_add(self->slowest, &self->step_max, c);
		self->over_1s += c->total >= 1000;
		c->i = -1;
		if ((i + 1) % 250 == 0)
			dev_note("%d cycles after %llu ms", i + 1,
				 (unsigned long long)(t - t0));
		ASSERT_GT(CYCLES_BUDGET_MS, t - t0)
			TH_LOG("%d of %d cycles after %llu ms, over the budget",
			       i + 1, cycles, (unsigned long long)(t - t0));
	}
	t0 = dev_now_ms() - t0;
	EXPECT_EQ(0, stress_pool_stop(&self->pool));
	for (i = 0; i < cycles; i++)
		leaked += pool_received(&self->pool, gone[i].lo, gone[i].hi);
	free(gone);
	dev_note("cycles run: %d in %llu ms (longest %llu ms); readers got %llu bytes; %llu bytes discarded at withdrawals, %llu of them served",
		 cycles, (unsigned long long)t0,
		 (unsigned long long)self->slowest[0].total,
		 (unsigned long long)pool_bytes(&self->pool),
		 (unsigned long long)flushed, (unsigned long long)leaked);
	EXPECT_EQ(0, leaked);
	EXPECT_LT(0, pool_bytes(&self->pool));
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
}

/*
 * kill -9 of a feeder that keeps four readers (two blocking, two not) and
 * the fill thread busy, after a random 0-199 ms; then the next feeder.  After each kill: every
 * reader back from read() within RETURN_MS, "havege" gone.
 */
TEST_F_TIMEOUT(stress, kill9_at_random_moments, 200)
{
	const int kills = 50;
	uint64_t key = stream_key(STREAM_SEED), t0, max_ms = 0, took;
	unsigned int seed = self->seed, delay;
	int i;

	dev_note("kill seed %u (HAVEGE_STRESS_SEED)", seed);
	ASSERT_EQ(0, pool_start_nonblock(&self->pool, NREADERS, NREADERS / 2,
					  POOL_STREAM, key,
				(uint64_t)kills * STRIDE));
	t0 = dev_now_ms();
	for (i = 0; i < kills; i++) {
		stress_feeder(_metadata, self, (uint64_t)i * STRIDE, STRIDE);
		delay = (unsigned int)rand_r(&seed) % 200U;
		dev_sleep_ms(delay);
		took = stress_end_feeder(_metadata, self, SIGKILL);
		if (took > max_ms)
			max_ms = took;
	}
	t0 = dev_now_ms() - t0;
	EXPECT_EQ(0, stress_pool_stop(&self->pool));
	dev_note("kills injected: %d in %llu ms; readers got %llu bytes, all back within %llu ms of each kill",
		 kills, (unsigned long long)t0,
		 (unsigned long long)pool_bytes(&self->pool),
		 (unsigned long long)max_ms);
	EXPECT_LT(0, pool_bytes(&self->pool));
}

/* Unload, waiting while the last close is still on its way out. */
static int stress_unload(unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int err;

	while ((err = sys_module_unload()) == -EWOULDBLOCK || err == -EBUSY) {
		if (dev_now_ms() >= end)
			break;
		dev_sleep_ms(10);
	}
	return err;
}

/*
 * rmmod/insmod with four readers in /dev/hwrng: a feeder registers and
 * feeds for 20-69 ms, ends (SIGKILL or SIGTERM in turn), the module
 * unloads at once and is loaded again.
 */
TEST_F_TIMEOUT(stress, rmmod_insmod_under_read_load, 200)
{
	const int loads = 20;
	uint64_t key = stream_key(STREAM_SEED), t0;
	unsigned int seed = self->seed;
	int i;

	ASSERT_EQ(0, pool_start_nonblock(&self->pool, NREADERS, NREADERS / 2,
					  POOL_STREAM, key,
				(uint64_t)loads * STRIDE));
	t0 = dev_now_ms();
	for (i = 0; i < loads; i++) {
		stress_feeder(_metadata, self, (uint64_t)i * STRIDE, STRIDE);
		dev_sleep_ms(20U + (unsigned int)rand_r(&seed) % 50U);
		(void)stress_end_feeder(_metadata, self,
					i % 2 ? SIGTERM : SIGKILL);
		ASSERT_EQ(0, stress_unload(2000)) TH_LOG("load %d", i);
		ASSERT_FALSE(sys_module_loaded());
		ASSERT_EQ(0, sys_wait_device(false, 2000));
		ASSERT_EQ(0, sys_module_load()) TH_LOG("load %d", i);
		ASSERT_EQ(0, sys_wait_device(true, 2000));
		/* a fresh module has the default rate limit */
		ASSERT_EQ(0, stress_set_reregister("0"));
	}
	t0 = dev_now_ms() - t0;
	EXPECT_EQ(0, stress_pool_stop(&self->pool));
	dev_note("rmmod/insmod: %d in %llu ms; readers got %llu bytes", loads,
		 (unsigned long long)t0,
		 (unsigned long long)pool_bytes(&self->pool));
	EXPECT_LT(0, pool_bytes(&self->pool));
}

/* blocking readers of the stopped feeder */
#define NSTOPPED	2
/*
 * A blocking .read of an empty FIFO holds the core's reading_mutex for up
 * to HAVEGE_READ_TIMEOUT (1 s); a non-blocking reader queues on that mutex
 * behind the blocked ones (and the fill thread), and the core's mutex may
 * be re-taken by its holder before a waiter's handoff (measured on 6.1
 * with two readers: 4.1 s).
 */
#define BOUND_MS	((NSTOPPED + 3) * 1000 + 1000)

FIXTURE(stopped) {
	struct pool pool;
	pid_t feeder;
	int evfd;
	bool warned;
};

FIXTURE_VARIANT(stopped) {
	bool resume;	/* SIGCONT the feeder before it is killed */
};

FIXTURE_VARIANT_ADD(stopped, then_killed) {
	.resume = false,
};

FIXTURE_VARIANT_ADD(stopped, then_resumed) {
	.resume = true,
};

FIXTURE_SETUP(stopped)
{
	char why[160];
	int env = stress_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	self->evfd = -1;
	ASSERT_EQ(0, stress_drain_core());
}

FIXTURE_TEARDOWN(stopped)
{
	if (self->feeder > 0)
		kill(self->feeder, SIGCONT);
	proc_kill_wait(self->feeder);
	pool_kill(&self->pool);
	if (self->evfd >= 0)
		close(self->evfd);
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

static int stress_wait_blocked(unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	unsigned long n;
	int err;

	for (;;) {
		err = sys_stat("blocked_readers", &n);
		if (err || n)
			return err;
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(5);
	}
}

/* One O_NONBLOCK read of /dev/hwrng: how long it waited (the core's mutex). */
static uint64_t stress_nonblock_read_ms(ssize_t *ret)
{
	uint8_t buf[DEV_CORE_CHUNK];
	uint64_t t0 = dev_now_ms();
	int fd = open(DEV_HWRNG, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*ret = fd < 0 ? -errno : 0;
	if (fd >= 0) {
		*ret = read(fd, buf, sizeof(buf));
		if (*ret < 0)
			*ret = -errno;
		close(fd);
	}
	return dev_now_ms() - t0;
}

/*
 * The feeder is stopped (SIGSTOP) with readers blocked on its empty FIFO.
 * Their .read calls are bounded (HAVEGE_READ_TIMEOUT) and release the
 * core's reading_mutex in between, so a non-blocking reader gets its
 * answer (EAGAIN) within BOUND_MS (printed: the measured worst case).  Resumed, the feeder's bytes reach the
 * readers at once; killed (stopped or not), every reader returns.
 */
TEST_F_TIMEOUT(stopped, feeder_sigstop, 60)
{
	uint64_t key = stream_key(STREAM_SEED), before, t0, ms, max_ms = 0;
	ssize_t r;
	int i;

	self->feeder = proc_feeder_spawn(STREAM_SEED, 0, true, &self->evfd);
	ASSERT_LT(0, self->feeder);
	ASSERT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_REGISTERED,
				     REGISTER_MS));
	ASSERT_EQ(0, stress_select());
	ASSERT_EQ(0, kill(self->feeder, SIGSTOP));
	ASSERT_EQ(0, pool_start(&self->pool, NSTOPPED, POOL_STREAM, key,
				STRIDE));
	ASSERT_EQ(0, stress_wait_blocked(10000));
	for (i = 0; i < 3; i++) {
		ms = stress_nonblock_read_ms(&r);
		EXPECT_EQ(-EAGAIN, r);
		EXPECT_GT(BOUND_MS, ms) TH_LOG("non-blocking read took %llu ms",
					       (unsigned long long)ms);
		if (ms > max_ms)
			max_ms = ms;
	}
	before = pool_bytes(&self->pool);
	if (variant->resume) {
		t0 = dev_now_ms();
		ASSERT_EQ(0, kill(self->feeder, SIGCONT));
		/* EXPECT: the readers' state is printed below either way */
		EXPECT_EQ(0, pool_wait_bytes(&self->pool, before + 4096, 5000));
		ms = dev_now_ms() - t0;
		dev_note("resumed feeder: 4 KiB reached the readers in %llu ms",
			 (unsigned long long)ms);
		EXPECT_GT(1000, ms);
	}
	t0 = dev_now_ms();
	ASSERT_EQ(0, kill(self->feeder, SIGKILL));
	ASSERT_EQ(0, proc_wait_exit(self->feeder, RETURN_MS, NULL));
	self->feeder = 0;
	ASSERT_EQ(0, pool_wait_returned(&self->pool, t0, RETURN_MS));
	ms = dev_now_ms() - t0;
	EXPECT_EQ(0, stress_wait_unlisted(RETURN_MS));
	EXPECT_EQ(0, stress_pool_stop(&self->pool));
	dev_note("stopped feeder: non-blocking reads answered within %llu ms, readers back %llu ms after kill -9, %llu bytes read",
		 (unsigned long long)max_ms, (unsigned long long)ms,
		 (unsigned long long)pool_bytes(&self->pool));
	EXPECT_LE(before, pool_bytes(&self->pool));
}

/* MemAvailable in KiB, or 0 if unknown. */
static unsigned long stress_mem_available(void)
{
	char buf[4096], *p;
	int n = sys_read("/proc/meminfo", buf, sizeof(buf));

	if (n <= 0)
		return 0;
	p = strstr(buf, "MemAvailable:");
	return p ? strtoul(p + 13, NULL, 10) : 0;
}

/* headroom the memory hog leaves, in KiB */
#define HOG_LEAVE_KB	(64UL << 10)
#define HOG_CHUNK	(4UL << 20)

/*
 * Fork a child that maps and touches 4 MiB chunks until MemAvailable is
 * below HOG_LEAVE_KB (first in line for the OOM killer, should it come to
 * that), reports the MiB it holds on *@fd and waits to be killed.
 */
static pid_t stress_hog_spawn(int *fd)
{
	unsigned int mib = 0;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid) {
		close(p[1]);
		if (pid < 0)
			close(p[0]);
		*fd = p[0];
		return pid < 0 ? -errno : pid;
	}
	close(p[0]);
	/* a test ended by an assertion or its timeout takes the hog along */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	(void)sys_write("/proc/self/oom_score_adj", "1000");
	while (stress_mem_available() > HOG_LEAVE_KB) {
		char *m = mmap(NULL, HOG_CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			break;
		memset(m, 0x5a, HOG_CHUNK);
		mib += HOG_CHUNK >> 20;
	}
	(void)!write(p[1], &mib, sizeof(mib));
	for (;;)
		pause();
}

/*
 * A feeder and four readers start and work while another process holds
 * all but 64 MiB of the available memory: data flows, every byte checks,
 * the feeder withdraws and exits normally.
 */
TEST_F_TIMEOUT(stress, memory_pressure, 120)
{
	uint64_t key = stream_key(STREAM_SEED), before, t0;
	struct pollfd pfd = { .events = POLLIN };
	unsigned long avail0 = stress_mem_available(), avail1;
	unsigned int mib = 0;
	pid_t hog;
	int status;

	/* the pressure first: a reader's or feeder's memory comes after */
	t0 = dev_now_ms();
	hog = stress_hog_spawn(&pfd.fd);
	ASSERT_LT(0, hog);
	ASSERT_EQ(1, poll(&pfd, 1, 60000));
	EXPECT_EQ(sizeof(mib), read(pfd.fd, &mib, sizeof(mib)));
	close(pfd.fd);
	ASSERT_EQ(0, pool_start_nonblock(&self->pool, NREADERS, NREADERS / 2,
					  POOL_STREAM, key, 8 * STRIDE));
	stress_feeder(_metadata, self, 0, 8 * STRIDE);
	avail1 = stress_mem_available();
	before = pool_bytes(&self->pool);
	/* the readers work under pressure */
	EXPECT_EQ(0, pool_wait_bytes(&self->pool, before + 64 * 1024, 20000));
	dev_sleep_ms(1000);
	proc_kill_wait(hog);
	ASSERT_EQ(0, kill(self->feeder, SIGTERM));
	ASSERT_EQ(0, proc_wait_exit(self->feeder, RETURN_MS, &status));
	self->feeder = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(0, stress_wait_unlisted(RETURN_MS));
	EXPECT_EQ(0, stress_pool_stop(&self->pool));
	dev_note("memory pressure: hog held %u MiB (MemAvailable %lu -> %lu KiB) for %llu ms; readers got %llu bytes meanwhile, %llu in all",
		 mib, avail0, avail1,
		 (unsigned long long)(dev_now_ms() - t0),
		 (unsigned long long)(pool_bytes(&self->pool) - before),
		 (unsigned long long)pool_bytes(&self->pool));
	EXPECT_LT(0, mib);
}

/* what the latency reader reports for each read() */
struct stress_wake {
	int64_t ret;
	uint64_t end_ms;
	uint8_t data[DEV_CORE_CHUNK];
};

/* Fork a child reading whole chunks from /dev/hwrng until a read fails. */
static pid_t stress_wake_reader(int *fd)
{
	struct stress_wake rec;
	int p[2], hw;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid) {
		close(p[1]);
		if (pid < 0)
			close(p[0]);
		*fd = p[0];
		return pid < 0 ? -errno : pid;
	}
	close(p[0]);
	hw = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC);
	do {
		ssize_t r = hw < 0 ? -1 : read(hw, rec.data, sizeof(rec.data));

		rec.end_ms = dev_now_ms();
		rec.ret = r < 0 ? -errno : r;
		(void)!write(p[1], &rec, sizeof(rec));
	} while (rec.ret > 0);
	_exit(0);
}

#define WAKES		100
#define WAKE_MS		100

FIXTURE(wake) {
	int fd;
	pid_t reader;
	int recfd;
	unsigned int seed;
	bool warned;
};

FIXTURE_SETUP(wake)
{
	char why[160];
	int env = stress_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	self->recfd = -1;
	self->seed = stress_seed();
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(wake)
{
	if (self->fd >= 0)
		close(self->fd);
	proc_kill_wait(self->reader);
	if (self->recfd >= 0)
		close(self->recfd);
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

/* Wait for the reader to block in the module (fill thread: see below). */
static int stress_wait_fd_blocked(int fd, unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	struct havege_hwrng_stats st;
	int err;

	for (;;) {
		err = dev_stats(fd, &st);
		if (err || st.blocked_readers)
			return err;
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(1);
	}
}

/*
 * A reader blocked on the registered, empty source gets a chunk written
 * 1-10 ms later within WAKE_MS.  A lost wakeup leaves it asleep until the
 * module's bounded wait ends (1 s), which fails here.  Each chunk is
 * located in the stream, so a chunk the hwrng fill thread took instead is
 * told apart (the reader then gets the next one; counted, not timed).
 */
TEST_F_TIMEOUT(wake, blocked_reader_wakeup_latency, 120)
{
	uint64_t key = stream_key(STREAM_SEED), pos = 0, base, got_pos;
	uint64_t t_write[WAKES], lat, max_lat = 0, sum = 0, next = 0;
	struct pollfd pfd = { .events = POLLIN };
	struct havege_hwrng_stats st;
	struct stress_wake rec;
	int i, timed = 0, taken = 0;
	uint64_t k;

	/* registered with bytes queued: the fill thread reads and sleeps */
	ASSERT_EQ(4096, dev_write_stream(self->fd, key, &pos, 4096));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	ASSERT_EQ(0, stress_select());
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(0, dev_stats(self->fd, &st));
		if (!st.fifo_level)
			break;
		ASSERT_LE(0, dev_drain_hwrng());
	}
	ASSERT_EQ(0, st.fifo_level);
	base = pos;
	self->reader = stress_wake_reader(&self->recfd);
	ASSERT_LT(0, self->reader);
	pfd.fd = self->recfd;
	for (i = 0; i < WAKES; i++) {
		ASSERT_EQ(0, stress_wait_fd_blocked(self->fd, 5000));
		dev_sleep_ms(1U + (unsigned int)rand_r(&self->seed) % 10U);
		t_write[i] = dev_now_ms();
		ASSERT_EQ(DEV_CORE_CHUNK,
			  dev_write_stream(self->fd, key, &pos, DEV_CORE_CHUNK));
		/* longer than the bounded wait: a lost wakeup still arrives */
		if (poll(&pfd, 1, 1500) != 1) {
			taken++;
			continue;
		}
		ASSERT_EQ(sizeof(rec), read(self->recfd, &rec, sizeof(rec)));
		ASSERT_EQ(DEV_CORE_CHUNK, rec.ret);
		ASSERT_EQ(0, stream_locate(key, rec.data, sizeof(rec.data), pos,
					   &got_pos));
		ASSERT_EQ(sizeof(rec.data),
			  stream_match(key, got_pos, rec.data, sizeof(rec.data)));
		/* one of the chunks written since the last one it got */
		ASSERT_LE(base, got_pos);
		k = (got_pos - base) / DEV_CORE_CHUNK;
		ASSERT_EQ(base + k * DEV_CORE_CHUNK, got_pos);
		ASSERT_LE(next, k);
		ASSERT_GE((uint64_t)i, k);
		taken += (int)(k - next);
		next = k + 1;
		lat = rec.end_ms - t_write[k];
		sum += lat;
		timed++;
		if (lat > max_lat)
			max_lat = lat;
		EXPECT_GT(WAKE_MS, lat) TH_LOG("write %llu: read %llu ms later",
					       (unsigned long long)k,
					       (unsigned long long)lat);
	}
	ASSERT_EQ(0, dev_withdraw(self->fd));
	EXPECT_EQ(0, proc_wait_exit(self->reader, RETURN_MS, NULL));
	self->reader = 0;
	dev_note("wakeups: %d timed, max %llu ms, mean %llu ms; %d chunks taken by the fill thread",
		 timed, (unsigned long long)max_lat,
		 (unsigned long long)(timed ? sum / (uint64_t)timed : 0),
		 taken);
	EXPECT_LE(WAKES * 9 / 10, timed);
}

TEST_HARNESS_MAIN
