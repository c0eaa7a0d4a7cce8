// SPDX-License-Identifier: GPL-2.0
/*
 * source_condition.c: conditioned mode (--condition).  A source wrapped
 * around the HAVEGE source: it takes in_bytes tested bytes (the raw
 * SP 800-90B tests and the AIS-31 procedures run on them first, inside
 * the inner source, unchanged) and releases their SHA-256 digest, 32
 * bytes: the vetted conditioning component of SP 800-90B section
 * 3.1.5.1.1.  in_bytes is chosen (credit_condition_input()) so that the
 * input carries n_out + 64 bits at the credited rate: full entropy by
 * SP 800-90C, so the daemon may declare quality 1024.
 *
 * Failures: an inner error ends the block being hashed; nothing of it is
 * released and its state (the hash, the last input chunk, an unread rest
 * of the previous block) is wiped.  After -EIO, startup() must pass
 * before the next fill(), as for the inner source.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source_condition.h"

static struct source_condition *to_sc(const struct source *src)
{
	return (struct source_condition *)((const char *)src -
					   offsetof(struct source_condition,
						    src));
}

/* Forgets the current block and any unread output. */
static void source_condition_forget(struct source_condition *sc)
{
	sha256_wipe(&sc->hash);
	explicit_bzero(sc->out, sizeof(sc->out));
	explicit_bzero(sc->chunk, sizeof(sc->chunk));
	sc->have = 0;
	sc->out_off = 0;
	sc->out_len = 0;
}

static int source_condition_startup(struct source *src)
{
	struct source_condition *sc = to_sc(src);
	int r;

	source_condition_forget(sc);
	sc->need_startup = true;
	r = sc->inner->ops->startup(sc->inner);
	if (r)
		return r;
	sc->need_startup = false;
	return 0;
}

/* Hashes in_bytes inner bytes into sc->out; a negative errno ends it. */
static int source_condition_block(struct source_condition *sc)
{
	size_t want;
	ssize_t n;

	if (!sc->have)
		sha256_init(&sc->hash);
	while (sc->have < sc->in_bytes) {
		want = sc->in_bytes - sc->have;
		want = want < sizeof(sc->chunk) ? want : sizeof(sc->chunk);
		n = sc->inner->ops->fill(sc->inner, sc->chunk, want);
		if (n == 0 || n > (ssize_t)want)
			n = -EIO;	/* broken contract: treat as a failure */
		if (n < 0) {
			source_condition_forget(sc);
			return (int)n;
		}
		sha256_update(&sc->hash, sc->chunk, (size_t)n);
		explicit_bzero(sc->chunk, (size_t)n);
		sc->have += (size_t)n;
	}
	sha256_final(&sc->hash, sc->out);
	sc->have = 0;
	sc->out_off = 0;
	sc->out_len = sizeof(sc->out);
	sc->blocks++;
	return 0;
}

static ssize_t source_condition_fill(struct source *src, void *buf,
				     size_t len)
{
	struct source_condition *sc = to_sc(src);
	size_t n;
	int r;

	if (sc->need_startup)
		return -EIO;
	if (!len)
		return -EINVAL;
	if (sc->out_off == sc->out_len) {
		r = source_condition_block(sc);
		if (r) {
			sc->need_startup = r == -EIO;
			return r;
		}
	}
	n = sc->out_len - sc->out_off;
	n = n < len ? n : len;
	memcpy(buf, sc->out + sc->out_off, n);
	explicit_bzero(sc->out + sc->out_off, n);
	sc->out_off += n;
	sc->released += n;
	return (ssize_t)n;
}

static void source_condition_failure(const struct source *src,
				     struct source_failure *out)
{
	const struct source_condition *sc = to_sc(src);

	sc->inner->ops->failure(sc->inner, out);
}

static void source_condition_stats(const struct source *src,
				   struct source_stats *out)
{
	const struct source_condition *sc = to_sc(src);

	sc->inner->ops->stats(sc->inner, out);
	out->released = sc->released;
	out->conditioned = sc->blocks * sc->in_bytes;
	out->quality = sc->credit.quality;
}

static const char *source_condition_describe(const struct source *src,
					     unsigned int what)
{
	const struct source_condition *sc = to_sc(src);

	if (what == SOURCE_INFO_CONDITION)
		return sc->desc;
	return sc->inner->ops->describe ?
	       sc->inner->ops->describe(sc->inner, what) : NULL;
}

static void source_condition_destroy(struct source *src)
{
	struct source_condition *sc;

	if (!src)
		return;
	sc = to_sc(src);
	source_condition_forget(sc);
	sc->inner->ops->destroy(sc->inner);
	free(sc);
}

static const struct source_ops source_condition_ops = {
	.startup = source_condition_startup,
	.fill = source_condition_fill,
	.failure = source_condition_failure,
	.stats = source_condition_stats,
	.describe = source_condition_describe,
	.destroy = source_condition_destroy,
};

/**
 * source_condition_new() - SHA-256 conditioning around a source
 * @ret: the conditioned source, on success
 * @inner: the source of tested bytes; owned by *@ret on success (its
 *	destroy() destroys @inner), still the caller's on failure
 * @in_bytes: tested bytes hashed into each 32-byte block (n_in / 8), from
 *	credit_condition_input()
 * @h_in: min-entropy credited to @in_bytes bytes, in bits, from
 *	condition_input_entropy(); it sets the quality (stats())
 *
 * Return: 0, -EINVAL (@in_bytes or @h_in out of range for
 * condition_assess()), -ENOMEM.
 */
int source_condition_new(struct source **ret, struct source *inner,
			 size_t in_bytes, double h_in)
{
	struct condition_credit credit;
	struct source_condition *sc;
	int r;

	if (!in_bytes || in_bytes > UINT_MAX / 8)
		return -EINVAL;
	r = condition_assess(&credit, h_in, (unsigned int)(in_bytes * 8),
			     CONDITION_OUT_BITS, CONDITION_NW_BITS);
	if (r)
		return r;
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		return -ENOMEM;
	sc->src.ops = &source_condition_ops;
	sc->inner = inner;
	sc->in_bytes = in_bytes;
	sc->credit = credit;
	sc->need_startup = true;
	(void)snprintf(sc->desc, sizeof(sc->desc),
		       "sha256, %zu input bytes per %u-byte block (h_in %.1f bits, %s, quality %u)",
		       in_bytes, CONDITION_OUT_BYTES, h_in,
		       credit.full ? "full entropy" : "not full entropy",
		       credit.quality);
	*ret = &sc->src;
	return 0;
}
