/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h: what every libFuzzer target (tests/fuzz/fuzz_*.c) shares.  A
 * target defines LLVMFuzzerTestOneInput(); a broken invariant aborts
 * through fuzz_require(), which libFuzzer reports as a crash.
 */
#ifndef HAVEGE_FUZZ_H
#define HAVEGE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message when an invariant of the code under test fails. */
static inline void fuzz_require(int cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz: invariant broken: %s\n", what);
		abort();
	}
}

/* A NUL-terminated heap copy of the input (free() it); NULL on ENOMEM. */
static inline char *fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif /* HAVEGE_FUZZ_H */
