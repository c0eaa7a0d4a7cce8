// SPDX-License-Identifier: GPL-2.0
/*
 * Forked helpers.  A feeder child runs feeder_run() and reports its state
 * changes through a pipe; a reader child reads /dev/hwrng (blocking) until a
 * read fails and reports every result through a pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev.h"
#include "feeder.h"
#include "proc.h"
#include "stream.h"

static volatile sig_atomic_t proc_stop_flag;

static void proc_on_term(int sig)
{
	(void)sig;
	proc_stop_flag = 1;
}

static void proc_feeder_child(uint64_t seed, uint64_t from, uint64_t bytes,
			      bool do_register, int evfd)
{
	struct sigaction sa = { .sa_handler = proc_on_term };
	struct feeder f = {
		.key = stream_key(seed),
		.pos = from,
		.bytes = bytes ? from + bytes : 0,
		.do_register = do_register,
		.notify_fd = evfd,
		.stop = &proc_stop_flag,
	};
	sigset_t blocked;
	char ev = FEEDER_EV_ERROR;

	sigemptyset(&blocked);
	sigaddset(&blocked, SIGTERM);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	sigaction(SIGTERM, &sa, NULL);
	f.fd = dev_open(O_NONBLOCK);
	if (f.fd < 0) {
		(void)!write(evfd, &ev, 1);
		_exit(1);
	}
	_exit(feeder_run(&f) ? 1 : 0);
}

/**
 * proc_feeder_spawn_from() - fork a feeder child starting at a position
 * @seed: stream seed
 * @from: first stream position it writes
 * @bytes: bytes to feed (0: no limit)
 * @do_register: register after the first fill
 * @evfd: set to the read end of the event pipe (FEEDER_EV_*)
 *
 * Feeders of one stream started at distinct, far enough apart positions
 * never write the same byte, so readers of all of them can be checked as
 * one stream.  The child withdraws and exits on SIGTERM.
 *
 * Return: the child's pid or -errno.
 */
pid_t proc_feeder_spawn_from(uint64_t seed, uint64_t from, uint64_t bytes,
			     bool do_register, int *evfd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		pid = -errno;
		close(p[0]);
		close(p[1]);
		return pid;
	}
	if (!pid) {
		close(p[0]);
		proc_feeder_child(seed, from, bytes, do_register, p[1]);
	}
	close(p[1]);
	*evfd = p[0];
	return pid;
}

/**
 * proc_feeder_spawn() - fork a feeder child writing its stream from 0
 * @seed: stream seed
 * @bytes: bytes to feed (0: no limit)
 * @do_register: register after the first fill
 * @evfd: set to the read end of the event pipe (FEEDER_EV_*)
 *
 * Return: the child's pid or -errno.
 */
pid_t proc_feeder_spawn(uint64_t seed, uint64_t bytes, bool do_register,
			int *evfd)
{
	return proc_feeder_spawn_from(seed, 0, bytes, do_register, evfd);
}

/**
 * proc_wait_event() - wait for a feeder event
 * @evfd: event pipe
 * @ev: the FEEDER_EV_* to wait for; other events are skipped
 * @timeout_ms: give up after this long
 *
 * Return: 0, -ETIMEDOUT, -EIO if the feeder reported an error, -EPIPE if it
 * exited first.
 */
int proc_wait_event(int evfd, char ev, unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	struct pollfd pfd = { .fd = evfd, .events = POLLIN };

	for (;;) {
		uint64_t now = dev_now_ms();
		char got;

		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)(end - now)) <= 0)
			continue;
		if (read(evfd, &got, 1) != 1)
			return -EPIPE;
		if (got == ev)
			return 0;
		if (got == FEEDER_EV_ERROR)
			return -EIO;
	}
}

static void proc_reader_child(int recfd)
{
	struct proc_read_rec rec;
	static unsigned char buf[4096];
	int fd = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		rec.ret = -errno;
		(void)!write(recfd, &rec, sizeof(rec));
		_exit(1);
	}
	do {
		ssize_t r = read(fd, buf, sizeof(buf));

		rec.ret = r < 0 ? -errno : r;
		(void)!write(recfd, &rec, sizeof(rec));
	} while (rec.ret > 0);
	_exit(0);
}

/**
 * proc_reader_spawn() - fork a child reading /dev/hwrng until an error
 * @recfd: set to the read end of a pipe of struct proc_read_rec
 *
 * Return: the child's pid or -errno.
 */
pid_t proc_reader_spawn(int *recfd)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		pid = -errno;
		close(p[0]);
		close(p[1]);
		return pid;
	}
	if (!pid) {
		close(p[0]);
		proc_reader_child(p[1]);
	}
	close(p[1]);
	*recfd = p[0];
	return pid;
}

/**
 * proc_wait_exit() - wait for a child to exit, with a deadline
 * @pid: child
 * @timeout_ms: give up after this long (the child is left running)
 * @status: wait status on success, may be NULL
 *
 * Return: 0 or -ETIMEDOUT or -errno.
 */
int proc_wait_exit(pid_t pid, unsigned int timeout_ms, int *status)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r < 0)
			return -errno;
		if (r == pid) {
			if (status)
				*status = st;
			return 0;
		}
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(5);
	}
}

/**
 * proc_kill_wait() - SIGKILL a child and reap it; ignores pid <= 0
 * @pid: child
 */
void proc_kill_wait(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
}
