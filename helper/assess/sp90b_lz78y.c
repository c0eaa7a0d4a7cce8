// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_lz78y.c: NIST SP 800-90B section 6.3.10, the LZ78Y prediction
 * estimator: a dictionary of the (x, y) pairs with x one of the B = 16
 * strings of 1..16 symbols before y, at most 65,536 distinct x; s[i] is
 * predicted by the y most often seen after any x that ends at s[i-1]
 * (ties: the longer x, then the larger y).
 *
 * Order and limits as in NIST's reference tool (SP800-90B_EntropyAssessment,
 * cpp/non_iid/lz78y_test.h): in each step the prefixes are visited from the
 * longest to the shortest, a new prefix only entering while there is room,
 * and a known prefix always counting y.  Binary sequences use direct tables
 * (2^(j+1) counts for length j), others the hash dictionary (sp90b_dict.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "sp90b.h"
#include "sp90b_impl.h"

/* SP 800-90B 6.3.10 step 1: B = 16; step 3: at most 65,536 entries. */
#define LZ_B		16U
#define LZ_MAX_DICT	65536U

/* The prediction of one step, built over the prefix lengths. */
struct lz_guess {
	uint32_t best;		/* 0: no prediction */
	uint8_t y;
};

static inline void lz_consider(struct lz_guess *g, uint32_t count, uint8_t y)
{
	if (count > g->best) {
		g->best = count;
		g->y = y;
	}
}

static int lz_binary(const uint8_t *s, size_t n, size_t *correct,
		     size_t *max_run)
{
	uint32_t *cnt[LZ_B] = { NULL };
	uint32_t pat = 0, dict = 0;
	size_t run = 0;
	int err = 0;

	for (unsigned int j = 0; j < LZ_B; j++) {
		cnt[j] = calloc((size_t)2U << (j + 1U), sizeof(uint32_t));
		if (!cnt[j])
			err = -ENOMEM;
	}
	if (err)
		goto out;
	/* Step 3 for i = B: the B pairs (s[B-j .. B-1], s[B]). */
	for (unsigned int j = 0; j < LZ_B; j++)
		pat |= (uint32_t)s[LZ_B - 1U - j] << j;
	for (unsigned int j = 1; j <= LZ_B; j++) {
		uint32_t x = pat & ((1U << j) - 1U);

		cnt[j - 1U][2U * x + s[LZ_B]] = 1;
		dict++;
	}
	for (size_t i = LZ_B + 1U; i < n; i++) {
		struct lz_guess g = { 0, 0 };
		uint8_t y = s[i];

		/* pat: s[i-B .. i-1], s[i-1] in bit 0. */
		pat = ((pat << 1) | s[i - 1U]) & ((1U << LZ_B) - 1U);
		for (unsigned int j = LZ_B; j > 0; j--) {
			uint32_t *e = cnt[j - 1U] + 2U * (pat & ((1U << j) - 1U));

			if (e[0] || e[1]) {
				if (e[0] > e[1])
					lz_consider(&g, e[0], 0);
				else
					lz_consider(&g, e[1], 1);
				e[y]++;
			} else if (dict < LZ_MAX_DICT) {
				e[y] = 1;
				dict++;
			}
		}
		if (g.best && g.y == y) {
			(*correct)++;
			if (++run > *max_run)
				*max_run = run;
		} else {
			run = 0;
		}
	}
out:
	for (unsigned int j = 0; j < LZ_B; j++)
		free(cnt[j]);
	return err;
}

/* One general step: the prefixes s[i-j .. i-1], j = B .. 1. */
static int lz_gen_step(struct sp90b_dict *d, const uint8_t *s, size_t i,
		       uint32_t *dict, struct lz_guess *g)
{
	uint64_t hash[LZ_B + 1];
	bool created;
	int err;

	hash[0] = 0;
	for (unsigned int j = 1; j <= LZ_B; j++)
		hash[j] = sp90b_dict_hash(hash[j - 1U], s[i - j]);
	for (unsigned int j = LZ_B; j > 0; j--) {
		uint32_t id = sp90b_dict_find(d, i - j, j, hash[j]);

		if (id == SP90B_DICT_NONE) {
			if (*dict >= LZ_MAX_DICT)
				continue;
			err = sp90b_dict_add(d, i - j, j, hash[j], &id);
			if (err)
				return err;
			(*dict)++;
		} else {
			lz_consider(g, d->node[id].best, d->node[id].pred);
		}
		err = sp90b_dict_count(d, id, s[i], true, &created);
		if (err)
			return err;
	}
	return 0;
}

static int lz_general(const uint8_t *s, size_t n, size_t *correct,
		      size_t *max_run)
{
	size_t most = LZ_B * n < LZ_MAX_DICT ? LZ_B * n : LZ_MAX_DICT;
	struct sp90b_dict d;
	uint32_t dict = 0;
	size_t run = 0;
	int err;

	/* At most 65,536 prefixes; a few successors each to start with. */
	err = sp90b_dict_init(&d, s, most, 4U * most);
	if (err)
		return err;
	/* Step 3 for i = B: the pairs of the B prefixes before s[B]. */
	err = lz_gen_step(&d, s, LZ_B, &dict, &(struct lz_guess){ 0, 0 });
	for (size_t i = LZ_B + 1U; i < n && !err; i++) {
		struct lz_guess g = { 0, 0 };

		err = lz_gen_step(&d, s, i, &dict, &g);
		if (g.best && g.y == s[i]) {
			(*correct)++;
			if (++run > *max_run)
				*max_run = run;
		} else {
			run = 0;
		}
	}
	sp90b_dict_free(&d);
	return err;
}

/**
 * sp90b_lz78y() - LZ78Y prediction estimate (section 6.3.10)
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols, at least 19 (binary) or 18 (otherwise)
 * @k: alphabet size, 1..256
 * @h: min-entropy per symbol
 *
 * N = n - B - 1 predictions (s[17] .. s[n-1]).
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_lz78y(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	size_t correct = 0, max_run = 0;
	int err;

	if (!h || n < LZ_B + (k == 2 ? 3U : 2U))
		return -EINVAL;
	err = sp90b_impl_check(s, n, k);
	if (err)
		return err;
	if (k == 2)
		err = lz_binary(s, n, &correct, &max_run);
	else
		err = lz_general(s, n, &correct, &max_run);
	if (err)
		return err;
	*h = sp90b_predict_estimate(correct, n - LZ_B - 1U, max_run, k);
	return 0;
}
