// SPDX-License-Identifier: GPL-2.0
/*
 * Checking received bytes against the fed stream (see verify.h).
 *
 * A byte extends the current run when it is the stream byte at the next
 * position and the following bytes confirm it (8 of them, or the next run
 * can be located right after the shorter match), so a chance 1-in-256
 * match at a run boundary is not taken for a continuation.  Otherwise a new
 * run starts and must be located (stream_locate(): 16 bytes of
 * confirmation) at an allowed position: above every position seen, or
 * inside the reorder window on one not received yet.  Anything else is
 * reported with its offset in the received data.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stream.h"
#include "verify.h"

#define VERIFY_CONFIRM	8

/**
 * verify_init() - start checking a stream
 * @v: state
 * @key: stream key (stream_key() of the feeder's seed)
 * @window: reorder window in bytes (0 for strictly increasing positions),
 *	    at most VERIFY_RING - 64
 */
void verify_init(struct verify *v, uint64_t key, uint64_t window)
{
	memset(v, 0, sizeof(*v));
	v->key = key;
	v->window = window < VERIFY_RING - 64 ? window : VERIFY_RING - 64;
	v->limit = UINT64_MAX / 2;
}

/**
 * verify_set_limit() - declare how many stream bytes were written so far
 * @v: state
 * @limit: bytes written (positions 0 .. @limit - 1 exist)
 */
void verify_set_limit(struct verify *v, uint64_t limit)
{
	v->limit = limit;
}

/**
 * verify_skipped() - positions between first and highest not received
 * @v: state
 *
 * Return: bytes that other consumers took in between.
 */
uint64_t verify_skipped(const struct verify *v)
{
	return v->started ? v->hi - v->first - v->received : 0;
}

/**
 * verify_share() - also check positions against other readers' (see below)
 * @v: state
 * @bits: bitmap of @npos positions, zeroed, shared by every checker of the
 *	  stream (shared memory between reader processes)
 * @npos: positions it covers; a placed byte beyond fails
 *
 * Every placed position is set in @bits atomically; one that was already
 * set (another reader, or this one, got that byte before) fails the check.
 */
void verify_share(struct verify *v, uint64_t *bits, uint64_t npos)
{
	v->shared = bits;
	v->shared_npos = npos;
}

static bool verify_seen(const struct verify *v, uint64_t pos)
{
	uint64_t bit = pos % VERIFY_RING;

	return v->seen[bit / 64] & (1ULL << (bit % 64));
}

/* May @pos be received now? */
static bool verify_allowed(const struct verify *v, uint64_t pos)
{
	if (pos >= v->limit)
		return false;
	if (!v->started || pos >= v->hi)
		return true;
	return pos + v->window >= v->hi && !verify_seen(v, pos);
}

static int verify_fail(struct verify *v, const char *what);

/* Mark @pos in the shared bitmap; fail if another checker had it. */
static void verify_take_shared(struct verify *v, uint64_t pos)
{
	uint64_t mask = 1ULL << (pos % 64), old;

	if (v->failed)
		return;
	if (pos >= v->shared_npos) {
		(void)verify_fail(v, "byte beyond the shared positions");
		return;
	}
	old = __atomic_fetch_or(&v->shared[pos / 64], mask, __ATOMIC_RELAXED);
	if (old & mask)
		(void)verify_fail(v, "byte served to another reader too");
}

static void verify_take(struct verify *v, uint64_t pos)
{
	uint64_t bit;

	if (v->shared)
		verify_take_shared(v, pos);

	if (!v->started) {
		v->started = true;
		v->first = pos;
		v->hi = pos;
	}
	if (pos < v->first)
		v->first = pos;
	if (pos >= v->hi && pos - v->hi >= VERIFY_RING) {
		memset(v->seen, 0, sizeof(v->seen));
		v->hi = pos;
	}
	/* positions newly below hi start as "not received" */
	for (; v->hi <= pos; v->hi++)
		v->seen[(v->hi % VERIFY_RING) / 64] &= ~(1ULL << (v->hi % 64));
	bit = pos % VERIFY_RING;
	v->seen[bit / 64] |= 1ULL << (bit % 64);
	v->next = pos + 1;
	v->received++;
}

static int verify_fail(struct verify *v, const char *what)
{
	v->failed = true;
	snprintf(v->err, sizeof(v->err),
		 "%s at received byte %" PRIu64 " (expected position %" PRIu64
		 ", highest %" PRIu64 ")", what, v->received, v->next, v->hi);
	return -EINVAL;
}

static uint64_t verify_low(const struct verify *v)
{
	if (!v->started)
		return 0;
	return v->hi > v->window ? v->hi - v->window : 0;
}

/*
 * Could @buf (a piece too short to locate, 1..14 bytes) have come from
 * allowed positions in [@lo, @end)?
 */
static bool verify_exists(const struct verify *v, const uint8_t *buf,
			  size_t len, uint64_t lo, uint64_t end)
{
	uint64_t p;
	size_t i;

	if (end > v->limit)
		end = v->limit;
	for (p = lo; p + len <= end; p++) {
		if (stream_match(v->key, p, buf, len) != len)
			continue;
		for (i = 0; i < len && verify_allowed(v, p + i); i++)
			;
		if (i == len)
			return true;
	}
	return false;
}

static bool verify_strong(const struct verify *v, const uint8_t *buf,
			  size_t len, uint64_t *pos)
{
	return len >= 15 && !stream_locate(v->key, buf, len, v->limit, pos) &&
	       verify_allowed(v, *pos);
}

/*
 * A piece of @k bytes followed by one that starts at @after: it lies
 * before @after or, with a reorder window, may also be the end of the
 * chunk that @after starts (handed out first) or of another one nearby.
 */
static bool verify_fits(const struct verify *v, const uint8_t *buf,
			size_t k, uint64_t after)
{
	uint64_t lo = verify_low(v), end = after;

	if (after == UINT64_MAX)
		return verify_exists(v, buf, k, lo, v->hi + (1U << 16));
	if (!v->started)
		lo = after > (1U << 16) ? after - (1U << 16) : 0;
	if (v->window)
		end = (after > v->hi ? after : v->hi) + v->window + k;
	return verify_exists(v, buf, k, lo, end);
}

/*
 * Can @buf be read as up to @depth pieces too short to locate (each one
 * fitting somewhere allowed) and then a located run at *@after?  Running
 * out of look-ahead counts as yes (*@after = UINT64_MAX): the next step
 * checks the rest.
 */
static bool verify_chain(const struct verify *v, const uint8_t *buf,
			 size_t len, int depth, uint64_t *after)
{
	size_t k;

	if (verify_strong(v, buf, len, after))
		return true;
	*after = UINT64_MAX;
	if (len < 15)
		return verify_exists(v, buf, len, verify_low(v),
				     v->hi + (1U << 16));
	for (k = 1; depth > 0 && k < 15; k++)
		if (verify_chain(v, buf + k, len - k, depth - 1, after) &&
		    verify_fits(v, buf, k, *after))
			return true;
	return false;
}

/*
 * Where does the run at buf[0] come from?  0: located at *@pos (15 bytes
 * confirm it).  1: it is a piece of *@k < 15 bytes (a partial chunk, maybe
 * split by the core) that fits in the stream before what follows (located
 * at *@pos, or UINT64_MAX); its exact position is unknown, so it is
 * counted but not placed.  -ENOENT: neither.
 */
static int verify_find(struct verify *v, const uint8_t *buf, size_t len,
		       uint64_t *pos, size_t *k)
{
	if (verify_strong(v, buf, len, pos))
		return 0;
	for (*k = 1; *k < 15 && *k <= len; (*k)++) {
		if (*k == len)
			return verify_exists(v, buf, len, verify_low(v),
					     v->hi + (1U << 16)) ? 1 : -ENOENT;
		if (verify_chain(v, buf + *k, len - *k, 3, pos) &&
		    verify_fits(v, buf, *k, *pos))
			return 1;
	}
	return -ENOENT;
}

enum verify_next { VERIFY_NEW_RUN, VERIFY_CONTINUE, VERIFY_EITHER };

/*
 * Does buf[0] continue the current run?  Yes if the next 8 bytes do.  If
 * only m < 8 do, the run may end after them (the bytes after must then be
 * found as a run, at *@after), unless a run located at buf[0] itself
 * explains the same bytes: then both readings agree from *@after on and
 * only the placement of the m bytes is unknown (a 1-in-256 coincidence at
 * a run boundary).
 */
static enum verify_next verify_continues(struct verify *v,
					 const uint8_t *buf, size_t len,
					 size_t *m, uint64_t *after)
{
	uint64_t here;
	size_t k;
	int f;

	if (!v->started || !verify_allowed(v, v->next))
		return VERIFY_NEW_RUN;
	*m = stream_match(v->key, v->next, buf, len);
	if (!*m)
		return VERIFY_NEW_RUN;
	if (*m == len || *m >= VERIFY_CONFIRM)
		return VERIFY_CONTINUE;
	f = verify_find(v, buf + *m, len - *m, after, &k);
	/* what follows cannot reuse the positions the m bytes would take */
	if (f >= 0 && *after >= v->next && *after - v->next < *m)
		f = -ENOENT;
	if (!verify_strong(v, buf, len, &here) || here == v->next)
		return f >= 0 ? VERIFY_CONTINUE : VERIFY_NEW_RUN;
	if (f != 0 || here + *m != *after)
		return VERIFY_NEW_RUN;
	return VERIFY_EITHER;
}

/* How many positions from v->next on may be taken (at most @n)? */
static size_t verify_allowed_run(const struct verify *v, size_t n)
{
	size_t i;

	if (v->next >= v->hi && v->next < v->limit)
		return v->limit - v->next < n ? (size_t)(v->limit - v->next) : n;
	for (i = 0; i < n && verify_allowed(v, v->next + i); i++)
		;
	return i;
}

/*
 * Check bytes from buf[0] on; @len bytes of look-ahead are available.
 * Return: bytes consumed (at least 1) or -errno.
 */
static int verify_step(struct verify *v, const uint8_t *buf, size_t len)
{
	uint64_t pos;
	size_t m = 0, k, i;
	int f;

	if (v->unplaced) {
		v->unplaced--;
		v->received++;
		return 1;
	}
	switch (verify_continues(v, buf, len, &m, &pos)) {
	case VERIFY_CONTINUE:
		/* every byte taken keeps VERIFY_CONFIRM matching ones after it */
		k = m >= VERIFY_CONFIRM && m < len ? m - VERIFY_CONFIRM + 1 :
		    (m == len ? m : 1);
		k = verify_allowed_run(v, k);
		for (i = 0; i < k; i++)
			verify_take(v, v->next);
		if (k)
			return (int)k;
		break;
	case VERIFY_EITHER:
		/* stream bytes, but not marked: their position is unsure */
		v->unplaced = m - 1;
		v->received++;
		v->next = pos;
		return 1;
	case VERIFY_NEW_RUN:
		break;
	}
	f = verify_find(v, buf, len, &pos, &k);
	if (f == 1) {
		/* a tiny piece: a stream byte, but its position is unsure */
		v->unplaced = k - 1;
		v->received++;
		v->next = UINT64_MAX;
		return 1;
	}
	if (f) {
		if (!stream_locate(v->key, buf, len, UINT64_MAX / 2, &pos))
			return verify_fail(v, pos >= v->limit ?
					   "byte never written" :
					   "byte served twice or out of order");
		return verify_fail(v, "byte not in the fed stream");
	}
	v->runs++;
	verify_take(v, pos);
	return 1;
}

/* Check the work buffer while more than @keep bytes are in it. */
static int verify_drain(struct verify *v, size_t keep)
{
	size_t off = 0;
	int r = 0;

	while (v->nwork - off > keep) {
		r = verify_step(v, v->work + off, v->nwork - off);
		if (r < 0)
			break;
		off += (size_t)r;
	}
	memmove(v->work, v->work + off, v->nwork - off);
	v->nwork -= off;
	return r < 0 ? r : 0;
}

/**
 * verify_push() - check more received bytes
 * @v: state
 * @buf: bytes in the order they were read
 * @len: length of @buf
 *
 * Up to VERIFY_LOOK bytes are kept back as look-ahead until the next call
 * or verify_finish().
 *
 * Return: 0, or -EINVAL once a check failed (@v->err says why).
 */
int verify_push(struct verify *v, const uint8_t *buf, size_t len)
{
	while (len && !v->failed) {
		size_t n = sizeof(v->work) - v->nwork;

		if (n > len)
			n = len;
		memcpy(v->work + v->nwork, buf, n);
		v->nwork += n;
		buf += n;
		len -= n;
		if (verify_drain(v, VERIFY_LOOK))
			return -EINVAL;
	}
	return v->failed ? -EINVAL : 0;
}

/**
 * verify_finish() - check the bytes still held as look-ahead
 * @v: state
 *
 * Return: 0, or -EINVAL if a check failed.
 */
int verify_finish(struct verify *v)
{
	if (!v->failed)
		(void)verify_drain(v, 0);
	return v->failed ? -EINVAL : 0;
}
