/* SPDX-License-Identifier: GPL-2.0 */
/*
 * log.h: the daemon's log sink: stderr, syslog, or the journal (stderr
 * lines with "<N>" priority prefixes when stderr is the journal stream).
 * The state lives in struct hwrngd_ctx; there is no global logger.
 */
#ifndef HWRNGD_LOG_H
#define HWRNGD_LOG_H

#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>

#include "config.h"

#define __printf(a, b)	__attribute__((format(printf, a, b)))

struct hwrngd_log {
	enum hwrngd_log_to to;	/* resolved: never HWRNGD_LOG_AUTO */
	unsigned int verbose;	/* -v bitmask; LOG_DEBUG needs bit 2 */
	FILE *stream;		/* stderr, or a test's stream */
	bool syslog_open;
};

/* -v bits (haveged's meaning where it has one) */
#define HWRNGD_V_SUMMARY	1U	/* counters on exit, retries */
#define HWRNGD_V_RETRY		2U	/* online test retry details */
#define HWRNGD_V_DEBUG		32U	/* every completed test, state changes */

void log_init(struct hwrngd_log *log, enum hwrngd_log_to to,
	      unsigned int verbose, bool foreground, FILE *stream);
void log_close(struct hwrngd_log *log);
enum hwrngd_log_to log_resolve(enum hwrngd_log_to to, bool foreground,
			       const char *journal_stream, int fd);
bool log_enabled(const struct hwrngd_log *log, int prio);
__printf(3, 4)
void log_msg(const struct hwrngd_log *log, int prio, const char *fmt, ...);
__printf(4, 5)
int log_errno(const struct hwrngd_log *log, int prio, int err,
	      const char *fmt, ...);

#endif /* HWRNGD_LOG_H */
