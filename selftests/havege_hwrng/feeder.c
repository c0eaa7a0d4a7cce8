// SPDX-License-Identifier: GPL-2.0
/*
 * Feeding loop: fill the FIFO, register, then sleep in ppoll() until the
 * FIFO has room (POLLOUT) and top it up again.  Signals only set the stop
 * flag; they are unblocked only inside ppoll() so none is lost.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "feeder.h"

static void feeder_event(struct feeder *f, char ev, const char *what)
{
	struct havege_hwrng_stats st;

	if (f->notify_fd >= 0)
		(void)!write(f->notify_fd, &ev, 1);
	if (!f->log)
		return;
	if (dev_stats(f->fd, &st)) {
		fprintf(f->log, "feeder: %s\n", what);
	} else {
		fprintf(f->log,
			"feeder: %s: pos=%" PRIu64 " bytes_in=%llu served=%llu flushed=%llu fifo=%u/%u state=%#x\n",
			what, f->pos, (unsigned long long)st.bytes_in,
			(unsigned long long)st.bytes_served,
			(unsigned long long)st.bytes_flushed, st.fifo_level,
			st.fifo_size, st.state);
	}
	fflush(f->log);
}

static long feeder_fill(struct feeder *f)
{
	uint64_t max = UINT64_MAX;

	if (f->bytes) {
		if (f->pos >= f->bytes)
			return 0;
		max = f->bytes - f->pos;
	}
	return dev_write_stream(f->fd, f->key, &f->pos, max);
}

/**
 * feeder_start() - first fill of the FIFO, then register if asked to
 * @f: feeder with fd, key and options set
 *
 * Return: 0 or -errno.
 */
int feeder_start(struct feeder *f)
{
	long n;
	int err;

	feeder_event(f, FEEDER_EV_ATTACHED, "attached");
	n = feeder_fill(f);
	if (n < 0)
		return (int)n;
	if (!f->do_register)
		return 0;
	err = dev_register_wait(f->fd, 65000);
	if (err)
		return err;
	feeder_event(f, FEEDER_EV_REGISTERED, "registered");
	return 0;
}

static bool feeder_finished(struct feeder *f)
{
	struct havege_hwrng_stats st;

	if (!f->bytes || f->pos < f->bytes)
		return false;
	return f->exit_when_done && !dev_stats(f->fd, &st) && !st.fifo_level;
}

/**
 * feeder_loop() - keep the FIFO topped up until *@f->stop is set
 * @f: started feeder
 *
 * With @f->exit_when_done it also returns once every byte was fed and the
 * FIFO is empty again.
 *
 * Return: 0 or -errno.
 */
int feeder_loop(struct feeder *f)
{
	struct pollfd pfd = { .fd = f->fd, .events = POLLOUT };
	struct timespec tick = { .tv_sec = 0, .tv_nsec = 200000000 };
	bool done = false;
	sigset_t none;
	long n;

	sigemptyset(&none);
	while (!*f->stop) {
		/*
		 * Said before the finish check: a reader may empty the FIFO
		 * between the last fill and that check.
		 */
		if (!done && f->bytes && f->pos >= f->bytes) {
			done = true;
			feeder_event(f, FEEDER_EV_DONE, "all bytes written");
		}
		if (feeder_finished(f))
			break;
		/* POLLOUT stays set once everything was written: just tick */
		pfd.events = done ? 0 : POLLOUT;
		if (ppoll(&pfd, 1, &tick, &none) < 0 && errno != EINTR)
			return -errno;
		if (pfd.revents & (POLLERR | POLLNVAL))
			return -EIO;
		n = feeder_fill(f);
		if (n < 0)
			return (int)n;
	}
	return 0;
}

/**
 * feeder_stop() - withdraw the source (if registered) and say so
 * @f: feeder
 *
 * Return: 0 or -errno.
 */
int feeder_stop(struct feeder *f)
{
	int err = 0;

	if (f->do_register)
		err = dev_withdraw(f->fd);
	feeder_event(f, FEEDER_EV_WITHDRAWN, err ? "withdraw failed" :
		     "withdrawn");
	return err;
}

/**
 * feeder_run() - start, loop, stop
 * @f: feeder; the caller blocks the stop signals before calling
 *
 * Return: 0 or the first -errno.
 */
int feeder_run(struct feeder *f)
{
	int err = feeder_start(f);

	if (!err)
		err = feeder_loop(f);
	if (err)
		feeder_event(f, FEEDER_EV_ERROR, strerror(-err));
	if (!err)
		err = feeder_stop(f);
	return err;
}
