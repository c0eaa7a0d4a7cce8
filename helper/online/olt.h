/* SPDX-License-Identifier: GPL-2.0 */
/*
 * olt.h - the online test engine: AIS 31 procedures A and B (ais31.h) run
 * over the collector's output, once at start-up ("tot") and continuously,
 * as selected by a haveged-compatible specification (haveged's -o):
 *
 *	spec  = [t<x>][c<x>]        either group may come first, once each;
 *	                            a group may be empty, "" tests nothing
 *	x     = [a[n][w]][b[w]]     in any order, each once; B always runs first
 *	a<n>  procedure A with T5 only in every 2^n-th round (n = 1..8, as
 *	      haveged's A_CYCLE; not AIS 31 conformant); a: T5 in every round
 *	w     advisory: a failure is counted and reported, nothing stops
 *	case-insensitive, e.g. "ta8b", "tbca8wbw", "tabcab"
 *
 * Usage (no threads, no I/O inside):
 *
 *	struct olt *o;
 *	r = olt_new(&o, OLT_SPEC_DAEMON, false, NULL);   // or olt_init_cfg
 *	for (;;) {
 *		r = olt_push(o, buf, len);  // 0, or -EIO: a test failed
 *		n = olt_pull(o, out, max);  // only bytes whose tests passed
 *	}
 *	olt_free(o);
 *
 * A byte is released only when every bit of it has been consumed by a
 * procedure that passed (or failed in advisory mode); the start-up data is
 * released too, once the start-up procedures passed.  With no continuous
 * group, everything after the start-up tests is released untested (as
 * haveged's default "ta8b" does).  After a non-advisory failure, every
 * byte not yet released is discarded, olt_push() returns -EIO until
 * olt_reset(), and olt_reset() starts over with the start-up tests.
 */
#ifndef HAVEGE_OLT_H
#define HAVEGE_OLT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ais31.h"

/* a<n>: n at most 8, T5 in every 256th of the 257 rounds */
#define OLT_A_CYCLE_MAX	8U

/* haveged's defaults (daemon: "ta8bcb"; otherwise "ta8b"). */
#define OLT_SPEC_HAVEGED	"ta8b"
/*
 * Our daemon's default: every served byte is covered by a procedure A
 * (with T5 in every round, as AIS 31 requires) or B that passed.
 */
#define OLT_SPEC_DAEMON		"tabcab"

/* Bytes olt_push() may hold back before it refuses more (-ENOBUFS). */
#define OLT_MAX_PENDING		(32U << 20)

/**
 * struct olt_group - the procedures of one stage
 * @a: run procedure A
 * @b: run procedure B
 * @a_every: T5 cadence of A (1: every round)
 * @a_warn: A is advisory
 * @b_warn: B is advisory
 */
struct olt_group {
	bool a;
	bool b;
	unsigned int a_every;
	bool a_warn;
	bool b_warn;
};

/**
 * struct olt_config - a parsed specification
 * @tot: start-up procedures
 * @cont: continuous procedures, cycled
 */
struct olt_config {
	struct olt_group tot;
	struct olt_group cont;
};

enum olt_stage {
	OLT_TOT,		/* start-up tests */
	OLT_CONT,		/* continuous tests */
	OLT_FAILED,		/* a non-advisory procedure failed */
};

/**
 * struct olt_result - one procedure verdict, for logging
 * @stage: OLT_TOT or OLT_CONT
 * @proc: 'A' or 'B'
 * @verdict: AIS31_PASS or AIS31_FAIL
 * @warn: the procedure is advisory (a failure stops nothing)
 * @runs: runs used (2 after a retry)
 * @mask: checks (enum ais31_check bits) that failed, per run
 * @first_round: procedure A: first round with a T1..T5 failure, per run
 * @start: stream position of the procedure's first bit
 * @bits: bits the procedure consumed (both runs)
 */
struct olt_result {
	enum olt_stage stage;
	char proc;
	enum ais31_verdict verdict;
	bool warn;
	unsigned int runs;
	uint32_t mask[2];
	uint32_t first_round[2];
	uint64_t start;
	uint64_t bits;
};

/* Called by olt_push() after every procedure verdict. */
typedef void (*olt_report_fn)(void *arg, const struct olt_result *r);

/**
 * struct olt_counters - byte counters of the engine
 * @pushed: bytes given to olt_push()
 * @released: bytes made available to olt_pull()
 * @pulled: bytes taken by olt_pull()
 * @discarded: bytes thrown away (failed tests, olt_reset())
 * @tested_bits: bits consumed by completed procedures
 * @tot_passes: start-up stages passed
 */
struct olt_counters {
	uint64_t pushed;
	uint64_t released;
	uint64_t pulled;
	uint64_t discarded;
	uint64_t tested_bits;
	uint64_t tot_passes;
};

/**
 * struct olt - engine state (allocate with olt_new())
 * @cfg: the specification
 * @lsb: bit order of the tests
 * @report: verdict callback or NULL
 * @report_arg: its argument
 * @a: procedure A (per-test counters in a.st, statistics in a.last_stat)
 * @b: procedure B
 * @stage: current stage
 * @cur: current procedure, 'A' or 'B'; 0 when the stage has none
 * @buf: bytes pushed and not yet pulled
 * @cap: size of @buf
 * @head: first byte not yet pulled
 * @rel: end of the released bytes
 * @len: end of the pushed bytes
 * @tbit: next bit to test, relative to buf[0]
 * @pstart: stream bit where the current procedure started
 * @base: stream bit of buf[0]
 * @cnt: byte counters
 * @last: the last verdict
 * @last_fail: the last failed verdict (advisory or not)
 */
struct olt {
	struct olt_config cfg;
	bool lsb;
	olt_report_fn report;
	void *report_arg;
	struct ais31_a a;
	struct ais31_b b;
	enum olt_stage stage;
	char cur;
	uint8_t *buf;
	size_t cap;
	size_t head;
	size_t rel;
	size_t len;
	size_t tbit;
	uint64_t pstart;
	uint64_t base;
	struct olt_counters cnt;
	struct olt_result last;
	struct olt_result last_fail;
};

int olt_parse(const char *spec, struct olt_config *cfg, size_t *errpos);
int olt_new(struct olt **out, const char *spec, bool lsb, size_t *errpos);
void olt_set_report(struct olt *o, olt_report_fn fn, void *arg);
void olt_free(struct olt *o);
void olt_reset(struct olt *o);
int olt_push(struct olt *o, const void *data, size_t len);
size_t olt_pull(struct olt *o, void *out, size_t max);
size_t olt_ready(const struct olt *o);
size_t olt_pending(const struct olt *o);
enum olt_stage olt_stage(const struct olt *o);
const char *olt_stage_name(enum olt_stage s);
const struct ais31_stats *olt_proc_stats(const struct olt *o, char proc);
int olt_result_detail(const struct olt_result *r, char *buf, size_t len);

#endif /* HAVEGE_OLT_H */
