/* SPDX-License-Identifier: GPL-2.0 */
/*
 * condition.h: the entropy arithmetic of conditioned mode (--condition).
 *
 * A vetted conditioning component (SP 800-90B section 3.1.5.1.1; here
 * SHA-256, sha256.h) maps n_in input bits carrying h_in bits of
 * min-entropy to n_out bits carrying h_out = Output_Entropy(n_in, n_out,
 * nw, h_in) (section 3.1.5.1.2).  SP 800-90C counts the output as full
 * entropy when h_in >= n_out + 64.  The daemon feeds SHA-256 enough tested
 * HAVEGE bytes for that at the credited rate (credit_condition_input(),
 * credit.h) and declares the resulting quality.
 *
 * Pure arithmetic: no I/O, no globals.
 */
#ifndef HAVEGE_CONDITION_H
#define HAVEGE_CONDITION_H

#include <stdbool.h>
#include <stddef.h>

#include "credit.h"
#include "sha256.h"

/*
 * SHA-256: n_out = 256 bits; nw, the narrowest internal width, is its
 * 256-bit chaining state (SP 800-90B section 3.1.5.1.2).
 */
#define CONDITION_OUT_BYTES	SHA256_DIGEST_SIZE
#define CONDITION_OUT_BITS	(8U * SHA256_DIGEST_SIZE)
#define CONDITION_NW_BITS	256U

/* The widest vetted component (SHA-512, SHA3-512): keeps 2^n_out finite. */
#define CONDITION_MAX_BITS	512U

/* The quality of full-entropy output: every bit counts (hw_random). */
#define CONDITION_QUALITY_FULL	1024U

/*
 * Quality steps below the computed 1024 * h_out / n_out that the floor is
 * taken at: rounds toward less entropy, as NIST's ea_conditioning does,
 * by far more than double-precision error (~1e-13 here).
 */
#define CONDITION_QUALITY_MARGIN	1e-9

/**
 * struct condition_credit - what one conditioned block is worth
 * @h_in: min-entropy of the n_in input bits, in bits
 * @h_out: Output_Entropy(), in bits
 * @deficit: n_out - h_out, computed without cancellation (h_out itself
 *	rounds to n_out in double precision long before the deficit is 0)
 * @full: full entropy by SP 800-90C: h_in >= n_out + CREDIT_FULL_EXTRA_BITS
 * @quality: bits of entropy per 1024 output bits: 1024 when @full, else
 *	floor(1024 * h_out / n_out) (condition_assess()), at most 1023
 */
struct condition_credit {
	double h_in;
	double h_out;
	double deficit;
	bool full;
	unsigned int quality;
};

double condition_output_entropy(double h_in, unsigned int n_in,
				unsigned int n_out, unsigned int nw);
int condition_assess(struct condition_credit *out, double h_in,
		     unsigned int n_in, unsigned int n_out, unsigned int nw);
double condition_input_entropy(size_t in_bytes, double h_per_delta);

#endif /* HAVEGE_CONDITION_H */
