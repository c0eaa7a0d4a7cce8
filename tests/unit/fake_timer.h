/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_timer.h: a test double for struct timer_ops (helper/timer.h).
 *
 * One struct fake_timer is the ctx of fake_timer_ops.  Its kind decides
 * what read() returns:
 *   JITTER    a counter advancing by 20 + (0..255) per read, the steps
 *             from a seeded xorshift: "a working timer", reproducible
 *   CONSTANT  always the same value (a stuck timer)
 *   COARSE    JITTER with the low coarse_shift bits cleared (a timer
 *             whose tick is much longer than one collector step)
 *   PERIODIC  a counter whose steps cycle through `period` different
 *             values (a timer beating against the loop)
 * bad_after turns any kind into CONSTANT after that many reads (0: never),
 * for a timer that breaks while running; probe_err is what probe returns.
 */
#ifndef HAVEGE_FAKE_TIMER_H
#define HAVEGE_FAKE_TIMER_H

#include <stdint.h>
#include <string.h>

#include "timer.h"

enum fake_timer_kind {
	FAKE_TIMER_JITTER,
	FAKE_TIMER_CONSTANT,
	FAKE_TIMER_COARSE,
	FAKE_TIMER_PERIODIC,
};

struct fake_timer {
	enum fake_timer_kind kind;
	int probe_err;
	uint64_t now;
	uint64_t rng;
	unsigned int period;
	unsigned int coarse_shift;
	uint64_t bad_after;
	uint64_t reads;
	uint64_t probes;
};

static inline uint64_t fake_timer_xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static inline void fake_timer_init(struct fake_timer *ft,
				   enum fake_timer_kind kind, uint64_t seed)
{
	memset(ft, 0, sizeof(*ft));
	ft->kind = kind;
	ft->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
	ft->now = 1000000;
	ft->period = 2;
	ft->coarse_shift = 12;
}

static inline int fake_timer_probe(void *ctx)
{
	struct fake_timer *ft = ctx;

	ft->probes++;
	return ft->probe_err;
}

/* Step i of a periodic timer: period distinct values, 37 apart. */
static inline uint64_t fake_timer_period_step(const struct fake_timer *ft)
{
	return 40 + 37 * (ft->reads % ft->period);
}

static inline uint64_t fake_timer_read(void *ctx)
{
	struct fake_timer *ft = ctx;
	enum fake_timer_kind kind = ft->kind;

	ft->reads++;
	if (ft->bad_after && ft->reads > ft->bad_after)
		kind = FAKE_TIMER_CONSTANT;
	switch (kind) {
	case FAKE_TIMER_CONSTANT:
		return ft->now;
	case FAKE_TIMER_PERIODIC:
		ft->now += fake_timer_period_step(ft);
		return ft->now;
	case FAKE_TIMER_COARSE:
		ft->now += 20 + (fake_timer_xorshift(&ft->rng) & 0xff);
		return ft->now & ~((UINT64_C(1) << ft->coarse_shift) - 1);
	case FAKE_TIMER_JITTER:
	default:
		ft->now += 20 + (fake_timer_xorshift(&ft->rng) & 0xff);
		return ft->now;
	}
}

static const struct timer_ops fake_timer_ops = {
	.name = "fake",
	.desc = "test double for the unit tests",
	.probe = fake_timer_probe,
	.read = fake_timer_read,
};

#endif /* HAVEGE_FAKE_TIMER_H */
