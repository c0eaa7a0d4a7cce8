/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sink.h: where tested bytes go.  Three kinds share one ops table:
 *
 *  - feed   (sink_feed.c):   the module's /dev/havege_hwrng FIFO
 *  - random (sink_random.c): RNDADDENTROPY into /dev/random (fallback)
 *  - file   (sink_file.c):   a file or stdout (-n/-f output mode)
 *
 * All system calls go through struct hwrngd_sys, so the unit tests run the
 * real sink code against a fake device.  Sinks never log: they return a
 * negative errno and the daemon decides what it means.
 */
#ifndef HWRNGD_SINK_H
#define HWRNGD_SINK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "havege_hwrng.h"
#include "sys.h"

/*
 * Fallback policy (docs/daemon.md): credit as the hw_random core would at
 * the source's quality (credit_bits()), at most SINK_RANDOM_CHUNK bytes
 * and SINK_RANDOM_CHUNK_BITS credited bits per RNDADDENTROPY.
 */
#define SINK_RANDOM_CHUNK		4096	/* bytes per RNDADDENTROPY, at most */
#define SINK_RANDOM_CHUNK_BITS		64	/* credited bits per call, at most */
#define SINK_RANDOM_INTERVAL_MS		60000	/* top-up once seeded */
#define SINK_RANDOM_MIN_INTERVAL_MS	1000	/* never faster, even on POLLOUT */
#define SINK_RANDOM_EAGER_CHUNKS	64	/* back-to-back chunks before ready */

/* Largest single write() to a file sink: a pipe write of PIPE_BUF is atomic. */
#define SINK_FILE_CHUNK			4096

struct sink;

struct sink_ops {
	const char *name;
	/*
	 * Hand over up to @len bytes without blocking for long.  Returns
	 * the count taken, 0 if the sink takes nothing now (call wait()),
	 * or a negative errno.
	 */
	ssize_t (*put)(struct sink *s, const void *buf, size_t len);
	/*
	 * Sleep until put() may take data (1), @timeout_ms passed (0; < 0 =
	 * no timeout), or a signal arrived (-EINTR).  @mask is installed
	 * during the sleep as by ppoll(2), so signals blocked elsewhere are
	 * delivered only here.
	 */
	int (*wait)(struct sink *s, int64_t timeout_ms, const sigset_t *mask);
	int (*attach)(struct sink *s);		/* NULL: nothing to do */
	int (*detach)(struct sink *s);		/* NULL: nothing to do */
	int (*stats)(struct sink *s, struct havege_hwrng_stats *out);
	void (*close)(struct sink *s);
};

struct sink {
	const struct sink_ops *ops;
	const struct hwrngd_sys *sys;
	int fd;
	unsigned int quality;	/* feed: declared at REGISTER, 1..1024 */
	bool attached;
	bool done;		/* file: limit reached or reader gone */
	bool gone;		/* file: the reader went away (EPIPE, POLLHUP) */
	/* random sink */
	bool seeded;
	bool pollout;		/* POLLOUT on /dev/random is meaningful */
	bool wanted;		/* POLLOUT seen: the next put() may add */
	int64_t next_due_ms;
	int64_t last_ms;
	uint64_t credited_bits;
	uint64_t chunks;
	/* file sink */
	const char *path;	/* as given: "-" is stdout */
	bool limited;
	uint64_t remaining;
	bool own_fd;
};

int sink_feed_open(struct sink *s, const struct hwrngd_sys *sys,
		   const char *path);
int sink_random_open(struct sink *s, const struct hwrngd_sys *sys,
		     const char *path, bool pollout);
bool sink_random_pollout_meaningful(const char *release);
size_t sink_random_chunk(unsigned int quality);
int sink_file_open(struct sink *s, const struct hwrngd_sys *sys,
		   const char *path, uint64_t limit);
void sink_close(struct sink *s);

#endif /* HWRNGD_SINK_H */
