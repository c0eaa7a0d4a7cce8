/* SPDX-License-Identifier: GPL-2.0 */
/*
 * background.h: forking into the background, with the parent waiting for
 * the child's pid file (background.c).
 */
#ifndef HWRNGD_BACKGROUND_H
#define HWRNGD_BACKGROUND_H

#include <stdbool.h>

#define BACKGROUND_OK	'1'

int background_start(bool keep_stdio, int *done_fd);
void background_done(int done_fd, bool ok);

#endif /* HWRNGD_BACKGROUND_H */
