/* SPDX-License-Identifier: GPL-2.0 */
/*
 * period.h: a periodicity check on raw noise samples, a developer-defined
 * health test in the sense of SP 800-90B section 4.5.
 *
 * For every lag p in 1..PERIOD_MAX_LAG it looks for runs of consecutive
 * samples x_i with x_i == x_{i-p}.  A source that repeats itself with any
 * period up to PERIOD_MAX_LAG (a timer beating against the collector's
 * loop, a stuck timer: p = 1) makes such a run as long as the data, while
 * a source with the claimed min-entropy H per sample ends every run after
 * about 1 / (1 - 2^-H) samples.  The cutoff follows from H and the same
 * false-alarm rate as the SP 800-90B 4.4 tests (period.c derives it).
 *
 * Pure function of its input: no I/O, no allocation, no globals.
 */
#ifndef HAVEGE_PERIOD_H
#define HAVEGE_PERIOD_H

#include <stddef.h>
#include <stdint.h>

/*
 * Lags 1..128 are checked.  Beyond a timer beating with the walk at any
 * period up to 128, that covers a 24 MHz counter read in ns (a tick is
 * 125/3 ns) with a deterministic step of a whole number of ns: its deltas
 * repeat after 125 reads at most (125 steps = 3 * step ticks exactly).
 */
#define PERIOD_MAX_LAG	128U

/**
 * struct period - state and counters of the periodicity check
 * @cutoff: a run of this many matches x_i == x_{i-p} at one lag fails
 * @max_run: longest run measured (up to @cutoff): exact once a run
 *	reaches @cutoff, below that only runs through a checked block of
 *	period.c are measured, so it is a lower bound
 * @max_lag: the lag of @max_run
 * @samples: samples checked
 * @failures: blocks (period_check() calls) that failed
 */
struct period {
	uint32_t cutoff;
	uint32_t max_run;
	uint32_t max_lag;
	uint64_t samples;
	uint64_t failures;
};

int period_cutoff(double h, uint32_t *cutoff);
int period_init(struct period *pd, double h);
int period_check(struct period *pd, const uint8_t *x, size_t n);

#endif /* HAVEGE_PERIOD_H */
