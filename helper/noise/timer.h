/* SPDX-License-Identifier: GPL-2.0 */
/*
 * timer.h: high-resolution timer sources for the HAVEGE collector.
 *
 * Every source is a const struct timer_ops.  probe() says whether the
 * source works here (-ENODEV on the wrong architecture or when the CPU
 * lacks the feature, another negative errno when a read fails) and must be
 * called before read().  read() is on the collector's hot path, so it
 * cannot fail: an unreadable timer is caught by probe(), and a timer that
 * reads but does not move is caught by the raw health tests.
 *
 * The test suite supplies its own timer_ops (tests/unit/fake_timer.h)
 * through the same struct, with ctx pointing at its state.
 */
#ifndef HAVEGE_TIMER_H
#define HAVEGE_TIMER_H

#include <stddef.h>
#include <stdint.h>

struct timer_ops {
	const char *name;		/* "tsc", "tscp", "cntvct", "clock" */
	const char *desc;		/* one line for --help and logs */
	int (*probe)(void *ctx);	/* 0, -ENODEV or another -errno */
	uint64_t (*read)(void *ctx);	/* monotonic-ish tick count */
};

/* A probed timer: the ops and the state they were probed with. */
struct timer {
	const struct timer_ops *ops;
	void *ctx;
};

extern const struct timer_ops timer_tsc;
extern const struct timer_ops timer_tscp;
extern const struct timer_ops timer_cntvct;
extern const struct timer_ops timer_clock;

const struct timer_ops *timer_find(const char *name);
const struct timer_ops *timer_by_index(size_t i);
int timer_open(struct timer *t, const struct timer_ops *ops, void *ctx);

static inline uint64_t timer_read(const struct timer *t)
{
	return t->ops->read(t->ctx);
}

#endif /* HAVEGE_TIMER_H */
