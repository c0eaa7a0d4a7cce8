// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_predict.c: NIST SP 800-90B section 6.3.7 (MultiMCW) and 6.3.8
 * (lag) prediction estimators, and the last steps all four predictors
 * share (6.3.7 steps 9-10: P_global', P_local, the min-entropy).
 *
 * Numerics follow NIST's reference tool (SP800-90B_EntropyAssessment,
 * cpp/shared/utils.h and cpp/non_iid/): the same z, the same fixed-point
 * iteration in long double for P_local's equation and the same bisection
 * with the same stopping rules, so the results agree to the last bits.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b.h"
#include "sp90b_impl.h"

/*
 * Iteration limits of NIST's tool (cpp/shared/utils.h): the fixed point of
 * sp90b_predict_fn() takes at most 66 steps, the bisection for P_local at
 * most 1076 (enough to pin down any double in [0, 1]).
 */
#define PREDICT_FN_STEPS	66
#define PREDICT_BISECT_STEPS	1076

/* SP 800-90B 6.3.7 step 10: P_local is where P(no run of r) = 0.99. */
#define PREDICT_LOCAL_LEVEL	0.99

/**
 * sp90b_impl_check() - validate a symbol sequence
 * @s: symbols
 * @n: count, 1..SP90B_IMPL_MAX_N
 * @k: alphabet size, 1..256
 *
 * Return: 0, or -EINVAL if @s is NULL, @n or @k out of range, or a symbol
 * is not below @k.
 */
int sp90b_impl_check(const uint8_t *s, size_t n, unsigned int k)
{
	uint8_t hi = 0;

	if (!s || n < 1 || n > SP90B_IMPL_MAX_N || k < 1 || k > 256)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		hi = s[i] > hi ? s[i] : hi;
	return hi < k ? 0 : -EINVAL;
}

/**
 * sp90b_predict_fn() - log of the probability of no success run of r
 * @p: success probability, 0 < p < 1
 * @r: run length
 * @n: trials minus one
 *
 * Section 6.3.7 step 10 (and 6.3.8-6.3.10): the probability of no run of
 * r successes in n + 1 trials of success probability p is
 * (1 - p x) / ((r + 1 - r x) q) / x^(n + 1), q = 1 - p, x the root of
 * x = 1 + q p^r x^(r + 1) near 1, found by fixed-point iteration (at most
 * 66 steps, until it moves by less than LDBL_EPSILON relative, as NIST's
 * tool).
 *
 * Return: the natural logarithm of that probability.
 */
double sp90b_predict_fn(long double p, size_t r, size_t n)
{
	long double q = 1.0L - p, x = 1.0L, xlast = 0.0L;
	long double lr = (long double)r;

	for (int i = 0; i < PREDICT_FN_STEPS && x - xlast > LDBL_EPSILON * x;
	     i++) {
		xlast = x;
		x = 1.0L + q * powl(p, lr) * powl(x, lr + 1.0L);
	}
	return (double)(logl(1.0L - p * x) - logl((lr + 1.0L - lr * x) * q) -
			((long double)n + 1.0L) * logl(x));
}

/*
 * Equality for the bisection as NIST's tool tests it: equal, within
 * DBL_EPSILON relative (DBL_MIN absolute near zero), or within 4 ulp.
 */
static int predict_close(double a, double b)
{
	double fa, fb, diff;
	uint64_t ia, ib;

	if (isnan(a) || isnan(b))
		return 0;
	if (!isless(a, b) && !isgreater(a, b))
		return 1;
	if (isinf(a) || isinf(b))
		return 0;
	fa = fabs(a);
	fb = fabs(b);
	if (fa > fb) {
		double t = a;

		a = b;
		b = t;
		fa = fabs(a);
		fb = fabs(b);
	}
	diff = fabs(b - a);
	if (fa < DBL_MIN || diff < DBL_MIN || isinf(diff) ||
	    fb * DBL_EPSILON < DBL_MIN)
		return diff <= DBL_MIN;
	if (diff <= fb * DBL_EPSILON)
		return 1;
	if (signbit(a) != signbit(b))
		return 0;
	memcpy(&ia, &fa, sizeof(ia));
	memcpy(&ib, &fb, sizeof(ib));
	return ib - ia <= 4U;
}

/* x within the closed interval spanned by a and b, in either order. */
static int predict_within(double x, double a, double b)
{
	return a > b ? x >= b && x <= a : x >= a && x <= b;
}

/**
 * sp90b_predict_local() - P_local of section 6.3.7 step 10
 * @max_run: the longest run of correct predictions (r - 1)
 * @n: the number of predictions
 * @p_low: lower end of the search (P_global' or 1/k)
 *
 * Bisection on [@p_low, 1] for the p at which the probability of no run of
 * r = @max_run + 1 correct predictions is 0.99.
 *
 * Return: P_local.
 */
double sp90b_predict_local(size_t max_run, size_t n, double p_low)
{
	const double target = log(PREDICT_LOCAL_LEVEL);
	double lo = p_low, hi = 1.0, vlo = INFINITY, vhi = -INFINITY;
	double p = (lo + hi) / 2.0, val, last;

	val = sp90b_predict_fn(p, max_run + 1U, n);
	for (int it = 0; it < PREDICT_BISECT_STEPS; it++) {
		if (predict_close(val, target))
			break;
		if (target < val) {
			lo = p;
			vlo = val;
		} else {
			hi = p;
			vhi = val;
		}
		if (lo >= hi)
			return fmin(fmax(lo, hi), 1.0);
		if (!predict_within(lo, p_low, 1.0) ||
		    !predict_within(hi, p_low, 1.0) ||
		    !predict_within(target, vlo, vhi))
			return 1.0;
		last = p;
		p = (lo + hi) / 2.0;
		if (!(p > lo && p < hi) || !(last < p || last > p))
			return hi;	/* no representable midpoint left */
		val = sp90b_predict_fn(p, max_run + 1U, n);
		if (!predict_within(val, vlo, vhi))
			return hi;	/* not monotonic here */
	}
	return p;
}

/**
 * sp90b_predict_estimate() - min-entropy from prediction results
 * @c: correct predictions
 * @n: predictions made
 * @max_run: longest run of correct predictions
 * @k: alphabet size
 *
 * Section 6.3.7 steps 9-10: P_global' is the 99 % upper bound of c / n
 * (1 - 0.01^(1/n) when c = 0), P_local the solution of the run equation;
 * the estimate is -log2(max(1/k, P_global', P_local)), P_local only being
 * computed when it can raise the maximum.
 *
 * Return: min-entropy per symbol, bits.
 */
double sp90b_predict_estimate(size_t c, size_t n, size_t max_run,
			      unsigned int k)
{
	double p_glob = (double)c / (double)n, p_max = 1.0 / (double)k;

	if (p_glob > 0.0)
		p_glob = sp90b_upper(p_glob, n);
	else
		p_glob = 1.0 - pow(0.01, 1.0 / (double)n);
	p_max = fmax(p_max, p_glob);
	if (p_max < 1.0 &&
	    sp90b_predict_fn(p_max, max_run + 1U, n) > log(PREDICT_LOCAL_LEVEL))
		p_max = fmax(p_max, sp90b_predict_local(max_run, n, p_max));
	return -log2(p_max);
}

/* Run statistics of the predictions of one estimator. */
struct predict_tally {
	size_t correct;
	size_t run;
	size_t max_run;
};

static inline void predict_tally_add(struct predict_tally *t, int hit)
{
	if (hit) {
		t->correct++;
		if (++t->run > t->max_run)
			t->max_run = t->run;
	} else {
		t->run = 0;
	}
}

/* SP 800-90B 6.3.7 step 1: the four window sizes. */
#define MCW_WINDOWS	4U
static const size_t mcw_w[MCW_WINDOWS] = { 63, 255, 1023, 4095 };

/* One MultiMCW subpredictor: the most common value of its window. */
struct mcw_win {
	uint32_t cnt[256];
	size_t last[256];	/* latest position of each symbol */
	uint32_t top;		/* count of @freq */
	uint8_t freq;		/* the prediction */
};

/*
 * Slide window w from s[i - W .. i - 1] to s[i - W + 1 .. i].  The
 * prediction is the most common value, ties going to the one that occurred
 * most recently (6.3.7 step 3).  When the symbol leaving the window was the
 * prediction, all symbols are searched again.
 */
static void mcw_slide(struct mcw_win *w, const uint8_t *s, size_t i,
		      size_t width, unsigned int k)
{
	uint8_t out = s[i - width], in = s[i];
	size_t pos;

	w->cnt[out]--;
	w->cnt[in]++;
	if (k == 2) {
		/* Odd windows hold no ties: the majority, without branches. */
		w->freq = (uint8_t)(w->cnt[1] > w->cnt[0]);
		return;
	}
	w->last[in] = i;
	if (out != w->freq) {
		if (w->cnt[in] >= w->top) {
			w->top = w->cnt[in];
			w->freq = in;
		}
		return;
	}
	w->top--;
	pos = i - width;
	for (unsigned int y = 0; y < k; y++) {
		if (w->cnt[y] > w->top ||
		    (w->cnt[y] == w->top && w->last[y] >= pos)) {
			w->top = w->cnt[y];
			w->freq = (uint8_t)y;
			pos = w->last[y];
		}
	}
}

/**
 * sp90b_multi_mcw() - MultiMCW prediction estimate (section 6.3.7)
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols, at least 4096 (the largest window plus one)
 * @k: alphabet size, 1..256
 * @h: min-entropy per symbol
 *
 * Four most-common-in-window subpredictors (windows 63, 255, 1023, 4095);
 * the one with the most correct predictions so far (ties: the larger
 * window) predicts; N = n - 63 predictions.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_multi_mcw(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	struct predict_tally t = { 0 };
	size_t score[MCW_WINDOWS] = { 0 };
	unsigned int win = 0;
	struct mcw_win *w;
	int err;

	if (!h || n < mcw_w[MCW_WINDOWS - 1] + 1U)
		return -EINVAL;
	err = sp90b_impl_check(s, n, k);
	if (err)
		return err;
	w = calloc(MCW_WINDOWS, sizeof(*w));
	if (!w)
		return -ENOMEM;
	/* Step 2: fill every window from the start of the sequence. */
	for (size_t i = 0; i < mcw_w[MCW_WINDOWS - 1]; i++) {
		for (unsigned int j = 0; j < MCW_WINDOWS; j++) {
			if (i >= mcw_w[j])
				continue;
			if (++w[j].cnt[s[i]] >= w[j].top) {
				w[j].top = w[j].cnt[s[i]];
				w[j].freq = s[i];
			}
			w[j].last[s[i]] = i;
		}
	}
	/* Steps 3-8. */
	for (size_t i = mcw_w[0]; i < n; i++) {
		predict_tally_add(&t, w[win].freq == s[i]);
		for (unsigned int j = 0; j < MCW_WINDOWS; j++) {
			if (i >= mcw_w[j] && w[j].freq == s[i] &&
			    ++score[j] >= score[win])
				win = j;
		}
		for (unsigned int j = 0; j < MCW_WINDOWS; j++)
			if (i >= mcw_w[j])
				mcw_slide(&w[j], s, i, mcw_w[j], k);
	}
	free(w);
	*h = sp90b_predict_estimate(t.correct, n - mcw_w[0], t.max_run, k);
	return 0;
}

/* SP 800-90B 6.3.8 step 1: D = 128 lags. */
#define LAG_D		128U
#define LAG_PLANES	32U

/*
 * Lag scores, bit-sliced: bit d - 1 of plane p (a 128-bit mask, two
 * words) is bit p of the score of lag d.  One step credits up to 128 lags
 * with a few word operations, and finds the best credited lag with one
 * pass over the planes in use.
 */
struct lag_board {
	uint64_t plane[LAG_PLANES][2];
	uint32_t high;		/* highest score of any lag */
	unsigned int planes;	/* planes holding scores up to high + 1 */
	size_t win;		/* the lag that predicts */
};

static unsigned int lag_bits(uint32_t v)
{
	return v ? 32U - (unsigned int)__builtin_clz(v) : 0U;
}

/*
 * Credit the lags in mask m (bit d - 1: s[i - d] == s[i]).  NIST's tool
 * credits them in increasing d, each becoming the winner when its score
 * reaches the running high score; so the winner is the largest credited
 * lag with the highest new score, if that reaches the old high score.
 */
static void lag_credit(struct lag_board *b, uint64_t m0, uint64_t m1)
{
	uint64_t c0 = m0, c1 = m1, k0 = m0, k1 = m1;
	uint32_t v = 0;

	for (unsigned int p = 0; (c0 | c1) && p < LAG_PLANES; p++) {
		uint64_t t0 = b->plane[p][0] & c0, t1 = b->plane[p][1] & c1;

		b->plane[p][0] ^= c0;
		b->plane[p][1] ^= c1;
		c0 = t0;
		c1 = t1;
	}
	if (!(m0 | m1))
		return;
	for (unsigned int p = b->planes; p-- > 0;) {
		uint64_t t0 = k0 & b->plane[p][0], t1 = k1 & b->plane[p][1];
		uint64_t any = (uint64_t)((t0 | t1) != 0);
		uint64_t keep = any - 1U;	/* all ones: no candidate here */

		/* Branch-free: the candidates with bit p set, if any. */
		k0 = (t0 & ~keep) | (k0 & keep);
		k1 = (t1 & ~keep) | (k1 & keep);
		v |= (uint32_t)any << p;
	}
	if (v < b->high)
		return;
	b->high = v;
	b->planes = lag_bits(v + 1U);
	if (k1)
		b->win = 64U + 64U - (size_t)__builtin_clzll(k1);
	else
		b->win = 64U - (size_t)__builtin_clzll(k0);
}

/* Lags 1..i exist at position i. */
static void lag_valid(size_t i, uint64_t *m0, uint64_t *m1)
{
	if (i >= LAG_D)
		return;
	if (i >= 64U) {
		*m1 &= (1ULL << (i - 64U)) - 1U;
	} else {
		*m0 &= (1ULL << i) - 1U;
		*m1 = 0;
	}
}

/**
 * sp90b_lag() - lag prediction estimate (section 6.3.8)
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols, at least 3
 * @k: alphabet size, 1..256
 * @h: min-entropy per symbol
 *
 * Subpredictor d predicts s[i - d] (d = 1..128); the one with the most
 * correct predictions so far (ties: the one that reached the score last,
 * and the larger lag within one step) predicts; N = n - 1 predictions.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_lag(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	struct predict_tally t = { 0 };
	uint64_t h0 = 0, h1 = 0;	/* binary history: bit d - 1 = s[i - d] */
	struct lag_board *b;
	int err;

	if (!h || n < 3)
		return -EINVAL;
	err = sp90b_impl_check(s, n, k);
	if (err)
		return err;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	/* Before the first credit the winner is lag 1 (NIST: offset 0). */
	b->win = 1;
	b->planes = 1;
	h0 = s[0];
	for (size_t i = 1; i < n; i++) {
		uint64_t m0 = 0, m1 = 0;

		predict_tally_add(&t, s[i - b->win] == s[i]);
		if (k == 2) {
			m0 = s[i] ? h0 : ~h0;
			m1 = s[i] ? h1 : ~h1;
			h1 = (h1 << 1) | (h0 >> 63);
			h0 = (h0 << 1) | s[i];
		} else {
			size_t dmax = i < LAG_D ? i : LAG_D;

			for (size_t d = 1; d <= dmax && d <= 64U; d++)
				m0 |= (uint64_t)(s[i - d] == s[i]) << (d - 1U);
			for (size_t d = 65; d <= dmax; d++)
				m1 |= (uint64_t)(s[i - d] == s[i]) << (d - 65U);
		}
		lag_valid(i, &m0, &m1);
		lag_credit(b, m0, m1);
	}
	free(b);
	*h = sp90b_predict_estimate(t.correct, n - 1U, t.max_run, k);
	return 0;
}
