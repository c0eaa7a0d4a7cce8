// SPDX-License-Identifier: GPL-2.0
/*
 * sink_file.c: output mode (-n SIZE -f FILE): tested bytes to a file or to
 * stdout, e.g. for "havege-hwrngd -n 0 -f - | dieharder -g 200 -a".  A
 * reader that goes away (EPIPE, POLLHUP) ends the run: normally for -n 0,
 * as an error for a count not written in full (the caller decides).
 *
 * put() writes only what poll() says fits (at most PIPE_BUF bytes once
 * POLLOUT is up), so the process never blocks in write() with its signals
 * blocked: a full pipe is waited for in wait(), where they are delivered.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "sink.h"

/* The reader went away: the run ends, and the caller sees s->gone. */
static void sink_file_gone(struct sink *s)
{
	s->done = true;
	s->gone = true;
}

static ssize_t sink_file_put(struct sink *s, const void *buf, size_t len)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	ssize_t n;

	if (s->done)
		return 0;
	n = s->sys->ppoll(s->sys->priv, &pfd, 1, 0, NULL);
	if (n < 0)
		return n;
	if (pfd.revents & (POLLERR | POLLHUP)) {
		sink_file_gone(s);
		return 0;
	}
	if (!(pfd.revents & POLLOUT))
		return 0;
	if (s->limited && len > s->remaining)
		len = (size_t)s->remaining;
	if (len > SINK_FILE_CHUNK)
		len = SINK_FILE_CHUNK;
	do
		n = s->sys->write(s->sys->priv, s->fd, buf, len);
	while (n == -EINTR);
	if (n == -EPIPE) {
		sink_file_gone(s);
		return 0;
	}
	if (n == -EAGAIN)
		return 0;
	if (n < 0)
		return n;
	if (s->limited) {
		s->remaining -= (uint64_t)n;
		s->done = !s->remaining;
	}
	return n;
}

static int sink_file_wait(struct sink *s, int64_t timeout_ms,
			  const sigset_t *mask)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLOUT };
	int n;

	if (s->done)
		return 1;
	n = s->sys->ppoll(s->sys->priv, &pfd, 1, timeout_ms, mask);
	if (n < 0)
		return n;
	if (n > 0 && (pfd.revents & (POLLERR | POLLHUP))) {
		sink_file_gone(s);	/* like EPIPE */
		return 1;
	}
	return n > 0;
}

static void sink_file_close(struct sink *s)
{
	if (s->own_fd)
		(void)s->sys->close(s->sys->priv, s->fd);
}

static const struct sink_ops sink_file_ops = {
	.name = "file",
	.put = sink_file_put,
	.wait = sink_file_wait,
	.close = sink_file_close,
};

/**
 * sink_file_open() - open the output of -n/-f
 * @s: sink to initialise
 * @sys: system-call table
 * @path: file name, or "-" for stdout
 * @limit: bytes to write, 0 = unlimited
 *
 * Return: 0 or a negative errno.
 */
int sink_file_open(struct sink *s, const struct hwrngd_sys *sys,
		   const char *path, uint64_t limit)
{
	int fd = STDOUT_FILENO;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (strcmp(path, "-")) {
		fd = sys->open(sys->priv, path, O_WRONLY | O_CREAT | O_TRUNC);
		if (fd < 0)
			return fd;
		s->own_fd = true;
	}
	s->ops = &sink_file_ops;
	s->sys = sys;
	s->fd = fd;
	s->path = path;
	s->limited = limit != 0;
	s->remaining = limit;
	return 0;
}
