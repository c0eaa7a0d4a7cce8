// SPDX-License-Identifier: GPL-2.0
/*
 * havege-hwrngd: feed tested HAVEGE entropy to the kernel - into the
 * havege_hwrng module's FIFO (an hw_random source) when it is loaded, else
 * into the random pool - or write it out for external test suites.
 *
 * main: parse -> context -> run -> teardown.  See docs/daemon.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "condition.h"
#include "background.h"
#include "config.h"
#include "credit.h"
#include "daemon.h"
#include "hwrngd.h"
#include "notify.h"
#include "pidfile.h"
#include "record.h"
#include "seed.h"
#include "status.h"

enum {
	EXIT_USAGE = 2,
	EXIT_NOT_RUNNING = 3,	/* --status: no daemon (LSB convention) */
};

/*
 * --condition: SHA-256 over blocks of tested HAVEGE bytes, each carrying
 * n_out + 64 bits at the credited rate (SP 800-90C full entropy).
 */
static int main_condition(struct hwrngd_ctx *ctx)
{
	double h = ctx->cfg->h_claim;
	size_t n_in = credit_condition_input(h, CONDITION_OUT_BYTES);
	struct source *cond;
	int r;

	r = source_condition_new(&cond, ctx->src, n_in,
				 condition_input_entropy(n_in, h));
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot set up SHA-256 conditioning (%zu input bytes per block)",
				 n_in);
	daemon_watch_source(ctx, cond);
	if (ctx->cfg->run == HWRNGD_RUN_DAEMON)
		log_msg(&ctx->log, LOG_INFO, "conditioned: %s",
			cond->ops->describe(cond, SOURCE_INFO_CONDITION));
	return 0;
}

static int main_source(struct hwrngd_ctx *ctx)
{
	struct source *src;
	int r;

	r = source_havege_new(&src, ctx->cfg, NULL, NULL);
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot set up the HAVEGE collector");
	daemon_watch_source(ctx, src);
	return ctx->cfg->condition ? main_condition(ctx) : 0;
}

/*
 * The default pid and status files live in HWRNGD_RUNTIME_DIR, which
 * systemd creates for the packaged unit; started by hand (or by another
 * init) the daemon creates it.  The pid file is the instance lock, so
 * without it the daemon does not start; the status file is optional.
 */
static int main_runtime_dir(struct hwrngd_ctx *ctx)
{
	int r;

	r = pidfile_make_dir(ctx->cfg->pidfile, HWRNGD_RUNTIME_DIR);
	if (r < 0)
		return log_errno(&ctx->log, LOG_ERR, r,
				 "cannot create the directory %s for the pid file %s",
				 HWRNGD_RUNTIME_DIR, ctx->cfg->pidfile);
	r = pidfile_make_dir(ctx->cfg->status_file, HWRNGD_RUNTIME_DIR);
	if (r < 0)
		(void)log_errno(&ctx->log, LOG_WARNING, r,
				"cannot create the directory %s for the status file %s",
				HWRNGD_RUNTIME_DIR, ctx->cfg->status_file);
	return 0;
}

static int main_lock(struct hwrngd_ctx *ctx)
{
	const char *path = ctx->cfg->pidfile;
	pid_t holder = 0;
	int fd;

	fd = main_runtime_dir(ctx);
	if (fd < 0)
		return fd;
	fd = pidfile_lock(path, &holder);
	if (fd == -EBUSY) {
		log_msg(&ctx->log, LOG_ERR,
			"another instance is running (pid %ld holds the lock on %s); not starting a second one",
			(long)holder, path);
		return fd;
	}
	if (fd < 0)
		return log_errno(&ctx->log, LOG_ERR, fd, "cannot lock %s", path);
	ctx->pidfd = fd;
	return 0;
}

/*
 * Fork into the background unless -F; the lock and the device stay open,
 * and the parent exits once the pid file is written (background.c).
 * Until here errors went to stderr, so a failed start is seen where it was
 * typed; afterwards an automatic log target becomes syslog, unless stderr
 * is the journal's stream (then stdio is kept open).
 */
static int main_background(struct hwrngd_ctx *ctx)
{
	bool keep = ctx->log.to == HWRNGD_LOG_JOURNAL ||
		    (ctx->log.to != HWRNGD_LOG_SYSLOG &&
		     ctx->cfg->log_to != HWRNGD_LOG_AUTO);
	int done_fd = -1;
	int r;

	if (!ctx->cfg->foreground) {
		r = background_start(keep, &done_fd);
		if (r < 0 && done_fd < 0)
			return log_errno(&ctx->log, LOG_ERR, r,
					 "cannot fork into the background");
		if (r < 0) {
			background_done(done_fd, false);
			return r;
		}
		if (!keep) {
			log_close(&ctx->log);
			log_init(&ctx->log, HWRNGD_LOG_SYSLOG,
				 ctx->cfg->verbose, false, stderr);
		}
	}
	r = pidfile_write(ctx->pidfd, getpid());
	if (r < 0)
		(void)log_errno(&ctx->log, LOG_WARNING, r, "cannot write %s",
				ctx->cfg->pidfile);
	background_done(done_fd, true);
	return 0;
}

static int main_daemon(struct hwrngd_ctx *ctx)
{
	int r;

	r = main_lock(ctx);
	if (!r)
		r = main_source(ctx);
	if (!r)
		r = daemon_open_sink(ctx);
	if (!r)
		r = main_background(ctx);
	if (r)
		return r;
	ctx->notify_socket = getenv("NOTIFY_SOCKET");
	log_msg(&ctx->log, LOG_INFO, "havege-hwrngd %s started (%s)",
		HAVEGE_VERSION, ctx->sink.ops->name);
	r = daemon_serve(ctx);
	daemon_notify(ctx, "STOPPING=1");
	if (ctx->log.verbose & HWRNGD_V_SUMMARY)
		daemon_log_counters(ctx);
	status_write(ctx);
	if (r == -EIO)
		log_msg(&ctx->log, LOG_ERR,
			"stopped after %u consecutive test failures",
			ctx->failures);
	else if (r)
		(void)log_errno(&ctx->log, LOG_ERR, r, "stopped");
	else
		log_msg(&ctx->log, LOG_INFO, "stopped");
	return r;
}

static int main_seed(struct hwrngd_ctx *ctx)
{
	int r;

	r = sys_crng_ready(ctx->sys);
	if (r > 0) {
		log_msg(&ctx->log, LOG_INFO, "kernel CRNG is already ready");
		return 0;
	}
	r = main_source(ctx);
	return r ? r : seed_run(ctx);
}

static int main_run(struct hwrngd_ctx *ctx)
{
	const struct hwrngd_config *cfg = ctx->cfg;
	int r;

	switch (cfg->run) {
	case HWRNGD_RUN_STATUS:
		r = status_print(ctx, stdout);
		return r == -ESRCH ? EXIT_NOT_RUNNING : 0;
	case HWRNGD_RUN_INFO:
		r = main_source(ctx);
		if (!r)
			status_info(ctx, stdout);
		break;
	case HWRNGD_RUN_OUTPUT:
		r = main_source(ctx);
		if (!r)
			r = daemon_output(ctx);
		break;
	case HWRNGD_RUN_SEED:
		r = main_seed(ctx);
		break;
	case HWRNGD_RUN_RECORD:
		r = record_run(ctx, NULL, NULL);
		break;
	case HWRNGD_RUN_ASSESS:
		r = record_assess(ctx, NULL, NULL);
		break;
	case HWRNGD_RUN_DAEMON:
	default:
		r = main_daemon(ctx);
		break;
	}
	return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	static struct hwrngd_ctx ctx;
	struct hwrngd_config cfg;
	int r;

	r = config_parse(&cfg, argc, argv, stdout, stderr);
	if (r == CONFIG_EXIT_OK)
		return EXIT_SUCCESS;
	if (r < 0)
		return EXIT_USAGE;
	daemon_ctx_init(&ctx, &cfg, &sys_linux, NULL);
	/* stderr (or the journal) until a daemon forks: see main_background() */
	log_init(&ctx.log, cfg.log_to, cfg.verbose, true, stderr);
	if (cfg.write_wakeup_set)
		log_msg(&ctx.log, LOG_NOTICE,
			"-w %u ignored: kernels since 5.6 have no write_wakeup_threshold",
			cfg.write_wakeup);
	r = daemon_signals_setup(&ctx);
	if (r < 0) {
		(void)log_errno(&ctx.log, LOG_ERR, r, "cannot set up signals");
		return EXIT_FAILURE;
	}
	r = main_run(&ctx);
	sink_close(&ctx.sink);
	if (ctx.src)
		ctx.src->ops->destroy(ctx.src);
	pidfile_release(ctx.pidfd, cfg.pidfile);
	daemon_signals_restore(&ctx);
	log_close(&ctx.log);
	return r;
}
