// SPDX-License-Identifier: GPL-2.0
/*
 * pidfile.c: the lock is flock() on the pid file itself, so it dies with
 * the process (no stale lock after kill -9) and a leftover pid file from a
 * crash never blocks a restart.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"

static pid_t pidfile_read_pid(int fd)
{
	char buf[24];
	ssize_t n;
	long v;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	v = strtol(buf, NULL, 10);
	return v > 0 ? (pid_t)v : 0;
}

/**
 * pidfile_make_dir() - create the runtime directory a file lives in
 * @path: pid or status file path
 * @dir: the runtime directory (HWRNGD_RUNTIME_DIR)
 *
 * Only @dir itself is ever created (mode 0755, as systemd's
 * RuntimeDirectory= makes it), and only when @path is directly inside it:
 * a missing directory given on the command line stays an error.
 *
 * Return: 1 if @dir was created, 0 if it exists or @path is elsewhere,
 * -ENOTDIR if @dir is not a directory, or the negative errno of mkdir().
 */
int pidfile_make_dir(const char *path, const char *dir)
{
	size_t len = strlen(dir);
	struct stat st;

	if (strncmp(path, dir, len) || path[len] != '/' ||
	    !path[len + 1] || strchr(path + len + 1, '/'))
		return 0;
	if (!mkdir(dir, 0755))
		return 1;
	if (errno != EEXIST)
		return -errno;
	if (stat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/**
 * pidfile_lock() - open the pid file and take the instance lock
 * @path: pid file path
 * @ret_holder: on -EBUSY, the pid recorded by the running instance (0 if
 *		unknown); untouched otherwise
 *
 * Return: the locked descriptor (keep it open for the process lifetime),
 * -EBUSY if another process holds the lock, or another negative errno.
 */
int pidfile_lock(const char *path, pid_t *ret_holder)
{
	int fd, r;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		r = errno == EWOULDBLOCK ? -EBUSY : -errno;
		if (r == -EBUSY && ret_holder)
			*ret_holder = pidfile_read_pid(fd);
		(void)close(fd);
		return r;
	}
	/* 0644 whatever the umask (the unit's is 0077): --status by anyone */
	if (fchmod(fd, 0644) < 0) {
		r = -errno;
		(void)close(fd);
		return r;
	}
	return fd;
}

/**
 * pidfile_write() - record @pid in the locked pid file
 * @fd: descriptor from pidfile_lock()
 * @pid: the daemon's pid (after any fork)
 *
 * Return: 0 or a negative errno.
 */
int pidfile_write(int fd, pid_t pid)
{
	char buf[24];
	int len;

	len = snprintf(buf, sizeof(buf), "%ld\n", (long)pid);
	if (ftruncate(fd, 0) < 0)
		return -errno;
	if (pwrite(fd, buf, (size_t)len, 0) != len)
		return -EIO;
	return 0;
}

/**
 * pidfile_release() - remove the pid file and drop the lock
 * @fd: descriptor from pidfile_lock(); negative = nothing to do
 * @path: pid file path
 *
 * The file is unlinked while the lock is still held, so a new instance
 * never sees our pid in a file it has just locked.
 */
void pidfile_release(int fd, const char *path)
{
	if (fd < 0)
		return;
	(void)unlink(path);
	(void)close(fd);
}

/**
 * pidfile_running() - is an instance holding the lock on @path?
 * @path: pid file path
 * @ret_pid: the recorded pid when running (0 if unreadable)
 *
 * Return: 1 if locked by a live process, 0 if not (or no file).
 */
int pidfile_running(const char *path, pid_t *ret_pid)
{
	int fd, running = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK) {
		running = 1;
		*ret_pid = pidfile_read_pid(fd);
	}
	(void)close(fd);
	return running;
}
