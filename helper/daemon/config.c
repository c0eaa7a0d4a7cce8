// SPDX-License-Identifier: GPL-2.0
/*
 * config.c: getopt_long parser for havege-hwrngd.  Options follow haveged
 * where they make sense (-b -d -i -f -n -o -v -F -p -r -w); everything else
 * is a GNU long option.  Errors are reported here, once, and the caller
 * exits with status 2.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assess.h"
#include "config.h"
#include "credit.h"
#include "olt.h"
#include "size.h"
#include "havege_hwrng.h"

enum {
	OPT_STATUS = 0x100,
	OPT_INFO,
	OPT_UNTIL_SEEDED,
	OPT_SELECT,
	OPT_DEVICE,
	OPT_STATUS_FILE,
	OPT_SYSFS_DIR,
	OPT_MODE,
	OPT_LOG,
	OPT_MAX_FAILURES,
	OPT_CONDITION,
	OPT_RECORD_RAW,
	OPT_ASSESS,
	OPT_ENTROPY_PER_DELTA,
};

static const struct option config_longopts[] = {
	{ "buffer", required_argument, NULL, 'b' },
	{ "data", required_argument, NULL, 'd' },
	{ "inst", required_argument, NULL, 'i' },
	{ "file", required_argument, NULL, 'f' },
	{ "number", required_argument, NULL, 'n' },
	{ "onlinetest", required_argument, NULL, 'o' },
	{ "verbose", required_argument, NULL, 'v' },
	{ "Foreground", no_argument, NULL, 'F' },
	{ "foreground", no_argument, NULL, 'F' },
	{ "pidfile", required_argument, NULL, 'p' },
	{ "run", required_argument, NULL, 'r' },
	{ "write", required_argument, NULL, 'w' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "status", no_argument, NULL, OPT_STATUS },
	{ "info", no_argument, NULL, OPT_INFO },
	{ "until-seeded", optional_argument, NULL, OPT_UNTIL_SEEDED },
	{ "select", no_argument, NULL, OPT_SELECT },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "status-file", required_argument, NULL, OPT_STATUS_FILE },
	{ "sysfs-dir", required_argument, NULL, OPT_SYSFS_DIR },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "max-failures", required_argument, NULL, OPT_MAX_FAILURES },
	{ "condition", no_argument, NULL, OPT_CONDITION },
	{ "record-raw", required_argument, NULL, OPT_RECORD_RAW },
	{ "assess", optional_argument, NULL, OPT_ASSESS },
	{ "entropy-per-delta", required_argument, NULL, OPT_ENTROPY_PER_DELTA },
	{ NULL, 0, NULL, 0 },
};

/* Parse state that does not belong in the validated config. */
struct config_parse_state {
	struct hwrngd_config *cfg;
	FILE *err;
	bool have_n;
	bool have_f;
	uint64_t run_level;
	bool have_r;
	bool want_status;
	bool want_info;
	bool want_seed;
	bool want_record;
	bool want_assess;
};

/**
 * config_usage() - print the --help text
 * @out: stream to print to
 */
void config_usage(FILE *out)
{
	fputs("Usage: havege-hwrngd [OPTION]...\n"
	      "Feed tested HAVEGE entropy to the kernel: into the havege_hwrng module\n"
	      "(/dev/havege_hwrng) if present, else into the random pool.\n"
	      "\n"
	      "Modes:\n"
	      "  -r, --run=N              0 daemon (default), 1 = --info, N>1 write N KiB\n"
	      "  -n, --number=SIZE        write SIZE tested bytes (k/m/g/t; 0 = unlimited)\n"
	      "  -f, --file=FILE          output file for -n (- = stdout; default \"sample\",\n"
	      "                           stdout for -n 0)\n"
	      "      --until-seeded[=S]   feed until getrandom() is ready, then exit 0;\n"
	      "                           fail after S seconds (default 60)\n"
	      "      --status             print module and daemon counters\n"
	      "      --info               print build, timer, tuning and test summary\n"
	      "      --record-raw=N       write N raw noise samples (k/m/g suffixes), one\n"
	      "                           byte per timer delta (its residual given the\n"
	      "                           walk's trip count), to -f FILE (default stdout),\n"
	      "                           for SP 800-90B assessment (ea_non_iid FILE 8);\n"
	      "                           no output is generated or released\n"
	      "      --assess[=SIZE]      record SIZE residual timer deltas (default 1M),\n"
	      "                           estimate their min-entropy (SP 800-90B) and\n"
	      "                           print the credit it supports; exit 1 if too low\n"
	      "\n"
	      "Daemon:\n"
	      "  -F, --Foreground         do not fork (also --foreground)\n"
	      "  -p, --pidfile=FILE       pid file and instance lock\n"
	      "                           (default " HWRNGD_DEFAULT_PIDFILE ")\n"
	      "      --mode=MODE          auto (default), feed (module) or random (pool)\n"
	      "      --select             make \"havege\" the current hw_random source\n"
	      "      --log=TO             auto, stderr, syslog or journal\n"
	      "      --max-failures=N     give up after N failed start-up tests (default 5)\n"
	      "      --device=PATH        module device (default " HAVEGE_HWRNG_DEVICE ")\n"
	      "      --status-file=PATH   counters file (default " HWRNGD_DEFAULT_STATUS_FILE ")\n"
	      "      --sysfs-dir=DIR      hw_random sysfs directory\n"
	      "\n"
	      "Collector and tests:\n"
	      "  -b, --buffer=N           collection buffer in KiB words\n"
	      "  -d, --data=N             data cache size in KiB (0 = detect, default)\n"
	      "  -i, --inst=N             instruction cache size in KiB (0 = detect)\n"
	      "  -o, --onlinetest=SPEC    online tests (default tabcab): t = start-up and\n"
	      "                           c = continuous groups, each of a[N] = AIS-31 A\n"
	      "                           (N = 1..8: T5 only in every 2^N-th round),\n"
	      "                           b = B, w after either = warn only; \"\" = none\n"
	      "      --condition          output SHA-256 of tested blocks carrying 256+64\n"
	      "                           bits (20480 bytes at 0.5 bit/delta): full entropy\n"
	      "      --entropy-per-delta=H  credited min-entropy per timer delta in bits\n"
	      "                           (default 0.5 = quality 2/1024); the start-up\n"
	      "                           estimate must be at least twice H\n"
	      "  -v, --verbose=N          diagnostic bitmask (-1 = all)\n"
	      "  -w, --write=N            accepted for haveged compatibility; ignored, as\n"
	      "                           kernels since 5.6 have no write_wakeup_threshold\n"
	      "\n"
	      "  -h, -?, --help           show this help and exit\n"
	      "  -V, --version            show the version and exit\n"
	      "\n"
	      "Exit status: 0 success; 1 failure (a failed test, -n not written in\n"
	      "full, --until-seeded timed out); 2 bad usage; 3 --status: no daemon.\n", out);
}

static int config_bad(struct config_parse_state *st, const char *opt,
		      const char *arg, const char *why)
{
	fprintf(st->err, "havege-hwrngd: invalid argument '%s' for %s: %s\n",
		arg, opt, why);
	return -EINVAL;
}

/*
 * A path the daemon still uses after it forks and changes to /: a relative
 * one is taken relative to the directory it was started in (as the shell
 * that typed it means it), made absolute here, once.  "" stays "" (no
 * status file).
 */
static int config_path(struct config_parse_state *st, const char *opt,
		       const char *arg, enum hwrngd_abs_path slot,
		       const char **ret)
{
	char *buf = st->cfg->abs_path[slot];
	size_t size = sizeof(st->cfg->abs_path[slot]), len;
	int n;

	if (arg[0] == '/' || !arg[0]) {
		*ret = arg;
		return 0;
	}
	if (!getcwd(buf, size))
		return config_bad(st, opt, arg, errno == ERANGE ?
				  "the current directory's path is too long" :
				  "relative, and the current directory is unknown");
	len = strlen(buf);
	n = snprintf(buf + len, size - len, "%s%s", len > 1 ? "/" : "", arg);
	if (n < 0 || (size_t)n >= size - len)
		return config_bad(st, opt, arg, "path too long");
	*ret = buf;
	return 0;
}

/*
 * The option handlers' "not one of mine, ask the next" (positive, unlike
 * their 0 = taken and -EINVAL = refused, and never CONFIG_EXIT_OK).
 */
#define CONFIG_NOT_MINE	2

static const char *config_why(int r)
{
	return r == -ERANGE ? "out of range" : "not a number";
}

/* A number in [min, max] (size suffixes allowed) for option @opt. */
static int config_range(struct config_parse_state *st, const char *opt,
			const char *arg, uint64_t min, uint64_t max,
			unsigned int *ret)
{
	uint64_t v;
	int r;

	r = size_parse_uint(arg, min, max, &v);
	if (r)
		return config_bad(st, opt, arg, config_why(r));
	*ret = (unsigned int)v;
	return 0;
}

static int config_uint(struct config_parse_state *st, const char *opt,
		       const char *arg, uint64_t max, unsigned int *ret)
{
	return config_range(st, opt, arg, 1, max, ret);
}

/* -d/-i: KiB of L1 cache, 0 = detect (as haveged and our own default) */
static int config_cache(struct config_parse_state *st, const char *opt,
			const char *arg, unsigned int *ret)
{
	return config_range(st, opt, arg, 0, CONFIG_CACHE_KB_MAX, ret);
}

static int config_size(struct config_parse_state *st, const char *arg)
{
	int r;

	r = size_parse(arg, &st->cfg->out_bytes);
	if (r == -ERANGE)
		return config_bad(st, "--number", arg, "larger than 16t");
	if (r)
		return config_bad(st, "--number", arg,
				  "expected a size like 4096, 4k, 4M, 1g");
	st->have_n = true;
	return 0;
}

/* --record-raw=N: a sample count, with -n's suffixes, at least 1. */
static int config_record(struct config_parse_state *st, const char *arg)
{
	int r;

	r = size_parse(arg, &st->cfg->record_samples);
	if (r == -ERANGE)
		return config_bad(st, "--record-raw", arg, "larger than 16t");
	if (r || !st->cfg->record_samples)
		return config_bad(st, "--record-raw", arg,
				  "expected a sample count like 1000000, 1m, 64k");
	st->want_record = true;
	return 0;
}

static int config_verbose(struct config_parse_state *st, const char *arg)
{
	uint64_t v;
	int r;

	if (!strcmp(arg, "-1")) {
		st->cfg->verbose = UINT_MAX;
		return 0;
	}
	r = size_parse_uint(arg, 0, UINT_MAX, &v);
	if (r)
		return config_bad(st, "--verbose", arg, config_why(r));
	st->cfg->verbose = (unsigned int)v;
	return 0;
}

/* Accepts 30 or 30s (seconds) and 2m (minutes). */
static int config_seed_timeout(struct config_parse_state *st, const char *arg)
{
	char num[24];
	size_t len = strlen(arg);
	uint64_t v, mult = 1;
	int r;

	st->want_seed = true;
	if (!arg[0] || len >= sizeof(num))
		return config_bad(st, "--until-seeded", arg, "bad timeout");
	memcpy(num, arg, len + 1);
	if (num[len - 1] == 's' || num[len - 1] == 'm') {
		mult = num[len - 1] == 'm' ? 60 : 1;
		num[len - 1] = '\0';
	}
	r = size_parse_uint(num, 1, 86400 / mult, &v);
	if (r)
		return config_bad(st, "--until-seeded", arg,
				  "expected seconds (1..86400), e.g. 30 or 2m");
	st->cfg->seed_timeout_s = (unsigned int)(v * mult);
	return 0;
}

/* --assess[=SIZE]: at least the 1,000 samples the estimators need. */
static int config_assess(struct config_parse_state *st, const char *arg)
{
	uint64_t v;

	st->want_assess = true;
	if (!arg)
		return 0;
	if (size_parse(arg, &v) || v < 1000 || v > (1ULL << 30))
		return config_bad(st, "--assess", arg,
				  "expected a sample count from 1000 to 1g, e.g. 1M");
	st->cfg->assess_samples = v;
	return 0;
}

/*
 * A claim is bits of min-entropy per residual delta, a byte: at most 8.
 * The smallest useful one credits one bit per fill-thread read
 * (credit.h); smaller ones are refused here rather than never seeding.
 */
static int config_claim(struct config_parse_state *st, const char *arg)
{
	char *end;
	double h;

	errno = 0;
	h = strtod(arg, &end);
	if (errno || end == arg || *end || !(h > 0.0 && h <= 8.0))
		return config_bad(st, "--entropy-per-delta", arg,
				  "expected bits per delta, more than 0 and at most 8");
	if (credit_quality(h) < credit_quality_min(CREDIT_READ_BYTES))
		return config_bad(st, "--entropy-per-delta", arg,
				  "too small to credit one bit per 64-byte read (at least 0.5)");
	st->cfg->h_claim = h;
	return 0;
}

static int config_mode(struct config_parse_state *st, const char *arg)
{
	if (!strcmp(arg, "auto"))
		st->cfg->target = HWRNGD_TARGET_AUTO;
	else if (!strcmp(arg, "feed"))
		st->cfg->target = HWRNGD_TARGET_FEED;
	else if (!strcmp(arg, "random"))
		st->cfg->target = HWRNGD_TARGET_RANDOM;
	else
		return config_bad(st, "--mode", arg,
				  "expected auto, feed or random");
	return 0;
}

static int config_log(struct config_parse_state *st, const char *arg)
{
	static const char *const names[] = {
		[HWRNGD_LOG_AUTO] = "auto",
		[HWRNGD_LOG_STDERR] = "stderr",
		[HWRNGD_LOG_SYSLOG] = "syslog",
		[HWRNGD_LOG_JOURNAL] = "journal",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcmp(arg, names[i])) {
			st->cfg->log_to = (enum hwrngd_log_to)i;
			return 0;
		}
	}
	return config_bad(st, "--log", arg,
			  "expected auto, stderr, syslog or journal");
}

/**
 * config_check_olt_spec() - validate an online test spec (haveged's -o)
 * @spec: as accepted by olt_parse(): groups "t" (start-up) and "c"
 *	  (continuous), possibly empty, of procedures "a[N]" (N = 1..8: T5
 *	  in every 2^N-th round) / "b", each optionally "w"
 *
 * The online test engine's own parser decides, so a spec accepted here is
 * never refused later when the engine is built.
 *
 * Return: 0 or -EINVAL.
 */
int config_check_olt_spec(const char *spec)
{
	struct olt_config cfg;
	size_t errpos;

	return olt_parse(spec, &cfg, &errpos) ? -EINVAL : 0;
}

static int config_olt(struct config_parse_state *st, const char *arg)
{
	if (config_check_olt_spec(arg))
		return config_bad(st, "--onlinetest", arg,
				  "expected groups t/c of procedures a[N] (N = 1..8)/b, each once, e.g. tabcb");
	st->cfg->olt_spec = arg;
	return 0;
}

static int config_run(struct config_parse_state *st, const char *arg)
{
	int r;

	r = size_parse_uint(arg, 0, SIZE_MAX_BYTES >> 10, &st->run_level);
	if (r)
		return config_bad(st, "--run", arg, config_why(r));
	st->have_r = true;
	return 0;
}

static int config_write(struct config_parse_state *st, const char *arg)
{
	int r;

	r = config_uint(st, "--write", arg, 1U << 20, &st->cfg->write_wakeup);
	st->cfg->write_wakeup_set = !r;
	return r;
}

/* Options with an argument that configure the collector or the daemon. */
static int config_option_arg(struct config_parse_state *st, int c,
			     const char *arg)
{
	struct hwrngd_config *cfg = st->cfg;

	switch (c) {
	case 'b':
		return config_uint(st, "--buffer", arg, 65536, &cfg->buffer_kw);
	case 'd':
		return config_cache(st, "--data", arg, &cfg->dcache_kb);
	case 'i':
		return config_cache(st, "--inst", arg, &cfg->icache_kb);
	case 'f':
		cfg->out_file = arg;
		st->have_f = true;
		return 0;
	case 'n':
		return config_size(st, arg);
	case 'o':
		return config_olt(st, arg);
	case 'v':
		return config_verbose(st, arg);
	case 'p':
		return config_path(st, "--pidfile", arg, CONFIG_ABS_PIDFILE,
				   &cfg->pidfile);
	case 'r':
		return config_run(st, arg);
	case 'w':
		return config_write(st, arg);
	default:
		return CONFIG_NOT_MINE;
	}
}

static int config_option_long(struct config_parse_state *st, int c,
			      const char *arg)
{
	struct hwrngd_config *cfg = st->cfg;

	switch (c) {
	case OPT_UNTIL_SEEDED:
		st->want_seed = true;
		return arg ? config_seed_timeout(st, arg) : 0;
	case OPT_DEVICE:
		return config_path(st, "--device", arg, CONFIG_ABS_DEVICE,
				   &cfg->device);
	case OPT_STATUS_FILE:
		return config_path(st, "--status-file", arg,
				   CONFIG_ABS_STATUS_FILE, &cfg->status_file);
	case OPT_SYSFS_DIR:
		return config_path(st, "--sysfs-dir", arg, CONFIG_ABS_SYSFS_DIR,
				   &cfg->sysfs_dir);
	case OPT_MODE:
		return config_mode(st, arg);
	case OPT_LOG:
		return config_log(st, arg);
	case OPT_MAX_FAILURES:
		return config_uint(st, "--max-failures", arg, 1000,
				   &cfg->max_failures);
	case OPT_RECORD_RAW:
		return config_record(st, arg);
	case OPT_ASSESS:
		return config_assess(st, arg);
	case OPT_ENTROPY_PER_DELTA:
		return config_claim(st, arg);
	default:
		return CONFIG_NOT_MINE;
	}
}

static int config_unknown(struct config_parse_state *st, char **argv, int c)
{
	const char *bad = argv[optind - 1];

	if (c == ':')
		fprintf(st->err, "havege-hwrngd: option '%s' needs an argument\n",
			bad);
	else if (optopt && optopt != '?')
		fprintf(st->err, "havege-hwrngd: unknown option '-%c'\n",
			optopt);
	else
		fprintf(st->err, "havege-hwrngd: unknown option '%s'\n", bad);
	fputs("Try 'havege-hwrngd --help' for more information.\n", st->err);
	return -EINVAL;
}

static void config_defaults(struct hwrngd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->run = HWRNGD_RUN_DAEMON;
	cfg->pidfile = HWRNGD_DEFAULT_PIDFILE;
	cfg->device = HAVEGE_HWRNG_DEVICE;
	cfg->status_file = HWRNGD_DEFAULT_STATUS_FILE;
	cfg->sysfs_dir = HWRNGD_DEFAULT_SYSFS;
	cfg->seed_timeout_s = HWRNGD_DEFAULT_SEED_TIMEOUT_S;
	cfg->max_failures = HWRNGD_DEFAULT_MAX_FAILURES;
	cfg->h_claim = CREDIT_H_CLAIM_DEFAULT;
	cfg->assess_samples = ASSESS_DEFAULT_SAMPLES;
}

static int config_pick_run(struct config_parse_state *st)
{
	struct hwrngd_config *cfg = st->cfg;
	/* -r 0 is the daemon, as in haveged, whatever -f says */
	bool daemon_r = st->have_r && st->run_level == 0;
	bool output = st->have_n ||
		      (st->have_f && !st->want_record && !daemon_r) ||
		      (st->have_r && st->run_level > 1);
	bool info = st->want_info || (st->have_r && st->run_level == 1);
	int n = output + info + st->want_status + st->want_seed +
		st->want_record + st->want_assess;

	if (n > 1) {
		fputs("havege-hwrngd: choose one of output (-n/-f), --info (-r 1),\n"
		      "  --status, --until-seeded, --record-raw and --assess\n", st->err);
		return -EINVAL;
	}
	if (st->want_record) {
		cfg->run = HWRNGD_RUN_RECORD;
		if (!cfg->out_file)
			cfg->out_file = "-";
	} else if (info)
		cfg->run = HWRNGD_RUN_INFO;
	else if (st->want_status)
		cfg->run = HWRNGD_RUN_STATUS;
	else if (st->want_seed)
		cfg->run = HWRNGD_RUN_SEED;
	else if (st->want_assess)
		cfg->run = HWRNGD_RUN_ASSESS;
	else if (output)
		cfg->run = HWRNGD_RUN_OUTPUT;
	return 0;
}

static int config_finish_output(struct config_parse_state *st)
{
	struct hwrngd_config *cfg = st->cfg;

	if (cfg->run == HWRNGD_RUN_RECORD && !cfg->out_file[0]) {
		fputs("havege-hwrngd: --file must not be empty\n", st->err);
		return -EINVAL;
	}
	if (cfg->run != HWRNGD_RUN_OUTPUT)
		return 0;
	if (!st->have_n && st->have_r) {
		cfg->out_bytes = st->run_level << 10;
	} else if (!st->have_n) {
		fputs("havege-hwrngd: --file needs --number (0 = unlimited)\n",
		      st->err);
		return -EINVAL;
	}
	if (!cfg->out_file)
		cfg->out_file = cfg->out_bytes ? "sample" : "-";
	if (!cfg->out_file[0]) {
		fputs("havege-hwrngd: --file must not be empty\n", st->err);
		return -EINVAL;
	}
	return 0;
}

static int config_option(struct config_parse_state *st, int c,
			 const char *arg, FILE *out)
{
	int r;

	switch (c) {
	case 'F':
		st->cfg->foreground = true;
		return 0;
	case 'h':
		config_usage(out);
		return CONFIG_EXIT_OK;
	case 'V':
		fputs("havege-hwrngd " HAVEGE_VERSION "\n", out);
		return CONFIG_EXIT_OK;
	case OPT_STATUS:
		st->want_status = true;
		return 0;
	case OPT_INFO:
		st->want_info = true;
		return 0;
	case OPT_SELECT:
		st->cfg->select = true;
		return 0;
	case OPT_CONDITION:
		st->cfg->condition = true;
		return 0;
	}
	r = config_option_arg(st, c, arg);
	if (r != CONFIG_NOT_MINE)
		return r;
	r = config_option_long(st, c, arg);
	if (r != CONFIG_NOT_MINE)
		return r;
	fprintf(st->err, "havege-hwrngd: option -%c is not handled (a bug)\n",
		c);
	return -EINVAL;
}

/**
 * config_parse() - parse and validate havege-hwrngd's command line
 * @cfg: filled with defaults, then with the options
 * @argc: argument count
 * @argv: arguments; @cfg keeps pointers into them
 * @out: stream for --help and --version
 * @err: stream for error messages (each error is printed once)
 *
 * Return: 0 to run, CONFIG_EXIT_OK after --help/--version, or -EINVAL
 * for bad usage (the caller exits with status 2).
 */
int config_parse(struct hwrngd_config *cfg, int argc, char **argv,
		 FILE *out, FILE *err)
{
	struct config_parse_state st = { .cfg = cfg, .err = err };
	int c, r;

	config_defaults(cfg);
	optind = 0;	/* glibc: full re-initialisation, for repeated calls */
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, ":b:d:i:f:n:o:v:Fp:r:w:hV",
				config_longopts, NULL);
		if (c == -1)
			break;
		if (c == '?' && !strcmp(argv[optind - 1], "-?"))
			c = 'h';
		if (c == '?' || c == ':')
			return config_unknown(&st, argv, c);
		r = config_option(&st, c, optarg, out);
		if (r)
			return r;
	}
	if (optind < argc) {
		fprintf(err, "havege-hwrngd: unexpected argument '%s'\n",
			argv[optind]);
		return -EINVAL;
	}
	r = config_pick_run(&st);
	return r ? r : config_finish_output(&st);
}
