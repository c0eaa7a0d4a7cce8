// SPDX-License-Identifier: GPL-2.0
/*
 * sink_random.c: fallback when the module is absent: mix tested bytes
 * into the kernel pool with RNDADDENTROPY (needs CAP_SYS_ADMIN).
 *
 * Policy (docs/daemon.md):
 *  - credit what the hw_random core would credit at the source's quality
 *    (s->quality, docs/quality.md): credit_bits(), rounded down;
 *  - before the CRNG is ready, add sink_random_chunk() bytes per call
 *    (64 credited bits: 4096 bytes at the default quality 2, 8 bytes of
 *    conditioned output at 1024) and probe getrandom(GRND_NONBLOCK) after
 *    each: 4 chunks (256 bits) initialise the CRNG of any kernel since
 *    5.18.  Should a kernel not
 *    become ready after SINK_RANDOM_EAGER_CHUNKS chunks, slow down to one
 *    chunk per SINK_RANDOM_MIN_INTERVAL_MS instead of spinning;
 *  - once ready, add one chunk per SINK_RANDOM_INTERVAL_MS (a minute), or
 *    when poll(/dev/random) reports POLLOUT on kernels before 5.6, where
 *    it still means "below write_wakeup_threshold" - but never more often
 *    than every SINK_RANDOM_MIN_INTERVAL_MS.  On newer kernels credit
 *    does nothing after initialisation, so topping up rarely is enough
 *    and the daemon sleeps in between.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "credit.h"
#include "sink.h"

union sink_random_req {
	struct rand_pool_info info;
	unsigned char raw[sizeof(struct rand_pool_info) + SINK_RANDOM_CHUNK];
};

static int sink_random_add(struct sink *s, const void *buf, size_t len)
{
	union sink_random_req req;
	int r;

	memset(&req, 0, sizeof(req));
	req.info.entropy_count = (int)credit_bits(len, s->quality);
	req.info.buf_size = (int)len;
	memcpy(req.info.buf, buf, len);
	r = s->sys->ioctl(s->sys->priv, s->fd, RNDADDENTROPY, &req);
	explicit_bzero(&req, sizeof(req));
	if (r)
		return r;
	s->credited_bits += credit_bits(len, s->quality);
	s->chunks++;
	return 0;
}

/**
 * sink_random_chunk() - bytes per RNDADDENTROPY at @quality
 * @quality: bits per 1024 bits credited (1..1024)
 *
 * Enough bytes to credit SINK_RANDOM_CHUNK_BITS at @quality, but at most
 * SINK_RANDOM_CHUNK: 4096 bytes (64 bits) at quality 2, 8 bytes at 1024.
 *
 * Return: the chunk size in bytes, at least 1.
 */
size_t sink_random_chunk(unsigned int quality)
{
	size_t n;

	if (!quality)
		return SINK_RANDOM_CHUNK;
	n = (size_t)SINK_RANDOM_CHUNK_BITS * 1024U / (8U * quality);
	if (n > SINK_RANDOM_CHUNK)
		return SINK_RANDOM_CHUNK;
	return n ? n : 1;
}

/* Not ready yet and still within the first chunks: add without waiting. */
static bool sink_random_eager(const struct sink *s)
{
	return !s->seeded && s->chunks < SINK_RANDOM_EAGER_CHUNKS;
}

static bool sink_random_due(const struct sink *s, int64_t now)
{
	return sink_random_eager(s) || s->wanted || now >= s->next_due_ms;
}

static ssize_t sink_random_put(struct sink *s, const void *buf, size_t len)
{
	int64_t now = s->sys->now_ms(s->sys->priv);
	size_t chunk = sink_random_chunk(s->quality);
	size_t n = len < chunk ? len : chunk;
	int r;

	if (!sink_random_due(s, now))
		return 0;
	r = sink_random_add(s, buf, n);
	if (r)
		return r;
	s->wanted = false;
	s->last_ms = now;
	s->next_due_ms = now + SINK_RANDOM_MIN_INTERVAL_MS;
	if (!s->seeded) {
		r = sys_crng_ready(s->sys);
		if (r < 0)
			return r;
		s->seeded = r;
	}
	if (s->seeded)
		s->next_due_ms = now + SINK_RANDOM_INTERVAL_MS;
	return (ssize_t)n;
}

/* Sleeps for @ms (< 0: forever) unless a signal arrives first. */
static int sink_random_sleep(struct sink *s, struct pollfd *pfd,
			     int64_t ms, const sigset_t *mask)
{
	return s->sys->ppoll(s->sys->priv, pfd, pfd ? 1 : 0, ms, mask);
}

static int64_t sink_random_min(int64_t a, int64_t b)
{
	if (a < 0)
		return b;
	return a < b ? a : b;
}

static int sink_random_wait(struct sink *s, int64_t timeout_ms,
			    const sigset_t *mask)
{
	int64_t now = s->sys->now_ms(s->sys->priv);
	int64_t calm = s->last_ms + SINK_RANDOM_MIN_INTERVAL_MS;
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	bool use_pollout = s->pollout && s->seeded;
	int n;

	if (sink_random_due(s, now))
		return 1;
	if (use_pollout && now < calm) {
		n = sink_random_sleep(s, NULL,
				      sink_random_min(timeout_ms, calm - now),
				      mask);
		return n < 0 ? n : 0;
	}
	n = sink_random_sleep(s, use_pollout ? &pfd : NULL,
			      sink_random_min(timeout_ms, s->next_due_ms - now),
			      mask);
	if (n < 0)
		return n;
	if (n > 0 && (pfd.revents & POLLOUT))
		s->wanted = true;
	return sink_random_due(s, s->sys->now_ms(s->sys->priv));
}

static void sink_random_close(struct sink *s)
{
	(void)s->sys->close(s->sys->priv, s->fd);
}

static const struct sink_ops sink_random_ops = {
	.name = "random",
	.put = sink_random_put,
	.wait = sink_random_wait,
	.close = sink_random_close,
};

/**
 * sink_random_pollout_meaningful() - does POLLOUT on /dev/random mean
 * "the pool wants entropy" on this kernel?
 * @release: uname -r, e.g. "4.19.0-27-amd64"
 *
 * Only before 5.6, which removed the blocking pool and with it the
 * write_wakeup_threshold semantics.
 *
 * Return: true for kernels older than 5.6.
 */
bool sink_random_pollout_meaningful(const char *release)
{
	unsigned int major, minor;

	if (sscanf(release, "%u.%u", &major, &minor) != 2)
		return false;
	return major < 5 || (major == 5 && minor < 6);
}

/**
 * sink_random_open() - open /dev/random for RNDADDENTROPY
 * @s: sink to initialise
 * @sys: system-call table
 * @path: normally "/dev/random"
 * @pollout: result of sink_random_pollout_meaningful() for this kernel
 *
 * Return: 0 or a negative errno.
 */
int sink_random_open(struct sink *s, const struct hwrngd_sys *sys,
		     const char *path, bool pollout)
{
	int fd, r;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	r = sys_crng_ready(sys);
	if (r < 0)
		return r;
	fd = sys->open(sys->priv, path, O_WRONLY);
	if (fd < 0)
		return fd;
	s->ops = &sink_random_ops;
	s->sys = sys;
	s->fd = fd;
	s->seeded = r;
	s->pollout = pollout;
	return 0;
}
