// SPDX-License-Identifier: GPL-2.0
/*
 * "havege" next to a second hwrng, virtio-rng (the VM has -device
 * virtio-rng-pci; tests/vm/matrix.sh runs this program alone there): which
 * source the core selects by itself, switching rng_current between the two
 * under read load, and the other source given back when "havege" withdraws
 * while current.  Readers check every whole chunk of the feeder's stream
 * they get (none twice) and count the other source's bytes.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "feeder.h"
#include "pool.h"
#include "proc.h"
#include "stream.h"
#include "sys.h"

#define NREADERS	4
#define RETURN_MS	3000
#define SWITCHES	60
#define STREAM_SEED	151
#define VIRTIO_PREFIX	"virtio_rng"

FIXTURE(switch) {
	char other[64];		/* the virtio-rng source's name */
	int fd;
	pid_t feeder;
	int evfd;
	struct pool pool;
	bool warned;
};

/* The first source in rng_available whose name starts with @prefix. */
static int switch_find(const char *prefix, char *name, size_t size)
{
	char buf[512], *tok, *save;
	int n = sys_read(SYS_RNG_DIR "/rng_available", buf, sizeof(buf));

	if (n < 0)
		return n;
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(tok, prefix, strlen(prefix))) {
			snprintf(name, size, "%s", tok);
			return 0;
		}
	}
	return -ENOENT;
}

static int switch_wait_source(const char *prefix, char *name, size_t size,
			      unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int err;

	while ((err = switch_find(prefix, name, size)) == -ENOENT &&
	       dev_now_ms() < end)
		dev_sleep_ms(20);
	return err;
}

FIXTURE_SETUP(switch)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	self->fd = -1;
	self->evfd = -1;
	/* virtio-rng probes when its module loads, before we run */
	ASSERT_EQ(0, switch_wait_source(VIRTIO_PREFIX, self->other,
					sizeof(self->other), 5000))
		TH_LOG("no %s* in rng_available (-device virtio-rng-pci?)",
		       VIRTIO_PREFIX);
}

FIXTURE_TEARDOWN(switch)
{
	proc_kill_wait(self->feeder);
	pool_kill(&self->pool);
	if (self->evfd >= 0)
		close(self->evfd);
	if (self->fd >= 0)
		close(self->fd);
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

static bool switch_is_current(const char *name)
{
	char cur[64];

	return sys_rng_current(cur, sizeof(cur)) > 0 &&
	       sys_has_word(cur, name);
}

/*
 * The current source's quality as the core uses it: rng_quality (5.18+),
 * else rng_core's current_quality parameter (<= 5.17, where a driver's 0
 * becomes default_quality).
 */
static int switch_current_quality(unsigned long *q)
{
	if (!sys_read_uint(SYS_RNG_DIR "/rng_quality", q))
		return 0;
	return sys_read_uint("/sys/module/rng_core/parameters/current_quality",
			     q);
}

/* Register "havege" declaring @quality; is it current afterwards? */
static int switch_register(int fd, unsigned int quality, bool *current)
{
	int err = dev_register_quality(fd, quality);

	if (!err)
		*current = switch_is_current(HAVEGE_HWRNG_NAME);
	return err;
}

/*
 * Which source the core selects by itself.  virtio-rng registered at
 * boot and is current; "havege" then registers at quality 2 (the daemon's
 * default claim) and at 1024.  The core switches only to a strictly
 * better source not overridden by the admin, so the outcomes must agree
 * with virtio-rng's effective quality, which is printed: that settles what
 * docs/quality.md says about drivers' quality on this kernel.
 */
TEST_F(switch, core_selection_by_quality)
{
	uint64_t key = stream_key(STREAM_SEED), pos = 0;
	unsigned long vq, saved_ms;
	struct utsname u;
	char val[32];
	bool low, high;

	ASSERT_TRUE(switch_is_current(self->other))
		TH_LOG("%s present but not current at boot", self->other);
	ASSERT_EQ(0, switch_current_quality(&vq));
	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/min_reregister_ms",
				   &saved_ms));
	ASSERT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", "0"));
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd);
	ASSERT_LT(0, dev_write_stream(self->fd, key, &pos, 4096));
	ASSERT_EQ(0, switch_register(self->fd, DEV_QUALITY, &low));
	ASSERT_EQ(0, dev_withdraw(self->fd));
	ASSERT_TRUE(switch_is_current(self->other));
	ASSERT_LT(0, dev_write_stream(self->fd, key, &pos, 4096));
	ASSERT_EQ(0, switch_register(self->fd, HAVEGE_HWRNG_QUALITY_MAX,
				     &high));
	ASSERT_EQ(0, dev_withdraw(self->fd));
	snprintf(val, sizeof(val), "%lu", saved_ms);
	ASSERT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", val));
	ASSERT_EQ(0, uname(&u));
	dev_note("%s: %s current at boot, effective quality %lu; havege at quality %u %s, at %u %s",
		 u.release, self->other, vq, DEV_QUALITY,
		 low ? "became current" : "did not become current",
		 HAVEGE_HWRNG_QUALITY_MAX,
		 high ? "became current" : "did not become current");
	EXPECT_EQ(DEV_QUALITY > vq, low);
	EXPECT_EQ(HAVEGE_HWRNG_QUALITY_MAX > vq, high);
	EXPECT_TRUE(switch_is_current(self->other));
}

/* Select @name via rng_current; it must read back. */
static int switch_select(const char *name)
{
	int err = sys_write(SYS_RNG_DIR "/rng_current", name);

	if (err)
		return err;
	return switch_is_current(name) ? 0 : -EIO;
}

/*
 * rng_current flips SWITCHES times between "havege" and virtio-rng while
 * four readers read; both sources reach them, no stream chunk twice.
 * Then, with "havege" selected, its feeder ends: the core falls back to
 * virtio-rng by itself and reads go on.
 */
TEST_F_TIMEOUT(switch, switch_under_load_and_give_back, 120)
{
	uint64_t key = stream_key(STREAM_SEED), t0, ours, other;
	unsigned int seed = (unsigned int)dev_now_ms();
	uint8_t buf[DEV_CORE_CHUNK];
	ssize_t r;
	int i, hw;

	self->feeder = proc_feeder_spawn(STREAM_SEED, 0, true, &self->evfd);
	ASSERT_LT(0, self->feeder);
	ASSERT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_REGISTERED, 5000));
	ASSERT_EQ(0, pool_start(&self->pool, NREADERS, POOL_CHUNKS, key,
				(uint64_t)64 << 20));
	t0 = dev_now_ms();
	for (i = 0; i < SWITCHES; i++) {
		ASSERT_EQ(0, switch_select(i % 2 ? self->other :
					   HAVEGE_HWRNG_NAME))
			TH_LOG("switch %d", i);
		dev_sleep_ms(10U + (unsigned int)rand_r(&seed) % 40U);
	}
	ASSERT_EQ(0, switch_select(HAVEGE_HWRNG_NAME));
	ours = pool_bytes(&self->pool);
	ASSERT_EQ(0, pool_wait_bytes(&self->pool, ours + 4096, 5000));
	dev_note("%d switches in %llu ms: readers got %llu bytes of havege, %llu of other sources",
		 SWITCHES, (unsigned long long)(dev_now_ms() - t0),
		 (unsigned long long)pool_bytes(&self->pool),
		 (unsigned long long)pool_foreign(&self->pool));

	/* withdrawal while current: the core gives the other source back */
	t0 = dev_now_ms();
	ASSERT_EQ(0, kill(self->feeder, SIGTERM));
	ASSERT_EQ(0, proc_wait_exit(self->feeder, RETURN_MS, NULL));
	self->feeder = 0;
	ASSERT_EQ(0, pool_wait_returned(&self->pool, t0, RETURN_MS));
	ours = pool_bytes(&self->pool);
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
	EXPECT_TRUE(switch_is_current(self->other))
		TH_LOG("%s not current after havege withdrew", self->other);
	other = pool_foreign(&self->pool);
	t0 = dev_now_ms() + 5000;
	while (pool_foreign(&self->pool) < other + 4096 && dev_now_ms() < t0)
		dev_sleep_ms(10);
	EXPECT_LE(other + 4096, pool_foreign(&self->pool));
	hw = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, hw);
	r = read(hw, buf, sizeof(buf));
	close(hw);
	EXPECT_EQ(sizeof(buf), r) TH_LOG("read after the withdrawal: %s",
					 strerror(errno));
	EXPECT_EQ(0, pool_stop(&self->pool, RETURN_MS));
	for (i = 0; i < self->pool.n; i++)
		if (self->pool.sh->slot[i].failed)
			TH_LOG("reader %d: %s", i, self->pool.sh->slot[i].err);
	dev_note("after the withdrawal %s is current: readers got %llu more bytes of it, havege none (%llu -> %llu)",
		 self->other,
		 (unsigned long long)(pool_foreign(&self->pool) - other),
		 (unsigned long long)ours,
		 (unsigned long long)pool_bytes(&self->pool));
	EXPECT_EQ(ours, pool_bytes(&self->pool));
	EXPECT_LT(0, pool_bytes(&self->pool));
	EXPECT_LT(0, pool_foreign(&self->pool));
}

TEST_HARNESS_MAIN
