// SPDX-License-Identifier: GPL-2.0
/*
 * sha256.c: SHA-256 as specified in FIPS 180-4 (section numbers below are
 * that standard's).  Plain portable C: the conditioned mode hashes 640
 * input bytes per output byte, and the collector producing them is far
 * slower than this code (docs/daemon.md, "Conditioned mode", has the
 * measured cost).
 */
#include <string.h>

#include "sha256.h"

/*
 * Section 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes.
 */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Section 5.3.3: the initial hash value H(0). */
static const uint32_t sha256_h0[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t sha256_rotr(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

/* Section 4.1.2: the six logical functions. */
static inline uint32_t sha256_ch(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (~x & z);
}

static inline uint32_t sha256_maj(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) ^ (x & z) ^ (y & z);
}

static inline uint32_t sha256_bsig0(uint32_t x)
{
	return sha256_rotr(x, 2) ^ sha256_rotr(x, 13) ^ sha256_rotr(x, 22);
}

static inline uint32_t sha256_bsig1(uint32_t x)
{
	return sha256_rotr(x, 6) ^ sha256_rotr(x, 11) ^ sha256_rotr(x, 25);
}

static inline uint32_t sha256_ssig0(uint32_t x)
{
	return sha256_rotr(x, 7) ^ sha256_rotr(x, 18) ^ (x >> 3);
}

static inline uint32_t sha256_ssig1(uint32_t x)
{
	return sha256_rotr(x, 17) ^ sha256_rotr(x, 19) ^ (x >> 10);
}

static inline uint32_t sha256_load_be(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline void sha256_store_be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Section 6.2.2: one message block into the intermediate hash value. */
static void sha256_compress(uint32_t h[8], const uint8_t block[64])
{
	uint32_t w[64], a, b, c, d, e, f, g, hh, t1, t2;
	unsigned int t;

	for (t = 0; t < 16; t++)
		w[t] = sha256_load_be(block + 4 * t);
	for (t = 16; t < 64; t++)
		w[t] = sha256_ssig1(w[t - 2]) + w[t - 7] +
		       sha256_ssig0(w[t - 15]) + w[t - 16];
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	f = h[5];
	g = h[6];
	hh = h[7];
	for (t = 0; t < 64; t++) {
		t1 = hh + sha256_bsig1(e) + sha256_ch(e, f, g) + sha256_k[t] +
		     w[t];
		t2 = sha256_bsig0(a) + sha256_maj(a, b, c);
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
	explicit_bzero(w, sizeof(w));
}

/**
 * sha256_init() - start a message
 * @c: context
 */
void sha256_init(struct sha256_ctx *c)
{
	memcpy(c->h, sha256_h0, sizeof(c->h));
	c->bytes = 0;
	c->fill = 0;
}

/**
 * sha256_update() - append bytes to the message
 * @c: context started by sha256_init()
 * @data: bytes
 * @len: their count (messages up to 2^61 - 1 bytes, section 5.1.1)
 */
void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	c->bytes += len;
	if (c->fill) {
		n = SHA256_BLOCK_SIZE - c->fill;
		n = n < len ? n : len;
		memcpy(c->buf + c->fill, p, n);
		c->fill += n;
		p += n;
		len -= n;
		if (c->fill < SHA256_BLOCK_SIZE)
			return;
		sha256_compress(c->h, c->buf);
		c->fill = 0;
	}
	for (; len >= SHA256_BLOCK_SIZE; len -= SHA256_BLOCK_SIZE) {
		sha256_compress(c->h, p);
		p += SHA256_BLOCK_SIZE;
	}
	memcpy(c->buf, p, len);
	c->fill = len;
}

/**
 * sha256_final() - pad the message, output its digest, wipe the context
 * @c: context
 * @digest: the 32-byte message digest
 *
 * Section 5.1.1 padding: a 1 bit, zeros, and the length in bits as a
 * 64-bit big-endian number, to a multiple of 512 bits.
 */
void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->bytes << 3;
	unsigned int i;

	c->buf[c->fill++] = 0x80;
	if (c->fill > SHA256_BLOCK_SIZE - 8) {
		memset(c->buf + c->fill, 0, SHA256_BLOCK_SIZE - c->fill);
		sha256_compress(c->h, c->buf);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, SHA256_BLOCK_SIZE - 8 - c->fill);
	sha256_store_be(c->buf + 56, (uint32_t)(bits >> 32));
	sha256_store_be(c->buf + 60, (uint32_t)bits);
	sha256_compress(c->h, c->buf);
	for (i = 0; i < 8; i++)
		sha256_store_be(digest + 4 * i, c->h[i]);
	sha256_wipe(c);
}

/**
 * sha256_wipe() - forget a message (explicit_bzero of the whole context)
 * @c: context; sha256_init() before it is used again
 */
void sha256_wipe(struct sha256_ctx *c)
{
	explicit_bzero(c, sizeof(*c));
}

/**
 * sha256() - digest of one message
 * @data: the message
 * @len: its length in bytes
 * @digest: the 32-byte message digest
 */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, digest);
}
