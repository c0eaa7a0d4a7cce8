/* SPDX-License-Identifier: GPL-2.0 */
/*
 * credit.h: how much entropy havege-hwrngd may claim, from the assessed
 * min-entropy of the platform's timer jitter (docs/quality.md has the
 * derivation with numbers a reviewer can redo).
 *
 *  - The noise source's sample is one timer delta, less the part that the
 *    walk's own work explains (collector.h: the residual given the trip
 *    count).  Its min-entropy H is assessed with SP 800-90B section 6.3.
 *  - One delta yields CREDIT_BYTES_PER_DELTA bytes of output, so at most
 *    H / CREDIT_BYTES_PER_DELTA bits may be credited per output byte:
 *    quality (bits per 1024 bits) = 1024 * H / (8 * CREDIT_BYTES_PER_DELTA).
 *  - The daemon credits a fixed claim per delta (CREDIT_H_CLAIM_DEFAULT,
 *    or the administrator's --entropy-per-delta) and registers only if
 *    the estimate measured on this machine is at least CREDIT_MARGIN
 *    times that claim.
 *
 * Pure arithmetic: no I/O, no globals.
 */
#ifndef HAVEGE_CREDIT_H
#define HAVEGE_CREDIT_H

#include <stddef.h>
#include <stdint.h>

/* COLLECTOR_WORDS_PER_STEP 32-bit words of output per timer delta. */
#define CREDIT_BYTES_PER_DELTA	32U

/* Default claim, bits of min-entropy per delta (docs/quality.md). */
#define CREDIT_H_CLAIM_DEFAULT	0.5

/* The measured estimate must be at least this many times the claim. */
#define CREDIT_MARGIN		2.0

/* The hw_random fill thread's read: RNG_BUFFER_SIZE, 64 on x86-64/arm64. */
#define CREDIT_READ_BYTES	64U

/* SP 800-90C full entropy: n_out + 64 bits of input entropy per block. */
#define CREDIT_FULL_EXTRA_BITS	64U

unsigned int credit_quality(double h_per_delta);
unsigned int credit_quality_min(unsigned int read_bytes);
unsigned int credit_bits(size_t bytes, unsigned int quality);
double credit_supported(double h_estimate);
int credit_check(double h_estimate, double h_claim);
size_t credit_condition_input(double h_per_delta, size_t out_bytes);

#endif /* HAVEGE_CREDIT_H */
