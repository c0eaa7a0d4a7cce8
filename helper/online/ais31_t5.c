// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_t5.c - procedure A's T5 (spec 3.2, autocorrelation) on one block of
 * 20000 bits held as in ais31_block.c: the lag search over tau = 1..5000 on
 * bits 1..10000, then Z for the chosen lag on bits 10001..20000.
 *
 * The lag search is 5000 x 5000 bit comparisons per block, 257 blocks per
 * procedure, so it is most of the daemon's start-up.  Two exact ways count
 * the differences, chosen at run time:
 *
 *   popcnt  one popcount per 64 bit pairs, for CPUs with an instruction for
 *           it (x86-64 with POPCNT, aarch64, ...; other architectures get
 *           whatever __builtin_popcountll() is there);
 *   csa     for x86-64 without POPCNT (QEMU's default CPU model "qemu64"),
 *           where __builtin_popcountll() is a call into libgcc: the 80
 *           difference words of a lag are added sixteen at a time in a
 *           carry-save adder tree (Harley-Seal: bit-sliced counters ones,
 *           twos, fours, eights), so one bit count in software serves
 *           sixteen words.  About 5 times faster than the libgcc calls in
 *           a TCG guest, 2 times slower than POPCNT on real hardware
 *           (docs/ais31.md, "Without POPCNT").
 *
 * Both give the same Z for every lag (tests/unit/test_ais31_t5.c).
 */
#include <errno.h>

#include "ais31.h"

/* T5 (spec 3.2): tau = 1..5000, sums over 5000 bits = 78 words + 8 bits. */
#define T5_SPAN		5000U
#define T5_FULL		78U
#define T5_TAIL_MASK	0xff00000000000000ULL
#define T5_LAGS		80U		/* q = 0..79 covers tau = 1..5000 */
#define T5_SHIFTED	(T5_LAGS + T5_FULL)	/* words of a shifted copy */
#define T5_GROUPS	5U		/* csa: words 0..79 in groups of 16 */

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define AIS31_T5_POPCNT_ATTR __attribute__((target("popcnt")))
#else
#define AIS31_T5_POPCNT_ATTR
#endif

/* Differences in bits 4993..5000 of the sum (t: the block's word, masked). */
AIS31_T5_POPCNT_ATTR static inline uint32_t ais31_t5_tail(uint64_t t,
							  uint64_t w)
{
	return (uint32_t)__builtin_popcountll(t ^ (w & T5_TAIL_MASK));
}

/*
 * popcnt: Z over bits 1..10000 for tau = 64 q + s, q = 0..79: the bits
 * b_{j+tau} are the shifted copy sh[] (sh[k] = 64 bits from bit 64 k + s)
 * moved by q words.  Four lags per pass: word k of the block meets
 * sh[q + k .. q + k + 3], and one step later sh[q + k + 1 .. q + k + 4], so
 * the shifted words slide through four registers and each step loads only
 * two words for four popcounts (memory accesses are what an emulator or a
 * small core pays for most).
 */
AIS31_T5_POPCNT_ATTR static void ais31_t5_popcnt(const uint64_t *blk,
						 const uint64_t *sh,
						 uint32_t *z)
{
	unsigned int q, k;

	for (q = 0; q < T5_LAGS; q += 4) {
		const uint64_t *w = sh + q;
		uint64_t t = blk[T5_FULL] & T5_TAIL_MASK, b;
		uint64_t w0 = w[0], w1 = w[1], w2 = w[2], w3;
		uint32_t z0 = 0, z1 = 0, z2 = 0, z3 = 0;

		/* Hot loop: 5000 x 78 popcounts per block; let it unroll. */
#pragma GCC unroll 4
		for (k = 0; k < T5_FULL; k++) {
			b = blk[k];
			w3 = w[k + 3];
			z0 += (uint32_t)__builtin_popcountll(b ^ w0);
			z1 += (uint32_t)__builtin_popcountll(b ^ w1);
			z2 += (uint32_t)__builtin_popcountll(b ^ w2);
			z3 += (uint32_t)__builtin_popcountll(b ^ w3);
			w0 = w1;
			w1 = w2;
			w2 = w3;
		}
		/* the last 8 bits: word T5_FULL of the block */
		z[q] = z0 + ais31_t5_tail(t, w0);
		z[q + 1] = z1 + ais31_t5_tail(t, w1);
		z[q + 2] = z2 + ais31_t5_tail(t, w2);
		z[q + 3] = z3 + ais31_t5_tail(t, w[T5_FULL + 3]);
	}
}

/* Carry-save adder: *hi:*lo = a + b + c, bit by bit. */
static inline void ais31_csa(uint64_t *hi, uint64_t *lo, uint64_t a,
			     uint64_t b, uint64_t c)
{
	uint64_t u = a ^ b;

	*hi = (a & b) | (u & c);
	*lo = u ^ c;
}

/* The ones of x without a popcount instruction (SWAR, bytes then sum). */
static inline uint32_t ais31_swar_ones(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (uint32_t)((x * 0x0101010101010101ULL) >> 56);
}

/*
 * The bit-sliced sums of one lag: ones, twos, fours and eights hold bits
 * 0..3 of the number of differences at each of the 64 bit positions, the
 * carries out of eights (the sixteens) are counted in sixteens.
 */
struct ais31_t5_acc {
	uint64_t ones;
	uint64_t twos;
	uint64_t fours;
	uint64_t eights;
	uint32_t sixteens;
};

/*
 * Add the sixteen difference words b[i] ^ w[i] (Harley-Seal: fifteen
 * carry-save adders, one bit count).  In the last group (words 64..79) word
 * 78 counts its first 8 bits only and word 79 is not part of the sum.
 */
static inline __attribute__((always_inline)) void
ais31_t5_add16(struct ais31_t5_acc *c, const uint64_t *b, const uint64_t *w,
	       bool last)
{
	uint64_t ta, tb, fa, fb, ea, eb, s;
	uint64_t d14 = b[14] ^ w[14], d15 = last ? 0 : b[15] ^ w[15];

	if (last)
		d14 &= T5_TAIL_MASK;
	ais31_csa(&ta, &c->ones, c->ones, b[0] ^ w[0], b[1] ^ w[1]);
	ais31_csa(&tb, &c->ones, c->ones, b[2] ^ w[2], b[3] ^ w[3]);
	ais31_csa(&fa, &c->twos, c->twos, ta, tb);
	ais31_csa(&ta, &c->ones, c->ones, b[4] ^ w[4], b[5] ^ w[5]);
	ais31_csa(&tb, &c->ones, c->ones, b[6] ^ w[6], b[7] ^ w[7]);
	ais31_csa(&fb, &c->twos, c->twos, ta, tb);
	ais31_csa(&ea, &c->fours, c->fours, fa, fb);
	ais31_csa(&ta, &c->ones, c->ones, b[8] ^ w[8], b[9] ^ w[9]);
	ais31_csa(&tb, &c->ones, c->ones, b[10] ^ w[10], b[11] ^ w[11]);
	ais31_csa(&fa, &c->twos, c->twos, ta, tb);
	ais31_csa(&ta, &c->ones, c->ones, b[12] ^ w[12], b[13] ^ w[13]);
	ais31_csa(&tb, &c->ones, c->ones, d14, d15);
	ais31_csa(&fb, &c->twos, c->twos, ta, tb);
	ais31_csa(&eb, &c->fours, c->fours, fa, fb);
	ais31_csa(&s, &c->eights, c->eights, ea, eb);
	c->sixteens += ais31_swar_ones(s);
}

/*
 * csa: the same sums as ais31_t5_popcnt() for q = 0..lags - 1, one lag per
 * pass, words 0..79 of the block against sh[q + 0 .. q + 79] in five groups
 * of sixteen.
 */
static void ais31_t5_csa(const uint64_t *blk, const uint64_t *sh,
			 unsigned int lags, uint32_t *z)
{
	unsigned int q, g;

	for (q = 0; q < lags; q++) {
		struct ais31_t5_acc c = { 0 };

		for (g = 0; g + 16 < T5_GROUPS * 16; g += 16)
			ais31_t5_add16(&c, blk + g, sh + q + g, false);
		ais31_t5_add16(&c, blk + g, sh + q + g, true);
		z[q] = 16 * c.sixteens + 8 * ais31_swar_ones(c.eights) +
		       4 * ais31_swar_ones(c.fours) +
		       2 * ais31_swar_ones(c.twos) + ais31_swar_ones(c.ones);
	}
}

/* Does this CPU count bits in one instruction? */
static bool ais31_t5_have_popcnt(void)
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
	return __builtin_cpu_supports("popcnt");
#else
	return true;
#endif
}

/**
 * ais31_t5_lags() - Z_tau of T5 for every lag (spec 3.2, step 1)
 * @blk: the block
 * @impl: the way to count (AIS31_T5_AUTO: the fastest this CPU has)
 * @z: out: z[tau] = sum over j = 1..5000 of b_j xor b_{j+tau}, for
 *	tau = 1..5000 (5001 entries; z[0] is not written)
 *
 * Return: 0, or -EOPNOTSUPP for AIS31_T5_POPCNT on a CPU without it.
 */
int ais31_t5_lags(const uint64_t *blk, enum ais31_t5_impl impl, uint32_t *z)
{
	bool popcnt = ais31_t5_have_popcnt();
	uint64_t sh[T5_SHIFTED];
	uint32_t zq[T5_LAGS];
	unsigned int s, k, q;

	if (impl == AIS31_T5_AUTO)
		impl = popcnt ? AIS31_T5_POPCNT : AIS31_T5_CSA;
	if (impl == AIS31_T5_POPCNT && !popcnt)
		return -EOPNOTSUPP;
	for (s = 0; s < 64; s++) {
		for (k = 0; k < T5_SHIFTED; k++)
			sh[k] = ais31_get64(blk, 64 * k + s);
		/* q up to (5000 - s) / 64: the lags past 5000 are not needed */
		if (impl == AIS31_T5_CSA)
			ais31_t5_csa(blk, sh, (T5_SPAN - s) / 64 + 1, zq);
		else
			ais31_t5_popcnt(blk, sh, zq);
		for (q = 0; q < T5_LAGS; q++)
			if (64 * q + s >= 1 && 64 * q + s <= T5_SPAN)
				z[64 * q + s] = zq[q];
	}
	return 0;
}

/* Z = sum over j = 1..5000 of b_{p+j} xor b_{p+j+tau}, p = bit offset. */
static uint32_t ais31_t5_sum(const uint64_t *blk, size_t p, size_t tau)
{
	uint32_t z;
	unsigned int k;

	z = (uint32_t)__builtin_popcountll((ais31_get64(blk, p + 64 * T5_FULL) ^
					    ais31_get64(blk, p + tau +
							64 * T5_FULL)) &
					   T5_TAIL_MASK);
	for (k = 0; k < T5_FULL; k++)
		z += (uint32_t)__builtin_popcountll(ais31_get64(blk, p + 64 * k) ^
						    ais31_get64(blk, p + tau +
								64 * k));
	return z;
}

/**
 * ais31_t5_z() - T5 statistic (spec 3.2)
 * @blk: the block
 * @tau0: out: the tau in 1..5000 maximising |Z_tau - 2500| over bits
 *	1..10000 (smallest on ties)
 *
 * Return: Z for @tau0 over bits 10001..20000.
 */
uint32_t ais31_t5_z(const uint64_t *blk, uint32_t *tau0)
{
	uint32_t z[T5_SPAN + 1], dev = 0, d, tau, best = 1;

	(void)ais31_t5_lags(blk, AIS31_T5_AUTO, z);	/* AUTO cannot fail */
	for (tau = 1; tau <= T5_SPAN; tau++) {
		d = z[tau] > T5_SPAN / 2 ? z[tau] - T5_SPAN / 2 :
					   T5_SPAN / 2 - z[tau];
		/* Ties: the smallest tau wins (spec 3.2, step 2). */
		if (d > dev) {
			dev = d;
			best = tau;
		}
	}
	*tau0 = best;
	return ais31_t5_sum(blk, 2 * T5_SPAN, best);
}
