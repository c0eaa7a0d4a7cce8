// SPDX-License-Identifier: GPL-2.0
/*
 * havege_hwrng feeder device, /dev/havege_hwrng.
 *
 * One privileged process at a time writes tested bytes into the FIFO and
 * asks for the hwrng to be registered or withdrawn.  Closing the device,
 * however the feeder ends, withdraws the hwrng and discards the queue, so
 * no byte is ever served without a live feeder vouching for it.
 *
 * CAP_SYS_ADMIN is checked at open() and again, in the calling task, on
 * every write() and every state-changing ioctl: an open descriptor that
 * reaches a task without the capability (inherited across a privilege
 * drop, passed over a Unix socket) can neither feed nor register nor
 * withdraw.  GET_STATS only reads counters that sysfs shows to everyone.
 */
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "havege_hwrng.h"

static struct havege_dev *to_havege_dev(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct havege_dev, misc);
}

static int havege_feed_open(struct inode *inode, struct file *file)
{
	struct havege_dev *hd = to_havege_dev(file);
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (test_and_set_bit_lock(HAVEGE_BIT_ATTACHED, &hd->state))
		return -EBUSY;
	err = stream_open(inode, file);
	if (err)
		clear_bit_unlock(HAVEGE_BIT_ATTACHED, &hd->state);
	return err;
}

/* Runs on close, exit, crash or kill -9 of the feeder. */
static int havege_feed_release(struct inode *inode, struct file *file)
{
	struct havege_dev *hd = to_havege_dev(file);

	mutex_lock(&hd->ctl_lock);
	havege_rng_detach(hd);
	mutex_unlock(&hd->ctl_lock);
	clear_bit_unlock(HAVEGE_BIT_ATTACHED, &hd->state);
	return 0;
}

static ssize_t havege_feed_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	struct havege_dev *hd = to_havege_dev(file);

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return havege_fifo_write(&hd->fifo, buf, count,
				 file->f_flags & O_NONBLOCK);
}

static __poll_t havege_feed_poll(struct file *file, poll_table *pt)
{
	return havege_fifo_poll(&to_havege_dev(file)->fifo, file, pt);
}

static long havege_feed_register(struct havege_dev *hd, void __user *argp)
{
	struct havege_hwrng_register reg;
	int err;

	if (copy_from_user(&reg, argp, sizeof(reg)))
		return -EFAULT;
	if (reg.flags || reg.quality < HAVEGE_QUALITY_MIN ||
	    reg.quality > HAVEGE_QUALITY_MAX)
		return -EINVAL;
	mutex_lock(&hd->ctl_lock);
	err = havege_rng_attach(hd, reg.quality);
	mutex_unlock(&hd->ctl_lock);
	return err;
}

static long havege_feed_withdraw(struct havege_dev *hd)
{
	mutex_lock(&hd->ctl_lock);
	havege_rng_detach(hd);
	mutex_unlock(&hd->ctl_lock);
	return 0;
}

static long havege_feed_get_stats(struct havege_dev *hd, void __user *argp)
{
	struct havege_hwrng_stats st;

	havege_stats_fill(hd, &st);
	if (copy_to_user(argp, &st, sizeof(st)))
		return -EFAULT;
	return 0;
}

static long havege_feed_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct havege_dev *hd = to_havege_dev(file);
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case HAVEGE_HWRNG_IOC_REGISTER:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		return havege_feed_register(hd, argp);
	case HAVEGE_HWRNG_IOC_WITHDRAW:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		return havege_feed_withdraw(hd);
	case HAVEGE_HWRNG_IOC_GET_STATS:
		return havege_feed_get_stats(hd, argp);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations havege_feed_fops = {
	.owner = THIS_MODULE,
	.open = havege_feed_open,
	.release = havege_feed_release,
	.write = havege_feed_write,
	.poll = havege_feed_poll,
	.unlocked_ioctl = havege_feed_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/**
 * havege_feed_init() - create /dev/havege_hwrng
 * @hd:		device context with its FIFO ready
 *
 * Return: 0 or misc_register()'s error.
 */
int havege_feed_init(struct havege_dev *hd)
{
	hd->misc = (struct miscdevice) {
		.minor = MISC_DYNAMIC_MINOR,
		.name = "havege_hwrng",
		.fops = &havege_feed_fops,
		.groups = havege_stats_groups,
		.mode = 0600,
	};
	return misc_register(&hd->misc);
}

/**
 * havege_feed_exit() - remove /dev/havege_hwrng
 * @hd:		device context
 *
 * No feeder can hold the device here (it pins the module), so the hwrng is
 * already withdrawn; detach anyway in case a future path forgets to.
 */
void havege_feed_exit(struct havege_dev *hd)
{
	misc_deregister(&hd->misc);
	mutex_lock(&hd->ctl_lock);
	havege_rng_detach(hd);
	mutex_unlock(&hd->ctl_lock);
}
