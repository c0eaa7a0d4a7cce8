// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_mmc.c: NIST SP 800-90B section 6.3.9, the MultiMMC prediction
 * estimator: D = 16 Markov models with counting, model d predicting s[i]
 * from the d symbols before it (d = 1..16), the one with the most correct
 * predictions so far (ties: the longer) predicting.
 *
 * As in NIST's reference tool (SP800-90B_EntropyAssessment,
 * cpp/non_iid/multi_mmc_test.h), each model stops adding new (x, y) pairs
 * after 100,000, and once a prefix is missing from model d the longer
 * models are not consulted in that step (their prefix cannot be there
 * either, except after one ran out of room, in which case the tool only
 * adds to them, and so do we).  Binary sequences use direct tables,
 * others the hash dictionary (sp90b_dict.c).
 */
#include <errno.h>
#include <stdlib.h>

#include "sp90b.h"
#include "sp90b_impl.h"

/* SP 800-90B 6.3.9 step 1: D = 16; step 3: at most 100,000 entries. */
#define MMC_D		16U
#define MMC_MAX_ENTRIES	100000U

/* Scoreboard and prediction statistics (6.3.9 steps 2 and 5). */
struct mmc_board {
	size_t score[MMC_D];
	unsigned int win;	/* winner for the next step */
	unsigned int cur;	/* winner of the current step */
	size_t correct;
	size_t run;
	size_t max_run;
	uint32_t entries[MMC_D];
};

/*
 * Model d predicted @pred for @y.  The winner's hit or miss is what counts
 * (a step where the winner has no prediction changes nothing).
 */
static void mmc_score(struct mmc_board *b, unsigned int d, unsigned int pred,
		      unsigned int y)
{
	if (pred == y) {
		if (++b->score[d] >= b->score[b->win])
			b->win = d;
		if (d == b->cur) {
			b->correct++;
			if (++b->run > b->max_run)
				b->max_run = b->run;
		}
	} else if (d == b->cur) {
		b->run = 0;
	}
}

/* Binary models: model d has 2^(d+1) prefixes, two counts each. */
struct mmc_bin {
	uint32_t *cnt[MMC_D];
};

static void mmc_bin_step(struct mmc_board *b, struct mmc_bin *m,
			 const uint8_t *s, size_t i)
{
	uint32_t pat = 0;
	int found = 0;
	uint8_t y = s[i];

	b->cur = b->win;
	for (unsigned int d = 0; d < MMC_D && d + 2U <= i; d++) {
		uint32_t *e;

		pat |= (uint32_t)s[i - d - 1] << d;
		e = m->cnt[d] + 2U * pat;
		if (d == 0 || found)
			found = e[0] || e[1];
		if (found) {
			mmc_score(b, d, e[0] > e[1] ? 0U : 1U, y);
			if (e[y]) {
				e[y]++;
			} else if (b->entries[d] < MMC_MAX_ENTRIES) {
				e[y] = 1;
				b->entries[d]++;
			}
		} else if (b->entries[d] < MMC_MAX_ENTRIES) {
			/* x is new (but after running out of room): set */
			e[y] = 1;
			b->entries[d]++;
		}
	}
}

static int mmc_binary(struct mmc_board *b, const uint8_t *s, size_t n)
{
	struct mmc_bin m = { { NULL } };
	uint32_t pat = 0;
	int err = 0;

	for (unsigned int d = 0; d < MMC_D; d++) {
		m.cnt[d] = calloc((size_t)2U << (d + 1U), sizeof(uint32_t));
		if (!m.cnt[d])
			err = -ENOMEM;
	}
	if (err)
		goto out;
	/* Step 4 for i = d + 1: the pair (s[0..d], s[d+1]) of each model. */
	for (unsigned int d = 0; d < MMC_D && d + 1U < n; d++) {
		pat = (pat << 1) | s[d];
		m.cnt[d][2U * pat + s[d + 1]] = 1;
		b->entries[d] = 1;
	}
	for (size_t i = 2; i < n; i++)
		mmc_bin_step(b, &m, s, i);
out:
	for (unsigned int d = 0; d < MMC_D; d++)
		free(m.cnt[d]);
	return err;
}

/*
 * Count (x, y) for a prefix x the chain of lookups did not reach: x is new,
 * except when a shorter model ran out of room first; like the tool, count
 * into the existing node then.
 */
static int mmc_gen_add(struct sp90b_dict *dict, size_t pos, unsigned int len,
		       uint64_t hash, uint8_t y)
{
	uint32_t id = sp90b_dict_find(dict, pos, len, hash);
	bool created;
	int err;

	if (id == SP90B_DICT_NONE) {
		err = sp90b_dict_add(dict, pos, len, hash, &id);
		if (err)
			return err;
	}
	return sp90b_dict_count(dict, id, y, true, &created);
}

/* One step of the general models; x_d = s[i-d-1 .. i-1]. */
static int mmc_gen_step(struct mmc_board *b, struct sp90b_dict *dict,
			const uint8_t *s, size_t i)
{
	uint32_t id = SP90B_DICT_NONE;
	uint64_t hash = 0;
	bool created;
	uint8_t y = s[i];
	int err;

	b->cur = b->win;
	for (unsigned int d = 0; d < MMC_D && d + 2U <= i; d++) {
		size_t pos = i - d - 1U;

		hash = sp90b_dict_hash(hash, s[pos]);
		if (d == 0 || id != SP90B_DICT_NONE)
			id = sp90b_dict_find(dict, pos, d + 1U, hash);
		if (id != SP90B_DICT_NONE) {
			const struct sp90b_dict_node *e = &dict->node[id];

			mmc_score(b, d, e->pred, y);
			err = sp90b_dict_count(dict, id, y,
					       b->entries[d] < MMC_MAX_ENTRIES,
					       &created);
			if (err)
				return err;
			b->entries[d] += created;
			continue;
		}
		if (b->entries[d] >= MMC_MAX_ENTRIES)
			continue;
		err = mmc_gen_add(dict, pos, d + 1U, hash, y);
		if (err)
			return err;
		b->entries[d]++;
	}
	return 0;
}

static int mmc_general(struct mmc_board *b, const uint8_t *s, size_t n)
{
	/* Tables grow as far as needed: start small. */
	size_t most = n < 65536U ? n : 65536U;
	struct sp90b_dict dict;
	uint64_t hash;
	int err;

	err = sp90b_dict_init(&dict, s, most, most / 4U);
	if (err)
		return err;
	/* Step 4 for i = d + 1: (s[0..d], s[d+1]); hashes run backwards. */
	for (unsigned int d = 0; d < MMC_D && d + 2U < n; d++) {
		uint32_t id;
		bool created;

		hash = 0;
		for (unsigned int j = d + 1U; j-- > 0;)
			hash = sp90b_dict_hash(hash, s[j]);
		err = sp90b_dict_add(&dict, 0, d + 1U, hash, &id);
		if (!err)
			err = sp90b_dict_count(&dict, id, s[d + 1], true,
					       &created);
		if (err)
			goto out;
		b->entries[d] = 1;
	}
	for (size_t i = 2; i < n && !err; i++)
		err = mmc_gen_step(b, &dict, s, i);
out:
	sp90b_dict_free(&dict);
	return err;
}

/**
 * sp90b_multi_mmc() - MultiMMC prediction estimate (section 6.3.9)
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols, at least 3
 * @k: alphabet size, 1..256
 * @h: min-entropy per symbol
 *
 * N = n - 2 predictions (s[2] .. s[n-1]).
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int sp90b_multi_mmc(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	struct mmc_board *b;
	int err;

	if (!h || n < 3)
		return -EINVAL;
	err = sp90b_impl_check(s, n, k);
	if (err)
		return err;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	err = k == 2 ? mmc_binary(b, s, n) : mmc_general(b, s, n);
	if (!err)
		*h = sp90b_predict_estimate(b->correct, n - 2U, b->max_run, k);
	free(b);
	return err;
}
