/* SPDX-License-Identifier: GPL-2.0 */
/*
 * collector.h: the HAVEGE noise collector.
 *
 * A walk over a table of twice the L1 data cache, with data-dependent
 * branches in a loop body unrolled to roughly the L1 instruction cache,
 * folds one timer read per step into eight words of the collection
 * buffer.
 *
 * The noise sample is not the raw timer delta: part of each delta is the
 * walk's own data-dependent work (the trip count of its branch loop),
 * which is arithmetic, not noise.  The sample of a delta is its residual
 * given its key (the trip count of the step it timed, and whether the
 * delta spans the unrolled loop's back edge): one byte,
 *	(delta - ref[key]) mod 256,
 * ref[key] being the median delta of that key during warm-up, then frozen.
 * Every residual goes through the SP 800-90B RCT and APT (health.h) at the
 * claimed per-delta min-entropy, and the raw deltas' low bytes through a
 * periodicity check (period.h), before the buffer they produced is handed
 * out, so a stuck, coarse, periodic or deterministic timer is caught even
 * while the folded output still looks random.  See docs/collector.md.
 *
 *	struct collector_config cfg = { .buf_kwords = 128 };
 *	struct collector c;
 *	r = collector_init(&c, &cfg);          // 0 or -errno
 *	r = collector_fill(&c, buf, len);      // 0, -EIO on a raw alarm
 *	r = collector_record(&c, smp, n);      // n samples; 0, -EIO
 *	collector_free(&c);
 */
#ifndef HAVEGE_COLLECTOR_H
#define HAVEGE_COLLECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "credit.h"
#include "cputune.h"
#include "health.h"
#include "period.h"
#include "timer.h"

#define COLLECTOR_DEFAULT_KWORDS	128U	/* haveged's -b default */
#define COLLECTOR_MAX_KWORDS		65536U	/* 256 MiB of buffer */
#define COLLECTOR_WORDS_PER_STEP	8U	/* output words per timer read */

#define COLLECTOR_MAX_BRANCH	8U	/* cap of the data-dependent loop */

/*
 * Keys of the residual mapping: trip count 0..COLLECTOR_MAX_BRANCH, plus
 * COLLECTOR_BRANCH_KEYS if the delta spans the back edge of the unrolled
 * loop (its first read of a block).
 */
#define COLLECTOR_BRANCH_KEYS	(COLLECTOR_MAX_BRANCH + 1U)
#define COLLECTOR_KEYS		(2U * COLLECTOR_BRANCH_KEYS)

/*
 * Warm-up deltas the reference medians are taken from (the last ones of
 * the warm-up), and the fewest a key needs for a median of its own.
 */
#define COLLECTOR_REF_SAMPLES	65536U
#define COLLECTOR_REF_MIN	16U

/*
 * Raw health tests (SP 800-90B 4.4, and period.h) judge one residual (one
 * timer delta) per sample at the claimed min-entropy per delta
 * (collector_config.health_h), by default credit.h's claim: 0.5 bit gives
 * RCT cutoff 41, APT cutoff 410 of 512 and periodicity cutoff 54.
 */
#define COLLECTOR_HEALTH_H		CREDIT_H_CLAIM_DEFAULT

/* raw_fail bit of the periodicity check, beside HEALTH_FAIL_RCT/APT. */
#define COLLECTOR_FAIL_PERIOD	(1U << 2)

/**
 * struct collector_config - what the daemon chose
 * @buf_kwords: collection buffer size in units of 1024 32-bit words
 *	(haveged's -b); 0 means COLLECTOR_DEFAULT_KWORDS
 * @timer_name: "tsc", "tscp", "cntvct", "clock", or NULL/"auto"
 * @timer_ops: a timer to use instead of @timer_name (tests inject fakes)
 * @timer_ctx: state for @timer_ops
 * @l1d_kib: L1 data cache size; 0 means CPUTUNE_DEFAULT_L1D_KIB
 * @l1i_kib: L1 instruction cache size; 0 means CPUTUNE_DEFAULT_L1I_KIB
 * @health_h: claimed min-entropy per timer delta (residual sample), in
 *	bits; 0 means COLLECTOR_HEALTH_H
 * @record: recording the noise source for assessment only: raw alarms are
 *	counted (raw_fail, health, period) but fail neither collector_init()
 *	nor a refill, "auto" takes the first timer that probes, and
 *	collector_fill() refuses (-EPERM): such a collector never releases
 *	output, only collector_record() samples
 */
struct collector_config {
	uint32_t buf_kwords;
	const char *timer_name;
	const struct timer_ops *timer_ops;
	void *timer_ctx;
	uint32_t l1d_kib;
	uint32_t l1i_kib;
	double health_h;
	bool record;
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
 * @ticks: raw timer values of the last refill, after the one before it:
 *	ticks[i] was read just before step i (1..@steps)
 * @trips: trip count of step i of the last refill (trips[0]: the step
 *	before it), so delta ticks[i] - ticks[i - 1] timed step i - 1
 * @steps: timer reads per refill
 * @low: low bytes of the last refill's deltas i = 2..@steps (the delta
 *	i = 1 spans the refill boundary and its health checks: excluded)
 * @raw: residual samples of the same deltas, @raw_count of them (0 until
 *	@ref is frozen at the end of the warm-up)
 * @raw_count: samples in @raw, @steps - 1
 * @ref: low byte of the reference (median) delta per key
 * @ref_ready: @ref is frozen; the residual tests run
 * @ref_buf: warm-up deltas, packed (key << 56 | delta), a ring; NULL
 *	outside the warm-up
 * @ref_len: entries of @ref_buf filled
 * @ref_pos: next slot of @ref_buf to write
 * @record: collector_config.record
 * @health: RCT and APT over the residual samples
 * @period: periodicity check over the low bytes of the raw deltas
 * @raw_fail: HEALTH_FAIL_* and COLLECTOR_FAIL_PERIOD bits seen since init
 *	(sticky)
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
	uint8_t *trips;
	size_t steps;
	uint8_t *low;
	uint8_t *raw;
	size_t raw_count;
	uint8_t ref[COLLECTOR_KEYS];
	bool ref_ready;
	uint64_t *ref_buf;
	size_t ref_len;
	size_t ref_pos;
	bool record;
	struct health health;
	struct period period;
	unsigned int raw_fail;
	uint64_t refills;
	uint64_t discarded;
};

int collector_init(struct collector *c, const struct collector_config *cfg);
int collector_refill(struct collector *c);
int collector_fill(struct collector *c, void *buf, size_t len);
int collector_record(struct collector *c, uint8_t *out, size_t n);
void collector_free(struct collector *c);

#endif /* HAVEGE_COLLECTOR_H */
