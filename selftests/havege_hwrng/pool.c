// SPDX-License-Identifier: GPL-2.0
/*
 * Verifying /dev/hwrng reader processes sharing their results (pool.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev.h"
#include "pool.h"
#include "stream.h"
#include "verify.h"

static volatile sig_atomic_t pool_term;

static void pool_on_term(int sig)
{
	(void)sig;
	pool_term = 1;
}

static bool pool_stopping(struct pool_shared *sh)
{
	return pool_term || __atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE);
}

static void pool_set(uint64_t *field, uint64_t val)
{
	__atomic_store_n(field, val, __ATOMIC_RELEASE);
}

static void pool_finish(struct pool_slot *s, struct verify *v)
{
	if (v && verify_finish(v)) {
		snprintf(s->err, sizeof(s->err), "%s", v->err);
		s->failed = 1;
	}
	__atomic_store_n(&s->done, 1, __ATOMIC_RELEASE);
	_exit(s->failed || s->unexpected ? 1 : 0);
}

/*
 * POOL_CHUNKS: a read that is a whole chunk of the stream marks its
 * positions (none may be marked already); anything else is foreign.
 */
static int pool_chunk(struct pool *p, struct pool_slot *s, uint64_t key,
		      const uint8_t *buf, size_t len)
{
	uint64_t pos, i, mask, old;

	if (len != DEV_CORE_CHUNK ||
	    stream_locate(key, buf, len, p->npos, &pos) ||
	    stream_match(key, pos, buf, len) != len ||
	    pos + len > p->npos) {
		__atomic_add_fetch(&s->foreign, len, __ATOMIC_RELAXED);
		return 0;
	}
	for (i = pos; i < pos + len; i++) {
		mask = 1ULL << (i % 64);
		old = __atomic_fetch_or(&p->sh->bits[i / 64], mask,
					__ATOMIC_RELAXED);
		if (old & mask) {
			snprintf(s->err, sizeof(s->err),
				 "stream position %llu served twice",
				 (unsigned long long)i);
			return -EINVAL;
		}
	}
	__atomic_add_fetch(&s->bytes, len, __ATOMIC_RELAXED);
	return 0;
}

/* One reader: whole chunks, so the core never keeps part of one back. */
static void pool_reader(struct pool *p, int i, uint64_t key)
{
	struct sigaction sa = { .sa_handler = pool_on_term };
	struct pool_slot *s = &p->sh->slot[i];
	static struct verify v;
	uint8_t buf[DEV_CORE_CHUNK];
	int fd;

	/* no SA_RESTART: SIGTERM ends a read() blocked in the core */
	sigaction(SIGTERM, &sa, NULL);
	/* a test killed by the harness's timeout takes its readers along */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	/*
	 * A reorder window of one chunk: a partial chunk (the FIFO's tail
	 * after the bounded wait) leaves the core's buffer misaligned with
	 * the reads, and the core hands out a chunk's end first (verify.h).
	 */
	if (p->check == POOL_STREAM) {
		verify_init(&v, key, DEV_CORE_CHUNK);
		verify_share(&v, p->sh->bits, p->npos);
	}
	fd = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC |
		  (i >= p->n_total - p->nonblock ? O_NONBLOCK : 0));
	if (fd < 0) {
		s->last_err = errno;
		s->unexpected = 1;
		pool_finish(s, NULL);
	}
	while (!pool_stopping(p->sh)) {
		ssize_t r;

		if (__atomic_load_n(&p->sh->paused, __ATOMIC_ACQUIRE)) {
			dev_sleep_ms(1);
			continue;
		}
		pool_set(&s->enter_ms, dev_now_ms());
		__atomic_store_n(&s->in_read, 1, __ATOMIC_RELEASE);
		r = read(fd, buf, sizeof(buf));
		__atomic_store_n(&s->in_read, 0, __ATOMIC_RELEASE);
		pool_set(&s->leave_ms, dev_now_ms());
		if (r > 0 && p->check == POOL_CHUNKS) {
			s->reads++;
			if (pool_chunk(p, s, key, buf, (size_t)r)) {
				s->failed = 1;
				break;
			}
			continue;
		}
		if (r > 0) {
			if (p->check == POOL_STREAM &&
			    verify_push(&v, buf, (size_t)r)) {
				snprintf(s->err, sizeof(s->err), "%s", v.err);
				s->failed = 1;
				break;
			}
			__atomic_add_fetch(&s->bytes, (uint64_t)r,
					   __ATOMIC_RELAXED);
			s->reads++;
			continue;
		}
		s->errors++;
		s->last_err = r ? errno : 0;
		if (r && errno != ENODEV && errno != EAGAIN && errno != EINTR)
			s->unexpected = 1;
		/* no rng, or ours is going away: do not spin */
		dev_sleep_ms(1);
	}
	pool_finish(s, p->check == POOL_STREAM ? &v : NULL);
}

/**
 * pool_start_nonblock() - fork @n readers of /dev/hwrng
 * @p: pool
 * @n: readers, at most POOL_MAX
 * @nonblock: how many of them (the last ones) read with O_NONBLOCK
 * @check: what the readers check
 * @key: stream key the bytes are checked against
 * @npos: stream positions the feeders of this pool may write
 *
 * Return: 0 or -errno (readers already started are stopped).
 */
int pool_start_nonblock(struct pool *p, int n, int nonblock,
			enum pool_check check, uint64_t key, uint64_t npos)
{
	int i;

	memset(p, 0, sizeof(*p));
	if (n < 1 || n > POOL_MAX || nonblock < 0 || nonblock > n)
		return -EINVAL;
	p->n_total = n;
	p->nonblock = nonblock;
	p->check = check;
	p->npos = check == POOL_NONE ? 0 : npos;
	p->size = sizeof(*p->sh) + (p->npos + 63) / 64 * sizeof(uint64_t);
	p->sh = mmap(NULL, p->size, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p->sh == MAP_FAILED) {
		p->sh = NULL;
		return -errno;
	}
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			int err = -errno;

			pool_kill(p);
			return err;
		}
		if (!pid)
			pool_reader(p, i, key);
		p->pid[i] = pid;
		p->n = i + 1;
	}
	return 0;
}

/**
 * pool_start() - fork @n blocking readers of /dev/hwrng
 * @p: pool
 * @n: readers, at most POOL_MAX
 * @check: what the readers check
 * @key: stream key the bytes are checked against
 * @npos: stream positions the feeders of this pool may write
 *
 * Return: 0 or -errno (readers already started are stopped).
 */
int pool_start(struct pool *p, int n, enum pool_check check, uint64_t key,
	       uint64_t npos)
{
	return pool_start_nonblock(p, n, 0, check, key, npos);
}

/**
 * pool_bytes() - bytes the readers got so far
 * @p: pool
 *
 * Return: the sum over the readers.
 */
uint64_t pool_bytes(const struct pool *p)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < p->n; i++)
		sum += __atomic_load_n(&p->sh->slot[i].bytes, __ATOMIC_RELAXED);
	return sum;
}

/**
 * pool_foreign() - POOL_CHUNKS: bytes the readers got that were no chunk
 *	of the stream (another hwrng's)
 * @p: pool
 *
 * Return: the sum over the readers.
 */
uint64_t pool_foreign(const struct pool *p)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < p->n; i++)
		sum += __atomic_load_n(&p->sh->slot[i].foreign,
				       __ATOMIC_RELAXED);
	return sum;
}

/**
 * pool_pause() - keep the readers out of read(), or let them go on
 * @p: pool
 * @pause: true to pause
 * @timeout_ms: pausing waits this long for every reader to leave read()
 *
 * Return: 0, or -ETIMEDOUT if a reader is still in read().
 */
int pool_pause(const struct pool *p, bool pause, unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int i;

	__atomic_store_n(&p->sh->paused, pause, __ATOMIC_RELEASE);
	if (!pause)
		return 0;
	for (i = 0; i < p->n; i++) {
		while (__atomic_load_n(&p->sh->slot[i].in_read,
				       __ATOMIC_ACQUIRE) &&
		       !__atomic_load_n(&p->sh->slot[i].done,
					__ATOMIC_ACQUIRE)) {
			if (dev_now_ms() >= end)
				return -ETIMEDOUT;
			dev_sleep_ms(1);
		}
	}
	return 0;
}

/* Is the reader outside read(), or in one begun after @since? */
static bool pool_returned(const struct pool_slot *s, uint64_t since)
{
	if (!__atomic_load_n(&s->in_read, __ATOMIC_ACQUIRE))
		return true;
	return __atomic_load_n(&s->enter_ms, __ATOMIC_ACQUIRE) > since ||
	       __atomic_load_n(&s->done, __ATOMIC_ACQUIRE);
}

/**
 * pool_wait_returned() - wait until no reader is still in a read() it
 *	began at or before @since
 * @p: pool
 * @since: dev_now_ms() of the event the readers must notice
 * @timeout_ms: give up after this long
 *
 * Return: 0 or -ETIMEDOUT.
 */
int pool_wait_returned(const struct pool *p, uint64_t since,
		       unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int i;

	for (;;) {
		for (i = 0; i < p->n; i++)
			if (!pool_returned(&p->sh->slot[i], since))
				break;
		if (i == p->n)
			return 0;
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(2);
	}
}

/**
 * pool_wait_bytes() - wait until the readers got @min bytes in all
 * @p: pool
 * @min: bytes
 * @timeout_ms: give up after this long
 *
 * Return: 0 or -ETIMEDOUT.
 */
int pool_wait_bytes(const struct pool *p, uint64_t min,
		    unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;

	while (pool_bytes(p) < min) {
		if (dev_now_ms() >= end)
			return -ETIMEDOUT;
		dev_sleep_ms(2);
	}
	return 0;
}

/**
 * pool_received() - positions in [@lo, @hi) some reader got
 * @p: pool (checked)
 * @lo: first position
 * @hi: end
 *
 * Return: how many of them were received.
 */
uint64_t pool_received(const struct pool *p, uint64_t lo, uint64_t hi)
{
	uint64_t pos, n = 0;

	if (hi > p->npos)
		hi = p->npos;
	for (pos = lo; pos < hi; pos++)
		n += !!(p->sh->bits[pos / 64] & (1ULL << (pos % 64)));
	return n;
}

/**
 * pool_stop() - stop the readers and wait for their checks
 * @p: pool
 * @timeout_ms: each reader must be gone this long after the request
 *
 * Readers blocked in read() are interrupted with SIGTERM, sent again
 * until they are gone (one that arrives just before a read() begins only
 * sets the flag).  The counters and outcomes stay readable in @p->sh until
 * pool_kill().
 *
 * Return: 0 if every reader exited in time, having found nothing wrong;
 * -ETIMEDOUT if one hung (it is killed); -EINVAL if one failed.
 */
int pool_stop(struct pool *p, unsigned int timeout_ms)
{
	uint64_t end = dev_now_ms() + timeout_ms;
	int i, st, ret = 0;
	pid_t r;

	__atomic_store_n(&p->sh->stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < p->n; i++) {
		if (p->pid[i] <= 0)
			continue;
		while (!(r = waitpid(p->pid[i], &st, WNOHANG)) &&
		       dev_now_ms() < end) {
			kill(p->pid[i], SIGTERM);
			dev_sleep_ms(20);
		}
		if (r != p->pid[i]) {
			kill(p->pid[i], SIGKILL);
			(void)waitpid(p->pid[i], NULL, 0);
			ret = -ETIMEDOUT;
		} else if ((!WIFEXITED(st) || WEXITSTATUS(st)) && !ret) {
			ret = -EINVAL;
		}
		p->pid[i] = 0;
	}
	return ret;
}

/**
 * pool_kill() - kill whatever readers are left and free the shared memory
 * @p: pool (may be all zero)
 */
void pool_kill(struct pool *p)
{
	int i;

	for (i = 0; i < p->n; i++) {
		if (p->pid[i] > 0) {
			kill(p->pid[i], SIGKILL);
			(void)waitpid(p->pid[i], NULL, 0);
		}
		p->pid[i] = 0;
	}
	if (p->sh)
		munmap(p->sh, p->size);
	p->sh = NULL;
	p->n = 0;
}
