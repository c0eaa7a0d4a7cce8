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

int dev_open(int flags);
int dev_register(int fd);
int dev_register_quality(int fd, unsigned int quality);
int dev_register_wait(int fd, unsigned int timeout_ms);
int dev_withdraw(int fd);
int dev_stats(int fd, struct havege_hwrng_stats *st);
int dev_stats_consistent(const struct havege_hwrng_stats *st);
long dev_write_stream(int fd, uint64_t key, uint64_t *pos, uint64_t max);
long dev_drain_hwrng(void);
void dev_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t dev_now_ms(void);
void dev_sleep_ms(unsigned int ms);

#endif /* HH_DEV_H */
