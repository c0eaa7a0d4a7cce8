// SPDX-License-Identifier: GPL-2.0
/*
 * source_havege.c: the daemon's source of tested bytes.  The collector
 * produces raw HAVEGE output (the residuals of its timer deltas pass the
 * SP 800-90B RCT and APT, and the raw deltas a periodicity check, PER,
 * first); the online test engine (olt.c) runs AIS-31 procedures A and
 * B over it and releases a byte only after the procedure covering it
 * passed.  A failure of either kind is remembered for the log line and
 * makes fill() return -EIO; startup() then starts over on fresh data: a
 * new collector (fresh raw start-up test) and a reset engine (start-up
 * procedures again).
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "collector.h"
#include "config.h"
#include "credit.h"
#include "cputune.h"
#include "olt.h"
#include "source.h"

/* Raw bytes pushed into the engine per collector call */
#define SOURCE_HAVEGE_CHUNK	(64 * 1024)

struct source_havege {
	struct source src;
	struct collector_config ccfg;
	struct collector col;
	bool col_ok;
	struct olt *olt;
	struct cputune tune;
	const char *spec;
	double h_claim;			/* credited bits per delta */
	double h_estimate;		/* last start-up estimate, NAN before */
	bool need_startup;
	uint64_t generated;
	/* raw test failures and samples of the collectors freed so far */
	uint64_t raw_rct, raw_apt, raw_per;
	uint64_t raw_samples;		/* RCT and APT */
	uint64_t per_samples;		/* PER */
	struct source_failure fail;
	char desc[SOURCE_INFO_COUNT][160];
	uint8_t chunk[SOURCE_HAVEGE_CHUNK];
};

static struct source_havege *to_sh(const struct source *src)
{
	return (struct source_havege *)((const char *)src -
					offsetof(struct source_havege, src));
}

static void source_havege_raw_failure(struct source_havege *sh)
{
	unsigned int bits = sh->col.raw_fail;
	struct health *h = &sh->col.health;
	struct period *pd = &sh->col.period;

	(void)snprintf(sh->fail.stage, sizeof(sh->fail.stage), "raw");
	(void)snprintf(sh->fail.procedure, sizeof(sh->fail.procedure),
		       "%s%s%s%s%s",
		       bits & HEALTH_FAIL_RCT ? "RCT" : "",
		       (bits & HEALTH_FAIL_RCT) && (bits & ~HEALTH_FAIL_RCT) ? "+" : "",
		       bits & HEALTH_FAIL_APT ? "APT" : "",
		       (bits & HEALTH_FAIL_APT) && (bits & COLLECTOR_FAIL_PERIOD) ? "+" : "",
		       bits & COLLECTOR_FAIL_PERIOD ? "PER" : "");
	(void)snprintf(sh->fail.detail, sizeof(sh->fail.detail),
		       "failed on timer deltas (cutoffs RCT %u, APT %u/%u, PER %u; longest %u, %u, %u at lag %u; %llu buffers discarded)",
		       h->rct_cutoff, h->apt_cutoff, h->apt_window, pd->cutoff,
		       h->rct_max, h->apt_max, pd->max_run, pd->max_lag,
		       (unsigned long long)sh->col.discarded);
}

static void source_havege_olt_failure(struct source_havege *sh)
{
	const struct olt_result *r = &sh->olt->last_fail;
	char tests[120];

	(void)olt_result_detail(r, tests, sizeof(tests));
	(void)snprintf(sh->fail.stage, sizeof(sh->fail.stage), "%s",
		       olt_stage_name(r->stage));
	(void)snprintf(sh->fail.procedure, sizeof(sh->fail.procedure), "%c",
		       r->proc);
	(void)snprintf(sh->fail.detail, sizeof(sh->fail.detail),
		       "failed after %u run%s, %s", r->runs,
		       r->runs == 1 ? "" : "s", tests);
}

/* Collects one chunk and hands it to the engine; -EIO = a test failed. */
static int source_havege_step(struct source_havege *sh)
{
	int r;

	r = collector_fill(&sh->col, sh->chunk, sizeof(sh->chunk));
	if (r == -EIO) {
		source_havege_raw_failure(sh);
		sh->need_startup = true;
		return r;
	}
	if (r < 0)
		return r;
	sh->generated += sizeof(sh->chunk);
	r = olt_push(sh->olt, sh->chunk, sizeof(sh->chunk));
	if (r == -EIO) {
		source_havege_olt_failure(sh);
		sh->need_startup = true;
	}
	return r;
}

/*
 * SP 800-90B at start-up: the cheap estimators over fresh residual deltas
 * of this collector must support the claim with CREDIT_MARGIN
 * (docs/quality.md).  The chunk buffer holds the samples and is wiped.
 */
static int source_havege_assess(struct source_havege *sh)
{
	struct assess_result res;
	int r;

	static_assert(sizeof(sh->chunk) >= ASSESS_STARTUP_SAMPLES,
		      "the chunk buffer holds the start-up samples");
	r = collector_record(&sh->col, sh->chunk, ASSESS_STARTUP_SAMPLES);
	if (r == -EIO) {
		source_havege_raw_failure(sh);
		return r;
	}
	if (!r)
		r = assess_samples(sh->chunk, ASSESS_STARTUP_SAMPLES,
				   SP90B_CHEAP, sh->h_claim, &res);
	explicit_bzero(sh->chunk, ASSESS_STARTUP_SAMPLES);
	if (!r || r == -EDOM || r == -EINVAL)
		sh->h_estimate = res.report.h;
	if (r != -EDOM && r != -EINVAL)
		return r;
	(void)snprintf(sh->fail.stage, sizeof(sh->fail.stage), "tot");
	(void)snprintf(sh->fail.procedure, sizeof(sh->fail.procedure),
		       "SP800-90B");
	(void)snprintf(sh->fail.detail, sizeof(sh->fail.detail),
		       "min-entropy estimate %.3f bit/delta over %u deltas is below %.1f x the claim %.3f bit/delta",
		       res.report.h, ASSESS_STARTUP_SAMPLES, CREDIT_MARGIN,
		       sh->h_claim);
	return -EIO;
}

/* A fresh collector runs the raw start-up health test on fresh deltas. */
static int source_havege_reopen(struct source_havege *sh)
{
	int r;

	if (sh->col_ok) {
		sh->raw_rct += sh->col.health.rct_failures;
		sh->raw_apt += sh->col.health.apt_failures;
		sh->raw_samples += sh->col.health.samples;
		sh->raw_per += sh->col.period.failures;
		sh->per_samples += sh->col.period.samples;
		collector_free(&sh->col);
		sh->col_ok = false;
	}
	r = collector_init(&sh->col, &sh->ccfg);
	if (r == -EIO) {
		(void)snprintf(sh->fail.stage, sizeof(sh->fail.stage), "raw");
		(void)snprintf(sh->fail.procedure, sizeof(sh->fail.procedure),
			       "RCT/APT/PER");
		(void)snprintf(sh->fail.detail, sizeof(sh->fail.detail),
			       "start-up test of the timer deltas failed (residuals repeat, or raw deltas periodic)");
		sh->raw_rct++;
	}
	sh->col_ok = !r;
	return r;
}

static int source_havege_startup(struct source *src)
{
	struct source_havege *sh = to_sh(src);
	int r;

	if (sh->need_startup || !sh->col_ok) {
		r = source_havege_reopen(sh);
		if (r)
			return r;
	}
	sh->need_startup = true;
	r = source_havege_assess(sh);
	if (r)
		return r;
	olt_reset(sh->olt);
	while (olt_stage(sh->olt) == OLT_TOT) {
		if (source_stop_requested(src))
			return -EINTR;
		r = source_havege_step(sh);
		if (r)
			return r;
	}
	sh->need_startup = false;
	return 0;
}

static ssize_t source_havege_fill(struct source *src, void *buf, size_t len)
{
	struct source_havege *sh = to_sh(src);
	size_t n;
	int r;

	if (sh->need_startup)
		return -EIO;
	for (;;) {
		n = olt_pull(sh->olt, buf, len);
		if (n)
			return (ssize_t)n;
		if (source_stop_requested(src))
			return -EINTR;
		r = source_havege_step(sh);
		if (r)
			return r;
	}
}

static void source_havege_failure(const struct source *src,
				  struct source_failure *out)
{
	*out = to_sh(src)->fail;
}

static void source_havege_proc(struct source_proc_stats *p, const char *name,
			       const struct ais31_stats *st)
{
	(void)snprintf(p->name, sizeof(p->name), "%s", name);
	p->runs = st->runs;
	p->passes = st->passes;
	p->retries = st->retries;
	p->failures = st->failures;
}

/* A raw test: every sample of every collector so far, and its alarms. */
static void source_havege_raw(struct source_proc_stats *p, const char *name,
			      uint64_t samples, uint64_t failures)
{
	(void)snprintf(p->name, sizeof(p->name), "%s", name);
	p->raw = true;
	p->runs = samples;
	p->failures = failures;
}

static void source_havege_stats(const struct source *src,
				struct source_stats *out)
{
	const struct source_havege *sh = to_sh(src);
	const struct health *h = &sh->col.health;
	const struct period *pd = &sh->col.period;
	uint64_t samples = sh->raw_samples + (sh->col_ok ? h->samples : 0);
	uint64_t per = sh->per_samples + (sh->col_ok ? pd->samples : 0);

	memset(out, 0, sizeof(*out));
	out->generated = sh->generated;
	out->tested = sh->olt->cnt.tested_bits / 8;
	out->released = sh->olt->cnt.pulled;
	source_havege_proc(&out->proc[0], "A", olt_proc_stats(sh->olt, 'A'));
	source_havege_proc(&out->proc[1], "B", olt_proc_stats(sh->olt, 'B'));
	source_havege_raw(&out->proc[2], "RCT", samples,
			  sh->raw_rct + (sh->col_ok ? h->rct_failures : 0));
	source_havege_raw(&out->proc[3], "APT", samples,
			  sh->raw_apt + (sh->col_ok ? h->apt_failures : 0));
	source_havege_raw(&out->proc[4], "PER", per,
			  sh->raw_per + (sh->col_ok ? pd->failures : 0));
	out->nprocs = 5;
	/* The claim per delta, spread over the bytes each delta yields. */
	out->quality = credit_quality(sh->h_claim);
	out->h_estimate = sh->h_estimate;
	out->h_claim = sh->h_claim;
}

static const char *source_havege_describe(const struct source *src,
					  unsigned int what)
{
	const struct source_havege *sh = to_sh(src);

	return what < SOURCE_INFO_COUNT ? sh->desc[what] : NULL;
}

static void source_havege_destroy(struct source *src)
{
	struct source_havege *sh;

	if (!src)
		return;
	sh = to_sh(src);
	if (sh->col_ok)
		collector_free(&sh->col);
	olt_free(sh->olt);
	explicit_bzero(sh->chunk, sizeof(sh->chunk));
	free(sh);
}

static const struct source_ops source_havege_ops = {
	.startup = source_havege_startup,
	.fill = source_havege_fill,
	.failure = source_havege_failure,
	.stats = source_havege_stats,
	.describe = source_havege_describe,
	.destroy = source_havege_destroy,
};

static void source_havege_describe_all(struct source_havege *sh)
{
	const struct timer_ops *t = sh->col_ok ? sh->col.timer.ops : NULL;

	(void)snprintf(sh->desc[SOURCE_INFO_TIMER], sizeof(sh->desc[0]),
		       "%s%s%s", t ? t->name : "(failed its start-up test)",
		       t && t->desc ? ": " : "", t && t->desc ? t->desc : "");
	(void)snprintf(sh->desc[SOURCE_INFO_TUNING], sizeof(sh->desc[0]),
		       "L1d %u KiB (%s), L1i %u KiB (%s), buffer %u KiW",
		       sh->tune.l1d.kib, cputune_src_name(sh->tune.l1d.src),
		       sh->tune.l1i.kib, cputune_src_name(sh->tune.l1i.src),
		       sh->ccfg.buf_kwords ? sh->ccfg.buf_kwords :
					     COLLECTOR_DEFAULT_KWORDS);
	(void)snprintf(sh->desc[SOURCE_INFO_TESTS], sizeof(sh->desc[0]),
		       "online tests \"%s\" (AIS-31 A/B, t = start-up, c = continuous); raw SP 800-90B RCT+APT on delta residuals, periodicity lags 1..%u; H = %.2g bit/delta",
		       sh->spec, PERIOD_MAX_LAG, sh->h_claim);
}

/* The collector's configuration from -b -d -i and the probed cache sizes. */
static int source_havege_tune(struct cputune *tune,
			      struct collector_config *ccfg,
			      const struct hwrngd_config *cfg,
			      const struct timer_ops *timer_ops, void *timer_ctx)
{
	struct cputune_opts topts = {
		.l1d_kib = cfg->dcache_kb,
		.l1i_kib = cfg->icache_kb,
	};
	int r;

	r = cputune_probe(tune, &topts);
	if (r)
		return r;
	memset(ccfg, 0, sizeof(*ccfg));
	ccfg->buf_kwords = cfg->buffer_kw;
	ccfg->timer_ops = timer_ops;
	ccfg->timer_ctx = timer_ctx;
	ccfg->l1d_kib = tune->l1d.kib;
	ccfg->l1i_kib = tune->l1i.kib;
	/* The raw health tests run at the credited rate (docs/quality.md). */
	ccfg->health_h = cfg->h_claim;
	return 0;
}

/**
 * source_havege_recorder() - the daemon's collector, set up for recording
 * @col: collector to initialise (collector_free() it afterwards)
 * @cfg: -b -d -i, as for source_havege_new()
 * @timer_ops: a replacement timer (unit tests), or NULL for the hardware
 * @timer_ctx: its state
 *
 * The same timer, cache tuning, buffer and walk as the daemon's source,
 * with collector_config.record set: collector_record() gives its noise
 * samples even if they fail the raw health tests (that is what an
 * assessment must see), and it never releases output.
 *
 * Return: 0, or a negative errno of cputune_probe() or collector_init().
 */
int source_havege_recorder(struct collector *col,
			   const struct hwrngd_config *cfg,
			   const struct timer_ops *timer_ops, void *timer_ctx)
{
	struct collector_config ccfg;
	struct cputune tune;
	int r;

	r = source_havege_tune(&tune, &ccfg, cfg, timer_ops, timer_ctx);
	if (r)
		return r;
	ccfg.record = true;
	return collector_init(col, &ccfg);
}

/**
 * source_havege_new() - create the production source
 * @ret: the source, on success
 * @cfg: -b -d -i -o
 * @timer_ops: a replacement timer (unit tests), or NULL for the hardware
 * @timer_ctx: its state
 *
 * A timer that fails the raw start-up health test is not an error here:
 * the first startup() reports it, and the daemon backs off and retries.
 *
 * Return: 0, -EINVAL (bad -o or cache size), -ENODEV (no usable timer),
 * -ENOMEM.
 */
int source_havege_new(struct source **ret, const struct hwrngd_config *cfg,
		      const struct timer_ops *timer_ops, void *timer_ctx)
{
	struct source_havege *sh;
	int r;

	sh = calloc(1, sizeof(*sh));
	if (!sh)
		return -ENOMEM;
	sh->src.ops = &source_havege_ops;
	sh->spec = cfg->olt_spec ? cfg->olt_spec : OLT_SPEC_DAEMON;
	sh->h_claim = cfg->h_claim > 0.0 ? cfg->h_claim : CREDIT_H_CLAIM_DEFAULT;
	sh->h_estimate = NAN;
	r = source_havege_tune(&sh->tune, &sh->ccfg, cfg, timer_ops, timer_ctx);
	if (!r)
		r = olt_new(&sh->olt, sh->spec, false, NULL);
	if (r)
		goto err_free;
	r = source_havege_reopen(sh);
	if (r && r != -EIO)
		goto err_free;
	source_havege_describe_all(sh);
	*ret = &sh->src;
	return 0;

err_free:
	olt_free(sh->olt);
	free(sh);
	return r;
}
