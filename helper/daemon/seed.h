/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seed.h: "is the kernel's CRNG ready?" and the one-shot --until-seeded run.
 */
#ifndef HWRNGD_SEED_H
#define HWRNGD_SEED_H

#include "sys.h"

struct hwrngd_ctx;

int seed_probe(const struct hwrngd_sys *sys);
int seed_run(struct hwrngd_ctx *ctx);

#endif /* HWRNGD_SEED_H */
