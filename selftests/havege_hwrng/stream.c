// SPDX-License-Identifier: GPL-2.0
/*
 * Counter-based stream (the splitmix64 construction) whose output words can
 * be mapped back to their index: every step of the splitmix64 finaliser is a
 * bijection on 64-bit integers, so it is inverted step by step.
 */
#include <errno.h>

#include "stream.h"

#define STREAM_GAMMA	0x9e3779b97f4a7c15ULL
#define STREAM_MUL1	0xbf58476d1ce4e5b9ULL
#define STREAM_MUL2	0x94d049bb133111ebULL
/* a piece must match this many bytes at a located position to count */
#define STREAM_CONFIRM	15

static uint64_t stream_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * STREAM_MUL1;
	z = (z ^ (z >> 27)) * STREAM_MUL2;
	return z ^ (z >> 31);
}

/* Multiplicative inverse of an odd number modulo 2^64 (Newton's method). */
static uint64_t stream_inv(uint64_t a)
{
	uint64_t x = a;
	int i;

	for (i = 0; i < 6; i++)
		x *= 2 - a * x;
	return x;
}

static uint64_t stream_unshift(uint64_t y, unsigned int shift)
{
	uint64_t x = y;
	unsigned int done;

	for (done = shift; done < 64; done += shift)
		x = y ^ (x >> shift);
	return x;
}

static uint64_t stream_unmix(uint64_t z)
{
	z = stream_unshift(z, 31) * stream_inv(STREAM_MUL2);
	z = stream_unshift(z, 27) * stream_inv(STREAM_MUL1);
	return stream_unshift(z, 30);
}

/**
 * stream_key() - derive the stream key from a user-visible seed
 * @seed: any value; equal seeds give equal streams
 *
 * Return: the key passed to the other stream_*() functions.
 */
uint64_t stream_key(uint64_t seed)
{
	return stream_mix(seed ^ 0x6861766567650000ULL);
}

/**
 * stream_word() - word @index of the stream
 * @key: stream key
 * @index: word index (bytes 8*index .. 8*index+7)
 *
 * Return: the word; its bytes appear in the stream least significant first.
 */
uint64_t stream_word(uint64_t key, uint64_t index)
{
	return stream_mix(key + (index + 1) * STREAM_GAMMA);
}

/**
 * stream_byte() - the byte at stream position @pos
 * @key: stream key
 * @pos: byte position
 *
 * Return: the byte.
 */
uint8_t stream_byte(uint64_t key, uint64_t pos)
{
	return (uint8_t)(stream_word(key, pos >> 3) >> ((pos & 7) * 8));
}

/**
 * stream_fill() - copy stream bytes [@pos, @pos + @len) into @buf
 * @key: stream key
 * @pos: first position
 * @buf: destination
 * @len: number of bytes
 */
void stream_fill(uint64_t key, uint64_t pos, uint8_t *buf, size_t len)
{
	uint64_t word = stream_word(key, pos >> 3);
	size_t i;

	for (i = 0; i < len; i++, pos++) {
		if (i && !(pos & 7))
			word = stream_word(key, pos >> 3);
		buf[i] = (uint8_t)(word >> ((pos & 7) * 8));
	}
}

/**
 * stream_match() - length of the common prefix of @buf and the stream at @pos
 * @key: stream key
 * @pos: stream position compared with @buf[0]
 * @buf: bytes to compare
 * @len: length of @buf
 *
 * Return: number of leading bytes of @buf equal to the stream from @pos.
 */
size_t stream_match(uint64_t key, uint64_t pos, const uint8_t *buf,
		    size_t len)
{
	uint64_t word = stream_word(key, pos >> 3);
	size_t i;

	for (i = 0; i < len; i++, pos++) {
		if (i && !(pos & 7))
			word = stream_word(key, pos >> 3);
		if (buf[i] != (uint8_t)(word >> ((pos & 7) * 8)))
			break;
	}
	return i;
}

static uint64_t stream_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/**
 * stream_locate() - find the stream position of the bytes in @buf
 * @key: stream key
 * @buf: bytes that are expected to be a piece of the stream
 * @len: length of @buf; at least 15 so that one aligned word is inside
 * @limit: only positions below @limit are accepted (bytes written so far)
 * @pos: set to the position of @buf[0] on success
 *
 * Each of the 8 possible alignments is tried: the word starting there is
 * inverted to a candidate index, and the candidate is accepted only if
 * min(@len, 15) bytes of @buf match the stream there, so a false hit has a
 * probability of about 2^-120.
 *
 * Return: 0 when found, -ENOENT when @buf is not (a long enough piece of)
 * the stream.
 */
int stream_locate(uint64_t key, const uint8_t *buf, size_t len,
		  uint64_t limit, uint64_t *pos)
{
	size_t need = len < STREAM_CONFIRM ? len : STREAM_CONFIRM;
	uint64_t inv_gamma = stream_inv(STREAM_GAMMA);
	unsigned int a;

	for (a = 0; a < 8 && a + 8 <= len; a++) {
		uint64_t t = stream_unmix(stream_le64(buf + a)) - key;
		uint64_t index = t * inv_gamma - 1;
		uint64_t cand;

		if (index >= limit / 8 + 1 || index * 8 < a)
			continue;
		cand = index * 8 - a;
		if (cand + need > limit)
			continue;
		if (stream_match(key, cand, buf, need) == need) {
			*pos = cand;
			return 0;
		}
	}
	return -ENOENT;
}
