// SPDX-License-Identifier: GPL-2.0
/*
 * havege_hwrng bounded byte FIFO.
 *
 * The feeder's write() is the only producer and the hwrng .read() (plus the
 * flush on withdrawal) the only consumer, each side serialised by its own
 * mutex, which is exactly the case kfifo supports without a shared lock.
 * Each byte therefore leaves the FIFO once, in order.  Writers sleep on
 * wq_in while the FIFO is full; waiting readers sleep on wq_out, bounded in
 * time, until a whole buffer is queued.  Nothing here runs unless somebody
 * writes or reads.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "havege_hwrng.h"

/**
 * havege_fifo_init() - allocate the FIFO storage and initialise the locks
 * @f:		FIFO to initialise
 * @size:	capacity in bytes; a power of two (kfifo needs one)
 *
 * The FIFO starts closed: readers get nothing until havege_fifo_open().
 *
 * Return: 0 or -ENOMEM.
 */
int havege_fifo_init(struct havege_fifo *f, unsigned int size)
{
	int err;

	f->buf = kvzalloc(size, GFP_KERNEL);
	if (!f->buf)
		return -ENOMEM;
	err = kfifo_init(&f->fifo, f->buf, size);
	if (err) {
		kvfree(f->buf);
		f->buf = NULL;
		return err;
	}
	mutex_init(&f->in_lock);
	mutex_init(&f->out_lock);
	init_waitqueue_head(&f->wq_in);
	init_waitqueue_head(&f->wq_out);
	f->open = false;
	atomic_set(&f->blocked, 0);
	atomic64_set(&f->bytes_in, 0);
	atomic64_set(&f->bytes_served, 0);
	atomic64_set(&f->bytes_flushed, 0);
	return 0;
}

/**
 * havege_fifo_destroy() - wipe and free the FIFO storage
 * @f:		FIFO initialised by havege_fifo_init(), or zeroed
 *
 * Queued bytes are secret: the storage is cleared before it is freed.
 */
void havege_fifo_destroy(struct havege_fifo *f)
{
	if (!f->buf)
		return;
	kvfree_sensitive(f->buf, kfifo_size(&f->fifo));
	f->buf = NULL;
	mutex_destroy(&f->out_lock);
	mutex_destroy(&f->in_lock);
}

/* Copy what fits; returns bytes accepted, 0 if full, or -errno. */
static ssize_t havege_fifo_put(struct havege_fifo *f, const char __user *ubuf,
			       size_t count)
{
	unsigned int copied = 0;
	int err;

	if (mutex_lock_interruptible(&f->in_lock))
		return -ERESTARTSYS;
	err = kfifo_from_user(&f->fifo, ubuf, count, &copied);
	mutex_unlock(&f->in_lock);
	if (copied) {
		atomic64_add(copied, &f->bytes_in);
		wake_up_interruptible(&f->wq_out);
		return copied;
	}
	return err;
}

/**
 * havege_fifo_write() - queue bytes from user space
 * @f:		FIFO
 * @ubuf:	user buffer
 * @count:	bytes offered
 * @nonblock:	return -EAGAIN instead of sleeping while the FIFO is full
 *
 * Accepts as many bytes as there is room for; sleeps (interruptibly) only
 * while not a single byte fits.
 *
 * Return: bytes accepted (maybe fewer than @count), or -EAGAIN, -EFAULT,
 * -ERESTARTSYS.
 */
ssize_t havege_fifo_write(struct havege_fifo *f, const char __user *ubuf,
			  size_t count, bool nonblock)
{
	ssize_t ret;

	if (!count)
		return 0;
	for (;;) {
		ret = havege_fifo_put(f, ubuf, count);
		if (ret)
			return ret;
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(f->wq_in, !kfifo_is_full(&f->fifo)))
			return -ERESTARTSYS;
	}
}

/**
 * havege_fifo_poll() - poll() for the writer side
 * @f:		FIFO
 * @file:	the polling file
 * @pt:		poll table
 *
 * Return: EPOLLOUT | EPOLLWRNORM while at least one byte fits, else 0.
 */
__poll_t havege_fifo_poll(struct havege_fifo *f, struct file *file,
			  poll_table *pt)
{
	poll_wait(file, &f->wq_in, pt);
	if (!kfifo_is_full(&f->fifo))
		return EPOLLOUT | EPOLLWRNORM;
	return 0;
}

/*
 * Wipe the oldest @n queued bytes in the storage, then give their room back
 * to the writer; caller holds out_lock and @n <= kfifo_len().  A served or
 * flushed byte must not linger in the FIFO's memory (it would otherwise stay
 * there until the writer wraps around to it), so it is cleared before the
 * consumer index moves on: after the index moves, the writer may already be
 * refilling that room, and wiping then would destroy fresh bytes.  The
 * release store orders the wipe before the writer can see the room, as
 * kfifo's own smp_wmb() does for its copy-out.  kfifo before 6.10 offers no
 * way to reach its storage or to skip bytes, hence the direct use of
 * struct __kfifo (in/out/mask, unchanged since 2.6.36).
 */
static void havege_fifo_drop(struct havege_fifo *f, unsigned int n)
{
	struct __kfifo *k = &f->fifo.kfifo;
	unsigned int off = k->out & k->mask;
	unsigned int first = min(n, k->mask + 1 - off);
	u8 *mem = f->buf;

	lockdep_assert_held(&f->out_lock);
	memzero_explicit(mem + off, first);
	memzero_explicit(mem, n - first);
	/* the wipe is done before the writer sees the room (kfifo_unused()) */
	smp_store_release(&k->out, k->out + n);
}

/*
 * Take up to @max bytes; caller holds out_lock.  Once the FIFO is closed for
 * a withdrawal this fails with -ENODEV (as virtio-rng does for a removed
 * device) rather than returning 0: a blocking /dev/hwrng reader would call
 * .read() again at once and spin until hwrng_unregister() dropped us,
 * whereas an error ends its read().  The fill thread treats an error like
 * 0 (it backs off), and 6.13+'s WARN_ON_ONCE(err > size) in rng_get_data()
 * only looks at positive values.
 */
static int havege_fifo_take(struct havege_fifo *f, void *data, size_t max)
{
	unsigned int n;

	lockdep_assert_held(&f->out_lock);
	if (!f->open)
		return -ENODEV;
	/* straight into the core's buffer, no copy of ours to wipe */
	n = kfifo_out_peek(&f->fifo, data, min_t(size_t, max, UINT_MAX));
	if (n) {
		havege_fifo_drop(f, n);
		atomic64_add(n, &f->bytes_served);
		wake_up_interruptible_poll(&f->wq_in, EPOLLOUT | EPOLLWRNORM);
	}
	return n;
}

/* Whether a waiting reader of @want bytes may go on: enough, or closed. */
static bool havege_fifo_readable(struct havege_fifo *f, unsigned int want)
{
	return !READ_ONCE(f->open) || kfifo_len(&f->fifo) >= want;
}

/*
 * Sleep until @want bytes are queued, the FIFO is closed for a detach, or
 * HAVEGE_READ_TIMEOUT passed: hwrng_unregister() and kthread_stop() wait
 * for readers inside .read(), so the wait must always end soon.
 */
static int havege_fifo_wait(struct havege_fifo *f, unsigned int want)
{
	long ret;

	atomic_inc(&f->blocked);
	ret = wait_event_interruptible_timeout(f->wq_out,
					       havege_fifo_readable(f, want),
					       HAVEGE_READ_TIMEOUT);
	atomic_dec(&f->blocked);
	return ret < 0 ? (int)ret : 0;
}

/**
 * havege_fifo_want() - bytes a waiting read of @max bytes waits for
 * @f:		FIFO
 * @max:	the reader's buffer size
 *
 * A whole buffer, unless the FIFO could never hold that much.  The hwrng
 * fill thread credits rc * quality * 8 / 1024 bits per read, rounded down,
 * and on 6.1+ sleeps for the reseed interval after a read credited with 0
 * bits; at a low quality only a whole 64-byte read credits anything.
 *
 * Return: min(@max, FIFO capacity).
 */
unsigned int havege_fifo_want(struct havege_fifo *f, size_t max)
{
	return min_t(size_t, max, kfifo_size(&f->fifo));
}

/**
 * havege_fifo_read() - hand queued bytes to the hw_random core
 * @f:		FIFO
 * @data:	destination (a kernel buffer of at least @max bytes)
 * @max:	maximum bytes to copy; any value >= 1
 * @wait:	may sleep for data (at most about one second)
 *
 * Without @wait this takes what is queued and never sleeps on a contended
 * lock.  With @wait it first sleeps until a whole buffer
 * (havege_fifo_want()) is queued, the FIFO is closed, or about one second
 * passed, then takes what is there (maybe less than @max, maybe nothing).
 *
 * Return: bytes copied (0 when there are none), -ENODEV once the FIFO is
 * closed (withdrawal), or -ERESTARTSYS if a signal interrupted the wait.
 */
int havege_fifo_read(struct havege_fifo *f, void *data, size_t max,
		     bool wait)
{
	unsigned int want;
	int ret;

	if (!max)
		return 0;
	if (!wait) {
		if (!mutex_trylock(&f->out_lock))
			return 0;
	} else {
		want = havege_fifo_want(f, max);
		if (kfifo_len(&f->fifo) < want) {
			ret = havege_fifo_wait(f, want);
			if (ret)
				return ret;
		}
		mutex_lock(&f->out_lock);
	}
	ret = havege_fifo_take(f, data, max);
	mutex_unlock(&f->out_lock);
	return ret;
}

/**
 * havege_fifo_open() - let readers take bytes (before hwrng_register())
 * @f:		FIFO
 */
void havege_fifo_open(struct havege_fifo *f)
{
	mutex_lock(&f->out_lock);
	WRITE_ONCE(f->open, true);
	mutex_unlock(&f->out_lock);
}

/**
 * havege_fifo_close() - stop serving bytes and wake every reader
 * @f:		FIFO
 *
 * Once this returns no reader takes another byte, and sleeping readers
 * return at once: call it before hwrng_unregister(), which waits for them.
 */
void havege_fifo_close(struct havege_fifo *f)
{
	mutex_lock(&f->out_lock);
	WRITE_ONCE(f->open, false);
	mutex_unlock(&f->out_lock);
	havege_fifo_wake_readers(f);
}

/**
 * havege_fifo_wake_readers() - wake every hwrng reader sleeping for data
 * @f:		FIFO
 */
void havege_fifo_wake_readers(struct havege_fifo *f)
{
	wake_up_all(&f->wq_out);
}

/**
 * havege_fifo_flush() - discard and wipe every byte queued now
 * @f:		FIFO
 *
 * The discarded bytes are cleared in the FIFO's storage (no copy is made).
 * Bytes written concurrently may be discarded too or stay queued.
 *
 * Return: number of bytes discarded.
 */
unsigned int havege_fifo_flush(struct havege_fifo *f)
{
	unsigned int total;

	mutex_lock(&f->out_lock);
	total = kfifo_len(&f->fifo);
	havege_fifo_drop(f, total);
	mutex_unlock(&f->out_lock);
	if (total) {
		atomic64_add(total, &f->bytes_flushed);
		wake_up_interruptible_poll(&f->wq_in, EPOLLOUT | EPOLLWRNORM);
	}
	return total;
}

/**
 * havege_fifo_level() - bytes queued now
 * @f:		FIFO
 *
 * Return: the number of bytes in the FIFO.
 */
unsigned int havege_fifo_level(struct havege_fifo *f)
{
	return kfifo_len(&f->fifo);
}

/**
 * havege_fifo_size() - FIFO capacity
 * @f:		FIFO
 *
 * Return: the capacity in bytes (a power of two).
 */
unsigned int havege_fifo_size(struct havege_fifo *f)
{
	return kfifo_size(&f->fifo);
}
