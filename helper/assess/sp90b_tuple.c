// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_tuple.c: NIST SP 800-90B section 6.3.5 (t-tuple) and 6.3.6
 * (longest repeated substring) estimators.
 *
 * Both need, for every length t, statistics over the distinct t-tuples of
 * the sequence: the largest occurrence count Q[t] (t-tuple) and the sum of
 * C(count, 2) (LRS).  Every repeated substring is the common prefix of an
 * interval of the suffix array whose inner LCP values are all >= t, so one
 * pass over the LCP intervals (a stack, Abouelhoda, Kurtz and Ohlebusch,
 * "Replacing suffix trees with enhanced suffix arrays", J. Discrete
 * Algorithms 2(1), 2004) gives both: an interval of c suffixes with LCP
 * value l inside a parent interval with LCP value p is the set of
 * occurrences of exactly one t-tuple for each t in p+1..l.
 *
 * Numerics follow NIST's reference tool (SP800-90B_EntropyAssessment,
 * cpp/shared/lrs_test.h): long double throughout, z = SP90B_Z.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "sp90b.h"
#include "sp90b_impl.h"

/* SP 800-90B 6.3.5 step 1: t-tuples must occur at least 35 times. */
#define SP90B_TTUPLE_MIN_COUNT	35U

/*
 * z(0.995) for the 99 % bounds of 6.3.5 step 4 and 6.3.6 step 4, to long
 * double precision as NIST's tool has it (SP90B_Z is the double nearest).
 */
#define TUPLE_Z			2.575829303548900384158L

/* Per-length statistics, indexed by t = 0..v (v = longest repeat). */
struct tuple_stats {
	size_t v;
	uint32_t *qmax;		/* largest count among the t-tuples */
	uint64_t *pairs;	/* sum over t-tuples of C(count, 2) */
};

/* Walk the LCP intervals of lcp[0..n-1] (lcp[0] = 0), filling @st. */
static int tuple_intervals(const int32_t *lcp, size_t n, struct tuple_stats *st)
{
	uint32_t *stk_lcp, *stk_lb;
	size_t top = 0, v = st->v;

	stk_lcp = malloc((v + 2) * sizeof(*stk_lcp));
	stk_lb = malloc((v + 2) * sizeof(*stk_lb));
	if (!stk_lcp || !stk_lb) {
		free(stk_lb);
		free(stk_lcp);
		return -ENOMEM;
	}
	/* pairs[] holds differences first: +w at l, -w at the parent's p. */
	stk_lcp[0] = 0;
	stk_lb[0] = 0;
	for (size_t i = 1; i <= n; i++) {
		uint32_t cur = i < n ? (uint32_t)lcp[i] : 0U;
		uint32_t lb = (uint32_t)(i - 1);

		while (stk_lcp[top] > cur) {
			uint32_t l = stk_lcp[top], c;
			uint32_t p;
			uint64_t w;

			lb = stk_lb[top];
			top--;
			p = stk_lcp[top] > cur ? stk_lcp[top] : cur;
			c = (uint32_t)(i - lb);
			w = (uint64_t)c * (c - 1U) / 2U;
			if (st->qmax[l] < c)
				st->qmax[l] = c;
			st->pairs[l] += w;
			st->pairs[p] -= w;
		}
		if (stk_lcp[top] < cur) {
			top++;
			stk_lcp[top] = cur;
			stk_lb[top] = lb;
		}
	}
	free(stk_lb);
	free(stk_lcp);
	/* Suffix maximum and suffix sum over the lengths. */
	for (size_t t = v; t-- > 1;) {
		if (st->qmax[t] < st->qmax[t + 1])
			st->qmax[t] = st->qmax[t + 1];
		st->pairs[t] += st->pairs[t + 1];
	}
	return 0;
}

static double tuple_bound(long double pmax, size_t n)
{
	long double pu = pmax + TUPLE_Z *
		sqrtl(pmax * (1.0L - pmax) / (long double)(n - 1));

	if (pu > 1.0L)
		pu = 1.0L;
	return (double)-log2l(pu);
}

/*
 * 6.3.5 steps 2-5: p_max over t = 1..u-1 of (Q[t] / (n - t + 1))^(1/t);
 * NAN when not even single symbols occur 35 times (u = 1).
 */
static double tuple_ttuple(const struct tuple_stats *st, size_t n, size_t u)
{
	long double pmax = -1.0L;

	for (size_t t = 1; t < u; t++) {
		long double p = (long double)st->qmax[t] / (long double)(n - t + 1);

		p = powl(p, 1.0L / (long double)t);
		if (p > pmax)
			pmax = p;
	}
	if (pmax <= 0.0L)
		return NAN;
	return tuple_bound(pmax, n);
}

/*
 * 6.3.6 steps 2-5: for t = u..v the collision estimate
 * P_t = sum C(count, 2) / C(n - t + 1, 2), p_max = max P_t^(1/t);
 * NAN when v < u.
 */
static double tuple_lrs(const struct tuple_stats *st, size_t n, size_t u)
{
	long double pmax = 0.0L;

	if (st->v < u)
		return NAN;
	for (size_t t = u; t <= st->v; t++) {
		long double p;
		uint64_t m = (uint64_t)(n - t);

		/* C(n - t + 1, 2) pairs of t-tuples */
		p = (long double)st->pairs[t] / (long double)(m * (m + 1U) / 2U);
		p = powl(p, 1.0L / (long double)t);
		if (p > pmax)
			pmax = p;
	}
	return tuple_bound(pmax, n);
}

/**
 * sp90b_ttuple_lrs() - t-tuple (6.3.5) and LRS (6.3.6) estimates
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols, 2..SP90B_IMPL_MAX_N
 * @k: alphabet size, 1..256
 * @h_ttuple: t-tuple min-entropy per symbol; NAN when no symbol occurs 35
 *	times (the estimate does not apply, as in NIST's tool)
 * @h_lrs: LRS min-entropy per symbol; NAN when no substring longer than
 *	the t-tuple threshold length repeats (v < u)
 *
 * The threshold u is the smallest t whose most common t-tuple occurs fewer
 * than 35 times (section 6.3.5 step 1); the t-tuple estimate uses
 * t = 1..u-1, the LRS estimate t = u..v with v the length of the longest
 * repeated substring (section 6.3.6 step 1).
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_ttuple_lrs(const uint8_t *s, size_t n, unsigned int k,
		     double *h_ttuple, double *h_lrs)
{
	struct tuple_stats st = { 0 };
	int32_t *lcp;
	size_t u;
	int err;

	if (!h_ttuple || !h_lrs || n < 2)
		return -EINVAL;
	err = sp90b_impl_check(s, n, k);
	if (err)
		return err;
	lcp = malloc(n * sizeof(*lcp));
	if (!lcp)
		return -ENOMEM;
	err = sp90b_sa_build(s, n, k, lcp);
	if (!err)
		err = sp90b_sa_lcp(s, n, lcp);
	if (err)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((size_t)lcp[i] > st.v)
			st.v = (size_t)lcp[i];
	st.qmax = calloc(st.v + 2, sizeof(*st.qmax));
	st.pairs = calloc(st.v + 2, sizeof(*st.pairs));
	err = -ENOMEM;
	if (!st.qmax || !st.pairs)
		goto out;
	err = tuple_intervals(lcp, n, &st);
	if (err)
		goto out;
	for (u = 1; u <= st.v && st.qmax[u] >= SP90B_TTUPLE_MIN_COUNT; u++)
		;
	*h_ttuple = tuple_ttuple(&st, n, u);
	*h_lrs = tuple_lrs(&st, n, u);
out:
	free(st.pairs);
	free(st.qmax);
	free(lcp);
	return err;
}
