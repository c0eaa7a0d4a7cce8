// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_block.c - statistics of procedure A's tests T1..T4 on one block of
 * 20000 bits held in 313 words (bit 1 = MSB of word 0; the bits after bit
 * 20000 and the word after the block are zero), computed 64 bits at a time.
 * T5 is in ais31_t5.c.
 */
#include <string.h>

#include "ais31.h"

#define BLK_WORDS	313U		/* ceil(20000 / 64) */
#define BLK_TAIL	32U		/* bits of the block in its last word */

/*
 * On x86-64 the baseline ISA has no popcount instruction; run the popcount
 * loops in a copy compiled for it when the CPU has one (glibc ifunc).
 * Other architectures (aarch64: CNT) need nothing.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AIS31_POPCNT __attribute__((target_clones("popcnt", "default")))
#else
#define AIS31_POPCNT
#endif

/**
 * ais31_t1_ones() - T1 statistic
 * @blk: the block
 *
 * Return: n1, the number of ones.
 */
AIS31_POPCNT uint32_t ais31_t1_ones(const uint64_t *blk)
{
	uint32_t n = 0;
	unsigned int i;

	for (i = 0; i < BLK_WORDS; i++)
		n += (uint32_t)__builtin_popcountll(blk[i]);
	return n;
}

/**
 * ais31_t2_sum() - T2 statistic
 * @blk: the block
 *
 * Return: S = sum over v of f[v]^2, f[v] = count of nibble value v among
 * the 5000 nibbles b1..b4, b5..b8, ...
 */
uint32_t ais31_t2_sum(const uint64_t *blk)
{
	uint32_t f[16] = { 0 }, s = 0;
	unsigned int i, sh, v;

	for (i = 0; i < BLK_WORDS; i++) {
		uint64_t x = blk[i];
		unsigned int lo = i + 1 < BLK_WORDS ? 0 : 64 - BLK_TAIL;

		for (sh = 64; sh > lo; sh -= 4)
			f[(x >> (sh - 4)) & 15]++;
	}
	for (v = 0; v < 16; v++)
		s += f[v] * f[v];
	return s;
}

/* Word k of the block, inverted if inv, zero past bit 20000. */
static uint64_t ais31_runs_word(const uint64_t *blk, unsigned int k,
				uint64_t inv)
{
	uint64_t valid = k + 1 < BLK_WORDS ? ~0ULL : ~0ULL << (64 - BLK_TAIL);

	return k < BLK_WORDS ? (blk[k] ^ inv) & valid : 0;
}

/* Length of the run of ones (in the inv view) that starts at bit p. */
static uint32_t ais31_run_len(const uint64_t *blk, size_t p, uint64_t inv)
{
	unsigned int k = (unsigned int)(p / 64), o = (unsigned int)(p % 64);
	uint64_t v = ais31_runs_word(blk, k, inv) << o;
	uint32_t len = 0;

	if (o)
		v |= ais31_runs_word(blk, k + 1, inv) >> (64 - o);
	while (!~v) {
		len += 64;
		p += 64;
		k = (unsigned int)(p / 64);
		v = ais31_runs_word(blk, k, inv) << o;
		if (o)
			v |= ais31_runs_word(blk, k + 1, inv) >> (64 - o);
	}
	return len + (uint32_t)__builtin_clzll(~v);
}

/*
 * Runs of ones in the inv view, 64 bits at a time: st marks the first bit
 * of each run, a the bits followed by at least L - 1 ones, so
 * popcount(st & a) counts the runs of length >= L.  Only the runs of 6 or
 * more (about 3 % of them) are measured one by one, for T4.
 */
AIS31_POPCNT static uint32_t ais31_runs_of(const uint64_t *blk, uint64_t inv,
					  uint32_t ge[7])
{
	uint64_t px = 0, x, nx, st, a, m;
	uint32_t longest = 0, len;
	unsigned int k, l;

	for (k = 0; k < BLK_WORDS; k++, px = x) {
		x = ais31_runs_word(blk, k, inv);
		nx = ais31_runs_word(blk, k + 1, inv);
		st = x & ~((x >> 1) | (px << 63));
		a = x;
		ge[1] += (uint32_t)__builtin_popcountll(st);
		for (l = 1; l < 6; l++) {
			a &= (x << l) | (nx >> (64 - l));
			ge[l + 1] += (uint32_t)__builtin_popcountll(st & a);
		}
		for (m = st & a; m; m &= m - 1) {
			len = ais31_run_len(blk, (size_t)k * 64 + 63 -
					   (unsigned int)__builtin_ctzll(m), inv);
			if (len > longest)
				longest = len;
		}
	}
	return longest;
}

/**
 * ais31_t34_runs() - T3 and T4 statistics
 * @blk: the block
 * @runs: out: runs of zeros [0] and ones [1] by length 1..5 and >= 6
 *
 * The first and the last run of the block count (spec 3.2).
 *
 * Return: the longest run (T4).
 */
uint32_t ais31_t34_runs(const uint64_t *blk, uint32_t runs[2][6])
{
	uint32_t longest = 0, len;
	unsigned int v, l;

	for (v = 0; v < 2; v++) {
		uint32_t ge[7] = { 0 };

		len = ais31_runs_of(blk, v ? 0 : ~0ULL, ge);
		/* Without runs of 6 or more, the longest is the last L > 0. */
		if (!ge[6])
			for (len = 5; len && !ge[len]; len--)
				;
		if (len > longest)
			longest = len;
		for (l = 1; l < 6; l++)
			runs[v][l - 1] = ge[l] - ge[l + 1];
		runs[v][5] = ge[6];
	}
	return longest;
}
