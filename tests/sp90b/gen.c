// SPDX-License-Identifier: GPL-2.0
/*
 * sp90b-gen: the synthetic known-answer inputs of tests/sp90b-kat.t, one
 * sample per byte, from a fixed-seed PRNG (splitmix64), so that the same
 * bytes come out on every machine and the expected values
 * (tests/data/sp90b/expected.tsv, from NIST's ea_non_iid) stay valid.
 *
 *   sp90b-gen NAME FILE
 *
 * NAME (samples, bits per sample):
 *   iid8       1000000, 8: independent bits, each 1 with P = 0.35
 *   markov1    1000000, 1: binary Markov chain, P(repeat) = 0.7
 *   markov4    1000000, 4: 16-state chain: stay 0.5, +-1 (mod 16) 0.2
 *                          each, uniform 0.1
 *   periodic6  1000000, 6: a fixed period-23 pattern, each sample
 *                          replaced by a uniform one with P = 0.2
 *   twolevel8  1000000, 8: 0x3c (P = 0.6) or 0xc3, independent
 *   short8       65536, 8: as iid8 with P = 0.45 (the daemon's start-up
 *                          size; assessed with --short)
 * Exit status: 0 written, 2 usage or I/O error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_N		1000000U
#define GEN_SHORT_N	65536U
#define GEN_PERIOD	23U
#define GEN_2_53	9007199254740992.0

struct gen {
	uint64_t state;
};

/* splitmix64 (Steele, Lea, Flood 2014). */
static uint64_t gen_next(struct gen *g)
{
	uint64_t z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* True with probability p (53-bit uniform). */
static int gen_coin(struct gen *g, double p)
{
	return (double)(gen_next(g) >> 11) / GEN_2_53 < p;
}

/* A byte of independent bits, each 1 with probability p. */
static uint8_t gen_bits(struct gen *g, double p)
{
	unsigned int b = 0, i;

	for (i = 0; i < 8; i++)
		b = b << 1 | (unsigned int)gen_coin(g, p);
	return (uint8_t)b;
}

static void gen_markov1(struct gen *g, uint8_t *s, size_t n)
{
	unsigned int x = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!gen_coin(g, 0.7))
			x ^= 1U;
		s[i] = (uint8_t)x;
	}
}

static void gen_markov4(struct gen *g, uint8_t *s, size_t n)
{
	unsigned int x = 0;
	double u;
	size_t i;

	for (i = 0; i < n; i++) {
		u = (double)(gen_next(g) >> 11) / GEN_2_53;
		if (u < 0.2)
			x = (x + 1U) & 15U;
		else if (u < 0.4)
			x = (x + 15U) & 15U;
		else if (u < 0.5)
			x = (unsigned int)(gen_next(g) >> 60);
		s[i] = (uint8_t)x;
	}
}

static void gen_periodic6(struct gen *g, uint8_t *s, size_t n)
{
	uint8_t pat[GEN_PERIOD];
	size_t i;

	for (i = 0; i < GEN_PERIOD; i++)
		pat[i] = (uint8_t)(gen_next(g) >> 58);
	for (i = 0; i < n; i++)
		s[i] = gen_coin(g, 0.2) ? (uint8_t)(gen_next(g) >> 58) :
					  pat[i % GEN_PERIOD];
}

/* Fill s with data set name; its length in *n.  -1: unknown name. */
static int gen_fill(const char *name, uint8_t *s, size_t *n)
{
	struct gen g = { .state = 0x5390b0000000001ULL };
	size_t i;

	*n = GEN_N;
	if (!strcmp(name, "iid8")) {
		for (i = 0; i < *n; i++)
			s[i] = gen_bits(&g, 0.35);
	} else if (!strcmp(name, "markov1")) {
		gen_markov1(&g, s, *n);
	} else if (!strcmp(name, "markov4")) {
		gen_markov4(&g, s, *n);
	} else if (!strcmp(name, "periodic6")) {
		gen_periodic6(&g, s, *n);
	} else if (!strcmp(name, "twolevel8")) {
		for (i = 0; i < *n; i++)
			s[i] = gen_coin(&g, 0.6) ? 0x3c : 0xc3;
	} else if (!strcmp(name, "short8")) {
		*n = GEN_SHORT_N;
		for (i = 0; i < *n; i++)
			s[i] = gen_bits(&g, 0.45);
	} else {
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t s[GEN_N];
	size_t n;
	FILE *f;

	if (argc != 3 || gen_fill(argv[1], s, &n)) {
		fprintf(stderr, "usage: sp90b-gen %s FILE\n",
			"iid8|markov1|markov4|periodic6|twolevel8|short8");
		return 2;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(s, 1, n, f) != n || fclose(f)) {
		perror(argv[2]);
		return 2;
	}
	return 0;
}
