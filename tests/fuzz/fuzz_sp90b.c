// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_sp90b.c: the SP 800-90B assessment behind havege-ais31 --sp800-90b
 * (sp90b_assess(), helper/assess/) on short arbitrary inputs.
 *
 * Input: byte 0 selects the bit width (low nibble mod 10: 0..9, so 0 and 9
 * are invalid), whether the samples are masked to that width (bit 4 clear;
 * unmasked samples may be out of range) and whether byte 1 and 2 give the
 * estimator mask (bit 5; otherwise all ten run, as the CLI does).  The
 * rest are the samples, one per byte.
 *
 * Invariants: errors are -EINVAL, -ENOMEM or -E2BIG; a report has
 * 1 <= k <= 2^bits and 0 <= h <= bits (SP 800-90B 3.1.3: the minimum of
 * the estimates, each at most the sample width).
 */
#include <errno.h>
#include <math.h>

#include "fuzz.h"
#include "sp90b.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int bits, mask = SP90B_ALL;
	struct sp90b_report r;
	uint8_t *s;
	size_t n, i;
	int ret;

	if (size < 1)
		return 0;
	bits = (data[0] & 0x0fU) % 10U;
	if ((data[0] & 0x20) && size >= 3) {
		mask = ((unsigned int)data[1] | (unsigned int)data[2] << 8) &
		       SP90B_ALL;
		data += 2;
		size -= 2;
	}
	n = size - 1;
	s = malloc(n ? n : 1);
	if (!s)
		return 0;
	for (i = 0; i < n; i++) {
		s[i] = data[1 + i];
		if (!(data[0] & 0x10) && bits >= 1 && bits < 8)
			s[i] &= (uint8_t)((1U << bits) - 1U);
	}
	ret = sp90b_assess(s, n, bits, mask, &r);
	fuzz_require(ret == 0 || ret == -EINVAL || ret == -ENOMEM ||
		     ret == -E2BIG,
		     "sp90b_assess errno");
	if (!ret) {
		fuzz_require(bits >= 1 && bits <= 8, "bits checked");
		fuzz_require(r.k >= 1 && r.k <= 1U << bits, "k in 1..2^bits");
		fuzz_require(isnan(r.h) || (r.h >= 0.0 && r.h <= bits),
			     "h in [0, bits]");
	}
	free(s);
	return 0;
}
