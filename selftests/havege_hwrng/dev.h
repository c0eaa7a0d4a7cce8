/* SPDX-License-Identifier: GPL-2.0 */
/* Thin wrappers around /dev/havege_hwrng and /dev/hwrng for the selftests. */
#ifndef HH_DEV_H
#define HH_DEV_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>

#include "havege_hwrng.h"

#define DEV_HWRNG	"/dev/hwrng"

/*
 * What the selftests declare at REGISTER: havege-hwrngd's default claim
 * (helper/assess/credit.h, 0.5 bit per timer delta = quality 2, one bit per
 * 64-byte fill-thread read), so the tests see the kernel work at the
 * quality it really gets.
 */
#define DEV_QUALITY	2U

/* The hw_random core's read buffer, RNG_BUFFER_SIZE on x86-64 and arm64. */
#define DEV_CORE_CHUNK	64

/*
 * What a feeder queues before REGISTER, as havege-hwrngd does: the core's
 * synchronous first read inside REGISTER (16 bytes up to 5.17, 32 up to
 * 6.9) and one whole fill-thread read.  On cores before the 2026 rework
 * REGISTER then returns once the fill thread has taken its chunk
 * (module/hwrng.c), and the thread next sleeps in random.c's reseed
 * interval, which kthread_stop() ends.  With less queued the fill thread
 * waits in .read; a withdrawal fails that read, and before 6.1 the core
 * then sleeps 10 s where kthread_stop() cannot wake it, so the withdrawal
 * takes up to 10 s.  Tests of an empty FIFO register without it.
 */
#define DEV_PREFILL	(2 * DEV_CORE_CHUNK)

int dev_open(int flags);
int dev_register(int fd);
int dev_register_quality(int fd, unsigned int quality);
int dev_register_wait(int fd, unsigned int timeout_ms);
int dev_withdraw(int fd);
int dev_stats(int fd, struct havege_hwrng_stats *st);
int dev_stats_consistent(const struct havege_hwrng_stats *st);
long dev_write_stream(int fd, uint64_t key, uint64_t *pos, uint64_t max);
int dev_prefill(int fd, uint64_t key, uint64_t *pos);
long dev_drain_hwrng(void);
void dev_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t dev_now_ms(void);
void dev_sleep_ms(unsigned int ms);

#endif /* HH_DEV_H */
