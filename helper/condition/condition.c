// SPDX-License-Identifier: GPL-2.0
/*
 * condition.c: SP 800-90B section 3.1.5.1.2 Output_Entropy for a vetted
 * conditioning component, and the credit the daemon takes from it.
 *
 * Output_Entropy(n_in, n_out, nw, h_in), with n = min(n_out, nw):
 *   P_high = 2^-h_in,  P_low = (1 - P_high) / (2^n_in - 1)
 *   psi    = 2^(n_in - n) * P_low + P_high
 *   U      = 2^(n_in - n) + sqrt(2 * n * 2^(n_in - n) * ln 2)
 *   omega  = U * P_low
 *   h_out  = -log2(max(psi, omega))
 * The daemon's n_in is 163840 bits: 2^n_in and P_low are far outside a
 * double, so everything is scaled by 2^n and written as 1 + x:
 *   2^n * 2^(n_in - n) * P_low = (1 - P_high) / (1 - 2^-n_in) = 1 + y,
 *     y = (2^-n_in - P_high) / (1 - 2^-n_in)
 *   2^n * psi   = 1 + y + 2^n * P_high
 *   2^n * omega = (1 + y) * (1 + s),  s = sqrt(2 * n * ln 2 * 2^(n - n_in))
 * h_out itself is -log2 of psi or omega, both within a double's range
 * for n <= CONDITION_MAX_BITS; the deficit n - h_out = log2(1 + x) =
 * log1p(x) / ln 2 keeps its precision even when it is 2^-64 of a bit,
 * where h_out has rounded to n.
 */
#include <errno.h>
#include <math.h>

#include "condition.h"

static bool condition_valid(double h_in, unsigned int n_in,
			    unsigned int n_out, unsigned int nw)
{
	return n_in && n_out && nw && n_out <= CONDITION_MAX_BITS &&
	       nw <= CONDITION_MAX_BITS && isfinite(h_in) && h_in > 0 &&
	       h_in <= (double)n_in;
}

/* 1 + y, s and 2^n * P_high of the header comment. */
struct condition_terms {
	double one_y;
	double y;
	double s;
	double p_scaled;
	double p_high;
};

static void condition_terms(struct condition_terms *c, double h_in,
			    unsigned int n_in, unsigned int n)
{
	/* 2^-n_in is 0 in a double beyond 1074 bits */
	double t = n_in < 2048 ? ldexp(1.0, -(int)n_in) : 0.0;

	c->p_high = exp2(-h_in);
	c->y = (t - c->p_high) / (1.0 - t);
	c->one_y = (1.0 - c->p_high) / (1.0 - t);
	c->s = sqrt(2.0 * n * M_LN2) * exp2(((double)n - n_in) / 2.0);
	c->p_scaled = ldexp(c->p_high, (int)n);
}

/* h_out = -log2(max(psi, omega)); never above h_in or n (step 6). */
static double condition_h_out(const struct condition_terms *c, double h_in,
			      unsigned int n)
{
	double psi = ldexp(c->one_y, -(int)n) + c->p_high;
	double omega = ldexp(c->one_y * (1.0 + c->s), -(int)n);
	double h = -log2(fmin(fmax(psi, omega), 1.0));

	return fmin(fmin(h, h_in), (double)n);
}

/* n - h_out without cancellation: log2(1 + x) for tiny x. */
static double condition_deficit_n(const struct condition_terms *c,
				  unsigned int n)
{
	double x_psi = c->y + c->p_scaled;
	double x_omega = c->y + c->s + c->y * c->s;

	return fmin(log1p(fmax(x_psi, x_omega)) / M_LN2, (double)n);
}

/**
 * condition_output_entropy() - SP 800-90B 3.1.5.1.2 Output_Entropy
 * @h_in: min-entropy of the input, in bits (0 < h_in <= n_in)
 * @n_in: input size in bits
 * @n_out: output size in bits (at most CONDITION_MAX_BITS)
 * @nw: narrowest internal width of the component in bits (idem)
 *
 * Return: h_out in bits, or NAN if an argument is out of range.
 */
double condition_output_entropy(double h_in, unsigned int n_in,
				unsigned int n_out, unsigned int nw)
{
	unsigned int n = n_out < nw ? n_out : nw;
	struct condition_terms c;

	if (!condition_valid(h_in, n_in, n_out, nw))
		return NAN;
	condition_terms(&c, h_in, n_in, n);
	return condition_h_out(&c, h_in, n);
}

/**
 * condition_assess() - the credit of one conditioned block
 * @out: filled in on success
 * @h_in: min-entropy of the input block, in bits (0 < h_in <= n_in)
 * @n_in: input size in bits
 * @n_out: output size in bits (at most CONDITION_MAX_BITS)
 * @nw: narrowest internal width in bits (CONDITION_NW_BITS for SHA-256)
 *
 * The quality is floor(1024 * h_out / n_out), which never reaches 1024
 * for a finite input (h_out < n_out), except that output SP 800-90C
 * counts as full entropy (h_in >= n_out + 64, CREDIT_FULL_EXTRA_BITS) is
 * credited in full: quality CONDITION_QUALITY_FULL.  The floor is taken
 * CONDITION_QUALITY_MARGIN below the computed value, so that an h_out
 * that rounded up to a quality step (it is always a little below it)
 * does not claim that step.
 *
 * Return: 0, or -EINVAL if an argument is out of range.
 */
int condition_assess(struct condition_credit *out, double h_in,
		     unsigned int n_in, unsigned int n_out, unsigned int nw)
{
	unsigned int n = n_out < nw ? n_out : nw;
	struct condition_terms c;
	double q;

	if (!condition_valid(h_in, n_in, n_out, nw))
		return -EINVAL;
	condition_terms(&c, h_in, n_in, n);
	out->h_in = h_in;
	out->h_out = condition_h_out(&c, h_in, n);
	out->deficit = (double)(n_out - n) + condition_deficit_n(&c, n);
	out->full = h_in >= (double)n_out + CREDIT_FULL_EXTRA_BITS;
	q = fmax(floor(CONDITION_QUALITY_FULL * out->h_out / n_out -
		       CONDITION_QUALITY_MARGIN), 0.0);
	if (out->full)
		out->quality = CONDITION_QUALITY_FULL;
	else
		out->quality = q < CONDITION_QUALITY_FULL - 1 ?
			       (unsigned int)q : CONDITION_QUALITY_FULL - 1;
	return 0;
}

/**
 * condition_input_entropy() - min-entropy of tested HAVEGE bytes
 * @in_bytes: bytes of collector output
 * @h_per_delta: the credited min-entropy per timer delta, in bits
 *
 * One timer delta yields CREDIT_BYTES_PER_DELTA bytes (credit.h).
 *
 * Return: bits of min-entropy credited to @in_bytes.
 */
double condition_input_entropy(size_t in_bytes, double h_per_delta)
{
	return (double)in_bytes * h_per_delta / CREDIT_BYTES_PER_DELTA;
}
