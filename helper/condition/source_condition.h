/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source_condition.h: the conditioned source's state.  Only
 * source_condition.c and its unit test (which checks that nothing of an
 * abandoned block survives) include this; everyone else knows the source
 * by its ops (source.h).
 */
#ifndef HWRNGD_SOURCE_CONDITION_H
#define HWRNGD_SOURCE_CONDITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "condition.h"
#include "sha256.h"
#include "source.h"

/* Tested bytes taken from the inner source per fill() */
#define SOURCE_CONDITION_CHUNK	4096U

/**
 * struct source_condition - SHA-256 over blocks of an inner source's bytes
 * @src: the ops the daemon sees
 * @inner: the source of tested bytes (owned)
 * @in_bytes: n_in, tested bytes per 32-byte output block
 * @credit: what one block is worth (condition_assess())
 * @need_startup: a failure happened; startup() must pass before fill()
 * @have: input bytes of the current block hashed so far
 * @hash: SHA-256 of the current block so far
 * @out: the last output block
 * @out_off: bytes of @out handed out
 * @out_len: bytes in @out (0 or SHA256_DIGEST_SIZE)
 * @blocks: output blocks completed
 * @released: output bytes handed out
 * @desc: describe(SOURCE_INFO_CONDITION)
 * @chunk: input bytes between the inner fill() and sha256_update()
 */
struct source_condition {
	struct source src;
	struct source *inner;
	size_t in_bytes;
	struct condition_credit credit;
	bool need_startup;
	size_t have;
	struct sha256_ctx hash;
	uint8_t out[SHA256_DIGEST_SIZE];
	size_t out_off;
	size_t out_len;
	uint64_t blocks;
	uint64_t released;
	char desc[160];
	uint8_t chunk[SOURCE_CONDITION_CHUNK];
};

#endif /* HWRNGD_SOURCE_CONDITION_H */
