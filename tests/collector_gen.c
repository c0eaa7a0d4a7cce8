// SPDX-License-Identifier: GPL-2.0
/*
 * collector-gen: write HAVEGE collector output, optionally under
 * continuous AIS 31 procedures A and B, for the quality tests and the
 * benchmark against haveged (scripts/bench-collector.sh).
 *
 *   collector-gen [-n SIZE] [-b KWORDS] [-t TIMER] [-a T5EVERY] [-B] [-P]
 *                 [-o FILE] [-v]
 *
 * -n bytes to write (size suffixes k/M/G/T, default 1M); -b collection
 * buffer in 1024-word units (haveged's -b); -t timer name; -a run
 * procedure A continuously with T5 in every T5EVERY-th round (1 is AIS 31,
 * 8 is haveged's "a8"); -B run procedure B continuously; -o output file
 * ("-" or absent: stdout); -v print the tuning and test counters on stderr.
 *
 * With both -a and -B the procedures take turns on consecutive data, A
 * first, as haveged's continuous tests do ("-o tca8b"), so every byte is
 * tested once; with -P both procedures see every byte instead.  A
 * procedure that fails (after its retry) makes the exit status 3; the
 * run goes on, so the counters stay comparable.
 * A raw health alarm stops the run with status 4.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ais31.h"
#include "collector.h"
#include "cputune.h"
#include "size.h"

#define GEN_CHUNK	(1024U * 1024U)

struct gen {
	uint64_t size;
	const char *out;
	bool verbose;
	unsigned int t5_every;	/* 0: no procedure A */
	bool proc_b;
	bool cur_b;		/* procedure B has the next turn */
	bool parallel;		/* -P: A and B each see every byte */
	struct collector_config cfg;
	struct cputune tune;
	struct collector col;
	struct ais31_a a;
	struct ais31_b b;
	int fd;
	bool failed;
};

static int gen_parse(struct gen *g, int argc, char **argv)
{
	uint64_t v;
	int opt;

	while ((opt = getopt(argc, argv, "n:b:t:a:BPo:v")) != -1) {
		switch (opt) {
		case 'n':
			if (size_parse(optarg, &g->size) < 0)
				return -EINVAL;
			break;
		case 'b':
			if (size_parse_uint(optarg, 1, COLLECTOR_MAX_KWORDS, &v) < 0)
				return -EINVAL;
			g->cfg.buf_kwords = (uint32_t)v;
			break;
		case 't':
			g->cfg.timer_name = optarg;
			break;
		case 'a':
			if (size_parse_uint(optarg, 1, AIS31_ROUNDS, &v) < 0)
				return -EINVAL;
			g->t5_every = (unsigned int)v;
			break;
		case 'B':
			g->proc_b = true;
			break;
		case 'P':
			g->parallel = true;
			break;
		case 'o':
			g->out = optarg;
			break;
		case 'v':
			g->verbose = true;
			break;
		default:
			return -EINVAL;
		}
	}
	return optind == argc ? 0 : -EINVAL;
}

/* One step of procedure A or B; on a verdict, restart it. */
static int gen_test_step(struct gen *g, struct ais31_in *in, bool use_a)
{
	int r;

	r = use_a ? ais31_a_insert(&g->a, in) : ais31_b_insert(&g->b, in);
	if (r <= AIS31_MORE)
		return r < 0 ? r : 0;
	if (r == AIS31_FAIL)
		g->failed = true;
	if (use_a)
		ais31_a_restart(&g->a);
	else
		ais31_b_restart(&g->b);
	/* haveged's continuous cadence: A and B take turns on fresh data. */
	if (!g->parallel && g->t5_every && g->proc_b)
		g->cur_b = !g->cur_b;
	return 1;
}

/* Feed @len bytes; @which: 'a' or 'b' only, 't' for taking turns. */
static int gen_test(struct gen *g, const uint8_t *p, size_t len, char which)
{
	struct ais31_in in = { .buf = p, .pos = 0, .end = len * 8U };
	bool use_a;
	int r;

	while (in.pos < in.end) {
		use_a = which == 'a' || (which == 't' && g->t5_every &&
					 !(g->proc_b && g->cur_b));
		r = gen_test_step(g, &in, use_a);
		if (r < 0)
			return r;
	}
	return 0;
}

static int gen_write(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int gen_chunk(struct gen *g, uint8_t *p, size_t len)
{
	int r;

	r = collector_fill(&g->col, p, len);
	if (!r && g->parallel && g->t5_every)
		r = gen_test(g, p, len, 'a');
	if (!r && g->parallel && g->proc_b)
		r = gen_test(g, p, len, 'b');
	if (!r && !g->parallel && (g->t5_every || g->proc_b))
		r = gen_test(g, p, len, 't');
	if (!r)
		r = gen_write(g->fd, p, len);
	return r;
}

static int gen_run(struct gen *g)
{
	uint8_t *chunk = malloc(GEN_CHUNK);
	uint64_t left = g->size;
	size_t n;
	int r = 0;

	if (!chunk)
		return -ENOMEM;
	while (left && !r) {
		n = left < GEN_CHUNK ? (size_t)left : GEN_CHUNK;
		r = gen_chunk(g, chunk, n);
		left -= n;
	}
	free(chunk);
	return r;
}

static void gen_report(const struct gen *g)
{
	fprintf(stderr, "timer %s, L1D %u KiB (%s), L1I %u KiB (%s), unroll %u\n",
		g->col.timer.ops->name, g->tune.l1d.kib,
		cputune_src_name(g->tune.l1d.src), g->tune.l1i.kib,
		cputune_src_name(g->tune.l1i.src), g->col.unroll);
	fprintf(stderr, "raw: refills %llu discarded %llu fail 0x%x rct_max %u/%u apt_max %u/%u period_max %u/%u (lag %u); failures rct %llu apt %llu period %llu\n",
		(unsigned long long)g->col.refills,
		(unsigned long long)g->col.discarded, g->col.raw_fail,
		g->col.health.rct_max, g->col.health.rct_cutoff,
		g->col.health.apt_max, g->col.health.apt_cutoff,
		g->col.period.max_run, g->col.period.cutoff,
		g->col.period.max_lag,
		(unsigned long long)g->col.health.rct_failures,
		(unsigned long long)g->col.health.apt_failures,
		(unsigned long long)g->col.period.failures);
	if (g->t5_every)
		fprintf(stderr, "A: %llu procedures, %llu passes, %llu retries, %llu failures\n",
			(unsigned long long)g->a.st.procedures,
			(unsigned long long)g->a.st.passes,
			(unsigned long long)g->a.st.retries,
			(unsigned long long)g->a.st.failures);
	if (g->proc_b)
		fprintf(stderr, "B: %llu procedures, %llu passes, %llu retries, %llu failures\n",
			(unsigned long long)g->b.st.procedures,
			(unsigned long long)g->b.st.passes,
			(unsigned long long)g->b.st.retries,
			(unsigned long long)g->b.st.failures);
}

static int gen_setup(struct gen *g)
{
	struct cputune_opts o = { 0 };
	int r;

	r = cputune_probe(&g->tune, &o);
	if (r < 0)
		return r;
	g->cfg.l1d_kib = g->tune.l1d.kib;
	g->cfg.l1i_kib = g->tune.l1i.kib;
	r = collector_init(&g->col, &g->cfg);
	if (r < 0)
		return r;
	if (g->t5_every) {
		r = ais31_a_init(&g->a, g->t5_every);
		if (r < 0)
			return r;
	}
	if (g->proc_b)
		r = ais31_b_init(&g->b);
	return r;
}

int main(int argc, char **argv)
{
	struct gen g = { .size = GEN_CHUNK, .fd = STDOUT_FILENO };
	int r;

	if (gen_parse(&g, argc, argv) < 0) {
		fprintf(stderr, "usage: collector-gen [-n SIZE] [-b KWORDS] [-t TIMER]\n"
			"                     [-a N] [-B] [-P] [-o FILE] [-v]\n");
		return 2;
	}
	if (g.out && strcmp(g.out, "-")) {
		g.fd = open(g.out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (g.fd < 0) {
			perror(g.out);
			return 1;
		}
	}
	r = gen_setup(&g);
	if (!r)
		r = gen_run(&g);
	if (g.verbose && g.col.timer.ops)
		gen_report(&g);
	if (r < 0)
		fprintf(stderr, "collector-gen: %s\n", strerror(-r));
	if (g.t5_every)
		ais31_a_free(&g.a);
	if (g.proc_b)
		ais31_b_free(&g.b);
	collector_free(&g.col);
	if (r == -EIO)
		return 4;
	return r < 0 ? 1 : g.failed ? 3 : 0;
}
