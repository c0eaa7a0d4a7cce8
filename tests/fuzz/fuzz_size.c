// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_size.c: size_parse() and size_parse_uint() (helper/daemon/size.c)
 * on arbitrary text.  Invariants: a parsed size is at most SIZE_MAX_BYTES,
 * a parsed number lies in [min, max], errors are -EINVAL or -ERANGE and
 * leave the result untouched.
 */
#include <errno.h>

#include "fuzz.h"
#include "size.h"

static const uint64_t fuzz_size_bounds[][2] = {
	{ 0, UINT64_MAX },
	{ 1, 100 },
	{ 5, 5 },
	{ 1, 1U << 20 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint64_t poison = UINT64_C(0xdeadbeef);
	char *text = fuzz_strdup(data, size);
	uint64_t v = poison;
	size_t i;
	int r;

	if (!text)
		return 0;
	r = size_parse(text, &v);
	fuzz_require(r == 0 || r == -EINVAL || r == -ERANGE, "size_parse errno");
	fuzz_require(r ? v == poison : v <= SIZE_MAX_BYTES, "size_parse value");
	for (i = 0; i < ARRAY_SIZE(fuzz_size_bounds); i++) {
		uint64_t lo = fuzz_size_bounds[i][0], hi = fuzz_size_bounds[i][1];

		v = poison;
		r = size_parse_uint(text, lo, hi, &v);
		fuzz_require(r == 0 || r == -EINVAL || r == -ERANGE,
			     "size_parse_uint errno");
		fuzz_require(r ? v == poison : (v >= lo && v <= hi),
			     "size_parse_uint value");
	}
	free(text);
	return 0;
}
