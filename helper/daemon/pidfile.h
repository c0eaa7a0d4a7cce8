/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pidfile.h: pid file that doubles as the single-instance lock (flock).
 */
#ifndef HWRNGD_PIDFILE_H
#define HWRNGD_PIDFILE_H

#include <sys/types.h>

int pidfile_make_dir(const char *path, const char *dir);
int pidfile_lock(const char *path, pid_t *ret_holder);
int pidfile_write(int fd, pid_t pid);
void pidfile_release(int fd, const char *path);
int pidfile_running(const char *path, pid_t *ret_pid);

#endif /* HWRNGD_PIDFILE_H */
