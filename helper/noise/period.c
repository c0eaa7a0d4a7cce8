// SPDX-License-Identifier: GPL-2.0
/*
 * period.c: periodicity check on raw noise samples (period.h), a
 * developer-defined health test (SP 800-90B section 4.5).
 *
 * Cutoff.  Under the claim that every sample has min-entropy at least H
 * given everything before it, P[x_i == v | past] <= 2^-H for any v, in
 * particular for v = x_{i-p}.  So a run of C consecutive matches at one
 * lag, starting at a given sample, has probability at most 2^-(H * C).
 * Taking the union over the PERIOD_MAX_LAG = 2^7 lags, a false alarm per
 * sample has probability at most 2^(7 - H * C), which is at most the
 * alpha = 2^-20 of SP 800-90B 4.4 when
 *	C = ceil((20 + log2(128)) / H) = ceil(27 / H)  matches,
 * i.e. 1 + ceil(27 / H) samples counting the first one, the form of the
 * RCT's cutoff (4.4.1); lag 1 is the RCT with 27 in place of 20.
 * H = 0.5 gives C = 54.
 *
 * Work.  From every position i of a run of C matches at lag p but its
 * last L - 1, a block of L matches starts: x[i..i+L) == x[i-p..i-p+L).
 * So the check compares such blocks only at positions i = S, 2S, ... with
 * stride S = C - L + 1 (every run of C matches contains one of them with
 * its whole block inside), L = 8 bytes
 * as one 64-bit compare, and measures the exact run (backwards and
 * forwards, up to C) only where a block matched.  A working timer's bytes
 * match a block by chance with probability ~ q^8 (q = P[x_i == x_{i-p}],
 * 0.3 or less), so that is 128 predictable compares per S samples, less
 * than 3 per sample at H = 0.5 (C = 54, S = 47).  For C < 16 (H > 1.6) the
 * block is one byte and S = C.  The result is exactly that of a run
 * counter per lag: fail if and only if some lag has a run of at least C
 * matches.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "period.h"

/* SP 800-90B 4.4: alpha = 2^-20; plus log2(PERIOD_MAX_LAG) for the union. */
#define PERIOD_ALPHA_LOG2	20
#define PERIOD_LAGS_LOG2	7
#define PERIOD_H_MAX		20.0
#define PERIOD_BLOCK		8U	/* bytes compared at once */

/**
 * period_cutoff() - run length that fails the periodicity check
 * @h: claimed min-entropy per sample in bits, 0 < h <= 20
 * @cutoff: result, ceil(27 / h) matches (see the top of period.c)
 *
 * A quotient within a relative 1e-9 of an integer is taken as that
 * integer, as for the RCT (health.c): H is often given in decimal, which
 * binary floating point holds only approximately.
 *
 * Return: 0, or -EINVAL if @h is out of range.
 */
int period_cutoff(double h, uint32_t *cutoff)
{
	double q, r;

	if (!(h > 0.0 && h <= PERIOD_H_MAX))
		return -EINVAL;
	q = (PERIOD_ALPHA_LOG2 + PERIOD_LAGS_LOG2) / h;
	r = nearbyint(q);
	if (fabs(q - r) > 1e-9 * q)
		r = ceil(q);
	*cutoff = (uint32_t)r;
	return 0;
}

/**
 * period_init() - set up the check for a claimed min-entropy
 * @pd: state to initialise
 * @h: claimed min-entropy per sample, in bits
 *
 * Return: 0, or -EINVAL for an impossible @h.
 */
int period_init(struct period *pd, double h)
{
	uint32_t c;
	int r;

	r = period_cutoff(h, &c);
	if (r < 0)
		return r;
	memset(pd, 0, sizeof(*pd));
	pd->cutoff = c;
	return 0;
}

/* Length of the run of matches at lag @p through position @i, up to @cap. */
static uint32_t period_run(const uint8_t *x, size_t n, size_t i, size_t p,
			   uint32_t cap)
{
	uint32_t run = 1;
	size_t k;

	for (k = i + 1; k < n && run < cap && x[k] == x[k - p]; k++)
		run++;
	for (k = i; k > p && run < cap && x[k - 1] == x[k - 1 - p]; k--)
		run++;
	return run;
}

/* Do the L bytes at @a and @b agree? */
static inline bool period_block_eq(const uint8_t *a, const uint8_t *b,
				   size_t len)
{
	uint64_t u, v;

	if (len == 1)
		return *a == *b;
	memcpy(&u, a, sizeof(u));
	memcpy(&v, b, sizeof(v));
	return u == v;
}

/**
 * period_check() - look for a periodic stretch in one block of samples
 * @pd: state
 * @x: samples
 * @n: how many; runs do not continue from one call into the next
 *
 * Return: 0, or 1 if some lag 1..PERIOD_MAX_LAG has a run of at least
 * @pd->cutoff matches x_i == x_{i-p} (counted once per call in
 * @pd->failures).
 */
int period_check(struct period *pd, const uint8_t *x, size_t n)
{
	size_t len = pd->cutoff >= 2 * PERIOD_BLOCK ? PERIOD_BLOCK : 1;
	size_t stride = pd->cutoff - len + 1;
	size_t i, p;
	uint32_t run;
	int fail = 0;

	pd->samples += n;
	for (i = stride; i + len <= n; i += stride) {
		for (p = 1; p <= PERIOD_MAX_LAG && p <= i; p++) {
			if (!period_block_eq(x + i, x + i - p, len))
				continue;
			run = period_run(x, n, i, p, pd->cutoff);
			if (run > pd->max_run) {
				pd->max_run = run;
				pd->max_lag = (uint32_t)p;
			}
			if (run >= pd->cutoff)
				fail = 1;
		}
	}
	if (fail)
		pd->failures++;
	return fail;
}
