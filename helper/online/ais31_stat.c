// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_stat.c - the pass/fail bounds of every AIS 31 basic test, in the
 * integer form of the implementer specification, the test names, and the
 * retry rule shared by procedures A and B (spec section 2).
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "ais31.h"

/* T1 (spec 3.2): pass iff 9654 < n1 < 10346. */
#define AIS31_T1_LO	9655U
#define AIS31_T1_HI	10345U

/*
 * T2 (spec 3.2): X = 16/5000 * S - 5000, pass iff 1.03 < X < 57.4, i.e.
 * 1 562 821.875 < S < 1 580 437.5; S is even, so 1 562 822 <= S <= 1 580 437.
 */
#define AIS31_T2_LO	1562822U
#define AIS31_T2_HI	1580437U

/* T3 (spec 3.2): inclusive intervals for run lengths 1, 2, 3, 4, 5, >= 6. */
static const uint32_t ais31_t3_lo[6] = { 2267, 1079, 502, 223, 90, 90 };
static const uint32_t ais31_t3_hi[6] = { 2733, 1421, 748, 402, 223, 223 };

/* T4 (spec 3.2): fail iff a run of 34 or more bits occurs. */
#define AIS31_T4_FAIL	34U

/* T5 (spec 3.2): pass iff 2326 < Z < 2674. */
#define AIS31_T5_LO	2327U
#define AIS31_T5_HI	2673U

/* T6a (spec 4.3): |n1 / 100000 - 1/2| < 0.025, i.e. 47500 < n1 < 52500. */
#define AIS31_T6A_LO	47501U
#define AIS31_T6A_HI	52499U

/* T6b (spec 4.3): |ones[0] - ones[1]| / 100000 < 0.02, i.e. <= 1999. */
#define AIS31_T6B_MAX	1999U

/* T7 (spec 4.3): chi-square, 1 degree of freedom, alpha = 1e-4. */
#define AIS31_T7_MAX	15.13

/* T8 (spec 4.3): pass iff f_C > 7.976. */
#define AIS31_T8_MIN	7.976

static const char *const ais31_test_names[AIS31_NTESTS] = {
	"T0", "T1", "T2", "T3", "T4", "T5", "T6a", "T6b", "T7a", "T7b", "T8",
};

static const char *const ais31_check_names[AIS31_NCHECKS] = {
	"T0", "T1", "T2", "T3", "T4", "T5", "T6a", "T6b", "T7a_1", "T7a_2",
	"T7b_1", "T7b_2", "T7b_3", "T7b_4", "T8",
};

/** ais31_t1_pass() - T1 bound.  @ones: n1.  Return: pass. */
bool ais31_t1_pass(uint32_t ones)
{
	return ones >= AIS31_T1_LO && ones <= AIS31_T1_HI;
}

/** ais31_t2_pass() - T2 bound.  @sum: S.  Return: pass. */
bool ais31_t2_pass(uint32_t sum)
{
	return sum >= AIS31_T2_LO && sum <= AIS31_T2_HI;
}

/** ais31_t3_pass() - T3 bounds.  @runs: the 12 counts.  Return: pass. */
bool ais31_t3_pass(const uint32_t runs[2][6])
{
	unsigned int v, i;

	for (v = 0; v < 2; v++)
		for (i = 0; i < 6; i++)
			if (runs[v][i] < ais31_t3_lo[i] ||
			    runs[v][i] > ais31_t3_hi[i])
				return false;
	return true;
}

/** ais31_t4_pass() - T4 bound.  @longest: longest run.  Return: pass. */
bool ais31_t4_pass(uint32_t longest)
{
	return longest < AIS31_T4_FAIL;
}

/** ais31_t5_pass() - T5 bound.  @z: Z for tau0.  Return: pass. */
bool ais31_t5_pass(uint32_t z)
{
	return z >= AIS31_T5_LO && z <= AIS31_T5_HI;
}

/** ais31_t6a_pass() - T6a bound.  @ones: ones in 100000 bits.  Return: pass. */
bool ais31_t6a_pass(uint32_t ones)
{
	return ones >= AIS31_T6A_LO && ones <= AIS31_T6A_HI;
}

/**
 * ais31_t6b_pass() - T6b bound
 * @ones: counted pairs with second bit 1, for first bit 0 and 1
 * @done: both classes filled (false: the tuple cap hit, spec 4.1)
 *
 * Return: pass.
 */
bool ais31_t6b_pass(const uint32_t ones[2], bool done)
{
	uint32_t d = ones[0] > ones[1] ? ones[0] - ones[1] : ones[1] - ones[0];

	return done && d <= AIS31_T6B_MAX;
}

/**
 * ais31_t7_stat() - T7 statistic of one comparison (spec 4.3)
 * @a: ones of the first class (out of n = 100000)
 * @b: ones of the second class
 *
 * Return: T = (a - b)^2 (1/s + 1/(2n - s)), s = a + b; 0 if s is 0 or 2n.
 */
double ais31_t7_stat(uint32_t a, uint32_t b)
{
	double s = (double)a + (double)b, d = (double)a - (double)b;
	double n2 = 2.0 * AIS31_TUPLE_N;

	if (s == 0.0 || s == n2)
		return 0.0;
	return d * d * (1.0 / s + 1.0 / (n2 - s));
}

/**
 * ais31_t7_pass() - T7 bound of one comparison
 * @stat: ais31_t7_stat()
 * @done: the tuple collection filled every class
 *
 * Return: pass.
 */
bool ais31_t7_pass(double stat, bool done)
{
	return done && !(stat > AIS31_T7_MAX);
}

/** ais31_t8_pass() - T8 bound.  @fc: f_C.  Return: pass. */
bool ais31_t8_pass(double fc)
{
	return fc > AIS31_T8_MIN;
}

/**
 * ais31_test_name() - printable name of a test ("T0" ... "T8")
 * @t: test
 *
 * Return: static string.
 */
const char *ais31_test_name(enum ais31_test t)
{
	return (unsigned int)t < AIS31_NTESTS ? ais31_test_names[t] : "?";
}

/**
 * ais31_test_parse() - test from its name, case-insensitive
 * @name: "T0" ... "T5", "T6a", "T6b", "T7a", "T7b", "T8"
 * @t: result
 *
 * Return: 0, or -EINVAL for an unknown name.
 */
int ais31_test_parse(const char *name, enum ais31_test *t)
{
	unsigned int i;

	for (i = 0; i < AIS31_NTESTS; i++) {
		if (!strcasecmp(name, ais31_test_names[i])) {
			*t = (enum ais31_test)i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * ais31_check_name() - printable name of a basic test ("T7b_3", ...)
 * @c: check
 *
 * Return: static string.
 */
const char *ais31_check_name(enum ais31_check c)
{
	return (unsigned int)c < AIS31_NCHECKS ? ais31_check_names[c] : "?";
}

/**
 * ais31_test_checks() - the basic tests a test consists of
 * @t: test
 *
 * Return: mask of enum ais31_check bits.
 */
uint32_t ais31_test_checks(enum ais31_test t)
{
	switch (t) {
	case AIS31_T0:
	case AIS31_T1:
	case AIS31_T2:
	case AIS31_T3:
	case AIS31_T4:
	case AIS31_T5:
	case AIS31_T6A:
	case AIS31_T6B:
		return 1U << (unsigned int)t;
	case AIS31_T7A:
		return 3U << AIS31_C_T7A_1;
	case AIS31_T7B:
		return 15U << AIS31_C_T7B_1;
	case AIS31_T8:
		return 1U << AIS31_C_T8;
	case AIS31_NTESTS:
		break;
	}
	return 0;
}

/**
 * ais31_run_start() - begin a run of a procedure
 * @r: progress; r->run is 0 before the first run of a procedure
 * @st: counters
 */
void ais31_run_start(struct ais31_run *r, struct ais31_stats *st)
{
	r->run++;
	r->fails = 0;
	r->mask[r->run - 1] = 0;
	r->first_round[r->run - 1] = 0;
	memset(r->evals[r->run - 1], 0, sizeof(r->evals[0]));
	memset(r->nfails[r->run - 1], 0, sizeof(r->nfails[0]));
	st->runs++;
}

/**
 * ais31_run_eval() - count one evaluation of a basic test
 * @r: progress
 * @st: counters
 * @c: check
 */
void ais31_run_eval(struct ais31_run *r, struct ais31_stats *st,
		    enum ais31_check c)
{
	st->evals[c]++;
	r->evals[r->run - 1][c]++;
}

/**
 * ais31_run_fail() - count one failed basic test
 * @r: progress
 * @st: counters
 * @c: the check that failed
 * @round: procedure A round (1..257) or 0
 */
void ais31_run_fail(struct ais31_run *r, struct ais31_stats *st,
		    enum ais31_check c, uint32_t round)
{
	unsigned int i = r->run - 1;

	st->fails[c]++;
	r->nfails[i][c]++;
	if (!(r->only & (1U << (unsigned int)c)))
		return;
	r->fails++;
	if (round && !r->first_round[i])
		r->first_round[i] = round;
	r->mask[i] |= 1U << (unsigned int)c;
}

/**
 * ais31_run_end() - apply the retry rule at the end of a run (spec 2)
 * @r: progress; r->verdict is set when the procedure is decided
 * @st: counters
 *
 * Return: true if another run must follow (exactly one failure in the
 * first run and retries allowed).
 */
bool ais31_run_end(struct ais31_run *r, struct ais31_stats *st)
{
	if (r->fails == 1 && r->run == 1 && r->retry) {
		st->retries++;
		return true;
	}
	r->verdict = r->fails ? AIS31_FAIL : AIS31_PASS;
	st->procedures++;
	if (r->verdict == AIS31_PASS)
		st->passes++;
	else
		st->failures++;
	return false;
}
