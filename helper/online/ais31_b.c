// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_b.c - AIS 31 procedure B (spec section 4): T6a on 100000 bits,
 * T6b, T7a and T7b on disjoint pairs, triples and quadruples collected until
 * every class holds 100000 tuples (or the tuple cap of section 4.1 hits),
 * T8 (Coron) on 258560 bytes, and the retry rule of section 2.
 *
 * Each phase starts at the bit after the previous one, so the amount of
 * data is variable: 6 968 480 bits at least, 8 168 480 at most per run.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ais31.h"

enum {
	B_T6A,
	B_T6B,
	B_T7A,
	B_T7B,
	B_T8,
	B_PHASES,
};

#define B_CHUNK		4096U	/* bits per step of T6a and T8 */
#define B_TUPLE_CHUNK	4032U	/* a multiple of 2, 3 and 4 bits */

/* Section 4.1: stop after 1.25 * classes * 100000 tuples (the cap). */
#define B_CAP_PER_CLASS	125000U

#define T8_N		(AIS31_T8_Q + AIS31_T8_K)

/* Build G[1..Q+K] as spec 4.3 prescribes, for bit-exact f_C. */
static void ais31_b_g_table(double *g)
{
	uint32_t i;

	g[0] = 0.0;
	g[1] = 0.0;
	for (i = 1; i < T8_N; i++)
		g[i + 1] = g[i] + 1.0 / (double)i;
	for (i = 1; i <= T8_N; i++)
		g[i] /= log(2.0);
}

/**
 * ais31_b_init() - set up procedure B
 * @b: state
 *
 * Return: 0 or -ENOMEM.
 */
int ais31_b_init(struct ais31_b *b)
{
	memset(b, 0, sizeof(*b));
	b->g = malloc((T8_N + 1) * sizeof(*b->g));
	if (!b->g)
		return -ENOMEM;
	ais31_b_g_table(b->g);
	b->first = B_T6A;
	b->last = B_PHASES;
	ais31_b_restart(b);
	return 0;
}

/**
 * ais31_b_free() - release procedure B's memory
 * @b: state set up by ais31_b_init(), or zeroed; may be NULL
 */
void ais31_b_free(struct ais31_b *b)
{
	if (!b)
		return;
	free(b->g);
	b->g = NULL;
}

/* Reset the per-phase accumulators. */
static void ais31_b_phase_start(struct ais31_b *b, unsigned int phase)
{
	b->phase = phase;
	b->done = 0;
	b->fill = 0;
	b->t6a_ones = 0;
	b->t8_sum = 0.0;
	memset(b->cnt, 0, sizeof(b->cnt));
	memset(b->ones, 0, sizeof(b->ones));
	memset(b->t8_seen, 0, sizeof(b->t8_seen));
}

/**
 * ais31_b_single() - run one test once, without retry ("tests" mode)
 * @b: state
 * @t: T6a, T6b, T7a, T7b or T8, starting at the next bit
 *
 * Restarts the procedure.  Return: 0, or -EINVAL for a test of A.
 */
int ais31_b_single(struct ais31_b *b, enum ais31_test t)
{
	if (t < AIS31_T6A || t > AIS31_T8)
		return -EINVAL;
	b->first = B_T6A + (unsigned int)(t - AIS31_T6A);
	b->last = b->first + 1;
	ais31_b_restart(b);
	b->r.retry = false;
	b->r.only = ais31_test_checks(t);
	return 0;
}

/**
 * ais31_b_restart() - start a new procedure at the next bit of input
 * @b: state; the counters in b->st are kept
 */
void ais31_b_restart(struct ais31_b *b)
{
	memset(&b->r, 0, sizeof(b->r));
	b->r.retry = b->first == B_T6A && b->last == B_PHASES;
	b->r.only = (1U << AIS31_NCHECKS) - 1;
	ais31_run_start(&b->r, &b->st);
	ais31_b_phase_start(b, b->first);
}

/* Count one evaluation of check c and its failure. */
static void ais31_b_check(struct ais31_b *b, enum ais31_check c, bool pass)
{
	ais31_run_eval(&b->r, &b->st, c);
	if (!pass)
		ais31_run_fail(&b->r, &b->st, c, 0);
}

/* Tuples (k + 1 bits) that may be read now without passing the end. */
static uint32_t ais31_b_tuples(const struct ais31_b *b, unsigned int k)
{
	uint32_t classes = 1U << k, rem = 0, c, t;

	/* One tuple fills at most one slot: all classes need >= rem more. */
	for (c = 0; c < classes; c++)
		if (AIS31_TUPLE_N - b->cnt[c] > rem)
			rem = AIS31_TUPLE_N - b->cnt[c];
	t = B_CAP_PER_CLASS * classes - b->done;
	if (rem < t)
		t = rem;
	if (t > B_TUPLE_CHUNK / (k + 1))
		t = B_TUPLE_CHUNK / (k + 1);
	return t;
}

/* Bits the current step of the current phase needs. */
static size_t ais31_b_need(const struct ais31_b *b)
{
	uint32_t left;

	switch (b->phase) {
	case B_T6A:
		left = AIS31_T6A_BITS - b->done;
		return left < B_CHUNK ? left : B_CHUNK;
	case B_T8:
		left = AIS31_T8_BITS - b->done;
		return left < B_CHUNK ? left : B_CHUNK;
	default:
		return ais31_b_tuples(b, b->phase) * (b->phase + 1);
	}
}

/* Evaluate T6b / T7a / T7b once the collection of k-bit prefixes ended. */
static void ais31_b_tuples_eval(struct ais31_b *b, unsigned int k,
				bool done)
{
	struct ais31_last *l = &b->last_stat;
	unsigned int half = 1U << (k - 1), c;
	double *stat = k == 2 ? l->t7a_stat : l->t7b_stat;

	if (k == 1) {
		memcpy(l->t6b_ones, b->ones, sizeof(l->t6b_ones));
		l->t6b_done = done;
		l->t6b_tuples = b->done;
		ais31_b_check(b, AIS31_C_T6B, ais31_t6b_pass(b->ones, done));
		return;
	}
	if (k == 2) {
		memcpy(l->t7a_ones, b->ones, sizeof(l->t7a_ones));
		l->t7a_done = done;
		l->t7a_tuples = b->done;
	} else {
		memcpy(l->t7b_ones, b->ones, sizeof(l->t7b_ones));
		l->t7b_done = done;
		l->t7b_tuples = b->done;
	}
	/* Pair the classes whose prefixes differ in the first bit (4.3). */
	for (c = 0; c < half; c++) {
		enum ais31_check chk = (k == 2 ? AIS31_C_T7A_1 :
					AIS31_C_T7B_1) + c;

		stat[c] = done ? ais31_t7_stat(b->ones[c], b->ones[c + half]) :
				 NAN;
		ais31_b_check(b, chk, ais31_t7_pass(stat[c], done));
	}
}

/* Collect t tuples of k + 1 bits from acc (section 4.2). */
static bool ais31_b_collect(struct ais31_b *b, unsigned int k, uint32_t t)
{
	unsigned int classes = 1U << k, len = k + 1, full = 0;
	uint32_t i, c;

	for (i = 0; i < t; i++) {
		uint64_t v = ais31_get64(b->acc, (size_t)i * len) >> (64 - len);

		c = (uint32_t)(v >> 1);
		if (b->cnt[c] < AIS31_TUPLE_N) {
			b->cnt[c]++;
			b->ones[c] += (uint32_t)(v & 1);
		}
	}
	b->done += t;
	for (c = 0; c < classes; c++)
		full += b->cnt[c] == AIS31_TUPLE_N;
	return full == classes;
}

/* T6a step: count ones; verdict after 100000 bits. */
static bool ais31_b_t6a(struct ais31_b *b, size_t bits)
{
	size_t w;

	for (w = 0; w < (bits + 63) / 64; w++)
		b->t6a_ones += (uint32_t)__builtin_popcountll(b->acc[w]);
	b->done += (uint32_t)bits;
	if (b->done < AIS31_T6A_BITS)
		return false;
	b->last_stat.t6a_ones = b->t6a_ones;
	ais31_b_check(b, AIS31_C_T6A, ais31_t6a_pass(b->t6a_ones));
	return true;
}

/* T8 step: bytes w_n; A_n = n - (last n' < n with w_n' = w_n), or n. */
static bool ais31_b_t8(struct ais31_b *b, size_t bits)
{
	uint32_t n = b->done / 8, j;

	for (j = 0; j < bits / 8; j++) {
		unsigned int w = (unsigned int)(b->acc[j / 8] >>
						(56 - 8 * (j % 8))) & 0xff;

		n++;
		if (n > AIS31_T8_Q)
			b->t8_sum += b->g[b->t8_seen[w] ? n - b->t8_seen[w] :
							  n];
		b->t8_seen[w] = n;
	}
	b->done += (uint32_t)bits;
	if (b->done < AIS31_T8_BITS)
		return false;
	b->last_stat.t8_fc = b->t8_sum / AIS31_T8_K;
	ais31_b_check(b, AIS31_C_T8, ais31_t8_pass(b->last_stat.t8_fc));
	return true;
}

/* Process the step whose bits are in acc; true when the phase ended. */
static bool ais31_b_step(struct ais31_b *b, size_t bits)
{
	unsigned int k = b->phase;
	bool full;

	if (k == B_T6A)
		return ais31_b_t6a(b, bits);
	if (k == B_T8)
		return ais31_b_t8(b, bits);
	full = ais31_b_collect(b, k, (uint32_t)(bits / (k + 1)));
	if (!full && b->done < B_CAP_PER_CLASS << k)
		return false;
	ais31_b_tuples_eval(b, k, full);
	return true;
}

/**
 * ais31_b_insert() - feed bits to procedure B
 * @b: state
 * @in: cursor; advanced by exactly the bits the procedure used
 *
 * Return: AIS31_MORE if @in ran out first, else the verdict (also on every
 * later call, until ais31_b_restart()).
 */
int ais31_b_insert(struct ais31_b *b, struct ais31_in *in)
{
	while (b->r.verdict == AIS31_MORE) {
		size_t need = ais31_b_need(b), pos = in->pos;

		b->fill = ais31_gather(b->acc, b->fill, need, in);
		b->r.bits += in->pos - pos;
		b->st.bits += in->pos - pos;
		if (b->fill < need)
			return AIS31_MORE;
		b->fill = 0;
		if (!ais31_b_step(b, need))
			continue;
		if (b->phase + 1 < b->last) {
			ais31_b_phase_start(b, b->phase + 1);
			continue;
		}
		b->run_stat[b->r.run - 1] = b->last_stat;
		if (!ais31_run_end(&b->r, &b->st))
			break;
		ais31_run_start(&b->r, &b->st);
		ais31_b_phase_start(b, b->first);
	}
	return b->r.verdict;
}
