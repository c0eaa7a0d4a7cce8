/* SPDX-License-Identifier: GPL-2.0 */
/*
 * health.h - NIST SP 800-90B section 4.4 health tests on raw noise samples.
 *
 * The collector feeds every raw sample (a timer delta, as a 64-bit value,
 * or any masked part of it) to health_insert().  Two tests watch them:
 *
 *  - the repetition count test (RCT, SP 800-90B 4.4.1) catches a stuck
 *    source: C consecutive equal samples;
 *  - the adaptive proportion test (APT, SP 800-90B 4.4.2) catches a source
 *    that favours one value, e.g. a coarse timer whose deltas are almost
 *    always the same multiple of its tick.
 *
 * Both cutoffs follow from one documented assumption: H, the min-entropy
 * per sample, in bits (health_init()).  The false-alarm rate of each test
 * is alpha = 2^-20 per sample, as SP 800-90B recommends.
 *
 * Start-up (SP 800-90B 4.3, item 4): the first HEALTH_STARTUP_MIN samples
 * (rounded up to whole APT windows) must pass both tests before the source
 * may be used; health_state() tells when that happened.
 *
 * Pure state machine: no I/O, no allocation, no globals.
 */
#ifndef HAVEGE_HEALTH_H
#define HAVEGE_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Failure bits returned by health_insert(). */
#define HEALTH_FAIL_RCT		(1U << 0)	/* repetition count test fired */
#define HEALTH_FAIL_APT		(1U << 1)	/* adaptive proportion test fired */

/* SP 800-90B 4.4.2: window of 1024 for binary samples, 512 otherwise. */
#define HEALTH_APT_WINDOW_BINARY	1024U
#define HEALTH_APT_WINDOW		512U

/* Samples the start-up test needs at least (SP 800-90B 4.3: 1024). */
#define HEALTH_STARTUP_MIN	1024U

/*
 * Suggested claim for raw HAVEGE timer deltas: 1 bit of min-entropy per
 * 64-bit delta, far below what a working cycle counter delivers, so the
 * tests fire on a stuck or coarse timer and almost never on a good one.
 */
#define HEALTH_H_DEFAULT	1.0

enum health_state {
	HEALTH_STARTUP,		/* start-up test still running */
	HEALTH_OK,		/* start-up test passed */
	HEALTH_FAILED,		/* a test fired during start-up */
};

/**
 * struct health - state of the RCT and APT over one sample stream
 * @h: claimed min-entropy per sample, in bits
 * @binary: samples are single bits (0 or 1)
 * @rct_cutoff: RCT fails when this many equal samples follow each other
 * @apt_cutoff: APT fails when this many samples of a window equal its first
 * @apt_window: APT window length (samples)
 * @startup_len: samples in the start-up test
 * @state: enum health_state
 * @rct_last: last sample seen
 * @rct_count: length of the current repetition (B of SP 800-90B 4.4.1)
 * @apt_first: first sample of the current window (A of 4.4.2)
 * @apt_count: samples of the current window equal to @apt_first (B)
 * @apt_seen: samples of the current window so far
 * @samples: samples inserted since health_init() / health_reset()
 * @rct_failures: RCT alarms so far
 * @apt_failures: APT alarms so far
 * @rct_max: longest repetition seen
 * @apt_max: largest window count seen (at the end of each window)
 */
struct health {
	double h;
	bool binary;
	uint32_t rct_cutoff;
	uint32_t apt_cutoff;
	uint32_t apt_window;
	uint32_t startup_len;
	enum health_state state;
	uint64_t rct_last;
	uint32_t rct_count;
	uint64_t apt_first;
	uint32_t apt_count;
	uint32_t apt_seen;
	uint64_t samples;
	uint64_t rct_failures;
	uint64_t apt_failures;
	uint32_t rct_max;
	uint32_t apt_max;
};

int health_rct_cutoff(double h, uint32_t *cutoff);
int health_apt_cutoff(double h, bool binary, uint32_t *cutoff);
int health_init(struct health *hl, double h, bool binary, uint32_t startup);
void health_reset(struct health *hl);
unsigned int health_insert(struct health *hl, uint64_t sample);
unsigned int health_insert_bytes(struct health *hl, const uint8_t *s,
				 size_t n);
enum health_state health_state(const struct health *hl);

#endif /* HAVEGE_HEALTH_H */
