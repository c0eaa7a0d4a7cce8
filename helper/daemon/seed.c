// SPDX-License-Identifier: GPL-2.0
/*
 * seed.c: --until-seeded, the one-shot replacement for entropy-pump
 * scripts in image builders: feed whatever works on this kernel (the
 * module if its device exists, else RNDADDENTROPY) until
 * getrandom(GRND_NONBLOCK) succeeds, then exit 0; give up with a clear
 * message after the timeout.
 */
#include <errno.h>

#include "daemon.h"
#include "seed.h"

static int seed_result(struct hwrngd_ctx *ctx, int r, int64_t start)
{
	int64_t ms = ctx->sys->now_ms(ctx->sys->priv) - start;
	int ready = sys_crng_ready(ctx->sys);

	if (ready > 0) {
		log_msg(&ctx->log, LOG_NOTICE,
			"kernel CRNG is ready (after %lld ms, %llu bytes fed)",
			(long long)ms, (unsigned long long)ctx->cnt.fed);
		return 0;
	}
	if (r == -ETIMEDOUT || (!r && !ctx->flags.stop))
		log_msg(&ctx->log, LOG_ERR,
			"kernel CRNG still not ready after %u s (%llu bytes fed): giving up",
			ctx->cfg->seed_timeout_s,
			(unsigned long long)ctx->cnt.fed);
	else if (!r)
		log_msg(&ctx->log, LOG_ERR,
			"interrupted before the kernel CRNG was ready");
	return r < 0 ? r : -ETIMEDOUT;
}

/**
 * seed_run() - feed until the CRNG is ready or the timeout passes
 * @ctx: context with a source; the sink is opened (and closed) here
 *
 * Return: 0 once getrandom(GRND_NONBLOCK) succeeds (at once if it
 * already does: nothing is opened then); -ETIMEDOUT; another -errno.
 * The outcome is logged.
 */
int seed_run(struct hwrngd_ctx *ctx)
{
	int64_t start = ctx->sys->now_ms(ctx->sys->priv);
	int r;

	r = sys_crng_ready(ctx->sys);
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r,
				 "getrandom(GRND_NONBLOCK)");
	if (r) {
		log_msg(&ctx->log, LOG_INFO, "kernel CRNG is already ready");
		return 0;
	}
	ctx->seed_mode = true;
	ctx->deadline_ms = start + (int64_t)ctx->cfg->seed_timeout_s * 1000;
	r = daemon_open_sink(ctx);
	if (r < 0)
		return r;
	r = daemon_serve(ctx);
	r = seed_result(ctx, r, start);
	sink_close(&ctx->sink);
	return r;
}
