/* SPDX-License-Identifier: GPL-2.0 */
/*
 * assess.h: the credit decision from recorded noise samples.
 *
 * The samples are the collector's residual timer deltas (collector.h),
 * one byte each.  Their min-entropy per delta is estimated with the NIST
 * SP 800-90B section 6.3 non-IID estimators (sp90b.h) and compared with
 * the claim the daemon credits (credit.h):
 *
 *  - at start-up, over ASSESS_STARTUP_SAMPLES fresh deltas, with the
 *    cheap estimators (SP90B_CHEAP), before any REGISTER;
 *  - for `havege-hwrngd --assess`, over ASSESS_DEFAULT_SAMPLES deltas
 *    (SP 800-90B 3.1.1's 1,000,000) with all ten.
 */
#ifndef HAVEGE_ASSESS_H
#define HAVEGE_ASSESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sp90b.h"

#define ASSESS_DEFAULT_SAMPLES	SP90B_MIN_SAMPLES
#define ASSESS_STARTUP_SAMPLES	65536U

/**
 * struct assess_result - what one assessment found
 * @report: the estimators' results
 * @n: samples assessed
 * @h_claim: the per-delta claim checked
 * @h_supported: the claim the estimate supports (credit_supported())
 * @quality: the quality the daemon declares for the unconditioned feed
 *	with @h_claim if the check passed, else 0
 * @verdict: credit_check()'s result: 0, -EDOM (estimate too low) or
 *	-EINVAL (claim too small to credit a fill-thread read)
 */
struct assess_result {
	struct sp90b_report report;
	size_t n;
	double h_claim;
	double h_supported;
	unsigned int quality;
	int verdict;
};

int assess_samples(const uint8_t *s, size_t n, unsigned int mask,
		   double h_claim, struct assess_result *res);
void assess_print(const struct assess_result *res, FILE *out);

#endif /* HAVEGE_ASSESS_H */
