// SPDX-License-Identifier: GPL-2.0
/*
 * sink_feed.c: the module's feed device.  write() queues tested bytes in
 * the module's FIFO (-EAGAIN when full: the descriptor is non-blocking),
 * poll() reports POLLOUT when there is room again, and the ioctls of
 * module/uapi/havege_hwrng.h register and withdraw the "havege" hwrng.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "sink.h"

static ssize_t sink_feed_put(struct sink *s, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = s->sys->write(s->sys->priv, s->fd, buf, len);
	while (n == -EINTR);
	return n == -EAGAIN ? 0 : n;
}

static int sink_feed_wait(struct sink *s, int64_t timeout_ms,
			  const sigset_t *mask)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	int n;

	n = s->sys->ppoll(s->sys->priv, &pfd, 1, timeout_ms, mask);
	if (n < 0)
		return n;
	if (n > 0 && (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
		return -EPIPE;	/* not -EIO: that means "a test failed" */
	return n > 0;
}

/*
 * REGISTER, declaring s->quality (the module refuses 0 and values above
 * 1024 with -EINVAL, and registers with at most its quality parameter).
 * -EALREADY cannot happen for us (we track it) and is treated as success.
 */
static int sink_feed_attach(struct sink *s)
{
	struct havege_hwrng_register reg;
	int r;

	memset(&reg, 0, sizeof(reg));
	reg.quality = s->quality;
	r = s->sys->ioctl(s->sys->priv, s->fd, HAVEGE_HWRNG_IOC_REGISTER, &reg);
	if (r && r != -EALREADY)
		return r;
	s->attached = true;
	return 0;
}

static int sink_feed_detach(struct sink *s)
{
	int r;

	r = s->sys->ioctl(s->sys->priv, s->fd, HAVEGE_HWRNG_IOC_WITHDRAW, NULL);
	s->attached = false;
	return r;
}

static int sink_feed_stats(struct sink *s, struct havege_hwrng_stats *out)
{
	return s->sys->ioctl(s->sys->priv, s->fd, HAVEGE_HWRNG_IOC_GET_STATS,
			     out);
}

static void sink_feed_close(struct sink *s)
{
	/* closing the device withdraws and flushes in the module, too */
	(void)s->sys->close(s->sys->priv, s->fd);
}

static const struct sink_ops sink_feed_ops = {
	.name = "feed",
	.put = sink_feed_put,
	.wait = sink_feed_wait,
	.attach = sink_feed_attach,
	.detach = sink_feed_detach,
	.stats = sink_feed_stats,
	.close = sink_feed_close,
};

/**
 * sink_feed_open() - open the module's feed device
 * @s: sink to initialise
 * @sys: system-call table
 * @path: normally HAVEGE_HWRNG_DEVICE
 *
 * Return: 0; -ENOENT if the module is not loaded; -EBUSY if another
 * feeder holds the device (the module allows one); other negative errno.
 */
int sink_feed_open(struct sink *s, const struct hwrngd_sys *sys,
		   const char *path)
{
	int fd;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	fd = sys->open(sys->priv, path, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return fd;
	s->ops = &sink_feed_ops;
	s->sys = sys;
	s->fd = fd;
	return 0;
}

/**
 * sink_close() - close any sink; accepts a never-opened (zeroed) sink
 * @s: sink (may be NULL)
 */
void sink_close(struct sink *s)
{
	if (!s || !s->ops)
		return;
	s->ops->close(s);
	s->ops = NULL;
	s->fd = -1;
}
