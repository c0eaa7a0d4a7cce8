// SPDX-License-Identifier: GPL-2.0
/*
 * log.c: one place that knows where messages go.  Helpers return errors
 * silently; the function that decides what an error means logs it once.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

/**
 * log_resolve() - choose the log target for HWRNGD_LOG_AUTO
 * @to: the configured target
 * @foreground: -F was given
 * @journal_stream: $JOURNAL_STREAM ("dev:inode" of the journal's stream)
 * @fd: the stderr descriptor to compare with it
 *
 * A service started by systemd writes to the journal through stderr; a
 * foreground run writes to stderr; a classic daemon uses syslog.
 *
 * Return: the resolved target, never HWRNGD_LOG_AUTO.
 */
enum hwrngd_log_to log_resolve(enum hwrngd_log_to to, bool foreground,
			       const char *journal_stream, int fd)
{
	uintmax_t dev, ino;
	struct stat st;

	if (to != HWRNGD_LOG_AUTO)
		return to;
	if (journal_stream && !fstat(fd, &st) &&
	    sscanf(journal_stream, "%ju:%ju", &dev, &ino) == 2 &&
	    dev == (uintmax_t)st.st_dev && ino == (uintmax_t)st.st_ino)
		return HWRNGD_LOG_JOURNAL;
	return foreground ? HWRNGD_LOG_STDERR : HWRNGD_LOG_SYSLOG;
}

/**
 * log_init() - set up logging
 * @log: state to fill
 * @to: configured target (HWRNGD_LOG_AUTO is resolved here)
 * @verbose: the -v bitmask
 * @foreground: -F was given
 * @stream: where stderr/journal lines go (normally stderr)
 */
void log_init(struct hwrngd_log *log, enum hwrngd_log_to to,
	      unsigned int verbose, bool foreground, FILE *stream)
{
	log->to = log_resolve(to, foreground, getenv("JOURNAL_STREAM"),
			      fileno(stream));
	log->verbose = verbose;
	log->stream = stream;
	log->syslog_open = false;
	if (log->to == HWRNGD_LOG_SYSLOG) {
		openlog("havege-hwrngd", LOG_PID, LOG_DAEMON);
		log->syslog_open = true;
	}
}

/**
 * log_close() - release the log target; accepts a never-initialised log
 * @log: state (may be NULL)
 */
void log_close(struct hwrngd_log *log)
{
	if (log && log->syslog_open) {
		closelog();
		log->syslog_open = false;
	}
}

/**
 * log_enabled() - whether a message of this priority would be emitted
 * @log: state
 * @prio: syslog priority
 *
 * Return: true unless @prio is LOG_DEBUG and -v lacks HWRNGD_V_DEBUG.
 */
bool log_enabled(const struct hwrngd_log *log, int prio)
{
	return prio < LOG_DEBUG || (log->verbose & HWRNGD_V_DEBUG);
}

static void log_vmsg(const struct hwrngd_log *log, int prio, const char *fmt,
		     va_list ap)
{
	char line[512];

	if (!log_enabled(log, prio))
		return;
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	switch (log->to) {
	case HWRNGD_LOG_SYSLOG:
		syslog(prio, "%s", line);
		break;
	case HWRNGD_LOG_JOURNAL:
		fprintf(log->stream, "<%d>%s\n", prio, line);
		break;
	case HWRNGD_LOG_AUTO:
	case HWRNGD_LOG_STDERR:
		fprintf(log->stream, "havege-hwrngd: %s\n", line);
		break;
	}
	(void)fflush(log->stream);
}

/**
 * log_msg() - log one message
 * @log: state
 * @prio: syslog priority (LOG_ERR ... LOG_DEBUG)
 * @fmt: printf format, without a trailing newline
 */
void log_msg(const struct hwrngd_log *log, int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(log, prio, fmt, ap);
	va_end(ap);
}

/**
 * log_errno() - log a message with ": strerror(-err)" appended
 * @log: state
 * @prio: syslog priority
 * @err: a negative errno
 * @fmt: printf format describing what failed
 *
 * Return: @err, so that callers can "return log_errno(...)".
 */
int log_errno(const struct hwrngd_log *log, int prio, int err,
	      const char *fmt, ...)
{
	char what[384];
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	log_msg(log, prio, "%s: %s", what, strerror(-err));
	return err;
}
