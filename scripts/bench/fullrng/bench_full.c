// SPDX-License-Identifier: GPL-2.0
/*
 * bench_full: a test-only hwrng named "bench_full" that always has data.
 *
 * Its .read fills the whole buffer at once with a cheap deterministic
 * pattern (a running byte counter) and never waits, so reading /dev/hwrng
 * with it current measures what the hw_random core itself can deliver:
 * the ceiling scripts/bench/vm.sh puts beside the "havege" and
 * "virtio_rng.N" figures.  The bytes are not random at all: the hwrng
 * declares quality 0, which up to 6.1 credits no entropy.  From 6.2 the
 * core reads quality 0 as 1024 (full credit), so Kbuild refuses to build
 * it for those kernels.  Benchmarks only; never load it on a real
 * system.
 */
#include <linux/hw_random.h>
#include <linux/module.h>
#include <linux/types.h>

/**
 * struct bench_full - the hwrng and the pattern's position
 * @hwrng:	what the hw_random core sees
 * @next:	the next byte of the pattern; .read runs under the core's
 *		reading_mutex, so no lock of its own is needed
 */
struct bench_full {
	struct hwrng hwrng;
	u8 next;
};

static int bench_full_read(struct hwrng *hwrng, void *data, size_t max,
			   bool wait)
{
	struct bench_full *bf = container_of(hwrng, struct bench_full, hwrng);
	u8 *p = data;
	size_t i;

	for (i = 0; i < max; i++)
		p[i] = bf->next++;
	return max > INT_MAX ? INT_MAX : (int)max;
}

static struct bench_full bench_full_rng = {
	.hwrng = {
		.name = "bench_full",
		.read = bench_full_read,
		.quality = 0,
	},
};

static int __init bench_full_init(void)
{
	return hwrng_register(&bench_full_rng.hwrng);
}

static void __exit bench_full_exit(void)
{
	hwrng_unregister(&bench_full_rng.hwrng);
}

module_init(bench_full_init);
module_exit(bench_full_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test-only hwrng that always has data (benchmark ceiling, no entropy)");
MODULE_AUTHOR("havege-hwrng developers");
