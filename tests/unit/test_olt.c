// SPDX-License-Identifier: GPL-2.0
/*
 * test_olt.c - the online test engine: the -o specification parser, and
 * which bytes it releases, discards or holds back on good data, on a
 * failure at start-up, on a failure in the continuous tests, and in
 * advisory ("w") mode.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kat.h"
#include "olt.h"

static void test_parse_valid(void **state)
{
	struct olt_config c;

	(void)state;
	assert_int_equal(olt_parse("ta8b", &c, NULL), 0);
	assert_true(c.tot.a && c.tot.b && !c.cont.a && !c.cont.b);
	/* haveged's a<n>: T5 in every 2^n-th round */
	assert_int_equal(c.tot.a_every, 256);
	assert_int_equal(olt_parse("tbca8wbw", &c, NULL), 0);
	assert_true(c.tot.b && !c.tot.a && !c.tot.b_warn);
	assert_true(c.cont.a && c.cont.a_warn && c.cont.b && c.cont.b_warn);
	assert_int_equal(c.cont.a_every, 256);
	assert_int_equal(olt_parse("TABCAB", &c, NULL), 0);
	assert_int_equal(c.tot.a_every, 1);
	assert_int_equal(c.cont.a_every, 1);
	assert_int_equal(olt_parse("cbta1", &c, NULL), 0);
	assert_int_equal(c.tot.a_every, 2);
	assert_true(c.cont.b && !c.cont.a);
	/* empty groups, as haveged: "" and "tc" test nothing */
	assert_int_equal(olt_parse("tca8b", &c, NULL), 0);
	assert_true(!c.tot.a && !c.tot.b && c.cont.a && c.cont.b);
	assert_int_equal(olt_parse("tcb", &c, NULL), 0);
	assert_true(!c.tot.a && !c.tot.b && !c.cont.a && c.cont.b);
	assert_int_equal(olt_parse("t", &c, NULL), 0);
	assert_true(!c.tot.a && !c.tot.b && !c.cont.a && !c.cont.b);
	assert_int_equal(olt_parse("", &c, NULL), 0);
	assert_true(!c.tot.a && !c.tot.b && !c.cont.a && !c.cont.b);
	assert_int_equal(olt_parse(OLT_SPEC_DAEMON, &c, NULL), 0);
	assert_int_equal(olt_parse(OLT_SPEC_HAVEGED, &c, NULL), 0);
}

static void test_parse_invalid(void **state)
{
	static const struct { const char *s; size_t pos; } bad[] = {
		{ "x", 0 }, { "b", 0 }, { "tt", 1 },
		{ "ta0", 1 }, { "ta9b", 1 }, { "ta12", 3 }, { "taa", 2 },
		{ "tbtb", 2 }, { "tbx", 2 }, { "tbww", 3 }, { "tb ca", 2 },
		{ "tbb", 2 }, { "tcta", 2 },
	};
	struct olt_config c;
	size_t i, pos;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		pos = 999;
		assert_int_equal(olt_parse(bad[i].s, &c, &pos), -EINVAL);
		if (pos != bad[i].pos)
			fail_msg("\"%s\": error at %zu, want %zu", bad[i].s,
				 pos, bad[i].pos);
	}
}

struct seen {
	unsigned int n;
	struct olt_result r[16];
};

static void record(void *arg, const struct olt_result *r)
{
	struct seen *s = arg;

	if (s->n < 16)
		s->r[s->n] = *r;
	s->n++;
}

/* Push len bytes in odd chunks, pulling as we go; the last push result. */
static int push_all(struct olt *o, const uint8_t *b, size_t len,
		    uint8_t *out, size_t *got)
{
	size_t off, n;
	int ret = 0;

	for (off = 0; off < len && !ret; off += n) {
		n = len - off < 10007 ? len - off : 10007;
		ret = olt_push(o, b + off, n);
		*got += olt_pull(o, out + *got, len - *got);
	}
	return ret;
}

/* Good data: released bytes are exactly a prefix, covered by passed tests. */
static void test_release_good(void **state)
{
	size_t len = 4000000, got = 0;
	uint8_t *b = malloc(len), *out = malloc(len);
	struct seen s = { 0 };
	struct kat_rng r;
	struct olt *o;

	(void)state;
	assert_non_null(b);
	assert_non_null(out);
	kat_seed(&r, 3);
	kat_random(&r, b, len);
	assert_int_equal(olt_new(&o, "tbcb", false, NULL), 0);
	olt_set_report(o, record, &s);
	assert_int_equal(push_all(o, b, len, out, &got), 0);
	assert_int_equal(olt_stage(o), OLT_CONT);
	assert_true(s.n >= 4);
	assert_int_equal(s.r[0].stage, OLT_TOT);
	assert_int_equal(s.r[1].stage, OLT_CONT);
	assert_int_equal(s.r[1].start, s.r[0].bits);	/* back to back */
	assert_int_equal(s.r[2].start, s.r[1].start + s.r[1].bits);
	assert_int_equal(got, o->cnt.tested_bits / 8);
	assert_memory_equal(out, b, got);
	assert_int_equal(got + olt_pending(o), len);
	assert_int_equal(o->cnt.discarded, 0);
	olt_free(o);
	free(b);
	free(out);
}

/* Start-up failure: nothing released, -EIO until reset. */
static void test_fail_startup(void **state)
{
	size_t len = 1100000, got = 0;
	uint8_t *b = calloc(1, len), *out = malloc(len);
	struct olt *o;

	(void)state;
	assert_non_null(b);
	assert_non_null(out);
	assert_int_equal(olt_new(&o, "tbcb", false, NULL), 0);
	assert_int_equal(push_all(o, b, len, out, &got), -EIO);
	assert_int_equal(got, 0);
	assert_int_equal(olt_stage(o), OLT_FAILED);
	assert_int_equal(o->last_fail.proc, 'B');
	assert_int_equal(o->last_fail.stage, OLT_TOT);
	assert_true(o->last_fail.mask[0] & (1U << AIS31_C_T6A));
	assert_int_equal(o->cnt.discarded, o->cnt.pushed);
	assert_int_equal(olt_push(o, b, 10), -EIO);
	olt_reset(o);
	assert_int_equal(olt_stage(o), OLT_TOT);
	assert_int_equal(olt_pending(o), 0);
	olt_free(o);
	free(b);
	free(out);
}

/* Continuous failure: the failed procedure's bytes are never released. */
static void test_fail_continuous(void **state)
{
	size_t len = 3000000, got = 0, good = 1000000;
	uint8_t *b = calloc(1, len), *out = malloc(len);
	struct kat_rng r;
	struct olt *o;

	(void)state;
	assert_non_null(b);
	assert_non_null(out);
	kat_seed(&r, 4);
	kat_random(&r, b, good);
	assert_int_equal(olt_new(&o, "tbcb", false, NULL), 0);
	assert_int_equal(push_all(o, b, len, out, &got), -EIO);
	assert_int_equal(o->last_fail.stage, OLT_CONT);
	assert_int_equal(got, o->last_fail.start / 8);
	assert_true(got < good);
	assert_memory_equal(out, b, got);
	assert_int_equal(olt_ready(o), 0);
	olt_free(o);
	free(b);
	free(out);
}

/* Advisory mode: failures are reported, the bytes still flow. */
static void test_advisory(void **state)
{
	size_t len = 2100000, got = 0;
	uint8_t *b = calloc(1, len), *out = malloc(len);
	struct seen s = { 0 };
	struct olt *o;

	(void)state;
	assert_non_null(b);
	assert_non_null(out);
	assert_int_equal(olt_new(&o, "tbwcbw", false, NULL), 0);
	olt_set_report(o, record, &s);
	assert_int_equal(push_all(o, b, len, out, &got), 0);
	assert_int_equal(s.n, 2);
	assert_true(s.r[0].warn && s.r[0].verdict == AIS31_FAIL);
	assert_int_equal(got, (s.r[0].bits + s.r[1].bits) / 8);
	assert_int_equal(olt_proc_stats(o, 'B')->failures, 2);
	assert_null(olt_proc_stats(o, 'C'));
	olt_free(o);
	free(b);
	free(out);
}

/* No continuous group: after the start-up tests everything flows. */
static void test_tot_only(void **state)
{
	size_t len = 2200000, got = 0;
	uint8_t *b = malloc(len), *out = malloc(len);
	struct kat_rng r;
	struct olt *o;

	(void)state;
	assert_non_null(b);
	assert_non_null(out);
	kat_seed(&r, 6);
	kat_random(&r, b, len);
	assert_int_equal(olt_new(&o, "ta8b", false, NULL), 0);
	assert_int_equal(push_all(o, b, len, out, &got), 0);
	assert_int_equal(olt_stage(o), OLT_CONT);
	assert_int_equal(o->cnt.tot_passes, 1);
	assert_int_equal(got, len);
	assert_memory_equal(out, b, len);
	olt_free(o);
	free(b);
	free(out);
}

static void test_detail(void **state)
{
	struct olt_result r = { .runs = 2, .mask = { (1U << AIS31_C_T1) |
						      (1U << AIS31_C_T5), 0 },
				.first_round = { 12, 0 } };
	char buf[80], tiny[8];

	(void)state;
	assert_int_equal(olt_result_detail(&r, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "run 1: T1 T5 (round 12); run 2: none");
	assert_int_equal(olt_result_detail(&r, tiny, sizeof(tiny)), -ENOSPC);
	assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
	assert_string_equal(olt_stage_name(OLT_CONT), "continuous");
	assert_string_equal(olt_stage_name(OLT_TOT), "tot");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_release_good),
		cmocka_unit_test(test_fail_startup),
		cmocka_unit_test(test_fail_continuous),
		cmocka_unit_test(test_advisory),
		cmocka_unit_test(test_tot_only),
		cmocka_unit_test(test_detail),
	};

	return cmocka_run_group_tests_name("olt", tests, NULL, NULL);
}
