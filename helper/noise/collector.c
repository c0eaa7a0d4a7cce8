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

/*
 * One HAVEGE step: fold timer value @t into 8 words at @out.  Returns the
 * trip count of its branch loop, the key of the residual mapping.
 */
static __always_inline unsigned int collector_step(struct collector_walk *w,
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
	return n;
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
	uint64_t *ticks = c->ticks;
	/* A local copy: stores through uint8_t * would reload c's fields. */
	uint8_t *trips = c->trips;
	size_t i, k, steps = c->steps;
	uint64_t t;

	for (i = 1; i <= steps; i += unroll) {
#pragma GCC unroll 256
		for (k = 0; k < unroll; k++) {
			t = native ? collector_native_read() :
				     ops->read(c->timer.ctx);
			ticks[i + k] = t;
			trips[i + k] = (uint8_t)collector_step(&w, out,
							       (uint32_t)t);
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
 * Key of delta i (ticks[i] - ticks[i - 1], 2 <= i <= steps): the trip count
 * of step i - 1, which ran between the two reads, and whether read i is
 * the first of an unrolled block, i.e. the delta also holds the outer
 * loop's back edge (unroll is a power of two).
 */
static __always_inline unsigned int collector_key(const struct collector *c,
						  size_t i)
{
	return c->trips[i - 1] +
	       (((i - 1) & (c->unroll - 1U)) ? 0U : COLLECTOR_BRANCH_KEYS);
}

/* Warm-up: the refill's deltas into the reference ring, packed. */
static void collector_ref_collect(struct collector *c)
{
	uint64_t d, dmax = (UINT64_C(1) << 56) - 1U;
	size_t i;

	for (i = 2; i <= c->steps; i++) {
		d = c->ticks[i] - c->ticks[i - 1];
		c->ref_buf[c->ref_pos] = (uint64_t)collector_key(c, i) << 56 |
					 (d < dmax ? d : dmax);
		c->ref_pos = (c->ref_pos + 1U) % COLLECTOR_REF_SAMPLES;
		if (c->ref_len < COLLECTOR_REF_SAMPLES)
			c->ref_len++;
	}
}

/*
 * The low bytes of the deltas, and their residuals once ref is frozen:
 * first with the trip count as the key, then the first delta of every
 * unrolled block again with its back-edge key (collector_key()).
 */
static void collector_deltas(struct collector *c)
{
	const uint64_t *t = c->ticks;
	const uint8_t *n = c->trips, *ref = c->ref;
	uint8_t *low = c->low - 2, *raw = c->raw - 2;
	size_t i;

	if (!c->ref_ready && c->ref_buf)
		collector_ref_collect(c);
	for (i = 2; i <= c->steps; i++) {
		low[i] = (uint8_t)(t[i] - t[i - 1]);
		raw[i] = (uint8_t)(low[i] - ref[n[i - 1]]);
	}
	for (i = 1 + c->unroll; i <= c->steps; i += c->unroll)
		raw[i] = (uint8_t)(low[i] - ref[collector_key(c, i)]);
	c->raw_count = c->ref_ready ? c->steps - 1 : 0;
}

static int collector_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Freeze ref[] from the warm-up deltas: per key the (lower) median.  The
 * median, not the mean, because the deltas have a heavy upper tail
 * (interrupts, preemption, cache and TLB misses): one interrupt of 10^5
 * ticks would move a mean by more than the jitter being measured, the
 * median not at all.  A shift applied to all samples alike changes no
 * SP 800-90B estimate (they depend only on which samples are equal and in
 * what order), so ref[] matters only through the alignment of the keys
 * with each other: aligning their centres overlays the keys' distributions,
 * which can only raise the most common residual's probability, i.e. gives
 * the lower (conservative) estimate, and it removes exactly the part of
 * the delta that the trip count explains.  A key with fewer than
 * COLLECTOR_REF_MIN deltas (a long trip count on the rare first step of a
 * block) takes the reference of the same trip count without the back
 * edge, and a trip count without enough deltas that of the one below it.
 */
static void collector_ref_freeze(struct collector *c)
{
	uint64_t med[COLLECTOR_KEYS] = { 0 };
	bool have[COLLECTOR_KEYS] = { false };
	size_t lo, hi, k;

	qsort(c->ref_buf, c->ref_len, sizeof(*c->ref_buf), collector_u64_cmp);
	for (lo = 0; lo < c->ref_len; lo = hi) {
		k = (size_t)(c->ref_buf[lo] >> 56);
		hi = lo + 1;
		while (hi < c->ref_len && c->ref_buf[hi] >> 56 == k)
			hi++;
		if (k < COLLECTOR_KEYS && hi - lo >= COLLECTOR_REF_MIN) {
			med[k] = c->ref_buf[lo + (hi - lo - 1) / 2];
			have[k] = true;
		}
	}
	for (k = 0; k < COLLECTOR_BRANCH_KEYS; k++)
		if (!have[k] && k)
			med[k] = med[k - 1];
	for (k = COLLECTOR_BRANCH_KEYS; k < COLLECTOR_KEYS; k++)
		if (!have[k])
			med[k] = med[k - COLLECTOR_BRANCH_KEYS];
	for (k = 0; k < COLLECTOR_KEYS; k++)
		c->ref[k] = (uint8_t)med[k];
	c->ref_ready = true;
}

/*
 * Raw health of one refill.  The periodicity check runs from the first
 * refill on, the RCT and APT once ref[] is frozen.
 *
 * The periodicity check reads the raw deltas' low bytes, not the
 * residuals: a timer beating against the loop repeats its raw deltas,
 * but its residuals are periodic only if ref[] is the same for every key
 * (the keys follow the walk, not the timer), so on the residuals a period
 * would hide behind the walk's pseudo-random keys.  The raw deltas are a
 * valid input under the claim: given the past, the key of delta i is
 * known (it is the trip count of the step before the read), and the raw
 * delta is then its residual plus a known shift, so it is no more
 * predictable than the residual, P[x_i = x_{i-p} | past] <= 2^-H.  The RCT
 * and APT read the residuals: a deterministic walk (QEMU -icount) gives
 * raw deltas that vary with the trip count but residuals that repeat.
 */
static unsigned int collector_check(struct collector *c)
{
	unsigned int fail = 0;

	collector_deltas(c);
	if (period_check(&c->period, c->low, c->steps - 1))
		fail |= COLLECTOR_FAIL_PERIOD;
	fail |= health_insert_bytes(&c->health, c->raw, c->raw_count);
	if (health_state(&c->health) == HEALTH_FAILED)
		fail |= HEALTH_FAIL_RCT | HEALTH_FAIL_APT;
	return fail;
}

/**
 * collector_refill() - generate one new collection buffer
 * @c: collector
 *
 * Runs the walk over the whole buffer, then the raw health tests over the
 * timer deltas it used (c->raw holds their residual samples afterwards).
 * If a test fired, the buffer is discarded.
 *
 * Return: 0, or -EIO if a raw health test fired (HEALTH_FAIL_* and
 * COLLECTOR_FAIL_PERIOD bits are added to c->raw_fail; the start-up test
 * failing makes every later refill fail too, until collector_init()
 * again).  A recording collector (collector_config.record) counts the
 * alarms but returns 0, and never hands its buffer out.
 */
int collector_refill(struct collector *c)
{
	const struct collector_variant *v = collector_variant(c->unroll);
	unsigned int fail;

	c->ticks[0] = c->ticks[c->steps];
	c->trips[0] = c->trips[c->steps];
	if (c->timer.ops == COLLECTOR_NATIVE_TIMER)
		v->walk_native(c);
	else
		v->walk(c);
	c->refills++;
	fail = collector_check(c);
	if (fail || c->record) {
		c->raw_fail |= fail;
		c->discarded += !!fail;
		c->pos = c->buf_words * sizeof(uint32_t);
		return fail && !c->record ? -EIO : 0;
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
	c->trips = calloc(c->steps + 1, 1);
	c->low = calloc(c->steps, 1);
	c->raw = calloc(c->steps, 1);
	if (!c->walk.tab || !c->buf || !c->ticks || !c->trips || !c->low ||
	    !c->raw)
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
 * first 512 KiB have a visible bias).  The warm-up's last
 * COLLECTOR_REF_SAMPLES deltas give ref[]; then the start-up test (SP
 * 800-90B 4.3) runs on the residuals of fresh refills until it passed,
 * and the last of them is the first buffer handed out.
 */
static int collector_warm(struct collector *c)
{
	size_t need = 32U * c->walk.half / 4U;
	size_t done;
	int r = 0;

	if (need < 2U * c->steps)
		need = 2U * c->steps;
	c->ref_buf = calloc(COLLECTOR_REF_SAMPLES, sizeof(*c->ref_buf));
	if (!c->ref_buf)
		return -ENOMEM;
	c->ticks[c->steps] = timer_read(&c->timer);
	for (done = 0; done < need && !r; done += c->steps)
		r = collector_refill(c);
	if (!r)
		collector_ref_freeze(c);
	free(c->ref_buf);
	c->ref_buf = NULL;
	while (!r && health_state(&c->health) == HEALTH_STARTUP)
		r = collector_refill(c);
	return r;
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
	if (!r)
		r = period_init(&c->period, h);
	if (r < 0)
		return r;
	c->record = cfg->record;
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
 * For "auto": a timer must look like twice the claimed min-entropy during
 * start-up, i.e. its largest APT window count and its longest periodic
 * run must stay within the cutoffs computed for 2H.  A timer that merely
 * passed at H passed by luck and would fail later (docs/collector.md).
 * These two are the stable statistics; the RCT's longest run is left out,
 * it scatters too much over one start-up (it is part of the APT count).
 */
static bool collector_margin_ok(const struct collector *c)
{
	double h2 = 2.0 * c->health.h;
	uint32_t apt, per;

	if (h2 > 20.0)
		h2 = 20.0;
	if (health_apt_cutoff(h2, false, &apt) || period_cutoff(h2, &per))
		return false;
	return c->health.apt_max < apt && c->period.max_run < per;
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
		if (!r && !cfg->record && !collector_margin_ok(c)) {
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
 * buffer is dropped; a later call tries a fresh buffer); -EPERM for a
 * recording collector (collector_config.record).
 */
int collector_fill(struct collector *c, void *buf, size_t len)
{
	size_t have, n, total = c->buf_words * sizeof(uint32_t);
	uint8_t *dst = buf;
	int r;

	if (c->record)
		return -EPERM;
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
 * collector_record() - residual samples of the noise source, for assessment
 * @c: collector, initialised
 * @out: destination, one byte per timer delta
 * @n: samples wanted
 *
 * Refills until @n residual samples (struct collector's @raw: the
 * deltas' residuals given their keys, docs/collector.md) were copied to
 * @out, consecutive within each refill, @c->steps - 1 per refill (a
 * refill's first delta is left out).  Every refill runs the raw health
 * tests as usual.  The output bytes of these refills are discarded,
 * never released, as is what was left of the buffer before the call.
 *
 * Return: 0 when @n samples were written; -EIO when a raw health test
 * fired (as collector_refill(); @out holds the samples before that
 * refill).  A recording collector never fails here.
 */
int collector_record(struct collector *c, uint8_t *out, size_t n)
{
	size_t k, total = c->buf_words * sizeof(uint32_t);
	int r;

	c->pos = total;
	while (n) {
		r = collector_refill(c);
		c->pos = total;
		if (r < 0)
			return r;
		k = n < c->raw_count ? n : c->raw_count;
		memcpy(out, c->raw, k);
		out += k;
		n -= k;
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
	if (c->low)
		explicit_bzero(c->low, c->steps);
	if (c->raw)
		explicit_bzero(c->raw, c->steps);
	free(c->buf);
	free(c->walk.tab);
	free(c->ticks);
	free(c->trips);
	free(c->low);
	free(c->raw);
	free(c->ref_buf);
	memset(c, 0, sizeof(*c));
}
