/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ais31.h - AIS 31 (v2, 2011) online test procedures A (T0..T5) and
 * B (T6..T8), streaming, exactly as docs/ais31.md and the project's
 * implementer specification ("AIS 31 online tests") define them.
 *
 * Both procedures are state machines fed with bits through a cursor
 * (struct ais31_in) in arbitrary chunks.  ais31_a_insert() and
 * ais31_b_insert() consume exactly the bits the procedure needs and no
 * more, so the caller knows where the next procedure starts (the cursor's
 * pos), and return AIS31_MORE until a verdict is reached.
 *
 * Bit order: MSB-first by default (byte 0x80 gives 1,0,0,...); with
 * ais31_in.lsb every byte is read LSB-first instead.  Multi-bit words are
 * read with their first bit as the most significant bit.
 *
 * No I/O, no logging, no globals; errors are negative errno.
 */
#ifndef HAVEGE_AIS31_H
#define HAVEGE_AIS31_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The tests, as named on the havege-ais31 command line. */
enum ais31_test {
	AIS31_T0,
	AIS31_T1,
	AIS31_T2,
	AIS31_T3,
	AIS31_T4,
	AIS31_T5,
	AIS31_T6A,
	AIS31_T6B,
	AIS31_T7A,
	AIS31_T7B,
	AIS31_T8,
	AIS31_NTESTS,
};

/*
 * The basic tests whose failures are counted (spec section 2): every T7
 * comparison counts on its own.  Bit i of a fail mask is check i.
 */
enum ais31_check {
	AIS31_C_T0,
	AIS31_C_T1,
	AIS31_C_T2,
	AIS31_C_T3,
	AIS31_C_T4,
	AIS31_C_T5,
	AIS31_C_T6A,
	AIS31_C_T6B,
	AIS31_C_T7A_1,		/* 00 vs 10 */
	AIS31_C_T7A_2,		/* 01 vs 11 */
	AIS31_C_T7B_1,		/* 000 vs 100 */
	AIS31_C_T7B_2,		/* 001 vs 101 */
	AIS31_C_T7B_3,		/* 010 vs 110 */
	AIS31_C_T7B_4,		/* 011 vs 111 */
	AIS31_C_T8,
	AIS31_NCHECKS,
};

enum ais31_verdict {
	AIS31_MORE,		/* needs more input */
	AIS31_PASS,
	AIS31_FAIL,
};

/* Data layout (spec sections 3.1 and 4.1), in bits. */
#define AIS31_T0_WORDS		65536U
#define AIS31_T0_BITS		(AIS31_T0_WORDS * 48U)		/* 3 145 728 */
#define AIS31_BLOCK_BITS	20000U
#define AIS31_ROUNDS		257U
#define AIS31_A_RUN_BITS	(AIS31_T0_BITS + AIS31_ROUNDS * AIS31_BLOCK_BITS)
#define AIS31_T6A_BITS		100000U
#define AIS31_TUPLE_N		100000U
#define AIS31_T8_Q		2560U
#define AIS31_T8_K		256000U
#define AIS31_T8_BITS		((AIS31_T8_Q + AIS31_T8_K) * 8U)	/* 2 068 480 */
#define AIS31_B_RUN_MIN_BITS	6968480U
#define AIS31_B_RUN_MAX_BITS	8168480U	/* with the tuple cap */

/**
 * struct ais31_in - read cursor over a byte buffer, in bits
 * @buf: the bytes
 * @pos: next bit to read (bit 0 is the first bit of buf[0])
 * @end: bits available (normally 8 * length)
 * @lsb: read each byte least significant bit first
 */
struct ais31_in {
	const uint8_t *buf;
	size_t pos;
	size_t end;
	bool lsb;
};

/**
 * struct ais31_last - statistics of the most recent evaluation of each test
 * @t0_dups: T0: 65536 minus the number of distinct 48-bit words
 * @t1_ones: T1: ones in the block
 * @t2_sum: T2: S = sum of the squared nibble counts
 * @t3_runs: T3: runs of zeros [0] and ones [1] of length 1..5 and >= 6
 * @t4_longest: T4: longest run in the block
 * @t5_tau: T5: the selected shift tau0
 * @t5_z: T5: Z on the second half of the block for tau0
 * @t6a_ones: T6a: ones in 100000 bits
 * @t6b_ones: T6b: counted pairs with next bit 1, per class
 * @t7a_ones: T7a: counted triples with next bit 1, per class
 * @t7b_ones: T7b: counted quadruples with next bit 1, per class
 * @t7a_stat: T7a: chi-square statistic of each comparison (NaN if starved)
 * @t7b_stat: T7b: same for the four comparisons
 * @t6b_tuples: tuples read by T6b (counted or not)
 * @t7a_tuples: tuples read by T7a
 * @t7b_tuples: tuples read by T7b
 * @t6b_done: T6b filled all classes (false: the tuple cap hit first)
 * @t7a_done: T7a filled all classes
 * @t7b_done: T7b filled all classes
 * @t8_fc: T8: Coron's f_C
 */
struct ais31_last {
	uint32_t t0_dups;
	uint32_t t1_ones;
	uint32_t t2_sum;
	uint32_t t3_runs[2][6];
	uint32_t t4_longest;
	uint32_t t5_tau;
	uint32_t t5_z;
	uint32_t t6a_ones;
	uint32_t t6b_ones[2];
	uint32_t t7a_ones[4];
	uint32_t t7b_ones[8];
	double t7a_stat[2];
	double t7b_stat[4];
	uint32_t t6b_tuples;
	uint32_t t7a_tuples;
	uint32_t t7b_tuples;
	bool t6b_done;
	bool t7a_done;
	bool t7b_done;
	double t8_fc;
};

/**
 * struct ais31_stats - cumulative counters of one procedure object
 * @procedures: verdicts reached
 * @passes: procedures passed (with or without a retry)
 * @retries: runs with exactly one failure that were repeated
 * @failures: procedures failed
 * @runs: runs started
 * @bits: bits consumed
 * @evals: times each check was evaluated
 * @fails: times each check failed
 */
struct ais31_stats {
	uint64_t procedures;
	uint64_t passes;
	uint64_t retries;
	uint64_t failures;
	uint64_t runs;
	uint64_t bits;
	uint64_t evals[AIS31_NCHECKS];
	uint64_t fails[AIS31_NCHECKS];
};

/**
 * struct ais31_run - progress of the current procedure (shared by A and B)
 * @retry: a run with one failure is repeated (false in single-test mode)
 * @only: the checks that count (all but in single-test mode)
 * @run: current run, 1 or 2
 * @fails: failures counted in the current run (F of spec section 2)
 * @mask: checks that failed in each run (bit per enum ais31_check)
 * @first_round: procedure A: round of the first T1..T5 failure, per run
 * @evals: evaluations of each check, per run
 * @nfails: failures of each check, per run
 * @verdict: AIS31_MORE until the procedure is decided
 * @bits: bits consumed by the current procedure, both runs
 */
struct ais31_run {
	bool retry;
	uint32_t only;
	unsigned int run;
	unsigned int fails;
	uint32_t mask[2];
	uint32_t first_round[2];
	uint32_t evals[2][AIS31_NCHECKS];
	uint32_t nfails[2][AIS31_NCHECKS];
	enum ais31_verdict verdict;
	uint64_t bits;
};

/* Accumulator sizes, in 64-bit words (one spare word for 64-bit reads). */
#define AIS31_A_ACC_WORDS	(AIS31_BLOCK_BITS / 64U + 2U)
#define AIS31_B_ACC_WORDS	(4096U / 64U + 1U)

/**
 * struct ais31_a - procedure A (T0, then 257 rounds of T1..T5)
 * @t5_every: T5 runs in rounds 1, 1 + n, 1 + 2n, ... (haveged's a<n>);
 *	1 (every round) is what AIS 31 requires
 * @first: first step of a run (0 = T0, see ais31_a.c)
 * @last: one past the last step of a run
 * @step: current step
 * @fill: bits in @acc
 * @acc: the bits of the current step, first bit = MSB of acc[0]
 * @t0_set: open-addressing hash set of the T0 words (key + 1; 0 = empty)
 * @r: progress of the procedure
 * @last_stat: statistics of the last evaluation of each test
 * @run_stat: @last_stat as it was at the end of each run
 * @st: cumulative counters
 */
struct ais31_a {
	unsigned int t5_every;
	unsigned int first;
	unsigned int last;
	unsigned int step;
	size_t fill;
	uint64_t acc[AIS31_A_ACC_WORDS];
	uint64_t *t0_set;
	struct ais31_run r;
	struct ais31_last last_stat;
	struct ais31_last run_stat[2];
	struct ais31_stats st;
};

/**
 * struct ais31_b - procedure B (T6a, T6b, T7a, T7b, T8)
 * @first: first phase of a run (0 = T6a ... 4 = T8)
 * @last: one past the last phase of a run
 * @phase: current phase
 * @done: bits (T6a, T8) or tuples (T6b, T7) of the current phase so far
 * @cnt: counted tuples per class
 * @ones: counted tuples with next bit 1 per class
 * @t6a_ones: running count of T6a
 * @t8_seen: T8: index n of the last occurrence of each byte value (0: none)
 * @t8_sum: T8: running sum of G[A_n]
 * @g: T8 table G[1..Q+K] (spec section 4.3), built by ais31_b_init()
 * @fill: bits in @acc
 * @acc: the bits of the current step
 * @r: progress of the procedure
 * @last_stat: statistics of the last evaluation of each test
 * @run_stat: @last_stat as it was at the end of each run
 * @st: cumulative counters
 */
struct ais31_b {
	unsigned int first;
	unsigned int last;
	unsigned int phase;
	uint32_t done;
	uint32_t cnt[8];
	uint32_t ones[8];
	uint32_t t6a_ones;
	uint32_t t8_seen[256];
	double t8_sum;
	double *g;
	size_t fill;
	uint64_t acc[AIS31_B_ACC_WORDS];
	struct ais31_run r;
	struct ais31_last last_stat;
	struct ais31_last run_stat[2];
	struct ais31_stats st;
};

/* ais31_bits.c */
size_t ais31_gather(uint64_t *acc, size_t fill, size_t need,
		    struct ais31_in *in);

/*
 * 64 bits of a word accumulator from bit pos on, the first one as the MSB;
 * the word after the one holding bit pos must be readable.
 */
static inline uint64_t ais31_get64(const uint64_t *acc, size_t pos)
{
	size_t w = pos / 64;
	unsigned int s = (unsigned int)(pos % 64);

	if (!s)
		return acc[w];
	return (acc[w] << s) | (acc[w + 1] >> (64 - s));
}

/* ais31_stat.c */
bool ais31_t1_pass(uint32_t ones);
bool ais31_t2_pass(uint32_t sum);
bool ais31_t3_pass(const uint32_t runs[2][6]);
bool ais31_t4_pass(uint32_t longest);
bool ais31_t5_pass(uint32_t z);
bool ais31_t6a_pass(uint32_t ones);
bool ais31_t6b_pass(const uint32_t ones[2], bool done);
double ais31_t7_stat(uint32_t a, uint32_t b);
bool ais31_t7_pass(double stat, bool done);
bool ais31_t8_pass(double fc);
const char *ais31_test_name(enum ais31_test t);
int ais31_test_parse(const char *name, enum ais31_test *t);
const char *ais31_check_name(enum ais31_check c);
uint32_t ais31_test_checks(enum ais31_test t);
void ais31_run_start(struct ais31_run *r, struct ais31_stats *st);
void ais31_run_fail(struct ais31_run *r, struct ais31_stats *st,
		    enum ais31_check c, uint32_t round);
void ais31_run_eval(struct ais31_run *r, struct ais31_stats *st,
		    enum ais31_check c);
bool ais31_run_end(struct ais31_run *r, struct ais31_stats *st);

/* ais31_block.c: the per-block statistics T1..T4 of procedure A */
uint32_t ais31_t1_ones(const uint64_t *blk);
uint32_t ais31_t2_sum(const uint64_t *blk);
uint32_t ais31_t34_runs(const uint64_t *blk, uint32_t runs[2][6]);

/* ais31_t5.c: T5, with a way to count bits that suits the CPU */
enum ais31_t5_impl {
	AIS31_T5_AUTO,		/* popcnt if the CPU has it, else csa */
	AIS31_T5_POPCNT,	/* one popcount per 64 bit pairs */
	AIS31_T5_CSA,		/* carry-save adders, no popcount instruction */
};

int ais31_t5_lags(const uint64_t *blk, enum ais31_t5_impl impl, uint32_t *z);
uint32_t ais31_t5_z(const uint64_t *blk, uint32_t *tau0);

/* ais31_a.c */
int ais31_a_init(struct ais31_a *a, unsigned int t5_every);
void ais31_a_free(struct ais31_a *a);
int ais31_a_set_every(struct ais31_a *a, unsigned int t5_every);
int ais31_a_single(struct ais31_a *a, enum ais31_test t);
void ais31_a_restart(struct ais31_a *a);
int ais31_a_insert(struct ais31_a *a, struct ais31_in *in);

/* ais31_b.c */
int ais31_b_init(struct ais31_b *b);
void ais31_b_free(struct ais31_b *b);
int ais31_b_single(struct ais31_b *b, enum ais31_test t);
void ais31_b_restart(struct ais31_b *b);
int ais31_b_insert(struct ais31_b *b, struct ais31_in *in);

#endif /* HAVEGE_AIS31_H */
