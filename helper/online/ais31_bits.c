// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_bits.c - the bit reader shared by procedures A and B: copies bits
 * from a byte cursor into an array of 64-bit words, first bit at the MSB
 * of word 0 (spec section 1), so every test can work a word at a time.
 */
#include <endian.h>
#include <string.h>

#include "ais31.h"

/* Reverse the bits inside each byte of x (LSB-first input). */
static uint64_t ais31_rev_bytes(uint64_t x)
{
	x = ((x >> 1) & 0x5555555555555555ULL) |
	    ((x & 0x5555555555555555ULL) << 1);
	x = ((x >> 2) & 0x3333333333333333ULL) |
	    ((x & 0x3333333333333333ULL) << 2);
	return ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) |
	       ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
}

/* The 8 bytes from byte b on, big-endian, zero past the end of the data. */
static uint64_t ais31_load(const struct ais31_in *in, size_t b)
{
	size_t nbytes = (in->end + 7) / 8;
	uint8_t tmp[8] = { 0 };
	uint64_t x;

	if (b + 8 <= nbytes)
		memcpy(tmp, in->buf + b, 8);
	else if (b < nbytes)
		memcpy(tmp, in->buf + b, nbytes - b);
	memcpy(&x, tmp, 8);
	x = be64toh(x);
	return in->lsb ? ais31_rev_bytes(x) : x;
}

/**
 * ais31_gather() - append input bits to a word accumulator
 * @acc: words; bit i of the accumulator is bit (63 - i % 64) of acc[i / 64]
 * @fill: bits already in @acc
 * @need: bits wanted in @acc
 * @in: cursor; advanced by the bits copied
 *
 * Copies min(@need - @fill, bits left in @in) bits.  Words are written
 * whole the first time they are touched, so bits past the last one copied
 * are zero.
 *
 * Return: the new fill level.
 */
size_t ais31_gather(uint64_t *acc, size_t fill, size_t need,
		    struct ais31_in *in)
{
	size_t n = need - fill;

	if (n > in->end - in->pos)
		n = in->end - in->pos;
	while (n) {
		size_t d = fill / 64, o = fill % 64, r = in->pos % 8;
		size_t k = 64 - o;
		uint64_t x;

		if (k > 56)
			k = 56;
		if (k > n)
			k = n;
		if (!o && !r && n >= 64)
			k = 64;
		x = ais31_load(in, in->pos / 8) << r;
		x >>= 64 - k;
		if (!o)
			acc[d] = x << (64 - k);
		else
			acc[d] |= x << (64 - o - k);
		fill += k;
		in->pos += k;
		n -= k;
	}
	return fill;
}
