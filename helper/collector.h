/* SPDX-License-Identifier: GPL-2.0 */
/*
 * collector.h: the HAVEGE noise collector.
 *
 * A walk over a table of twice the L1 data cache, with data-dependent
 * branches in a loop body unrolled to roughly the L1 instruction cache,
 * folds one timer read per step into eight words of the collection
 * buffer.  Every raw timer delta also goes through the SP 800-90B RCT and
 * APT (health.h) before the buffer it produced is handed out, so a stuck,
 * coarse or periodic timer is caught even while the folded output still
 * looks random.  See docs/collector.md.
 *
 *	struct collector_config cfg = { .buf_kwords = 128 };
 *	struct collector c;
 *	r = collector_init(&c, &cfg);          // 0 or -errno
 *	r = collector_fill(&c, buf, len);      // 0, -EIO on a raw alarm
 *	collector_free(&c);
 */
#ifndef HAVEGE_COLLECTOR_H
#define HAVEGE_COLLECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "cputune.h"
#include "health.h"
#include "timer.h"

#define COLLECTOR_DEFAULT_KWORDS	128U	/* haveged's -b default */
#define COLLECTOR_MAX_KWORDS		65536U	/* 256 MiB of buffer */
#define COLLECTOR_WORDS_PER_STEP	8U	/* output words per timer read */

/*
 * Raw health tests (SP 800-90B 4.4) run on samples made of the low bytes
 * of COLLECTOR_DELTAS_PER_SAMPLE consecutive timer deltas (collector.c
 * says why).  COLLECTOR_HEALTH_H is the min-entropy claimed per such
 * sample: 4 bits, far below what eight deltas of a working timer carry
 * (docs/collector.md), giving RCT cutoff 6 and APT cutoff 62 of 512.
 */
#define COLLECTOR_DELTAS_PER_SAMPLE	8U
#define COLLECTOR_HEALTH_H		4.0

/**
 * struct collector_config - what the daemon chose
 * @buf_kwords: collection buffer size in units of 1024 32-bit words
 *	(haveged's -b); 0 means COLLECTOR_DEFAULT_KWORDS
 * @timer_name: "tsc", "tscp", "cntvct", "clock", or NULL/"auto"
 * @timer_ops: a timer to use instead of @timer_name (tests inject fakes)
 * @timer_ctx: state for @timer_ops
 * @l1d_kib: L1 data cache size; 0 means CPUTUNE_DEFAULT_L1D_KIB
 * @l1i_kib: L1 instruction cache size; 0 means CPUTUNE_DEFAULT_L1I_KIB
 * @health_h: claimed min-entropy per raw sample; 0: COLLECTOR_HEALTH_H
 */
struct collector_config {
	uint32_t buf_kwords;
	const char *timer_name;
	const struct timer_ops *timer_ops;
	void *timer_ctx;
	uint32_t l1d_kib;
	uint32_t l1i_kib;
	double health_h;
};

/* The walk's mutable state, touched by every step. */
struct collector_walk {
	uint32_t *tab;		/* walk table, 2 * L1D bytes */
	uint32_t half;		/* words in each half of the table */
	uint32_t mask;		/* picks a 4-word block inside one half */
	uint32_t p1;		/* pointer into the lower half */
	uint32_t p2;		/* pointer into the upper half */
};

/**
 * struct collector - one collector; all of its state
 * @timer: the probed timer
 * @walk: walk table and pointers
 * @unroll: steps per unrolled block of the loop (sized from L1I)
 * @buf: collection buffer
 * @buf_words: its size in 32-bit words
 * @pos: bytes of @buf already handed out
 * @ticks: raw timer values of the last refill, after the one before it
 * @steps: timer reads per refill
 * @health: RCT and APT over the raw samples (collector_sample())
 * @raw_fail: HEALTH_FAIL_* bits seen since init (sticky)
 * @refills: buffers generated
 * @discarded: buffers thrown away because a raw test fired
 */
struct collector {
	struct timer timer;
	struct collector_walk walk;
	unsigned int unroll;
	uint32_t *buf;
	size_t buf_words;
	size_t pos;
	uint64_t *ticks;
	size_t steps;
	struct health health;
	unsigned int raw_fail;
	uint64_t refills;
	uint64_t discarded;
};

int collector_init(struct collector *c, const struct collector_config *cfg);
int collector_refill(struct collector *c);
int collector_fill(struct collector *c, void *buf, size_t len);
void collector_free(struct collector *c);

#endif /* HAVEGE_COLLECTOR_H */
