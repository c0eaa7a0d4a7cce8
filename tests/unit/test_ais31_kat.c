// SPDX-License-Identifier: GPL-2.0
/*
 * test_ais31_kat.c - the known-answer table of the AIS 31 implementer
 * specification (section 9): for every vector, every designed cell of
 * "tests" mode (each test once from bit 0), and the verdicts of procedures
 * A and B from bit 0 with the number of runs (2 = one retry).
 *
 * With two arguments, "NAME FILE", the program writes vector NAME to FILE
 * ("-" for stdout) instead, for tests/ais31-cli.t.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ais31.h"
#include "kat_vectors.h"

/* Odd on purpose, so that every unit of every test straddles chunks. */
#define KAT_CHUNK	7777U

struct kat_proc {
	struct ais31_a a;
	struct ais31_b b;
};

/* Feed b to A or B in chunks until a verdict. */
static int kat_feed(struct kat_proc *p, bool is_a, const uint8_t *b)
{
	size_t off;
	int v = AIS31_MORE;

	for (off = 0; off < KAT_LEN && v == AIS31_MORE; off += KAT_CHUNK) {
		size_t n = KAT_LEN - off < KAT_CHUNK ? KAT_LEN - off : KAT_CHUNK;
		struct ais31_in in = { .buf = b + off, .end = 8 * n };

		v = is_a ? ais31_a_insert(&p->a, &in) :
			   ais31_b_insert(&p->b, &in);
		if (v == AIS31_MORE)
			assert_int_equal(in.pos, in.end);
	}
	assert_int_not_equal(v, AIS31_MORE);
	return v;
}

/* Tests mode: the checks of test t that failed, run once from bit 0. */
static uint32_t kat_single(struct kat_proc *p, const uint8_t *b,
			   enum ais31_test t)
{
	bool is_a = t <= AIS31_T5;
	const struct ais31_run *r = is_a ? &p->a.r : &p->b.r;

	if (is_a)
		assert_int_equal(ais31_a_single(&p->a, t), 0);
	else
		assert_int_equal(ais31_b_single(&p->b, t), 0);
	kat_feed(p, is_a, b);
	assert_int_equal(r->run, 1);
	return r->mask[0] & ais31_test_checks(t);
}

/* The designed statistic of an edge vector, in tests mode. */
static void kat_check_stat(const struct kat_vector *v,
			   const struct kat_proc *p)
{
	if (v->build == kat_t1)
		assert_int_equal(p->a.last_stat.t1_ones, v->arg);
	if (v->build == kat_t2)
		assert_int_equal(p->a.last_stat.t2_sum, v->arg);
	if (v->build == kat_t4)
		assert_int_equal(p->a.last_stat.t4_longest, v->arg);
	if (v->build == kat_t6a)
		assert_int_equal(p->b.last_stat.t6a_ones, v->arg);
}

static void kat_tests_mode(const struct kat_vector *v, struct kat_proc *p,
			   const uint8_t *b)
{
	uint32_t failed = 0;
	unsigned int t, c;

	for (t = 0; t < AIS31_NTESTS; t++)
		failed |= kat_single(p, b, (enum ais31_test)t);
	kat_check_stat(v, p);
	for (c = 0; c < AIS31_NCHECKS; c++) {
		bool f = failed & (1U << c);

		if (v->cells[c] == '*' || f == (v->cells[c] == 'F'))
			continue;
		fail_msg("%s: %s %s, want %c", v->name,
			 ais31_check_name((enum ais31_check)c),
			 f ? "failed" : "passed", v->cells[c]);
	}
}

static void kat_procedure(const struct kat_vector *v, struct kat_proc *p,
			  const uint8_t *b, bool is_a)
{
	char want = is_a ? v->proc_a : v->proc_b;
	unsigned int runs = is_a ? v->runs_a : v->runs_b;
	const struct ais31_run *r = is_a ? &p->a.r : &p->b.r;
	int got;

	if (is_a) {
		ais31_a_free(&p->a);
		assert_int_equal(ais31_a_init(&p->a, 1), 0);
	} else {
		ais31_b_free(&p->b);
		assert_int_equal(ais31_b_init(&p->b), 0);
	}
	got = kat_feed(p, is_a, b);
	if (want == '*')
		return;
	if ((got == AIS31_PASS) != (want == 'P') || r->run != runs)
		fail_msg("%s: procedure %c %s after %u runs, want %c (%u)",
			 v->name, is_a ? 'A' : 'B',
			 got == AIS31_PASS ? "passed" : "failed", r->run,
			 want, runs);
}

static void test_kat_vector(void **state)
{
	const struct kat_vector *v = *state;
	struct kat_proc p;
	uint8_t *b = malloc(KAT_LEN);

	assert_non_null(b);
	kat_build((size_t)(v - kat_vectors), b);
	assert_int_equal(ais31_a_init(&p.a, 1), 0);
	assert_int_equal(ais31_b_init(&p.b), 0);
	kat_tests_mode(v, &p, b);
	kat_procedure(v, &p, b, true);
	kat_procedure(v, &p, b, false);
	ais31_a_free(&p.a);
	ais31_b_free(&p.b);
	free(b);
}

/* "NAME FILE": write one vector. */
static int kat_write(const char *name, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "wb") : stdout;
	uint8_t *b = malloc(KAT_LEN);
	size_t i;
	int ret = 2;

	for (i = 0; i < KAT_NVECTORS && b && f; i++) {
		if (strcmp(kat_vectors[i].name, name))
			continue;
		kat_build(i, b);
		ret = fwrite(b, 1, KAT_LEN, f) == KAT_LEN ? 0 : 2;
	}
	if (ret)
		fprintf(stderr, "kat: cannot write %s to %s\n", name, path);
	if (f && f != stdout && fclose(f))
		ret = 2;
	free(b);
	return ret;
}

int main(int argc, char **argv)
{
	struct CMUnitTest tests[KAT_NVECTORS];
	size_t i;

	if (argc == 3)
		return kat_write(argv[1], argv[2]);
	for (i = 0; i < KAT_NVECTORS; i++) {
		tests[i] = (struct CMUnitTest) {
			.name = kat_vectors[i].name,
			.test_func = test_kat_vector,
			.initial_state = (void *)&kat_vectors[i],
		};
	}
	return _cmocka_run_group_tests("ais31_kat", tests, KAT_NVECTORS,
				       NULL, NULL);
}
