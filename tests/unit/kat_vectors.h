/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kat_vectors.h - the known-answer vectors of the AIS 31 implementer
 * specification, section 9, built from a seeded generator, with their
 * expected verdicts.  Edge vectors carry their designed 20000-bit block at
 * byte 0 (for "tests" mode) and at byte 393216 (procedure A round 1).
 */
#ifndef HAVEGE_TESTS_KAT_VECTORS_H
#define HAVEGE_TESTS_KAT_VECTORS_H

#include "kat.h"

/**
 * struct kat_vector - one row of the spec's KAT table
 * @name: as in the spec
 * @build: fills KAT_LEN bytes
 * @arg: parameter of @build (a count, a lag, ...)
 * @cells: tests mode, one character per basic test in the order of
 *	enum ais31_check: 'P', 'F', or '*' (not controlled by the design)
 * @proc_a: procedure A verdict 'P' / 'F', or '*'
 * @runs_a: runs used by procedure A (0: not controlled)
 * @proc_b: procedure B verdict
 * @runs_b: runs used by procedure B
 */
struct kat_vector {
	const char *name;
	void (*build)(struct kat_rng *r, uint8_t *b, long arg);
	long arg;
	const char *cells;
	char proc_a;
	unsigned int runs_a;
	char proc_b;
	unsigned int runs_b;
};

static inline void kat_fill(struct kat_rng *r, uint8_t *b, long arg)
{
	(void)r;
	memset(b, (int)arg, KAT_LEN);
}

static inline void kat_urandom(struct kat_rng *r, uint8_t *b, long arg)
{
	(void)arg;
	kat_random(r, b, KAT_LEN);
}

/* iid bits with P(1) = arg / 1000 (in steps of 2^-16). */
static inline void kat_bias(struct kat_rng *r, uint8_t *b, long arg)
{
	uint32_t thr = (uint32_t)((arg * 65536 + 500) / 1000);
	size_t i;

	for (i = 0; i < 8 * (size_t)KAT_LEN; i++)
		kat_set(b, i, kat_bits(r, 16) < thr);
}

static inline void kat_sevenbit(struct kat_rng *r, uint8_t *b, long arg)
{
	size_t i;

	(void)arg;
	kat_random(r, b, KAT_LEN);
	for (i = 0; i < KAT_LEN; i++)
		b[i] &= 0x7f;
}

/* Flat nibble histogram (8 values 313 times, 8 values 312 times). */
static inline void kat_flatpoker(struct kat_rng *r, uint8_t *b, long arg)
{
	unsigned int f[16], v;
	size_t off;

	(void)arg;
	for (v = 0; v < 16; v++)
		f[v] = v < 8 ? 313 : 312;
	kat_random(r, b, KAT_LEN);
	kat_poker_block(r, b, 0, f);
	for (off = KAT_ROUND1; off + KAT_BLOCK <= KAT_LEN; off += KAT_BLOCK)
		kat_poker_block(r, b, off, f);
}

/* b_i = b_{i - lag} with probability p, else a fresh bit; arg = lag * 1000 + p in 1/1000. */
static inline void kat_lag(struct kat_rng *r, uint8_t *b, long arg)
{
	size_t lag = (size_t)(arg / 1000), i;
	uint32_t thr = (uint32_t)(((arg % 1000) * 65536 + 500) / 1000);

	for (i = 0; i < 8 * (size_t)KAT_LEN; i++) {
		if (i >= lag && kat_bits(r, 16) < thr)
			kat_set(b, i, kat_bit(b, i - lag));
		else
			kat_set(b, i, kat_bits(r, 1));
	}
}

/* Copy T0 word 10 over word 60000 of the T0 window at byte off. */
static inline void kat_dup_word(uint8_t *b, size_t off)
{
	size_t i;

	for (i = 0; i < 48; i++)
		kat_set(b, 8 * off + 48 * 60000 + i, kat_bit(b, 8 * off + 48 * 10 + i));
}

/* arg 1: first T0 window only; 2: also the retry's T0 window. */
static inline void kat_t0dup(struct kat_rng *r, uint8_t *b, long arg)
{
	kat_random(r, b, KAT_LEN);
	kat_dup_word(b, 0);
	if (arg == 2)
		kat_dup_word(b, KAT_RUN_A);
}

static inline void kat_edge_copy(uint8_t *b)
{
	memcpy(b + KAT_ROUND1, b, KAT_BLOCK);
}

/* A block with exactly arg ones. */
static inline void kat_t1(struct kat_rng *r, uint8_t *b, long arg)
{
	kat_random(r, b, KAT_LEN);
	kat_adjust_ones(r, b, 0, 20000, (size_t)arg);
	kat_edge_copy(b);
}

/* A block whose only run of arg or more bits is one run of arg ones. */
static inline void kat_t4(struct kat_rng *r, uint8_t *b, long arg)
{
	uint32_t runs[2][6];
	size_t i;

	do {
		kat_random(r, b, KAT_LEN);
		kat_set(b, 4999, 0);
		for (i = 0; i < (size_t)arg; i++)
			kat_set(b, 5000 + i, 1);
		kat_set(b, 5000 + (size_t)arg, 0);
	} while (kat_ref_runs(b, 0, runs) != (uint32_t)arg);
	kat_edge_copy(b);
}

/* A block with poker sum S = arg. */
static inline void kat_t2(struct kat_rng *r, uint8_t *b, long arg)
{
	unsigned int f[16];

	kat_random(r, b, KAT_LEN);
	if (!kat_poker_hist(f, (unsigned long)arg))
		memset(b, 0, KAT_LEN);	/* makes the KAT fail loudly */
	kat_poker_block(r, b, 0, f);
	kat_edge_copy(b);
}

/*
 * Exactly arg ones in the first 100000 bits, with the first 20000 bits
 * kept at 10000 ones so that tests-mode T1..T5 still see a good block.
 */
static inline void kat_t6a(struct kat_rng *r, uint8_t *b, long arg)
{
	kat_random(r, b, KAT_LEN);
	kat_adjust_ones(r, b, 0, 20000, 10000);
	kat_adjust_ones(r, b, 20000, 100000, (size_t)arg - 10000);
}

/* Spec section 9, cells in enum ais31_check order. */
static const struct kat_vector kat_vectors[] = {
	{ "zeros", kat_fill, 0x00, "FFFFFFFFFFFFFFF", 'F', 1, 'F', 1 },
	{ "ones", kat_fill, 0xff, "FFFFFFFFFFFFFFF", 'F', 1, 'F', 1 },
	{ "alt01", kat_fill, 0x55, "FPFFPFPFFFFFFFF", 'F', 1, 'F', 1 },
	{ "const_aa", kat_fill, 0xaa, "FPFFPFPFFFFFFFF", 'F', 1, 'F', 1 },
	{ "bias055", kat_bias, 550, "PFF*PPFP**FFFFF", 'F', 1, 'F', 1 },
	{ "sevenbit", kat_sevenbit, 0, "PFF*PFFFFFFFFFF", 'F', 1, 'F', 1 },
	{ "flatpoker", kat_flatpoker, 0, "PPFPPPPPPPPPPPP", 'F', 1, 'P', 1 },
	{ "lag1013", kat_lag, 1013150, "PPPPPFPPPPPPPPP", 'F', 1, 'P', 1 },
	{ "lag2", kat_lag, 2030, "PPPPP*PPFFPPPPP", '*', 0, 'F', 1 },
	{ "t0dup", kat_t0dup, 1, "FPPPPPPPPPPPPPP", 'P', 2, 'P', 1 },
	{ "t0dup2", kat_t0dup, 2, "FPPPPPPPPPPPPPP", 'F', 2, 'P', 1 },
	{ "t1_9654", kat_t1, 9654, "PFPPPPPPPPPPPPP", 'P', 2, 'P', 1 },
	{ "t1_9655", kat_t1, 9655, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t1_10345", kat_t1, 10345, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t1_10346", kat_t1, 10346, "PFPPPPPPPPPPPPP", 'P', 2, 'P', 1 },
	{ "t4_run33", kat_t4, 33, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t4_run34", kat_t4, 34, "PPPPFPPPPPPPPPP", 'P', 2, 'P', 1 },
	{ "t2_S1562820", kat_t2, 1562820, "PPFPPPPPPPPPPPP", 'P', 2, 'P', 1 },
	{ "t2_S1562822", kat_t2, 1562822, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t2_S1580436", kat_t2, 1580436, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t2_S1580438", kat_t2, 1580438, "PPFPPPPPPPPPPPP", 'P', 2, 'P', 1 },
	{ "t6a_47500", kat_t6a, 47500, "PPPPPPFPPPPPPPP", 'P', 1, 'P', 2 },
	{ "t6a_47501", kat_t6a, 47501, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t6a_52499", kat_t6a, 52499, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
	{ "t6a_52500", kat_t6a, 52500, "PPPPPPFPPPPPPPP", 'P', 1, 'P', 2 },
	{ "urandom", kat_urandom, 0, "PPPPPPPPPPPPPPP", 'P', 1, 'P', 1 },
};

#define KAT_NVECTORS	ARRAY_SIZE(kat_vectors)

/* Build vector i with its own fixed seed. */
static inline void kat_build(size_t i, uint8_t *b)
{
	struct kat_rng r;

	kat_seed(&r, 0x41495333310000ULL + i);
	kat_vectors[i].build(&r, b, kat_vectors[i].arg);
}

#endif /* HAVEGE_TESTS_KAT_VECTORS_H */
