// SPDX-License-Identifier: GPL-2.0
/*
 * timer.c: the built-in timer sources and selection by name.
 *
 * tsc    x86-64 rdtsc.  Deliberately not serialised: HAVEGE wants the
 *        read to land wherever out-of-order execution puts it, because
 *        that placement is part of the noise.
 * tscp   x86-64 rdtscp, which waits for every earlier instruction to
 *        finish, so the walk's cache misses show in full in the delta.
 * cntvct aarch64 virtual counter, read after an isb so the read is not
 *        hoisted above the walk.
 * clock  clock_gettime(CLOCK_MONOTONIC_RAW) in ns; works everywhere,
 *        slower and coarser than the counters above.
 *
 * Every source exists on every architecture; probe() returns -ENODEV
 * where it cannot work, so selection by name fails cleanly.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "timer.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <x86intrin.h>

static bool timer_x86_has(unsigned int leaf, unsigned int reg, unsigned int bit)
{
	unsigned int r[4] = { 0, 0, 0, 0 };

	if (!__get_cpuid(leaf, &r[0], &r[1], &r[2], &r[3]))
		return false;
	return (r[reg] >> bit) & 1U;
}

static int timer_tsc_probe(void *ctx)
{
	(void)ctx;
	/* CPUID.1:EDX[4] TSC */
	return timer_x86_has(1, 3, 4) ? 0 : -ENODEV;
}

static uint64_t timer_tsc_read(void *ctx)
{
	(void)ctx;
	return __rdtsc();
}

static int timer_tscp_probe(void *ctx)
{
	(void)ctx;
	/* CPUID.80000001H:EDX[27] RDTSCP */
	return timer_x86_has(0x80000001U, 3, 27) ? 0 : -ENODEV;
}

static uint64_t timer_tscp_read(void *ctx)
{
	unsigned int aux;

	(void)ctx;
	return __rdtscp(&aux);
}
#else
static int timer_tsc_probe(void *ctx)
{
	(void)ctx;
	return -ENODEV;
}

static uint64_t timer_tsc_read(void *ctx)
{
	(void)ctx;
	return 0;
}

#define timer_tscp_probe timer_tsc_probe
#define timer_tscp_read timer_tsc_read
#endif

#if defined(__aarch64__)
static int timer_cntvct_probe(void *ctx)
{
	uint64_t freq;

	(void)ctx;
	/* A zero frequency means firmware never set the counter up. */
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq ? 0 : -ENODEV;
}

static uint64_t timer_cntvct_read(void *ctx)
{
	uint64_t v;

	(void)ctx;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}
#else
static int timer_cntvct_probe(void *ctx)
{
	(void)ctx;
	return -ENODEV;
}

static uint64_t timer_cntvct_read(void *ctx)
{
	(void)ctx;
	return 0;
}
#endif

static int timer_clock_probe(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	if (clock_gettime(CLOCK_MONOTONIC_RAW, &ts) < 0)
		return -errno;
	return 0;
}

static uint64_t timer_clock_read(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	/* Cannot fail once probe() succeeded (valid clock id and pointer). */
	(void)clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000U + (uint64_t)ts.tv_nsec;
}

const struct timer_ops timer_tsc = {
	.name = "tsc",
	.desc = "x86-64 rdtsc time-stamp counter",
	.probe = timer_tsc_probe,
	.read = timer_tsc_read,
};

const struct timer_ops timer_tscp = {
	.name = "tscp",
	.desc = "x86-64 rdtscp (waits for earlier instructions)",
	.probe = timer_tscp_probe,
	.read = timer_tscp_read,
};

const struct timer_ops timer_cntvct = {
	.name = "cntvct",
	.desc = "aarch64 virtual counter cntvct_el0",
	.probe = timer_cntvct_probe,
	.read = timer_cntvct_read,
};

const struct timer_ops timer_clock = {
	.name = "clock",
	.desc = "clock_gettime(CLOCK_MONOTONIC_RAW), nanoseconds",
	.probe = timer_clock_probe,
	.read = timer_clock_read,
};

/* In order of preference for "auto". */
static const struct timer_ops *const timer_all[] = {
	&timer_tsc, &timer_cntvct, &timer_tscp, &timer_clock,
};

/**
 * timer_by_index() - enumerate the built-in timer sources
 * @i: index, from 0
 *
 * Return: the i-th source in order of preference, or NULL past the end.
 */
const struct timer_ops *timer_by_index(size_t i)
{
	if (i >= sizeof(timer_all) / sizeof(timer_all[0]))
		return NULL;
	return timer_all[i];
}

/**
 * timer_find() - look a built-in timer source up by name
 * @name: "tsc", "tscp", "cntvct" or "clock"
 *
 * Return: the source, or NULL if no source has that name.
 */
const struct timer_ops *timer_find(const char *name)
{
	const struct timer_ops *ops;
	size_t i;

	for (i = 0; (ops = timer_by_index(i)); i++)
		if (!strcmp(ops->name, name))
			return ops;
	return NULL;
}

/**
 * timer_open() - probe a timer source and bind it to its state
 * @t: result; left untouched on failure
 * @ops: the source
 * @ctx: its state (NULL for the built-in sources)
 *
 * Return: 0, -EINVAL if @ops lacks a method, or the probe's -errno.
 */
int timer_open(struct timer *t, const struct timer_ops *ops, void *ctx)
{
	int r;

	if (!ops || !ops->probe || !ops->read)
		return -EINVAL;
	r = ops->probe(ctx);
	if (r < 0)
		return r;
	t->ops = ops;
	t->ctx = ctx;
	return 0;
}
