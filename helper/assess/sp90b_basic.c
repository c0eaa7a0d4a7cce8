// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_basic.c: NIST SP 800-90B (January 2018) sections 6.3.1-6.3.4, the
 * most common value, collision, Markov and compression estimators.
 *
 * The numerics follow NIST's reference tool (SP800-90B_EntropyAssessment,
 * docs/sp800-90b.md) where the standard leaves a choice: the full z(0.995)
 * (SP90B_Z), the closed form of the collision estimate, the compression
 * estimate's G() in long double with compensated sums and its bisection
 * with the same stopping rules.  The results agree with the tool's to
 * the last few ulps (tests/sp90b-kat.t).
 *
 * Smallest n (below it -EINVAL):
 *   sp90b_mcv          2     (p_u divides by n - 1)
 *   sp90b_collision    6     (two collision times: the deviation needs v >= 2)
 *   sp90b_markov       2     (one transition)
 *   sp90b_compression  6006  (more than d = 1000 blocks of b = 6 bits)
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "sp90b.h"

#define SP90B_COL_MIN_N		6U
#define SP90B_MARKOV_MIN_N	2U
/* 6.3.4: blocks of b = 6 bits, the first d = 1000 blocks fill the dictionary. */
#define SP90B_COMP_B		6U
#define SP90B_COMP_D		1000U
#define SP90B_COMP_MIN_N	(SP90B_COMP_B * (SP90B_COMP_D + 1U))
/* 6.3.4 step 5: the correction factor c of the standard deviation for b = 6. */
#define SP90B_COMP_C		0.5907
/* Bisection: at most one halving per bit of a double's exponent range. */
#define SP90B_BISECT_MAX	1076
/* Values within this many ulps count as equal. */
#define SP90B_ULPS		4U

/* h, with -log2(1) = -0 reported as 0. */
static double sp90b_h(double h)
{
	return h > 0.0 ? h : 0.0;
}

/* True when every symbol is 0 or 1. */
static bool sp90b_binary(const uint8_t *s, size_t n)
{
	uint8_t or = 0;
	size_t i;

	for (i = 0; i < n; i++)
		or |= s[i];
	return or <= 1;
}

/**
 * sp90b_mcv() - most common value estimate (SP 800-90B 6.3.1)
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols, at least 2
 * @k: alphabet size, 1..256
 * @h: min-entropy per symbol: -log2 of the 99 % upper bound of the
 *	most common value's proportion
 *
 * Return: 0, or -EINVAL (n < 2, k out of range, a symbol >= @k).
 */
int sp90b_mcv(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	size_t count[256] = { 0 };
	size_t i, mode = 0;

	if (n < 2 || k < 1 || k > 256)
		return -EINVAL;
	for (i = 0; i < n; i++)
		count[s[i]]++;
	for (i = 0; i < 256; i++) {
		if (count[i] && i >= k)
			return -EINVAL;
		if (count[i] > mode)
			mode = count[i];
	}
	*h = sp90b_h(-log2(sp90b_upper((double)mode / (double)n, n)));
	return 0;
}

/**
 * sp90b_collision() - collision estimate (SP 800-90B 6.3.2)
 * @s: bits (0 or 1)
 * @n: number of bits, at least 6
 * @h: min-entropy per bit
 *
 * Steps 1-7.  A collision time is 2 (two equal bits) or 3 (a collision
 * is certain within three bits); the expected time for P(1) = p is
 * 2 + 2p - 2p^2, so the bisection of step 7 has the closed form
 * p = 1/2 + sqrt(5/4 - X'/2) for the lower confidence bound X' of the
 * mean, 2 <= X' < 2.5; X' >= 2.5 has no solution and gives p = 1/2.
 *
 * Return: 0, or -EINVAL (n < 6, a symbol other than 0 and 1).
 */
int sp90b_collision(const uint8_t *s, size_t n, double *h)
{
	size_t i = 0, v = 0, t, sq = 0;
	double x, sd;

	if (n < SP90B_COL_MIN_N || !sp90b_binary(s, n))
		return -EINVAL;
	/* Step 2: a time ends at the first repeat, at the latest after 3. */
	while (i + 1 < n) {
		if (s[i] == s[i + 1])
			t = 2;
		else if (i + 2 < n)
			t = 3;
		else
			break;
		v++;
		sq += t * t;
		i += t;
	}
	/* Steps 3-4: mean, deviation, lower bound of the mean (i = sum t). */
	x = (double)i / (double)v;
	sd = sqrt(((double)sq - (double)i * x) / (double)(v - 1));
	x -= SP90B_Z * sd / sqrt((double)v);
	if (x < 2.0)
		x = 2.0;
	/* Steps 5-7. */
	*h = x < 2.5 ? sp90b_h(-log2(0.5 + sqrt(1.25 - 0.5 * x))) : 1.0;
	return 0;
}

/* -log2 of one 128-bit path of a two-state chain (6.3.3 step 3). */
static double sp90b_path(double p_first, double p_a, double n_a, double p_b,
			 double n_b)
{
	return -log2(p_first) - n_a * log2(p_a) - n_b * log2(p_b);
}

/**
 * sp90b_markov() - Markov estimate (SP 800-90B 6.3.3)
 * @s: bits (0 or 1)
 * @n: number of bits, at least 2
 * @h: min-entropy per bit
 *
 * Initial probabilities from all @n bits, transition probabilities from
 * the n - 1 transitions; the most likely of the six candidate sequences
 * of 128 bits (step 3) gives p_max and H = min(-log2(p_max) / 128, 1).
 * A sequence that needs a transition never seen is impossible and
 * skipped.
 *
 * Return: 0, or -EINVAL (n < 2, a symbol other than 0 and 1).
 */
int sp90b_markov(const uint8_t *s, size_t n, double *h)
{
	size_t i, c0 = 0, c00 = 0, c10 = 0, c1;
	double p0, p1, p00 = 0.0, p01 = 0.0, p10 = 0.0, p11 = 0.0;
	double hmin = 128.0;

	if (n < SP90B_MARKOV_MIN_N || !sp90b_binary(s, n))
		return -EINVAL;
	for (i = 0; i + 1 < n; i++) {
		if (!s[i]) {
			c0++;
			c00 += !s[i + 1];
		} else {
			c10 += !s[i + 1];
		}
	}
	c1 = n - 1 - c0;
	if (c0) {
		p00 = (double)c00 / (double)c0;
		p01 = 1.0 - p00;
	}
	if (c1) {
		p10 = (double)c10 / (double)c1;
		p11 = 1.0 - p10;
	}
	c0 += !s[n - 1];
	p0 = (double)c0 / (double)n;
	p1 = 1.0 - p0;

	/* 0...0, 0101...01, 011...1, 100...0, 1010...10, 11...1 */
	if (p00 > 0.0)
		hmin = fmin(hmin, sp90b_path(p0, p00, 127.0, 1.0, 0.0));
	if (p01 > 0.0 && p10 > 0.0)
		hmin = fmin(hmin, sp90b_path(p0, p01, 64.0, p10, 63.0));
	if (p01 > 0.0 && p11 > 0.0)
		hmin = fmin(hmin, sp90b_path(p0, p01, 1.0, p11, 126.0));
	if (p10 > 0.0 && p00 > 0.0)
		hmin = fmin(hmin, sp90b_path(p1, p10, 1.0, p00, 126.0));
	if (p10 > 0.0 && p01 > 0.0)
		hmin = fmin(hmin, sp90b_path(p1, p10, 64.0, p01, 63.0));
	if (p11 > 0.0)
		hmin = fmin(hmin, sp90b_path(p1, p11, 127.0, 1.0, 0.0));
	*h = sp90b_h(fmin(hmin / 128.0, 1.0));
	return 0;
}

/* A compensated (Kahan) sum. */
struct sp90b_ksum {
	double sum;
	double err;
};

static void sp90b_ksum_add(struct sp90b_ksum *k, double x)
{
	double y = x - k->err;
	double t = k->sum + y;

	k->err = (t - k->sum) - y;
	k->sum = t;
}

/**
 * struct sp90b_comp - the compression estimate's expected-value function
 * @lg: log2(i) for i = 0..@blocks (index 0 unused)
 * @blocks: number of blocks L
 * @d: dictionary blocks
 */
struct sp90b_comp {
	long double *lg;	/* lg[u] = log2(u), filled up to @filled */
	size_t filled;
	size_t blocks;
	size_t d;
};

/*
 * log2(u) in long double, as NIST's tool, computed on first use: G(z) stops
 * where its terms vanish, a few thousand blocks in, so most of a large
 * table would never be read (and log2l is slow under emulation: the
 * whole table was half of the daemon's start-up estimate in a TCG guest).
 */
static long double sp90b_comp_lg(struct sp90b_comp *c, size_t u)
{
	while (c->filled < u) {
		c->filled++;
		c->lg[c->filled] = log2l((long double)c->filled);
	}
	return c->lg[u];
}

/*
 * G(z) of 6.3.4 step 7:
 *   G(z) = 1/v sum_{t=d+1..L} sum_{u=1..t} log2(u) F(z, t, u)
 * with F = z^2 (1-z)^(u-1) for u < t and z (1-z)^(t-1) for u = t.  With
 * a_u = log2(u) (1-z)^(u-1) and A_j = a_1 + ... + a_(j-1) it is
 *   1/v (z^2 sum_{t=d+1..L} A_t + z (A_(L+1) - A_(d+1))),
 * and sum_{t=d+1..L} A_t = (L-d) A_(d+1) + sum_{u=d+1..L-1} (L-u) a_u.
 * The powers of 1-z are kept in long double; once a term of the double
 * sum is no longer a positive double the rest is dropped (it only
 * shrinks).
 */
static double sp90b_comp_g(struct sp90b_comp *c, double z)
{
	long double q = 1.0L - (long double)z, pw = q, ai, w;
	struct sp90b_ksum a = { 0 }, tail = { 0 };
	size_t l = c->blocks, d = c->d, u;
	bool cut = false;
	double ad1;

	for (u = 2; u <= d; u++) {
		sp90b_ksum_add(&a, (double)(sp90b_comp_lg(c, u) * pw));
		pw *= q;
	}
	ad1 = a.sum;
	for (u = d + 1; u < l; u++) {
		ai = sp90b_comp_lg(c, u) * pw;
		sp90b_ksum_add(&a, (double)ai);
		w = (long double)(l - u) * ai;
		/*
		 * The terms fall geometrically with (1 - z)^u: once one is
		 * below 2^-64 of the sum, the rest (a geometric tail of at
		 * most 1/z such terms, times log2 u) cannot change the double
		 * result.  Without this the sum runs over every block: 87k
		 * long double terms per evaluation at start-up, 0.7 s of the
		 * daemon's start-up under QEMU TCG.
		 */
		if (!((double)w > tail.sum * 0x1p-64)) {
			cut = true;
			break;
		}
		sp90b_ksum_add(&tail, (double)w);
		pw *= q;
	}
	sp90b_ksum_add(&tail, (double)(l - d) * ad1);
	if (!cut)
		sp90b_ksum_add(&a, (double)(sp90b_comp_lg(c, l) * pw));
	return 1.0 / (double)(l - d) * z * (z * tail.sum + (a.sum - ad1));
}

/* Expected mean of log2 distances when the most likely block has P = p. */
static double sp90b_comp_expect(struct sp90b_comp *c, double p)
{
	const double others = (double)((1U << SP90B_COMP_B) - 1U);

	return sp90b_comp_g(c, p) + others * sp90b_comp_g(c, (1.0 - p) / others);
}

/*
 * a and b equal within rounding: both zero-ish and within the smallest
 * normal double of each other, or within a relative DBL_EPSILON, or at
 * most SP90B_ULPS representable doubles apart (same sign).
 */
static bool sp90b_close(double a, double b)
{
	double lo = fmin(fabs(a), fabs(b)), hi = fmax(fabs(a), fabs(b));
	double diff = fabs(a - b);
	union { double d; uint64_t u; } x = { .d = lo }, y = { .d = hi };

	if (isnan(a) || isnan(b))
		return false;
	if (a == b)
		return true;
	if (isinf(a) || isinf(b))
		return false;
	if (lo < DBL_MIN || diff < DBL_MIN || isinf(diff) ||
	    hi * DBL_EPSILON < DBL_MIN)
		return diff <= DBL_MIN;
	if (diff <= hi * DBL_EPSILON)
		return true;
	if (signbit(a) != signbit(b))
		return false;
	return y.u - x.u <= SP90B_ULPS;
}

/* x within the closed interval spanned by a and b (either order). */
static bool sp90b_within(double x, double a, double b)
{
	return x >= fmin(a, b) && x <= fmax(a, b);
}

/*
 * 6.3.4 step 7: bisect [2^-b, 1] for the p whose expected value is x,
 * the expected value falling as p grows.  Returns 2^-b (full entropy)
 * when there is no solution or the search stops making sense; when the
 * interval can no longer be halved it settles on its upper end.
 */
static double sp90b_comp_solve(struct sp90b_comp *c, double x)
{
	const double dom_lo = 1.0 / (double)(1U << SP90B_COMP_B);
	double lo = dom_lo, hi = 1.0, v_lo = INFINITY, v_hi = -INFINITY;
	double p, last, v;
	int j;

	if (!(sp90b_comp_expect(c, dom_lo) > x))
		return dom_lo;
	p = (lo + hi) / 2.0;
	v = sp90b_comp_expect(c, p);
	for (j = 0; j < SP90B_BISECT_MAX; j++) {
		if (sp90b_close(v, x))
			break;
		if (x < v) {
			lo = p;
			v_lo = v;
		} else {
			hi = p;
			v_hi = v;
		}
		if (lo >= hi)
			return fmin(fmax(lo, hi), 1.0);
		if (!sp90b_within(x, v_lo, v_hi))
			return dom_lo;
		last = p;
		p = (lo + hi) / 2.0;
		if (!(p > lo && p < hi) || last == p)
			return hi;
		v = sp90b_comp_expect(c, p);
		if (!sp90b_within(v, v_lo, v_hi))
			return hi;
	}
	return p;
}

/* The block of b bits starting at bit i*b, first bit most significant. */
static unsigned int sp90b_comp_block(const uint8_t *s, size_t i)
{
	unsigned int blk = 0, j;

	for (j = 0; j < SP90B_COMP_B; j++)
		blk = blk << 1 | (s[i * SP90B_COMP_B + j] & 1U);
	return blk;
}

/**
 * sp90b_compression() - compression estimate (SP 800-90B 6.3.4)
 * @s: bits (0 or 1)
 * @n: number of bits, at least 6006 (more than 1000 blocks of 6 bits)
 * @h: min-entropy per bit
 *
 * Maurer-style: the first d = 1000 blocks of b = 6 bits fill a dictionary
 * of last positions, the other v = L - d blocks each contribute the log2
 * of the distance to the previous occurrence of the same block.  The
 * lower 99 % bound of their mean (step 6) is solved for the probability
 * p of the most likely block (step 7), H = -log2(p) / b; no solution
 * gives H = 1.  Trailing bits that do not fill a block are unused.
 *
 * Return: 0, -EINVAL (n < 6006, a symbol other than 0 and 1), -ENOMEM.
 */
int sp90b_compression(const uint8_t *s, size_t n, double *h)
{
	size_t last[1U << SP90B_COMP_B] = { 0 };
	struct sp90b_comp c = { .blocks = n / SP90B_COMP_B, .d = SP90B_COMP_D };
	struct sp90b_ksum sum = { 0 }, sq = { 0 };
	double x, sd, lg, p, v;
	unsigned int blk;
	size_t i;

	if (n < SP90B_COMP_MIN_N || !sp90b_binary(s, n))
		return -EINVAL;
	/* Steps 2-3: dictionary, then the distances (positions from 1). */
	for (i = 0; i < c.d; i++)
		last[sp90b_comp_block(s, i)] = i + 1;
	for (i = c.d; i < c.blocks; i++) {
		blk = sp90b_comp_block(s, i);
		lg = log2((double)(i + 1 - last[blk]));
		sp90b_ksum_add(&sum, lg);
		sp90b_ksum_add(&sq, lg * lg);
		last[blk] = i + 1;
	}
	/* Steps 4-6: mean, c times the deviation, lower bound of the mean. */
	v = (double)(c.blocks - c.d);
	x = sum.sum / v;
	sd = SP90B_COMP_C * sqrt(sq.sum / (v - 1.0) - x * x);
	x -= SP90B_Z * sd / sqrt(v);

	c.lg = malloc((c.blocks + 1) * sizeof(*c.lg));
	if (!c.lg)
		return -ENOMEM;
	c.lg[0] = 0.0L;
	p = sp90b_comp_solve(&c, x);
	free(c.lg);
	*h = p > 1.0 / (double)(1U << SP90B_COMP_B) ?
	     sp90b_h(-log2(p) / (double)SP90B_COMP_B) : 1.0;
	return 0;
}
