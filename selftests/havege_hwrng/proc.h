/* SPDX-License-Identifier: GPL-2.0 */
/* Child processes of the selftests: feeders and /dev/hwrng readers. */
#ifndef HH_PROC_H
#define HH_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* what a reader child reports for each read() it finishes */
struct proc_read_rec {
	int64_t ret;		/* bytes, or -errno */
};

pid_t proc_feeder_spawn(uint64_t seed, uint64_t bytes, bool do_register,
			int *evfd);
pid_t proc_feeder_spawn_from(uint64_t seed, uint64_t from, uint64_t bytes,
			     bool do_register, int *evfd);
int proc_wait_event(int evfd, char ev, unsigned int timeout_ms);
pid_t proc_reader_spawn(int *recfd);
int proc_wait_exit(pid_t pid, unsigned int timeout_ms, int *status);
void proc_kill_wait(pid_t pid);

#endif /* HH_PROC_H */
