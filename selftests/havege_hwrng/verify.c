// SPDX-License-Identifier: GPL-2.0
/*
 * In-order subsequence check of received bytes against the fed stream.
 *
 * The byte at the expected position extends the current run.  Anything else
 * starts a new run, which must be located (stream_locate(), 16 bytes of
 * confirmation) strictly after the previous one: a byte served twice, out of
 * order, or never written is reported with its offset in the received data.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stream.h"
#include "verify.h"

/**
 * verify_init() - start checking a stream
 * @v: state
 * @key: stream key (stream_key() of the feeder's seed)
 */
void verify_init(struct verify *v, uint64_t key)
{
	memset(v, 0, sizeof(*v));
	v->key = key;
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

static int verify_fail(struct verify *v, const char *what)
{
	v->failed = true;
	snprintf(v->err, sizeof(v->err),
		 "%s at received byte %" PRIu64 " (expected position %" PRIu64
		 ", %" PRIu64 " written)", what, v->received, v->next,
		 v->limit);
	return -EINVAL;
}

/* Short tail without a full word: search forward for an exact match. */
static int verify_search(struct verify *v, const uint8_t *buf, size_t len,
			 uint64_t *pos)
{
	uint64_t p, end = v->limit;

	if (end - v->next > (1U << 20))
		end = v->next + (1U << 20);
	for (p = v->next; p + len <= end; p++) {
		if (stream_match(v->key, p, buf, len) == len) {
			*pos = p;
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * A run too short to hold a whole word (a partial chunk between two gaps):
 * locate the run after it, then find its @k bytes in the gap before that.
 */
static int verify_short_run(struct verify *v, const uint8_t *buf,
			    size_t len, uint64_t *pos)
{
	uint64_t after, lo, p;
	size_t k;

	for (k = 1; k < 15 && k + 15 <= len; k++) {
		if (stream_locate(v->key, buf + k, len - k, v->limit, &after))
			continue;
		if (after < k)
			continue;
		lo = v->started ? v->next : 0;
		if (after - k - lo > (1U << 16))
			lo = after - k - (1U << 16);
		for (p = lo; p + k <= after; p++) {
			if (stream_match(v->key, p, buf, k) == k) {
				*pos = p;
				return 0;
			}
		}
	}
	return -ENOENT;
}

static int verify_find(struct verify *v, const uint8_t *buf, size_t len,
		       uint64_t *pos)
{
	if (len < 15)
		return verify_search(v, buf, len, pos);
	if (!stream_locate(v->key, buf, len, v->limit, pos))
		return 0;
	return verify_short_run(v, buf, len, pos);
}

/* Check buf[0]; @len bytes of look-ahead are available.  Return 0 or -errno */
static int verify_step(struct verify *v, const uint8_t *buf, size_t len)
{
	uint64_t pos;
	int err;

	if (v->started && v->next < v->limit &&
	    buf[0] == stream_byte(v->key, v->next)) {
		v->next++;
		v->received++;
		return 0;
	}
	err = verify_find(v, buf, len, &pos);
	if (err)
		return verify_fail(v, "byte not in the fed stream");
	if (v->started && pos < v->next)
		return verify_fail(v, "byte served twice or out of order");
	if (!v->started)
		v->first = pos;
	else
		v->skipped += pos - v->next;
	v->started = true;
	v->runs++;
	v->next = pos + 1;
	v->received++;
	return 0;
}

/**
 * verify_push() - check more received bytes
 * @v: state
 * @buf: bytes in the order they were read
 * @len: length of @buf
 *
 * Up to VERIFY_LOOK - 1 bytes are kept back as look-ahead until the next
 * call or verify_finish().
 *
 * Return: 0, or -EINVAL once a check failed (@v->err says why).
 */
int verify_push(struct verify *v, const uint8_t *buf, size_t len)
{
	size_t i;

	if (v->failed)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		v->pend[v->npend++] = buf[i];
		if (v->npend < VERIFY_LOOK)
			continue;
		if (verify_step(v, v->pend, v->npend))
			return -EINVAL;
		memmove(v->pend, v->pend + 1, --v->npend);
	}
	return 0;
}

/**
 * verify_finish() - check the bytes still held as look-ahead
 * @v: state
 *
 * Return: 0, or -EINVAL if a check failed.
 */
int verify_finish(struct verify *v)
{
	while (!v->failed && v->npend) {
		if (verify_step(v, v->pend, v->npend))
			return -EINVAL;
		memmove(v->pend, v->pend + 1, --v->npend);
	}
	return v->failed ? -EINVAL : 0;
}
