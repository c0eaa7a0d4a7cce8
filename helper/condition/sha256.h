/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sha256.h: SHA-256 (FIPS 180-4), the vetted conditioning component
 * (SP 800-90B section 3.1.5.1.1) of havege-hwrngd's conditioned mode.
 *
 *	struct sha256_ctx c;
 *	sha256_init(&c);
 *	sha256_update(&c, data, len);          // any number of times
 *	sha256_final(&c, digest);              // wipes c
 *
 * The context holds the part of a message not yet compressed, so a
 * caller that abandons a message wipes it with sha256_wipe().
 */
#ifndef HAVEGE_SHA256_H
#define HAVEGE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32U	/* bytes of output (256 bits) */
#define SHA256_BLOCK_SIZE	64U	/* bytes per message block (512 bits) */

/**
 * struct sha256_ctx - a message being hashed
 * @h: the intermediate hash value H(i) (FIPS 180-4 section 6.2.2)
 * @bytes: message length so far, in bytes
 * @buf: the message block being assembled
 * @fill: bytes in @buf
 */
struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;
	uint8_t buf[SHA256_BLOCK_SIZE];
	size_t fill;
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_SIZE]);
void sha256_wipe(struct sha256_ctx *c);
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);

#endif /* HAVEGE_SHA256_H */
