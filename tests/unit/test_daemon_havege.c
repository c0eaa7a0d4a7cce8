// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon_havege.c: the daemon with the real source (collector, raw
 * health tests, AIS-31 online test engine) on a fake timer, feeding the
 * fake module.  A timer that gets stuck while running is the injected
 * failure: the raw tests fire, and the module must see WITHDRAW before any
 * further write; every byte it got was released by the online test engine.
 * The same through the --condition wrapper.
 * The fake timer exists only in the tests; the daemon program always uses
 * the hardware timer (see tests/hwrngd-cli.t for the production check).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "assess.h"
#include "collector.h"
#include "daemon.h"
#include "fake_timer.h"
#include "hwrngd_fake.h"
#include "status.h"

/*
 * Raw samples per 64 KiB collector buffer (-b 16): 2048 timer reads, one
 * residual per delta but the first (it spans the refill boundary).
 */
#define RAW_PER_BUFFER	(16U * 1024U / COLLECTOR_WORDS_PER_STEP - 1U)
/* source_havege.c pushes whole buffers: one refill per 64 KiB generated */
#define BUFFER_BYTES	(16U * 1024U * 4U)
/*
 * Refills of the start-up SP 800-90B assessment (assess.h): whole refills
 * until ASSESS_STARTUP_SAMPLES residuals, after which the warm-up's last
 * buffer is dropped too, so every output buffer is a refill of its own.
 */
#define ASSESS_REFILLS	\
	((ASSESS_STARTUP_SAMPLES + RAW_PER_BUFFER - 1U) / RAW_PER_BUFFER)

/* Forwards to the real source and records its verdicts in the event log. */
struct spy_source {
	struct source src;
	struct source *real;
	struct fake_sys *fs;
	uint64_t released;
};

static struct spy_source *to_spy(const struct source *src)
{
	return (struct spy_source *)src;
}

static int spy_startup(struct source *src)
{
	struct spy_source *s = to_spy(src);
	int r = s->real->ops->startup(s->real);

	fake_event(s->fs, r ? EV_STARTUP_FAIL : EV_STARTUP_PASS, 0, r);
	return r;
}

static ssize_t spy_fill(struct source *src, void *buf, size_t len)
{
	struct spy_source *s = to_spy(src);
	ssize_t n = s->real->ops->fill(s->real, buf, len);

	if (n < 0) {
		fake_event(s->fs, EV_FILL_FAIL, 0, n);
		return n;
	}
	s->released += (uint64_t)n;
	fake_event(s->fs, EV_FILL, (size_t)n, 0);
	return n;
}

static void spy_failure(const struct source *src, struct source_failure *out)
{
	to_spy(src)->real->ops->failure(to_spy(src)->real, out);
}

static void spy_stats(const struct source *src, struct source_stats *out)
{
	to_spy(src)->real->ops->stats(to_spy(src)->real, out);
}

static const struct source_ops spy_ops = {
	.startup = spy_startup,
	.fill = spy_fill,
	.failure = spy_failure,
	.stats = spy_stats,
};

/* Runs of procedure i (2 = RCT, 3 = APT: raw samples), checked for kind. */
static uint64_t raw_runs(const struct source *src, unsigned int i)
{
	struct source_stats st;

	spy_stats(src, &st);
	assert_int_equal(st.nprocs, 5);
	assert_true(st.proc[i].raw == (i >= 2));
	assert_int_equal(st.proc[i].passes, 0);
	return st.proc[i].runs;
}

struct fixture {
	struct hwrngd_config cfg;
	struct fake_sys fs;
	struct fake_timer ft;
	struct spy_source spy;
	struct hwrngd_ctx ctx;
	uint64_t warm_samples;		/* raw samples of the warm-up */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->cfg.device = HAVEGE_HWRNG_DEVICE;
	f->cfg.max_failures = 3;
	f->cfg.buffer_kw = 16;		/* 2048 timer reads per refill */
	f->cfg.olt_spec = "tbcb";	/* procedure B: the faster one */
	fake_sys_init(&f->fs);
	f->fs.drain = 1 << 20;		/* a greedy reader */
	fake_timer_init(&f->ft, FAKE_TIMER_JITTER, 42);
	assert_int_equal(source_havege_new(&f->spy.real, &f->cfg,
					   &fake_timer_ops, &f->ft), 0);
	f->spy.src.ops = &spy_ops;
	f->spy.fs = &f->fs;
	f->warm_samples = raw_runs(&f->spy.src, 2);
	daemon_ctx_init(&f->ctx, &f->cfg, &f->fs.sys, &f->spy.src);
	f->fs.flags = &f->ctx.flags;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	sink_close(&f->ctx.sink);
	f->spy.real->ops->destroy(f->spy.real);
	fake_sys_free(&f->fs);
	free(f);
	return 0;
}

static void test_working_timer_feeds(void **state)
{
	struct fixture *f = *state;
	struct source_stats st;

	f->fs.stop_after = 40;
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_int_equal(daemon_serve(&f->ctx), 0);
	assert_int_equal(f->fs.registrations, 1);
	assert_int_equal(fake_count(&f->fs, EV_FILL_FAIL), 0);
	assert_true(f->fs.served > 0);
	spy_stats(&f->spy.src, &st);
	/* the module got only bytes the engine released */
	assert_true(f->fs.bytes_in <= st.released);
	assert_int_equal(st.released, f->spy.released);
	assert_true(st.tested >= st.released);
}

/* The status file's line for key, e.g. "test.RCT.runs 1234". */
static bool status_has(const char *text, const char *key, uint64_t v)
{
	char line[96];

	(void)snprintf(line, sizeof(line), "\n%-28s %llu\n", key,
		       (unsigned long long)v);
	return strstr(text, line) != NULL;
}

/*
 * RCT and APT see every raw sample of every buffer: the start-up test's
 * (whose last buffer is the first one handed out), then one buffer per further
 * 64 KiB generated; they have no per-run verdict, so no passes or retries
 * are reported (they used to read 0 forever).
 */
static void test_raw_counters(void **state)
{
	struct fixture *f = *state;
	struct source_stats st;
	char *text = NULL;
	size_t len = 0;
	uint64_t samples;
	FILE *out;

	assert_true(f->warm_samples > 0);
	assert_int_equal(f->warm_samples % RAW_PER_BUFFER, 0);
	f->fs.stop_after = 40;
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_int_equal(daemon_serve(&f->ctx), 0);
	spy_stats(&f->spy.src, &st);
	assert_true(st.generated > 0);
	assert_int_equal(st.generated % BUFFER_BYTES, 0);
	samples = f->warm_samples + ASSESS_REFILLS * RAW_PER_BUFFER +
		  st.generated / BUFFER_BYTES * RAW_PER_BUFFER;
	assert_int_equal(raw_runs(&f->spy.src, 2), samples);
	assert_int_equal(raw_runs(&f->spy.src, 3), samples);
	assert_int_equal(st.proc[2].failures + st.proc[3].failures +
			 st.proc[4].failures, 0);
	/* PER also saw the warm-up, which precedes the residuals' ref[] */
	assert_true(raw_runs(&f->spy.src, 4) > samples);
	assert_true(st.proc[1].passes >= 1);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	status_format(&f->ctx, out);
	assert_int_equal(fclose(out), 0);
	assert_true(status_has(text, "test.RCT.runs", samples));
	assert_true(status_has(text, "test.APT.runs", samples));
	assert_true(status_has(text, "test.B.passes", st.proc[1].passes));
	assert_null(strstr(text, "test.RCT.passes"));
	assert_null(strstr(text, "test.APT.retries"));
	free(text);
}

static void test_stuck_timer_withdraws(void **state)
{
	struct fixture *f = *state;
	struct source_failure fail;
	struct source_stats st;
	int bad, wd, i;

	/* stuck after ~3 MB of output: start-up and some feeding passed */
	f->ft.bad_after = 2048 * (48 + ASSESS_REFILLS);
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_int_equal(daemon_serve(&f->ctx), -EIO);
	assert_int_equal(f->fs.registrations, 1);
	bad = fake_find(&f->fs, EV_FILL_FAIL, 0);
	assert_true(bad > fake_find(&f->fs, EV_REGISTER, 0));
	wd = fake_find(&f->fs, EV_WITHDRAW, (unsigned int)bad);
	assert_true(wd > bad);
	for (i = bad; i < wd; i++)
		assert_int_not_equal(f->fs.ev[i].kind, EV_WRITE);
	assert_int_equal(fake_find(&f->fs, EV_WRITE, (unsigned int)wd), -1);
	assert_false(f->fs.registered);
	assert_int_equal(f->fs.fifo_level, 0);
	assert_true(f->fs.bytes_in <= f->spy.released);
	/* the timer stays stuck: every re-test fails, then the daemon ends */
	assert_int_equal(fake_count(&f->fs, EV_STARTUP_FAIL), 2);
	spy_failure(&f->spy.src, &fail);
	assert_string_equal(fail.stage, "raw");
	/* a stuck timer's residuals vary with the key; its raw deltas not */
	assert_non_null(strstr(fail.procedure, "PER"));
	/* the raw counters survive the collectors that were replaced */
	spy_stats(&f->spy.src, &st);
	assert_true(st.proc[4].failures >= 1);
	assert_true(raw_runs(&f->spy.src, 2) >= f->warm_samples +
		    (ASSESS_REFILLS + st.generated / BUFFER_BYTES) *
		    RAW_PER_BUFFER);
}

/*
 * --condition around the real source: the same stuck timer fails the raw
 * tests under the SHA-256 wrapper; the failure reaches the daemon through
 * it (WITHDRAW before any further write), and the module got only digests
 * of whole blocks of released bytes.
 */
static void test_stuck_timer_conditioned(void **state)
{
	struct fixture *f = *state;
	struct source_failure fail;
	struct source_stats st;
	struct source *cond;
	int bad, wd;

	assert_int_equal(source_condition_new(&cond, f->spy.real, 1000, 1000),
			 0);
	f->spy.real = cond;		/* destroyed by teardown, inner too */
	f->ft.bad_after = 2048 * (48 + ASSESS_REFILLS);
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_int_equal(daemon_serve(&f->ctx), -EIO);
	assert_int_equal(f->fs.registrations, 1);
	bad = fake_find(&f->fs, EV_FILL_FAIL, 0);
	assert_true(bad > fake_find(&f->fs, EV_REGISTER, 0));
	wd = fake_find(&f->fs, EV_WITHDRAW, (unsigned int)bad);
	assert_true(wd > bad);
	assert_int_equal(fake_find(&f->fs, EV_WRITE, (unsigned int)bad), -1);
	spy_failure(&f->spy.src, &fail);
	assert_string_equal(fail.stage, "raw");
	spy_stats(&f->spy.src, &st);
	assert_int_equal(st.quality, 1024);
	assert_true(st.released > 0);
	assert_int_equal(st.released, f->spy.released);
	assert_true(f->fs.bytes_in <= st.released);
	/* whole blocks only: 32 bytes out per 1000 tested bytes in */
	assert_int_equal(st.conditioned % 1000, 0);
	assert_true(st.released <= st.conditioned / 1000 * 32);
	assert_true(st.conditioned <= st.tested);
}

/* A stop hook that says yes from its @yes_from-th question on. */
struct stop_spy {
	unsigned int asked;
	unsigned int yes_from;		/* 0: never */
};

static bool stop_spy_requested(void *priv)
{
	struct stop_spy *sp = priv;

	sp->asked++;
	return sp->yes_from && sp->asked >= sp->yes_from;
}

/*
 * The real source asks its stop hook between collected 64 KiB buffers: a
 * stop during the start-up tests ends them with -EINTR after that buffer
 * (no verdict: fill() still wants a start-up run), and the next start-up
 * run passes.
 */
static void test_stop_ends_startup(void **state)
{
	struct fixture *f = *state;
	struct stop_spy sp = { .yes_from = 3 };
	const struct source_stop hook = { stop_spy_requested, &sp };
	struct source *real = f->spy.real;
	struct source_stats st0, st;
	unsigned char buf[64];

	real->stop = &hook;
	real->ops->stats(real, &st0);
	assert_int_equal(real->ops->startup(real), -EINTR);
	assert_int_equal(sp.asked, 3);
	real->ops->stats(real, &st);
	/* two buffers of the start-up run (the assessment's are not output) */
	assert_int_equal(st.generated - st0.generated, 2 * BUFFER_BYTES);
	assert_int_equal(st.tested, st0.tested);
	assert_int_equal(st.released, 0);
	assert_int_equal(real->ops->fill(real, buf, sizeof(buf)), -EIO);
	sp.yes_from = 0;
	assert_int_equal(real->ops->startup(real), 0);
	assert_int_equal(real->ops->fill(real, buf, sizeof(buf)), sizeof(buf));
}

/*
 * After the start-up tests, fill() hands out released bytes without
 * asking; once they are gone it collects the next run, asking before each
 * buffer: a stop there returns -EINTR before any further buffer is
 * collected and releases nothing.
 */
static void test_stop_ends_fill(void **state)
{
	struct fixture *f = *state;
	struct stop_spy sp = { 0 };
	const struct source_stop hook = { stop_spy_requested, &sp };
	struct source *real = f->spy.real;
	struct source_stats st0, st;
	unsigned char buf[4096];
	ssize_t n;

	real->stop = &hook;
	assert_int_equal(real->ops->startup(real), 0);
	sp.asked = 0;
	sp.yes_from = 1;
	real->ops->stats(real, &st0);
	while ((n = real->ops->fill(real, buf, sizeof(buf))) > 0)
		;
	assert_int_equal(n, -EINTR);
	assert_int_equal(sp.asked, 1);
	real->ops->stats(real, &st);
	assert_int_equal(st.generated, st0.generated);
	assert_int_equal(st.released, st0.tested);
	/* asked again, without a stop: it collects and releases again */
	sp.yes_from = 0;
	assert_true(real->ops->fill(real, buf, sizeof(buf)) > 0);
	real->ops->stats(real, &st);
	assert_true(st.generated > st0.generated);
}

/* The daemon's own hook: a SIGTERM during the start-up tests ends them. */
static void test_sigterm_during_startup(void **state)
{
	struct fixture *f = *state;

	daemon_watch_source(&f->ctx, f->spy.real);
	f->fs.stop_at_point = 2;
	assert_int_equal(daemon_open_sink(&f->ctx), 0);
	assert_int_equal(daemon_serve(&f->ctx), 0);
	assert_int_equal(f->fs.registrations, 0);
	assert_int_equal(f->fs.bytes_in, 0);
	assert_int_equal(f->fs.points, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_working_timer_feeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stuck_timer_withdraws, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stuck_timer_conditioned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_ends_startup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_ends_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sigterm_during_startup, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
