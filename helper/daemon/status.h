/* SPDX-License-Identifier: GPL-2.0 */
/*
 * status.h: counters for --status (read from the status file the daemon
 * keeps, plus the module's own counters and hw_random sysfs), the SIGUSR1
 * dump, and the --info (-r 1) summary.
 */
#ifndef HWRNGD_STATUS_H
#define HWRNGD_STATUS_H

#include <stdio.h>

#include "hwrngd.h"

void status_format(struct hwrngd_ctx *ctx, FILE *out);
void status_write(struct hwrngd_ctx *ctx);
int status_print(struct hwrngd_ctx *ctx, FILE *out);
void status_info(struct hwrngd_ctx *ctx, FILE *out);

#endif /* HWRNGD_STATUS_H */
