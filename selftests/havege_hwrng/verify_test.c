// SPDX-License-Identifier: GPL-2.0
/*
 * Self-check of the checkers (stream.c, verify.c), no device needed: the
 * module tests are only as good as their verdict on a wrong byte stream.
 * Simulates consumers taking 64-byte chunks of the stream and checks that
 * the legitimate interleavings pass and each kind of corruption fails.
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "stream.h"
#include "verify.h"

#define CHUNK	64
#define NCHUNK	512

static uint64_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rnd_state >> 33);
}

TEST(stream_locate_any_position)
{
	uint64_t key = stream_key(7), pos, found;
	uint8_t buf[40];
	int i;

	for (i = 0; i < 2000; i++) {
		size_t len = 15 + rnd() % 25;

		pos = rnd() % 100000;
		stream_fill(key, pos, buf, len);
		ASSERT_EQ(0, stream_locate(key, buf, len, 200000, &found));
		ASSERT_EQ(pos, found);
		/* not yet written: refused */
		EXPECT_NE(0, stream_locate(key, buf, len, pos + 1, &found));
		/* another stream: refused */
		EXPECT_NE(0, stream_locate(stream_key(8), buf, len, 200000,
					   &found));
	}
}

TEST(stream_fill_matches_byte)
{
	uint64_t key = stream_key(9);
	uint8_t buf[100];
	size_t i;

	stream_fill(key, 13, buf, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		ASSERT_EQ(stream_byte(key, 13 + i), buf[i]);
	EXPECT_EQ(sizeof(buf), stream_match(key, 13, buf, sizeof(buf)));
	EXPECT_EQ(0, stream_match(key, 14, buf, sizeof(buf)));
}

/* How the simulated reader's data is damaged. */
enum damage { NONE, DUPLICATE, SWAP, FLIP, FOREIGN, UNWRITTEN };

/* what the simulated reader received */
struct sim_out {
	uint8_t *out;
	size_t len;
	uint64_t written;
	uint64_t hi;		/* highest position received + 1 */
};

FIXTURE(sim) {
	struct sim_out s;
};

FIXTURE_VARIANT(sim) {
	enum damage damage;
	int expect_ok;
	size_t read_size;	/* 0: whole chunks, no splitting */
	uint64_t window;
};

FIXTURE_VARIANT_ADD(sim, clean) { .damage = NONE, .expect_ok = 1 };
FIXTURE_VARIANT_ADD(sim, chunk_served_twice) { .damage = DUPLICATE };
FIXTURE_VARIANT_ADD(sim, chunks_out_of_order) { .damage = SWAP };
FIXTURE_VARIANT_ADD(sim, one_bit_flipped) { .damage = FLIP };
FIXTURE_VARIANT_ADD(sim, foreign_chunk) { .damage = FOREIGN };
FIXTURE_VARIANT_ADD(sim, beyond_written) { .damage = UNWRITTEN };
/* what a blocking reader gets: strictly increasing order does not hold */
FIXTURE_VARIANT_ADD(sim, split_needs_window) {
	.damage = NONE, .read_size = 100, .window = 0,
};

/* Size of the next chunk the module's .read returns. */
static size_t sim_chunk(int i)
{
	/* now and then a very short one (the FIFO ran almost empty) */
	if (i % 50 == 25)
		return 1 + rnd() % 14;
	/* partial chunks: the FIFO ran low when the reader came */
	return CHUNK - (rnd() % 4 ? 0 : rnd() % (CHUNK - 15));
}

/* Whole chunks: the reader gets about 3 in 4, the "fill thread" the rest. */
static void sim_whole(struct sim_out *o, uint64_t key)
{
	uint64_t pos = 0;
	int i;

	for (i = 0; i < NCHUNK; i++) {
		size_t n = sim_chunk(i);

		if (rnd() % 4 && i % 50 != 24 && i % 50 != 26) {
			stream_fill(key, pos, o->out + o->len, n);
			o->len += n;
			o->hi = pos + n;
		}
		pos += n;
	}
	o->written = pos;
}

/*
 * The hw_random core's read(): a chunk goes to a buffer, the reader gets
 * its END first when it asks for less, the rest on its next read().
 */
static void sim_split(struct sim_out *o, uint64_t key, size_t read_size)
{
	uint64_t pos = 0, start = 0;
	size_t avail = 0;
	int i = 0;

	while (i < NCHUNK) {
		size_t size = read_size;

		while (size && i < NCHUNK) {
			size_t len;

			if (!avail) {
				if (rnd() % 4 == 0)	/* fill thread's turn */
					pos += sim_chunk(i++);
				start = pos;
				avail = sim_chunk(i++);
				pos += avail;
			}
			len = avail < size ? avail : size;
			avail -= len;
			stream_fill(key, start + avail, o->out + o->len, len);
			o->len += len;
			o->hi = pos;
			size -= len;
		}
	}
	o->written = pos;
}

FIXTURE_SETUP(sim)
{
	self->s.out = malloc(NCHUNK * CHUNK);
	ASSERT_NE(NULL, self->s.out);
}

FIXTURE_TEARDOWN(sim)
{
	free(self->s.out);
}

static void sim_damage(struct sim_out *self, enum damage d)
{
	uint8_t tmp[CHUNK];
	size_t mid = self->len / 2;

	if (d == DUPLICATE)
		memcpy(self->out + mid, self->out + mid - 1000, CHUNK);
	if (d == SWAP) {
		memcpy(tmp, self->out + mid, CHUNK);
		memcpy(self->out + mid, self->out + mid + 3 * CHUNK, CHUNK);
		memcpy(self->out + mid + 3 * CHUNK, tmp, CHUNK);
	}
	/* four flips: a byte of a tiny run can only be checked weakly */
	if (d == FLIP) {
		self->out[mid] ^= 0x10;
		self->out[mid + 1111] ^= 0x01;
		self->out[mid + 2222] ^= 0x80;
		self->out[mid + 3333] ^= 0x04;
	}
	if (d == FOREIGN)
		stream_fill(stream_key(4), mid, self->out + mid, CHUNK);
	if (d == UNWRITTEN)
		self->written = self->hi - 4 * CHUNK;
}

/* Simulate one reader with stream @seed, damage it, check it. */
static int sim_check(struct sim_out *o, enum damage damage,
		     size_t read_size, uint64_t window, uint64_t seed,
		     struct verify *v)
{
	uint64_t key = stream_key(seed);
	size_t off = 0;
	int err = 0;

	o->len = 0;
	o->hi = 0;
	if (read_size)
		sim_split(o, key, read_size);
	else
		sim_whole(o, key);
	sim_damage(o, damage);
	verify_init(v, key, window);
	verify_set_limit(v, o->written);
	/* odd push sizes: runs cross the look-ahead boundaries */
	while (!err && off < o->len) {
		size_t n = 1 + rnd() % 700;

		if (n > o->len - off)
			n = o->len - off;
		err = verify_push(v, o->out + off, n);
		off += n;
	}
	return err ? err : verify_finish(v);
}

/* 20 different streams and consumer patterns per variant */
TEST_F(sim, verdict)
{
	struct verify v;
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		int err = sim_check(&self->s, variant->damage,
				    variant->read_size, variant->window,
				    seed, &v);

		if (variant->expect_ok) {
			ASSERT_EQ(0, err) TH_LOG("seed %llu: %s",
						 (unsigned long long)seed, v.err);
			ASSERT_EQ(self->s.len, v.received);
		} else {
			ASSERT_NE(0, err) TH_LOG("seed %llu accepted",
						 (unsigned long long)seed);
		}
	}
	if (!variant->expect_ok)
		TH_LOG("last rejection: %s", v.err);
}

TEST_HARNESS_MAIN
