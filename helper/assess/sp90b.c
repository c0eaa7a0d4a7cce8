// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b.c: the assessment of NIST SP 800-90B (January 2018) section 3.1.3
 * over the ten estimators of section 6.3: the samples as symbols
 * (H_original) and their bit string (H_bitstring), H = min(H_original,
 * bits * H_bitstring).
 *
 * As NIST's reference tool (ea_non_iid, initial entropy, all bits):
 *  - the distinct sample values, in increasing order, become 0..k-1;
 *  - the bit string is every bit of every (untranslated) sample, most
 *    significant first, and every bit-string estimator sees all of it;
 *  - the bit string is assessed only when k > 2; the binary-only
 *    estimators (collision, Markov, compression) run on the samples only
 *    when k == 2;
 *  - H_original is at most bits, H_bitstring at most 1.
 * One distinct value (k == 1) has no entropy: the most common value
 * estimate alone runs and gives 0 (the tool refuses such a file).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "sp90b.h"
#include "sp90b_impl.h"

static const char *const sp90b_names[SP90B_NEST] = {
	[SP90B_MCV] = "most-common-value",
	[SP90B_COLLISION] = "collision",
	[SP90B_MARKOV] = "markov",
	[SP90B_COMPRESSION] = "compression",
	[SP90B_TTUPLE] = "t-tuple",
	[SP90B_LRS] = "lrs",
	[SP90B_MULTI_MCW] = "multi-mcw",
	[SP90B_LAG] = "lag",
	[SP90B_MULTI_MMC] = "multi-mmc",
	[SP90B_LZ78Y] = "lz78y",
};

/**
 * sp90b_name() - short name of an estimator
 * @e: the estimator
 *
 * Return: "most-common-value", "collision", "markov", "compression",
 * "t-tuple", "lrs", "multi-mcw", "lag", "multi-mmc", "lz78y", or "?".
 */
const char *sp90b_name(enum sp90b_estimator e)
{
	return (unsigned int)e < SP90B_NEST ? sp90b_names[e] : "?";
}

/**
 * sp90b_translate() - map the sample values to 0..k-1
 * @in: @n samples of @bits bits, one per byte
 * @n: number of samples
 * @bits: bits per sample, 1..8
 * @out: @n translated symbols (may be @in)
 * @k: number of distinct values
 *
 * The distinct values, in increasing order, become 0, 1, ..., k-1 (NIST's
 * tool does the same before running the estimators on the samples).
 *
 * Return: 0, or -EINVAL (bits out of range, a sample >= 2^bits).
 */
int sp90b_translate(const uint8_t *in, size_t n, unsigned int bits,
		    uint8_t *out, unsigned int *k)
{
	uint8_t map[256];
	bool seen[256] = { false };
	unsigned int v, next = 0;
	size_t i;

	if (bits < 1 || bits > 8)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (in[i] >> bits)
			return -EINVAL;
		seen[in[i]] = true;
	}
	for (v = 0; v < 256; v++)
		if (seen[v])
			map[v] = (uint8_t)next++;
	for (i = 0; i < n; i++)
		out[i] = map[in[i]];
	*k = next;
	return 0;
}

/**
 * sp90b_bitstring() - the bit string of section 3.1.3
 * @in: @n samples of @bits bits, one per byte (not translated)
 * @n: number of samples
 * @bits: bits per sample, 1..8
 * @out: the bits, one per byte (0 or 1), allocated here; free() it
 * @nbits: @n * @bits
 *
 * Each sample contributes its @bits bits, most significant first.  The
 * whole string is returned: NIST's tool truncates it (to 1,000,000 bits)
 * only when asked to with -t, and no estimator shortens it on its own.
 *
 * Return: 0, -EINVAL (bits out of range, a sample >= 2^bits), -ENOMEM.
 */
int sp90b_bitstring(const uint8_t *in, size_t n, unsigned int bits,
		    uint8_t **out, size_t *nbits)
{
	uint8_t *b;
	unsigned int j;
	size_t i;

	if (bits < 1 || bits > 8)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (in[i] >> bits)
			return -EINVAL;
	b = malloc(n * bits + 1);
	if (!b)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		for (j = 0; j < bits; j++)
			b[i * bits + j] = (uint8_t)(in[i] >> (bits - 1 - j) & 1U);
	*out = b;
	*nbits = n * bits;
	return 0;
}

/* The estimators defined for binary data only (6.3.2-6.3.4). */
#define SP90B_BINARY	((1U << SP90B_COLLISION) | (1U << SP90B_MARKOV) | \
			 (1U << SP90B_COMPRESSION))
#define SP90B_TUPLE	((1U << SP90B_TTUPLE) | (1U << SP90B_LRS))

/* -EINVAL (input too short for the estimator) means "not run". */
static int sp90b_keep(int ret, double *h)
{
	if (ret == -EINVAL) {
		*h = NAN;
		return 0;
	}
	if (ret)
		*h = NAN;
	return ret;
}

/* Run the one-result estimator e on s[0..n-1] (alphabet k) into *h. */
static int sp90b_run(enum sp90b_estimator e, const uint8_t *s, size_t n,
		     unsigned int k, double *h)
{
	int ret = -EINVAL;

	switch (e) {
	case SP90B_MCV:
		ret = sp90b_mcv(s, n, k, h);
		break;
	case SP90B_COLLISION:
		ret = sp90b_collision(s, n, h);
		break;
	case SP90B_MARKOV:
		ret = sp90b_markov(s, n, h);
		break;
	case SP90B_COMPRESSION:
		ret = sp90b_compression(s, n, h);
		break;
	case SP90B_MULTI_MCW:
		ret = sp90b_multi_mcw(s, n, k, h);
		break;
	case SP90B_LAG:
		ret = sp90b_lag(s, n, k, h);
		break;
	case SP90B_MULTI_MMC:
		ret = sp90b_multi_mmc(s, n, k, h);
		break;
	case SP90B_LZ78Y:
		ret = sp90b_lz78y(s, n, k, h);
		break;
	case SP90B_TTUPLE:	/* both from sp90b_ttuple_lrs() */
	case SP90B_LRS:
	case SP90B_NEST:
		break;
	}
	return sp90b_keep(ret, h);
}

/*
 * Run the estimators of mask that apply to s[0..n-1] (alphabet k) into
 * res[] (NAN for the others); *min is their minimum capped at cap, NAN
 * if none ran.
 */
static int sp90b_run_all(const uint8_t *s, size_t n, unsigned int k,
			 unsigned int mask, double cap, double *res,
			 double *min)
{
	double tt, lrs;
	unsigned int e;
	int ret;

	if (k != 2)
		mask &= ~SP90B_BINARY;
	if (k < 2)
		mask &= 1U << SP90B_MCV;
	for (e = 0; e < SP90B_NEST; e++) {
		res[e] = NAN;
		if (!(mask & 1U << e) || (1U << e & SP90B_TUPLE))
			continue;
		ret = sp90b_run((enum sp90b_estimator)e, s, n, k, &res[e]);
		if (ret)
			return ret;
	}
	if (mask & SP90B_TUPLE) {
		ret = sp90b_ttuple_lrs(s, n, k, &tt, &lrs);
		if (sp90b_keep(ret, &tt) || sp90b_keep(ret, &lrs))
			return ret;
		if (mask & 1U << SP90B_TTUPLE)
			res[SP90B_TTUPLE] = tt;
		if (mask & 1U << SP90B_LRS)
			res[SP90B_LRS] = lrs;
	}
	*min = NAN;
	for (e = 0; e < SP90B_NEST; e++)
		if (!isnan(res[e]))
			*min = fmin(isnan(*min) ? cap : *min, res[e]);
	return 0;
}

/**
 * sp90b_assess() - SP 800-90B 3.1.3 initial entropy estimate
 * @samples: @n samples of @bits bits, one per byte
 * @n: number of samples
 * @bits: bits per sample, 1..8
 * @mask: estimators to run (1 << enum sp90b_estimator; SP90B_ALL)
 * @r: the results
 *
 * The estimators of @mask run on the translated samples and, when there
 * are more than two distinct values, on the bit string (as NIST's tool;
 * the file comment has the rules).  An estimator the input is too short
 * for is left NAN, as one not selected.
 * r->h = min(bits, H_original, bits * H_bitstring) over what ran, NAN if
 * nothing ran.
 *
 * Return: 0, -EINVAL (n == 0, bits out of range, a sample >= 2^bits),
 * -E2BIG (n * bits > SP90B_IMPL_MAX_N, more than the suffix array and
 * the predictors' counters handle), -ENOMEM.
 */
int sp90b_assess(const uint8_t *samples, size_t n, unsigned int bits,
		 unsigned int mask, struct sp90b_report *r)
{
	uint8_t *sym, *bs = NULL;
	size_t nbits = 0;
	unsigned int e;
	int ret;

	if (!n)
		return -EINVAL;
	if (bits >= 1 && bits <= 8 && n > SP90B_IMPL_MAX_N / bits)
		return -E2BIG;
	sym = malloc(n);
	if (!sym)
		return -ENOMEM;
	ret = sp90b_translate(samples, n, bits, sym, &r->k);
	if (!ret)
		ret = sp90b_run_all(sym, n, r->k, mask, (double)bits,
				    r->original, &r->h_original);
	free(sym);
	for (e = 0; e < SP90B_NEST; e++)
		r->bitstring[e] = NAN;
	r->h_bitstring = NAN;
	if (!ret && r->k > 2) {
		ret = sp90b_bitstring(samples, n, bits, &bs, &nbits);
		if (!ret)
			ret = sp90b_run_all(bs, nbits, 2, mask, 1.0,
					    r->bitstring, &r->h_bitstring);
		free(bs);
	}
	r->h = r->h_original;
	if (!isnan(r->h_bitstring))
		r->h = fmin(isnan(r->h) ? (double)bits : r->h,
			    (double)bits * r->h_bitstring);
	return ret;
}
