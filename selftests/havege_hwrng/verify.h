/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Check that bytes read from /dev/hwrng are the fed stream, each at most
 * once, with nothing invented and nothing out of order: the received bytes
 * must be contiguous runs of stream positions, each run after the previous
 * one.  Gaps between runs are the bytes other consumers took.
 *
 * With a reorder window W, a run may also start up to W positions before
 * the highest position seen, on positions not received yet: the hw_random
 * core hands a reader the end of a chunk before its start when the read()
 * asks for less than the chunk, and the start with the next read().  That
 * mode is best effort (tiny pieces next to reordered ones are sometimes
 * misread); the tests read so that W = 0 holds (see data_test.c).
 */
#ifndef HH_VERIFY_H
#define HH_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* look-ahead needed to locate a run (see stream_locate()) */
#define VERIFY_LOOK	64
/* positions remembered behind the highest one (bitmap), >= any window */
#define VERIFY_RING	4096

struct verify {
	uint64_t key;
	uint64_t limit;		/* positions below this were written */
	uint64_t window;	/* reorder window, 0: strictly increasing */
	uint64_t next;		/* position expected for the next byte */
	uint64_t hi;		/* highest position received + 1 */
	uint64_t received;	/* bytes checked */
	uint64_t runs;		/* contiguous runs seen */
	uint64_t first;		/* position of the first received byte */
	size_t unplaced;	/* bytes still to take without a position */
	bool started;
	bool failed;
	uint8_t work[4096 + VERIFY_LOOK];	/* not yet checked */
	size_t nwork;
	uint64_t seen[VERIFY_RING / 64];	/* received, below hi */
	uint64_t *shared;	/* positions received by any checker, or NULL */
	uint64_t shared_npos;	/* positions @shared covers */
	char err[200];
};

void verify_init(struct verify *v, uint64_t key, uint64_t window);
void verify_set_limit(struct verify *v, uint64_t limit);
void verify_share(struct verify *v, uint64_t *bits, uint64_t npos);
int verify_push(struct verify *v, const uint8_t *buf, size_t len);
int verify_finish(struct verify *v);
uint64_t verify_skipped(const struct verify *v);

#endif /* HH_VERIFY_H */
