// SPDX-License-Identifier: GPL-2.0
/*
 * sys.c: the production system-call table (see sys.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "sys.h"

static int linux_open(void *priv, const char *path, int flags)
{
	int fd;

	(void)priv;
	fd = open(path, flags | O_CLOEXEC, 0644);
	return fd < 0 ? -errno : fd;
}

static int linux_close(void *priv, int fd)
{
	(void)priv;
	return close(fd) < 0 ? -errno : 0;
}

static ssize_t linux_write(void *priv, int fd, const void *buf, size_t len)
{
	ssize_t n;

	(void)priv;
	n = write(fd, buf, len);
	return n < 0 ? -errno : n;
}

static ssize_t linux_read(void *priv, int fd, void *buf, size_t len)
{
	ssize_t n;

	(void)priv;
	n = read(fd, buf, len);
	return n < 0 ? -errno : n;
}

static int linux_ioctl(void *priv, int fd, unsigned long req, void *arg)
{
	(void)priv;
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

static int linux_ppoll(void *priv, struct pollfd *fds, nfds_t nfds,
		       int64_t timeout_ms, const sigset_t *mask)
{
	struct timespec ts;
	int n;

	(void)priv;
	if (timeout_ms >= 0) {
		ts.tv_sec = (time_t)(timeout_ms / 1000);
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
	}
	n = ppoll(fds, nfds, timeout_ms >= 0 ? &ts : NULL, mask);
	return n < 0 ? -errno : n;
}

static ssize_t linux_getrandom(void *priv, void *buf, size_t len,
			       unsigned int flags)
{
	ssize_t n;

	(void)priv;
	n = getrandom(buf, len, flags);
	return n < 0 ? -errno : n;
}

static int64_t linux_now_ms(void *priv)
{
	struct timespec ts;

	(void)priv;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * A poll of nothing that does not wait still returns -EINTR, with the
 * handlers run, when a signal that @mask unblocks is pending.
 */
static void linux_signal_point(void *priv, const sigset_t *mask)
{
	const struct timespec zero = { 0, 0 };

	(void)priv;
	(void)ppoll(NULL, 0, &zero, mask);
}

const struct hwrngd_sys sys_linux = {
	.open = linux_open,
	.close = linux_close,
	.write = linux_write,
	.read = linux_read,
	.ioctl = linux_ioctl,
	.ppoll = linux_ppoll,
	.getrandom = linux_getrandom,
	.now_ms = linux_now_ms,
	.signal_point = linux_signal_point,
	.priv = NULL,
};

/**
 * sys_write_all() - write a whole buffer, retrying short writes and EINTR
 * @sys: system-call table
 * @fd: open descriptor (blocking)
 * @buf: data
 * @len: number of bytes
 *
 * Return: 0, or a negative errno (-EIO for a zero-length write).
 */
int sys_write_all(const struct hwrngd_sys *sys, int fd, const void *buf,
		  size_t len)
{
	const unsigned char *p = buf;
	ssize_t n;

	while (len) {
		n = sys->write(sys->priv, fd, p, len);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return (int)n;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/**
 * sys_write_file() - write a short text to an existing file (sysfs style)
 * @sys: system-call table
 * @path: file to open for writing
 * @text: the text, written in one write() as sysfs requires
 *
 * Return: 0 or a negative errno.
 */
int sys_write_file(const struct hwrngd_sys *sys, const char *path,
		   const char *text)
{
	int fd, r, rc;

	fd = sys->open(sys->priv, path, O_WRONLY);
	if (fd < 0)
		return fd;
	r = sys_write_all(sys, fd, text, strlen(text));
	rc = sys->close(sys->priv, fd);
	return r ? r : rc;
}

/**
 * sys_crng_ready() - is the kernel's CRNG initialised?
 * @sys: system-call table
 *
 * getrandom(GRND_NONBLOCK) fails with EAGAIN exactly until the CRNG is
 * ready, on every kernel that has getrandom (3.17+).
 *
 * Return: 1 if ready, 0 if not yet, or a negative errno (e.g. -ENOSYS).
 */
int sys_crng_ready(const struct hwrngd_sys *sys)
{
	unsigned char b;
	ssize_t n;

	do
		n = sys->getrandom(sys->priv, &b, 1, GRND_NONBLOCK);
	while (n == -EINTR);
	if (n == -EAGAIN)
		return 0;
	return n < 0 ? (int)n : 1;
}

/**
 * sys_path_join() - "@dir@sep@name" in memory of its own size
 * @dir: first part
 * @sep: separator, e.g. "/" or "" (then @name is a suffix such as ".tmp")
 * @name: last part
 *
 * Paths are never cut to fit a fixed buffer: whatever length the system
 * accepts works, and a longer one fails where it is used (ENAMETOOLONG).
 *
 * Return: the string (free() it), or NULL when out of memory.
 */
char *sys_path_join(const char *dir, const char *sep, const char *name)
{
	size_t n = strlen(dir) + strlen(sep) + strlen(name) + 1;
	char *p = malloc(n);

	if (p)
		(void)snprintf(p, n, "%s%s%s", dir, sep, name);
	return p;
}
