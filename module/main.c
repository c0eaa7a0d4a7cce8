// SPDX-License-Identifier: GPL-2.0
/*
 * havege_hwrng: a hw_random source fed from user space.
 *
 * A privileged daemon (havege-hwrngd) writes bytes that passed its online
 * tests into /dev/havege_hwrng and registers the hwrng "havege"; the
 * kernel's hw_random core (/dev/hwrng and the hwrng fill thread) consumes
 * them.  This file holds the module parameters and load/unload; see
 * docs/module.md for the interface and docs/quality.md for the entropy
 * credit.
 */
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>

#include "havege_hwrng.h"

static struct havege_dev havege_dev = {
	.quality = HAVEGE_QUALITY_DEFAULT,
	.fifo_size = HAVEGE_FIFO_DEFAULT,
	.min_reregister_ms = HAVEGE_REREGISTER_MS_DEFAULT,
};

/*
 * The ceiling of the quality the feeder may declare at REGISTER.  0 means
 * "no credit" before 6.2 and "full credit" since: refuse it.
 */
static int havege_quality_set(const char *val, const struct kernel_param *kp)
{
	u16 quality;
	int err;

	err = kstrtou16(val, 0, &quality);
	if (err)
		return err;
	if (quality < HAVEGE_QUALITY_MIN || quality > HAVEGE_QUALITY_MAX)
		return -EINVAL;
	*(unsigned short *)kp->arg = quality;
	return 0;
}

static const struct kernel_param_ops havege_quality_ops = {
	.set = havege_quality_set,
	.get = param_get_ushort,
};

module_param_cb(quality, &havege_quality_ops, &havege_dev.quality, 0644);
MODULE_PARM_DESC(quality,
		 "ceiling of the entropy per 1024 bits the feeder declares at registration, 1..1024 (default 1024: the feeder's claim)");
module_param_named(fifo_size, havege_dev.fifo_size, uint, 0444);
MODULE_PARM_DESC(fifo_size,
		 "FIFO size in bytes, clamped to 1024..1048576 and rounded up to a power of two (default 16384)");
/*
 * At most HAVEGE_REREGISTER_MS_MAX: a larger value used to be accepted and
 * shown, but silently capped at use.
 */
static int havege_reregister_ms_set(const char *val,
				    const struct kernel_param *kp)
{
	unsigned int ms;
	int err;

	err = kstrtouint(val, 0, &ms);
	if (err)
		return err;
	if (ms > HAVEGE_REREGISTER_MS_MAX)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, ms);
	return 0;
}

static const struct kernel_param_ops havege_reregister_ms_ops = {
	.set = havege_reregister_ms_set,
	.get = param_get_uint,
};

module_param_cb(min_reregister_ms, &havege_reregister_ms_ops,
		&havege_dev.min_reregister_ms, 0644);
MODULE_PARM_DESC(min_reregister_ms,
		 "minimum milliseconds from a withdrawal to the next registration, 0..60000 (default 100)");

static unsigned int havege_fifo_bytes(unsigned int requested)
{
	return roundup_pow_of_two(clamp(requested, HAVEGE_FIFO_MIN,
					HAVEGE_FIFO_MAX));
}

static int __init havege_init(void)
{
	struct havege_dev *hd = &havege_dev;
	int err;

	mutex_init(&hd->ctl_lock);
	atomic_set(&hd->last_quality, 0);
	atomic_set(&hd->last_declared, 0);
	/* Report the real size through the read-only parameter too. */
	hd->fifo_size = havege_fifo_bytes(hd->fifo_size);
	err = havege_fifo_init(&hd->fifo, hd->fifo_size);
	if (err)
		goto err_fifo;
	err = havege_feed_init(hd);
	if (err)
		goto err_feed;
	pr_info("ready: fifo %u bytes, quality ceiling %u/1024\n",
		hd->fifo_size, hd->quality);
	return 0;

err_feed:
	havege_fifo_destroy(&hd->fifo);
err_fifo:
	mutex_destroy(&hd->ctl_lock);
	return err;
}

static void __exit havege_exit(void)
{
	struct havege_dev *hd = &havege_dev;

	havege_feed_exit(hd);
	havege_fifo_destroy(&hd->fifo);
	mutex_destroy(&hd->ctl_lock);
}

module_init(havege_init);
module_exit(havege_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hw_random source fed by the HAVEGE daemon havege-hwrngd");
MODULE_AUTHOR("havege-hwrng developers");
MODULE_VERSION("0.1.0");
