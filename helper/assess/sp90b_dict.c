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

static inline size_t dict_pair_slot(uint32_t key, size_t mask)
{
	return (size_t)(((uint64_t)key * DICT_MULT) >> 32) & mask;
}

static inline size_t dict_node_slot(uint64_t hash, size_t mask)
{
	return (size_t)(hash >> 20) & mask;
}

static inline uint8_t dict_tag(uint64_t hash)
{
	return (uint8_t)(hash >> 56);
}

/* The smallest power of two >= 2 * @n (a table at most half full). */
static size_t dict_table_size(size_t n)
{
	size_t sz = DICT_INIT;

	while (sz < 2U * n)
		sz *= 2U;
	return sz;
}

/**
 * sp90b_dict_init() - empty dictionary over a sequence
 * @d: the dictionary
 * @s: the sequence the prefixes are positions of
 * @nodes: expected number of prefixes (the tables grow beyond it)
 * @pairs: expected number of (prefix, successor) pairs
 *
 * Return: 0 or -ENOMEM.
 */
int sp90b_dict_init(struct sp90b_dict *d, const uint8_t *s, size_t nodes,
		    size_t pairs)
{
	size_t slots = dict_table_size(nodes);

	memset(d, 0, sizeof(*d));
	d->s = s;
	d->slot = calloc(slots, sizeof(*d->slot));
	d->slot_mask = slots - 1U;
	d->node_cap = slots / 2U;
	d->node = malloc(d->node_cap * sizeof(*d->node));
	d->pair_mask = dict_table_size(pairs) - 1U;
	d->pair = calloc(d->pair_mask + 1U, sizeof(*d->pair));
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
	uint8_t tag = dict_tag(hash);
	size_t i = dict_node_slot(hash, d->slot_mask);

	while (d->slot[i]) {
		const struct sp90b_dict_node *e = &d->node[d->slot[i] - 1U];

		if (e->tag == tag && e->len == len &&
		    !memcmp(d->s + e->pos, d->s + pos, len))
			return d->slot[i] - 1U;
		i = (i + 1U) & d->slot_mask;
	}
	return SP90B_DICT_NONE;
}

static void dict_slot_put(uint32_t *slot, size_t mask, uint64_t hash,
			  uint32_t v)
{
	size_t i = dict_node_slot(hash, mask);

	while (slot[i])
		i = (i + 1U) & mask;
	slot[i] = v;
}

/* The hash of a stored prefix, as sp90b_dict_hash() built it. */
static uint64_t dict_node_hash(const struct sp90b_dict *d,
			       const struct sp90b_dict_node *e)
{
	uint64_t h = 0;

	for (unsigned int j = e->len; j-- > 0;)
		h = sp90b_dict_hash(h, d->s[e->pos + j]);
	return h;
}

static int dict_grow_nodes(struct sp90b_dict *d)
{
	size_t cap = d->node_cap * 2U, mask = d->slot_mask * 2U + 1U;
	struct sp90b_dict_node *node;
	uint32_t *slot;

	node = realloc(d->node, cap * sizeof(*node));
	if (!node)
		return -ENOMEM;
	d->node = node;
	slot = calloc(mask + 1U, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	for (size_t i = 0; i < d->nodes; i++)
		dict_slot_put(slot, mask, dict_node_hash(d, &node[i]),
			      (uint32_t)i + 1U);
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

	if (d->nodes >= SP90B_DICT_MAX_NODES)
		return -ENOMEM;
	if (d->nodes == d->node_cap) {
		int err = dict_grow_nodes(d);

		if (err)
			return err;
	}
	e = &d->node[d->nodes];
	e->tag = dict_tag(hash);
	e->pos = (uint32_t)pos;
	e->len = (uint8_t)len;
	e->best = 0;
	e->pred = 0;
	e->first_count = 0;
	e->first = 0;
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

/*
 * Count a successor kept in the pair table: *c becomes its new count, 0
 * when it is not there and may not be added.
 */
static int dict_pair_count(struct sp90b_dict *d, uint32_t key, bool make_new,
			   bool *created, uint32_t *c)
{
	size_t i = dict_pair_slot(key, d->pair_mask);

	while (d->pair[i].key && d->pair[i].key != key)
		i = (i + 1U) & d->pair_mask;
	if (d->pair[i].key) {
		*c = ++d->pair[i].count;
		return 0;
	}
	*c = 0;
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
	*c = 1;
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
 * Most prefixes only ever see one successor: the first is kept in the
 * node, the others in the pair table.
 *
 * Return: 0 or -ENOMEM.
 */
int sp90b_dict_count(struct sp90b_dict *d, uint32_t id, uint8_t y,
		     bool make_new, bool *created)
{
	struct sp90b_dict_node *e = &d->node[id];
	uint32_t c = 0;

	*created = false;
	if (e->first_count && e->first == y) {
		c = ++e->first_count;
	} else if (!e->first_count) {
		if (make_new) {
			e->first = y;
			e->first_count = 1;
			*created = true;
			c = 1;
		}
	} else {
		int err = dict_pair_count(d, (id << 8) + y + 1U, make_new,
					  created, &c);

		if (err)
			return err;
	}
	if (c && (c > e->best || (c == e->best && y > e->pred))) {
		e->best = c;
		e->pred = y;
	}
	return 0;
}
