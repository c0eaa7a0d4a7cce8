/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A pool of /dev/hwrng reader processes for the stress tests: each reads
 * whole core chunks in a loop (retrying after errors, e.g. -ENODEV while
 * no rng is current) until stopped, and checks what it gets against one
 * stream, all of them sharing one bitmap of the positions received, so a
 * byte served to two readers is caught too.  Some readers may use
 * O_NONBLOCK: they never wait inside the core (EAGAIN, then 1 ms later
 * again), whereas a blocking reader of an empty FIFO holds the core's
 * reading_mutex for up to the module's bounded wait.  POOL_STREAM checks every byte
 * (a verify per reader); POOL_CHUNKS, for a mix with another hwrng's
 * bytes, checks the reads that are a whole stream chunk and counts the
 * others.  Counters and the outcome live in shared memory.
 */
#ifndef HH_POOL_H
#define HH_POOL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define POOL_MAX	8

enum pool_check {
	POOL_NONE,	/* just read */
	POOL_STREAM,	/* every byte must be the stream (verify.c) */
	POOL_CHUNKS,	/* whole stream chunks are checked, others counted */
};

struct pool_slot {
	uint64_t bytes;		/* bytes read (POOL_CHUNKS: of the stream) */
	uint64_t foreign;	/* POOL_CHUNKS: bytes not of the stream */
	uint64_t reads;		/* read() calls that returned data */
	uint64_t errors;	/* read() calls that failed */
	uint64_t enter_ms;	/* dev_now_ms() when the last read() began */
	uint64_t leave_ms;	/* ... and when it returned */
	int32_t in_read;	/* inside read() now */
	int32_t last_err;	/* errno of the last failed read() */
	int32_t unexpected;	/* a failure other than ENODEV/EAGAIN/EINTR */
	int32_t done;		/* the reader finished its checks */
	int32_t failed;		/* the check failed: @err says why */
	char err[200];
};

struct pool_shared {
	int32_t stop;
	int32_t paused;		/* readers stay out of read() meanwhile */
	struct pool_slot slot[POOL_MAX];
	uint64_t bits[];	/* positions received, see verify_share() */
};

struct pool {
	int n;			/* readers started */
	int n_total;		/* readers to start */
	pid_t pid[POOL_MAX];
	enum pool_check check;
	int nonblock;		/* the last @nonblock readers use O_NONBLOCK */
	uint64_t npos;
	size_t size;
	struct pool_shared *sh;
};

int pool_start(struct pool *p, int n, enum pool_check check, uint64_t key,
	       uint64_t npos);
int pool_start_nonblock(struct pool *p, int n, int nonblock,
			enum pool_check check, uint64_t key, uint64_t npos);
uint64_t pool_foreign(const struct pool *p);
int pool_pause(const struct pool *p, bool pause, unsigned int timeout_ms);
uint64_t pool_bytes(const struct pool *p);
int pool_wait_returned(const struct pool *p, uint64_t since,
		       unsigned int timeout_ms);
int pool_wait_bytes(const struct pool *p, uint64_t min,
		    unsigned int timeout_ms);
uint64_t pool_received(const struct pool *p, uint64_t lo, uint64_t hi);
int pool_stop(struct pool *p, unsigned int timeout_ms);
void pool_kill(struct pool *p);

#endif /* HH_POOL_H */
