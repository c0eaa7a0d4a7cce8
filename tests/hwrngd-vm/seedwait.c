// SPDX-License-Identifier: GPL-2.0
/*
 * seedwait: guest-side probe of tests/hwrngd-vm.t.  Polls
 * getrandom(GRND_NONBLOCK) until the kernel CRNG is ready and prints the
 * time since its own start.  It never calls a blocking getrandom() or reads
 * /dev/random: on 5.4 and later those run the kernel's jitter-entropy loop
 * and would seed the CRNG themselves, spoiling the measurement.
 *
 *   seedwait -c      exit 0 if the CRNG is ready now, 1 if not
 *   seedwait SECS    wait at most SECS seconds; print "ready X.XXX" (exit 0)
 *                    or "not-ready SECS" (exit 1)
 *
 * The caller starts it just before the program under test, so the printed
 * time is an upper bound of the time from that program's start.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* 10 ms between probes: negligible next to the 1 s bound being checked. */
#define SEEDWAIT_POLL_NS	10000000L

static double seedwait_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when ready, 0 when not yet, negative errno on any other failure. */
static int seedwait_ready(void)
{
	unsigned char byte;
	ssize_t n;

	n = getrandom(&byte, sizeof(byte), GRND_NONBLOCK);
	if (n == (ssize_t)sizeof(byte))
		return 1;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return n < 0 ? -errno : -EIO;
}

static int seedwait_wait(double limit)
{
	const struct timespec step = { .tv_nsec = SEEDWAIT_POLL_NS };
	double start = seedwait_now();
	double elapsed = 0.0;
	int r;

	for (;;) {
		r = seedwait_ready();
		elapsed = seedwait_now() - start;
		if (r < 0) {
			fprintf(stderr, "seedwait: getrandom: %s\n", strerror(-r));
			return 2;
		}
		if (r > 0) {
			printf("ready %.3f\n", elapsed);
			return 0;
		}
		if (elapsed >= limit)
			break;
		nanosleep(&step, NULL);
	}
	printf("not-ready %.0f\n", limit);
	return 1;
}

int main(int argc, char **argv)
{
	char *end;
	double limit;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: seedwait -c | seedwait SECONDS\n");
		return 2;
	}
	if (!strcmp(argv[1], "-c")) {
		r = seedwait_ready();
		return r > 0 ? 0 : (r == 0 ? 1 : 2);
	}
	limit = strtod(argv[1], &end);
	if (*end || limit <= 0.0) {
		fprintf(stderr, "seedwait: bad time limit %s\n", argv[1]);
		return 2;
	}
	r = seedwait_wait(limit);
	fflush(stdout);
	return r;
}
