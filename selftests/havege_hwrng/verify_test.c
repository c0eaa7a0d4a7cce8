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
};

FIXTURE(sim) {
	struct sim_out s;
};

FIXTURE_VARIANT(sim) {
	enum damage damage;
	int expect_ok;
};

FIXTURE_VARIANT_ADD(sim, clean) { .damage = NONE, .expect_ok = 1 };
FIXTURE_VARIANT_ADD(sim, chunk_served_twice) { .damage = DUPLICATE };
FIXTURE_VARIANT_ADD(sim, chunks_out_of_order) { .damage = SWAP };
FIXTURE_VARIANT_ADD(sim, one_bit_flipped) { .damage = FLIP };
FIXTURE_VARIANT_ADD(sim, foreign_chunk) { .damage = FOREIGN };
FIXTURE_VARIANT_ADD(sim, beyond_written) { .damage = UNWRITTEN };

/* The reader gets about 3 chunks in 4, the "fill thread" the rest. */
FIXTURE_SETUP(sim)
{
	uint64_t key = stream_key(3), pos = 0;
	int i;

	self->s.out = malloc(NCHUNK * CHUNK);
	ASSERT_NE(NULL, self->s.out);
	for (i = 0; i < NCHUNK; i++, pos += CHUNK) {
		/* partial chunks: the FIFO ran low when the reader came */
		size_t n = CHUNK - (rnd() % 4 ? 0 : rnd() % (CHUNK - 15));

		/* now and then a very short one between two gaps */
		if (i % 50 == 25)
			n = 1 + rnd() % 14;

		if (rnd() % 4 == 0 || i % 50 == 24 || i % 50 == 26)
			continue;
		stream_fill(key, pos, self->s.out + self->s.len, n);
		self->s.len += n;
	}
	self->s.written = pos;
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
	if (d == FLIP)
		self->out[mid] ^= 0x10;
	if (d == FOREIGN)
		stream_fill(stream_key(4), mid, self->out + mid, CHUNK);
	if (d == UNWRITTEN)
		self->written -= 4 * CHUNK;
}

TEST_F(sim, verdict)
{
	struct verify v;
	size_t off = 0;
	int err = 0;

	sim_damage(&self->s, variant->damage);
	verify_init(&v, stream_key(3));
	verify_set_limit(&v, self->s.written);
	/* odd push sizes: runs cross the look-ahead boundaries */
	while (!err && off < self->s.len) {
		size_t n = 1 + rnd() % 700;

		if (n > self->s.len - off)
			n = self->s.len - off;
		err = verify_push(&v, self->s.out + off, n);
		off += n;
	}
	if (!err)
		err = verify_finish(&v);
	if (variant->expect_ok) {
		EXPECT_EQ(0, err) TH_LOG("%s", v.err);
		EXPECT_EQ(self->s.len, v.received);
	} else {
		EXPECT_NE(0, err);
		TH_LOG("rejected as expected: %s", v.err);
	}
}

TEST_HARNESS_MAIN
