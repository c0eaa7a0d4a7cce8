// SPDX-License-Identifier: GPL-2.0
/*
 * collector.c: an original implementation of the HAVEGE collector
 * (Seznec and Sendrier, "HAVEGE: a user-level software heuristic for
 * generating empirically strong random numbers", 2003).
 *
 * One step reads the timer once and
 *  - runs a loop whose trip count depends on fresh timer bits, so the
 *    branch predictor mispredicts a data-dependent number of times;
 *  - reads two 4-word blocks of the walk table, one in each half, at
 *    addresses that depend on earlier timer values, so whether they hit
 *    L1D depends on the walk's history (the table is twice the L1D);
 *  - XORs the eight words into the collection buffer and writes them
 *    back rotated, crossing halves and lanes, mixed by an addition and
 *    XORed with the timer value, so timer bits spread through the whole
 *    table over time;
 *  - moves both pointers using the words read and the timer value.
 *
 * The plain `for` loop over steps is unrolled by the compiler in blocks of
 * `unroll` steps, chosen at run time from a few compiled variants so the
 * loop body roughly fills the L1 instruction cache (docs/collector.md).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "collector.h"

/*
 * The unrolled walks are tens of KiB of straight-line code; tracking every
 * variable's location through them for -g costs gcc a minute of CPU per
 * build and is abandoned anyway ("variable tracking size limit exceeded").
 * Line information stays; only variable locations in these loops go.
 */
#pragma GCC optimize("no-var-tracking-assignments")

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

/*
 * Bytes of machine code one unrolled step takes, measured with objdump on
 * gcc 12 -O2 (x86-64 ~ 260, aarch64 ~ 300); used only to pick the unroll
 * factor, so a rough figure is enough.
 */
#define COLLECTOR_STEP_CODE	256U
#define COLLECTOR_MAX_BRANCH	8U	/* cap of the data-dependent loop */

static __always_inline uint32_t collector_rotr(uint32_t v, unsigned int n)
{
	return (v >> (n & 31U)) | (v << ((32U - n) & 31U));
}

/*
 * A loop with a data-dependent trip count (0 to COLLECTOR_MAX_BRANCH):
 * its exit branch is what the predictor keeps getting wrong.  Its result
 * feeds the rotations, so the compiler cannot drop it.
 */
static __always_inline unsigned int collector_branches(uint32_t x)
{
	unsigned int n = 0;

	while ((x & 1U) && n < COLLECTOR_MAX_BRANCH) {
		x = (x >> 1) ^ (x >> 7);
		n++;
	}
	return n;
}

/* One HAVEGE step: fold timer value @t into 8 words at @out. */
static __always_inline void collector_step(struct collector_walk *w,
					   uint32_t *out, uint32_t t)
{
	uint32_t *lo = w->tab + (w->p1 & w->mask);
	uint32_t *hi = w->tab + w->half + (w->p2 & w->mask);
	unsigned int n = collector_branches(t ^ (w->p1 >> 11));
	uint32_t x[4], y[4];
	unsigned int k;

	for (k = 0; k < 4; k++) {
		x[k] = lo[k];
		y[k] = hi[k];
		out[k] ^= x[k];
		out[4 + k] ^= y[k];
	}
	for (k = 0; k < 4; k++) {
		/*
		 * Cross the halves and the lanes, and add (carries are the
		 * only non-linear mixing): with plain per-lane XORs every
		 * lane stayed its own linear chain of timer values, and
		 * dieharder's rgb_bitdist (1-bit) failed on the output.
		 */
		lo[k] = collector_rotr(y[(k + 1) & 3U], 2 * k + 1 + n) ^ t;
		hi[k] = collector_rotr(x[k] + y[k], 2 * k + 9) ^ t;
	}
	w->p1 = collector_rotr(x[1] ^ t, 11) + y[2];
	w->p2 = collector_rotr(y[3] + t, 5) ^ x[2];
}

#if defined(__x86_64__)
static __always_inline uint64_t collector_native_read(void)
{
	return __rdtsc();
}

#define COLLECTOR_NATIVE_TIMER	(&timer_tsc)
#elif defined(__aarch64__)
static __always_inline uint64_t collector_native_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

#define COLLECTOR_NATIVE_TIMER	(&timer_cntvct)
#else
static __always_inline uint64_t collector_native_read(void)
{
	return 0;
}

#define COLLECTOR_NATIVE_TIMER	NULL
#endif

/*
 * The walk over one refill.  @unroll and @native are constants in every
 * caller, so each caller is its own specialised loop: the inner loop is
 * unrolled @unroll times and, with @native, the timer read is inlined
 * instead of called through the ops.
 */
static __always_inline void collector_walk(struct collector *c,
					   unsigned int unroll, bool native)
{
	const struct timer_ops *ops = c->timer.ops;
	struct collector_walk w = c->walk;
	uint32_t *out = c->buf;
	size_t i, k;
	uint64_t t;

	for (i = 1; i <= c->steps; i += unroll) {
#pragma GCC unroll 256
		for (k = 0; k < unroll; k++) {
			t = native ? collector_native_read() :
				     ops->read(c->timer.ctx);
			c->ticks[i + k] = t;
			collector_step(&w, out, (uint32_t)t);
			out += COLLECTOR_WORDS_PER_STEP;
		}
	}
	c->walk = w;
}

static void collector_walk_8(struct collector *c)
{
	collector_walk(c, 8, false);
}

static void collector_walk_32(struct collector *c)
{
	collector_walk(c, 32, false);
}

static void collector_walk_128(struct collector *c)
{
	collector_walk(c, 128, false);
}

static void collector_walk_native_8(struct collector *c)
{
	collector_walk(c, 8, true);
}

static void collector_walk_native_32(struct collector *c)
{
	collector_walk(c, 32, true);
}

static void collector_walk_native_128(struct collector *c)
{
	collector_walk(c, 128, true);
}

struct collector_variant {
	unsigned int unroll;
	void (*walk)(struct collector *c);
	void (*walk_native)(struct collector *c);
};

/* Largest first; steps per refill is a multiple of 128. */
static const struct collector_variant collector_variants[] = {
	{ 128, collector_walk_128, collector_walk_native_128 },
	{ 32, collector_walk_32, collector_walk_native_32 },
	{ 8, collector_walk_8, collector_walk_native_8 },
};

#define COLLECTOR_NVARIANTS \
	(sizeof(collector_variants) / sizeof(collector_variants[0]))

static const struct collector_variant *collector_variant(unsigned int unroll)
{
	size_t i;

	for (i = 0; i < COLLECTOR_NVARIANTS - 1; i++)
		if (collector_variants[i].unroll == unroll)
			break;
	return &collector_variants[i];
}

/* The largest unrolled loop body that still fits into the L1I. */
static unsigned int collector_pick_unroll(uint32_t l1i_kib)
{
	size_t i;

	for (i = 0; i < COLLECTOR_NVARIANTS - 1; i++)
		if (collector_variants[i].unroll * COLLECTOR_STEP_CODE <=
		    (size_t)l1i_kib * 1024U)
			break;
	return collector_variants[i].unroll;
}

/*
 * One raw health sample: the low bytes of COLLECTOR_DELTAS_PER_SAMPLE
 * consecutive timer deltas, packed.  A single delta carries little
 * min-entropy on some machines (about 1.4 bits on a KVM guest, whose TSC
 * moves in steps of 26), too little for the APT to tell a real timer from
 * one that cycles through a few values; eight of them in one sample turn
 * any period up to 8 (and many longer ones) into a value that repeats in
 * at least every eighth sample, which the APT at H = 4 (cutoff 62 of 512)
 * catches, while a working timer's samples almost never repeat.  A stuck
 * or coarse timer gives the same sample again and again (RCT, cutoff 6).
 */
static uint64_t collector_sample(const uint64_t *ticks)
{
	uint64_t s = 0;
	unsigned int k;

	for (k = 1; k <= COLLECTOR_DELTAS_PER_SAMPLE; k++)
		s = (s << 8) | ((ticks[k] - ticks[k - 1]) & 0xffU);
	return s;
}

/* Raw health: every sample of this refill through RCT and APT. */
static unsigned int collector_check(struct collector *c)
{
	unsigned int fail = 0;
	size_t i;

	for (i = 0; i < c->steps; i += COLLECTOR_DELTAS_PER_SAMPLE)
		fail |= health_insert(&c->health, collector_sample(c->ticks + i));
	if (health_state(&c->health) == HEALTH_FAILED)
		fail |= HEALTH_FAIL_RCT | HEALTH_FAIL_APT;
	return fail;
}

/**
 * collector_refill() - generate one new collection buffer
 * @c: collector
 *
 * Runs the walk over the whole buffer, then the raw health tests over the
 * timer deltas it used.  If a test fired, the buffer is discarded.
 *
 * Return: 0, or -EIO if a raw health test fired (HEALTH_FAIL_* bits are
 * added to c->raw_fail; the start-up test failing makes every later
 * refill fail too, until collector_init() again).
 */
int collector_refill(struct collector *c)
{
	const struct collector_variant *v = collector_variant(c->unroll);
	unsigned int fail;

	c->ticks[0] = c->ticks[c->steps];
	if (c->timer.ops == COLLECTOR_NATIVE_TIMER)
		v->walk_native(c);
	else
		v->walk(c);
	c->refills++;
	fail = collector_check(c);
	if (fail) {
		c->raw_fail |= fail;
		c->discarded++;
		c->pos = c->buf_words * sizeof(uint32_t);
		return -EIO;
	}
	c->pos = 0;
	return 0;
}

static int collector_alloc(struct collector *c, uint32_t kwords,
			   uint32_t l1d_kib)
{
	size_t tab_words = (size_t)l1d_kib * 1024U * 2U / sizeof(uint32_t);

	c->buf_words = (size_t)kwords * 1024U;
	c->steps = c->buf_words / COLLECTOR_WORDS_PER_STEP;
	c->walk.half = (uint32_t)(tab_words / 2);
	/* Blocks of 4 words; half is a power of two (see collector_init). */
	c->walk.mask = (c->walk.half - 1U) & ~3U;
	c->walk.tab = calloc(tab_words, sizeof(uint32_t));
	c->buf = calloc(c->buf_words, sizeof(uint32_t));
	c->ticks = calloc(c->steps + 1, sizeof(uint64_t));
	if (!c->walk.tab || !c->buf || !c->ticks)
		return -ENOMEM;
	return 0;
}

/* Round down to a power of two, so the walk can mask instead of divide. */
static uint32_t collector_pow2(uint32_t v)
{
	while (v & (v - 1U))
		v &= v - 1U;
	return v;
}

/*
 * Warm up: walk until every table block was rewritten about 32 times and
 * the collection buffer was folded over at least twice, so the first
 * buffer handed out no longer shows the all-zero start (without this the
 * first 512 KiB have a visible bias).
 */
static int collector_warm(struct collector *c)
{
	size_t need = 32U * c->walk.half / 4U;
	size_t done;
	int r;

	if (need < 2U * c->steps)
		need = 2U * c->steps;
	c->ticks[c->steps] = timer_read(&c->timer);
	for (done = 0; done < need; done += c->steps) {
		r = collector_refill(c);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Set @c up on one timer: validate, allocate, warm up; undone on error. */
static int collector_try(struct collector *c,
			 const struct collector_config *cfg,
			 const struct timer_ops *ops, void *ctx)
{
	uint32_t kw = cfg->buf_kwords ? cfg->buf_kwords : COLLECTOR_DEFAULT_KWORDS;
	uint32_t l1d = cfg->l1d_kib ? cfg->l1d_kib : CPUTUNE_DEFAULT_L1D_KIB;
	uint32_t l1i = cfg->l1i_kib ? cfg->l1i_kib : CPUTUNE_DEFAULT_L1I_KIB;
	double h = cfg->health_h > 0.0 ? cfg->health_h : COLLECTOR_HEALTH_H;
	int r;

	memset(c, 0, sizeof(*c));
	if (kw > COLLECTOR_MAX_KWORDS || l1d < 1 || l1d > CPUTUNE_MAX_KIB ||
	    l1i > CPUTUNE_MAX_KIB)
		return -EINVAL;
	r = health_init(&c->health, h, false, 0);
	if (r < 0)
		return r;
	r = timer_open(&c->timer, ops, ctx);
	if (r < 0)
		return r;
	c->unroll = collector_pick_unroll(l1i);
	r = collector_alloc(c, kw, collector_pow2(l1d));
	if (r < 0)
		goto err_free;
	r = collector_warm(c);
	if (r < 0)
		goto err_free;
	return 0;

err_free:
	collector_free(c);
	return r;
}

/*
 * For "auto": a timer whose warm-up already came within a factor of two
 * of a raw test's cutoff passed start-up only by luck and would fail
 * later; a working counter stays far below (docs/collector.md).
 */
static bool collector_margin_ok(const struct collector *c)
{
	return 2U * c->health.apt_max <= c->health.apt_cutoff &&
	       2U * c->health.rct_max <= c->health.rct_cutoff;
}

/**
 * collector_init() - set a collector up and warm it
 * @c: collector to initialise (its previous contents are ignored)
 * @cfg: buffer size, timer and cache sizes; see struct collector_config
 *
 * With no timer named (or "auto"), the built-in timers are tried in
 * order of preference (timer_by_index()) and the first one that probes,
 * passes the raw start-up health test and stays below half of each
 * cutoff during warm-up is used: a counter that is too coarse for the
 * walk on this machine (aarch64's cntvct under qemu-user ticks at
 * 62.5 MHz) falls back to the next one.  A named timer is used
 * or refused, never replaced.
 *
 * On failure everything is released again; collector_free() is then a
 * no-op but still allowed.
 *
 * Return: 0; -EINVAL for a bad size or H; -ENOENT/-ENODEV for an unknown
 * or unavailable timer; -ENOMEM; -EIO if the timer (every timer, for
 * "auto") failed the raw start-up health test.
 */
int collector_init(struct collector *c, const struct collector_config *cfg)
{
	const char *name = cfg->timer_name;
	const struct timer_ops *ops;
	int r = -ENODEV;
	size_t i;

	if (cfg->timer_ops)
		return collector_try(c, cfg, cfg->timer_ops, cfg->timer_ctx);
	if (name && strcmp(name, "auto")) {
		ops = timer_find(name);
		if (!ops) {
			memset(c, 0, sizeof(*c));
			return -ENOENT;
		}
		return collector_try(c, cfg, ops, NULL);
	}
	for (i = 0; (ops = timer_by_index(i)); i++) {
		r = collector_try(c, cfg, ops, NULL);
		if (!r && !collector_margin_ok(c)) {
			collector_free(c);
			r = -EIO;
		}
		if (r != -ENODEV && r != -EIO)
			break;
	}
	return r;
}

/**
 * collector_fill() - copy collected bytes out, refilling as needed
 * @c: collector
 * @buf: destination
 * @len: bytes wanted
 *
 * Return: 0 when all @len bytes were written; -EIO when a raw health test
 * fired on a buffer (the bytes written before it are valid, the failing
 * buffer is dropped; a later call tries a fresh buffer).
 */
int collector_fill(struct collector *c, void *buf, size_t len)
{
	size_t have, n, total = c->buf_words * sizeof(uint32_t);
	uint8_t *dst = buf;
	int r;

	while (len) {
		if (c->pos >= total) {
			r = collector_refill(c);
			if (r < 0)
				return r;
		}
		have = total - c->pos;
		n = len < have ? len : have;
		memcpy(dst, (const uint8_t *)c->buf + c->pos, n);
		c->pos += n;
		dst += n;
		len -= n;
	}
	return 0;
}

/**
 * collector_free() - release a collector's memory
 * @c: collector, initialised or zeroed; NULL is allowed
 *
 * The buffers are wiped first: they held output that may have been used,
 * and the raw timer values it was made from.
 */
void collector_free(struct collector *c)
{
	if (!c)
		return;
	if (c->buf)
		explicit_bzero(c->buf, c->buf_words * sizeof(uint32_t));
	if (c->walk.tab)
		explicit_bzero(c->walk.tab, 2U * c->walk.half * sizeof(uint32_t));
	if (c->ticks)
		explicit_bzero(c->ticks, (c->steps + 1) * sizeof(uint64_t));
	free(c->buf);
	free(c->walk.tab);
	free(c->ticks);
	memset(c, 0, sizeof(*c));
}
