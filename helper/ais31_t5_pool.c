// SPDX-License-Identifier: GPL-2.0
/*
 * ais31_t5_pool.c - T5's lag search (about 70 % of procedure A's time, and
 * most of the daemon's start-up under emulation) split between the caller
 * and one worker thread: the caller searches the bit shifts 0..31, the
 * worker 32..63, and the better of the two lags wins exactly as in one
 * search (ais31_t5_better()), so the statistic and the verdicts are
 * bit-identical to ais31_t5_z().
 *
 * The worker sleeps on a condition variable between blocks (no spinning)
 * and runs with every signal blocked, so signals still reach the thread
 * that waits for them.  A pool is created lazily by the first T5 that
 * uses it, which keeps a daemon's fork() before any thread exists.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>

#include "ais31.h"

/* The worker takes the shifts from here on; the caller those below. */
#define T5_POOL_SPLIT	32U

/**
 * struct ais31_t5_pool - one worker thread for T5's lag search
 * @thread: the worker
 * @lock: protects everything below
 * @wake: signalled when @blk or @stop is set (for the worker)
 * @done: signalled when the worker cleared @blk (for the caller)
 * @blk: the block of the pending job, NULL when there is none
 * @stop: the worker is to exit
 * @dev: the worker's best |Z_tau - 2500| for the last job
 * @tau: its tau
 */
struct ais31_t5_pool {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_cond_t done;
	const uint64_t *blk;
	bool stop;
	uint32_t dev;
	uint32_t tau;
};

static void *ais31_t5_pool_worker(void *arg)
{
	struct ais31_t5_pool *p = arg;
	const uint64_t *blk;
	uint32_t dev, tau;

	(void)pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->blk && !p->stop)
			(void)pthread_cond_wait(&p->wake, &p->lock);
		if (p->stop)
			break;
		blk = p->blk;
		(void)pthread_mutex_unlock(&p->lock);
		dev = 0;
		tau = AIS31_T5_NO_TAU;
		ais31_t5_search(blk, T5_POOL_SPLIT, 64, &dev, &tau);
		(void)pthread_mutex_lock(&p->lock);
		p->dev = dev;
		p->tau = tau;
		p->blk = NULL;
		(void)pthread_cond_signal(&p->done);
	}
	(void)pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Starts the worker with every signal blocked (it inherits the mask). */
static int ais31_t5_pool_start(struct ais31_t5_pool *p)
{
	sigset_t all, old;
	int r;

	(void)sigfillset(&all);
	r = pthread_sigmask(SIG_SETMASK, &all, &old);
	if (r)
		return -r;
	r = pthread_create(&p->thread, NULL, ais31_t5_pool_worker, p);
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	return -r;
}

/**
 * ais31_t5_pool_new() - start a worker thread for T5
 * @ret: the pool, on success
 *
 * Return: 0, -ENOMEM, or the negative errno of pthread_create() (-EAGAIN);
 * callers fall back to ais31_t5_z(), which gives the same results.
 */
int ais31_t5_pool_new(struct ais31_t5_pool **ret)
{
	struct ais31_t5_pool *p;
	int r;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	r = -pthread_mutex_init(&p->lock, NULL);
	if (r)
		goto err_free;
	r = -pthread_cond_init(&p->wake, NULL);
	if (r)
		goto err_lock;
	r = -pthread_cond_init(&p->done, NULL);
	if (r)
		goto err_wake;
	r = ais31_t5_pool_start(p);
	if (r)
		goto err_done;
	*ret = p;
	return 0;

err_done:
	(void)pthread_cond_destroy(&p->done);
err_wake:
	(void)pthread_cond_destroy(&p->wake);
err_lock:
	(void)pthread_mutex_destroy(&p->lock);
err_free:
	free(p);
	return r;
}

/**
 * ais31_t5_pool_free() - stop the worker and free the pool
 * @p: pool from ais31_t5_pool_new(); NULL is allowed
 */
void ais31_t5_pool_free(struct ais31_t5_pool *p)
{
	if (!p)
		return;
	(void)pthread_mutex_lock(&p->lock);
	p->stop = true;
	(void)pthread_cond_signal(&p->wake);
	(void)pthread_mutex_unlock(&p->lock);
	(void)pthread_join(p->thread, NULL);
	(void)pthread_cond_destroy(&p->done);
	(void)pthread_cond_destroy(&p->wake);
	(void)pthread_mutex_destroy(&p->lock);
	free(p);
}

/**
 * ais31_t5_z_pool() - T5 statistic, the lag search on two threads
 * @p: pool, or NULL for a search on the calling thread alone
 * @blk: the block; not changed until this returns
 * @tau0: out: as ais31_t5_z()
 *
 * Return: as ais31_t5_z(), bit for bit.
 */
uint32_t ais31_t5_z_pool(struct ais31_t5_pool *p, const uint64_t *blk,
			 uint32_t *tau0)
{
	uint32_t dev = 0, tau = AIS31_T5_NO_TAU;

	if (!p)
		return ais31_t5_z(blk, tau0);
	(void)pthread_mutex_lock(&p->lock);
	p->blk = blk;
	(void)pthread_cond_signal(&p->wake);
	(void)pthread_mutex_unlock(&p->lock);
	ais31_t5_search(blk, 0, T5_POOL_SPLIT, &dev, &tau);
	(void)pthread_mutex_lock(&p->lock);
	while (p->blk)
		(void)pthread_cond_wait(&p->done, &p->lock);
	if (ais31_t5_better(p->dev, p->tau, dev, tau)) {
		dev = p->dev;
		tau = p->tau;
	}
	(void)pthread_mutex_unlock(&p->lock);
	*tau0 = tau;
	return ais31_t5_finish(blk, tau);
}
