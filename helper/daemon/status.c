// SPDX-License-Identifier: GPL-2.0
/*
 * status.c: the daemon writes its counters (and the module's, read with
 * HAVEGE_HWRNG_IOC_GET_STATS on its own descriptor, since the module
 * allows one opener) to a small "key value" file: on every registration
 * and withdrawal, on SIGUSR1, at exit, and at most every 10 s while it is
 * busy anyway - never on a timer of its own.  havege-hwrngd --status
 * prints that file with the hw_random sysfs state; without a running
 * daemon it asks the module directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "credit.h"
#include "pidfile.h"
#include "size.h"
#include "status.h"

static void status_kv(FILE *out, const char *key, uint64_t v)
{
	fprintf(out, "%-28s %llu\n", key, (unsigned long long)v);
}

static void status_module(FILE *out, const struct havege_hwrng_stats *m)
{
	status_kv(out, "module.bytes_in", m->bytes_in);
	status_kv(out, "module.bytes_served", m->bytes_served);
	status_kv(out, "module.bytes_flushed", m->bytes_flushed);
	status_kv(out, "module.registrations", m->registrations);
	status_kv(out, "module.withdrawals", m->withdrawals);
	status_kv(out, "module.fifo_level", m->fifo_level);
	status_kv(out, "module.fifo_size", m->fifo_size);
	status_kv(out, "module.blocked_readers", m->blocked_readers);
	status_kv(out, "module.quality", m->quality);
	status_kv(out, "module.declared_quality", m->declared_quality);
	fprintf(out, "%-28s %s%s\n", "module.state",
		m->state & HAVEGE_HWRNG_STATE_ATTACHED ? "attached" : "detached",
		m->state & HAVEGE_HWRNG_STATE_REGISTERED ? ",registered" : "");
}

/* "test.NAME.WHAT value" for one counter of one test procedure */
static void status_test_kv(FILE *out, const char *name, const char *what,
			   uint64_t v)
{
	char key[48];

	(void)snprintf(key, sizeof(key), "test.%s.%s", name, what);
	status_kv(out, key, v);
}

static void status_source(FILE *out, const struct source *src)
{
	const char *cond = src->ops->describe ?
			   src->ops->describe(src, SOURCE_INFO_CONDITION) : NULL;
	struct source_stats st;
	unsigned int i;

	memset(&st, 0, sizeof(st));
	src->ops->stats(src, &st);
	status_kv(out, "source.generated", st.generated);
	status_kv(out, "source.tested", st.tested);
	status_kv(out, "source.released", st.released);
	if (cond && cond[0]) {
		fprintf(out, "%-28s %s\n", "source.conditioned", cond);
		status_kv(out, "source.conditioned_in", st.conditioned);
	}
	if (st.quality)
		status_kv(out, "source.quality", st.quality);
	if (st.h_claim > 0.0 && !isnan(st.h_estimate))
		fprintf(out, "%-28s %.3f bit/delta (claim %.3f)\n",
			"source.estimate", st.h_estimate, st.h_claim);
	for (i = 0; i < st.nprocs && i < SOURCE_MAX_PROCS; i++) {
		const struct source_proc_stats *p = &st.proc[i];

		status_test_kv(out, p->name, "runs", p->runs);
		/* a raw test judges each sample: no run verdicts, no retry */
		if (!p->raw) {
			status_test_kv(out, p->name, "passes", p->passes);
			status_test_kv(out, p->name, "retries", p->retries);
		}
		status_test_kv(out, p->name, "failures", p->failures);
	}
}

/**
 * status_format() - print the daemon's counters as "key value" lines
 * @ctx: context
 * @out: stream
 */
void status_format(struct hwrngd_ctx *ctx, FILE *out)
{
	struct havege_hwrng_stats m;
	const char *sink = ctx->sink.ops ? ctx->sink.ops->name : "none";

	fprintf(out, "%-28s %ld\n", "daemon.pid", (long)getpid());
	fprintf(out, "%-28s %s\n", "daemon.sink", sink);
	fprintf(out, "%-28s %s\n", "daemon.registered",
		ctx->sink.attached ? "yes" : "no");
	status_kv(out, "daemon.fed", ctx->cnt.fed);
	status_kv(out, "daemon.registrations", ctx->cnt.registrations);
	status_kv(out, "daemon.withdrawals", ctx->cnt.withdrawals);
	status_kv(out, "daemon.startup_runs", ctx->cnt.startup_runs);
	status_kv(out, "daemon.startup_failures", ctx->cnt.startup_failures);
	status_kv(out, "daemon.continuous_failures",
		  ctx->cnt.continuous_failures);
	if (ctx->sink.ops && !strcmp(ctx->sink.ops->name, "random")) {
		status_kv(out, "random.chunks", ctx->sink.chunks);
		status_kv(out, "random.credited_bits", ctx->sink.credited_bits);
	}
	if (ctx->src)
		status_source(out, ctx->src);
	memset(&m, 0, sizeof(m));
	if (ctx->sink.ops && ctx->sink.ops->stats &&
	    !ctx->sink.ops->stats(&ctx->sink, &m))
		status_module(out, &m);
}

/**
 * status_write() - replace the status file (atomically, by rename; mode 0644)
 * @ctx: context; nothing happens without cfg->status_file
 */
void status_write(struct hwrngd_ctx *ctx)
{
	const char *path = ctx->cfg->status_file;
	char *tmp;
	FILE *f;
	int r = 0;

	/* the service's file: other runs (-n, --until-seeded) leave it alone */
	if (!path || !path[0] || ctx->cfg->run != HWRNGD_RUN_DAEMON)
		return;
	tmp = sys_path_join(path, "", ".tmp");
	if (!tmp) {
		(void)log_errno(&ctx->log, LOG_DEBUG, -ENOMEM, "cannot write %s",
				path);
		return;
	}
	f = fopen(tmp, "we");
	if (!f) {
		r = -errno;
	} else if (fchmod(fileno(f), 0644) < 0) {
		/* readable by anyone whatever the umask, as the pid file */
		r = -errno;
		(void)fclose(f);
		(void)unlink(tmp);
	} else {
		status_format(ctx, f);
		if (fclose(f))
			r = -errno;
		else if (rename(tmp, path))
			r = -errno;
	}
	if (r)
		(void)log_errno(&ctx->log, LOG_DEBUG, r, "cannot write %s",
				path);
	free(tmp);
}

/* Prints "key value" for the one-line sysfs file @dir/@attr. */
static void status_attr(struct hwrngd_ctx *ctx, const char *dir,
			const char *attr, const char *key, FILE *out)
{
	char *path = sys_path_join(dir, "/", attr);
	char buf[256];
	ssize_t n;
	int fd;

	fd = path ? ctx->sys->open(ctx->sys->priv, path, O_RDONLY) : -ENOMEM;
	free(path);
	if (fd < 0) {
		fprintf(out, "%-28s (unavailable)\n", key);
		return;
	}
	n = ctx->sys->read(ctx->sys->priv, fd, buf, sizeof(buf) - 1);
	(void)ctx->sys->close(ctx->sys->priv, fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fprintf(out, "%-28s %s\n", key, buf);
}

/* Copies the daemon's status file, minus the module lines if @skip. */
static void status_copy_file(const char *path, bool skip_module, FILE *out)
{
	char line[256];
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		fprintf(out, "(no status file %s yet)\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
		if (!skip_module || strncmp(line, "module.", 7))
			fputs(line, out);
	(void)fclose(f);
}

static const char *const status_module_attrs[] = {
	"bytes_in", "bytes_served", "bytes_flushed", "registrations",
	"withdrawals", "fifo_level", "fifo_size", "blocked_readers",
	"quality", "declared_quality", "state",
};

/*
 * The module's counters as its sysfs attributes, next to hw_random's:
 * /sys/class/misc/havege_hwrng/<counter>.  Readable while the daemon holds
 * the device.  Return: true if the module's directory exists.
 */
static bool status_module_sysfs(struct hwrngd_ctx *ctx, FILE *out)
{
	const char *dir = ctx->cfg->sysfs_dir;
	const char *slash = strrchr(dir, '/');
	char *parent = strndup(dir, slash ? (size_t)(slash - dir) : 0);
	char *path = NULL;
	char key[48];
	unsigned int i;

	if (parent)
		path = sys_path_join(parent, "/",
				     HAVEGE_HWRNG_DEVICE + sizeof("/dev/") - 1);
	free(parent);
	if (!path || access(path, F_OK)) {
		free(path);
		return false;
	}
	for (i = 0; i < ARRAY_SIZE(status_module_attrs); i++) {
		(void)snprintf(key, sizeof(key), "module.%s",
			       status_module_attrs[i]);
		status_attr(ctx, path, status_module_attrs[i], key, out);
	}
	free(path);
	return true;
}

/* No daemon: ask the module itself, if it is loaded and free. */
static void status_module_direct(struct hwrngd_ctx *ctx, FILE *out)
{
	struct havege_hwrng_stats m;
	struct sink s;
	int r;

	r = sink_feed_open(&s, ctx->sys, ctx->cfg->device);
	if (!r) {
		memset(&m, 0, sizeof(m));
		r = s.ops->stats(&s, &m);
		if (!r)
			status_module(out, &m);
		sink_close(&s);
	}
	if (r == -ENOENT)
		fprintf(out, "module: not loaded (%s absent)\n",
			ctx->cfg->device);
	else if (r == -EBUSY)
		fprintf(out, "module: %s is held by another feeder\n",
			ctx->cfg->device);
	else if (r < 0)
		fprintf(out, "module: cannot read %s: %s\n", ctx->cfg->device,
			strerror(-r));
}

/**
 * status_print() - --status: hw_random state, daemon and module counters
 * @ctx: context (configuration and system-call table)
 * @out: stream
 *
 * Return: 0 if a daemon is running, -ESRCH if not (counters of the module
 * are printed either way when available).
 */
int status_print(struct hwrngd_ctx *ctx, FILE *out)
{
	const char *hw = ctx->cfg->sysfs_dir;
	pid_t pid = 0;
	bool module;

	status_attr(ctx, hw, "rng_current", "hw_random.rng_current", out);
	status_attr(ctx, hw, "rng_available", "hw_random.rng_available", out);
	module = status_module_sysfs(ctx, out);
	if (pidfile_running(ctx->cfg->pidfile, &pid)) {
		fprintf(out, "%-28s running, pid %ld\n", "daemon",
			(long)pid);
		status_copy_file(ctx->cfg->status_file, module, out);
		return 0;
	}
	fprintf(out, "%-28s not running (no lock on %s)\n", "daemon",
		ctx->cfg->pidfile);
	if (!module)
		status_module_direct(ctx, out);
	return -ESRCH;
}

/**
 * status_info() - --info / -r 1: build, timer, tuning, tests, counters
 * @ctx: context with a source
 * @out: stream
 */
void status_info(struct hwrngd_ctx *ctx, FILE *out)
{
	static const char *const what[SOURCE_INFO_COUNT] = {
		[SOURCE_INFO_TIMER] = "timer",
		[SOURCE_INFO_TUNING] = "tuning",
		[SOURCE_INFO_TESTS] = "tests",
		[SOURCE_INFO_CONDITION] = "conditioned",
	};
	const char *d;
	unsigned int i, q;

	fprintf(out, "%-28s havege-hwrngd %s, gcc %s\n", "build",
		HAVEGE_VERSION, __VERSION__);
	for (i = 0; i < SOURCE_INFO_COUNT; i++) {
		d = ctx->src->ops->describe ?
		    ctx->src->ops->describe(ctx->src, i) : NULL;
		if (!d || !d[0])
			d = i == SOURCE_INFO_CONDITION ? "no" : "(unknown)";
		fprintf(out, "%-28s %s\n", what[i], d);
	}
	q = source_quality(ctx->src);
	fprintf(out, "%-28s quality %u/1024 (module REGISTER and fallback)\n",
		"credit", q);
	fprintf(out, "%-28s %u bits per %zu-byte RNDADDENTROPY (fallback only)\n",
		"random.credit", credit_bits(sink_random_chunk(q), q),
		sink_random_chunk(q));
	status_source(out, ctx->src);
}
