// SPDX-License-Identifier: GPL-2.0
/*
 * credit.c: the entropy credit arithmetic of credit.h.
 *
 * Every function rounds against the claim (down for what is credited, up
 * for what is required), so a reviewer redoing the arithmetic with the
 * figures of docs/quality.md gets the same or a more conservative number.
 */
#include <errno.h>
#include <math.h>

#include "credit.h"

/* The hw_random core's unit: quality is bits of entropy per 1024 bits. */
#define CREDIT_QUALITY_SCALE	1024U

/**
 * credit_quality() - the quality a per-delta claim allows
 * @h_per_delta: credited min-entropy per timer delta, in bits
 *
 * quality = floor(1024 * H / (8 * CREDIT_BYTES_PER_DELTA)): each delta
 * yields CREDIT_BYTES_PER_DELTA output bytes, so a served byte carries at
 * most H / CREDIT_BYTES_PER_DELTA bits.  The default claim of 0.5 bit per
 * delta gives 2, one bit per 64-byte read of the fill thread.
 *
 * Return: 0..1024; 0 means "too little to credit anything".
 */
unsigned int credit_quality(double h_per_delta)
{
	double q;

	if (!(h_per_delta > 0.0))
		return 0;
	q = floor(CREDIT_QUALITY_SCALE * h_per_delta /
		  (8.0 * CREDIT_BYTES_PER_DELTA));
	return q >= CREDIT_QUALITY_SCALE ? CREDIT_QUALITY_SCALE :
					   (unsigned int)q;
}

/**
 * credit_quality_min() - the lowest quality that credits a whole read
 * @read_bytes: bytes of one fill-thread read (CREDIT_READ_BYTES)
 *
 * Up to 5.17 the fill thread credits rc * quality * 8 >> 10 bits per read
 * with no carry, and 6.1 sleeps for the reseed interval after a read
 * credited with 0 bits, so a quality below this value would never seed the
 * CRNG there (or only after minutes): ceil(1024 / (8 * read_bytes)).
 *
 * Return: the smallest quality crediting at least one bit per read.
 */
unsigned int credit_quality_min(unsigned int read_bytes)
{
	unsigned int bits = 8U * (read_bytes ? read_bytes : 1U);

	return (CREDIT_QUALITY_SCALE + bits - 1U) / bits;
}

/**
 * credit_bits() - bits to credit for @bytes bytes at @quality
 * @bytes: bytes handed to the kernel
 * @quality: bits per 1024 bits
 *
 * The fallback RNDADDENTROPY path credits by the same rule as the
 * hw_random core: floor(bytes * 8 * quality / 1024).
 *
 * Return: whole bits, rounded down.
 */
unsigned int credit_bits(size_t bytes, unsigned int quality)
{
	unsigned long long b = (unsigned long long)bytes * 8U * quality;

	b /= CREDIT_QUALITY_SCALE;
	return b > 0xffffffffULL ? 0xffffffffU : (unsigned int)b;
}

/**
 * credit_supported() - the per-delta claim an estimate supports
 * @h_estimate: assessed min-entropy per delta (SP 800-90B), in bits
 *
 * Return: @h_estimate / CREDIT_MARGIN, or 0 for a non-positive or NaN
 * estimate.
 */
double credit_supported(double h_estimate)
{
	if (!(h_estimate > 0.0))
		return 0.0;
	return h_estimate / CREDIT_MARGIN;
}

/**
 * credit_check() - may @h_claim be credited on a machine measured at
 * @h_estimate?
 * @h_estimate: assessed min-entropy per delta, in bits
 * @h_claim: claimed min-entropy per delta, in bits
 *
 * Return: 0 if @h_estimate >= CREDIT_MARGIN * @h_claim and the claim
 * gives a quality of at least credit_quality_min(CREDIT_READ_BYTES);
 * -EDOM if the estimate is too low (or not a number); -EINVAL if the
 * claim itself is too small to credit a fill-thread read.
 */
int credit_check(double h_estimate, double h_claim)
{
	if (credit_quality(h_claim) < credit_quality_min(CREDIT_READ_BYTES))
		return -EINVAL;
	if (!(h_estimate >= CREDIT_MARGIN * h_claim))
		return -EDOM;
	return 0;
}

/**
 * credit_condition_input() - input bytes for one full-entropy block
 * @h_per_delta: credited min-entropy per delta, in bits
 * @out_bytes: bytes of conditioned output per block (32 for SHA-256)
 *
 * SP 800-90C's full entropy needs n_out + 64 bits of input entropy per
 * n_out-bit block (CREDIT_FULL_EXTRA_BITS); one input byte carries
 * h_per_delta / CREDIT_BYTES_PER_DELTA bits, so
 * n_in = ceil((8 * out_bytes + 64) * CREDIT_BYTES_PER_DELTA / h).
 *
 * Return: input bytes per block, or 0 if @h_per_delta is not positive.
 */
size_t credit_condition_input(double h_per_delta, size_t out_bytes)
{
	double need = (8.0 * (double)out_bytes + CREDIT_FULL_EXTRA_BITS) *
		      CREDIT_BYTES_PER_DELTA;

	if (!(h_per_delta > 0.0))
		return 0;
	return (size_t)ceil(need / h_per_delta);
}
