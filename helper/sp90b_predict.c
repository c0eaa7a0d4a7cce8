// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b_predict.c: NIST SP 800-90B sections 6.3.7-6.3.10 prediction
 * estimators.  Placeholder until implemented.
 */
#include <errno.h>

#include "sp90b.h"

/** sp90b_multi_mcw() - 6.3.7 MultiMCW prediction estimate. Return: errno. */
int sp90b_multi_mcw(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	(void)s; (void)n; (void)k; (void)h;
	return -ENOSYS;
}

/** sp90b_lag() - 6.3.8 lag prediction estimate. Return: errno. */
int sp90b_lag(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	(void)s; (void)n; (void)k; (void)h;
	return -ENOSYS;
}

/** sp90b_multi_mmc() - 6.3.9 MultiMMC prediction estimate. Return: errno. */
int sp90b_multi_mmc(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	(void)s; (void)n; (void)k; (void)h;
	return -ENOSYS;
}

/** sp90b_lz78y() - 6.3.10 LZ78Y prediction estimate. Return: errno. */
int sp90b_lz78y(const uint8_t *s, size_t n, unsigned int k, double *h)
{
	(void)s; (void)n; (void)k; (void)h;
	return -ENOSYS;
}
