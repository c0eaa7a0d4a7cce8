/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Check that bytes read from /dev/hwrng are the fed stream, in order, each
 * at most once, with nothing invented: the received bytes must form a
 * strictly increasing subsequence of stream positions made of contiguous
 * runs.  Gaps between runs are the bytes other consumers took.
 */
#ifndef HH_VERIFY_H
#define HH_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* look-ahead needed to locate a run (see stream_locate()) */
#define VERIFY_LOOK	40

struct verify {
	uint64_t key;
	uint64_t limit;		/* positions below this were written */
	uint64_t next;		/* position expected for the next byte */
	uint64_t received;	/* bytes checked */
	uint64_t runs;		/* contiguous runs seen */
	uint64_t skipped;	/* positions between runs (taken by others) */
	uint64_t first;		/* position of the first received byte */
	bool started;
	bool failed;
	uint8_t pend[VERIFY_LOOK];
	size_t npend;
	char err[200];
};

void verify_init(struct verify *v, uint64_t key);
void verify_set_limit(struct verify *v, uint64_t limit);
int verify_push(struct verify *v, const uint8_t *buf, size_t len);
int verify_finish(struct verify *v);

#endif /* HH_VERIFY_H */
