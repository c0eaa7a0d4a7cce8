/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The feeding loop of havege_feeder, also run in forked children by the
 * selftests: keep /dev/havege_hwrng's FIFO topped up with a deterministic
 * stream, register, withdraw when asked to stop.
 */
#ifndef HH_FEEDER_H
#define HH_FEEDER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* one-character events written to feeder.notify_fd */
#define FEEDER_EV_ATTACHED	'a'
#define FEEDER_EV_REGISTERED	'r'
#define FEEDER_EV_DONE		'd'	/* --bytes reached */
#define FEEDER_EV_WITHDRAWN	'w'
#define FEEDER_EV_ERROR		'e'

struct feeder {
	int fd;			/* /dev/havege_hwrng, O_NONBLOCK */
	uint64_t key;		/* stream_key(seed) */
	uint64_t pos;		/* next stream position to write */
	uint64_t bytes;		/* stop feeding after this many (0: never) */
	bool do_register;
	bool exit_when_done;	/* leave once @bytes were fed and served */
	int notify_fd;		/* events for a parent process, or -1 */
	FILE *log;		/* human-readable state, or NULL */
	volatile sig_atomic_t *stop;	/* set by a signal handler */
};

int feeder_start(struct feeder *f);
int feeder_loop(struct feeder *f);
int feeder_stop(struct feeder *f);
int feeder_run(struct feeder *f);

#endif /* HH_FEEDER_H */
