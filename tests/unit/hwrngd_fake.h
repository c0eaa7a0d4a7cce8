/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwrngd_fake.h: test doubles for havege-hwrngd's unit tests.
 *
 *  - struct fake_sys: a struct hwrngd_sys whose "files" are a fake
 *    /dev/havege_hwrng (the module's FIFO semantics: capacity, -EAGAIN,
 *    REGISTER/WITHDRAW/-EALREADY/-EAGAIN, the declared quality checked
 *    and capped by the quality parameter, flush on withdraw), a fake
 *    /dev/random (RNDADDENTROPY accounting), a fake output file, sysfs
 *    files, a fake getrandom() readiness and a fake monotonic clock that
 *    only moves when the code under test sleeps.  A fake consumer drains
 *    the FIFO whenever the daemon waits on it.
 *  - struct fake_source: a struct source whose start-up and continuous
 *    tests fail on demand; it releases a numbered byte stream so tests can
 *    check that exactly the released bytes, in order, reached the sink.
 *
 * Every operation is appended to one event log, so tests can assert on
 * the order of events (e.g. a failure is followed by WITHDRAW before any
 * other write).
 */
#ifndef HWRNGD_FAKE_H
#define HWRNGD_FAKE_H

#include <errno.h>
#include <fcntl.h>
#include <linux/random.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "credit.h"
#include "daemon.h"
#include "havege_hwrng.h"
#include "hwrngd.h"
#include "sink.h"
#include "source.h"
#include "sys.h"

#define FAKE_DEV_FD	10
#define FAKE_RND_FD	11
#define FAKE_FILE_FD	12
#define FAKE_SYSFS_FD	13
#define FAKE_MAX_EV	32768
#define FAKE_OUT_MAX	(1 << 20)

enum fake_ev_kind {
	EV_OPEN,
	EV_CLOSE,
	EV_WRITE,	/* device write accepted (len bytes) */
	EV_REGISTER,
	EV_WITHDRAW,
	EV_ADDENTROPY,	/* len bytes, bits credited in arg */
	EV_SYSFS,	/* write to a sysfs file */
	EV_STARTUP_PASS,
	EV_STARTUP_FAIL,
	EV_FILL,	/* source released len bytes */
	EV_FILL_FAIL,	/* source: continuous test failed */
	EV_SLEEP,	/* ppoll without fds, arg = ms */
	EV_WAIT_DEV,	/* ppoll on the device */
};

struct fake_ev {
	enum fake_ev_kind kind;
	size_t len;
	int64_t arg;
};

struct fake_sys {
	struct hwrngd_sys sys;
	int64_t now;
	struct hwrngd_flags *flags;	/* set stop after stop_after waits */
	unsigned int waits;
	unsigned int stop_after;	/* 0 = never */
	unsigned int points;		/* signal points passed */
	unsigned int stop_at_point;	/* a stop signal arrives there; 0 = never */
	/* device */
	int dev_open_err;		/* e.g. -ENOENT, -EBUSY */
	int dev_write_err;		/* writes fail once registered */
	bool dev_open;
	size_t fifo_cap;
	size_t fifo_level;
	size_t drain;			/* bytes consumed per wait */
	bool registered;
	int register_err[4];		/* errors for the next REGISTERs */
	unsigned int register_calls;
	unsigned int quality_param;	/* the module's ceiling */
	unsigned int declared;		/* quality of the last REGISTER */
	unsigned int quality;		/* registered: min(declared, param) */
	uint64_t bytes_in, served, flushed, registrations, withdrawals;
	uint8_t expect_next;		/* next byte expected in the stream */
	unsigned int out_of_order;	/* bytes that broke the stream */
	/* /dev/random and getrandom() */
	bool ready;			/* CRNG ready from the start */
	uint64_t credited;
	uint64_t ready_bits;		/* credit that makes it ready */
	uint64_t ready_served;		/* hwrng bytes served that do */
	int rnd_open_err;
	bool pollout;			/* /dev/random reports POLLOUT */
	unsigned int probes;
	/* output file */
	int file_open_err;
	int file_write_err;
	unsigned char *out;
	size_t out_len;
	size_t out_max;			/* reader goes away after this (EPIPE) */
	/* sysfs */
	char sysfs_path[256];
	char sysfs_data[64];
	/* events */
	struct fake_ev ev[FAKE_MAX_EV];
	unsigned int nev;
};

static inline void fake_event(struct fake_sys *fs, enum fake_ev_kind k,
			      size_t len, int64_t arg)
{
	if (fs->nev < FAKE_MAX_EV)
		fs->ev[fs->nev++] = (struct fake_ev){ k, len, arg };
}

static inline int fake_open(void *priv, const char *path, int flags)
{
	struct fake_sys *fs = priv;

	(void)flags;
	fake_event(fs, EV_OPEN, 0, 0);
	if (!strcmp(path, HAVEGE_HWRNG_DEVICE)) {
		if (fs->dev_open_err)
			return fs->dev_open_err;
		if (fs->dev_open)
			return -EBUSY;
		fs->dev_open = true;
		return FAKE_DEV_FD;
	}
	if (!strcmp(path, "/dev/random"))
		return fs->rnd_open_err ? fs->rnd_open_err : FAKE_RND_FD;
	if (!strncmp(path, "/sys/", 5)) {
		(void)snprintf(fs->sysfs_path, sizeof(fs->sysfs_path), "%s",
			       path);
		return FAKE_SYSFS_FD;
	}
	return fs->file_open_err ? fs->file_open_err : FAKE_FILE_FD;
}

static inline void fake_dev_flush(struct fake_sys *fs)
{
	fs->flushed += fs->fifo_level;
	fs->fifo_level = 0;
	fs->registered = false;
}

static inline int fake_close(void *priv, int fd)
{
	struct fake_sys *fs = priv;

	fake_event(fs, EV_CLOSE, 0, fd);
	if (fd == FAKE_DEV_FD) {
		if (fs->registered) {
			fs->withdrawals++;
			fake_event(fs, EV_WITHDRAW, 0, 1);
		}
		fake_dev_flush(fs);
		fs->dev_open = false;
	}
	return 0;
}

/* The fake source releases bytes 0, 1, 2, ... (mod 256): check the order. */
static inline void fake_check_stream(struct fake_sys *fs, const void *buf,
				     size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != fs->expect_next)
			fs->out_of_order++;
		fs->expect_next = (uint8_t)(p[i] + 1);
	}
}

static inline ssize_t fake_dev_write(struct fake_sys *fs, const void *buf,
				     size_t len)
{
	size_t room = fs->fifo_cap - fs->fifo_level;
	size_t n = len < room ? len : room;

	if (fs->dev_write_err && fs->registered)
		return fs->dev_write_err;
	if (!n)
		return -EAGAIN;
	fake_check_stream(fs, buf, n);
	fs->fifo_level += n;
	fs->bytes_in += n;
	fake_event(fs, EV_WRITE, n, fs->registered);
	return (ssize_t)n;
}

static inline ssize_t fake_file_write(struct fake_sys *fs, const void *buf,
				      size_t len)
{
	if (fs->file_write_err)
		return fs->file_write_err;
	if (fs->out_max && fs->out_len >= fs->out_max)
		return -EPIPE;
	if (fs->out_len + len > FAKE_OUT_MAX)
		return -ENOSPC;
	if (!fs->out)
		fs->out = malloc(FAKE_OUT_MAX);
	memcpy(fs->out + fs->out_len, buf, len);
	fs->out_len += len;
	return (ssize_t)len;
}

static inline ssize_t fake_write(void *priv, int fd, const void *buf,
				 size_t len)
{
	struct fake_sys *fs = priv;

	switch (fd) {
	case FAKE_DEV_FD:
		return fake_dev_write(fs, buf, len);
	case FAKE_SYSFS_FD:
		(void)snprintf(fs->sysfs_data, sizeof(fs->sysfs_data), "%.*s",
			       (int)len, (const char *)buf);
		fake_event(fs, EV_SYSFS, len, 0);
		return (ssize_t)len;
	case FAKE_FILE_FD:
	case 1:
		return fake_file_write(fs, buf, len);
	default:
		return -EBADF;
	}
}

static inline ssize_t fake_read(void *priv, int fd, void *buf, size_t len)
{
	const char text[] = "havege\n";

	(void)priv;
	if (fd != FAKE_SYSFS_FD || len < sizeof(text))
		return -EBADF;
	memcpy(buf, text, sizeof(text) - 1);
	return (ssize_t)sizeof(text) - 1;
}

/* The module's checks: flags 0, quality 1..1024; EV_REGISTER arg = quality. */
static inline int fake_register(struct fake_sys *fs,
				const struct havege_hwrng_register *reg)
{
	unsigned int i = fs->register_calls++;
	int err = i < 4 ? fs->register_err[i] : 0;

	if (err)
		return err;
	if (reg->flags || reg->quality < HAVEGE_HWRNG_QUALITY_MIN ||
	    reg->quality > HAVEGE_HWRNG_QUALITY_MAX)
		return -EINVAL;
	if (fs->registered)
		return -EALREADY;
	fs->registered = true;
	fs->registrations++;
	fs->declared = reg->quality;
	fs->quality = reg->quality < fs->quality_param ? reg->quality :
							 fs->quality_param;
	fake_event(fs, EV_REGISTER, fs->fifo_level, reg->quality);
	return 0;
}

static inline int fake_rnd_add(struct fake_sys *fs, void *arg)
{
	struct rand_pool_info *info = arg;

	if (info->buf_size <= 0 || info->entropy_count < 0)
		return -EINVAL;
	fake_check_stream(fs, info->buf, (size_t)info->buf_size);
	fs->credited += (uint64_t)info->entropy_count;
	fake_event(fs, EV_ADDENTROPY, (size_t)info->buf_size,
		   info->entropy_count);
	return 0;
}

static inline int fake_ioctl(void *priv, int fd, unsigned long req, void *arg)
{
	struct fake_sys *fs = priv;
	struct havege_hwrng_stats *st = arg;

	if (fd == FAKE_RND_FD && req == RNDADDENTROPY)
		return fake_rnd_add(fs, arg);
	if (fd != FAKE_DEV_FD)
		return -ENOTTY;
	switch (req) {
	case HAVEGE_HWRNG_IOC_REGISTER:
		return fake_register(fs, arg);
	case HAVEGE_HWRNG_IOC_WITHDRAW:
		if (fs->registered) {
			fs->withdrawals++;
			fake_event(fs, EV_WITHDRAW, fs->fifo_level, 0);
		}
		fake_dev_flush(fs);
		return 0;
	case HAVEGE_HWRNG_IOC_GET_STATS:
		memset(st, 0, sizeof(*st));
		st->bytes_in = fs->bytes_in;
		st->bytes_served = fs->served;
		st->fifo_level = (uint32_t)fs->fifo_level;
		st->fifo_size = (uint32_t)fs->fifo_cap;
		st->registrations = fs->registrations;
		st->quality = fs->quality;
		st->declared_quality = fs->declared;
		st->state = HAVEGE_HWRNG_STATE_ATTACHED |
			    (fs->registered ? HAVEGE_HWRNG_STATE_REGISTERED : 0);
		return 0;
	default:
		return -ENOTTY;
	}
}

/* Nothing could ever wake a wait without timeout: stop instead of hanging. */
static inline int fake_hang(struct fake_sys *fs)
{
	if (fs->flags)
		fs->flags->stop = 1;
	return -EINTR;
}

static inline int fake_wait_dev(struct fake_sys *fs, struct pollfd *pfd,
				int64_t timeout_ms)
{
	size_t n = fs->drain < fs->fifo_level ? fs->drain : fs->fifo_level;

	fake_event(fs, EV_WAIT_DEV, n, timeout_ms);
	if (fs->registered) {
		fs->fifo_level -= n;
		fs->served += n;
	}
	fs->now += 1;
	if (fs->fifo_level < fs->fifo_cap) {
		pfd->revents = POLLOUT;
		return 1;
	}
	if (timeout_ms < 0)
		return fake_hang(fs);
	fs->now += timeout_ms;
	return 0;
}

static inline int fake_ppoll(void *priv, struct pollfd *fds, nfds_t nfds,
			     int64_t timeout_ms, const sigset_t *mask)
{
	struct fake_sys *fs = priv;

	(void)mask;
	fs->waits++;
	if (fs->stop_after && fs->waits >= fs->stop_after)
		return fake_hang(fs);
	if (nfds)
		fds[0].revents = 0;
	if (!nfds || fds[0].fd == FAKE_RND_FD) {
		if (nfds && fs->pollout) {
			fds[0].revents = POLLOUT;
			fs->now += 1;
			return 1;
		}
		if (timeout_ms < 0)
			return fake_hang(fs);
		fake_event(fs, EV_SLEEP, 0, timeout_ms);
		fs->now += timeout_ms;
		return 0;
	}
	if (fds[0].fd == FAKE_DEV_FD)
		return fake_wait_dev(fs, &fds[0], timeout_ms);
	fds[0].revents = POLLOUT;
	return 1;
}

static inline bool fake_is_ready(const struct fake_sys *fs)
{
	return fs->ready || (fs->ready_bits && fs->credited >= fs->ready_bits) ||
	       (fs->ready_served && fs->served >= fs->ready_served);
}

static inline ssize_t fake_getrandom(void *priv, void *buf, size_t len,
				     unsigned int flags)
{
	struct fake_sys *fs = priv;

	(void)flags;
	fs->probes++;
	if (!fake_is_ready(fs))
		return -EAGAIN;
	memset(buf, 0x5a, len);
	return (ssize_t)len;
}

/* A signal point: a stop "signal" is delivered at the chosen one. */
static inline void fake_signal_point(void *priv, const sigset_t *mask)
{
	struct fake_sys *fs = priv;

	(void)mask;
	fs->points++;
	if (fs->stop_at_point && fs->points == fs->stop_at_point && fs->flags)
		fs->flags->stop = 1;
}

static inline int64_t fake_now(void *priv)
{
	return ((struct fake_sys *)priv)->now;
}

static inline void fake_sys_init(struct fake_sys *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->sys = (struct hwrngd_sys){
		.open = fake_open,
		.close = fake_close,
		.write = fake_write,
		.read = fake_read,
		.ioctl = fake_ioctl,
		.ppoll = fake_ppoll,
		.getrandom = fake_getrandom,
		.now_ms = fake_now,
		.signal_point = fake_signal_point,
		.priv = fs,
	};
	fs->now = 1000000;
	fs->fifo_cap = 8192;
	fs->drain = 4096;
	fs->quality_param = HAVEGE_HWRNG_QUALITY_MAX;
}

static inline void fake_sys_free(struct fake_sys *fs)
{
	free(fs->out);
	fs->out = NULL;
}

static inline unsigned int fake_count(const struct fake_sys *fs,
				      enum fake_ev_kind k)
{
	unsigned int i, n = 0;

	for (i = 0; i < fs->nev; i++)
		n += fs->ev[i].kind == k;
	return n;
}

/* Index of the first event of kind @k at or after @from, or -1. */
static inline int fake_find(const struct fake_sys *fs, enum fake_ev_kind k,
			    unsigned int from)
{
	unsigned int i;

	for (i = from; i < fs->nev; i++)
		if (fs->ev[i].kind == k)
			return (int)i;
	return -1;
}

#define FAKE_MAX_FAILS	8

struct fake_source {
	struct source src;
	struct fake_sys *fs;
	uint8_t next;
	uint64_t released;
	unsigned int fills;
	unsigned int startups;
	unsigned int startup_fails;	/* the first N start-ups fail */
	unsigned int startup_fail_from;	/* and every one from this on; 0 = none */
	int64_t ms_per_fill;		/* the fake clock advances per fill */
	unsigned int fail_fill[FAKE_MAX_FAILS];	/* fill numbers that fail */
	size_t chunk;			/* bytes per fill, 0 = as asked */
	bool need_startup;
	bool last_was_startup;
	unsigned int misuse;		/* fill() without a passed start-up */
};

static inline struct fake_source *fake_src(const struct source *src)
{
	return (struct fake_source *)src;
}

static inline int fake_src_startup(struct source *src)
{
	struct fake_source *f = fake_src(src);

	f->startups++;
	f->last_was_startup = true;
	if (f->startups <= f->startup_fails ||
	    (f->startup_fail_from && f->startups >= f->startup_fail_from)) {
		fake_event(f->fs, EV_STARTUP_FAIL, 0, f->startups);
		return -EIO;
	}
	f->need_startup = false;
	fake_event(f->fs, EV_STARTUP_PASS, 0, f->startups);
	return 0;
}

static inline bool fake_src_fails(const struct fake_source *f)
{
	unsigned int i;

	for (i = 0; i < FAKE_MAX_FAILS; i++)
		if (f->fail_fill[i] == f->fills)
			return true;
	return false;
}

static inline ssize_t fake_src_fill(struct source *src, void *buf, size_t len)
{
	struct fake_source *f = fake_src(src);
	uint8_t *p = buf;
	size_t i, n = f->chunk && f->chunk < len ? f->chunk : len;

	if (f->need_startup) {
		f->misuse++;
		return -EPROTO;
	}
	f->fills++;
	f->fs->now += f->ms_per_fill;
	f->last_was_startup = false;
	if (fake_src_fails(f)) {
		f->need_startup = true;
		fake_event(f->fs, EV_FILL_FAIL, 0, f->fills);
		return -EIO;
	}
	for (i = 0; i < n; i++)
		p[i] = f->next++;
	f->released += n;
	fake_event(f->fs, EV_FILL, n, f->fills);
	return (ssize_t)n;
}

static inline void fake_src_failure(const struct source *src,
				    struct source_failure *out)
{
	const struct fake_source *f = fake_src(src);

	(void)snprintf(out->stage, sizeof(out->stage), "%s",
		       f->last_was_startup ? "tot" : "continuous");
	(void)snprintf(out->procedure, sizeof(out->procedure), "B");
	(void)snprintf(out->detail, sizeof(out->detail),
		       "fail: T8 (f_C 7.9001), 1 of 9 tests, retry failed");
}

static inline void fake_src_stats(const struct source *src,
				  struct source_stats *out)
{
	const struct fake_source *f = fake_src(src);

	memset(out, 0, sizeof(*out));
	out->generated = f->released;
	out->tested = f->released;
	out->released = f->released;
	out->nprocs = 1;
	/* what the HAVEGE source declares at the default claim */
	out->quality = credit_quality(CREDIT_H_CLAIM_DEFAULT);
	(void)snprintf(out->proc[0].name, sizeof(out->proc[0].name), "B");
	out->proc[0].runs = f->startups;
}

static inline const char *fake_src_describe(const struct source *src,
					    unsigned int what)
{
	(void)src;
	return what == SOURCE_INFO_TIMER ? "fake timer" : NULL;
}

static inline void fake_src_destroy(struct source *src)
{
	(void)src;
}

static const struct source_ops fake_source_ops __attribute__((unused)) = {
	.startup = fake_src_startup,
	.fill = fake_src_fill,
	.failure = fake_src_failure,
	.stats = fake_src_stats,
	.describe = fake_src_describe,
	.destroy = fake_src_destroy,
};

static inline void fake_source_init(struct fake_source *f,
				    struct fake_sys *fs)
{
	memset(f, 0, sizeof(*f));
	f->src.ops = &fake_source_ops;
	f->fs = fs;
	f->need_startup = true;
}

/**
 * struct fake_daemon - fixture of the daemon's mode tests: a daemon context
 * on the fake system calls and the fake source
 * @cfg: set by the test's setup before fake_daemon_wire()
 * @fs: the fake system calls
 * @src: the fake source
 * @ctx: the daemon context under test
 */
struct fake_daemon {
	struct hwrngd_config cfg;
	struct fake_sys fs;
	struct fake_source src;
	struct hwrngd_ctx ctx;
};

/* Wires the fakes into @f->ctx once the test has filled in @f->cfg. */
static inline void fake_daemon_wire(struct fake_daemon *f)
{
	fake_sys_init(&f->fs);
	fake_source_init(&f->src, &f->fs);
	daemon_ctx_init(&f->ctx, &f->cfg, &f->fs.sys, &f->src.src);
	f->fs.flags = &f->ctx.flags;
}

/* cmocka teardown for a calloc()ed struct fake_daemon. */
static inline int fake_daemon_teardown(void **state)
{
	struct fake_daemon *f = *state;

	sink_close(&f->ctx.sink);
	fake_sys_free(&f->fs);
	free(f);
	return 0;
}

#endif /* HWRNGD_FAKE_H */
