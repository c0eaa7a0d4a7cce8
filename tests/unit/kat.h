/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kat.h - builds the known-answer vectors of the AIS 31 implementer
 * specification (section 9) from a seeded generator, and naive bit-by-bit
 * reference statistics to check the word-at-a-time code against.
 *
 * Header-only (static functions): every tests/unit/test_*.c is its own
 * program.  All vectors are KAT_LEN bytes, MSB-first.
 */
#ifndef HAVEGE_TESTS_KAT_H
#define HAVEGE_TESTS_KAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define KAT_LEN		2300000U
#define KAT_BLOCK	2500U		/* 20000 bits */
#define KAT_ROUND1	393216U		/* byte of procedure A round 1 */
#define KAT_RUN_A	1035716U	/* bytes of one procedure A run */

/* xoshiro256** seeded through splitmix64: small, fast, good enough. */
struct kat_rng {
	uint64_t s[4];
	uint64_t pool;
	unsigned int left;
};

static inline uint64_t kat_rotl(uint64_t x, unsigned int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline void kat_seed(struct kat_rng *r, uint64_t seed)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		r->s[i] = z ^ (z >> 31);
	}
	r->left = 0;
}

static inline uint64_t kat_next(struct kat_rng *r)
{
	uint64_t *s = r->s, res = kat_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = kat_rotl(s[3], 45);
	return res;
}

/* k (<= 32) random bits from a pool, so cheap decisions stay cheap. */
static inline uint32_t kat_bits(struct kat_rng *r, unsigned int k)
{
	uint32_t v;

	if (r->left < k) {
		r->pool = kat_next(r);
		r->left = 64;
	}
	v = (uint32_t)(r->pool & ((1ULL << k) - 1));
	r->pool >>= k;
	r->left -= k;
	return v;
}

/* Uniform in [0, n). */
static inline size_t kat_below(struct kat_rng *r, size_t n)
{
	return (size_t)(kat_next(r) % n);
}

static inline void kat_random(struct kat_rng *r, uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)kat_bits(r, 8);
}

static inline unsigned int kat_bit(const uint8_t *b, size_t i)
{
	return ((unsigned int)b[i / 8] >> (7 - i % 8)) & 1U;
}

static inline void kat_set(uint8_t *b, size_t i, unsigned int v)
{
	uint8_t m = (uint8_t)(0x80U >> (i % 8));

	b[i / 8] = (uint8_t)(v ? b[i / 8] | m : b[i / 8] & ~m);
}

static inline size_t kat_ones(const uint8_t *b, size_t lo, size_t hi)
{
	size_t n = 0;

	for (; lo < hi; lo++)
		n += kat_bit(b, lo);
	return n;
}

/* Flip random bits of [lo, hi) until exactly target of them are ones. */
static inline void kat_adjust_ones(struct kat_rng *r, uint8_t *b, size_t lo,
				   size_t hi, size_t target)
{
	size_t n = kat_ones(b, lo, hi);

	while (n != target) {
		size_t i = lo + kat_below(r, hi - lo);
		unsigned int want = n < target;

		if (kat_bit(b, i) != want) {
			kat_set(b, i, want);
			n = want ? n + 1 : n - 1;
		}
	}
}

/* Write 5000 nibbles with histogram f[] in random order at byte off. */
static inline void kat_poker_block(struct kat_rng *r, uint8_t *b, size_t off,
				   const unsigned int f[16])
{
	uint8_t nib[5000];
	unsigned int v, k, n = 0;
	size_t i;

	for (v = 0; v < 16; v++)
		for (k = 0; k < f[v]; k++)
			nib[n++] = (uint8_t)v;
	for (i = n - 1; i > 0; i--) {
		size_t j = kat_below(r, i + 1);
		uint8_t t = nib[i];

		nib[i] = nib[j];
		nib[j] = t;
	}
	for (i = 0; i < 2500; i++)
		b[off + i] = (uint8_t)(nib[2 * i] << 4 | nib[2 * i + 1]);
}

static inline unsigned long kat_poker_sum(const unsigned int f[16])
{
	unsigned long s = 0;
	unsigned int v;

	for (v = 0; v < 16; v++)
		s += (unsigned long)f[v] * f[v];
	return s;
}

/*
 * A histogram of 5000 nibbles with sum of squares exactly target (even,
 * >= the flat 1 562 504): start flat, then move one nibble at a time from
 * a value u to a value v of the same popcount (so T1 stays put), which
 * adds 2 (f[v] - f[u]) + 2, taking the largest step that does not
 * overshoot.  Returns false if no exact hit was found.
 */
static inline bool kat_poker_hist(unsigned int f[16], unsigned long target)
{
	unsigned long s;
	unsigned int u, v, bu = 0, bv = 0;
	long best;

	for (v = 0; v < 16; v++)
		f[v] = v < 8 ? 313 : 312;
	for (s = kat_poker_sum(f); s < target; s = kat_poker_sum(f)) {
		best = 0;
		for (u = 0; u < 16; u++)
			for (v = 0; v < 16; v++) {
				long d = 2 * ((long)f[v] - (long)f[u]) + 2;

				if (u == v || !f[u] ||
				    __builtin_popcount(u) != __builtin_popcount(v) ||
				    d > (long)(target - s) || d <= best)
					continue;
				best = d;
				bu = u;
				bv = v;
			}
		if (!best)
			return false;
		f[bu]--;
		f[bv]++;
	}
	return s == target;
}

/* ---- naive references, one bit at a time (spec sections 3 and 4) ---- */

static inline uint32_t kat_ref_t1(const uint8_t *b, size_t off)
{
	return (uint32_t)kat_ones(b, off, off + 20000);
}

static inline uint32_t kat_ref_t2(const uint8_t *b, size_t off)
{
	uint32_t f[16] = { 0 }, s = 0, i, v;

	for (i = 0; i < 5000; i++) {
		size_t p = off + 4 * i;

		f[kat_bit(b, p) << 3 | kat_bit(b, p + 1) << 2 |
		  kat_bit(b, p + 2) << 1 | kat_bit(b, p + 3)]++;
	}
	for (v = 0; v < 16; v++)
		s += f[v] * f[v];
	return s;
}

static inline uint32_t kat_ref_runs(const uint8_t *b, size_t off,
				    uint32_t runs[2][6])
{
	uint32_t len = 1, longest = 0, i;

	memset(runs, 0, sizeof(uint32_t) * 12);
	for (i = 1; i <= 20000; i++) {
		if (i < 20000 && kat_bit(b, off + i) == kat_bit(b, off + i - 1)) {
			len++;
			continue;
		}
		runs[kat_bit(b, off + i - 1)][len < 6 ? len - 1 : 5]++;
		if (len > longest)
			longest = len;
		len = 1;
	}
	return longest;
}

static inline uint32_t kat_ref_z(const uint8_t *b, size_t off, uint32_t tau)
{
	uint32_t z = 0, j;

	for (j = 0; j < 5000; j++)
		z += kat_bit(b, off + j) ^ kat_bit(b, off + j + tau);
	return z;
}

static inline uint32_t kat_ref_t5(const uint8_t *b, size_t off,
				  uint32_t *tau0)
{
	uint32_t tau, best = 0, bt = 0;

	for (tau = 1; tau <= 5000; tau++) {
		uint32_t z = kat_ref_z(b, off, tau);
		uint32_t d = z > 2500 ? z - 2500 : 2500 - z;

		if (!bt || d > best) {
			best = d;
			bt = tau;
		}
	}
	*tau0 = bt;
	return kat_ref_z(b, off + 10000, bt);
}

#endif /* HAVEGE_TESTS_KAT_H */
