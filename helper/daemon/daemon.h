/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daemon.h: havege-hwrngd's loops.  daemon_serve() is the service (feed
 * the module, or the pool as a fallback); daemon_output() is -n/-f;
 * seed_run() (seed.h) is --until-seeded.  All of them move bytes with
 * daemon_pump(), which sleeps in the sink's ppoll() with signals unblocked
 * only there.
 */
#ifndef HWRNGD_DAEMON_H
#define HWRNGD_DAEMON_H

#include <stdbool.h>

#include "hwrngd.h"

/* A registration that lasted this long resets the failure count. */
#define DAEMON_STABLE_MS	(10 * 60 * 1000)
/* Back-off after the n-th consecutive failure: 1 s << (n - 1), capped. */
#define DAEMON_BACKOFF_MS	1000
#define DAEMON_BACKOFF_MAX_MS	60000
/* Retry interval for REGISTER refused with -EAGAIN (rate limit). */
#define DAEMON_REGISTER_RETRY_MS	1000
/* --until-seeded re-checks getrandom() at least this often. */
#define DAEMON_SEED_POLL_MS	1000
/* Periodic status file refresh while busy (never wakes up for it). */
#define DAEMON_STATUS_MS	10000

enum daemon_pump_mode {
	DAEMON_PUMP_RUN,	/* until stop, failure or the sink is done */
	DAEMON_PUMP_PREFILL,	/* stop as soon as the sink is full */
};

void daemon_ctx_init(struct hwrngd_ctx *ctx, const struct hwrngd_config *cfg,
		     const struct hwrngd_sys *sys, struct source *src);
int daemon_signals_setup(struct hwrngd_ctx *ctx);
void daemon_signals_restore(struct hwrngd_ctx *ctx);
int daemon_pump(struct hwrngd_ctx *ctx, enum daemon_pump_mode mode);
void daemon_watch_source(struct hwrngd_ctx *ctx, struct source *src);
void daemon_discard(struct hwrngd_ctx *ctx);
int daemon_sleep(struct hwrngd_ctx *ctx, int64_t ms);
int daemon_startup(struct hwrngd_ctx *ctx);
void daemon_log_failure(struct hwrngd_ctx *ctx, const char *action);
void daemon_log_counters(struct hwrngd_ctx *ctx);
void daemon_notify(struct hwrngd_ctx *ctx, const char *message);
void daemon_ready(struct hwrngd_ctx *ctx);
int daemon_open_sink(struct hwrngd_ctx *ctx);
int daemon_attach(struct hwrngd_ctx *ctx);
void daemon_detach(struct hwrngd_ctx *ctx);
int daemon_serve(struct hwrngd_ctx *ctx);
int daemon_output(struct hwrngd_ctx *ctx);
const char *daemon_sink_name(const struct sink *s);

#endif /* HWRNGD_DAEMON_H */
