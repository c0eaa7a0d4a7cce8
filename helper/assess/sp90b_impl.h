/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sp90b_impl.h: internals shared by the SP 800-90B section 6.3.5-6.3.10
 * estimators (t-tuple, LRS and the four predictors); not part of the
 * library's interface, declared here so the unit tests can reach them.
 */
#ifndef HAVEGE_SP90B_IMPL_H
#define HAVEGE_SP90B_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest sequence the suffix array and the predictors' counters handle. */
#define SP90B_IMPL_MAX_N	((size_t)INT32_MAX - 1U)

/* Suffix array and LCP array (sp90b_sa.c). */
int sp90b_sa_build(const uint8_t *s, size_t n, unsigned int k, int32_t *sa);
int sp90b_sa_lcp(const uint8_t *s, size_t n, int32_t *sa_lcp);

/*
 * The shared last step of the four prediction estimators (6.3.7 steps
 * 9-10 and the same steps of 6.3.8-6.3.10), sp90b_predict.c.
 */
double sp90b_predict_estimate(size_t c, size_t n, size_t max_run,
			      unsigned int k);
double sp90b_predict_local(size_t max_run, size_t n, double p_low);
double sp90b_predict_fn(long double p, size_t r, size_t n);

/* Checks shared by the estimators: k in 1..256 and every s[i] < k. */
int sp90b_impl_check(const uint8_t *s, size_t n, unsigned int k);

/*
 * Dictionary of substrings of s (the prefixes x of the MultiMMC and LZ78Y
 * predictors) with per-successor counts (sp90b_dict.c).  A node is one
 * distinct prefix; a pair is (node, y) with the number of times y followed.
 */
struct sp90b_dict_node {
	uint32_t pos;		/* where the prefix occurs in s */
	uint32_t best;		/* highest successor count */
	uint32_t first_count;	/* count of the first successor seen */
	uint8_t first;		/* that successor (the others are pairs) */
	uint8_t pred;		/* successor with @best, ties: the larger */
	uint8_t len;
	uint8_t tag;		/* high bits of the prefix's hash */
};

struct sp90b_dict_pair {
	uint32_t key;		/* node index * 256 + y + 1; 0 = empty */
	uint32_t count;
};

struct sp90b_dict {
	const uint8_t *s;
	uint32_t *slot;		/* node index + 1, 0 = empty */
	size_t slot_mask;
	struct sp90b_dict_node *node;
	size_t nodes;
	size_t node_cap;
	struct sp90b_dict_pair *pair;
	size_t pair_mask;
	size_t pairs;
};

#define SP90B_DICT_NONE	UINT32_MAX
/* Node indexes must leave room for the successor in a 32-bit pair key. */
#define SP90B_DICT_MAX_NODES	((1U << 24) - 1U)

int sp90b_dict_init(struct sp90b_dict *d, const uint8_t *s, size_t nodes,
		    size_t pairs);
void sp90b_dict_free(struct sp90b_dict *d);
uint64_t sp90b_dict_hash(uint64_t h, uint8_t c);
uint32_t sp90b_dict_find(const struct sp90b_dict *d, size_t pos,
			 unsigned int len, uint64_t hash);
int sp90b_dict_add(struct sp90b_dict *d, size_t pos, unsigned int len,
		   uint64_t hash, uint32_t *id);
int sp90b_dict_count(struct sp90b_dict *d, uint32_t id, uint8_t y,
		     bool make_new, bool *created);

#endif /* HAVEGE_SP90B_IMPL_H */
