// SPDX-License-Identifier: GPL-2.0
/*
 * vm-probe: the timing probe of the bench guests (scripts/bench/vm.sh),
 * built static so a busybox guest needs nothing else.
 *
 *   vm-probe read FILE BYTES READERS
 *	READERS processes read BYTES in all from FILE (each its share, in
 *	read() calls of at most 64 KiB) at the same time; prints the wall
 *	time in seconds from the first fork to the last exit.  Exit 1 when a
 *	reader fails or gets fewer bytes than its share.
 *   vm-probe listed NAME SECS
 *	polls /sys/class/misc/hw_random/rng_available every millisecond
 *	until the word NAME appears in it; prints the seconds since its own
 *	start (exit 0) or fails after SECS seconds (exit 1).  Started just
 *	before a daemon, it measures the daemon's start-up.
 *   vm-probe seeded SECS
 *	polls getrandom(GRND_NONBLOCK) every millisecond until the CRNG is
 *	ready (never a blocking call, which would run the kernel's own
 *	jitter seeding); prints the seconds waited, or fails after SECS.
 *   vm-probe cpu PID
 *	prints the CPU time (utime + stime of /proc/PID/stat) of PID.
 *   vm-probe run CMD [ARG]...
 *	runs CMD and prints its wall time and its CPU time (user + system,
 *	from wait4()) in seconds; exits with CMD's status (1 if it died of
 *	a signal, 127 if it could not be started).
 *
 * Times are CLOCK_MONOTONIC, printed in seconds with 3 decimals.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PROBE_CHUNK		65536U
#define PROBE_MAX_READERS	64L
#define PROBE_POLL_NS		1000000L
#define PROBE_AVAILABLE		"/sys/class/misc/hw_random/rng_available"

static double probe_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A decimal argument in [min, max], or -1. */
static long probe_number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	return v;
}

/* Read exactly @want bytes of @path; 0 or negative errno. */
static int probe_read_share(const char *path, size_t want)
{
	char buf[PROBE_CHUNK];
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (got < want) {
		n = read(fd, buf, want - got < sizeof(buf) ? want - got : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			n = n < 0 ? -errno : -EIO;
			close(fd);
			return (int)n;
		}
		got += (size_t)n;
	}
	close(fd);
	return 0;
}

static int probe_read(const char *path, long bytes, long readers)
{
	double start = probe_now();
	int failed = 0;
	long i, share;
	pid_t pid;
	int st, r;

	for (i = 0; i < readers; i++) {
		share = bytes / readers + (i < bytes % readers ? 1 : 0);
		pid = fork();
		if (pid < 0) {
			perror("vm-probe: fork");
			failed = 1;
			break;
		}
		if (pid == 0) {
			r = probe_read_share(path, (size_t)share);
			if (r < 0)
				fprintf(stderr, "vm-probe: %s: %s\n", path, strerror(-r));
			_exit(r < 0 ? 1 : 0);
		}
	}
	while (wait(&st) > 0) {
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			failed = 1;
	}
	if (failed)
		return 1;
	printf("%.3f\n", probe_now() - start);
	return 0;
}

/* Whether the word @name is in the file @path (0/1), negative errno. */
static int probe_has_word(const char *path, const char *name)
{
	char buf[4096], *tok, *save;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save)) {
		if (!strcmp(tok, name))
			return 1;
	}
	return 0;
}

static int probe_listed(const char *name, long secs)
{
	const struct timespec step = { .tv_nsec = PROBE_POLL_NS };
	double start = probe_now();
	int r;

	for (;;) {
		r = probe_has_word(PROBE_AVAILABLE, name);
		if (r < 0) {
			fprintf(stderr, "vm-probe: %s: %s\n", PROBE_AVAILABLE, strerror(-r));
			return 1;
		}
		if (r) {
			printf("%.3f\n", probe_now() - start);
			return 0;
		}
		if (probe_now() - start > (double)secs) {
			fprintf(stderr, "vm-probe: %s not listed after %ld s\n", name, secs);
			return 1;
		}
		nanosleep(&step, NULL);
	}
}

static int probe_seeded(long secs)
{
	const struct timespec step = { .tv_nsec = PROBE_POLL_NS };
	double start = probe_now();
	unsigned char byte;
	ssize_t n;

	for (;;) {
		n = getrandom(&byte, sizeof(byte), GRND_NONBLOCK);
		if (n == (ssize_t)sizeof(byte)) {
			printf("%.3f\n", probe_now() - start);
			return 0;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			perror("vm-probe: getrandom");
			return 1;
		}
		if (probe_now() - start > (double)secs) {
			fprintf(stderr, "vm-probe: CRNG not ready after %ld s\n", secs);
			return 1;
		}
		nanosleep(&step, NULL);
	}
}

/* utime + stime of /proc/PID/stat (fields 14 and 15, after the comm). */
static int probe_cpu(const char *pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	long hz = sysconf(_SC_CLK_TCK);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || hz <= 0)
		return 1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	/* after ") ": state ppid pgrp session tty_nr tpgid flags minflt
	 * cminflt majflt cmajflt, then utime stime
	 */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2) {
		fprintf(stderr, "vm-probe: cannot parse %s\n", path);
		return 1;
	}
	printf("%.3f\n", (double)(ut + st) / (double)hz);
	return 0;
}

static double probe_tv(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static int probe_run(char **argv)
{
	double start = probe_now();
	struct rusage ru;
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0) {
		perror("vm-probe: fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) != pid) {
		perror("vm-probe: wait4");
		return 127;
	}
	printf("%.3f %.3f\n", probe_now() - start,
	       probe_tv(&ru.ru_utime) + probe_tv(&ru.ru_stime));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static int probe_usage(void)
{
	fprintf(stderr, "usage: vm-probe read FILE BYTES READERS | listed NAME SECS | now |\n"
		"       seeded SECS | cpu PID | run CMD [ARG]...\n");
	return 2;
}

int main(int argc, char **argv)
{
	long bytes, readers, secs;

	if (argc == 5 && !strcmp(argv[1], "read")) {
		bytes = probe_number(argv[3], 1, 1L << 40);
		readers = probe_number(argv[4], 1, PROBE_MAX_READERS);
		if (bytes < 0 || readers < 0)
			return probe_usage();
		return probe_read(argv[2], bytes, readers);
	}
	if (argc == 4 && !strcmp(argv[1], "listed")) {
		secs = probe_number(argv[3], 1, 3600);
		if (secs < 0)
			return probe_usage();
		return probe_listed(argv[2], secs);
	}
	if (argc == 3 && !strcmp(argv[1], "seeded")) {
		secs = probe_number(argv[2], 1, 3600);
		if (secs < 0)
			return probe_usage();
		return probe_seeded(secs);
	}
	if (argc == 3 && !strcmp(argv[1], "cpu"))
		return probe_cpu(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "run"))
		return probe_run(argv + 2);
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%.3f\n", probe_now());
		return 0;
	}
	return probe_usage();
}
