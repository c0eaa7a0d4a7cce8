/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record.h: havege-hwrngd --record-raw=N (record.c): the noise source's
 * samples for an SP 800-90B assessment, through the daemon's collector;
 * --assess (record_assess()): the same samples, assessed here.
 */
#ifndef HWRNGD_RECORD_H
#define HWRNGD_RECORD_H

struct hwrngd_ctx;
struct timer_ops;

int record_run(struct hwrngd_ctx *ctx, const struct timer_ops *timer_ops,
	       void *timer_ctx);
int record_assess(struct hwrngd_ctx *ctx, const struct timer_ops *timer_ops,
		  void *timer_ctx);

#endif /* HWRNGD_RECORD_H */
