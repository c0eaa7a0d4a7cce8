// SPDX-License-Identifier: GPL-2.0
/*
 * assess.c: estimate the min-entropy of recorded residual deltas and
 * decide the credit (assess.h).  No I/O but assess_print().
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "assess.h"
#include "credit.h"

/**
 * assess_samples() - assess @n residual samples and decide the credit
 * @s: one byte per timer delta (8-bit samples)
 * @n: sample count
 * @mask: SP90B_* estimators to run (SP90B_CHEAP at start-up)
 * @h_claim: the claim to check, bits per delta
 * @res: filled in, also when the check fails
 *
 * Return: 0 if @h_claim may be credited, -EDOM if the estimate is below
 * CREDIT_MARGIN times @h_claim, -EINVAL for a claim that credits nothing
 * per fill-thread read or for unusable input, -ENOMEM.
 */
int assess_samples(const uint8_t *s, size_t n, unsigned int mask,
		   double h_claim, struct assess_result *res)
{
	int r;

	memset(res, 0, sizeof(*res));
	res->n = n;
	res->h_claim = h_claim;
	r = sp90b_assess(s, n, 8, mask, &res->report);
	if (r < 0)
		return r;
	res->h_supported = credit_supported(res->report.h);
	res->verdict = credit_check(res->report.h, h_claim);
	res->quality = res->verdict ? 0 : credit_quality(h_claim);
	return res->verdict;
}

static void assess_print_one(FILE *out, const char *prefix,
			     enum sp90b_estimator e, double h)
{
	if (!isnan(h))
		fprintf(out, "%s%s: %.6f\n", prefix, sp90b_name(e), h);
}

/**
 * assess_print() - the --assess report
 * @res: an assessment
 * @out: where to print
 *
 * One line per estimator (bits per delta, then bits per bit of the bit
 * string), the estimate, the arithmetic of docs/quality.md, and last
 * "quality: Q", the quality the daemon would declare for the default
 * (unconditioned) feed on this machine (0: it would not register).
 */
void assess_print(const struct assess_result *res, FILE *out)
{
	const struct sp90b_report *rep = &res->report;
	unsigned int e;

	fprintf(out, "samples: %zu residual timer deltas, %u distinct values\n",
		res->n, rep->k);
	for (e = 0; e < SP90B_NEST; e++)
		assess_print_one(out, "", (enum sp90b_estimator)e,
				 rep->original[e]);
	for (e = 0; e < SP90B_NEST; e++)
		assess_print_one(out, "bitstring.", (enum sp90b_estimator)e,
				 rep->bitstring[e]);
	fprintf(out, "min-entropy: %.6f bits per delta\n", rep->h);
	fprintf(out, "supported claim: %.6f bits per delta (estimate / margin %.1f)\n",
		res->h_supported, CREDIT_MARGIN);
	fprintf(out, "claim: %.6f bits per delta = %.6f bits per output byte (%u bytes per delta)\n",
		res->h_claim, res->h_claim / CREDIT_BYTES_PER_DELTA,
		CREDIT_BYTES_PER_DELTA);
	if (res->verdict == -EINVAL)
		fprintf(out, "verdict: the claim credits less than one bit per %u-byte fill-thread read\n",
			CREDIT_READ_BYTES);
	else if (res->verdict)
		fprintf(out, "verdict: estimate below %.1f x claim = %.6f; the daemon would not register\n",
			CREDIT_MARGIN, CREDIT_MARGIN * res->h_claim);
	else
		fprintf(out, "verdict: claim supported; %u bits credited per %u-byte read\n",
			credit_bits(CREDIT_READ_BYTES, res->quality),
			CREDIT_READ_BYTES);
	fprintf(out, "quality: %u\n", res->quality);
}
