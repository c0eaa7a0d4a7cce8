// SPDX-License-Identifier: GPL-2.0
/*
 * record.c: --record-raw=N [-f FILE]: N noise samples of the daemon's own
 * collector (same timer, tuning, buffer and walk: source_havege_recorder())
 * written one byte per timer delta, exactly what SP 800-90B assessment
 * tools take (NIST's `ea_non_iid FILE 8`).  A sample is the residual of
 * one delta given its trip count (collector.h, docs/collector.md); raw
 * health alarms are counted and reported but do not stop the recording,
 * since a failing source is exactly what an assessment has to see.  The
 * collector's output is never released in this mode.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "collector.h"
#include "hwrngd.h"
#include "record.h"

/* Samples per collector_record() call. */
#define RECORD_CHUNK	(64U * 1024U)

/* All of @len bytes to the sink; 1 if its reader went away, or -errno. */
static int record_put(struct hwrngd_ctx *ctx, const uint8_t *p, size_t len)
{
	struct sink *s = &ctx->sink;
	ssize_t n;
	int r;

	while (len) {
		n = s->ops->put(s, p, len);
		if (n < 0)
			return (int)n;
		if (!n && s->done)
			return 1;
		if (!n) {
			r = s->ops->wait(s, -1, NULL);
			if (r < 0)
				return r;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void record_summary(struct hwrngd_ctx *ctx, const struct collector *c,
			   uint64_t done)
{
	const struct health *h = &c->health;
	const struct period *pd = &c->period;

	log_msg(&ctx->log, c->raw_fail ? LOG_WARNING : LOG_INFO,
		"recorded %llu samples (timer %s, %zu deltas per refill): raw health alarms RCT %llu, APT %llu, PER %llu (longest %u of %u, %u of %u/%u, %u of %u at lag %u)%s",
		(unsigned long long)done, c->timer.ops->name, c->raw_count,
		(unsigned long long)h->rct_failures,
		(unsigned long long)h->apt_failures,
		(unsigned long long)pd->failures, h->rct_max, h->rct_cutoff,
		h->apt_max, h->apt_cutoff, h->apt_window, pd->max_run,
		pd->cutoff, pd->max_lag,
		c->raw_fail ? ": the daemon would not use this source" : "");
}

/**
 * record_run() - --record-raw: write the noise samples
 * @ctx: context with the parsed configuration (record_samples, out_file)
 * @timer_ops: a replacement timer (tests), or NULL for the hardware
 * @timer_ctx: its state
 *
 * Return: 0 when all samples were written or the reader went away (a
 * raw health alarm is logged, not an error); a negative errno when the
 * collector or the file could not be set up or written (logged).
 */
int record_run(struct hwrngd_ctx *ctx, const struct timer_ops *timer_ops,
	       void *timer_ctx)
{
	const struct hwrngd_config *cfg = ctx->cfg;
	uint64_t left = cfg->record_samples, done = 0;
	struct collector col;
	uint8_t *chunk;
	size_t k;
	int r;

	chunk = malloc(RECORD_CHUNK);
	if (!chunk)
		return log_errno(&ctx->log, LOG_ERR, -ENOMEM, "--record-raw");
	r = source_havege_recorder(&col, cfg, timer_ops, timer_ctx);
	if (r < 0) {
		free(chunk);
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot set up the HAVEGE collector");
	}
	r = sink_file_open(&ctx->sink, ctx->sys, cfg->out_file, 0);
	if (r < 0) {
		(void)log_errno(&ctx->log, LOG_ERR, r, "cannot open %s",
				cfg->out_file);
		goto out;
	}
	while (left && !r && !ctx->flags.stop) {
		k = left < RECORD_CHUNK ? (size_t)left : RECORD_CHUNK;
		r = collector_record(&col, chunk, k);
		if (!r)
			r = record_put(ctx, chunk, k);
		if (r < 0)
			(void)log_errno(&ctx->log, LOG_ERR, r,
					"recording to %s", cfg->out_file);
		left -= k;
		done += r ? 0 : k;
	}
	if (r >= 0)
		record_summary(ctx, &col, done);
	r = r < 0 ? r : 0;
	sink_close(&ctx->sink);
out:
	collector_free(&col);
	free(chunk);
	return r;
}

/**
 * record_assess() - --assess[=N]: the credit this machine supports
 * @ctx: context with the parsed configuration (assess_samples, h_claim)
 * @timer_ops: a replacement timer (tests), or NULL for the hardware
 * @timer_ctx: its state
 *
 * Records N residual deltas exactly as --record-raw does (raw alarms do
 * not stop it: a failing timer must show a low estimate, not an error),
 * runs all ten SP 800-90B estimators and prints assess_print()'s report,
 * ending with "quality: Q".
 *
 * Return: 0 if the estimate supports the claim; -EDOM if it does not
 * (the caller exits 1, the report is printed); another negative errno
 * (logged) if nothing could be assessed.
 */
int record_assess(struct hwrngd_ctx *ctx, const struct timer_ops *timer_ops,
		  void *timer_ctx)
{
	size_t n = (size_t)ctx->cfg->assess_samples;
	struct assess_result res = { 0 };
	struct collector col;
	uint8_t *s;
	int r;

	s = malloc(n);
	if (!s)
		return log_errno(&ctx->log, LOG_ERR, -ENOMEM,
				 "cannot allocate %zu samples", n);
	r = source_havege_recorder(&col, ctx->cfg, timer_ops, timer_ctx);
	if (r < 0) {
		free(s);
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot set up the HAVEGE collector");
	}
	r = collector_record(&col, s, n);
	if (!r) {
		record_summary(ctx, &col, n);
		r = assess_samples(s, n, SP90B_ALL, ctx->cfg->h_claim, &res);
	}
	if (!r || r == -EDOM || (r == -EINVAL && res.verdict == -EINVAL))
		assess_print(&res, stdout);
	else
		(void)log_errno(&ctx->log, LOG_ERR, r,
				"cannot assess %zu samples", n);
	if (r == -EINVAL && res.verdict == -EINVAL)
		r = -EDOM;
	collector_free(&col);
	explicit_bzero(s, n);
	free(s);
	return r;
}
