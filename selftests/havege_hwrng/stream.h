/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Deterministic, checkable byte stream for the havege_hwrng selftests.
 *
 * Word i of the stream is a bijective 64-bit mix of (key + (i + 1) * gamma),
 * stored little-endian, so the byte at any position can be computed without
 * generating the ones before it, and any 8 consecutive stream bytes reveal
 * their own position (the mix is inverted).  That lets a reader locate a
 * piece of the stream it received no matter how many bytes other consumers
 * (the kernel's hwrng fill thread) took in between.
 */
#ifndef HH_STREAM_H
#define HH_STREAM_H

#include <stddef.h>
#include <stdint.h>

uint64_t stream_key(uint64_t seed);
uint64_t stream_word(uint64_t key, uint64_t index);
uint8_t stream_byte(uint64_t key, uint64_t pos);
void stream_fill(uint64_t key, uint64_t pos, uint8_t *buf, size_t len);
size_t stream_match(uint64_t key, uint64_t pos, const uint8_t *buf,
		    size_t len);
int stream_locate(uint64_t key, const uint8_t *buf, size_t len,
		  uint64_t limit, uint64_t *pos);

#endif /* HH_STREAM_H */
