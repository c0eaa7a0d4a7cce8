// SPDX-License-Identifier: GPL-2.0
/*
 * Registration of the hwrng "havege": only while a feeder holds the device
 * and asked for it; gone after withdraw, close or the feeder's exit;
 * rate-limited re-registration; selection through rng_current; the quality
 * registered: what the feeder declared, capped by the module parameter.
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
#include "stream.h"
#include "sys.h"

#define RNG_SELECTED	SYS_RNG_DIR "/rng_selected"
#define RNG_QUALITY	SYS_RNG_DIR "/rng_quality"

FIXTURE(reg) {
	int fd;
	pid_t feeder;
	int evfd;
};

FIXTURE_SETUP(reg)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->evfd = -1;
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(reg)
{
	proc_kill_wait(self->feeder);
	if (self->evfd >= 0)
		close(self->evfd);
	if (self->fd >= 0)
		close(self->fd);
}

static bool havege_listed(void)
{
	return sys_rng_listed(HAVEGE_HWRNG_NAME) == 1;
}

TEST_F(reg, open_and_feed_alone_not_listed)
{
	struct havege_hwrng_stats st;
	uint64_t pos = 0;

	EXPECT_FALSE(havege_listed());
	ASSERT_LT(0, dev_write_stream(self->fd, stream_key(2), &pos, 4096));
	EXPECT_FALSE(havege_listed());
	ASSERT_EQ(0, dev_stats(self->fd, &st));
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED, st.state);
}

TEST_F(reg, register_withdraw_register)
{
	struct havege_hwrng_stats st0, st1, st2;
	uint64_t pos = 0;
	char cur[64];

	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(6), &pos));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	EXPECT_TRUE(havege_listed());
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED | HAVEGE_HWRNG_STATE_REGISTERED,
		  st1.state);
	EXPECT_EQ(st0.registrations + 1, st1.registrations);
	/* the VM has no other hwrng, so "havege" becomes the current one */
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	TH_LOG("rng_current while registered: %s", cur);
	ASSERT_EQ(0, dev_withdraw(self->fd));
	EXPECT_FALSE(havege_listed());
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	EXPECT_STRNE(HAVEGE_HWRNG_NAME, cur);
	ASSERT_EQ(0, dev_stats(self->fd, &st2));
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED, st2.state);
	EXPECT_EQ(st1.withdrawals + 1, st2.withdrawals);
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(6), &pos));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	EXPECT_TRUE(havege_listed());
}

TEST_F(reg, reregister_rate_limited)
{
	unsigned long saved;
	uint64_t t0, pos = 0;
	char val[32];
	int err;

	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/min_reregister_ms", &saved));
	ASSERT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", "1000"));
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(7), &pos));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	ASSERT_EQ(0, dev_withdraw(self->fd));
	t0 = dev_now_ms();
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(7), &pos));
	err = dev_register(self->fd);
	EXPECT_EQ(-EAGAIN, err);
	EXPECT_FALSE(havege_listed());
	err = dev_register_wait(self->fd, 5000);
	EXPECT_EQ(0, err);
	/* refused for (about) the configured interval, then accepted */
	EXPECT_LE(900, dev_now_ms() - t0);
	EXPECT_TRUE(havege_listed());
	snprintf(val, sizeof(val), "%lu", saved);
	EXPECT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", val));
}

TEST_F(reg, close_withdraws_and_flushes)
{
	struct havege_hwrng_stats st0, st1;
	uint64_t pos = 0;
	long n;

	n = dev_write_stream(self->fd, stream_key(3), &pos, 1024);
	ASSERT_EQ(1024, n);
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	EXPECT_TRUE(havege_listed());
	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	close(self->fd);
	self->fd = -1;
	EXPECT_FALSE(havege_listed());
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED, st1.state);
	EXPECT_EQ(0, st1.fifo_level);
	EXPECT_EQ(st0.withdrawals + 1, st1.withdrawals);
	/* what was still queued at close was flushed or served, not kept */
	EXPECT_EQ(st0.fifo_level, st1.bytes_flushed - st0.bytes_flushed +
		  st1.bytes_served - st0.bytes_served);
	EXPECT_TRUE(dev_stats_consistent(&st1));
}

TEST_F(reg, feeder_exit_withdraws)
{
	int status;

	close(self->fd);
	self->fd = -1;
	self->feeder = proc_feeder_spawn(4, 0, true, &self->evfd);
	ASSERT_LT(0, self->feeder);
	ASSERT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_REGISTERED, 5000));
	EXPECT_TRUE(havege_listed());
	kill(self->feeder, SIGTERM);
	EXPECT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_WITHDRAWN, 5000));
	ASSERT_EQ(0, proc_wait_exit(self->feeder, 5000, &status));
	self->feeder = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_FALSE(havege_listed());
}

TEST_F(reg, no_register_feeder_never_listed)
{
	close(self->fd);
	self->fd = -1;
	self->feeder = proc_feeder_spawn(5, 0, false, &self->evfd);
	ASSERT_LT(0, self->feeder);
	ASSERT_EQ(0, proc_wait_event(self->evfd, FEEDER_EV_ATTACHED, 5000));
	dev_sleep_ms(200);
	EXPECT_FALSE(havege_listed());
}

/* Select "havege" by name, read it back, restore automatic selection. */
TEST_F(reg, rng_current_select)
{
	char cur[64], sel[16];
	bool has_selected = access(RNG_SELECTED, F_OK) == 0;
	uint64_t pos = 0;

	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(8), &pos));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	ASSERT_TRUE(havege_listed());
	ASSERT_EQ(0, sys_write(SYS_RNG_DIR "/rng_current", "havege\n"));
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	EXPECT_STREQ(HAVEGE_HWRNG_NAME, cur);
	if (has_selected) {
		ASSERT_LT(0, sys_read(RNG_SELECTED, sel, sizeof(sel)));
		EXPECT_STREQ("1", sel);
	}
	/* an empty name restores automatic selection */
	ASSERT_EQ(0, sys_write(SYS_RNG_DIR "/rng_current", "\n"));
	if (has_selected) {
		ASSERT_LT(0, sys_read(RNG_SELECTED, sel, sizeof(sel)));
		EXPECT_STREQ("0", sel);
	}
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	EXPECT_STREQ(HAVEGE_HWRNG_NAME, cur);
	/* a selected source that goes away is not current any more */
	ASSERT_EQ(0, sys_write(SYS_RNG_DIR "/rng_current", "havege\n"));
	ASSERT_EQ(0, dev_withdraw(self->fd));
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	EXPECT_STRNE(HAVEGE_HWRNG_NAME, cur);
	/* and a later registration is picked automatically again */
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(8), &pos));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	EXPECT_STREQ(HAVEGE_HWRNG_NAME, cur);
}

/*
 * The feeder declares the quality at REGISTER; the module registers with
 * min(declared, the quality parameter), the administrator's ceiling, and
 * reports both.  0 and values above 1024 are refused, declared or as the
 * ceiling.
 */
FIXTURE(quality) {
	int fd;
	unsigned long saved;
};

FIXTURE_VARIANT(quality) {
	const char *ceiling;	/* written to the parameter first */
	bool ceiling_refused;	/* that write must fail, nothing else */
	unsigned int declared;	/* at REGISTER */
	unsigned int effective;	/* registered with; 0: REGISTER -EINVAL */
};

FIXTURE_VARIANT_ADD(quality, daemon_default) {
	.ceiling = "1024", .declared = 2, .effective = 2,
};
FIXTURE_VARIANT_ADD(quality, min) {
	.ceiling = "1024", .declared = 1, .effective = 1,
};
FIXTURE_VARIANT_ADD(quality, full) {
	.ceiling = "1024", .declared = 1024, .effective = 1024,
};
FIXTURE_VARIANT_ADD(quality, capped) {
	.ceiling = "256", .declared = 512, .effective = 256,
};
FIXTURE_VARIANT_ADD(quality, below_ceiling) {
	.ceiling = "256", .declared = 2, .effective = 2,
};
FIXTURE_VARIANT_ADD(quality, equal_ceiling) {
	.ceiling = "256", .declared = 256, .effective = 256,
};
FIXTURE_VARIANT_ADD(quality, ceiling_1) {
	.ceiling = "1", .declared = 1024, .effective = 1,
};
FIXTURE_VARIANT_ADD(quality, declared_0_refused) {
	.ceiling = "1024", .declared = 0, .effective = 0,
};
FIXTURE_VARIANT_ADD(quality, declared_1025_refused) {
	.ceiling = "1024", .declared = 1025, .effective = 0,
};
FIXTURE_VARIANT_ADD(quality, ceiling_0_refused) {
	.ceiling = "0", .ceiling_refused = true,
};
FIXTURE_VARIANT_ADD(quality, ceiling_1025_refused) {
	.ceiling = "1025", .ceiling_refused = true,
};

FIXTURE_SETUP(quality)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/quality", &self->saved));
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(quality)
{
	char val[32];

	if (self->fd >= 0)
		close(self->fd);
	snprintf(val, sizeof(val), "%lu", self->saved);
	EXPECT_EQ(0, sys_write(SYS_MOD_PARAMS "/quality", val));
}

TEST_F(quality, registered_with_min_of_declared_and_ceiling)
{
	struct havege_hwrng_stats st0, st;
	uint64_t pos = 0;
	unsigned long val;
	int err = sys_write(SYS_MOD_PARAMS "/quality", variant->ceiling);

	if (variant->ceiling_refused) {
		EXPECT_EQ(-EINVAL, err);
		ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/quality", &val));
		EXPECT_EQ(self->saved, val);
		return;
	}
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	ASSERT_EQ(0, dev_prefill(self->fd, stream_key(10), &pos));
	err = dev_register_quality(self->fd, variant->declared);
	while (err == -EAGAIN) {
		dev_sleep_ms(10);
		err = dev_register_quality(self->fd, variant->declared);
	}
	ASSERT_EQ(0, dev_stats(self->fd, &st));
	if (!variant->effective) {
		EXPECT_EQ(-EINVAL, err);
		EXPECT_EQ(st0.registrations, st.registrations);
		EXPECT_EQ(st0.quality, st.quality);
		EXPECT_EQ(st0.declared_quality, st.declared_quality);
		EXPECT_FALSE(havege_listed());
		return;
	}
	ASSERT_EQ(0, err);
	EXPECT_EQ(variant->effective, st.quality);
	EXPECT_EQ(variant->declared, st.declared_quality);
	ASSERT_EQ(0, sys_stat("quality", &val));
	EXPECT_EQ(variant->effective, val);
	ASSERT_EQ(0, sys_stat("declared_quality", &val));
	EXPECT_EQ(variant->declared, val);
	/* 5.18+: the core reports the current rng's quality */
	if (sys_read_uint(RNG_QUALITY, &val) == 0)
		EXPECT_EQ(variant->effective, val);
}

TEST_HARNESS_MAIN
