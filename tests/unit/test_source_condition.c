// SPDX-License-Identifier: GPL-2.0
/*
 * test_source_condition.c: conditioned mode's source (source_condition.c)
 * around the fake source of hwrngd_fake.h, which releases the numbered
 * stream 0, 1, 2, ... (mod 256) and fails on chosen fill() calls:
 *  - each 32-byte block is SHA-256 of the next n_in inner bytes, in order,
 *    and exactly n_in inner bytes are taken per block (default n_in 20480);
 *  - small reads hand out a block piecewise and take no more input;
 *  - an inner -EIO propagates, nothing of the failed block is released,
 *    its state is wiped, and fill() refuses until startup() passes; the
 *    next block is made of fresh bytes only;
 *  - other inner errors propagate without demanding a start-up;
 *  - stats, failure and describe forward to the inner source, with the
 *    conditioned counters and quality 1024 on top;
 *  - output mode (-n/-f) writes exactly the conditioned stream.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "condition.h"
#include "credit.h"
#include "daemon.h"
#include "hwrngd_fake.h"
#include "sha256.h"
#include "source_condition.h"

struct fixture {
	struct fake_daemon d;
	struct source_ops ops;		/* fake_source_ops, counting destroy */
	unsigned int inner_destroys;
	struct source *cs;
};

static struct fixture *fixture_of(struct source *inner)
{
	return (struct fixture *)((char *)inner -
				  offsetof(struct fixture, d.src.src));
}

static void counting_destroy(struct source *inner)
{
	fixture_of(inner)->inner_destroys++;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->d.cfg.run = HWRNGD_RUN_OUTPUT;
	f->d.cfg.out_file = "sample";
	fake_daemon_wire(&f->d);
	f->ops = fake_source_ops;
	f->ops.destroy = counting_destroy;
	f->d.src.src.ops = &f->ops;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->cs)
		f->cs->ops->destroy(f->cs);
	return fake_daemon_teardown(state);	/* frees f: d comes first */
}

/* Wraps the fake source: n_in bytes per block, credited h_in bits. */
static struct source_condition *wrap(struct fixture *f, size_t n_in,
				     double h_in)
{
	assert_int_equal(source_condition_new(&f->cs, &f->d.src.src, n_in,
					      h_in), 0);
	return (struct source_condition *)f->cs;
}

/* SHA-256 of the fake stream's bytes first, first + 1, ... (n bytes). */
static void expected_block(uint8_t first, size_t n,
			   uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;
	uint8_t b;
	size_t i;

	sha256_init(&c);
	for (i = 0; i < n; i++) {
		b = (uint8_t)(first + i);
		sha256_update(&c, &b, 1);
	}
	sha256_final(&c, digest);
}

static void assert_block(struct fixture *f, uint8_t first, size_t n_in)
{
	uint8_t want[SHA256_DIGEST_SIZE], got[4096];

	expected_block(first, n_in, want);
	assert_int_equal(f->cs->ops->fill(f->cs, got, sizeof(got)),
			 SHA256_DIGEST_SIZE);
	assert_memory_equal(got, want, sizeof(want));
}

/* Nothing of an abandoned block is left in the source's memory. */
static void assert_wiped(const struct source_condition *sc)
{
	static const struct sha256_ctx zero_hash;
	static const uint8_t zero[SOURCE_CONDITION_CHUNK];

	assert_int_equal(sc->have, 0);
	assert_int_equal(sc->out_len, 0);
	assert_memory_equal(&sc->hash, &zero_hash, sizeof(zero_hash));
	assert_memory_equal(sc->out, zero, sizeof(sc->out));
	assert_memory_equal(sc->chunk, zero, sizeof(sc->chunk));
}

static void test_blocks_are_sha256(void **state)
{
	struct fixture *f = *state;
	unsigned int b;

	wrap(f, 100, 100);
	f->d.src.chunk = 7;		/* n_in is no multiple of the chunk */
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	for (b = 0; b < 3; b++)
		assert_block(f, (uint8_t)(b * 100), 100);
	assert_int_equal(f->d.src.released, 300);
}

static void test_default_n_in(void **state)
{
	struct fixture *f = *state;
	size_t n_in = credit_condition_input(CREDIT_H_CLAIM_DEFAULT,
					     CONDITION_OUT_BYTES);
	struct source_stats st;
	const char *d;

	assert_int_equal(n_in, 20480);
	wrap(f, n_in, condition_input_entropy(n_in, CREDIT_H_CLAIM_DEFAULT));
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_block(f, 0, n_in);
	assert_int_equal(f->d.src.released, n_in);
	assert_block(f, (uint8_t)n_in, n_in);
	assert_int_equal(f->d.src.released, 2 * n_in);
	f->cs->ops->stats(f->cs, &st);
	assert_int_equal(st.released, 64);
	assert_int_equal(st.conditioned, 2 * n_in);
	assert_int_equal(st.tested, 2 * n_in);	/* the inner's counters */
	assert_int_equal(st.quality, CONDITION_QUALITY_FULL);
	d = f->cs->ops->describe(f->cs, SOURCE_INFO_CONDITION);
	assert_non_null(d);
	assert_non_null(strstr(d, "sha256, 20480 input bytes per 32-byte block"));
	assert_non_null(strstr(d, "quality 1024"));
	assert_string_equal(f->cs->ops->describe(f->cs, SOURCE_INFO_TIMER),
			    "fake timer");
}

static void test_small_reads(void **state)
{
	struct fixture *f = *state;
	uint8_t want[2 * SHA256_DIGEST_SIZE], got[2 * SHA256_DIGEST_SIZE];
	size_t done = 0;
	ssize_t n;

	wrap(f, 1000, 1000);
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	expected_block(0, 1000, want);
	expected_block((uint8_t)1000, 1000, want + SHA256_DIGEST_SIZE);
	while (done < sizeof(got)) {
		n = f->cs->ops->fill(f->cs, got + done, 5);
		assert_true(n > 0 && n <= 5);
		done += (size_t)n;
		/* a block is only begun when the last one is used up */
		assert_int_equal(f->d.src.released,
				 1000 * ((done + 31) / SHA256_DIGEST_SIZE));
	}
	assert_memory_equal(got, want, sizeof(want));
	assert_int_equal(f->cs->ops->fill(f->cs, got, 0), -EINVAL);
}

static void test_eio_releases_nothing(void **state)
{
	struct fixture *f = *state;
	struct source_condition *sc = wrap(f, 100, 100);
	struct source_failure fail;
	struct source_stats st;
	uint8_t buf[64];
	unsigned int fills;

	f->d.src.chunk = 10;
	f->d.src.fail_fill[0] = 15;	/* block 2 has 40 bytes when it fails */
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_block(f, 0, 100);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(f->cs->ops->fill(f->cs, buf, sizeof(buf)), -EIO);
	assert_int_equal(f->d.src.released, 140);
	assert_wiped(sc);
	f->cs->ops->stats(f->cs, &st);
	assert_int_equal(st.released, 32);
	assert_int_equal(st.conditioned, 100);
	f->cs->ops->failure(f->cs, &fail);
	assert_string_equal(fail.stage, "continuous");
	/* no fill() before a start-up passed: not even a call inside */
	fills = f->d.src.fills;
	assert_int_equal(f->cs->ops->fill(f->cs, buf, sizeof(buf)), -EIO);
	assert_int_equal(f->d.src.fills, fills);
	assert_int_equal(f->d.src.misuse, 0);
	/* the next block is 100 fresh bytes, none of the failed 40 */
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_block(f, 140, 100);
}

static void test_startup_failure(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[32];

	wrap(f, 100, 100);
	f->d.src.startup_fails = 1;
	assert_int_equal(f->cs->ops->startup(f->cs), -EIO);
	assert_int_equal(f->cs->ops->fill(f->cs, buf, sizeof(buf)), -EIO);
	assert_int_equal(f->d.src.fills, 0);
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_block(f, 0, 100);
}

/* A restart drops the unread rest of a block. */
static void test_startup_drops_rest(void **state)
{
	struct fixture *f = *state;
	struct source_condition *sc = wrap(f, 100, 100);
	uint8_t buf[5];

	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_int_equal(f->cs->ops->fill(f->cs, buf, sizeof(buf)), 5);
	assert_int_equal(sc->out_len - sc->out_off, 27);
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_wiped(sc);
	assert_block(f, 100, 100);
}

static void test_other_error(void **state)
{
	struct fixture *f = *state;
	struct source_condition *sc = wrap(f, 100, 100);
	uint8_t buf[32];

	f->d.src.chunk = 30;
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_block(f, 0, 100);
	/* the fake answers -EPROTO to a fill() it did not expect */
	f->d.src.need_startup = true;
	assert_int_equal(f->cs->ops->fill(f->cs, buf, sizeof(buf)), -EPROTO);
	assert_wiped(sc);
	assert_false(sc->need_startup);
	f->d.src.need_startup = false;
	assert_block(f, 100, 100);
}

static void test_destroy(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[5];

	wrap(f, 100, 100);
	assert_int_equal(f->cs->ops->startup(f->cs), 0);
	assert_int_equal(f->cs->ops->fill(f->cs, buf, sizeof(buf)), 5);
	f->cs->ops->destroy(f->cs);	/* with 27 unread bytes (ASan: no leak) */
	f->cs = NULL;
	assert_int_equal(f->inner_destroys, 1);
}

static void test_new_invalid(void **state)
{
	struct fixture *f = *state;
	struct source *s = NULL;

	assert_int_equal(source_condition_new(&s, &f->d.src.src, 0, 1), -EINVAL);
	assert_int_equal(source_condition_new(&s, &f->d.src.src, 10, 81),
			 -EINVAL);
	assert_int_equal(source_condition_new(&s, &f->d.src.src, 10, 0),
			 -EINVAL);
	assert_null(s);
	assert_int_equal(f->inner_destroys, 0);
}

/* -n 1000 -f FILE --condition: the first 1000 conditioned bytes. */
static void test_output_mode(void **state)
{
	struct fixture *f = *state;
	uint8_t want[32 * SHA256_DIGEST_SIZE];
	unsigned int b;

	wrap(f, 100, 100);
	f->d.ctx.src = f->cs;
	f->d.cfg.out_bytes = 1000;
	for (b = 0; b < 32; b++)
		expected_block((uint8_t)(b * 100), 100,
			       want + b * SHA256_DIGEST_SIZE);
	assert_int_equal(daemon_output(&f->d.ctx), 0);
	assert_int_equal(f->d.fs.out_len, 1000);
	assert_memory_equal(f->d.fs.out, want, 1000);
	assert_int_equal(f->d.src.startups, 1);
	assert_int_equal(f->d.src.released, 3200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_blocks_are_sha256, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_n_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eio_releases_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_startup_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_startup_drops_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_mode, setup, teardown),
	};

	return cmocka_run_group_tests_name("source_condition", tests, NULL,
					   NULL);
}
