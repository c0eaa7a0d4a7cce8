// SPDX-License-Identifier: GPL-2.0
/*
 * sancheck: the positive controls of tests/hwrngd-vm-asan.t.  Built with
 * the same sanitizer flags as the daemon under test (SANFLAGS of
 * mk/helper.mk) and run in the same guest with the same ASAN_OPTIONS and
 * UBSAN_OPTIONS, each mode commits one error the sanitizers must report,
 * so a guest in which they cannot work (LeakSanitizer needs ptrace and
 * /proc of its own threads) fails the test instead of passing it.
 *
 *   sancheck leak       lose 16 heap blocks: LeakSanitizer at exit
 *   sancheck overflow   write one byte past a heap block: AddressSanitizer
 *   sancheck ubsan      signed integer overflow: UndefinedBehaviorSanitizer
 *   sancheck clean      allocate, use and free: no report, exit 0
 *
 * Exit status 0 in every mode where no sanitizer stopped the program; the
 * caller checks the sanitizer's exit status and log file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kept out of the optimiser's reach, so every error really happens. */
static volatile size_t sancheck_len = 32;
static volatile int sancheck_big = 0x7fffffff;
static void *volatile sancheck_sink;

/*
 * LeakSanitizer scans stacks and registers conservatively: a pointer left
 * in a dead stack slot would keep a block "reachable".  So: 16 blocks, each
 * pointer overwritten by the next, in a frame of its own that a second
 * call then overwrites.
 */
#define SANCHECK_LEAK_BLOCKS	16
#define SANCHECK_LEAK_SIZE	4096

static __attribute__((noinline)) int sancheck_leak_blocks(void)
{
	int i;

	for (i = 0; i < SANCHECK_LEAK_BLOCKS; i++) {
		sancheck_sink = malloc(SANCHECK_LEAK_SIZE);
		if (!sancheck_sink)
			return 1;
		memset(sancheck_sink, 0xa5, SANCHECK_LEAK_SIZE);
	}
	sancheck_sink = NULL;	/* no reference to any block is left */
	return 0;
}

static __attribute__((noinline)) void sancheck_clobber(void)
{
	volatile char stack[16384];
	size_t i;

	for (i = 0; i < sizeof(stack); i++)
		stack[i] = 0;
}

static int sancheck_leak(void)
{
	int r = sancheck_leak_blocks();

	sancheck_clobber();
	return r;
}

static int sancheck_overflow(void)
{
	char *p = malloc(sancheck_len);

	if (!p)
		return 1;
	/* one past the end; volatile, or the store before free() is dead */
	((volatile char *)p)[sancheck_len] = 1;
	free(p);
	return 0;
}

static int sancheck_ubsan(void)
{
	int x = sancheck_big;

	x += 1;			/* INT_MAX + 1 */
	printf("%d\n", x);
	return 0;
}

static int sancheck_clean(void)
{
	char *p = malloc(sancheck_len);

	if (!p)
		return 1;
	memset(p, 0, sancheck_len);
	sancheck_sink = p;
	free(p);
	sancheck_sink = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc == 2 ? argv[1] : "";

	if (!strcmp(mode, "leak"))
		return sancheck_leak();
	if (!strcmp(mode, "overflow"))
		return sancheck_overflow();
	if (!strcmp(mode, "ubsan"))
		return sancheck_ubsan();
	if (!strcmp(mode, "clean"))
		return sancheck_clean();
	fprintf(stderr, "usage: sancheck leak|overflow|ubsan|clean\n");
	return 2;
}
