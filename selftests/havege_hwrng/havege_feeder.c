// SPDX-License-Identifier: GPL-2.0
/*
 * havege_feeder: test feeder for havege_hwrng.ko.
 *
 * Opens /dev/havege_hwrng, writes a deterministic, checkable stream (see
 * stream.h; equal --seed gives equal bytes), registers the hwrng "havege"
 * and keeps the FIFO topped up until SIGTERM/SIGINT, then withdraws.  It
 * stands in for havege-hwrngd in the selftests and the demo; its bytes are
 * NOT random.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "feeder.h"
#include "stream.h"

static volatile sig_atomic_t feeder_stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	feeder_stop_flag = 1;
}

static void print_usage(FILE *out, const char *prog)
{
	fprintf(out,
		"Usage: %s [options]\n"
		"  -s, --seed N         stream seed (default 1)\n"
		"  -b, --bytes N        feed N bytes, then only hold the device (default: no limit)\n"
		"  -n, --no-register    feed but never register the hwrng\n"
		"  -x, --exit-when-done exit once --bytes were fed and consumed\n"
		"  -q, --quiet          print nothing but errors\n"
		"  -h, --help           this text\n"
		"Stops (withdrawing the source) on SIGTERM or SIGINT.\n", prog);
}

static int parse_u64(const char *s, uint64_t *val)
{
	char *end;

	errno = 0;
	*val = strtoull(s, &end, 0);
	return errno || end == s || *end ? -EINVAL : 0;
}

static int parse_args(int argc, char **argv, struct feeder *f)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "bytes", required_argument, NULL, 'b' },
		{ "no-register", no_argument, NULL, 'n' },
		{ "exit-when-done", no_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t seed = 1;
	int c;

	while ((c = getopt_long(argc, argv, "s:b:nxqh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (parse_u64(optarg, &seed))
				return -EINVAL;
			break;
		case 'b':
			if (parse_u64(optarg, &f->bytes))
				return -EINVAL;
			break;
		case 'n':
			f->do_register = false;
			break;
		case 'x':
			f->exit_when_done = true;
			break;
		case 'q':
			f->log = NULL;
			break;
		case 'h':
			print_usage(stdout, argv[0]);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	f->key = stream_key(seed);
	return optind == argc ? 0 : -EINVAL;
}

static void setup_signals(sigset_t *blocked)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(blocked);
	sigaddset(blocked, SIGTERM);
	sigaddset(blocked, SIGINT);
	sigprocmask(SIG_BLOCK, blocked, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

int main(int argc, char **argv)
{
	struct feeder f = {
		.do_register = true,
		.notify_fd = -1,
		.log = stdout,
		.stop = &feeder_stop_flag,
	};
	sigset_t blocked;
	int err;

	if (parse_args(argc, argv, &f)) {
		print_usage(stderr, argv[0]);
		return 2;
	}
	setup_signals(&blocked);
	f.fd = dev_open(O_NONBLOCK);
	if (f.fd < 0) {
		fprintf(stderr, "havege_feeder: %s: %s\n", HAVEGE_HWRNG_DEVICE,
			strerror(-f.fd));
		return 1;
	}
	err = feeder_run(&f);
	if (err)
		fprintf(stderr, "havege_feeder: %s\n", strerror(-err));
	close(f.fd);
	return err ? 1 : 0;
}
