// SPDX-License-Identifier: GPL-2.0
/*
 * Device helpers shared by the selftests and havege_feeder.  All return
 * negative errno values on failure, like the ioctls they wrap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "dev.h"
#include "stream.h"

/**
 * dev_open() - open the feeder device
 * @flags: extra open flags (O_NONBLOCK)
 *
 * Return: a file descriptor or -errno.
 */
int dev_open(int flags)
{
	int fd = open(HAVEGE_HWRNG_DEVICE, O_WRONLY | O_CLOEXEC | flags);

	return fd < 0 ? -errno : fd;
}

/**
 * dev_register_quality() - HAVEGE_HWRNG_IOC_REGISTER declaring @quality
 * @fd: feeder device
 * @quality: bits per 1024 bits (the module takes 1..1024)
 *
 * Return: 0 or -errno (-EALREADY, -EAGAIN, -EINVAL, -EPERM, ...).
 */
int dev_register_quality(int fd, unsigned int quality)
{
	struct havege_hwrng_register reg = { .flags = 0, .quality = quality };

	return ioctl(fd, HAVEGE_HWRNG_IOC_REGISTER, &reg) ? -errno : 0;
}

/**
 * dev_register() - HAVEGE_HWRNG_IOC_REGISTER declaring DEV_QUALITY
 * @fd: feeder device
 *
 * Return: 0 or -errno (-EALREADY, -EAGAIN, ...).
 */
int dev_register(int fd)
{
	return dev_register_quality(fd, DEV_QUALITY);
}

/**
 * dev_register_wait() - register, retrying while the module rate-limits
 * @fd: feeder device
 * @timeout_ms: give up after this long
 *
 * Return: 0 or -errno of the last attempt.
 */
int dev_register_wait(int fd, unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int err;

	for (;;) {
		err = dev_register(fd);
		if (err != -EAGAIN || dev_now_ms() >= end)
			return err;
		dev_sleep_ms(10);
	}
}

/**
 * dev_withdraw() - HAVEGE_HWRNG_IOC_WITHDRAW
 * @fd: feeder device
 *
 * Return: 0 or -errno.
 */
int dev_withdraw(int fd)
{
	return ioctl(fd, HAVEGE_HWRNG_IOC_WITHDRAW) ? -errno : 0;
}

/**
 * dev_stats() - HAVEGE_HWRNG_IOC_GET_STATS
 * @fd: feeder device
 * @st: filled on success
 *
 * Return: 0 or -errno.
 */
int dev_stats(int fd, struct havege_hwrng_stats *st)
{
	return ioctl(fd, HAVEGE_HWRNG_IOC_GET_STATS, st) ? -errno : 0;
}

/**
 * dev_stats_consistent() - check the byte accounting of a stats snapshot
 * @st: snapshot
 *
 * Every accepted byte is either still queued, served or flushed.
 *
 * Return: 1 if bytes_in == bytes_served + bytes_flushed + fifo_level and
 * fifo_level <= fifo_size, else 0.
 */
int dev_stats_consistent(const struct havege_hwrng_stats *st)
{
	return st->bytes_in ==
	       st->bytes_served + st->bytes_flushed + st->fifo_level &&
	       st->fifo_level <= st->fifo_size;
}

/**
 * dev_write_stream() - write stream bytes from *@pos until the FIFO is full
 * @fd: feeder device opened with O_NONBLOCK
 * @key: stream key
 * @pos: next stream position, advanced by what was accepted
 * @max: write at most this many bytes
 *
 * Return: bytes accepted (0 when the FIFO was already full) or -errno.
 */
long dev_write_stream(int fd, uint64_t key, uint64_t *pos, uint64_t max)
{
	uint8_t buf[4096];
	long total = 0;

	while ((uint64_t)total < max) {
		size_t n = sizeof(buf);
		ssize_t w;

		if (max - (uint64_t)total < n)
			n = (size_t)(max - (uint64_t)total);
		stream_fill(key, *pos, buf, n);
		w = write(fd, buf, n);
		if (w < 0)
			return errno == EAGAIN ? total : -errno;
		*pos += (uint64_t)w;
		total += w;
		if ((size_t)w < n)
			break;
	}
	return total;
}

/**
 * dev_prefill() - queue DEV_PREFILL stream bytes before a REGISTER
 * @fd: feeder device opened with O_NONBLOCK
 * @key: stream key
 * @pos: next stream position, advanced by what was accepted
 *
 * Return: 0, -ENOSPC if the FIFO took fewer bytes, or -errno.
 */
int dev_prefill(int fd, uint64_t key, uint64_t *pos)
{
	long n = dev_write_stream(fd, key, pos, DEV_PREFILL);

	if (n < 0)
		return (int)n;
	return n == DEV_PREFILL ? 0 : -ENOSPC;
}

/**
 * dev_drain_hwrng() - read /dev/hwrng without blocking until it is empty
 *
 * Used right after registering with an empty FIFO: the hw_random core keeps
 * unread bytes of an earlier read in its own buffer across rng changes, and
 * a content check must not see another test's leftovers.
 *
 * Return: bytes discarded or -errno.
 */
long dev_drain_hwrng(void)
{
	uint8_t buf[256];
	long total = 0;
	int fd, i;

	fd = open(DEV_HWRNG, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (i = 0; i < 64; i++) {
		ssize_t r = read(fd, buf, sizeof(buf));

		if (r <= 0)
			break;
		total += r;
	}
	close(fd);
	return total;
}

/**
 * dev_note() - print a TAP comment line ("# ...") and flush it at once
 * @fmt: printf format, without the trailing newline
 *
 * Tests run in forked children that end with _exit(), which would drop
 * anything still buffered in stdout.
 */
void dev_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# ", stdout);
	vfprintf(stdout, fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

/**
 * dev_now_ms() - CLOCK_MONOTONIC in milliseconds
 *
 * Return: milliseconds.
 */
uint64_t dev_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * dev_sleep_ms() - sleep, restarting after signals
 * @ms: milliseconds
 */
void dev_sleep_ms(unsigned int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000,
	};

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
