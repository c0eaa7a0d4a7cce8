// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ais31.c: the AIS 31 procedure entry points havege-ais31 uses
 * (ais31_test_parse(), ais31_a_init()/ais31_a_single()/ais31_a_insert(),
 * ais31_b_init()/ais31_b_single()/ais31_b_insert(), helper/online/) on
 * arbitrary bits fed in arbitrary chunks.
 *
 * Input: byte 0 = mode (bits 0-1: procedure A, B, one test by name, A and
 * B; bit 2: LSB-first; bits 3-4: the bit stream is 0: the data once,
 * 1: the data repeated, 2 and 3: a generator seeded by the data, with the
 * data in front; bits 5-7: chunk size), byte 1 = T5 cadence of procedure A
 * (0 is invalid), then for "one test" a name up to the first ',', then the
 * data.  Streams 1 and 2 are FUZZ_AIS31_SHORT bytes long, enough for
 * procedure B's verdicts and T1..T5; stream 3 is FUZZ_AIS31_LONG bytes,
 * enough for procedure A and its retry, but slow (~1 s with sanitizers).
 *
 * Invariants: every insert returns a verdict or AIS31_MORE and never moves
 * the cursor past its end; a procedure keeps its verdict until restarted.
 */
#include <errno.h>
#include <stdbool.h>

#include "ais31.h"
#include "fuzz.h"

#define FUZZ_AIS31_SHORT	(64U << 10)
#define FUZZ_AIS31_LONG		(2600U << 10)
#define FUZZ_AIS31_NAME_MAX	8

static const size_t fuzz_ais31_chunks[] = {
	1, 3, 64, 1000, 2500, 4096, 65536, 1U << 20,
};

/* The bit stream: the data, once or repeated, or xorshift64 after it. */
struct fuzz_ais31_stream {
	const uint8_t *data;
	size_t size;
	size_t pos;
	size_t total;
	unsigned int kind;
	uint64_t x;
};

static size_t fuzz_ais31_fill(struct fuzz_ais31_stream *st, uint8_t *buf,
			      size_t len)
{
	size_t i;

	if (len > st->total - st->pos)
		len = st->total - st->pos;
	for (i = 0; i < len; i++, st->pos++) {
		if (st->pos < st->size) {
			buf[i] = st->data[st->pos];
		} else if (st->kind == 1 && st->size) {
			buf[i] = st->data[st->pos % st->size];
		} else {
			st->x ^= st->x << 13;
			st->x ^= st->x >> 7;
			st->x ^= st->x << 17;
			buf[i] = (uint8_t)(st->x >> 32);
		}
	}
	return len;
}

/* Feed one procedure; restart it after a verdict, as the engine does. */
static void fuzz_ais31_feed(struct ais31_a *a, struct ais31_b *b,
			    const uint8_t *buf, size_t n, bool lsb)
{
	struct ais31_in in = { .buf = buf, .end = 8 * n, .lsb = lsb };
	int v;

	while (in.pos < in.end) {
		size_t before = in.pos;

		v = a ? ais31_a_insert(a, &in) : ais31_b_insert(b, &in);
		fuzz_require(v == AIS31_MORE || v == AIS31_PASS ||
			     v == AIS31_FAIL, "insert verdict");
		fuzz_require(in.pos <= in.end, "cursor inside the chunk");
		if (v == AIS31_MORE) {
			fuzz_require(in.pos == in.end, "MORE uses every bit");
			break;
		}
		fuzz_require((a ? ais31_a_insert(a, &in) :
				  ais31_b_insert(b, &in)) == v,
			     "verdict kept until restart");
		if (a)
			ais31_a_restart(a);
		else
			ais31_b_restart(b);
		if (in.pos == before)
			break;
	}
}

static int fuzz_ais31_setup(struct ais31_a *a, struct ais31_b *b,
			    bool *do_a, bool *do_b, unsigned int mode,
			    unsigned int every, const char *name)
{
	enum ais31_test t = AIS31_T0;
	bool single = mode == 2;
	int r;

	if (single) {
		if (ais31_test_parse(name, &t))
			return -EINVAL;
		fuzz_require(t < AIS31_NTESTS, "parsed test in range");
		*do_a = t <= AIS31_T5;
		*do_b = !*do_a;
		every = 1;
	} else {
		*do_a = mode != 1;
		*do_b = mode != 0;
	}
	if (*do_a) {
		r = ais31_a_init(a, every);
		fuzz_require(!r || r == -EINVAL || r == -ENOMEM, "A init errno");
		fuzz_require(r != -EINVAL || !every || every > 257,
			     "A init rejects only a bad cadence");
		if (!r && single)
			r = ais31_a_single(a, t);
		if (r)
			return r;
	}
	if (*do_b) {
		r = ais31_b_init(b);
		if (!r && single)
			r = ais31_b_single(b, t);
		if (r) {
			ais31_a_free(a);
			return r;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[FUZZ_AIS31_NAME_MAX + 1] = "";
	struct fuzz_ais31_stream st = { 0 };
	struct ais31_a a;
	struct ais31_b b;
	bool do_a = false, do_b = false, lsb;
	unsigned int mode, every;
	size_t chunk, i, n;
	uint8_t *buf;

	if (size < 2)
		return 0;
	mode = data[0] & 3U;
	lsb = data[0] & 4U;
	st.kind = (data[0] >> 3) & 3U;
	chunk = fuzz_ais31_chunks[data[0] >> 5];
	every = data[1];
	data += 2;
	size -= 2;
	if (mode == 2) {
		for (i = 0; i < size && i < FUZZ_AIS31_NAME_MAX &&
			    data[i] != ','; i++)
			name[i] = (char)data[i];
		name[i] = '\0';
		if (i < size && data[i] == ',')
			i++;
		data += i;
		size -= i;
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (fuzz_ais31_setup(&a, &b, &do_a, &do_b, mode, every, name))
		return 0;
	st.data = data;
	st.size = size;
	st.total = st.kind == 3 ? FUZZ_AIS31_LONG :
		   st.kind ? FUZZ_AIS31_SHORT : size;
	st.x = 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < size; i++)
		st.x = (st.x ^ data[i]) * 0x100000001b3ULL;
	if (!st.x)
		st.x = 1;
	buf = malloc(chunk);
	while (buf && (n = fuzz_ais31_fill(&st, buf, chunk))) {
		if (do_a)
			fuzz_ais31_feed(&a, NULL, buf, n, lsb);
		if (do_b)
			fuzz_ais31_feed(NULL, &b, buf, n, lsb);
	}
	free(buf);
	ais31_a_free(&a);
	ais31_b_free(&b);
	return 0;
}
