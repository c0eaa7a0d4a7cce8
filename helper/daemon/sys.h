/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sys.h: the few system calls the daemon's sinks and loops make, behind a
 * table so the unit tests can replace the device, /dev/random, getrandom()
 * and the clock with a test double.  Every call returns a negative errno on
 * failure, never -1 with errno.
 */
#ifndef HWRNGD_SYS_H
#define HWRNGD_SYS_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct hwrngd_sys {
	int (*open)(void *priv, const char *path, int flags);
	int (*close)(void *priv, int fd);
	ssize_t (*write)(void *priv, int fd, const void *buf, size_t len);
	ssize_t (*read)(void *priv, int fd, void *buf, size_t len);
	int (*ioctl)(void *priv, int fd, unsigned long req, void *arg);
	/* timeout_ms < 0 waits forever; mask as for ppoll(2) (may be NULL) */
	int (*ppoll)(void *priv, struct pollfd *fds, nfds_t nfds,
		     int64_t timeout_ms, const sigset_t *mask);
	ssize_t (*getrandom)(void *priv, void *buf, size_t len,
			     unsigned int flags);
	int64_t (*now_ms)(void *priv);	/* CLOCK_MONOTONIC */
	/*
	 * Deliver the signals pending and not blocked in @mask, without
	 * sleeping: the handlers run now.  The loops block their signals
	 * and call this between two steps of work that never sleep.
	 */
	void (*signal_point)(void *priv, const sigset_t *mask);
	void *priv;
};

extern const struct hwrngd_sys sys_linux;

int sys_write_all(const struct hwrngd_sys *sys, int fd, const void *buf,
		  size_t len);
int sys_write_file(const struct hwrngd_sys *sys, const char *path,
		   const char *text);
int sys_crng_ready(const struct hwrngd_sys *sys);
char *sys_path_join(const char *dir, const char *sep, const char *name);

#endif /* HWRNGD_SYS_H */
