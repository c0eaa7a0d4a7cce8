// SPDX-License-Identifier: GPL-2.0
/*
 * daemon_run.c: the service cycle
 *
 *   start-up tests -> prefill -> register -> pump ... -> withdraw
 *
 * and its failure handling: a failed online or raw test withdraws the
 * source at once (nothing of the failed block was released), then the
 * start-up tests run again on fresh data after a back-off; only a pass
 * registers the source again.  Too many consecutive failures end the
 * daemon with a non-zero status so that the service manager notices.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "credit.h"
#include "daemon.h"
#include "status.h"

/* The start-up SP 800-90B estimate that the credit rests on (quality.md). */
static void daemon_log_estimate(struct hwrngd_ctx *ctx)
{
	struct source_stats st;

	memset(&st, 0, sizeof(st));
	ctx->src->ops->stats(ctx->src, &st);
	if (st.h_claim > 0.0 && !isnan(st.h_estimate))
		log_msg(&ctx->log, LOG_INFO,
			"start-up tests passed: SP 800-90B estimate %.3f bit/delta, claim %.3f, quality %u/1024",
			st.h_estimate, st.h_claim, st.quality);
}

/**
 * daemon_startup() - run the start-up tests on fresh data
 * @ctx: context
 *
 * Return: 0 if they passed; -EIO if not (the caller logs it with what it
 * does about it); -EINTR if a stop came first; another negative errno
 * (logged).
 */
int daemon_startup(struct hwrngd_ctx *ctx)
{
	int r;

	ctx->cnt.startup_runs++;
	log_msg(&ctx->log, LOG_DEBUG, "running the start-up tests");
	r = ctx->src->ops->startup(ctx->src);
	if (!r)
		daemon_log_estimate(ctx);
	if (r == -EIO)
		ctx->cnt.startup_failures++;
	else if (r < 0 && r != -EINTR)
		(void)log_errno(&ctx->log, LOG_ERR, r, "start-up tests");
	return r;
}

static int daemon_open_feed(struct hwrngd_ctx *ctx)
{
	const char *dev = ctx->cfg->device;
	int r;

	r = sink_feed_open(&ctx->sink, ctx->sys, dev);
	if (r == -EBUSY)
		log_msg(&ctx->log, LOG_ERR,
			"%s is busy: another feeder (another havege-hwrngd?) holds it",
			dev);
	else if (r < 0 && (r != -ENOENT ||
			   ctx->cfg->target == HWRNGD_TARGET_FEED))
		(void)log_errno(&ctx->log, LOG_ERR, r, "cannot open %s", dev);
	return r;
}

static int daemon_open_random(struct hwrngd_ctx *ctx)
{
	struct utsname u;
	bool pollout = false;
	unsigned int q;
	int r;

	if (!uname(&u))
		pollout = sink_random_pollout_meaningful(u.release);
	r = sink_random_open(&ctx->sink, ctx->sys, "/dev/random", pollout);
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot feed /dev/random");
	q = source_quality(ctx->src);
	log_msg(&ctx->log, LOG_NOTICE,
		"%s: feeding the kernel pool with RNDADDENTROPY at quality %u/1024 (%u bits per %zu bytes)",
		ctx->cfg->target == HWRNGD_TARGET_RANDOM ? "--mode=random" :
							   "module not loaded",
		q, credit_bits(sink_random_chunk(q), q), sink_random_chunk(q));
	return 0;
}

/**
 * daemon_open_sink() - open the module's device, or /dev/random without it
 * @ctx: context (cfg->target decides; auto = module if present)
 *
 * Return: 0 or a negative errno (logged).
 */
int daemon_open_sink(struct hwrngd_ctx *ctx)
{
	int r = -ENOENT;

	if (ctx->cfg->target != HWRNGD_TARGET_RANDOM) {
		r = daemon_open_feed(ctx);
		if (r != -ENOENT || ctx->cfg->target == HWRNGD_TARGET_FEED)
			return r;
	}
	return daemon_open_random(ctx);
}

static void daemon_select(struct hwrngd_ctx *ctx)
{
	char *path = sys_path_join(ctx->cfg->sysfs_dir, "/", "rng_current");
	int r;

	if (!path) {
		(void)log_errno(&ctx->log, LOG_WARNING, -ENOMEM, "--select");
		return;
	}
	r = sys_write_file(ctx->sys, path, HAVEGE_HWRNG_NAME);
	if (r < 0)
		(void)log_errno(&ctx->log, LOG_WARNING, r,
				"--select: cannot write %s to %s",
				HAVEGE_HWRNG_NAME, path);
	else
		log_msg(&ctx->log, LOG_INFO, "selected %s in %s",
			HAVEGE_HWRNG_NAME, path);
	free(path);
}

/*
 * The registration, with what vouches for it: the bytes tested so far and
 * the passes of the output procedures (the start-up run of each must be
 * among them; tests/hwrngd-vm/guest-seed.sh checks this line).
 */
static void daemon_log_registered(struct hwrngd_ctx *ctx)
{
	struct source_stats st;
	char passes[96] = "";
	size_t len = 0;
	unsigned int i;

	memset(&st, 0, sizeof(st));
	ctx->src->ops->stats(ctx->src, &st);
	for (i = 0; i < st.nprocs && i < SOURCE_MAX_PROCS; i++) {
		int n;

		if (st.proc[i].raw)
			continue;
		n = snprintf(passes + len, sizeof(passes) - len,
			     ", procedure %s passed %llu", st.proc[i].name,
			     (unsigned long long)st.proc[i].passes);
		if (n < 0 || (size_t)n >= sizeof(passes) - len)
			break;
		len += (size_t)n;
	}
	log_msg(&ctx->log, LOG_NOTICE,
		"registered hwrng \"%s\", declared quality %u/1024, after %llu bytes tested%s",
		HAVEGE_HWRNG_NAME, ctx->sink.quality,
		(unsigned long long)st.tested, passes);
}

/*
 * REGISTER, retrying while the module rate-limits re-registration.  The
 * declared quality is the source's: the per-delta claim spread over the
 * bytes of a delta, or 1024 for conditioned output (credit.h,
 * docs/quality.md); the module caps it with its quality parameter.
 */
static int daemon_register(struct hwrngd_ctx *ctx)
{
	int r;

	for (;;) {
		r = ctx->sink.ops->attach(&ctx->sink);
		if (r != -EAGAIN)
			break;
		r = daemon_sleep(ctx, DAEMON_REGISTER_RETRY_MS);
		if (r)
			return r;
	}
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot register the %s hwrng",
				 HAVEGE_HWRNG_NAME);
	ctx->cnt.registrations++;
	daemon_log_registered(ctx);
	if (ctx->cfg->select)
		daemon_select(ctx);
	return 0;
}

/**
 * daemon_ready() - READY=1 (the first time) and STATUS= to the manager
 * @ctx: context
 */
void daemon_ready(struct hwrngd_ctx *ctx)
{
	char msg[160];

	(void)snprintf(msg, sizeof(msg), "%sSTATUS=feeding %s",
		       ctx->ready_sent ? "" : "READY=1\n",
		       ctx->sink.ops->attach ? "the " HAVEGE_HWRNG_NAME " hwrng" :
					       "/dev/random");
	daemon_notify(ctx, msg);
	ctx->ready_sent = true;
}

/**
 * daemon_attach() - make the tested data count after the start-up tests
 * @ctx: context
 *
 * For the module: prefill its FIFO first, so that the kernel's fill thread
 * finds data the moment the hwrng appears, then REGISTER (and --select).
 * Then tell the service manager READY=1; without the module, once the
 * pump has handed the first chunk to RNDADDENTROPY.
 *
 * Return: 0, -EIO if a test failed during the prefill, another -errno.
 */
int daemon_attach(struct hwrngd_ctx *ctx)
{
	int r;

	/* What REGISTER declares and the fallback credits (docs/quality.md). */
	ctx->sink.quality = source_quality(ctx->src);
	if (!ctx->sink.quality) {
		log_msg(&ctx->log, LOG_ERR,
			"the source claims no entropy: nothing to credit");
		return -EINVAL;
	}
	if (ctx->sink.ops->attach) {
		r = daemon_pump(ctx, DAEMON_PUMP_PREFILL);
		if (r || ctx->flags.stop)
			return r;
		r = daemon_register(ctx);
		if (r)
			return r == -EINTR ? 0 : r;
	}
	ctx->registered_ms = ctx->sys->now_ms(ctx->sys->priv);
	/* fallback: ready once the first chunk was credited (daemon_pump) */
	if (ctx->sink.ops->attach)
		daemon_ready(ctx);
	else
		ctx->ready_due = true;
	status_write(ctx);
	return 0;
}

/**
 * daemon_detach() - withdraw the source (if registered) and drop the data
 * @ctx: context
 */
void daemon_detach(struct hwrngd_ctx *ctx)
{
	int r;

	if (ctx->sink.attached) {
		r = ctx->sink.ops->detach(&ctx->sink);
		ctx->cnt.withdrawals++;
		if (r < 0)
			(void)log_errno(&ctx->log, LOG_ERR, r,
					"WITHDRAW failed (closing the device withdraws too)");
		else
			log_msg(&ctx->log, LOG_NOTICE, "withdrew hwrng \"%s\"",
				HAVEGE_HWRNG_NAME);
		status_write(ctx);
	}
	daemon_discard(ctx);
}

static int64_t daemon_backoff_ms(unsigned int failures)
{
	unsigned int shift = failures > 7 ? 6 : failures - 1;
	int64_t ms = (int64_t)DAEMON_BACKOFF_MS << shift;

	return ms < DAEMON_BACKOFF_MAX_MS ? ms : DAEMON_BACKOFF_MAX_MS;
}

/* After a failed test: log once, then give up or back off. */
static int daemon_failed(struct hwrngd_ctx *ctx, bool withdrawn)
{
	const char *what = withdrawn ? "source withdrawn" : "source not registered";
	int64_t now = ctx->sys->now_ms(ctx->sys->priv);
	int64_t delay;
	char action[128];

	/*
	 * Consecutive failures: a registration that lasted DAEMON_STABLE_MS
	 * ends the run of failures before it, and it does so once (the
	 * start-up tests that fail after it must not reset the count again).
	 */
	if (ctx->registered_ms && now - ctx->registered_ms >= DAEMON_STABLE_MS)
		ctx->failures = 0;
	ctx->registered_ms = 0;
	ctx->failures++;
	if (ctx->failures >= ctx->cfg->max_failures) {
		(void)snprintf(action, sizeof(action),
			       "%s; giving up after %u consecutive failures",
			       what, ctx->failures);
		daemon_log_failure(ctx, action);
		return -EIO;
	}
	delay = daemon_backoff_ms(ctx->failures);
	(void)snprintf(action, sizeof(action),
		       "%s; re-running the start-up tests in %lld s", what,
		       (long long)(delay / 1000));
	daemon_log_failure(ctx, action);
	daemon_notify(ctx, "STATUS=online test failed, re-testing");
	if (ctx->seed_mode && now + delay > ctx->deadline_ms)
		return -ETIMEDOUT;
	return daemon_sleep(ctx, delay);
}

/**
 * daemon_serve() - the service: test, attach, feed; recover from failures
 * @ctx: context with a source and an open sink (daemon_open_sink())
 *
 * Return: 0 after a stop request (or, with ctx->seed_mode, once the CRNG
 * is ready); -EIO after too many consecutive test failures; -ETIMEDOUT
 * (seed mode); another negative errno.
 */
int daemon_serve(struct hwrngd_ctx *ctx)
{
	bool withdrawn;
	int r;

	for (;;) {
		if (ctx->flags.stop)
			return 0;
		r = daemon_startup(ctx);
		if (!r)
			r = daemon_attach(ctx);
		if (!r)
			r = daemon_pump(ctx, DAEMON_PUMP_RUN);
		withdrawn = ctx->sink.attached;
		daemon_detach(ctx);
		if (r == -EIO) {
			ctx->cnt.continuous_failures += withdrawn;
			r = daemon_failed(ctx, withdrawn);
			if (!r)
				continue;
		}
		return r == -EINTR ? 0 : r;
	}
}

/* -n N: the reader went away, or a stop came, before N bytes were out. */
static int daemon_output_short(struct hwrngd_ctx *ctx)
{
	const struct sink *s = &ctx->sink;
	uint64_t want = ctx->cfg->out_bytes;

	if (!s->limited || !s->remaining)
		return 0;
	if (s->gone) {
		log_msg(&ctx->log, LOG_ERR,
			"cannot write %s: the reader went away (broken pipe) after %llu of %llu bytes",
			daemon_sink_name(s),
			(unsigned long long)(want - s->remaining),
			(unsigned long long)want);
		return -EPIPE;
	}
	log_msg(&ctx->log, LOG_ERR,
		"stopped by a signal after %llu of %llu bytes to %s",
		(unsigned long long)(want - s->remaining),
		(unsigned long long)want, daemon_sink_name(s));
	return -EINTR;
}

/**
 * daemon_output() - output mode: start-up tests, then -n bytes to -f
 * @ctx: context with a source; the file sink is opened here
 *
 * Return: 0 when the count is written, or with -n 0 when the reader went
 * away (a pipe's normal end); -EPIPE when the reader went away before a
 * count was written in full (a short file is an error: the caller asked
 * for N bytes); -EIO if a test failed (no retry: an external test suite
 * must see it); another negative errno.  Errors are logged.
 */
int daemon_output(struct hwrngd_ctx *ctx)
{
	const struct hwrngd_config *cfg = ctx->cfg;
	int r;

	r = sink_file_open(&ctx->sink, ctx->sys, cfg->out_file,
			   cfg->out_bytes);
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r, "cannot open %s",
				 cfg->out_file);
	r = daemon_startup(ctx);
	if (r == -EIO) {
		daemon_log_failure(ctx, "no output written");
	} else {
		if (!r)
			r = daemon_pump(ctx, DAEMON_PUMP_RUN);
		if (r == -EIO)
			daemon_log_failure(ctx, "output stopped");
		else if (!r || r == -EINTR)
			r = daemon_output_short(ctx);
	}
	daemon_discard(ctx);
	sink_close(&ctx->sink);
	return r;
}
