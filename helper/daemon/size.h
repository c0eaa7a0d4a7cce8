/* SPDX-License-Identifier: GPL-2.0 */
/*
 * size.h: parsing of sizes ("4M", "0", "16t") and bounded unsigned numbers
 * given on the command line.
 */
#ifndef HWRNGD_SIZE_H
#define HWRNGD_SIZE_H

#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* haveged's documented upper bound for -n: 16t = 2^44 bytes */
#define SIZE_MAX_BYTES	(UINT64_C(1) << 44)

int size_parse(const char *text, uint64_t *ret_bytes);
int size_parse_uint(const char *text, uint64_t min, uint64_t max,
		    uint64_t *ret_val);

#endif /* HWRNGD_SIZE_H */
