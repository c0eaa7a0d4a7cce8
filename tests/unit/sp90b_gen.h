/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sp90b_gen.h - fixed-seed symbol sequences for the SP 800-90B estimator
 * unit tests (test_sp90b_tuple.c, test_sp90b_predict.c).  The expected
 * values quoted there came from NIST's ea_non_iid run on files holding
 * exactly these bytes (written by a program including this header), so
 * the generators must never change.
 *
 * Header-only (static functions): every tests/unit/test_*.c is its own
 * program.
 */
#ifndef HAVEGE_TESTS_SP90B_GEN_H
#define HAVEGE_TESTS_SP90B_GEN_H

#include <stddef.h>
#include <stdint.h>

/* splitmix64 (Steele, Lea, Flood 2014). */
static inline uint64_t sp90b_gen_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in 0..m-1 (m small: the modulo bias does not matter here). */
static inline unsigned int sp90b_gen_below(uint64_t *state, unsigned int m)
{
	return (unsigned int)(sp90b_gen_next(state) % m);
}

/*
 * "walk8": bytes of a lazy random walk mod 256 (stay 5/8, +1, -1, +2, -2
 * 1/16 each, a uniform jump 1/8): prefixes repeat at every depth, and
 * 120,000 of them fill MultiMMC's and LZ78Y's dictionaries.
 */
static inline void sp90b_gen_walk8(uint8_t *s, size_t n, uint64_t seed)
{
	static const unsigned int step[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 1, 255, 2, 254, 0, 0, 0, 0,
	};
	unsigned int x = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned int u = sp90b_gen_below(&seed, 16);

		if (u == 12 || u == 13)
			x = sp90b_gen_below(&seed, 256);
		else
			x = (x + step[u]) & 255U;
		s[i] = (uint8_t)x;
	}
}

/*
 * "markov2": bits of a binary Markov chain that repeats the last bit with
 * probability 5/8.
 */
static inline void sp90b_gen_markov2(uint8_t *s, size_t n, uint64_t seed)
{
	unsigned int x = 0;

	for (size_t i = 0; i < n; i++) {
		if (sp90b_gen_below(&seed, 8) >= 5)
			x ^= 1U;
		s[i] = (uint8_t)x;
	}
}

/*
 * "repeat8": 120,000 uniform bytes, then the same bytes again: in the
 * second pass every long context is known if it made it into MultiMMC's
 * dictionaries (100,000 entries each), so the limit shows in the result.
 */
static inline void sp90b_gen_repeat8(uint8_t *s, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++)
		s[i] = i < 120000 ? (uint8_t)sp90b_gen_below(&seed, 256) :
				    s[i - 120000];
}

/*
 * "lfsr1": bits s[i] = s[i-16] ^ s[i-14], flipped with probability 1/8:
 * only 16-bit contexts predict, and they number more than MultiMMC's
 * 100,000 entries.
 */
static inline void sp90b_gen_lfsr1(uint8_t *s, size_t n, uint64_t seed)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int x = (unsigned int)(sp90b_gen_next(&seed) >> 63);

		if (i >= 16 && sp90b_gen_below(&seed, 8) != 0)
			x = s[i - 16] ^ s[i - 14];
		s[i] = (uint8_t)x;
	}
}

/* "uniform": independent uniform symbols 0..k-1. */
static inline void sp90b_gen_uniform(uint8_t *s, size_t n, unsigned int k,
				     uint64_t seed)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (uint8_t)sp90b_gen_below(&seed, k);
}

#endif /* HAVEGE_TESTS_SP90B_GEN_H */
