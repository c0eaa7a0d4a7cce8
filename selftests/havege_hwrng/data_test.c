// SPDX-License-Identifier: GPL-2.0
/*
 * What /dev/hwrng serves is exactly what was fed: every byte read is a
 * stream byte, in order, at most once, nothing invented (verify.h); the
 * module's served counter covers every byte read; a withdrawal discards the
 * queue so no queued byte shows up later.
 *
 * One process feeds and reads, both without blocking, so the core never
 * splits a chunk of ours between two read() calls (it would hand out the
 * end of a chunk before its start); the hwrng fill thread still takes
 * chunks in between, which the check tolerates as gaps and the stats
 * account for.
 *
 * Reads that may wait take a whole chunk of the core, waiting (bounded)
 * for it when fewer bytes are queued.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "proc.h"
#include "stream.h"
#include "sys.h"
#include "verify.h"

FIXTURE(xfer) {
	int fd;
	int hw;
	uint8_t *buf;
};

FIXTURE_VARIANT(xfer) {
	uint64_t total;		/* bytes to read */
	size_t read_size;	/* a multiple of the core's chunk size */
	uint64_t seed;
};

FIXTURE_VARIANT_ADD(xfer, read_4k) {
	.total = 4U << 20, .read_size = 4096, .seed = 41,
};

FIXTURE_VARIANT_ADD(xfer, read_64k) {
	.total = 4U << 20, .read_size = 65536, .seed = 42,
};

FIXTURE_VARIANT_ADD(xfer, read_64) {
	.total = 1U << 20, .read_size = 64, .seed = 43,
};

static int xfer_env(struct __test_metadata *_metadata)
{
	char why[160];
	int env = sys_env_check(why, sizeof(why));

	if (env < 0)
		TH_LOG("%s", why);
	else if (env > 0)
		SKIP(, "%s", why);
	return env;
}

FIXTURE_SETUP(xfer)
{
	int env = xfer_env(_metadata);

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		longjmp(_metadata->env, 1);
	ASSERT_EQ(0, env);
	self->hw = -1;
	self->buf = malloc(variant->read_size);
	ASSERT_NE(NULL, self->buf);
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(xfer)
{
	if (self->hw >= 0)
		close(self->hw);
	if (self->fd >= 0)
		close(self->fd);
	free(self->buf);
}

/*
 * Register with the first DEV_PREFILL bytes of stream @key queued (from
 * *@pos), then read /dev/hwrng empty: the core's leftovers of an earlier
 * test and what the core and its fill thread did not take of ours.  The
 * FIFO is empty then (@st: the stats after that), and the stream's first
 * bytes were all served: to the core's first reads or thrown away here.
 */
static int start_clean(int fd, uint64_t key, uint64_t *pos,
		       struct havege_hwrng_stats *st)
{
	long n;
	int err = dev_prefill(fd, key, pos);

	if (!err)
		err = dev_register_wait(fd, 5000);
	if (err)
		return err;
	n = dev_drain_hwrng();
	if (n < 0)
		return (int)n;
	return dev_stats(fd, st);
}

/* Read without blocking until empty; check everything read. */
static int read_round(int hw, uint8_t *buf, size_t size, struct verify *v)
{
	for (;;) {
		ssize_t r = read(hw, buf, size);

		if (r < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (!r)
			return -EIO;
		if (verify_push(v, buf, (size_t)r))
			return -EINVAL;
	}
}

TEST_F_TIMEOUT(xfer, in_order_exactly_once, 300)
{
	uint64_t key = stream_key(variant->seed), wpos = 0, served, end;
	struct havege_hwrng_stats st0, st, st1;
	struct pollfd pfd = { .fd = self->fd, .events = POLLOUT };
	struct verify v;
	int err = 0;

	/* the counters from before the stream's first byte */
	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	ASSERT_EQ(0, start_clean(self->fd, key, &wpos, &st));
	ASSERT_EQ(0, st.fifo_level);
	self->hw = open(DEV_HWRNG, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, self->hw);
	verify_init(&v, key, 0);
	end = dev_now_ms() + 240000;
	while (!err && v.received < variant->total && dev_now_ms() < end) {
		long n = dev_write_stream(self->fd, key, &wpos, UINT64_MAX);

		ASSERT_LE(0, n) TH_LOG("write: %s", strerror((int)-n));
		verify_set_limit(&v, wpos);
		err = read_round(self->hw, self->buf, variant->read_size, &v);
		if (!n)
			(void)poll(&pfd, 1, 20);
	}
	EXPECT_EQ(0, err) TH_LOG("%s", v.err[0] ? v.err : strerror(-err));
	EXPECT_EQ(0, verify_finish(&v)) TH_LOG("%s", v.err);
	EXPECT_LE(variant->total, v.received);
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(0, dev_withdraw(self->fd));
	served = st1.bytes_served - st0.bytes_served;
	EXPECT_EQ(wpos, st1.bytes_in - st0.bytes_in);
	/* every byte read was counted as served, in the order served */
	EXPECT_LE(v.next, served);
	EXPECT_TRUE(dev_stats_consistent(&st1));
	dev_note("read %" PRIu64 " of %" PRIu64 " served bytes in %" PRIu64
		 " runs; others took %" PRIu64 " before/between",
		 v.received, served, v.runs, v.first + verify_skipped(&v));
}

/* A withdrawal, by ioctl or by closing, discards the queue for good. */
FIXTURE(flush) {
	int fd;
	int hw;
};

FIXTURE_VARIANT(flush) {
	bool by_close;
};

FIXTURE_VARIANT_ADD(flush, withdraw_ioctl) { .by_close = false };
FIXTURE_VARIANT_ADD(flush, close_device) { .by_close = true };

FIXTURE_SETUP(flush)
{
	int env = xfer_env(_metadata);

	if (env > 0)
		longjmp(_metadata->env, 1);
	ASSERT_EQ(0, env);
	self->hw = -1;
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
}

FIXTURE_TEARDOWN(flush)
{
	if (self->hw >= 0)
		close(self->hw);
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * Read @want bytes in whole 64-byte reads from a FIFO holding more than
 * that, so the core keeps no partial chunk of ours (see dev_drain_hwrng()).
 */
static int read_chunks(int hw, uint64_t want, struct verify *v)
{
	uint8_t buf[64];
	uint64_t got = 0;

	while (got < want) {
		ssize_t r = read(hw, buf, sizeof(buf));

		if (r < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (verify_push(v, buf, (size_t)r))
			return -EINVAL;
		got += (uint64_t)r;
	}
	return 0;
}

/* Withdraw by ioctl, or by closing; *@fd is then the reopened device. */
static int flush_withdraw(int *fd, bool by_close)
{
	if (!by_close)
		return dev_withdraw(*fd);
	close(*fd);
	*fd = dev_open(O_NONBLOCK);
	return *fd < 0 ? *fd : 0;
}

TEST_F(flush, queued_bytes_never_served)
{
	uint64_t key_a = stream_key(51), key_b = stream_key(52);
	struct havege_hwrng_stats st0, st1, st2;
	uint64_t pos_a = 0, pos_b = 0, pos;
	struct verify va, vb;
	uint8_t buf[64];
	ssize_t r;

	ASSERT_EQ(0, start_clean(self->fd, key_a, &pos_a, &st0));
	ASSERT_EQ(0, st0.fifo_level);
	self->hw = open(DEV_HWRNG, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, self->hw);
	ASSERT_LT(0, dev_write_stream(self->fd, key_a, &pos_a, UINT64_MAX));
	verify_init(&va, key_a, 0);
	verify_set_limit(&va, pos_a);
	/* A is served while registered ... */
	ASSERT_EQ(0, read_chunks(self->hw, st0.fifo_size / 4, &va))
		TH_LOG("%s", va.err);
	ASSERT_EQ(0, verify_finish(&va)) TH_LOG("%s", va.err);
	ASSERT_LT(0, va.received);
	/* ... and the rest of A is queued when the source is withdrawn */
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	ASSERT_LT(0, st1.fifo_level);
	ASSERT_EQ(0, flush_withdraw(&self->fd, variant->by_close));
	ASSERT_EQ(0, dev_stats(self->fd, &st2));
	EXPECT_EQ(0, st2.fifo_level);
	EXPECT_EQ(st1.fifo_level, st2.bytes_flushed - st1.bytes_flushed +
		  st2.bytes_served - st1.bytes_served);
	/* the whole FIFO is free again: B fills exactly one FIFO's worth */
	EXPECT_EQ(st2.fifo_size,
		  dev_write_stream(self->fd, key_b, &pos_b, UINT64_MAX));
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	verify_init(&vb, key_b, 0);
	verify_set_limit(&vb, pos_b);
	while ((r = read(self->hw, buf, sizeof(buf))) > 0) {
		if (stream_locate(key_a, buf, (size_t)r, pos_a, &pos) == 0)
			ASSERT_TRUE(false) TH_LOG("A's byte %" PRIu64
						  " served after the withdrawal",
						  pos);
		ASSERT_EQ(0, verify_push(&vb, buf, (size_t)r))
			TH_LOG("%s", vb.err);
	}
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(0, verify_finish(&vb)) TH_LOG("%s", vb.err);
	EXPECT_LT(st2.fifo_size / 2, vb.received);
	EXPECT_EQ(0, dev_withdraw(self->fd));
}

/*
 * Reads that may wait (the hwrng fill thread, blocking /dev/hwrng readers)
 * take a whole buffer of the core (DEV_CORE_CHUNK bytes): with fewer bytes
 * queued they wait, bounded (HAVEGE_READ_TIMEOUT, 1 s), for the rest.  At
 * quality 2 a shorter fill-thread read would credit 0 bits.
 */
#define WHOLE_SHORT	10	/* bytes queued first: less than a chunk */

FIXTURE(whole) {
	int fd;
	pid_t child;
};

FIXTURE_SETUP(whole)
{
	int env = xfer_env(_metadata);
	char cur[64];

	if (env > 0)
		longjmp(_metadata->env, 1);
	ASSERT_EQ(0, env);
	self->fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(-self->fd));
	/* empty FIFO: returns once the fill thread waits in its first read */
	ASSERT_EQ(0, dev_register_wait(self->fd, 5000));
	ASSERT_LT(0, sys_rng_current(cur, sizeof(cur)));
	ASSERT_STREQ(HAVEGE_HWRNG_NAME, cur);
}

FIXTURE_TEARDOWN(whole)
{
	if (self->child > 0)
		kill(self->child, SIGKILL);
	if (self->child > 0)
		waitpid(self->child, NULL, 0);
	if (self->fd >= 0)
		close(self->fd);
}

/* Queue exactly @n more stream bytes. */
static int whole_feed(int fd, uint64_t *pos, uint64_t n)
{
	long w = dev_write_stream(fd, stream_key(61), pos, n);

	return w == (long)n ? 0 : -EIO;
}

/* Wait up to @ms for the FIFO to be empty; the last stats in @st. */
static int whole_wait_empty(int fd, unsigned int ms,
			    struct havege_hwrng_stats *st)
{
	uint64_t end = dev_now_ms() + ms;
	int err;

	while (!(err = dev_stats(fd, st)) && st->fifo_level &&
	       dev_now_ms() < end)
		dev_sleep_ms(5);
	return err;
}

/* A child doing one blocking read() of 8 bytes from /dev/hwrng. */
static pid_t whole_reader(void)
{
	pid_t pid = fork();
	uint8_t buf[8];
	int hw;

	if (pid)
		return pid;
	hw = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC);
	if (hw < 0)
		_exit(2);
	_exit(read(hw, buf, sizeof(buf)) == (ssize_t)sizeof(buf) ? 0 : 1);
}

TEST_F(whole, fill_thread_waits_for_a_whole_read)
{
	struct havege_hwrng_stats st0, st1, st2;
	uint64_t pos = 0;

	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	ASSERT_EQ(0, whole_feed(self->fd, &pos, WHOLE_SHORT));
	dev_sleep_ms(200);
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	/* the fill thread saw 10 bytes and left them queued */
	EXPECT_EQ(st0.bytes_served, st1.bytes_served);
	EXPECT_EQ(WHOLE_SHORT, st1.fifo_level);
	EXPECT_EQ(1, st1.blocked_readers);
	/* the rest of a chunk: it takes the whole chunk at once */
	ASSERT_EQ(0, whole_feed(self->fd, &pos, DEV_CORE_CHUNK - WHOLE_SHORT));
	ASSERT_EQ(0, whole_wait_empty(self->fd, 2000, &st2));
	EXPECT_EQ(0, st2.fifo_level);
	EXPECT_EQ(st0.bytes_served + DEV_CORE_CHUNK, st2.bytes_served);
}

TEST_F_TIMEOUT(whole, blocking_read_waits_for_a_whole_read, 60)
{
	struct havege_hwrng_stats st0, st1, st2, st3;
	uint64_t pos = 0, t0, t1;
	int status;

	/*
	 * The fill thread's first read found nothing for 1 s; it sleeps 10 s
	 * now, so only our reader calls .read for the next seconds.
	 */
	dev_sleep_ms(1500);
	ASSERT_LE(0, dev_drain_hwrng());
	ASSERT_EQ(0, dev_stats(self->fd, &st0));
	ASSERT_EQ(0, whole_feed(self->fd, &pos, WHOLE_SHORT));
	self->child = whole_reader();
	ASSERT_LT(0, self->child);
	/* 10 bytes queued: the reader waits for a whole chunk */
	EXPECT_EQ(-ETIMEDOUT, proc_wait_exit(self->child, 300, NULL));
	ASSERT_EQ(0, dev_stats(self->fd, &st1));
	EXPECT_EQ(st0.bytes_served, st1.bytes_served);
	EXPECT_EQ(WHOLE_SHORT, st1.fifo_level);
	ASSERT_EQ(0, whole_feed(self->fd, &pos, DEV_CORE_CHUNK - WHOLE_SHORT));
	ASSERT_EQ(0, proc_wait_exit(self->child, 2000, &status));
	self->child = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ASSERT_EQ(0, dev_stats(self->fd, &st2));
	EXPECT_EQ(st0.bytes_served + DEV_CORE_CHUNK, st2.bytes_served);
	EXPECT_EQ(0, st2.fifo_level);
	/* a whole chunk that never comes: the wait ends after about 1 s */
	ASSERT_LE(0, dev_drain_hwrng());
	ASSERT_EQ(0, whole_feed(self->fd, &pos, WHOLE_SHORT));
	ASSERT_EQ(0, dev_stats(self->fd, &st2));
	t0 = dev_now_ms();
	self->child = whole_reader();
	ASSERT_LT(0, self->child);
	ASSERT_EQ(0, proc_wait_exit(self->child, 5000, &status));
	t1 = dev_now_ms();
	self->child = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	dev_note("a read with %d bytes queued returned after %" PRIu64 " ms",
		 WHOLE_SHORT, t1 - t0);
	EXPECT_LE(800, t1 - t0);
	EXPECT_GT(3000, t1 - t0);
	ASSERT_EQ(0, dev_stats(self->fd, &st3));
	EXPECT_EQ(st2.bytes_served + WHOLE_SHORT, st3.bytes_served);
}

TEST_HARNESS_MAIN
