/* SPDX-License-Identifier: GPL-2.0 */
/*
 * source.h: where the daemon gets its bytes.  A source yields only bytes
 * that passed the online tests covering them ("released" bytes): the
 * daemon never sees untested data.  The production source wraps the HAVEGE
 * collector and the online test engine (source_havege.c); the unit tests
 * use test doubles with the same ops.
 */
#ifndef HWRNGD_SOURCE_H
#define HWRNGD_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SOURCE_MAX_PROCS	5	/* A, B, RCT, APT, PER */

/*
 * Counters of one test procedure since the source was created.  The raw
 * SP 800-90B tests (@raw) judge every sample on its own and have no
 * verdict per run: their @runs counts samples, @passes and @retries stay 0
 * and are not reported.
 */
struct source_proc_stats {
	char name[12];		/* "A", "B", "RCT", "APT", "PER" */
	bool raw;		/* RCT/APT/PER: runs = samples, no passes/retries */
	uint64_t runs;
	uint64_t passes;
	uint64_t retries;
	uint64_t failures;
};

struct source_stats {
	uint64_t generated;	/* bytes produced by the collector */
	uint64_t tested;	/* bytes covered by a completed test */
	uint64_t released;	/* bytes handed out by fill() */
	uint64_t conditioned;	/* tested bytes hashed into released blocks */
	/*
	 * Bits of entropy per 1024 released bits the source vouches for:
	 * the REGISTER quality and the fallback credit (docs/quality.md).
	 * HAVEGE: credit_quality() of the per-delta claim; conditioned:
	 * 1024 (full entropy); 0: no credit.
	 */
	unsigned int quality;
	/*
	 * The last start-up SP 800-90B estimate, bits per delta, and the
	 * claim it was checked against (assess.h); NAN/0 when none ran.
	 */
	double h_estimate;
	double h_claim;
	unsigned int nprocs;
	struct source_proc_stats proc[SOURCE_MAX_PROCS];
};

/*
 * What the last failure was, in the shape of haveged's log line
 * "AIS-31 <stage> procedure <proc>: <action> <detail>".
 */
struct source_failure {
	char stage[12];		/* "tot" (start-up), "continuous", "raw" */
	char procedure[12];	/* "A", "B", "RCT", "APT", "PER", "RCT+APT+PER" */
	char detail[160];	/* failed tests and their counts */
};

struct source;

/*
 * Asked by a source between two collected chunks of its long loops (the
 * start-up tests; a run collected before any of its bytes is released):
 * true makes startup() and fill() return -EINTR at once, with nothing
 * released, so a stop request (SIGTERM) is not held up by up to a whole
 * test run of collection.
 */
struct source_stop {
	bool (*requested)(void *priv);
	void *priv;
};

struct source_ops {
	/*
	 * Run the start-up tests on fresh data: 0, -EIO if they failed,
	 * -EINTR if a stop was requested first (@stop).
	 */
	int (*startup)(struct source *src);
	/*
	 * Copy up to @len released bytes to @buf.  Returns the count (> 0),
	 * -EIO when a continuous or raw test failed (nothing of the failed
	 * block is released; startup() must pass before the next fill()),
	 * -EINTR if a stop was requested before a byte was released (@stop),
	 * or another negative errno.
	 */
	ssize_t (*fill)(struct source *src, void *buf, size_t len);
	void (*failure)(const struct source *src, struct source_failure *out);
	void (*stats)(const struct source *src, struct source_stats *out);
	/* One-line descriptions for --info, or NULL. */
	const char *(*describe)(const struct source *src, unsigned int what);
	void (*destroy)(struct source *src);
};

/* @what values of describe() */
enum source_info {
	SOURCE_INFO_TIMER,
	SOURCE_INFO_TUNING,
	SOURCE_INFO_TESTS,
	SOURCE_INFO_CONDITION,	/* NULL or "": not conditioned */
	SOURCE_INFO_COUNT,
};

struct source {
	const struct source_ops *ops;
	const struct source_stop *stop;	/* NULL: never asked */
};

static inline bool source_stop_requested(const struct source *src)
{
	return src->stop && src->stop->requested(src->stop->priv);
}

static inline unsigned int source_quality(const struct source *src)
{
	struct source_stats st;

	src->ops->stats(src, &st);
	return st.quality;
}

struct hwrngd_config;
struct timer_ops;

/*
 * The production source: HAVEGE collector (with its raw SP 800-90B health
 * tests) + the AIS-31 online test engine, as configured by -b -d -i -o.
 * @timer_ops/@timer_ctx replace the hardware timer (unit tests inject a
 * fake timer here to make the raw tests fail); NULL in the daemon.
 */
int source_havege_new(struct source **ret, const struct hwrngd_config *cfg,
		      const struct timer_ops *timer_ops, void *timer_ctx);

/*
 * Conditioned mode (--condition): SHA-256 over every @in_bytes tested
 * bytes of @inner, one 32-byte block each (source_condition.c).
 */
int source_condition_new(struct source **ret, struct source *inner,
			 size_t in_bytes, double h_in);
struct collector;

/*
 * The same collector as source_havege_new()'s, in record mode (no output
 * released, raw alarms counted but not fatal), for --record-raw.
 */
int source_havege_recorder(struct collector *col,
			   const struct hwrngd_config *cfg,
			   const struct timer_ops *timer_ops, void *timer_ctx);

#endif /* HWRNGD_SOURCE_H */
