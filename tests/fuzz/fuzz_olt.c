// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_olt.c: the -o online test specification (olt_parse(),
 * helper/online/olt.c) on arbitrary text; an accepted specification is
 * then given to olt_new() and the engine is fed the specification's own
 * bytes.  Invariants: errors are -EINVAL with errpos inside the text (or
 * at its end), olt_parse() and olt_new() agree, the engine never releases
 * more than it was given.
 */
#include <errno.h>

#include "fuzz.h"
#include "olt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = fuzz_strdup(data, size);
	struct olt_config cfg;
	struct olt *o = NULL;
	size_t errpos = SIZE_MAX, len;
	uint8_t out[64];
	int r, r2;

	if (!spec)
		return 0;
	len = strlen(spec);
	r = olt_parse(spec, &cfg, &errpos);
	fuzz_require(r == 0 || r == -EINVAL, "olt_parse errno");
	fuzz_require(r == 0 || errpos <= len, "olt_parse errpos");
	r2 = olt_new(&o, spec, data[0] & 1, NULL);
	fuzz_require(r2 == r || r2 == -ENOMEM, "olt_new agrees with olt_parse");
	if (!r2) {
		r = olt_push(o, data, size);
		fuzz_require(r == 0 || r == -EIO, "olt_push errno");
		fuzz_require(olt_pull(o, out, sizeof(out)) <= size,
			     "olt_pull releases no more than pushed");
		fuzz_require(olt_pending(o) <= size, "olt_pending");
		olt_free(o);
	}
	free(spec);
	return 0;
}
