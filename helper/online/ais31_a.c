// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_a.c - AIS 31 procedure A (spec section 3): T0 on 65536 48-bit
 * words, then 257 rounds of T1..T5, each round on one 20000-bit block, and
 * the retry rule of section 2.
 *
 * A run is a sequence of steps, each fed exactly its bits:
 *   steps 0..1023      T0, 3072 bits (64 words of 48 bits) each
 *   steps 1024..1280   rounds 1..257, 20000 bits each
 * so a run consumes 3 145 728 + 257 * 20000 = 8 285 728 bits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ais31.h"

#define A_T0_CHUNK	3072U			/* bits per T0 step */
#define A_T0_STEPS	(AIS31_T0_BITS / A_T0_CHUNK)	/* 1024 */
#define A_STEPS		(A_T0_STEPS + AIS31_ROUNDS)

/* T0 set: 2^17 slots for 2^16 keys keeps linear probing short. */
#define T0_SET_ORDER	17U
#define T0_SET_SIZE	(1U << T0_SET_ORDER)

/**
 * ais31_a_init() - set up procedure A
 * @a: state
 * @t5_every: run T5 in every n-th round only (1 = every round, AIS 31)
 *
 * Return: 0, -EINVAL for @t5_every outside 1..257, -ENOMEM.
 */
int ais31_a_init(struct ais31_a *a, unsigned int t5_every)
{
	memset(a, 0, sizeof(*a));
	if (!t5_every || t5_every > AIS31_ROUNDS)
		return -EINVAL;
	a->t0_set = calloc(T0_SET_SIZE, sizeof(*a->t0_set));
	if (!a->t0_set)
		return -ENOMEM;
	a->t5_every = t5_every;
	a->first = 0;
	a->last = A_STEPS;
	ais31_a_restart(a);
	return 0;
}

/**
 * ais31_a_free() - release procedure A's memory
 * @a: state set up by ais31_a_init(), or zeroed; may be NULL
 */
void ais31_a_free(struct ais31_a *a)
{
	if (!a)
		return;
	free(a->t0_set);
	a->t0_set = NULL;
}

/**
 * ais31_a_set_every() - change the T5 cadence for the next procedure
 * @a: state
 * @t5_every: 1..257
 *
 * Return: 0 or -EINVAL.
 */
int ais31_a_set_every(struct ais31_a *a, unsigned int t5_every)
{
	if (!t5_every || t5_every > AIS31_ROUNDS)
		return -EINVAL;
	a->t5_every = t5_every;
	return 0;
}

/**
 * ais31_a_single() - run one test once, without retry ("tests" mode)
 * @a: state
 * @t: T0 (first 3 145 728 bits) or T1..T5 (first 20000 bits)
 *
 * Restarts the procedure.  Return: 0, or -EINVAL for a test of B.
 */
int ais31_a_single(struct ais31_a *a, enum ais31_test t)
{
	if (t > AIS31_T5)
		return -EINVAL;
	a->first = t == AIS31_T0 ? 0 : A_T0_STEPS;
	a->last = t == AIS31_T0 ? A_T0_STEPS : A_T0_STEPS + 1;
	a->t5_every = 1;
	ais31_a_restart(a);
	a->r.retry = false;
	a->r.only = ais31_test_checks(t);
	return 0;
}

/* Start a run at the first step. */
static void ais31_a_run_start(struct ais31_a *a)
{
	ais31_run_start(&a->r, &a->st);
	a->step = a->first;
	a->fill = 0;
}

/**
 * ais31_a_restart() - start a new procedure at the next bit of input
 * @a: state; the counters in a->st are kept
 */
void ais31_a_restart(struct ais31_a *a)
{
	memset(&a->r, 0, sizeof(a->r));
	a->r.retry = a->first == 0 && a->last == A_STEPS;
	a->r.only = (1U << AIS31_NCHECKS) - 1;
	ais31_a_run_start(a);
}

/* Insert one 48-bit word into the T0 set; true if it was already there. */
static bool ais31_t0_insert(uint64_t *set, uint64_t key)
{
	uint64_t h = (key * 0x9e3779b97f4a7c15ULL) >> (64 - T0_SET_ORDER);

	while (set[h]) {
		if (set[h] == key + 1)
			return true;
		h = (h + 1) & (T0_SET_SIZE - 1);
	}
	set[h] = key + 1;
	return false;
}

/* T0 (spec 3.2): one chunk of 64 words; the verdict after the last one. */
static void ais31_a_t0(struct ais31_a *a)
{
	unsigned int i;

	if (a->step == 0) {
		memset(a->t0_set, 0, T0_SET_SIZE * sizeof(*a->t0_set));
		a->last_stat.t0_dups = 0;
	}
	for (i = 0; i < A_T0_CHUNK / 48; i++) {
		uint64_t key = ais31_get64(a->acc, 48 * i) >> 16;

		a->last_stat.t0_dups += ais31_t0_insert(a->t0_set, key);
	}
	if (a->step + 1 < A_T0_STEPS)
		return;
	ais31_run_eval(&a->r, &a->st, AIS31_C_T0);
	if (a->last_stat.t0_dups)
		ais31_run_fail(&a->r, &a->st, AIS31_C_T0, 0);
}

/* Count one evaluation of check c in round and its failure. */
static void ais31_a_check(struct ais31_a *a, enum ais31_check c, bool pass,
			  uint32_t round)
{
	ais31_run_eval(&a->r, &a->st, c);
	if (!pass)
		ais31_run_fail(&a->r, &a->st, c, round);
}

/* One round: T1..T4 always, T5 in rounds 1, 1 + n, 1 + 2n, ... */
static void ais31_a_round(struct ais31_a *a)
{
	struct ais31_last *l = &a->last_stat;
	uint32_t r = a->step - A_T0_STEPS;

	l->t1_ones = ais31_t1_ones(a->acc);
	ais31_a_check(a, AIS31_C_T1, ais31_t1_pass(l->t1_ones), r + 1);
	l->t2_sum = ais31_t2_sum(a->acc);
	ais31_a_check(a, AIS31_C_T2, ais31_t2_pass(l->t2_sum), r + 1);
	l->t4_longest = ais31_t34_runs(a->acc, l->t3_runs);
	ais31_a_check(a, AIS31_C_T3, ais31_t3_pass(l->t3_runs), r + 1);
	ais31_a_check(a, AIS31_C_T4, ais31_t4_pass(l->t4_longest), r + 1);
	if (r % a->t5_every || !(a->r.only & (1U << AIS31_C_T5)))
		return;
	l->t5_z = ais31_t5_z(a->acc, &l->t5_tau);
	ais31_a_check(a, AIS31_C_T5, ais31_t5_pass(l->t5_z), r + 1);
}

/**
 * ais31_a_insert() - feed bits to procedure A
 * @a: state
 * @in: cursor; advanced by exactly the bits the procedure used
 *
 * Return: AIS31_MORE if @in ran out first, else the verdict (also on every
 * later call, until ais31_a_restart()).
 */
int ais31_a_insert(struct ais31_a *a, struct ais31_in *in)
{
	while (a->r.verdict == AIS31_MORE) {
		size_t need = a->step < A_T0_STEPS ? A_T0_CHUNK :
						     AIS31_BLOCK_BITS;
		size_t pos = in->pos;

		a->fill = ais31_gather(a->acc, a->fill, need, in);
		a->r.bits += in->pos - pos;
		a->st.bits += in->pos - pos;
		if (a->fill < need)
			return AIS31_MORE;
		a->fill = 0;
		if (a->step < A_T0_STEPS)
			ais31_a_t0(a);
		else
			ais31_a_round(a);
		if (++a->step < a->last)
			continue;
		a->run_stat[a->r.run - 1] = a->last_stat;
		if (ais31_run_end(&a->r, &a->st))
			ais31_a_run_start(a);
	}
	return a->r.verdict;
}
