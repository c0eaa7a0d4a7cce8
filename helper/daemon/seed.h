/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seed.h: the one-shot --until-seeded run, on top of the service loop
 * (daemon_serve()); the CRNG probe is sys_crng_ready() (sys.h).
 */
#ifndef HWRNGD_SEED_H
#define HWRNGD_SEED_H

struct hwrngd_ctx;

int seed_run(struct hwrngd_ctx *ctx);

#endif /* HWRNGD_SEED_H */
