// SPDX-License-Identifier: GPL-2.0
/*
 * background.c: fork into the background (without -F) so that the parent
 * exits only once the child has written its pid file.  A caller that
 * starts the daemon and then reads the pid file (an init script, a test)
 * never finds it missing or stale; a child that failed before that point
 * makes the parent exit with status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "background.h"

/* In the parent: wait for the child's one-byte verdict, then exit. */
static void background_parent(int rfd)
{
	char ok = 0;
	ssize_t n;

	do
		n = read(rfd, &ok, 1);
	while (n < 0 && errno == EINTR);
	_exit(n == 1 && ok == BACKGROUND_OK ? EXIT_SUCCESS : EXIT_FAILURE);
}

/* In the child: a session of its own, / as the directory, stdio closed. */
static int background_child(bool keep_stdio)
{
	int fd;

	if (setsid() < 0 || chdir("/") < 0)
		return -errno;
	if (keep_stdio)
		return 0;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (dup2(fd, STDIN_FILENO) < 0 || dup2(fd, STDOUT_FILENO) < 0 ||
	    dup2(fd, STDERR_FILENO) < 0) {
		(void)close(fd);
		return -errno;
	}
	if (fd > STDERR_FILENO)
		(void)close(fd);
	return 0;
}

/**
 * background_start() - fork; only the child returns
 * @keep_stdio: keep stdin/stdout/stderr (e.g. the journal's stream)
 * @done_fd: set to the descriptor background_done() reports on
 *
 * The parent waits until the child calls background_done() (or dies) and
 * exits with 0 if it reported BACKGROUND_OK, else 1.
 *
 * Return: 0 in the child, or a negative errno (no fork happened, or the
 * child could not detach from the terminal: then it is the caller's to
 * report, and background_done() still ends the parent).
 */
int background_start(bool keep_stdio, int *done_fd)
{
	int p[2];
	pid_t pid;

	*done_fd = -1;
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int r = -errno;

		(void)close(p[0]);
		(void)close(p[1]);
		return r;
	}
	if (pid > 0) {
		(void)close(p[1]);
		background_parent(p[0]);
	}
	(void)close(p[0]);
	*done_fd = p[1];
	return background_child(keep_stdio);
}

/**
 * background_done() - let the waiting parent exit
 * @done_fd: from background_start(); -1 (foreground) does nothing
 * @ok: true once the pid file is written
 */
void background_done(int done_fd, bool ok)
{
	char c = ok ? BACKGROUND_OK : 0;

	if (done_fd < 0)
		return;
	(void)!write(done_fd, &c, 1);
	(void)close(done_fd);
}
