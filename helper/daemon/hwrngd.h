/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwrngd.h: struct hwrngd_ctx, the one place that holds havege-hwrngd's
 * mutable state.  Everything is passed explicitly; the only file-scope
 * variable is the signal handlers' pointer to ctx->flags (daemon.c).
 */
#ifndef HWRNGD_H
#define HWRNGD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "log.h"
#include "sink.h"
#include "source.h"
#include "sys.h"

/* Tested bytes taken from the source per fill() */
#define HWRNGD_BUF_SIZE		4096

/* Set only by signal handlers (and tests); read by the loops. */
struct hwrngd_flags {
	volatile sig_atomic_t stop;	/* SIGTERM, SIGINT, SIGHUP */
	volatile sig_atomic_t dump;	/* SIGUSR1: log the counters */
};

/* The daemon's own counters (the module keeps its own, see --status). */
struct hwrngd_counters {
	uint64_t fed;			/* bytes the sink accepted */
	uint64_t registrations;		/* successful REGISTER ioctls */
	uint64_t withdrawals;		/* WITHDRAW after a failure or exit */
	uint64_t startup_runs;		/* start-up test runs */
	uint64_t startup_failures;	/* start-up test runs that failed */
	uint64_t continuous_failures;	/* continuous/raw failures (withdrawn) */
};

struct hwrngd_ctx {
	const struct hwrngd_config *cfg;
	const struct hwrngd_sys *sys;
	struct hwrngd_log log;
	struct source *src;
	struct sink sink;
	struct hwrngd_flags flags;
	sigset_t waitmask;		/* signal mask while sleeping in ppoll */
	struct source_stop stop_hook;	/* the sources ask it (daemon.c) */
	struct hwrngd_counters cnt;
	const char *notify_socket;	/* $NOTIFY_SOCKET or NULL */
	bool ready_sent;
	bool ready_due;		/* fallback: notify after the first credit */
	bool seed_mode;			/* --until-seeded: stop once ready */
	int64_t deadline_ms;		/* --until-seeded: give up after this */
	int64_t status_due_ms;		/* next periodic status file write */
	int64_t registered_ms;		/* when the source was last registered */
	unsigned int failures;		/* consecutive failures (back-off) */
	uint64_t retries_seen[SOURCE_MAX_PROCS];	/* logged with -v 1/2 */
	int pidfd;
	size_t pending;			/* tested bytes in buf not yet sunk */
	size_t off;
	unsigned char buf[HWRNGD_BUF_SIZE];
};

#endif /* HWRNGD_H */
