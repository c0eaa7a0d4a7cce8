// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_sa.c: suffix array and longest-common-prefix array, the index
 * behind the t-tuple (SP 800-90B 6.3.5) and LRS (6.3.6) estimators.
 *
 * The suffix array is built by induced sorting (SA-IS: Nong, Zhang and
 * Chan, "Two Efficient Algorithms for Linear Time Suffix Array
 * Construction", IEEE Trans. Computers 60(10), 2011), linear in n; the LCP
 * array by the permuted-LCP method of Kasai et al. (CPM 2001) in the
 * variant of Karkkainen, Manzini and Puglisi (CPM 2009), also linear, with
 * one extra array of n indices.
 *
 * The end of the string is an implicit sentinel smaller than every symbol,
 * so a suffix that is a prefix of another sorts first.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b.h"
#include "sp90b_impl.h"

/*
 * struct sais - one level of the recursion: the text is either the bytes
 * of the caller (@u8) or the reduced string of the level above (@i32).
 */
struct sais {
	const uint8_t *u8;
	const int32_t *i32;
	int32_t n;
	int32_t alpha;		/* symbols are 0..alpha-1 */
	uint8_t *stype;		/* 1 = S-type suffix, 0 = L-type */
	int32_t *cnt;		/* occurrences of each symbol */
	int32_t *bkt;		/* bucket heads or tails */
};

static inline int32_t sais_chr(const struct sais *c, int32_t i)
{
	return c->u8 ? (int32_t)c->u8[i] : c->i32[i];
}

/* A leftmost S-type position: S-type with an L-type left neighbour. */
static inline int sais_is_lms(const struct sais *c, int32_t i)
{
	return i > 0 && c->stype[i] && !c->stype[i - 1];
}

static void sais_heads(struct sais *c)
{
	int32_t sum = 0;

	for (int32_t a = 0; a < c->alpha; a++) {
		c->bkt[a] = sum;
		sum += c->cnt[a];
	}
}

static void sais_tails(struct sais *c)
{
	int32_t sum = 0;

	for (int32_t a = 0; a < c->alpha; a++) {
		sum += c->cnt[a];
		c->bkt[a] = sum;
	}
}

/*
 * Induce the order of the L-type suffixes from the LMS suffixes in @sa
 * (left to right), then of the S-type suffixes from the L-type ones (right
 * to left).  The sentinel suffix comes first: it induces suffix n - 1,
 * which is L-type because it is larger than the sentinel.
 */
static void sais_induce(struct sais *c, int32_t *sa)
{
	int32_t n = c->n;

	sais_heads(c);
	sa[c->bkt[sais_chr(c, n - 1)]++] = n - 1;
	for (int32_t i = 0; i < n; i++) {
		int32_t j = sa[i] - 1;

		if (sa[i] > 0 && !c->stype[j])
			sa[c->bkt[sais_chr(c, j)]++] = j;
	}
	sais_tails(c);
	for (int32_t i = n - 1; i >= 0; i--) {
		int32_t j = sa[i] - 1;

		if (sa[i] > 0 && c->stype[j])
			sa[--c->bkt[sais_chr(c, j)]] = j;
	}
}

/* Are the LMS substrings at @p and @q (p != q) equal? */
static int sais_lms_equal(const struct sais *c, int32_t p, int32_t q)
{
	for (int32_t d = 0;; d++) {
		if (p + d == c->n || q + d == c->n)
			return 0;	/* only one of them reaches the sentinel */
		if (sais_chr(c, p + d) != sais_chr(c, q + d) ||
		    c->stype[p + d] != c->stype[q + d])
			return 0;
		if (d > 0 && sais_is_lms(c, p + d))
			return 1;	/* both end here: types match so far */
	}
}

/*
 * Sort the LMS substrings, name them and store the reduced string (the
 * names in text order) in sa[n - m .. n - 1].  Returns m; *names is the
 * number of distinct names.
 */
static int32_t sais_reduce(struct sais *c, int32_t *sa, int32_t *names)
{
	int32_t n = c->n, m = 0, name = 0, prev = -1;

	for (int32_t i = 0; i < n; i++)
		sa[i] = -1;
	sais_tails(c);
	for (int32_t i = 1; i < n; i++)
		if (sais_is_lms(c, i))
			sa[--c->bkt[sais_chr(c, i)]] = i;
	sais_induce(c, sa);

	for (int32_t i = 0; i < n; i++)
		if (sais_is_lms(c, sa[i]))
			sa[m++] = sa[i];
	/* LMS positions are at least 2 apart: p / 2 indexes sa[m..n-1]. */
	for (int32_t i = m; i < n; i++)
		sa[i] = -1;
	for (int32_t i = 0; i < m; i++) {
		int32_t p = sa[i];

		if (prev < 0 || !sais_lms_equal(c, p, prev))
			name++;
		prev = p;
		sa[m + p / 2] = name - 1;
	}
	for (int32_t i = n - 1, j = n - 1; i >= m; i--)
		if (sa[i] >= 0)
			sa[j--] = sa[i];
	*names = name;
	return m;
}

static int sais_run(const uint8_t *u8, const int32_t *i32, int32_t n,
		    int32_t alpha, int32_t *sa);

/* Sort the LMS suffixes, then induce the whole suffix array from them. */
static int sais_level(struct sais *c, int32_t *sa)
{
	int32_t n = c->n, names, m;
	int32_t *s1;
	int err;

	c->stype[n - 1] = 0;
	for (int32_t i = n - 2; i >= 0; i--) {
		int32_t a = sais_chr(c, i), b = sais_chr(c, i + 1);

		c->stype[i] = (uint8_t)(a < b || (a == b && c->stype[i + 1]));
	}
	for (int32_t i = 0; i < n; i++)
		c->cnt[sais_chr(c, i)]++;

	m = sais_reduce(c, sa, &names);
	s1 = sa + n - m;
	if (names < m) {
		err = sais_run(NULL, s1, m, names, sa);
		if (err)
			return err;
	} else {
		for (int32_t i = 0; i < m; i++)
			sa[s1[i]] = i;
	}

	/* Sorted reduced suffixes -> sorted LMS positions. */
	for (int32_t i = 1, j = 0; i < n; i++)
		if (sais_is_lms(c, i))
			s1[j++] = i;
	for (int32_t i = 0; i < m; i++)
		sa[i] = s1[sa[i]];
	for (int32_t i = m; i < n; i++)
		sa[i] = -1;
	sais_tails(c);
	for (int32_t i = m - 1; i >= 0; i--) {
		int32_t j = sa[i];

		sa[i] = -1;
		sa[--c->bkt[sais_chr(c, j)]] = j;
	}
	sais_induce(c, sa);
	return 0;
}

static int sais_run(const uint8_t *u8, const int32_t *i32, int32_t n,
		    int32_t alpha, int32_t *sa)
{
	struct sais c = {
		.u8 = u8, .i32 = i32, .n = n, .alpha = alpha,
	};
	int err = -ENOMEM;

	if (n == 1) {
		sa[0] = 0;
		return 0;
	}
	c.stype = malloc((size_t)n);
	c.cnt = calloc((size_t)alpha, sizeof(*c.cnt));
	c.bkt = malloc((size_t)alpha * sizeof(*c.bkt));
	if (c.stype && c.cnt && c.bkt)
		err = sais_level(&c, sa);
	free(c.bkt);
	free(c.cnt);
	free(c.stype);
	return err;
}

/**
 * sp90b_sa_build() - suffix array of a symbol string
 * @s: symbols, each in 0..@k-1
 * @n: length, 1..SP90B_IMPL_MAX_N
 * @k: alphabet size, 1..256
 * @sa: n entries: the start positions of the suffixes in increasing order
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_sa_build(const uint8_t *s, size_t n, unsigned int k, int32_t *sa)
{
	int err = sp90b_impl_check(s, n, k);

	if (err)
		return err;
	return sais_run(s, NULL, (int32_t)n, (int32_t)k, sa);
}

/**
 * sp90b_sa_lcp() - turn a suffix array into its LCP array
 * @s: the string the suffix array was built on
 * @n: its length, 1..SP90B_IMPL_MAX_N
 * @sa_lcp: in: the suffix array; out: sa_lcp[0] = 0 and sa_lcp[i] the
 *	length of the longest common prefix of the suffixes ranked i - 1 and i
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_sa_lcp(const uint8_t *s, size_t n, int32_t *sa_lcp)
{
	int32_t len = (int32_t)n, h = 0;
	int32_t *phi;

	if (!s || !sa_lcp || n < 1 || n > SP90B_IMPL_MAX_N)
		return -EINVAL;
	phi = malloc(n * sizeof(*phi));
	if (!phi)
		return -ENOMEM;
	/* phi[i]: the suffix ranked just before suffix i (-1: none). */
	phi[sa_lcp[0]] = -1;
	for (int32_t i = 1; i < len; i++)
		phi[sa_lcp[i]] = sa_lcp[i - 1];
	/* Permuted LCP in text order: plcp[i + 1] >= plcp[i] - 1. */
	for (int32_t i = 0; i < len; i++) {
		int32_t j = phi[i];

		if (j < 0) {
			h = 0;
			phi[i] = 0;
			continue;
		}
		while (i + h < len && j + h < len && s[i + h] == s[j + h])
			h++;
		phi[i] = h;
		if (h > 0)
			h--;
	}
	for (int32_t i = 0; i < len; i++)
		sa_lcp[i] = phi[sa_lcp[i]];
	free(phi);
	return 0;
}
