// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_config.c: havege-hwrngd's option parser (config_parse(),
 * helper/daemon/config.c) on an argument vector made of the input: the
 * arguments are the NUL-separated pieces of the input, after argv[0].
 * Messages go to /dev/null.  Invariants: the result is 0, CONFIG_EXIT_OK
 * or a negative errno; a successful parse gives a config whose -o
 * specification is valid and whose numbers respect their documented
 * bounds (sizes, the seed timeout, the entropy claim, the sample counts
 * of --assess and --record-raw) and whose daemon paths are absolute.
 */
#include <errno.h>

#include "config.h"
#include "fuzz.h"
#include "size.h"

#define FUZZ_MAX_ARGS	64

/* Paths the daemon uses after chdir("/"): absolute, "" or unset. */
static int fuzz_config_abs(const char *path)
{
	return !path || !path[0] || path[0] == '/';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hwrngd_config *cfg = malloc(sizeof(*cfg));	/* 16 KiB */
	char *argv[FUZZ_MAX_ARGS + 2];
	char *buf = fuzz_strdup(data, size);
	FILE *null;
	size_t i, start = 0;
	int argc = 0, r;

	null = fopen("/dev/null", "w");
	if (!buf || !cfg || !null)
		goto out;
	argv[argc++] = (char *)"havege-hwrngd";
	for (i = 0; i <= size && argc <= FUZZ_MAX_ARGS; i++) {
		if (buf[i] == '\0') {
			argv[argc++] = buf + start;
			start = i + 1;
		}
	}
	argv[argc] = NULL;
	r = config_parse(cfg, argc, argv, null, null);
	fuzz_require(r == 0 || r == CONFIG_EXIT_OK || (r < 0 && r > -4096),
		     "config_parse result");
	if (!r) {
		fuzz_require(!cfg->olt_spec || !config_check_olt_spec(cfg->olt_spec),
			     "an accepted -o is a valid specification");
		fuzz_require(cfg->out_bytes <= SIZE_MAX_BYTES, "-n bound");
		fuzz_require(fuzz_config_abs(cfg->pidfile),
			     "pidfile made absolute");
		fuzz_require(fuzz_config_abs(cfg->status_file),
			     "status file made absolute");
		fuzz_require(fuzz_config_abs(cfg->device), "device made absolute");
		fuzz_require(cfg->seed_timeout_s >= 1 &&
			     cfg->seed_timeout_s <= 86400, "seed timeout range");
		fuzz_require(cfg->h_claim > 0.0 && cfg->h_claim <= 8.0,
			     "entropy claim in (0, 8]");
		fuzz_require(cfg->assess_samples >= 1000 &&
			     cfg->assess_samples <= 1ULL << 30,
			     "assess sample count range");
		fuzz_require(cfg->run != HWRNGD_RUN_RECORD ||
			     (cfg->record_samples >= 1 &&
			      cfg->record_samples <= SIZE_MAX_BYTES),
			     "record sample count range");
	}
out:
	if (null)
		fclose(null);
	free(cfg);
	free(buf);
	return 0;
}
