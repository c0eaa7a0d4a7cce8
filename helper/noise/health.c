// SPDX-License-Identifier: GPL-2.0
/*
 * health.c - NIST SP 800-90B section 4.4 health tests (RCT and APT) on raw
 * noise samples.  See health.h for the model and the assumption H.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "health.h"

/* SP 800-90B 4.4: false-alarm probability alpha = 2^-20 per sample. */
#define HEALTH_ALPHA_LOG2	20

/* Largest claim accepted: beyond 20 bits the RCT cutoff stays 2. */
#define HEALTH_H_MAX		20.0

/*
 * Repetition count test cutoff, SP 800-90B 4.4.1:
 *   C = 1 + ceil(-log2(alpha) / H) = 1 + ceil(20 / H).
 * 20 / H is often an integer (H = 1, 2, 4, 5, ...) but need not be exact
 * in floating point (20 / 0.8 = 25.000000000000004), so a quotient within
 * a relative 1e-9 of an integer is taken as that integer.
 */

/**
 * health_rct_cutoff() - RCT cutoff for a claimed min-entropy
 * @h: min-entropy per sample, in bits, 0 < h <= 20
 * @cutoff: result, C = 1 + ceil(20 / h)
 *
 * Return: 0, or -EINVAL if @h is out of range.
 */
int health_rct_cutoff(double h, uint32_t *cutoff)
{
	double q, r;

	if (!(h > 0.0 && h <= HEALTH_H_MAX))
		return -EINVAL;
	q = HEALTH_ALPHA_LOG2 / h;
	r = nearbyint(q);
	if (fabs(q - r) > 1e-9 * q)
		r = ceil(q);
	*cutoff = 1U + (uint32_t)r;
	return 0;
}

/*
 * log of the binomial probability P[Bin(n, p) = j], in long double so that
 * the tail sums below keep about 18 significant digits.
 */
static long double health_log_pmf(uint32_t n, uint32_t j, long double lp,
				  long double lq)
{
	return lgammal((long double)n + 1) - lgammal((long double)j + 1) -
	       lgammal((long double)(n - j) + 1) + (long double)j * lp +
	       (long double)(n - j) * lq;
}

/*
 * CRITBINOM(n, p, 1 - alpha): the smallest k with P[Bin(n, p) <= k] >=
 * 1 - alpha, i.e. with the upper tail P[X > k] <= alpha.  The tail is summed
 * from the top, where the terms are smallest, so no cancellation occurs.
 */
static uint32_t health_critbinom(uint32_t n, long double p)
{
	long double alpha = ldexpl(1.0L, -HEALTH_ALPHA_LOG2);
	long double lp = logl(p), lq = log1pl(-p);
	long double tail = 0.0L;
	uint32_t k;

	for (k = n; k > 0; k--) {
		tail += expl(health_log_pmf(n, k, lp, lq));
		if (tail > alpha)
			return k;
	}
	return 0;
}

/**
 * health_apt_cutoff() - APT cutoff for a claimed min-entropy
 * @h: min-entropy per sample in bits: 0 < h <= 1 if @binary, else <= 20
 * @binary: samples are bits (window 1024) rather than values (window 512)
 * @cutoff: result, C = 1 + CRITBINOM(W, 2^-h, 1 - 2^-20) (SP 800-90B 4.4.2)
 *
 * 2^-h is the largest probability any one sample value may have under the
 * claim; C is the count of the window's first value that such a source
 * exceeds with probability at most 2^-20.  Reproduces SP 800-90B Table 2
 * (589 for binary H = 1; 311, 177, 62, 13 for H = 1, 2, 4, 8).
 *
 * Return: 0, or -EINVAL if @h is out of range.
 */
int health_apt_cutoff(double h, bool binary, uint32_t *cutoff)
{
	uint32_t w = binary ? HEALTH_APT_WINDOW_BINARY : HEALTH_APT_WINDOW;

	if (!(h > 0.0 && h <= (binary ? 1.0 : HEALTH_H_MAX)))
		return -EINVAL;
	*cutoff = 1U + health_critbinom(w, powl(2.0L, -(long double)h));
	return 0;
}

/**
 * health_init() - set up both tests for one sample stream
 * @hl: state to initialise
 * @h: claimed min-entropy per sample, in bits (HEALTH_H_DEFAULT suggested)
 * @binary: samples are single bits
 * @startup: start-up test length in samples; raised to HEALTH_STARTUP_MIN
 *	and rounded up to whole APT windows
 *
 * Return: 0, or -EINVAL for an impossible @h.
 */
int health_init(struct health *hl, double h, bool binary, uint32_t startup)
{
	uint32_t rct, apt, w;
	int ret;

	ret = health_rct_cutoff(h, &rct);
	if (ret < 0)
		return ret;
	ret = health_apt_cutoff(h, binary, &apt);
	if (ret < 0)
		return ret;
	w = binary ? HEALTH_APT_WINDOW_BINARY : HEALTH_APT_WINDOW;
	if (startup < HEALTH_STARTUP_MIN)
		startup = HEALTH_STARTUP_MIN;
	if (startup > UINT32_MAX - w)
		return -EINVAL;
	memset(hl, 0, sizeof(*hl));
	hl->h = h;
	hl->binary = binary;
	hl->rct_cutoff = rct;
	hl->apt_cutoff = apt;
	hl->apt_window = w;
	hl->startup_len = (startup + w - 1) / w * w;
	health_reset(hl);
	return 0;
}

/**
 * health_reset() - forget every sample and restart the start-up test
 * @hl: initialised state; the cutoffs and alarm counters are kept
 */
void health_reset(struct health *hl)
{
	hl->state = HEALTH_STARTUP;
	hl->rct_count = 0;
	hl->apt_seen = 0;
	hl->apt_count = 0;
	hl->samples = 0;
}

/* SP 800-90B 4.4.1: B counts the current run of equal samples. */
static unsigned int health_rct_insert(struct health *hl, uint64_t sample)
{
	if (hl->rct_count && sample == hl->rct_last) {
		hl->rct_count++;
	} else {
		hl->rct_last = sample;
		hl->rct_count = 1;
	}
	if (hl->rct_count > hl->rct_max)
		hl->rct_max = hl->rct_count;
	if (hl->rct_count < hl->rct_cutoff)
		return 0;
	/* Restart the count so that a stuck source keeps alarming. */
	hl->rct_failures++;
	hl->rct_count = 1;
	return HEALTH_FAIL_RCT;
}

/* SP 800-90B 4.4.2: non-overlapping windows, A = first sample of each. */
static unsigned int health_apt_insert(struct health *hl, uint64_t sample)
{
	unsigned int fail = 0;

	if (!hl->apt_seen) {
		hl->apt_first = sample;
		hl->apt_count = 1;
	} else if (sample == hl->apt_first) {
		hl->apt_count++;
		/* "==" so that one window raises at most one alarm. */
		if (hl->apt_count == hl->apt_cutoff) {
			hl->apt_failures++;
			fail = HEALTH_FAIL_APT;
		}
	}
	if (++hl->apt_seen == hl->apt_window) {
		if (hl->apt_count > hl->apt_max)
			hl->apt_max = hl->apt_count;
		hl->apt_seen = 0;
	}
	return fail;
}

/**
 * health_insert() - feed one raw sample to both tests
 * @hl: state
 * @sample: the sample (for binary streams, 0 or 1)
 *
 * A failure during the start-up test is permanent (HEALTH_FAILED until
 * health_reset()); afterwards each alarm is only reported, and the caller
 * decides (SP 800-90B 4.3 lets a single alarm be treated as intermittent).
 *
 * Return: 0, or the HEALTH_FAIL_* bits of the tests that fired now.
 */
unsigned int health_insert(struct health *hl, uint64_t sample)
{
	unsigned int fail;

	fail = health_rct_insert(hl, sample) | health_apt_insert(hl, sample);
	hl->samples++;
	if (hl->state == HEALTH_STARTUP) {
		if (fail)
			hl->state = HEALTH_FAILED;
		else if (hl->samples >= hl->startup_len)
			hl->state = HEALTH_OK;
	}
	return fail;
}

/*
 * health_insert_bytes() on samples that all fall into the current APT
 * window: RCT per sample, the APT count summed, without a data-dependent
 * branch (about half of the samples repeat the one before, and a branch
 * on that would be mispredicted every other sample).
 */
static unsigned int health_insert_window(struct health *hl, const uint8_t *s,
					 size_t n)
{
	uint64_t last = hl->rct_last, first;
	uint32_t run = hl->rct_count, rmax = hl->rct_max;
	uint32_t rcut = hl->rct_cutoff, before, count;
	unsigned int fail = 0;
	size_t i;

	if (!hl->apt_seen) {
		hl->apt_first = s[0];
		hl->apt_count = 0;	/* s[0] counts itself below */
	}
	first = hl->apt_first;
	before = hl->apt_count;
	count = before;
	for (i = 0; i < n; i++) {
		/* SP 800-90B 4.4.1, as health_rct_insert() */
		run = (run && s[i] == last) ? run + 1U : 1U;
		last = s[i];
		rmax = run > rmax ? run : rmax;
		if (__builtin_expect(run >= rcut, 0)) {
			hl->rct_failures++;
			run = 1;
			fail |= HEALTH_FAIL_RCT;
		}
		/* SP 800-90B 4.4.2, as health_apt_insert() */
		count += (uint32_t)(s[i] == first);
	}
	/* The APT fires once per window, when the count reaches the cutoff. */
	if (before < hl->apt_cutoff && count >= hl->apt_cutoff) {
		hl->apt_failures++;
		fail |= HEALTH_FAIL_APT;
	}
	hl->rct_last = last;
	hl->rct_count = run;
	hl->rct_max = rmax;
	hl->apt_count = count;
	hl->apt_seen += (uint32_t)n;
	if (hl->apt_seen == hl->apt_window) {
		if (count > hl->apt_max)
			hl->apt_max = count;
		hl->apt_seen = 0;
	}
	return fail;
}

/**
 * health_insert_bytes() - feed a block of one-byte samples to both tests
 * @hl: state
 * @s: samples
 * @n: how many
 *
 * The same as health_insert() on each of them in turn (counters, maxima
 * and start-up state alike, as seen between calls), without a call or a
 * data-dependent branch per sample: the collector feeds one sample per
 * timer delta.
 *
 * Return: 0, or the HEALTH_FAIL_* bits of every test that fired.
 */
unsigned int health_insert_bytes(struct health *hl, const uint8_t *s,
				 size_t n)
{
	unsigned int fail = 0, f;
	size_t k;

	while (n) {
		k = hl->apt_window - hl->apt_seen;
		if (k > n)
			k = n;
		f = health_insert_window(hl, s, k);
		hl->samples += k;
		/* Start-up ends on a window boundary (health_init()). */
		if (hl->state == HEALTH_STARTUP && f)
			hl->state = HEALTH_FAILED;
		else if (hl->state == HEALTH_STARTUP &&
			 hl->samples >= hl->startup_len)
			hl->state = HEALTH_OK;
		fail |= f;
		s += k;
		n -= k;
	}
	return fail;
}

/**
 * health_state() - where the start-up test stands
 * @hl: state
 *
 * Return: HEALTH_STARTUP until health_init()'s start-up length of samples
 * passed, then HEALTH_OK; HEALTH_FAILED if a test fired before that.
 */
enum health_state health_state(const struct health *hl)
{
	return hl->state;
}
