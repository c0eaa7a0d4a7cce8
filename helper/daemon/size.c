// SPDX-License-Identifier: GPL-2.0
/*
 * size.c: strict number parsing for the option parser.  strtoull() alone
 * accepts "-1", leading blanks and an empty string; these helpers do not.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "size.h"

/* Parses the leading decimal digits of @text; *end points after them. */
static int size_digits(const char *text, uint64_t *ret_val, const char **end)
{
	unsigned long long v;
	char *e;

	if (!isdigit((unsigned char)text[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(text, &e, 10);
	if (errno == ERANGE)
		return -ERANGE;
	*ret_val = v;
	*end = e;
	return 0;
}

static int size_shift(char suffix)
{
	switch (tolower((unsigned char)suffix)) {
	case 'k':
		return 10;
	case 'm':
		return 20;
	case 'g':
		return 30;
	case 't':
		return 40;
	default:
		return -EINVAL;
	}
}

/**
 * size_parse() - parse a byte count with an optional k/m/g/t suffix
 * @text: e.g. "0", "4096", "4M", "16t" (suffixes are binary, any case)
 * @ret_bytes: result, written only on success
 *
 * Return: 0; -EINVAL for malformed text; -ERANGE above SIZE_MAX_BYTES.
 */
int size_parse(const char *text, uint64_t *ret_bytes)
{
	const char *end;
	uint64_t v;
	int r, shift = 0;

	r = size_digits(text, &v, &end);
	if (r)
		return r;
	if (*end) {
		shift = size_shift(*end);
		if (shift < 0 || end[1])
			return -EINVAL;
	}
	if (v > (SIZE_MAX_BYTES >> shift))
		return -ERANGE;
	*ret_bytes = v << shift;
	return 0;
}

/**
 * size_parse_uint() - parse a plain decimal number within [min, max]
 * @text: the number, digits only
 * @min: smallest accepted value
 * @max: largest accepted value
 * @ret_val: result, written only on success
 *
 * Return: 0; -EINVAL for malformed text; -ERANGE outside [min, max].
 */
int size_parse_uint(const char *text, uint64_t min, uint64_t max,
		    uint64_t *ret_val)
{
	const char *end;
	uint64_t v;
	int r;

	r = size_digits(text, &v, &end);
	if (r)
		return r;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*ret_val = v;
	return 0;
}
