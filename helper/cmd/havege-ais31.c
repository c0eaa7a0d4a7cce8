// SPDX-License-Identifier: GPL-2.0
/*
 * havege-ais31 - check a file (or stdin) with the AIS 31 online tests.
 *
 *   havege-ais31 [--lsb] -A FILE         procedure A, with the retry rule
 *   havege-ais31 [--lsb] -B FILE         procedure B, with the retry rule
 *   havege-ais31 [--lsb] --test Tn FILE  one test once, from bit 0
 *   havege-ais31 --sp800-90b [--bits B] [--short] FILE
 *                                        SP 800-90B non-IID min-entropy
 *
 * -A and -B may be combined; each procedure starts at the first bit of the
 * data.  One line per test: its name, its statistic, then "pass" or
 * "fail"; a last line "verdict: pass" or "verdict: fail".
 * Exit status: 0 pass, 1 fail, 2 usage or input error (including too
 * little data for what was asked, which is reported, never guessed).
 *
 * --sp800-90b (docs/sp800-90b.md): one sample of B bits (default 8) per
 * byte; "NAME: H" per estimator on the samples, "bitstring.NAME: H" on
 * the bit string ("n/a" where it does not apply), then h-original,
 * h-bitstring and "min-entropy: H bits per sample".  Exit status: 0
 * assessed, 1 fewer than 1,000,000 samples (SP 800-90B 3.1.1) without
 * --short, 2 usage or input error (a byte >= 2^B and a file too large
 * for the estimators included).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ais31.h"
#include "sp90b.h"

#define CLI_CHUNK	(64U * 1024U)

enum { EXIT_PASS = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

/**
 * struct cli - the command line and the procedures it runs
 * @lsb: read bytes least significant bit first
 * @do_a: run procedure A (or a test of A, with @single)
 * @do_b: run procedure B (or a test of B, with @single)
 * @single: run only @test, once
 * @sp90b: SP 800-90B assessment instead of AIS 31
 * @short_ok: assess fewer samples than SP 800-90B asks for
 * @bits: bits per sample of the SP 800-90B assessment (0: not given)
 * @test: the test of --test
 * @path: input file, "-" for stdin
 * @a: procedure A
 * @b: procedure B
 * @va: verdict of A so far
 * @vb: verdict of B so far
 */
struct cli {
	bool lsb;
	bool do_a;
	bool do_b;
	bool single;
	bool sp90b;
	bool short_ok;
	unsigned int bits;
	enum ais31_test test;
	const char *path;
	struct ais31_a a;
	struct ais31_b b;
	int va;
	int vb;
};

static void cli_usage(FILE *f)
{
	fprintf(f,
		"usage: havege-ais31 [--lsb] -A|-B|--test Tn FILE|-\n"
		"       havege-ais31 --sp800-90b [--bits B] [--short] FILE|-\n"
		"  -A            AIS 31 procedure A (T0..T5), with retry\n"
		"  -B            AIS 31 procedure B (T6..T8), with retry\n"
		"  -t, --test T  one test once from bit 0: T0 T1 T2 T3 T4 T5\n"
		"                T6a T6b T7a T7b T8\n"
		"  -l, --lsb     read each byte least significant bit first\n"
		"  --sp800-90b   NIST SP 800-90B 6.3 min-entropy of samples\n"
		"  --bits B      bits per sample (one per byte), 1..8, default 8\n"
		"  --short       assess fewer than 1000000 samples too\n"
		"exit status: 0 pass, 1 fail, 2 usage or input error;\n"
		"--sp800-90b: 0 assessed, 1 too few samples, 2 usage or input error\n");
}

/* --bits B: 1..8. */
static int cli_parse_bits(struct cli *c, const char *arg)
{
	char *end;
	unsigned long b;

	errno = 0;
	b = strtoul(arg, &end, 10);
	if (errno || end == arg || *end || b < 1 || b > 8) {
		fprintf(stderr, "havege-ais31: bad --bits %s (1..8)\n", arg);
		return -EINVAL;
	}
	c->bits = (unsigned int)b;
	return 0;
}

static int cli_parse_opts(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "test", required_argument, NULL, 't' },
		{ "lsb", no_argument, NULL, 'l' },
		{ "sp800-90b", no_argument, NULL, 'S' },
		{ "bits", required_argument, NULL, 'b' },
		{ "short", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "ABt:lhV", opts, NULL)) != -1) {
		switch (o) {
		case 'A':
			c->do_a = true;
			break;
		case 'B':
			c->do_b = true;
			break;
		case 't':
			if (c->single || ais31_test_parse(optarg, &c->test)) {
				fprintf(stderr, "havege-ais31: bad --test %s\n",
					optarg);
				return -EINVAL;
			}
			c->single = true;
			break;
		case 'l':
			c->lsb = true;
			break;
		case 'S':
			c->sp90b = true;
			break;
		case 'b':
			if (cli_parse_bits(c, optarg))
				return -EINVAL;
			break;
		case 's':
			c->short_ok = true;
			break;
		case 'h':
			cli_usage(stdout);
			exit(EXIT_PASS);
		case 'V':
			printf("havege-ais31 %s\n", HAVEGE_VERSION);
			exit(EXIT_PASS);
		default:
			return -EINVAL;
		}
	}
	return 0;
}

/* The option combinations of --sp800-90b; on error, say why. */
static int cli_parse_sp90b(struct cli *c)
{
	if (!c->sp90b && (c->bits || c->short_ok)) {
		fprintf(stderr,
			"havege-ais31: --bits and --short need --sp800-90b\n");
		return -EINVAL;
	}
	if (c->sp90b && (c->single || c->do_a || c->do_b || c->lsb)) {
		fprintf(stderr,
			"havege-ais31: --sp800-90b excludes -A, -B, --test, --lsb\n");
		return -EINVAL;
	}
	if (c->sp90b && !c->bits)
		c->bits = 8;
	return 0;
}

/* Parse argv into c; on error, say why on stderr. */
static int cli_parse(struct cli *c, int argc, char **argv)
{
	if (cli_parse_opts(c, argc, argv) || cli_parse_sp90b(c))
		return -EINVAL;
	if (c->single && (c->do_a || c->do_b)) {
		fprintf(stderr, "havege-ais31: --test excludes -A and -B\n");
		return -EINVAL;
	}
	if (!c->single && !c->do_a && !c->do_b && !c->sp90b) {
		fprintf(stderr,
			"havege-ais31: one of -A, -B, --test, --sp800-90b needed\n");
		return -EINVAL;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "havege-ais31: exactly one FILE (or -) needed\n");
		return -EINVAL;
	}
	c->path = argv[optind];
	if (c->single) {
		c->do_a = c->test <= AIS31_T5;
		c->do_b = !c->do_a;
	}
	return 0;
}

/* Set up the procedures asked for. */
static int cli_setup(struct cli *c)
{
	int ret;

	if (c->do_a) {
		ret = ais31_a_init(&c->a, 1);
		if (!ret && c->single)
			ret = ais31_a_single(&c->a, c->test);
		if (ret)
			return ret;
	}
	if (c->do_b) {
		ret = ais31_b_init(&c->b);
		if (!ret && c->single)
			ret = ais31_b_single(&c->b, c->test);
		if (ret)
			return ret;
	}
	return 0;
}

/* Feed one chunk to every undecided procedure; true when all decided. */
static bool cli_feed(struct cli *c, const uint8_t *buf, size_t n)
{
	struct ais31_in in = { .buf = buf, .end = 8 * n, .lsb = c->lsb };

	if (c->do_a && c->va == AIS31_MORE)
		c->va = ais31_a_insert(&c->a, &in);
	in.pos = 0;
	if (c->do_b && c->vb == AIS31_MORE)
		c->vb = ais31_b_insert(&c->b, &in);
	return (!c->do_a || c->va != AIS31_MORE) &&
	       (!c->do_b || c->vb != AIS31_MORE);
}

/* Read the input in chunks until every procedure is decided or EOF. */
static int cli_read(struct cli *c, int fd)
{
	uint8_t *buf = malloc(CLI_CHUNK);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(fd, buf, CLI_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (!n || cli_feed(c, buf, (size_t)n))
			break;
	}
	free(buf);
	return ret;
}

/* Print "NAME statistics pass|fail". */
static void cli_line(const char *name, bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" %s\n", pass ? "pass" : "fail");
}

/* The statistic of test t in l, as "key=value ..." (no verdict). */
static void cli_stat(char *s, size_t sz, enum ais31_test t,
		     const struct ais31_last *l)
{
	const uint32_t (*r)[6] = l->t3_runs;

	switch (t) {
	case AIS31_T0:
		snprintf(s, sz, "dups=%u", l->t0_dups);
		break;
	case AIS31_T1:
		snprintf(s, sz, "ones=%u", l->t1_ones);
		break;
	case AIS31_T2:
		snprintf(s, sz, "S=%u X=%.4f", l->t2_sum,
			 16.0 / 5000.0 * l->t2_sum - 5000.0);
		break;
	case AIS31_T3:
		snprintf(s, sz, "runs0=%u,%u,%u,%u,%u,%u runs1=%u,%u,%u,%u,%u,%u",
			 r[0][0], r[0][1], r[0][2], r[0][3], r[0][4], r[0][5],
			 r[1][0], r[1][1], r[1][2], r[1][3], r[1][4], r[1][5]);
		break;
	case AIS31_T4:
		snprintf(s, sz, "longest=%u", l->t4_longest);
		break;
	case AIS31_T5:
		snprintf(s, sz, "tau0=%u Z=%u", l->t5_tau, l->t5_z);
		break;
	case AIS31_T6A:
	case AIS31_T6B:
	case AIS31_T7A:
	case AIS31_T7B:
	case AIS31_T8:
	case AIS31_NTESTS:
		break;
	}
}

/* The statistic of a test of procedure B. */
static void cli_stat_b(char *s, size_t sz, enum ais31_test t,
		       const struct ais31_last *l)
{
	const double *x = l->t7b_stat;

	switch (t) {
	case AIS31_T6A:
		snprintf(s, sz, "ones=%u p=%.5f", l->t6a_ones,
			 l->t6a_ones / 100000.0);
		break;
	case AIS31_T6B:
		snprintf(s, sz, "v01-v11=%.5f tuples=%u%s",
			 ((double)l->t6b_ones[0] - l->t6b_ones[1]) / 100000.0,
			 l->t6b_tuples, l->t6b_done ? "" : " incomplete");
		break;
	case AIS31_T7A:
		snprintf(s, sz, "00v10=%.6f 01v11=%.6f tuples=%u%s",
			 l->t7a_stat[0], l->t7a_stat[1], l->t7a_tuples,
			 l->t7a_done ? "" : " incomplete");
		break;
	case AIS31_T7B:
		snprintf(s, sz,
			 "000v100=%.6f 001v101=%.6f 010v110=%.6f 011v111=%.6f tuples=%u%s",
			 x[0], x[1], x[2], x[3], l->t7b_tuples,
			 l->t7b_done ? "" : " incomplete");
		break;
	case AIS31_T8:
		snprintf(s, sz, "fC=%.6f", l->t8_fc);
		break;
	case AIS31_T0:
	case AIS31_T1:
	case AIS31_T2:
	case AIS31_T3:
	case AIS31_T4:
	case AIS31_T5:
	case AIS31_NTESTS:
		cli_stat(s, sz, t, l);
		break;
	}
}

/* One line for test t of run i of a procedure. */
static void cli_test_line(enum ais31_test t, const struct ais31_run *r,
			  unsigned int i, const struct ais31_last *l,
			  bool single)
{
	uint32_t m = ais31_test_checks(t);
	unsigned int c = (unsigned int)__builtin_ctz(m);
	char s[256];

	cli_stat_b(s, sizeof(s), t, l);
	if (single)
		cli_line(ais31_test_name(t), !(r->mask[i] & m), "%s", s);
	else if (t >= AIS31_T1 && t <= AIS31_T5)
		cli_line(ais31_test_name(t), !(r->mask[i] & m),
			 "run=%u rounds=%u failed=%u last: %s", i + 1,
			 r->evals[i][c], r->nfails[i][c], s);
	else
		cli_line(ais31_test_name(t), !(r->mask[i] & m),
			 "run=%u %s", i + 1, s);
}

/* Lines of a whole procedure: every test of every run, then a summary. */
static void cli_report_proc(const char *name, const struct ais31_run *r,
			    const struct ais31_last *st, enum ais31_test lo,
			    enum ais31_test hi)
{
	unsigned int i, t;

	for (i = 0; i < r->run; i++)
		for (t = lo; t <= hi; t++)
			cli_test_line((enum ais31_test)t, r, i, &st[i], false);
	cli_line(name, r->verdict == AIS31_PASS, "runs=%u bits=%llu", r->run,
		 (unsigned long long)r->bits);
}

/* Report; return the exit status. */
static int cli_report(struct cli *c)
{
	bool pass = true;

	if (c->single) {
		const struct ais31_run *r = c->do_a ? &c->a.r : &c->b.r;

		cli_test_line(c->test, r, 0,
			      c->do_a ? &c->a.last_stat : &c->b.last_stat,
			      true);
		pass = r->verdict == AIS31_PASS;
	} else {
		if (c->do_a) {
			cli_report_proc("procA", &c->a.r, c->a.run_stat,
					AIS31_T0, AIS31_T5);
			pass = pass && c->va == AIS31_PASS;
		}
		if (c->do_b) {
			cli_report_proc("procB", &c->b.r, c->b.run_stat,
					AIS31_T6A, AIS31_T8);
			pass = pass && c->vb == AIS31_PASS;
		}
	}
	printf("verdict: %s\n", pass ? "pass" : "fail");
	return pass ? EXIT_PASS : EXIT_FAILED;
}

/* Complain about input that ended before every verdict. */
static bool cli_short(const struct cli *c)
{
	bool s = false;

	if (c->do_a && c->va == AIS31_MORE) {
		fprintf(stderr,
			"havege-ais31: %s: too little data for %s%s (%llu bits read)\n",
			c->path, c->single ? "test " : "procedure A",
			c->single ? ais31_test_name(c->test) : "",
			(unsigned long long)c->a.r.bits);
		s = true;
	}
	if (c->do_b && c->vb == AIS31_MORE) {
		fprintf(stderr,
			"havege-ais31: %s: too little data for %s%s (%llu bits read)\n",
			c->path, c->single ? "test " : "procedure B",
			c->single ? ais31_test_name(c->test) : "",
			(unsigned long long)c->b.r.bits);
		s = true;
	}
	return s;
}

static int cli_open(const char *path)
{
	int fd;

	if (!strcmp(path, "-"))
		return STDIN_FILENO;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fprintf(stderr, "havege-ais31: %s: %s\n", path,
			strerror(errno));
	return fd;
}

/* Read all of fd into *buf (malloc'd), *n bytes. */
static int cli_slurp(int fd, uint8_t **buf, size_t *n)
{
	size_t size = CLI_CHUNK, len = 0;
	uint8_t *b = malloc(size), *nb;
	ssize_t r;

	for (;;) {
		if (!b)
			return -ENOMEM;
		r = read(fd, b + len, size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (len == size) {
			size *= 2;
			nb = realloc(b, size);
			if (!nb)
				free(b);
			b = nb;
		}
	}
	if (r < 0) {
		free(b);
		return -errno;
	}
	*buf = b;
	*n = len;
	return 0;
}

/* "NAME: H" for what ran, "NAME: n/a" for the rest. */
static void cli_sp90b_line(const char *prefix, const char *name, double h)
{
	if (isnan(h))
		printf("%s%s: n/a\n", prefix, name);
	else
		printf("%s%s: %.9f\n", prefix, name, h);
}

/* Check the samples against --bits, assess them, print the report. */
static int cli_sp90b(const struct cli *c, const uint8_t *s, size_t n)
{
	struct sp90b_report r;
	unsigned int e;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		if (s[i] >> c->bits) {
			fprintf(stderr,
				"havege-ais31: %s: byte %zu is 0x%02x, more than %u bits (--bits)\n",
				c->path, i, s[i], c->bits);
			return EXIT_USAGE;
		}
	}
	/* SP 800-90B 3.1.1: at least 1,000,000 samples; 2 for any estimate. */
	if (n < SP90B_MIN_SAMPLES && (!c->short_ok || n < 2)) {
		fprintf(stderr,
			"havege-ais31: %s: %zu samples, SP 800-90B needs %u%s\n",
			c->path, n, c->short_ok ? 2U : SP90B_MIN_SAMPLES,
			c->short_ok ? "" : " (--short to assess fewer)");
		return EXIT_FAILED;
	}
	ret = sp90b_assess(s, n, c->bits, SP90B_ALL, &r);
	if (ret == -E2BIG) {
		fprintf(stderr,
			"havege-ais31: %s: %zu samples of %u bits, too many to assess\n",
			c->path, n, c->bits);
		return EXIT_USAGE;
	}
	if (ret) {
		fprintf(stderr, "havege-ais31: %s: %s\n", c->path,
			strerror(-ret));
		return EXIT_USAGE;
	}
	printf("samples: %zu\nbits: %u\ndistinct-values: %u\n", n, c->bits,
	       r.k);
	for (e = 0; e < SP90B_NEST; e++)
		cli_sp90b_line("", sp90b_name(e), r.original[e]);
	for (e = 0; e < SP90B_NEST; e++)
		cli_sp90b_line("bitstring.", sp90b_name(e), r.bitstring[e]);
	cli_sp90b_line("", "h-original", r.h_original);
	cli_sp90b_line("", "h-bitstring", r.h_bitstring);
	printf("min-entropy: %.9f bits per sample\n", r.h);
	return EXIT_PASS;
}

/* The --sp800-90b mode: read all of fd, assess it. */
static int cli_main_sp90b(const struct cli *c, int fd)
{
	uint8_t *buf = NULL;
	size_t n = 0;
	int ret = cli_slurp(fd, &buf, &n);

	if (ret) {
		fprintf(stderr, "havege-ais31: %s: %s\n", c->path,
			strerror(-ret));
		return EXIT_USAGE;
	}
	ret = cli_sp90b(c, buf, n);
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	int fd, ret, status = EXIT_USAGE;

	if (cli_parse(&c, argc, argv)) {
		cli_usage(stderr);
		return EXIT_USAGE;
	}
	fd = cli_open(c.path);
	if (fd < 0)
		return EXIT_USAGE;
	if (c.sp90b) {
		status = cli_main_sp90b(&c, fd);
		if (fd != STDIN_FILENO)
			close(fd);
		return status;
	}
	ret = cli_setup(&c);
	if (!ret)
		ret = cli_read(&c, fd);
	if (ret)
		fprintf(stderr, "havege-ais31: %s: %s\n", c.path,
			strerror(-ret));
	else if (!cli_short(&c))
		status = cli_report(&c);
	if (fd != STDIN_FILENO)
		close(fd);
	ais31_a_free(&c.a);
	ais31_b_free(&c.b);
	return status;
}
