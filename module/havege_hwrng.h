/* SPDX-License-Identifier: GPL-2.0 */
/*
 * havege_hwrng private header: the single device context shared by the
 * misc device (feed.c), the hwrng glue (hwrng.c), the FIFO (fifo.c) and
 * the statistics (stats.c).
 */
#ifndef _HAVEGE_HWRNG_PRIV_H
#define _HAVEGE_HWRNG_PRIV_H

#include <linux/atomic.h>
#include <linux/fs.h>
#include <linux/kfifo.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "uapi/havege_hwrng.h"

/* fifo_size limits (bytes, before rounding up to a power of two) */
#define HAVEGE_FIFO_MIN		1024U
#define HAVEGE_FIFO_MAX		SZ_1M
#define HAVEGE_FIFO_DEFAULT	16384U

/*
 * quality: bits of entropy per 1024 bits, as the hw_random core counts.
 * The feeder declares it at REGISTER; the module parameter is a ceiling.
 */
#define HAVEGE_QUALITY_MIN	HAVEGE_HWRNG_QUALITY_MIN
#define HAVEGE_QUALITY_MAX	HAVEGE_HWRNG_QUALITY_MAX
#define HAVEGE_QUALITY_DEFAULT	HAVEGE_QUALITY_MAX

#define HAVEGE_REREGISTER_MS_DEFAULT	100U
#define HAVEGE_REREGISTER_MS_MAX	60000U

/* Upper bound of one blocking hwrng .read(): unregister waits for it. */
#define HAVEGE_READ_TIMEOUT	HZ

/* Upper bound of REGISTER's wait for the fill thread's first read. */
#define HAVEGE_FILL_START_TIMEOUT	(2 * HAVEGE_READ_TIMEOUT)

/* Name the hw_random core gives its fill kthread (kthread_run(), 5.10+). */
#define HAVEGE_FILL_THREAD_NAME	"hwrng"

/* Bit numbers in havege_dev.state, matching HAVEGE_HWRNG_STATE_* masks. */
#define HAVEGE_BIT_ATTACHED	0
#define HAVEGE_BIT_REGISTERED	1

/**
 * struct havege_fifo - bounded byte FIFO between the feeder and the hwrng
 * @fifo:	the bytes; one producer (under @in_lock), one consumer (under
 *		@out_lock), so kfifo itself needs no further locking
 * @buf:	storage of @fifo, wiped when freed
 * @in_lock:	serialises writers (write() may fault on user memory)
 * @out_lock:	serialises consumers: hwrng .read() and flushes
 * @wq_in:	writers waiting for room (and poll())
 * @wq_out:	hwrng readers waiting for bytes
 * @open:	readers may take bytes; cleared under @out_lock on detach
 * @blocked:	hwrng readers sleeping in @wq_out now
 * @bytes_in:	bytes accepted by write()
 * @bytes_served: bytes handed to the hw_random core
 * @bytes_flushed: bytes discarded by a flush
 */
struct havege_fifo {
	struct kfifo fifo;
	void *buf;
	struct mutex in_lock;		/* producer side, see above */
	struct mutex out_lock;		/* consumer side, see above */
	wait_queue_head_t wq_in;
	wait_queue_head_t wq_out;
	bool open;
	atomic_t blocked;
	atomic64_t bytes_in;
	atomic64_t bytes_served;
	atomic64_t bytes_flushed;
};

struct havege_rng;

/**
 * struct havege_dev - the module's single device context
 * @misc:	/dev/havege_hwrng
 * @fifo:	queued bytes
 * @ctl_lock:	serialises register/withdraw; never taken by hwrng callbacks,
 *		so it may be held across hwrng_register()/hwrng_unregister()
 * @rng:	the registered hwrng, or NULL (under @ctl_lock)
 * @withdrawn_at: jiffies of the last unregistration (under @ctl_lock)
 * @withdrawn_once: @withdrawn_at is valid (under @ctl_lock)
 * @state:	HAVEGE_BIT_* bits
 * @registrations: successful hwrng_register() calls
 * @withdrawals: hwrng_unregister() calls
 * @last_quality: quality registered at the last registration (0: none yet)
 * @last_declared: quality the feeder declared then (0: none yet)
 * @quality:	module parameter: ceiling of the registered quality
 * @fifo_size:	module parameter: requested, then real FIFO size in bytes
 * @min_reregister_ms: module parameter: minimum time between an
 *		unregistration and the next registration
 */
struct havege_dev {
	struct miscdevice misc;
	struct havege_fifo fifo;
	struct mutex ctl_lock;		/* register/withdraw, see above */
	struct havege_rng *rng;
	unsigned long withdrawn_at;
	bool withdrawn_once;
	unsigned long state;
	atomic64_t registrations;
	atomic64_t withdrawals;
	atomic_t last_quality;
	atomic_t last_declared;
	unsigned short quality;
	unsigned int fifo_size;
	unsigned int min_reregister_ms;
};

/* fifo.c */
int havege_fifo_init(struct havege_fifo *f, unsigned int size);
void havege_fifo_destroy(struct havege_fifo *f);
ssize_t havege_fifo_write(struct havege_fifo *f, const char __user *ubuf,
			  size_t count, bool nonblock);
__poll_t havege_fifo_poll(struct havege_fifo *f, struct file *file,
			  poll_table *pt);
unsigned int havege_fifo_want(struct havege_fifo *f, size_t max);
int havege_fifo_read(struct havege_fifo *f, void *data, size_t max,
		     bool wait);
void havege_fifo_open(struct havege_fifo *f);
void havege_fifo_close(struct havege_fifo *f);
void havege_fifo_wake_readers(struct havege_fifo *f);
unsigned int havege_fifo_flush(struct havege_fifo *f);
unsigned int havege_fifo_level(struct havege_fifo *f);
unsigned int havege_fifo_size(struct havege_fifo *f);

/* hwrng.c */
int havege_rng_attach(struct havege_dev *hd, unsigned int declared);
unsigned int havege_rng_detach(struct havege_dev *hd);

/* feed.c */
int havege_feed_init(struct havege_dev *hd);
void havege_feed_exit(struct havege_dev *hd);

/* stats.c */
extern const struct attribute_group *havege_stats_groups[];
void havege_stats_fill(struct havege_dev *hd, struct havege_hwrng_stats *st);

#endif /* _HAVEGE_HWRNG_PRIV_H */
