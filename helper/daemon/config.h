/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h: havege-hwrngd's command line, parsed and validated once; the
 * rest of the daemon only reads struct hwrngd_config.
 */
#ifndef HWRNGD_CONFIG_H
#define HWRNGD_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The daemon's runtime directory, the one the packaged unit has systemd
 * create (RuntimeDirectory=havege-hwrngd); the daemon creates it (0755)
 * itself when it is missing.
 */
#define HWRNGD_RUNTIME_DIR		"/run/havege-hwrngd"
#define HWRNGD_DEFAULT_PIDFILE		HWRNGD_RUNTIME_DIR "/pid"
#define HWRNGD_DEFAULT_STATUS_FILE	HWRNGD_RUNTIME_DIR "/status"
#define HWRNGD_DEFAULT_SYSFS		"/sys/class/misc/hw_random"
#define HWRNGD_DEFAULT_SEED_TIMEOUT_S	60
#define HWRNGD_DEFAULT_MAX_FAILURES	5

/* What the process does (exclusive). */
enum hwrngd_run {
	HWRNGD_RUN_DAEMON,	/* -r 0: feed the module or the pool */
	HWRNGD_RUN_OUTPUT,	/* -n / -f / -r >1: write tested data */
	HWRNGD_RUN_INFO,	/* -r 1, --info */
	HWRNGD_RUN_STATUS,	/* --status */
	HWRNGD_RUN_SEED,	/* --until-seeded */
	HWRNGD_RUN_RECORD,	/* --record-raw=N: noise samples, not output */
	HWRNGD_RUN_ASSESS,	/* --assess: SP 800-90B estimate, the credit */
};

/* Where daemon and seed runs put the tested bytes. */
enum hwrngd_target {
	HWRNGD_TARGET_AUTO,	/* module if its device exists, else pool */
	HWRNGD_TARGET_FEED,	/* /dev/havege_hwrng */
	HWRNGD_TARGET_RANDOM,	/* RNDADDENTROPY into /dev/random */
};

enum hwrngd_log_to {
	HWRNGD_LOG_AUTO,	/* journal if stderr is it, stderr if -F, syslog */
	HWRNGD_LOG_STDERR,
	HWRNGD_LOG_SYSLOG,
	HWRNGD_LOG_JOURNAL,
};

/* Slots of hwrngd_config.abs_path */
enum hwrngd_abs_path {
	CONFIG_ABS_PIDFILE,
	CONFIG_ABS_STATUS_FILE,
	CONFIG_ABS_DEVICE,
	CONFIG_ABS_SYSFS_DIR,
	CONFIG_ABS_COUNT,
};

struct hwrngd_config {
	enum hwrngd_run run;
	enum hwrngd_target target;
	enum hwrngd_log_to log_to;
	uint64_t out_bytes;		/* -n, 0 = unlimited */
	const char *out_file;		/* -f, "-" = stdout */
	uint64_t record_samples;	/* --record-raw=N, N >= 1 */
	unsigned int buffer_kw;		/* -b, collector buffer, 0 = default */
	unsigned int dcache_kb;		/* -d, 0 = detect */
	unsigned int icache_kb;		/* -i, 0 = detect */
	const char *olt_spec;		/* -o, NULL = engine default */
	unsigned int verbose;		/* -v bitmask */
	unsigned int write_wakeup;	/* -w, accepted and ignored */
	bool write_wakeup_set;
	bool foreground;		/* -F */
	bool select;			/* --select */
	bool condition;			/* --condition: SHA-256 conditioning */
	const char *pidfile;		/* -p */
	const char *device;		/* --device */
	const char *status_file;	/* --status-file */
	const char *sysfs_dir;		/* --sysfs-dir (tests) */
	unsigned int seed_timeout_s;	/* --until-seeded=TIMEOUT */
	unsigned int max_failures;	/* --max-failures */
	double h_claim;			/* --entropy-per-delta, bits */
	uint64_t assess_samples;	/* --assess=N */
	/*
	 * Relative -p, --status-file, --device and --sysfs-dir made absolute
	 * (the daemon changes to / when it forks); the pointers above may
	 * point here, so a parsed config is used in place, never copied.
	 */
	char abs_path[CONFIG_ABS_COUNT][PATH_MAX];
};

/* config_parse() result for --help and --version: exit 0, do nothing else */
#define CONFIG_EXIT_OK	1

/* -d/-i: the largest L1 cache size taken, in KiB (0 = detect) */
#define CONFIG_CACHE_KB_MAX	65536

int config_parse(struct hwrngd_config *cfg, int argc, char **argv,
		 FILE *out, FILE *err);
void config_usage(FILE *out);
int config_check_olt_spec(const char *spec);

#endif /* HWRNGD_CONFIG_H */
