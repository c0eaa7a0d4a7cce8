/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sp90b.h: NIST SP 800-90B (January 2018) section 6.3 non-IID min-entropy
 * estimators, and the assessment rule of section 3.1.3.
 *
 * Every estimator works on a sequence of @n symbols s[0..n-1], each in
 * 0..k-1, and returns the min-entropy per symbol in *h (bits).  Samples of
 * B bits are first translated as NIST's reference tool does
 * (sp90b_translate(): the distinct values in increasing order become
 * 0..k-1), and the bit string of section 3.1.3 is the B bits of each
 * sample, most significant first (sp90b_bitstring()).
 *
 * The collision, Markov and compression estimators are defined for binary
 * data only (k = 2).
 *
 * Pure functions: no I/O, no globals; they allocate what they need and
 * free it again.  Errors: -EINVAL for bad arguments (n too small for the
 * estimator, k out of range, a non-binary sequence where binary is
 * required), -ENOMEM.
 */
#ifndef HAVEGE_SP90B_H
#define HAVEGE_SP90B_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* SP 800-90B 3.1.1: the sample count an assessment needs. */
#define SP90B_MIN_SAMPLES	1000000U

/* The ten estimators of section 6.3, in the order of the standard. */
enum sp90b_estimator {
	SP90B_MCV,		/* 6.3.1 most common value */
	SP90B_COLLISION,	/* 6.3.2 collision (binary only) */
	SP90B_MARKOV,		/* 6.3.3 Markov (binary only) */
	SP90B_COMPRESSION,	/* 6.3.4 compression (binary only) */
	SP90B_TTUPLE,		/* 6.3.5 t-tuple */
	SP90B_LRS,		/* 6.3.6 longest repeated substring */
	SP90B_MULTI_MCW,	/* 6.3.7 multi most common in window prediction */
	SP90B_LAG,		/* 6.3.8 lag prediction */
	SP90B_MULTI_MMC,	/* 6.3.9 multi Markov model with counting */
	SP90B_LZ78Y,		/* 6.3.10 LZ78Y prediction */
	SP90B_NEST,
};

/* Bit masks of estimators, for sp90b_assess(). */
#define SP90B_ALL	((1U << SP90B_NEST) - 1U)
/* The cheap ones the daemon runs at start-up (docs/quality.md). */
#define SP90B_CHEAP	((1U << SP90B_MCV) | (1U << SP90B_COLLISION) | \
			 (1U << SP90B_MARKOV) | (1U << SP90B_COMPRESSION))

/**
 * struct sp90b_report - one assessment (sp90b_assess())
 * @original: per-estimator estimate on the translated samples, bits per
 *	sample; NAN where the estimator was not run or does not apply
 * @bitstring: per-estimator estimate on the bit string, bits per bit
 * @h_original: minimum of @original and bits (NAN if none ran)
 * @h_bitstring: minimum of @bitstring and 1 (NAN if the bit string was
 *	not assessed: k <= 2)
 * @h: the assessed min-entropy per sample,
 *	min(@h_original, bits * @h_bitstring) (section 3.1.3)
 * @k: distinct sample values
 */
struct sp90b_report {
	double original[SP90B_NEST];
	double bitstring[SP90B_NEST];
	double h_original;
	double h_bitstring;
	double h;
	unsigned int k;
};

/* The estimators themselves (sp90b_*.c). */
int sp90b_mcv(const uint8_t *s, size_t n, unsigned int k, double *h);
int sp90b_collision(const uint8_t *s, size_t n, double *h);
int sp90b_markov(const uint8_t *s, size_t n, double *h);
int sp90b_compression(const uint8_t *s, size_t n, double *h);
int sp90b_ttuple_lrs(const uint8_t *s, size_t n, unsigned int k,
		     double *h_ttuple, double *h_lrs);
int sp90b_multi_mcw(const uint8_t *s, size_t n, unsigned int k, double *h);
int sp90b_lag(const uint8_t *s, size_t n, unsigned int k, double *h);
int sp90b_multi_mmc(const uint8_t *s, size_t n, unsigned int k, double *h);
int sp90b_lz78y(const uint8_t *s, size_t n, unsigned int k, double *h);

/* The assessment (sp90b.c). */
const char *sp90b_name(enum sp90b_estimator e);
int sp90b_translate(const uint8_t *in, size_t n, unsigned int bits,
		    uint8_t *out, unsigned int *k);
int sp90b_bitstring(const uint8_t *in, size_t n, unsigned int bits,
		    uint8_t **out, size_t *nbits);
int sp90b_assess(const uint8_t *samples, size_t n, unsigned int bits,
		 unsigned int mask, struct sp90b_report *r);

/*
 * z(0.995), the 99.5 % quantile of the standard normal distribution.
 * Section 6.3 prints it rounded to 2.576; NIST's reference tool uses the
 * full value (which moves p_u by ~1e-8 at n = 1e6, H by up to ~1e-6), so
 * the full value makes our results agree with the tool's.
 */
#define SP90B_Z		2.5758293035489008

/*
 * The upper bound of a proportion at 99 % confidence used throughout
 * section 6.3: p_u = min(1, p + z * sqrt(p * (1 - p) / (n - 1))).
 */
static inline double sp90b_upper(double p, size_t n)
{
	double u = p + SP90B_Z * sqrt(p * (1.0 - p) / ((double)n - 1.0));

	return u < 1.0 ? u : 1.0;
}

#endif /* HAVEGE_SP90B_H */
