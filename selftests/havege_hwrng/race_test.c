// SPDX-License-Identifier: GPL-2.0
/*
 * Register/withdraw in quick succession: a feeder that crashes right after
 * registering, or a daemon whose online tests fail at once, does exactly
 * this.  The kernel must not complain (no WARN taint; under panic_on_warn
 * the VM would die).  Pre-2026 hw_random cores (5.10) race their fill
 * thread's own exit against hwrng_unregister()'s kthread_stop(), so this
 * runs last: if it kills the kernel, nothing else is lost.
 */
#include <errno.h>
#include <setjmp.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "stream.h"
#include "sys.h"

FIXTURE(race) {
	int fd;
	unsigned long saved_ms;
	bool warned;
};

FIXTURE_VARIANT(race) {
	int cycles;
	bool with_data;		/* queue bytes so the fill thread has work */
	unsigned int hold_ms;	/* registered for this long */
};

/*
 * Few cycles: before 6.1 the fill thread, once it found the FIFO empty,
 * sleeps 10 s where kthread_stop() cannot wake it, and every withdrawal
 * waits for it.
 */
FIXTURE_VARIANT_ADD(race, empty_fifo_immediate) {
	.cycles = 8, .with_data = false, .hold_ms = 0,
};

FIXTURE_VARIANT_ADD(race, full_fifo_immediate) {
	.cycles = 30, .with_data = true, .hold_ms = 0,
};

FIXTURE_VARIANT_ADD(race, full_fifo_5ms) {
	.cycles = 30, .with_data = true, .hold_ms = 5,
};

FIXTURE_SETUP(race)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->warned = sys_tainted_by_warn();
	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/min_reregister_ms",
				   &self->saved_ms));
	/* no rate limit: the worst case the module's parameter allows */
	ASSERT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", "0"));
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(race)
{
	char val[32];

	if (self->fd >= 0)
		close(self->fd);
	snprintf(val, sizeof(val), "%lu", self->saved_ms);
	EXPECT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", val));
	if (!self->warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

TEST_F_TIMEOUT(race, register_withdraw_cycles, 200)
{
	struct havege_hwrng_stats st0, st1;
	uint64_t key = stream_key(71), pos = 0;
	int i;

	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	for (i = 0; i < variant->cycles; i++) {
		if (variant->with_data)
			ASSERT_LE(0, dev_write_stream(self->fd, key, &pos,
						      UINT64_MAX));
		ASSERT_EQ(0, dev_register_wait(self->fd, 5000))
			TH_LOG("cycle %d", i);
		if (variant->hold_ms)
			dev_sleep_ms(variant->hold_ms);
		ASSERT_EQ(0, dev_withdraw(self->fd)) TH_LOG("cycle %d", i);
	}
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(st0.registrations + (unsigned int)variant->cycles,
		  st1.registrations);
	EXPECT_EQ(st0.withdrawals + (unsigned int)variant->cycles,
		  st1.withdrawals);
	EXPECT_EQ(HAVEGE_HWRNG_STATE_ATTACHED, st1.state);
	EXPECT_EQ(0, sys_rng_listed(HAVEGE_HWRNG_NAME));
	EXPECT_TRUE(dev_stats_consistent(&st1));
}

TEST_HARNESS_MAIN
