// SPDX-License-Identifier: GPL-2.0
/*
 * havege_hwrng counters: the HAVEGE_HWRNG_IOC_GET_STATS snapshot and the
 * same values as read-only attributes of the misc device,
 * /sys/class/misc/havege_hwrng/<name>.  Each value is read on its own
 * (lock-free), so a snapshot is consistent per field, not across fields.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "havege_hwrng.h"

/**
 * havege_stats_fill() - take a snapshot of every counter
 * @hd:		device context
 * @st:		result; every byte is written
 */
void havege_stats_fill(struct havege_dev *hd, struct havege_hwrng_stats *st)
{
	unsigned long state = READ_ONCE(hd->state);

	memset(st, 0, sizeof(*st));
	st->bytes_in = atomic64_read(&hd->fifo.bytes_in);
	st->bytes_served = atomic64_read(&hd->fifo.bytes_served);
	st->bytes_flushed = atomic64_read(&hd->fifo.bytes_flushed);
	st->registrations = atomic64_read(&hd->registrations);
	st->withdrawals = atomic64_read(&hd->withdrawals);
	st->fifo_level = havege_fifo_level(&hd->fifo);
	st->fifo_size = havege_fifo_size(&hd->fifo);
	st->blocked_readers = atomic_read(&hd->fifo.blocked);
	st->quality = atomic_read(&hd->last_quality);
	st->declared_quality = atomic_read(&hd->last_declared);
	if (state & BIT(HAVEGE_BIT_ATTACHED))
		st->state |= HAVEGE_HWRNG_STATE_ATTACHED;
	if (state & BIT(HAVEGE_BIT_REGISTERED))
		st->state |= HAVEGE_HWRNG_STATE_REGISTERED;
}

static struct havege_dev *havege_stats_dev(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct havege_dev, misc);
}

enum havege_stat {
	HAVEGE_STAT_BYTES_IN,
	HAVEGE_STAT_BYTES_SERVED,
	HAVEGE_STAT_BYTES_FLUSHED,
	HAVEGE_STAT_REGISTRATIONS,
	HAVEGE_STAT_WITHDRAWALS,
	HAVEGE_STAT_FIFO_LEVEL,
	HAVEGE_STAT_FIFO_SIZE,
	HAVEGE_STAT_BLOCKED_READERS,
	HAVEGE_STAT_QUALITY,
	HAVEGE_STAT_DECLARED_QUALITY,
	HAVEGE_STAT_STATE,
};

/**
 * struct havege_stats_attr - sysfs attribute showing one stats field
 * @dattr:	the device attribute
 * @id:		which field
 */
struct havege_stats_attr {
	struct device_attribute dattr;
	enum havege_stat id;
};

static u64 havege_stats_value(const struct havege_hwrng_stats *st,
			      enum havege_stat id)
{
	switch (id) {
	case HAVEGE_STAT_BYTES_IN:
		return st->bytes_in;
	case HAVEGE_STAT_BYTES_SERVED:
		return st->bytes_served;
	case HAVEGE_STAT_BYTES_FLUSHED:
		return st->bytes_flushed;
	case HAVEGE_STAT_REGISTRATIONS:
		return st->registrations;
	case HAVEGE_STAT_WITHDRAWALS:
		return st->withdrawals;
	case HAVEGE_STAT_FIFO_LEVEL:
		return st->fifo_level;
	case HAVEGE_STAT_FIFO_SIZE:
		return st->fifo_size;
	case HAVEGE_STAT_BLOCKED_READERS:
		return st->blocked_readers;
	case HAVEGE_STAT_QUALITY:
		return st->quality;
	case HAVEGE_STAT_DECLARED_QUALITY:
		return st->declared_quality;
	case HAVEGE_STAT_STATE:
		return st->state;
	}
	return 0;
}

static ssize_t havege_stats_show(struct device *dev,
				 struct device_attribute *dattr, char *buf)
{
	const struct havege_stats_attr *sa =
		container_of(dattr, struct havege_stats_attr, dattr);
	struct havege_hwrng_stats st;

	havege_stats_fill(havege_stats_dev(dev), &st);
	return sysfs_emit(buf, "%llu\n", havege_stats_value(&st, sa->id));
}

/* An initializer for the attribute @name showing field @stat. */
#define HAVEGE_STATS_ATTR(name, stat) {					\
	.dattr = __ATTR(name, 0444, havege_stats_show, NULL),		\
	.id = (stat),							\
}

static struct havege_stats_attr havege_sa_bytes_in =
	HAVEGE_STATS_ATTR(bytes_in, HAVEGE_STAT_BYTES_IN);
static struct havege_stats_attr havege_sa_bytes_served =
	HAVEGE_STATS_ATTR(bytes_served, HAVEGE_STAT_BYTES_SERVED);
static struct havege_stats_attr havege_sa_bytes_flushed =
	HAVEGE_STATS_ATTR(bytes_flushed, HAVEGE_STAT_BYTES_FLUSHED);
static struct havege_stats_attr havege_sa_registrations =
	HAVEGE_STATS_ATTR(registrations, HAVEGE_STAT_REGISTRATIONS);
static struct havege_stats_attr havege_sa_withdrawals =
	HAVEGE_STATS_ATTR(withdrawals, HAVEGE_STAT_WITHDRAWALS);
static struct havege_stats_attr havege_sa_fifo_level =
	HAVEGE_STATS_ATTR(fifo_level, HAVEGE_STAT_FIFO_LEVEL);
static struct havege_stats_attr havege_sa_fifo_size =
	HAVEGE_STATS_ATTR(fifo_size, HAVEGE_STAT_FIFO_SIZE);
static struct havege_stats_attr havege_sa_blocked_readers =
	HAVEGE_STATS_ATTR(blocked_readers, HAVEGE_STAT_BLOCKED_READERS);
static struct havege_stats_attr havege_sa_quality =
	HAVEGE_STATS_ATTR(quality, HAVEGE_STAT_QUALITY);
static struct havege_stats_attr havege_sa_declared_quality =
	HAVEGE_STATS_ATTR(declared_quality, HAVEGE_STAT_DECLARED_QUALITY);
static struct havege_stats_attr havege_sa_state =
	HAVEGE_STATS_ATTR(state, HAVEGE_STAT_STATE);

static struct attribute *havege_stats_attrs[] = {
	&havege_sa_bytes_in.dattr.attr,
	&havege_sa_bytes_served.dattr.attr,
	&havege_sa_bytes_flushed.dattr.attr,
	&havege_sa_registrations.dattr.attr,
	&havege_sa_withdrawals.dattr.attr,
	&havege_sa_fifo_level.dattr.attr,
	&havege_sa_fifo_size.dattr.attr,
	&havege_sa_blocked_readers.dattr.attr,
	&havege_sa_quality.dattr.attr,
	&havege_sa_declared_quality.dattr.attr,
	&havege_sa_state.dattr.attr,
	NULL
};

static const struct attribute_group havege_stats_group = {
	.attrs = havege_stats_attrs,
};

const struct attribute_group *havege_stats_groups[] = {
	&havege_stats_group,
	NULL
};
