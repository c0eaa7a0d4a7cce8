// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_tuple.c: NIST SP 800-90B section 6.3.5 (t-tuple) and 6.3.6 (longest
 * repeated substring) estimators.  Placeholder until implemented.
 */
#include <errno.h>

#include "sp90b.h"

/**
 * sp90b_ttuple_lrs() - t-tuple (6.3.5) and LRS (6.3.6) estimates
 * @s: symbols, each in 0..@k-1
 * @n: number of symbols
 * @k: alphabet size
 * @h_ttuple: t-tuple min-entropy per symbol
 * @h_lrs: LRS min-entropy per symbol
 *
 * Return: 0 or a negative errno.
 */
int sp90b_ttuple_lrs(const uint8_t *s, size_t n, unsigned int k,
		     double *h_ttuple, double *h_lrs)
{
	(void)s; (void)n; (void)k; (void)h_ttuple; (void)h_lrs;
	return -ENOSYS;
}
