// SPDX-License-Identifier: GPL-2.0
/*
 * The point of the project: a quiet machine's CRNG becomes ready within a
 * second of the source being registered.
 *
 * Must run first after boot, before anything else credits entropy: it
 * checks that getrandom(GRND_NONBLOCK) still fails, registers a fed source
 * and measures the time until getrandom(GRND_NONBLOCK) succeeds.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "feeder.h"
#include "proc.h"
#include "stream.h"
#include "sys.h"

#define ENTROPY_AVAIL	"/proc/sys/kernel/random/entropy_avail"
#define READY_LIMIT_NS	1000000000LL

FIXTURE(crng) {
	int fd;
	pid_t topper;
};

FIXTURE_SETUP(crng)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(crng)
{
	proc_kill_wait(self->topper);
	if (self->fd >= 0)
		close(self->fd);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static bool crng_ready(void)
{
	unsigned char b[16];

	return getrandom(b, sizeof(b), GRND_NONBLOCK) == (ssize_t)sizeof(b);
}

/* Child sharing the open device: keeps the FIFO full until killed. */
static pid_t spawn_topper(int fd, uint64_t pos)
{
	static volatile sig_atomic_t never;
	struct feeder f = {
		.fd = fd, .key = stream_key(11), .pos = pos,
		.notify_fd = -1, .stop = &never,
	};
	pid_t pid = fork();

	if (pid)
		return pid < 0 ? -errno : pid;
	_exit(feeder_loop(&f) ? 1 : 0);
}

TEST_F(crng, ready_within_1s_of_registration)
{
	unsigned long before = 0, after = 0;
	struct havege_hwrng_stats st;
	int64_t t0, t_reg, t_ready = -1;
	uint64_t pos = 0;

	ASSERT_FALSE(crng_ready())
		TH_LOG("CRNG already initialised before registration: run crng_test first, right after boot, with no other entropy source");
	EXPECT_EQ(EAGAIN, errno);
	(void)sys_read_uint(ENTROPY_AVAIL, &before);
	ASSERT_LT(0, dev_write_stream(self->fd, stream_key(11), &pos,
				      UINT64_MAX));
	self->topper = spawn_topper(self->fd, pos);
	ASSERT_LT(0, self->topper);
	t0 = now_ns();
	ASSERT_EQ(0, dev_register(self->fd));
	t_reg = now_ns();
	while (now_ns() - t0 < 5 * READY_LIMIT_NS) {
		if (crng_ready()) {
			t_ready = now_ns();
			break;
		}
		dev_sleep_ms(1);
	}
	(void)sys_read_uint(ENTROPY_AVAIL, &after);
	ASSERT_EQ(0, dev_stats(self->fd, &st));
	dev_note("entropy_avail %lu before, %lu after; %llu bytes served at quality %u",
		 before, after, (unsigned long long)st.bytes_served,
		       st.quality);
	dev_note("register ioctl took %.3f s",
		 (double)(t_reg - t0) / 1e9);
	ASSERT_LT(0, t_ready) TH_LOG("CRNG not ready 5 s after registration");
	dev_note("crng ready %.3f s after registration",
		 (double)(t_ready - t0) / 1e9);
	EXPECT_GT(READY_LIMIT_NS, t_ready - t0);
	EXPECT_LT(0, st.bytes_served);
	EXPECT_EQ(0, dev_withdraw(self->fd));
}

TEST_HARNESS_MAIN
