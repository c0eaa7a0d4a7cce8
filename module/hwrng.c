// SPDX-License-Identifier: GPL-2.0
/*
 * havege_hwrng glue to the hw_random core.
 *
 * A fresh struct hwrng "havege" is allocated for every registration, so no
 * state of the core (list node, kref, completions, cleanup work) survives
 * from one registration to the next.  The callbacks reach the FIFO through
 * container_of() on the embedding struct havege_rng.
 *
 * Locking: the core calls .read() with its reading_mutex held, possibly
 * from inside hwrng_register() (add_early_randomness() up to 6.9 and in
 * 6.1.y), and hwrng_unregister() waits until every reader has left
 * .read().  So the callbacks take only the FIFO's locks, never ctl_lock,
 * and the FIFO is closed (readers woken, no byte served any more) before
 * hwrng_unregister() is called.
 */
#include <linux/hw_random.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "havege_hwrng.h"

/**
 * struct havege_rng - one registration of the "havege" hwrng
 * @hwrng:	what the hw_random core sees
 * @fifo:	where the bytes come from
 * @fill_wq:	havege_rng_attach() waits here for @fill_seen
 * @made_current: the core called .init, i.e. made us the current rng (and
 *		started the hwrng fill thread if there was none)
 * @fill_seen:	the fill thread has completed a .read since registration
 */
struct havege_rng {
	struct hwrng hwrng;
	struct havege_fifo *fifo;
	wait_queue_head_t fill_wq;
	bool made_current;
	bool fill_seen;
};

static struct havege_rng *to_havege_rng(struct hwrng *hwrng)
{
	return container_of(hwrng, struct havege_rng, hwrng);
}

static int havege_rng_init(struct hwrng *hwrng)
{
	WRITE_ONCE(to_havege_rng(hwrng)->made_current, true);
	return 0;
}

/*
 * Whether current is the core's fill thread: a kthread named "hwrng" (its
 * name in every core version; the task itself is not exported).  Other
 * kthreads that might read with wait, e.g. another driver's, do not count.
 */
static bool havege_rng_in_fill_thread(void)
{
	char comm[TASK_COMM_LEN];

	if (!(current->flags & PF_KTHREAD))
		return false;
	get_task_comm(comm, current);
	return !strcmp(comm, HAVEGE_FILL_THREAD_NAME);
}

/* Note the fill thread's first read. */
static void havege_rng_note_fill(struct havege_rng *rng, bool wait)
{
	if (wait && !READ_ONCE(rng->fill_seen) && havege_rng_in_fill_thread()) {
		WRITE_ONCE(rng->fill_seen, true);
		wake_up(&rng->fill_wq);
	}
}

static int havege_rng_read(struct hwrng *hwrng, void *data, size_t max,
			   bool wait)
{
	struct havege_rng *rng = to_havege_rng(hwrng);
	int ret;

	/* Less than a whole read queued: this read waits, so REGISTER need not. */
	if (havege_fifo_level(rng->fifo) < havege_fifo_want(rng->fifo, max))
		havege_rng_note_fill(rng, wait);
	ret = havege_fifo_read(rng->fifo, data, max, wait);
	havege_rng_note_fill(rng, wait);
	return ret;
}

/*
 * The core calls .cleanup when it stops using us (another rng selected, or
 * unregistration).  Readers found nothing to wait for any more.
 */
static void havege_rng_cleanup(struct hwrng *hwrng)
{
	havege_fifo_wake_readers(to_havege_rng(hwrng)->fifo);
}

/*
 * Before the 2026 rework of the hw_random core (so on 5.10 .. 6.0 and
 * older 6.x stable releases), hwrng_unregister() calls kthread_stop() on
 * the fill thread that becoming current started.  If that thread has not
 * run yet, it never runs its function, never clears the core's pointer to
 * it, and the next unregistration stops a freed task (refcount_t
 * use-after-free, seen on Debian's 5.10 after a quick register/close).
 * So REGISTER returns only once the fill thread has completed one .read
 * (at once, normally: the feeder prefilled the FIFO), bounded in time.
 * Completed, not just entered, if a whole read is queued: a withdrawal
 * that closes the FIFO under a first read makes it fail, and a 5.10
 * fill thread then sleeps 10 s (not ended by kthread_stop()), delaying
 * hwrng_unregister().  With less than a whole read queued the read waits
 * for more and may return 0 anyway, so entering .read is enough there.
 * Cores with the RCU rework stop and forget the thread themselves
 * (HAVEGE_CORE_STOPS_FILL, module/compat.h): no wait there.
 */
static void havege_rng_wait_fill(struct havege_rng *rng)
{
	if (HAVEGE_CORE_STOPS_FILL || !READ_ONCE(rng->made_current))
		return;
	if (!wait_event_timeout(rng->fill_wq, READ_ONCE(rng->fill_seen),
				HAVEGE_FILL_START_TIMEOUT))
		pr_warn_ratelimited("hwrng fill thread did not read yet\n");
}

static bool havege_rng_too_soon(struct havege_dev *hd)
{
	unsigned int ms = min(READ_ONCE(hd->min_reregister_ms),
			      HAVEGE_REREGISTER_MS_MAX);

	return hd->withdrawn_once &&
	       time_before(jiffies, hd->withdrawn_at + msecs_to_jiffies(ms));
}

/**
 * havege_rng_attach() - register the "havege" hwrng
 * @hd:		device context; caller holds @hd->ctl_lock
 * @declared:	quality the feeder declared, HAVEGE_QUALITY_MIN..MAX
 *
 * The hwrng is registered with min(@declared, the quality parameter).  The
 * FIFO is opened first: the core may read from it before hwrng_register()
 * returns.  If the core made "havege" current, this also waits (at most
 * HAVEGE_FILL_START_TIMEOUT) for the fill thread's first read.
 *
 * Return: 0, -EALREADY if registered, -EAGAIN if the last unregistration
 * is more recent than min_reregister_ms, -ENOMEM, or hwrng_register()'s
 * error.
 */
int havege_rng_attach(struct havege_dev *hd, unsigned int declared)
{
	unsigned int ceiling = READ_ONCE(hd->quality);
	unsigned int quality = min(declared, ceiling);
	struct havege_rng *rng;
	int err;

	lockdep_assert_held(&hd->ctl_lock);
	if (hd->rng)
		return -EALREADY;
	if (havege_rng_too_soon(hd))
		return -EAGAIN;

	rng = kzalloc(sizeof(*rng), GFP_KERNEL);
	if (!rng)
		return -ENOMEM;
	rng->fifo = &hd->fifo;
	init_waitqueue_head(&rng->fill_wq);
	rng->hwrng = (struct hwrng) {
		.name = HAVEGE_HWRNG_NAME,
		.init = havege_rng_init,
		.read = havege_rng_read,
		.cleanup = havege_rng_cleanup,
		.quality = quality,
	};

	havege_fifo_open(&hd->fifo);
	err = hwrng_register(&rng->hwrng);
	if (err) {
		havege_fifo_close(&hd->fifo);
		kfree(rng);
		pr_warn_ratelimited("hwrng_register failed: %d\n", err);
		return err;
	}
	havege_rng_wait_fill(rng);
	hd->rng = rng;
	set_bit(HAVEGE_BIT_REGISTERED, &hd->state);
	atomic64_inc(&hd->registrations);
	atomic_set(&hd->last_quality, quality);
	atomic_set(&hd->last_declared, declared);
	pr_info_ratelimited("registered hwrng \"%s\", quality %u/1024 (declared %u, ceiling %u)\n",
			    HAVEGE_HWRNG_NAME, quality, declared, ceiling);
	return 0;
}

/**
 * havege_rng_detach() - unregister the hwrng (if registered) and flush
 * @hd:		device context; caller holds @hd->ctl_lock
 *
 * Order matters: close the FIFO and wake readers, unregister (which waits
 * for readers to leave .read()), then discard the queued bytes and free.
 *
 * Return: number of bytes discarded.
 */
unsigned int havege_rng_detach(struct havege_dev *hd)
{
	struct havege_rng *rng = hd->rng;
	unsigned int flushed;

	lockdep_assert_held(&hd->ctl_lock);
	if (rng) {
		havege_fifo_close(&hd->fifo);
		hwrng_unregister(&rng->hwrng);
		hd->rng = NULL;
		clear_bit(HAVEGE_BIT_REGISTERED, &hd->state);
		kfree(rng);
		hd->withdrawn_at = jiffies;
		hd->withdrawn_once = true;
		atomic64_inc(&hd->withdrawals);
	}
	flushed = havege_fifo_flush(&hd->fifo);
	if (rng)
		pr_info_ratelimited("withdrew hwrng \"%s\", %u bytes discarded\n",
				    HAVEGE_HWRNG_NAME, flushed);
	return flushed;
}
