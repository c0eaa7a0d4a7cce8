/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_timer.h: a test double for struct timer_ops (helper/noise/timer.h).
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
 *   TICKED    a clock read in ns whose counter ticks every tick_ps
 *             picoseconds, while every collector step takes exactly
 *             step_ps (a coarse counter and a deterministic walk)
 *   MODEL     the walk's own arithmetic: each delta is
 *             base + per_trip * n (+ back_edge on the first read of an
 *             unrolled block) + jitter, n being the trip count of the step
 *             just timed, read from the collector `col` (set it before
 *             collector_init()); the jitter is 0 with probability
 *             1 - 2^-jit_rare_log2 and else (xorshift & jit_mask); the
 *             jitter of read r is logged in jit_log[r % jit_len] if set
 * bad_after turns any kind into CONSTANT after that many reads (0: never),
 * for a timer that breaks while running; probe_err is what probe returns.
 */
#ifndef HAVEGE_FAKE_TIMER_H
#define HAVEGE_FAKE_TIMER_H

#include <stdint.h>
#include <string.h>

#include "collector.h"
#include "timer.h"

enum fake_timer_kind {
	FAKE_TIMER_JITTER,
	FAKE_TIMER_CONSTANT,
	FAKE_TIMER_COARSE,
	FAKE_TIMER_PERIODIC,
	FAKE_TIMER_TICKED,
	FAKE_TIMER_MODEL,
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
	/* TICKED */
	uint64_t step_ps;
	uint64_t tick_ps;
	/* MODEL */
	const struct collector *col;
	uint64_t base;
	uint64_t per_trip;
	uint64_t back_edge;
	unsigned int jit_rare_log2;
	uint64_t jit_mask;
	uint8_t *jit_log;
	size_t jit_len;
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
	ft->step_ps = 31000;
	ft->tick_ps = 1000000;
	ft->base = 134;
	ft->per_trip = 21;
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

/*
 * MODEL: the delta ending at this read.  Read 1 is collector_init()'s
 * first; read r >= 2 is read i = (r - 2) % steps + 1 of a refill, and the
 * step it times is step i - 1 (trips[0] is the previous refill's last).
 */
static inline uint64_t fake_timer_model_step(struct fake_timer *ft)
{
	const struct collector *c = ft->col;
	uint64_t d = ft->base, j = 0, x;
	size_t i;

	if (ft->reads >= 2 && c && c->trips) {
		i = (size_t)((ft->reads - 2) % c->steps) + 1;
		d += ft->per_trip * c->trips[i - 1];
		if ((i - 1) % c->unroll == 0)
			d += ft->back_edge;
	}
	x = fake_timer_xorshift(&ft->rng);
	if (ft->jit_mask && !(x >> (64 - ft->jit_rare_log2 - 1) >> 1))
		j = (x >> 8) & ft->jit_mask;
	if (ft->jit_log)
		ft->jit_log[ft->reads % ft->jit_len] = (uint8_t)j;
	return d + j;
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
	case FAKE_TIMER_TICKED:
		ft->now += ft->step_ps;
		return ft->now / ft->tick_ps * ft->tick_ps / 1000;
	case FAKE_TIMER_MODEL:
		ft->now += fake_timer_model_step(ft);
		return ft->now;
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
