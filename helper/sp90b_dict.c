// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_dict.c: the dictionary of the MultiMMC (SP 800-90B 6.3.9) and LZ78Y
 * (6.3.10) predictors for non-binary symbols: distinct prefixes x (up to 16
 * symbols, stored as a position in the sequence) and the counts of the
 * (x, y) pairs.  Two open-addressing hash tables with linear probing that
 * double when half full: one of prefixes, one of pairs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sp90b_impl.h"

#define DICT_MULT	0x9e3779b97f4a7c15ULL
#define DICT_INIT	1024U

static inline size_t dict_pair_slot(uint64_t key, size_t mask)
{
	return (size_t)((key * DICT_MULT) >> 32) & mask;
}

/**
 * sp90b_dict_init() - empty dictionary over a sequence
 * @d: the dictionary
 * @s: the sequence the prefixes are positions of
 *
 * Return: 0 or -ENOMEM.
 */
int sp90b_dict_init(struct sp90b_dict *d, const uint8_t *s)
{
	memset(d, 0, sizeof(*d));
	d->s = s;
	d->slot = calloc(DICT_INIT, sizeof(*d->slot));
	d->slot_mask = DICT_INIT - 1U;
	d->node_cap = DICT_INIT / 2U;
	d->node = malloc(d->node_cap * sizeof(*d->node));
	d->pair = calloc(DICT_INIT, sizeof(*d->pair));
	d->pair_mask = DICT_INIT - 1U;
	if (!d->slot || !d->node || !d->pair) {
		sp90b_dict_free(d);
		return -ENOMEM;
	}
	return 0;
}

/**
 * sp90b_dict_free() - release a dictionary
 * @d: the dictionary
 */
void sp90b_dict_free(struct sp90b_dict *d)
{
	free(d->pair);
	free(d->node);
	free(d->slot);
	memset(d, 0, sizeof(*d));
}

/**
 * sp90b_dict_hash() - extend a prefix hash by one symbol on the left
 * @h: hash of the prefix (0 for the empty one)
 * @c: the symbol before it
 *
 * Return: the hash of the longer prefix.
 */
uint64_t sp90b_dict_hash(uint64_t h, uint8_t c)
{
	h = (h ^ ((uint64_t)c + 1U)) * DICT_MULT;
	return h ^ (h >> 31);
}

/**
 * sp90b_dict_find() - look a prefix up
 * @d: the dictionary
 * @pos: where the prefix starts in the sequence
 * @len: its length, 1..255
 * @hash: its hash (sp90b_dict_hash() from the last symbol backwards)
 *
 * Return: the node index, or SP90B_DICT_NONE.
 */
uint32_t sp90b_dict_find(const struct sp90b_dict *d, size_t pos,
			 unsigned int len, uint64_t hash)
{
	for (size_t i = (size_t)(hash >> 20) & d->slot_mask;;
	     i = (i + 1U) & d->slot_mask) {
		const struct sp90b_dict_node *e;

		if (!d->slot[i])
			return SP90B_DICT_NONE;
		e = &d->node[d->slot[i] - 1U];
		if (e->hash == hash && e->len == len &&
		    !memcmp(d->s + e->pos, d->s + pos, len))
			return d->slot[i] - 1U;
	}
}

static void dict_slot_put(uint32_t *slot, size_t mask, uint64_t hash,
			  uint32_t v)
{
	size_t i = (size_t)(hash >> 20) & mask;

	while (slot[i])
		i = (i + 1U) & mask;
	slot[i] = v;
}

static int dict_grow_nodes(struct sp90b_dict *d)
{
	size_t cap = d->node_cap * 2U, mask = d->slot_mask * 2U + 1U;
	struct sp90b_dict_node *node;
	uint32_t *slot;

	if (cap >= UINT32_MAX)
		return -ENOMEM;
	node = realloc(d->node, cap * sizeof(*node));
	if (!node)
		return -ENOMEM;
	d->node = node;
	slot = calloc(mask + 1U, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < d->nodes; i++)
		dict_slot_put(slot, mask, node[i].hash, (uint32_t)i + 1U);
	free(d->slot);
	d->slot = slot;
	d->slot_mask = mask;
	d->node_cap = cap;
	return 0;
}

/**
 * sp90b_dict_add() - add a prefix that sp90b_dict_find() did not find
 * @d: the dictionary
 * @pos: where the prefix starts in the sequence
 * @len: its length, 1..255
 * @hash: its hash
 * @id: the new node's index
 *
 * Return: 0 or -ENOMEM.
 */
int sp90b_dict_add(struct sp90b_dict *d, size_t pos, unsigned int len,
		   uint64_t hash, uint32_t *id)
{
	struct sp90b_dict_node *e;

	if (d->nodes == d->node_cap) {
		int err = dict_grow_nodes(d);

		if (err)
			return err;
	}
	e = &d->node[d->nodes];
	e->hash = hash;
	e->pos = (uint32_t)pos;
	e->len = (uint8_t)len;
	e->best = 0;
	e->pred = 0;
	*id = (uint32_t)d->nodes;
	d->nodes++;
	dict_slot_put(d->slot, d->slot_mask, hash, *id + 1U);
	return 0;
}

static int dict_grow_pairs(struct sp90b_dict *d)
{
	size_t mask = d->pair_mask * 2U + 1U;
	struct sp90b_dict_pair *pair = calloc(mask + 1U, sizeof(*pair));

	if (!pair)
		return -ENOMEM;
	for (size_t i = 0; i <= d->pair_mask; i++) {
		size_t j;

		if (!d->pair[i].key)
			continue;
		j = dict_pair_slot(d->pair[i].key, mask);
		while (pair[j].key)
			j = (j + 1U) & mask;
		pair[j] = d->pair[i];
	}
	free(d->pair);
	d->pair = pair;
	d->pair_mask = mask;
	return 0;
}

/**
 * sp90b_dict_count() - count one more y after prefix node @id
 * @d: the dictionary
 * @id: the prefix node
 * @y: the symbol that followed
 * @make_new: whether a pair not yet in the dictionary may be added
 * @created: set when the pair was added
 *
 * The node's prediction becomes y when y's count exceeds the best count,
 * or equals it and y is the larger symbol (as NIST's tool breaks ties).
 *
 * Return: 0 or -ENOMEM.
 */
int sp90b_dict_count(struct sp90b_dict *d, uint32_t id, uint8_t y,
		     bool make_new, bool *created)
{
	uint64_t key = ((uint64_t)id << 8) + y + 1U;
	struct sp90b_dict_node *e = &d->node[id];
	size_t i = dict_pair_slot(key, d->pair_mask);
	uint32_t c;

	*created = false;
	while (d->pair[i].key && d->pair[i].key != key)
		i = (i + 1U) & d->pair_mask;
	if (d->pair[i].key) {
		c = ++d->pair[i].count;
	} else {
		if (!make_new)
			return 0;
		if (2U * (d->pairs + 1U) > d->pair_mask + 1U) {
			int err = dict_grow_pairs(d);

			if (err)
				return err;
			i = dict_pair_slot(key, d->pair_mask);
			while (d->pair[i].key)
				i = (i + 1U) & d->pair_mask;
		}
		d->pair[i].key = key;
		d->pair[i].count = 1;
		d->pairs++;
		*created = true;
		c = 1;
	}
	if (c > e->best || (c == e->best && y > e->pred)) {
		e->best = c;
		e->pred = y;
	}
	return 0;
}
