// SPDX-License-Identifier: GPL-2.0
/*
 * test_sha256.c: SHA-256 (helper/condition/sha256.c) against
 *  - the FIPS 180-4 example messages (NIST's "SHA-256" example file:
 *    "abc", the 448-bit two-block message) and the long-message test of
 *    one million 'a', plus the empty message;
 *  - coreutils' sha256sum, run on generated messages of every length
 *    0..200 and a few large ones (block and padding boundaries);
 *  - itself: any split of a message into update() calls gives the
 *    one-shot digest, and final() wipes the context.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sha256.h"
#include "size.h"

#define MAX_SHORT	200U		/* every length 0..MAX_SHORT */

struct sha256_vector {
	const char *msg;
	size_t repeat;			/* msg repeated this many times */
	const char *digest;
};

/* FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values") */
static const struct sha256_vector fips_vectors[] = {
	{ "", 1,
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", 1,
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 1,
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	{ "a", 1000000,
	  "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

/* Lengths beyond MAX_SHORT checked against sha256sum: block boundaries. */
static const size_t long_lengths[] = {
	4095, 4096, 4097, 20480, 65536 + 55, 65536 + 56, 1000003,
};

static void hex(const uint8_t d[SHA256_DIGEST_SIZE], char out[65])
{
	unsigned int i;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		(void)snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Deterministic filler (splitmix64): messages that are not all alike. */
static void fill_pattern(uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t z;
	size_t i;

	for (i = 0; i < len; i++) {
		z = (seed += 0x9e3779b97f4a7c15ULL);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		buf[i] = (uint8_t)(z ^ (z >> 31));
	}
}

static void test_fips_vectors(void **state)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	char h[65];
	unsigned int i;
	size_t r;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fips_vectors); i++) {
		const struct sha256_vector *v = &fips_vectors[i];

		sha256_init(&c);
		for (r = 0; r < v->repeat; r++)
			sha256_update(&c, v->msg, strlen(v->msg));
		sha256_final(&c, d);
		hex(d, h);
		assert_string_equal(h, v->digest);
	}
}

/* One million 'a' in one call and in uneven pieces across blocks. */
static void test_million_a(void **state)
{
	static const size_t pieces[] = { 1, 63, 64, 65, 1000, 4096, 99999 };
	const char *want = fips_vectors[4].digest;
	uint8_t d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	size_t done, n, k = 0;
	char *msg, h[65];

	(void)state;
	msg = malloc(1000000);
	assert_non_null(msg);
	memset(msg, 'a', 1000000);
	sha256(msg, 1000000, d);
	hex(d, h);
	assert_string_equal(h, want);
	sha256_init(&c);
	for (done = 0; done < 1000000; done += n) {
		n = pieces[k++ % (ARRAY_SIZE(pieces))];
		n = n < 1000000 - done ? n : 1000000 - done;
		sha256_update(&c, msg + done, n);
	}
	sha256_final(&c, d);
	hex(d, h);
	assert_string_equal(h, want);
	free(msg);
}

/* Every split point of a 200-byte message, and byte by byte. */
static void test_incremental(void **state)
{
	uint8_t msg[MAX_SHORT], one[SHA256_DIGEST_SIZE], d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;
	size_t cut, i;

	(void)state;
	fill_pattern(msg, sizeof(msg), 7);
	sha256(msg, sizeof(msg), one);
	for (cut = 0; cut <= sizeof(msg); cut++) {
		sha256_init(&c);
		sha256_update(&c, msg, cut);
		sha256_update(&c, msg + cut, sizeof(msg) - cut);
		sha256_final(&c, d);
		assert_memory_equal(d, one, sizeof(d));
	}
	sha256_init(&c);
	for (i = 0; i < sizeof(msg); i++)
		sha256_update(&c, msg + i, 1);
	sha256_final(&c, d);
	assert_memory_equal(d, one, sizeof(d));
}

/* final() leaves nothing of the message in the context. */
static void test_final_wipes(void **state)
{
	static const struct sha256_ctx zero;
	uint8_t msg[100], d[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;

	(void)state;
	fill_pattern(msg, sizeof(msg), 3);
	sha256_init(&c);
	sha256_update(&c, msg, sizeof(msg));
	assert_int_not_equal(c.fill, 0);
	sha256_final(&c, d);
	assert_memory_equal(&c, &zero, sizeof(c));
	sha256_init(&c);
	sha256_update(&c, msg, 37);
	sha256_wipe(&c);
	assert_memory_equal(&c, &zero, sizeof(c));
}

struct sum_fixture {
	char dir[64];
	char path[96];
	uint8_t *buf;
	size_t max;
};

/* Runs coreutils' sha256sum on @path; the digest in hex, or "" on error. */
static void sha256sum_file(const char *path, char out[65])
{
	char cmd[160], line[160];
	FILE *p;

	out[0] = '\0';
	(void)snprintf(cmd, sizeof(cmd), "sha256sum '%s'", path);
	p = popen(cmd, "r");
	if (!p)
		return;
	if (fgets(line, sizeof(line), p) && strlen(line) > 64) {
		memcpy(out, line, 64);
		out[64] = '\0';
	}
	(void)pclose(p);
}

static void check_against_sha256sum(struct sum_fixture *f, size_t len,
				    uint64_t seed)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char mine[65], theirs[65];
	FILE *out;

	fill_pattern(f->buf, len, seed);
	out = fopen(f->path, "w");
	assert_non_null(out);
	assert_int_equal(fwrite(f->buf, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
	sha256(f->buf, len, d);
	hex(d, mine);
	sha256sum_file(f->path, theirs);
	if (strcmp(mine, theirs))
		print_error("length %zu: sha256sum %s, ours %s\n", len, theirs,
			    mine);
	assert_string_equal(mine, theirs);
}

static int sum_setup(void **state)
{
	struct sum_fixture *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	if (!f)
		return -1;
	(void)snprintf(f->dir, sizeof(f->dir), "%s/test_sha256.XXXXXX",
		       tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	f->max = 1000003;
	f->buf = malloc(f->max);
	if (!f->buf || !mkdtemp(f->dir)) {
		free(f->buf);
		free(f);
		return -1;
	}
	(void)snprintf(f->path, sizeof(f->path), "%s/msg", f->dir);
	*state = f;
	return 0;
}

static int sum_teardown(void **state)
{
	struct sum_fixture *f = *state;

	(void)unlink(f->path);
	(void)rmdir(f->dir);
	free(f->buf);
	free(f);
	return 0;
}

static void test_sha256sum_short(void **state)
{
	struct sum_fixture *f = *state;
	char probe[65];
	size_t len;

	sha256sum_file("/dev/null", probe);
	if (strcmp(probe, fips_vectors[0].digest)) {
		print_message("sha256sum (coreutils) not usable here\n");
		skip();
	}
	for (len = 0; len <= MAX_SHORT; len++)
		check_against_sha256sum(f, len, len);
}

static void test_sha256sum_long(void **state)
{
	struct sum_fixture *f = *state;
	char probe[65];
	unsigned int i;

	sha256sum_file("/dev/null", probe);
	if (strcmp(probe, fips_vectors[0].digest)) {
		print_message("sha256sum (coreutils) not usable here\n");
		skip();
	}
	for (i = 0; i < ARRAY_SIZE(long_lengths); i++)
		check_against_sha256sum(f, long_lengths[i], 1000 + i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips_vectors),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_final_wipes),
		cmocka_unit_test_setup_teardown(test_sha256sum_short, sum_setup,
						sum_teardown),
		cmocka_unit_test_setup_teardown(test_sha256sum_long, sum_setup,
						sum_teardown),
	};

	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
