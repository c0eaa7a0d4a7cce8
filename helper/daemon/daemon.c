// SPDX-License-Identifier: GPL-2.0
/*
 * daemon.c: context set-up, signals and the byte pump shared by all modes.
 *
 * Signals: SIGTERM/SIGINT/SIGHUP (stop) and SIGUSR1 (log the counters) are
 * blocked all the time and only unblocked inside ppoll(): where the daemon
 * sleeps, and at the signal point between two blocks of work in the pump,
 * which never sleeps (a fast reader or a file keeps it busy).  A handler
 * only sets a flag, and every loop checks the flags right after.
 */
#include <errno.h>
#include <string.h>

#include "daemon.h"
#include "notify.h"
#include "size.h"
#include "status.h"

/* The handlers' only way to reach the context: set in daemon_signals_setup */
static struct hwrngd_flags *daemon_sig_flags;

static void daemon_on_signal(int sig)
{
	if (!daemon_sig_flags)
		return;
	if (sig == SIGUSR1)
		daemon_sig_flags->dump = 1;
	else
		daemon_sig_flags->stop = 1;
}

/*
 * The sources' stop hook: let pending signals in (their handlers set the
 * flags), then say whether a stop was requested.
 */
static bool daemon_stop_requested(void *priv)
{
	struct hwrngd_ctx *ctx = priv;

	ctx->sys->signal_point(ctx->sys->priv, &ctx->waitmask);
	return ctx->flags.stop;
}

/**
 * daemon_watch_source() - make @src the context's source, stoppable
 * @ctx: context (daemon_ctx_init())
 * @src: the source
 *
 * @src's long loops then return -EINTR soon after a stop signal.
 */
void daemon_watch_source(struct hwrngd_ctx *ctx, struct source *src)
{
	src->stop = &ctx->stop_hook;
	ctx->src = src;
}

/**
 * daemon_ctx_init() - initialise a context
 * @ctx: context to fill
 * @cfg: validated configuration (kept by pointer, never changed)
 * @sys: system-call table
 * @src: the source of tested bytes (may be NULL for --status)
 */
void daemon_ctx_init(struct hwrngd_ctx *ctx, const struct hwrngd_config *cfg,
		     const struct hwrngd_sys *sys, struct source *src)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = cfg;
	ctx->sys = sys;
	ctx->stop_hook.requested = daemon_stop_requested;
	ctx->stop_hook.priv = ctx;
	if (src)
		daemon_watch_source(ctx, src);
	ctx->sink.fd = -1;
	ctx->pidfd = -1;
	ctx->log.to = HWRNGD_LOG_STDERR;
	ctx->log.stream = stderr;
	ctx->log.verbose = cfg->verbose;
	(void)sigemptyset(&ctx->waitmask);
}

static const int daemon_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };

/**
 * daemon_signals_setup() - block the daemon's signals and install handlers
 * @ctx: context; ctx->waitmask becomes the mask to use inside ppoll()
 *
 * Return: 0 or a negative errno.
 */
int daemon_signals_setup(struct hwrngd_ctx *ctx)
{
	struct sigaction sa;
	sigset_t block;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = daemon_on_signal;
	(void)sigemptyset(&sa.sa_mask);
	(void)sigemptyset(&block);
	daemon_sig_flags = &ctx->flags;
	for (i = 0; i < ARRAY_SIZE(daemon_signals); i++) {
		(void)sigaddset(&block, daemon_signals[i]);
		if (sigaction(daemon_signals[i], &sa, NULL) < 0)
			return -errno;
	}
	/* a reader of -f - going away is EPIPE, not death */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		return -errno;
	if (sigprocmask(SIG_BLOCK, &block, &ctx->waitmask) < 0)
		return -errno;
	for (i = 0; i < ARRAY_SIZE(daemon_signals); i++)
		(void)sigdelset(&ctx->waitmask, daemon_signals[i]);
	return 0;
}

/**
 * daemon_signals_restore() - forget the context (before it goes away)
 * @ctx: context passed to daemon_signals_setup()
 */
void daemon_signals_restore(struct hwrngd_ctx *ctx)
{
	if (daemon_sig_flags == &ctx->flags)
		daemon_sig_flags = NULL;
}

/**
 * daemon_sleep() - sleep @ms unless a stop is requested
 * @ctx: context
 * @ms: milliseconds
 *
 * Return: 0 after the full time, -EINTR if a stop was requested.
 */
int daemon_sleep(struct hwrngd_ctx *ctx, int64_t ms)
{
	const struct hwrngd_sys *sys = ctx->sys;
	int64_t end = sys->now_ms(sys->priv) + ms;
	int64_t left = ms;
	int r;

	while (left > 0 && !ctx->flags.stop) {
		r = sys->ppoll(sys->priv, NULL, 0, left, &ctx->waitmask);
		if (r < 0 && r != -EINTR)
			return r;
		left = end - sys->now_ms(sys->priv);
	}
	return ctx->flags.stop ? -EINTR : 0;
}

/**
 * daemon_notify() - tell the service manager, if there is one
 * @ctx: context (ctx->notify_socket)
 * @message: e.g. "READY=1\nSTATUS=..."
 */
void daemon_notify(struct hwrngd_ctx *ctx, const char *message)
{
	int r;

	r = notify_send(ctx->notify_socket, message);
	if (r < 0)
		(void)log_errno(&ctx->log, LOG_WARNING, r,
				"cannot notify the service manager at %s",
				ctx->notify_socket);
}

/*
 * -v 1 or 2: a retry is not an alarm (an ideal source retries procedure A
 * about once per 700 runs), but it is worth a line, like haveged's.
 */
static void daemon_note_retries(struct hwrngd_ctx *ctx)
{
	struct source_stats st;
	unsigned int i;

	if (!(ctx->log.verbose & (HWRNGD_V_SUMMARY | HWRNGD_V_RETRY)))
		return;
	memset(&st, 0, sizeof(st));
	ctx->src->ops->stats(ctx->src, &st);
	for (i = 0; i < st.nprocs && i < SOURCE_MAX_PROCS; i++) {
		if (st.proc[i].retries == ctx->retries_seen[i])
			continue;
		ctx->retries_seen[i] = st.proc[i].retries;
		log_msg(&ctx->log, LOG_NOTICE,
			"AIS-31 procedure %s: retry passed (%llu retries in %llu runs)",
			st.proc[i].name, (unsigned long long)st.proc[i].retries,
			(unsigned long long)st.proc[i].runs);
	}
}

/* Takes the next block of tested bytes; -EIO means a test failed. */
static int daemon_fill(struct hwrngd_ctx *ctx)
{
	ssize_t n;

	n = ctx->src->ops->fill(ctx->src, ctx->buf, sizeof(ctx->buf));
	daemon_note_retries(ctx);
	if (n < 0)
		return (int)n;
	if (n == 0 || (size_t)n > sizeof(ctx->buf))
		return -EIO;
	ctx->pending = (size_t)n;
	ctx->off = 0;
	return 0;
}

/**
 * daemon_discard() - drop (and wipe) tested bytes not handed over yet
 * @ctx: context
 */
void daemon_discard(struct hwrngd_ctx *ctx)
{
	explicit_bzero(ctx->buf, sizeof(ctx->buf));
	ctx->pending = 0;
	ctx->off = 0;
}

/* How long the pump may sleep: forever, except for --until-seeded. */
static int64_t daemon_wait_ms(struct hwrngd_ctx *ctx)
{
	int64_t left;

	if (!ctx->seed_mode)
		return -1;
	left = ctx->deadline_ms - ctx->sys->now_ms(ctx->sys->priv);
	if (left <= 0)
		return 0;
	return left < DAEMON_SEED_POLL_MS ? left : DAEMON_SEED_POLL_MS;
}

/* Between two sink operations: signals, seed check, periodic status. */
static int daemon_pump_check(struct hwrngd_ctx *ctx)
{
	int64_t now = ctx->sys->now_ms(ctx->sys->priv);
	int r;

	ctx->sys->signal_point(ctx->sys->priv, &ctx->waitmask);
	if (ctx->flags.stop)
		return 1;
	if (ctx->flags.dump) {
		ctx->flags.dump = 0;
		daemon_log_counters(ctx);
		status_write(ctx);
	} else if (now >= ctx->status_due_ms) {
		ctx->status_due_ms = now + DAEMON_STATUS_MS;
		status_write(ctx);
	}
	if (!ctx->seed_mode)
		return 0;
	r = sys_crng_ready(ctx->sys);
	if (r)
		return r < 0 ? r : 1;
	return now >= ctx->deadline_ms ? -ETIMEDOUT : 0;
}

/**
 * daemon_sink_name() - how messages name a file sink
 * @s: a file sink
 *
 * Return: its path, or "standard output" for "-".
 */
const char *daemon_sink_name(const struct sink *s)
{
	return strcmp(s->path, "-") ? s->path : "standard output";
}

/* The sink failed (not a test): log it here, once; never return -EIO. */
static int daemon_sink_error(struct hwrngd_ctx *ctx, int r)
{
	if (ctx->sink.path)
		(void)log_errno(&ctx->log, LOG_ERR, r, "cannot write %s",
				daemon_sink_name(&ctx->sink));
	else
		(void)log_errno(&ctx->log, LOG_ERR, r, "feeding the %s sink",
				ctx->sink.ops->name);
	return r == -EIO ? -EPIPE : r;
}

/* Hands pending bytes to the sink: > 0 progress, 0 sink full, < 0 error. */
static int daemon_put(struct hwrngd_ctx *ctx)
{
	ssize_t n;

	n = ctx->sink.ops->put(&ctx->sink, ctx->buf + ctx->off, ctx->pending);
	if (n <= 0)
		return (int)n;
	ctx->off += (size_t)n;
	ctx->pending -= (size_t)n;
	ctx->cnt.fed += (uint64_t)n;
	return 1;
}

/**
 * daemon_pump() - move tested bytes from the source into the sink
 * @ctx: context with an open source and sink
 * @mode: DAEMON_PUMP_PREFILL returns as soon as the sink is full
 *
 * Sleeps in the sink's wait() (ppoll) whenever the sink is full, so a
 * full module FIFO costs no CPU and no wake-ups.
 *
 * Return: 0 when stopped, done, seeded (--until-seeded) or full (prefill);
 * -EIO when an online or raw test failed (the failed data was not
 * released); -ETIMEDOUT when --until-seeded ran out of time; another
 * negative errno from the sink.
 */
int daemon_pump(struct hwrngd_ctx *ctx, enum daemon_pump_mode mode)
{
	int r;

	for (;;) {
		if (ctx->flags.stop)
			return 0;
		r = daemon_pump_check(ctx);
		if (r)
			return r > 0 ? 0 : r;
		if (!ctx->pending) {
			r = daemon_fill(ctx);
			if (r)
				return r;
		}
		r = daemon_put(ctx);
		if (r < 0)
			return daemon_sink_error(ctx, r);
		if (r > 0 && ctx->ready_due) {
			ctx->ready_due = false;
			daemon_ready(ctx);
		}
		if (r > 0)
			continue;
		if (ctx->sink.done || mode == DAEMON_PUMP_PREFILL)
			return 0;
		r = ctx->sink.ops->wait(&ctx->sink, daemon_wait_ms(ctx),
					&ctx->waitmask);
		if (r < 0 && r != -EINTR)
			return daemon_sink_error(ctx, r);
	}
}

/**
 * daemon_log_failure() - log the last test failure, haveged style
 * @ctx: context
 * @action: what the daemon does about it
 */
void daemon_log_failure(struct hwrngd_ctx *ctx, const char *action)
{
	struct source_failure f;

	memset(&f, 0, sizeof(f));
	ctx->src->ops->failure(ctx->src, &f);
	if (!strcmp(f.stage, "raw"))
		log_msg(&ctx->log, LOG_ERR,
			"SP 800-90B raw health test %s: %s: %s", f.procedure,
			f.detail, action);
	else
		log_msg(&ctx->log, LOG_ERR, "AIS-31 %s procedure %s: %s: %s",
			f.stage, f.procedure, f.detail, action);
}

/**
 * daemon_log_counters() - log the daemon's and the source's counters
 * @ctx: context
 */
void daemon_log_counters(struct hwrngd_ctx *ctx)
{
	struct source_stats st;
	unsigned int i;

	memset(&st, 0, sizeof(st));
	if (ctx->src)
		ctx->src->ops->stats(ctx->src, &st);
	log_msg(&ctx->log, LOG_INFO,
		"counters: generated %llu tested %llu released %llu fed %llu registrations %llu withdrawals %llu",
		(unsigned long long)st.generated,
		(unsigned long long)st.tested,
		(unsigned long long)st.released,
		(unsigned long long)ctx->cnt.fed,
		(unsigned long long)ctx->cnt.registrations,
		(unsigned long long)ctx->cnt.withdrawals);
	for (i = 0; i < st.nprocs && i < SOURCE_MAX_PROCS; i++) {
		const struct source_proc_stats *p = &st.proc[i];

		if (p->raw)
			log_msg(&ctx->log, LOG_INFO,
				"counters: raw test %s samples %llu failures %llu",
				p->name, (unsigned long long)p->runs,
				(unsigned long long)p->failures);
		else
			log_msg(&ctx->log, LOG_INFO,
				"counters: procedure %s runs %llu passes %llu retries %llu failures %llu",
				p->name, (unsigned long long)p->runs,
				(unsigned long long)p->passes,
				(unsigned long long)p->retries,
				(unsigned long long)p->failures);
	}
}
