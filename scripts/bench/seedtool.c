// SPDX-License-Identifier: GPL-2.0
/*
 * seedtool: guest-side helper of scripts/bench/seed.sh (built static).
 *
 *   seedtool credit BITS   the entropy pump: read standard input 64 bytes
 *                          at a time and add each block to the kernel's
 *                          pool with RNDADDENTROPY crediting BITS bits,
 *                          until getrandom(GRND_NONBLOCK) succeeds; exit 0
 *                          then, 1 at end of input, 2 on an error.  Fed by
 *                          `haveged -n 0` it is the classic early-boot
 *                          script written in C.
 *   seedtool block         one blocking getrandom() of one byte: on 5.4
 *                          and later the kernel runs its own jitter-entropy
 *                          loop until the CRNG is ready; exit 0 then.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#define SEEDTOOL_BLOCK	64

struct seedtool_entropy {
	struct rand_pool_info info;
	unsigned char data[SEEDTOOL_BLOCK];
};

/* 1 when the CRNG is ready, 0 when not, negative errno on other errors. */
static int seedtool_ready(void)
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

/* Fill buf with exactly len bytes of fd: 0, -ENODATA at its end, -errno. */
static int seedtool_read_full(int fd, unsigned char *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		done += (size_t)n;
	}
	return 0;
}

static int seedtool_credit(int bits)
{
	struct seedtool_entropy e;
	unsigned long blocks = 0;
	int fd;
	int r;

	fd = open("/dev/random", O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "seedtool: /dev/random: %s\n", strerror(errno));
		return 2;
	}
	for (;;) {
		r = seedtool_ready();
		if (r != 0)
			break;
		r = seedtool_read_full(STDIN_FILENO, e.data, sizeof(e.data));
		if (r < 0)
			break;
		e.info.entropy_count = bits;
		e.info.buf_size = (int)sizeof(e.data);
		if (ioctl(fd, RNDADDENTROPY, &e) < 0) {
			r = -errno;
			break;
		}
		blocks++;
	}
	close(fd);
	fprintf(stderr, "seedtool: %lu blocks of %d bytes credited %d bits each\n",
		blocks, SEEDTOOL_BLOCK, bits);
	if (r == 1)
		return 0;
	if (r == -ENODATA) {
		fprintf(stderr, "seedtool: end of input before the CRNG was ready\n");
		return 1;
	}
	fprintf(stderr, "seedtool: %s\n", strerror(-r));
	return 2;
}

static int seedtool_block(void)
{
	unsigned char byte;
	ssize_t n;

	do {
		n = getrandom(&byte, sizeof(byte), 0);
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(byte)) {
		fprintf(stderr, "seedtool: getrandom: %s\n",
			n < 0 ? strerror(errno) : "short read");
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char *end;
	long bits;

	if (argc == 2 && !strcmp(argv[1], "block"))
		return seedtool_block();
	if (argc == 3 && !strcmp(argv[1], "credit")) {
		bits = strtol(argv[2], &end, 10);
		if (*end || bits < 0 || bits > 8 * SEEDTOOL_BLOCK) {
			fprintf(stderr, "seedtool: bad credit %s (0..%d bits)\n",
				argv[2], 8 * SEEDTOOL_BLOCK);
			return 2;
		}
		return seedtool_credit((int)bits);
	}
	fprintf(stderr, "usage: seedtool credit BITS < DATA | seedtool block\n");
	return 2;
}
