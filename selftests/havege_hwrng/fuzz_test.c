// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input at the device: every ioctl number, direction and size, and a
 * seeded, bounded random sequence of open/close/dup/ioctl/write/read/poll/
 * lseek of /dev/havege_hwrng, reads of /dev/hwrng, rng_current writes,
 * forked holders of the descriptor and rmmod/insmod, with hostile pointers
 * (NULL, unmapped, PROT_NONE, read-only, kernel, misaligned, straddling
 * into an inaccessible page) and lengths (0, 1, FIFO size +- 1, 1 MiB,
 * SSIZE_MAX, SIZE_MAX).  Every result must be one the module's contract
 * allows (see the expect_*() functions and README.md), and after every
 * operation: no WARN taint, the module loaded, its state bits agree with
 * the descriptors the test holds, "havege" is in rng_available iff it is
 * registered, the FIFO level is within its size and the byte accounting
 * adds up.
 *
 * Environment: HAVEGE_FUZZ_SEED (default: the time; always printed),
 * HAVEGE_FUZZ_SEQS (sequences, default FUZZ_SEQS), HAVEGE_FUZZ_OPS
 * (operations per sequence, default FUZZ_OPS), HAVEGE_FUZZ_SECS (no new
 * sequence starts after this time, default FUZZ_SECS: withdrawals are slow
 * on 5.10).  Sequence i runs from seed SEED + i, so
 * HAVEGE_FUZZ_SEED=SEED+i HAVEGE_FUZZ_SEQS=1 replays it.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dev.h"
#include "proc.h"
#include "sys.h"

#define FUZZ_SEQS	100
#define FUZZ_OPS	60
#define FUZZ_SLOTS	3
/* the valid buffer: larger than the largest FIFO (1 MiB) */
#define FUZZ_BIG	(2U << 20)
/* an address in the kernel half on x86-64 and arm64 */
#define FUZZ_KPTR	0xffff888000001000UL
/* bounds for blocking calls: the alarm, and what a call may take at most */
#define FUZZ_ALARM_MS	150
#define FUZZ_CALL_MS	2500
/*
 * A child's exit may release the device, and on 5.10 unregistering the last
 * hwrng waits for the core's fill thread, which sleeps 10 s (uninterrupted
 * by kthread_stop()) after a read that found no data.
 */
#define FUZZ_CHILD_MS	15000
/* no new sequence starts after this many seconds */
#define FUZZ_SECS	60
#define FUZZ_WHY	400

enum fuzz_ptr {
	FP_NULL,	/* NULL */
	FP_VALID,	/* page-aligned, FUZZ_BIG bytes read-write */
	FP_MISALIGNED,	/* valid + 1 */
	FP_RDONLY,	/* a read-only page (then a PROT_NONE page) */
	FP_NOACCESS,	/* a PROT_NONE page */
	FP_UNMAPPED,	/* below mmap_min_addr: never mapped */
	FP_STRADDLE,	/* the last few read-write bytes before PROT_NONE */
	FP_KERNEL,	/* kernel address */
	FP_COUNT
};

static const char *const fuzz_ptr_name[FP_COUNT] = {
	"NULL", "valid", "misaligned", "read-only", "PROT_NONE", "unmapped",
	"straddling", "kernel",
};

struct fuzz_mem {
	uint8_t *base;		/* [rw FUZZ_BIG][none][ro][none] */
	size_t page;
};

/* one slot of the test's descriptor table */
struct fuzz_slot {
	int fd;			/* -1: closed (ops on it must give EBADF) */
	int acc;		/* O_RDONLY, O_WRONLY or O_RDWR */
};

struct fuzz {
	struct fuzz_mem mem;
	struct fuzz_slot slot[FUZZ_SLOTS];
	uint64_t rng;
	uint64_t ops;		/* operations run */
	uint64_t by_op[32];	/* per op table entry */
	uint64_t registered_n;	/* REGISTERs that succeeded */
	uint64_t written;	/* bytes write() accepted */
	uint64_t served;	/* bytes read from /dev/hwrng */
	uint64_t reloads;	/* rmmod + insmod */
	uint64_t refused;	/* rmmods refused while open */
	unsigned int fifo_size;	/* the FIFO's capacity */
	unsigned int rereg_ms;	/* min_reregister_ms while fuzzing */
	bool registered;	/* state after the last check */
	bool warned;		/* the kernel had WARNed before the test */
	bool in_child;		/* running in a forked child */
	char why[FUZZ_WHY];	/* the violated contract */
};

static volatile sig_atomic_t fuzz_alarms;

static void fuzz_on_alarm(int sig)
{
	(void)sig;
	fuzz_alarms++;
}

static uint64_t fuzz_next(struct fuzz *fz)
{
	uint64_t z = (fz->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int fuzz_below(struct fuzz *fz, unsigned int n)
{
	return (unsigned int)(fuzz_next(fz) % n);
}

static int fuzz_fail(struct fuzz *fz, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fuzz_fail(struct fuzz *fz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fz->why, sizeof(fz->why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Arm a one-shot SIGALRM (no SA_RESTART): a blocking call returns EINTR. */
static void fuzz_arm(unsigned int ms)
{
	struct itimerval it = {
		.it_value = { .tv_sec = ms / 1000,
			      .tv_usec = (long)(ms % 1000) * 1000 },
	};

	setitimer(ITIMER_REAL, &it, NULL);
}

static void fuzz_disarm(void)
{
	struct itimerval it = { 0 };

	setitimer(ITIMER_REAL, &it, NULL);
}

static int fuzz_mem_init(struct fuzz_mem *m)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *p = mmap(NULL, FUZZ_BIG + 3 * page, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	m->base = p;
	m->page = page;
	if (mprotect(p + FUZZ_BIG, page, PROT_NONE) ||
	    mprotect(p + FUZZ_BIG + page, page, PROT_READ) ||
	    mprotect(p + FUZZ_BIG + 2 * page, page, PROT_NONE))
		return -errno;
	return 0;
}

static void fuzz_mem_free(struct fuzz_mem *m)
{
	if (m->base)
		munmap(m->base, FUZZ_BIG + 3 * m->page);
	m->base = NULL;
}

/* The address of pointer kind @k; @tail: readable bytes for FP_STRADDLE. */
static uint8_t *fuzz_ptr(const struct fuzz_mem *m, enum fuzz_ptr k,
			 size_t tail)
{
	switch (k) {
	case FP_NULL:
		return NULL;
	case FP_VALID:
		return m->base;
	case FP_MISALIGNED:
		return m->base + 1;
	case FP_RDONLY:
		return m->base + FUZZ_BIG + m->page;
	case FP_NOACCESS:
		return m->base + FUZZ_BIG;
	case FP_UNMAPPED:
		return (uint8_t *)(uintptr_t)0x1000;
	case FP_STRADDLE:
		return m->base + FUZZ_BIG - tail;
	case FP_KERNEL:
	default:
		return (uint8_t *)(uintptr_t)FUZZ_KPTR;
	}
}

/* Bytes the kernel can read from kind @k before it faults. */
static size_t fuzz_readable(const struct fuzz_mem *m, enum fuzz_ptr k,
			    size_t tail)
{
	switch (k) {
	case FP_VALID:
		return FUZZ_BIG;
	case FP_MISALIGNED:
		return FUZZ_BIG - 1;
	case FP_RDONLY:
		return m->page;
	case FP_STRADDLE:
		return tail;
	default:
		return 0;
	}
}

/* Bytes the kernel can write at kind @k before it faults. */
static size_t fuzz_writable(const struct fuzz_mem *m, enum fuzz_ptr k,
			    size_t tail)
{
	return k == FP_RDONLY ? 0 : fuzz_readable(m, k, tail);
}

/* A random pointer kind, and the straddling tail to go with it. */
static enum fuzz_ptr fuzz_pick_ptr(struct fuzz *fz, size_t *tail)
{
	static const size_t tails[] = { 1, 3, 4, 7, 8, 63, 71 };

	*tail = tails[fuzz_below(fz, ARRAY_SIZE(tails))];
	/* valid pointers twice as often as each hostile kind */
	if (fuzz_below(fz, FP_COUNT + 1) == FP_COUNT)
		return FP_VALID;
	return (enum fuzz_ptr)fuzz_below(fz, FP_COUNT);
}

/* A random length: zero, small, around the FIFO size, huge. */
static size_t fuzz_pick_len(struct fuzz *fz)
{
	switch (fuzz_below(fz, 10)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return DEV_CORE_CHUNK;
	case 3:
		return fz->fifo_size - 1;
	case 4:
		return fz->fifo_size + 1;
	case 5:
		return 1U << 20;
	case 6:
		return SSIZE_MAX;
	case 7:
		return SIZE_MAX;
	case 8:
		return (size_t)1 << 40;
	default:
		return 1 + fuzz_below(fz, 8192);
	}
}

static bool fuzz_is_kernel(enum fuzz_ptr k)
{
	return k == FP_KERNEL;
}

/*
 * Whether access_ok() passes for [p, p + len): 1 if it does, 0 if not, a
 * negative errno if the kernel could not be asked.  Its end (TASK_SIZE_MAX)
 * depends on the architecture and the kernel's configuration: 2^47 - 4096
 * on x86-64 with 4-level paging, 2^48 on Debian's arm64 6.1 and 2^52 on
 * its 6.12 (52-bit VA), where user mappings lie above x86's end.  So the
 * kernel is asked: vfs_write() returns EFAULT when access_ok() fails,
 * before the driver runs, and /dev/null reads nothing.
 */
static int fuzz_range_user(const uint8_t *p, size_t len)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC), err;
	ssize_t ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, p, len);
	err = ret < 0 ? errno : 0;
	close(fd);
	if (ret >= 0)
		return 1;
	return err == EFAULT ? 0 : -err;
}

struct fuzz_stats {
	struct havege_hwrng_stats st;
	bool have_ioctl;
};

/* The module's state from sysfs (works with or without a descriptor). */
static int fuzz_sys_state(struct fuzz *fz, unsigned long *state,
			  unsigned long *level, unsigned long *size)
{
	if (sys_stat("state", state) || sys_stat("fifo_level", level) ||
	    sys_stat("fifo_size", size))
		return fuzz_fail(fz, "sysfs statistics unreadable");
	return 0;
}

static int fuzz_open_fd(struct fuzz *fz)
{
	int i;

	for (i = 0; i < FUZZ_SLOTS; i++)
		if (fz->slot[i].fd >= 0)
			return fz->slot[i].fd;
	return -1;
}

static bool fuzz_attached(struct fuzz *fz)
{
	return fuzz_open_fd(fz) >= 0;
}

/* bytes_in before a write, for the accounting check */
static int fuzz_bytes_in(struct fuzz *fz, unsigned long *in)
{
	if (sys_stat("bytes_in", in))
		return fuzz_fail(fz, "bytes_in unreadable");
	return 0;
}

/*
 * The invariants after every operation; also refreshes fz->registered.
 */
static int fuzz_check(struct fuzz *fz)
{
	unsigned long state, level, size;
	struct havege_hwrng_stats st;
	bool reg, att;
	int listed, fd, err;

	if (!fz->warned && sys_tainted_by_warn())
		return fuzz_fail(fz, "the kernel logged a WARN (taint W)");
	if (!sys_module_loaded())
		return fuzz_fail(fz, "module not loaded");
	if (fuzz_sys_state(fz, &state, &level, &size))
		return -1;
	reg = state & HAVEGE_HWRNG_STATE_REGISTERED;
	att = state & HAVEGE_HWRNG_STATE_ATTACHED;
	if (state & ~3UL)
		return fuzz_fail(fz, "unknown state bits %#lx", state);
	if (reg && !att)
		return fuzz_fail(fz, "registered but not attached");
	if (att != fuzz_attached(fz))
		return fuzz_fail(fz, "attached=%d but the test holds %s descriptor",
				 att, fuzz_attached(fz) ? "a" : "no");
	listed = sys_rng_listed(HAVEGE_HWRNG_NAME);
	if (listed < 0)
		return fuzz_fail(fz, "rng_available unreadable: %d", listed);
	if (listed != reg)
		return fuzz_fail(fz, "\"havege\" %slisted in rng_available but registered=%d",
				 listed ? "" : "not ", reg);
	if (size != fz->fifo_size || level > size)
		return fuzz_fail(fz, "fifo_level %lu, fifo_size %lu (expected %u)",
				 level, size, fz->fifo_size);
	fd = fuzz_open_fd(fz);
	if (fd >= 0) {
		memset(&st, 0xa5, sizeof(st));
		err = dev_stats(fd, &st);
		if (err)
			return fuzz_fail(fz, "GET_STATS: %s", strerror(-err));
		if (st.fifo_size != fz->fifo_size ||
		    st.fifo_level > st.fifo_size || st.state != state ||
		    st.registrations < st.withdrawals ||
		    st.registrations > st.withdrawals + 1 ||
		    (st.registrations == st.withdrawals + 1) != reg)
			return fuzz_fail(fz, "GET_STATS inconsistent: state %u level %u size %u reg %llu wd %llu",
					 st.state, st.fifo_level, st.fifo_size,
					 (unsigned long long)st.registrations,
					 (unsigned long long)st.withdrawals);
		/* consumers run only while registered */
		if (!reg && !dev_stats_consistent(&st))
			return fuzz_fail(fz, "bytes_in %llu != served %llu + flushed %llu + level %u",
					 (unsigned long long)st.bytes_in,
					 (unsigned long long)st.bytes_served,
					 (unsigned long long)st.bytes_flushed,
					 st.fifo_level);
		if (st.bytes_in < st.bytes_served + st.bytes_flushed +
				  st.fifo_level)
			return fuzz_fail(fz, "more bytes out than in");
	}
	fz->registered = reg;
	return 0;
}

static bool fuzz_vfs_ioctl(unsigned int cmd)
{
	/* FIBMAP and FIGETBSZ: the VFS answers these before the driver */
	return cmd == 1 || cmd == 2;
}

/*
 * The ioctl contract: REGISTER -EFAULT unless 8 bytes are readable, else
 * -EINVAL for flags or a quality outside 1..1024, else -EALREADY while
 * registered, else 0 or -EAGAIN (rate limit); WITHDRAW 0 whatever the
 * argument; GET_STATS 0 with exactly sizeof(stats) bytes written, or
 * -EFAULT unless that much is writable; anything else -ENOTTY; a closed
 * descriptor -EBADF.  Never -EPERM (root).
 */
static int fuzz_ioctl(struct fuzz *fz, int fd, unsigned int cmd,
		      enum fuzz_ptr k, size_t tail)
{
	struct havege_hwrng_register *reg;
	uint8_t *p = fuzz_ptr(&fz->mem, k, tail);
	uint8_t guard[sizeof(struct havege_hwrng_stats) + 16];
	bool was_reg = fz->registered;
	int ret, err;

	if (k == FP_VALID || k == FP_MISALIGNED)
		memcpy(guard, p, sizeof(guard));
	ret = ioctl(fd, cmd, p);
	err = ret < 0 ? errno : 0;
	if (ret > 0)
		return fuzz_fail(fz, "ioctl %#x returned %d", cmd, ret);
	if (fd < 0)
		return err == EBADF ? 0 :
		       fuzz_fail(fz, "ioctl on a closed descriptor: %d", err);
	if (cmd == HAVEGE_HWRNG_IOC_REGISTER) {
		reg = (struct havege_hwrng_register *)p;
		if (fuzz_readable(&fz->mem, k, tail) < sizeof(*reg))
			return err == EFAULT ? 0 :
			       fuzz_fail(fz, "REGISTER from %s: %d, not EFAULT",
					 fuzz_ptr_name[k], err);
		if (reg->flags || reg->quality < HAVEGE_HWRNG_QUALITY_MIN ||
		    reg->quality > HAVEGE_HWRNG_QUALITY_MAX)
			return err == EINVAL ? 0 :
			       fuzz_fail(fz, "REGISTER flags %#x quality %u: %d, not EINVAL",
					 reg->flags, reg->quality, err);
		if (was_reg)
			return err == EALREADY ? 0 :
			       fuzz_fail(fz, "REGISTER while registered: %d, not EALREADY",
					 err);
		fz->registered_n += !err;
		return !err || err == EAGAIN ? 0 :
		       fuzz_fail(fz, "REGISTER: %d, not 0 or EAGAIN", err);
	}
	if (cmd == HAVEGE_HWRNG_IOC_WITHDRAW)
		return !err ? 0 : fuzz_fail(fz, "WITHDRAW: %d", err);
	if (cmd == HAVEGE_HWRNG_IOC_GET_STATS) {
		if (fuzz_writable(&fz->mem, k, tail) <
		    sizeof(struct havege_hwrng_stats))
			return err == EFAULT ? 0 :
			       fuzz_fail(fz, "GET_STATS to %s: %d, not EFAULT",
					 fuzz_ptr_name[k], err);
		if (err)
			return fuzz_fail(fz, "GET_STATS: %d", err);
		if ((k == FP_VALID || k == FP_MISALIGNED) &&
		    memcmp(guard + sizeof(struct havege_hwrng_stats),
			   p + sizeof(struct havege_hwrng_stats), 16))
			return fuzz_fail(fz, "GET_STATS wrote past its struct");
		return 0;
	}
	if (err != ENOTTY)
		return fuzz_fail(fz, "ioctl %#x (%s): %d, not ENOTTY", cmd,
				 fuzz_ptr_name[k], err);
	if ((k == FP_VALID || k == FP_MISALIGNED) &&
	    memcmp(guard, p, sizeof(guard)))
		return fuzz_fail(fz, "unknown ioctl %#x wrote to its argument",
				 cmd);
	return 0;
}

static int fuzz_slot_fd(struct fuzz *fz, struct fuzz_slot **s)
{
	*s = &fz->slot[fuzz_below(fz, FUZZ_SLOTS)];
	return (*s)->fd;
}

/* ----- operations: 0 when the result was allowed, -1 (fz->why) if not */

/* open: EBUSY while any descriptor is open, else success */
static int op_open(struct fuzz *fz)
{
	static const int accs[] = { O_WRONLY, O_WRONLY, O_RDWR, O_RDONLY };
	struct fuzz_slot *s;
	int acc = accs[fuzz_below(fz, ARRAY_SIZE(accs))];
	int flags = acc | O_CLOEXEC | (fuzz_below(fz, 2) ? O_NONBLOCK : 0);
	bool busy = fuzz_attached(fz);
	int fd;

	if (fuzz_slot_fd(fz, &s) >= 0)
		return 0;
	fd = open(HAVEGE_HWRNG_DEVICE, flags);
	if (busy)
		return fd < 0 && errno == EBUSY ? 0 :
		       fuzz_fail(fz, "second open: %d, not EBUSY",
				 fd < 0 ? errno : 0);
	if (fd < 0)
		return fuzz_fail(fz, "open: %s", strerror(errno));
	s->fd = fd;
	s->acc = acc;
	return 0;
}

/* close: always 0 on an open slot, EBADF on a closed one */
static int op_close(struct fuzz *fz)
{
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);
	int ret = close(fd);

	if (fd < 0)
		return ret < 0 && errno == EBADF ? 0 :
		       fuzz_fail(fz, "close(-1) not EBADF");
	s->fd = -1;
	return ret ? fuzz_fail(fz, "close: %s", strerror(errno)) : 0;
}

/* dup an open descriptor into a free slot: the same open file */
static int op_dup(struct fuzz *fz)
{
	int i, src = fuzz_open_fd(fz), acc = O_WRONLY;

	for (i = 0; i < FUZZ_SLOTS; i++)
		if (fz->slot[i].fd == src)
			acc = fz->slot[i].acc;
	for (i = 0; i < FUZZ_SLOTS && src >= 0; i++) {
		if (fz->slot[i].fd >= 0)
			continue;
		fz->slot[i].fd = fcntl(src, F_DUPFD_CLOEXEC, 0);
		if (fz->slot[i].fd < 0)
			return fuzz_fail(fz, "dup: %s", strerror(errno));
		fz->slot[i].acc = acc;
		break;
	}
	return 0;
}

/* one of the three real ioctls, any pointer, any argument content */
static int op_ioctl_known(struct fuzz *fz)
{
	static const unsigned int cmds[] = {
		HAVEGE_HWRNG_IOC_REGISTER, HAVEGE_HWRNG_IOC_WITHDRAW,
		HAVEGE_HWRNG_IOC_GET_STATS,
	};
	static const uint32_t qual[] = { 0, 1, 2, 512, 1024, 1025, 65535,
					 UINT32_MAX };
	struct havege_hwrng_register reg = {
		.flags = fuzz_below(fz, 4) ? 0 : (uint32_t)fuzz_next(fz),
		.quality = qual[fuzz_below(fz, ARRAY_SIZE(qual))],
	};
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);
	size_t tail;
	enum fuzz_ptr k = fuzz_pick_ptr(fz, &tail);

	memcpy(fuzz_ptr(&fz->mem, FP_VALID, 0), &reg, sizeof(reg));
	memcpy(fuzz_ptr(&fz->mem, FP_MISALIGNED, 0), &reg, sizeof(reg));
	return fuzz_ioctl(fz, fd, cmds[fuzz_below(fz, ARRAY_SIZE(cmds))], k,
			  tail);
}

/* any type, number, direction and size */
static int op_ioctl_random(struct fuzz *fz)
{
	static const unsigned int types[] = { HAVEGE_HWRNG_IOC_MAGIC,
					      HAVEGE_HWRNG_IOC_MAGIC, 0xB7,
					      0x00, 0xD6, 0xD8, 0xFF };
	static const unsigned int sizes[] = { 0, 1, 4, 7, 8, 16,
		sizeof(struct havege_hwrng_stats) - 1,
		sizeof(struct havege_hwrng_stats),
		sizeof(struct havege_hwrng_stats) + 1, _IOC_SIZEMASK };
	unsigned int size = fuzz_below(fz, 4) ?
			    sizes[fuzz_below(fz, ARRAY_SIZE(sizes))] :
			    fuzz_below(fz, _IOC_SIZEMASK + 1);
	unsigned int cmd = _IOC(fuzz_below(fz, 4),
				types[fuzz_below(fz, ARRAY_SIZE(types))],
				fuzz_below(fz, 256), size);
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);
	size_t tail;
	enum fuzz_ptr k = fuzz_pick_ptr(fz, &tail);

	if (fuzz_vfs_ioctl(cmd))
		return 0;
	memset(fuzz_ptr(&fz->mem, FP_VALID, 0), 0, 256);
	return fuzz_ioctl(fz, fd, cmd, k, tail);
}

/* REGISTER with a good argument, so the fuzzer spends time registered */
static int op_register(struct fuzz *fz)
{
	struct havege_hwrng_register reg = {
		.flags = 0, .quality = 1 + fuzz_below(fz, 1024),
	};
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);

	memcpy(fuzz_ptr(&fz->mem, FP_VALID, 0), &reg, sizeof(reg));
	return fuzz_ioctl(fz, fd, HAVEGE_HWRNG_IOC_REGISTER, FP_VALID, 0);
}

/*
 * write: EBADF on a closed or read-only descriptor; a count of 0 gives 0
 * (or EFAULT for a kernel pointer, per access_ok()); otherwise EFAULT when
 * the range is not a user range or no byte could be read, EAGAIN (non-
 * blocking) when the FIFO is full, EINTR when the alarm ended a blocking
 * wait, or bytes accepted: at most the count, the readable bytes and the
 * FIFO's free room, each counted in bytes_in.
 */
static int op_write(struct fuzz *fz)
{
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s), err, fl, user;
	size_t tail, len = fuzz_pick_len(fz);
	enum fuzz_ptr k = fuzz_pick_ptr(fz, &tail);
	uint8_t *p = fuzz_ptr(&fz->mem, k, tail);
	size_t readable = fuzz_readable(&fz->mem, k, tail);
	unsigned long in0, in1;
	uint64_t t0;
	ssize_t ret;

	if (fuzz_bytes_in(fz, &in0))
		return -1;
	fl = fd >= 0 ? fcntl(fd, F_GETFL) : 0;
	fuzz_alarms = 0;
	t0 = dev_now_ms();
	fuzz_arm(FUZZ_ALARM_MS);
	ret = write(fd, p, len);
	err = ret < 0 ? errno : 0;
	fuzz_disarm();
	if (dev_now_ms() - t0 > FUZZ_CALL_MS)
		return fuzz_fail(fz, "write took %llu ms",
				 (unsigned long long)(dev_now_ms() - t0));
	if (fuzz_bytes_in(fz, &in1))
		return -1;
	if (in1 - in0 != (unsigned long)(ret > 0 ? ret : 0))
		return fuzz_fail(fz, "write returned %zd, bytes_in grew by %lu",
				 ret, in1 - in0);
	if (fd < 0 || s->acc == O_RDONLY)
		return err == EBADF ? 0 :
		       fuzz_fail(fz, "write on %s descriptor: %zd/%d, not EBADF",
				 fd < 0 ? "a closed" : "an O_RDONLY", ret, err);
	if (!len)
		return !ret || (err == EFAULT && fuzz_is_kernel(k)) ? 0 :
		       fuzz_fail(fz, "write of 0 bytes from %s: %zd/%d",
				 fuzz_ptr_name[k], ret, err);
	user = fuzz_range_user(p, len);
	if (user < 0)
		return fuzz_fail(fz, "write of %zu to /dev/null from %s: %d",
				 len, fuzz_ptr_name[k], -user);
	if (!user)
		return err == EFAULT ? 0 :
		       fuzz_fail(fz, "write of %zu from %s: %zd/%d, not EFAULT",
				 len, fuzz_ptr_name[k], ret, err);
	if (ret >= 0) {
		if ((size_t)ret > len || (size_t)ret > readable ||
		    (size_t)ret > fz->fifo_size || !ret)
			return fuzz_fail(fz, "write of %zu from %s (%zu readable) accepted %zd",
					 len, fuzz_ptr_name[k], readable, ret);
		fz->written += (uint64_t)ret;
		return 0;
	}
	if (err == EFAULT && readable < len)
		return 0;
	if (err == EAGAIN && (fl & O_NONBLOCK))
		return 0;
	if (err == EINTR && !(fl & O_NONBLOCK) && fuzz_alarms)
		return 0;
	return fuzz_fail(fz, "write of %zu from %s (%s): %s", len,
			 fuzz_ptr_name[k],
			 fl & O_NONBLOCK ? "O_NONBLOCK" : "blocking",
			 strerror(err));
}

/* read of the feeder device: EBADF (write-only) or EINVAL (no .read) */
static int op_read_feeder(struct fuzz *fz)
{
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);
	size_t tail, len = fuzz_pick_len(fz);
	enum fuzz_ptr k = fuzz_pick_ptr(fz, &tail);
	ssize_t ret = read(fd, fuzz_ptr(&fz->mem, k, tail), len);
	int want = fd < 0 || s->acc == O_WRONLY ? EBADF : EINVAL;

	return ret < 0 && errno == want ? 0 :
	       fuzz_fail(fz, "read of the feeder device: %zd/%d, not %d",
			 ret, ret < 0 ? errno : 0, want);
}

/* lseek, pread, pwrite: a stream device (stream_open) says ESPIPE */
static int op_seek(struct fuzz *fz)
{
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s), err;
	uint8_t *buf = fuzz_ptr(&fz->mem, FP_VALID, 0);
	off_t off = (off_t)fuzz_below(fz, 1U << 20);
	long ret;

	switch (fuzz_below(fz, 3)) {
	case 0:
		ret = lseek(fd, off, (int)fuzz_below(fz, 3));
		break;
	case 1:
		ret = pread(fd, buf, 64, off);
		break;
	default:
		ret = pwrite(fd, buf, 64, off);
		break;
	}
	err = ret < 0 ? errno : 0;
	if (fd < 0)
		return err == EBADF ? 0 :
		       fuzz_fail(fz, "seek/pread/pwrite on a closed fd: %d",
				 err);
	/* pread checks FMODE_READ first on some kernels */
	if (err == ESPIPE || (err == EBADF && s->acc != O_RDWR))
		return 0;
	return fuzz_fail(fz, "seek/pread/pwrite: %ld/%d, not ESPIPE", ret,
			 err);
}

/*
 * poll: only POLLOUT/POLLWRNORM, while the FIFO has room (it can only
 * drain during the call: nothing else writes), masked by the events asked
 * for; a closed descriptor gives POLLNVAL.
 */
static int op_poll(struct fuzz *fz)
{
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);
	short ev = (short)fuzz_next(fz);
	struct pollfd pfd = { .fd = fd, .events = ev };
	unsigned long st, lvl0, lvl1, size;
	short out = POLLOUT | POLLWRNORM;
	int ret;

	if (fuzz_below(fz, 2))
		ev = (short)(fuzz_below(fz, 2) ? POLLOUT : POLLIN | POLLPRI);
	pfd.events = ev;
	if (fuzz_sys_state(fz, &st, &lvl0, &size))
		return -1;
	ret = poll(&pfd, 1, (int)fuzz_below(fz, 3) * 20);
	if (fuzz_sys_state(fz, &st, &lvl1, &size))
		return -1;
	if (ret < 0)
		return fuzz_fail(fz, "poll: %s", strerror(errno));
	if (fd < 0)
		return !ret ? 0 : fuzz_fail(fz, "poll(-1) gave %d", ret);
	if (pfd.revents & ~out)
		return fuzz_fail(fz, "poll events %#x gave %#x", ev,
				 pfd.revents);
	if (lvl0 < size && pfd.revents != (ev & out))
		return fuzz_fail(fz, "poll %#x with room gave %#x", ev,
				 pfd.revents);
	if (lvl1 >= size && pfd.revents)
		return fuzz_fail(fz, "poll on a full FIFO gave %#x",
				 pfd.revents);
	return 0;
}

/*
 * /dev/hwrng: O_NONBLOCK reads must not block (only the core's
 * reading_mutex, held at most one module read of 1 s, may delay them);
 * blocking reads end with data or EINTR at the alarm.  Results: bytes (at
 * most the count), EAGAIN, EINTR, ENODEV (no or a withdrawing source),
 * EFAULT only for a buffer not entirely writable.
 */
static int op_read_hwrng(struct fuzz *fz)
{
	static const size_t lens[] = { 0, 1, 10, 64, 65, 4096, 1U << 20 };
	bool nonblock = fuzz_below(fz, 2);
	size_t tail, len = lens[fuzz_below(fz, ARRAY_SIZE(lens))];
	enum fuzz_ptr k = fuzz_below(fz, 3) ? FP_VALID :
			  fuzz_pick_ptr(fz, &tail);
	uint8_t *p;
	uint64_t t0, took;
	ssize_t ret;
	int fd, err;

	tail = 7;
	p = fuzz_ptr(&fz->mem, k, tail);
	fd = open(DEV_HWRNG, O_RDONLY | O_CLOEXEC |
		  (nonblock ? O_NONBLOCK : 0));
	if (fd < 0)
		return errno == ENODEV || errno == ENOENT ? 0 :
		       fuzz_fail(fz, "open %s: %s", DEV_HWRNG,
				 strerror(errno));
	fuzz_alarms = 0;
	t0 = dev_now_ms();
	if (!nonblock)
		fuzz_arm(FUZZ_ALARM_MS);
	ret = read(fd, p, len);
	err = ret < 0 ? errno : 0;
	fuzz_disarm();
	took = dev_now_ms() - t0;
	close(fd);
	if (took > FUZZ_CALL_MS)
		return fuzz_fail(fz, "%s read of /dev/hwrng took %llu ms",
				 nonblock ? "O_NONBLOCK" : "blocking",
				 (unsigned long long)took);
	if (ret > 0)
		fz->served += (uint64_t)ret;
	if (ret >= 0)
		return (size_t)ret <= len &&
		       (size_t)ret <= fuzz_writable(&fz->mem, k, tail) ? 0 :
		       fuzz_fail(fz, "/dev/hwrng read of %zu into %s: %zd",
				 len, fuzz_ptr_name[k], ret);
	if (err == ENODEV || err == EAGAIN || err == EINTR)
		return 0;
	if (err == EFAULT && (fuzz_writable(&fz->mem, k, tail) < len ||
			      fuzz_is_kernel(k)))
		return 0;
	return fuzz_fail(fz, "/dev/hwrng read of %zu into %s (%s): %s", len,
			 fuzz_ptr_name[k], nonblock ? "O_NONBLOCK" : "blocking",
			 strerror(err));
}

/*
 * rng_current: "havege" is accepted exactly while registered (then it is
 * current); otherwise, like any unknown name, ENODEV, or 0 with nothing
 * changed (6.1's core leaves err at 0 when no name matches); "\n" (best
 * source) and "none" 0, ENODEV or EINVAL.  Never does "havege" become
 * current unregistered.  The attribute may be missing on 5.10.
 */
static int op_rng_current(struct fuzz *fz)
{
	static const char *const vals[] = { HAVEGE_HWRNG_NAME,
		HAVEGE_HWRNG_NAME "\n", "\n", "none", "havegehavege", "h",
		"\xff\xfe" };
	unsigned int i = fuzz_below(fz, ARRAY_SIZE(vals));
	char cur[64] = "";
	int err = sys_write(SYS_RNG_DIR "/rng_current", vals[i]);

	if (err == -ENOENT && !fz->registered)
		return 0;
	if (sys_rng_current(cur, sizeof(cur)) < 0)
		return fuzz_fail(fz, "rng_current unreadable");
	if (!fz->registered && !strcmp(cur, HAVEGE_HWRNG_NAME))
		return fuzz_fail(fz, "havege current while not registered");
	if (i < 2 && fz->registered)
		return !err && !strcmp(cur, HAVEGE_HWRNG_NAME) ? 0 :
		       fuzz_fail(fz, "selecting havege: %d, current %s", err,
				 cur);
	if (i == 2 || i == 3)
		return !err || err == -ENODEV || err == -EINVAL ? 0 :
		       fuzz_fail(fz, "rng_current \"%s\": %d", vals[i], err);
	return !err || err == -ENODEV ? 0 :
	       fuzz_fail(fz, "rng_current unknown \"%s\": %d, not ENODEV or 0",
			 vals[i], err);
}

static int fuzz_set_rereg(struct fuzz *fz)
{
	char val[16];

	snprintf(val, sizeof(val), "%u", fz->rereg_ms);
	return sys_write(SYS_MOD_PARAMS "/min_reregister_ms", val) ?
	       fuzz_fail(fz, "cannot set min_reregister_ms") : 0;
}

/*
 * rmmod: refused (EWOULDBLOCK/EBUSY) while the test holds the device;
 * otherwise it must work, and the module is loaded again at once.
 */
static int op_rmmod(struct fuzz *fz)
{
	int err;

	if (fz->in_child)
		return 0;
	err = sys_module_unload();
	if (fuzz_attached(fz))
		return (err == -EWOULDBLOCK || err == -EBUSY) &&
		       ++fz->refused &&
		       sys_module_loaded() ? 0 :
		       fuzz_fail(fz, "rmmod while open: %d", err);
	if (err)
		return fuzz_fail(fz, "rmmod with nothing open: %s",
				 strerror(-err));
	if (sys_module_loaded())
		return fuzz_fail(fz, "module still loaded after rmmod");
	err = sys_module_load();
	if (err)
		return fuzz_fail(fz, "reload: %s", strerror(-err));
	fz->reloads++;
	return fuzz_set_rereg(fz);
}

static int fuzz_run_op(struct fuzz *fz, unsigned int i);

/* operations a forked child may run on the inherited descriptors */
static const unsigned int fuzz_child_ops[] = { 3, 4, 5, 6, 7, 8, 9 };

/*
 * fork: a child runs a few operations on the inherited descriptors and
 * exits (closing its copies: the parent's keep the device).  With
 * @handoff the parent closes its own first, so the child's exit releases
 * the device, which must then be withdrawn and free.
 */
static int fuzz_fork(struct fuzz *fz, bool handoff)
{
	int pfd[2], status = 0, i;
	uint64_t seed = fuzz_next(fz);
	char why[FUZZ_WHY] = "";
	ssize_t n;
	pid_t pid;

	if (!fuzz_attached(fz) || pipe2(pfd, O_CLOEXEC))
		return 0;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return fuzz_fail(fz, "fork: %s", strerror(errno));
	}
	if (!pid) {
		close(pfd[0]);
		fz->rng = seed;
		fz->in_child = true;
		for (i = 0; i < 4; i++) {
			if (fuzz_run_op(fz, fuzz_child_ops[fuzz_below(fz,
					ARRAY_SIZE(fuzz_child_ops))])) {
				(void)!write(pfd[1], fz->why, strlen(fz->why));
				_exit(1);
			}
		}
		_exit(0);
	}
	close(pfd[1]);
	if (handoff)
		for (i = 0; i < FUZZ_SLOTS; i++)
			if (fz->slot[i].fd >= 0) {
				close(fz->slot[i].fd);
				fz->slot[i].fd = -1;
			}
	if (proc_wait_exit(pid, FUZZ_CHILD_MS, &status)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		close(pfd[0]);
		return fuzz_fail(fz, "forked child hung");
	}
	n = read(pfd[0], why, sizeof(why) - 1);
	close(pfd[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return fuzz_fail(fz, "in a forked child: %s",
				 n > 0 ? why : "crashed");
	return 0;
}

static int op_fork(struct fuzz *fz)
{
	return fz->in_child ? 0 : fuzz_fork(fz, false);
}

static int op_handoff(struct fuzz *fz)
{
	return fz->in_child ? 0 : fuzz_fork(fz, true);
}

/* WITHDRAW through any slot (closed: EBADF) */
static int op_withdraw(struct fuzz *fz)
{
	struct fuzz_slot *s;
	int fd = fuzz_slot_fd(fz, &s);

	return fuzz_ioctl(fz, fd, HAVEGE_HWRNG_IOC_WITHDRAW, FP_NULL, 0);
}

struct fuzz_op {
	const char *name;
	unsigned int weight;
	int (*run)(struct fuzz *fz);
};

/* indices 3..9 are the ones fuzz_child_ops lists */
static const struct fuzz_op fuzz_ops[] = {
	{ "open",		10, op_open },
	{ "close",		5, op_close },
	{ "dup",		2, op_dup },
	{ "ioctl_known",	12, op_ioctl_known },
	{ "ioctl_random",	12, op_ioctl_random },
	{ "write",		14, op_write },
	{ "read_feeder",	3, op_read_feeder },
	{ "poll",		5, op_poll },
	{ "register",		8, op_register },
	{ "withdraw",		3, op_withdraw },
	{ "seek",		2, op_seek },
	{ "read_hwrng",		8, op_read_hwrng },
	{ "rng_current",	3, op_rng_current },
	{ "fork",		2, op_fork },
	{ "handoff",		1, op_handoff },
	{ "rmmod",		2, op_rmmod },
};

static int fuzz_run_op(struct fuzz *fz, unsigned int i)
{
	unsigned long state;

	fz->ops++;
	fz->by_op[i]++;
	if (fuzz_ops[i].run(fz))
		return -1;
	if (!fz->in_child)
		return fuzz_check(fz);
	/* the parent checks after the child; keep the model current */
	if (sys_stat("state", &state))
		return fuzz_fail(fz, "state unreadable in the child");
	fz->registered = state & HAVEGE_HWRNG_STATE_REGISTERED;
	return 0;
}

static unsigned int fuzz_pick_op(struct fuzz *fz)
{
	unsigned int total = 0, i, r;

	for (i = 0; i < ARRAY_SIZE(fuzz_ops); i++)
		total += fuzz_ops[i].weight;
	r = fuzz_below(fz, total);
	for (i = 0; r >= fuzz_ops[i].weight; i++)
		r -= fuzz_ops[i].weight;
	return i;
}

static void fuzz_close_all(struct fuzz *fz)
{
	int i;

	for (i = 0; i < FUZZ_SLOTS; i++) {
		if (fz->slot[i].fd >= 0)
			close(fz->slot[i].fd);
		fz->slot[i].fd = -1;
	}
}

static unsigned long fuzz_env(const char *name, unsigned long def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return def;
	n = strtoul(v, &end, 0);
	return *end ? def : n;
}

FIXTURE(fuzz) {
	struct fuzz fz;
	unsigned long saved_ms;
};

FIXTURE_SETUP(fuzz)
{
	struct sigaction sa = { .sa_handler = fuzz_on_alarm };
	unsigned long size;
	char why[160];
	int env = sys_env_check(why, sizeof(why)), i;

	/* the 6.1 harness runs the test body after SKIP(return): jump out */
	if (env > 0)
		SKIP(longjmp(_metadata->env, 1), "%s", why);
	ASSERT_EQ(0, env) TH_LOG("%s", why);
	memset(&self->fz, 0, sizeof(self->fz));
	for (i = 0; i < FUZZ_SLOTS; i++)
		self->fz.slot[i].fd = -1;
	self->fz.warned = sys_tainted_by_warn();
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, fuzz_mem_init(&self->fz.mem));
	ASSERT_EQ(0, sys_stat("fifo_size", &size));
	self->fz.fifo_size = (unsigned int)size;
	ASSERT_EQ(0, sys_read_uint(SYS_MOD_PARAMS "/min_reregister_ms",
				   &self->saved_ms));
	/* short, so REGISTER succeeds often, but not 0: EAGAIN is fuzzed */
	self->fz.rereg_ms = 20;
	ASSERT_EQ(0, fuzz_set_rereg(&self->fz)) TH_LOG("%s", self->fz.why);
	ASSERT_EQ(0, fuzz_check(&self->fz)) TH_LOG("%s", self->fz.why);
}

FIXTURE_TEARDOWN(fuzz)
{
	char val[32];

	fuzz_close_all(&self->fz);
	fuzz_mem_free(&self->fz.mem);
	if (!sys_module_loaded())
		EXPECT_EQ(0, sys_module_load());
	snprintf(val, sizeof(val), "%lu", self->saved_ms);
	EXPECT_EQ(0, sys_write(SYS_MOD_PARAMS "/min_reregister_ms", val));
	/* back to the core's own choice of source */
	(void)sys_write(SYS_RNG_DIR "/rng_current", "\n");
	if (!self->fz.warned)
		EXPECT_FALSE(sys_tainted_by_warn())
			TH_LOG("the kernel logged a WARN (see the console)");
}

/*
 * Every number 0..255 of our type, the first ABI's 0xB7 and foreign types,
 * in every direction, with sizes from 0 to the largest, with a NULL and a
 * valid (zeroed) argument; the three real commands also with every kind
 * of hostile pointer.  Nothing registers (a zeroed REGISTER is EINVAL).
 */
TEST_F_TIMEOUT(fuzz, every_ioctl, 300)
{
	static const unsigned int types[] = { HAVEGE_HWRNG_IOC_MAGIC, 0xB7,
					      0x00, 0xD6, 0xD8, 0xFF };
	static const unsigned int sizes[] = { 0, 1, 8,
		sizeof(struct havege_hwrng_stats), _IOC_SIZEMASK };
	static const unsigned int cmds[] = {
		HAVEGE_HWRNG_IOC_REGISTER, HAVEGE_HWRNG_IOC_WITHDRAW,
		HAVEGE_HWRNG_IOC_GET_STATS,
	};
	struct fuzz *fz = &self->fz;
	unsigned int t, nr, dir, sz, k, c;
	uint64_t t0 = dev_now_ms();
	int fd;

	fd = dev_open(O_NONBLOCK);
	ASSERT_LE(0, fd) TH_LOG("open: %s", strerror(-fd));
	fz->slot[0].fd = fd;
	fz->slot[0].acc = O_WRONLY;
	ASSERT_EQ(0, fuzz_check(fz)) TH_LOG("%s", fz->why);
	for (t = 0; t < ARRAY_SIZE(types); t++) {
		for (nr = 0; nr < 256; nr++) {
			for (dir = 0; dir < 4; dir++)
				for (sz = 0; sz < ARRAY_SIZE(sizes); sz++)
					for (k = 0; k < 2; k++) {
						unsigned int cmd = _IOC(dir,
							types[t], nr,
							sizes[sz]);

						if (fuzz_vfs_ioctl(cmd))
							continue;
						memset(fz->mem.base, 0, 256);
						fz->ops++;
						ASSERT_EQ(0, fuzz_ioctl(fz, fd,
							cmd, k ? FP_VALID :
							FP_NULL, 0))
							TH_LOG("%s", fz->why);
					}
			ASSERT_EQ(0, fuzz_check(fz)) TH_LOG("%s", fz->why);
		}
	}
	for (c = 0; c < ARRAY_SIZE(cmds); c++)
		for (k = 0; k < FP_COUNT; k++)
			for (sz = 1; sz <= 72; sz++) {
				memset(fz->mem.base, 0, 256);
				fz->ops++;
				ASSERT_EQ(0, fuzz_ioctl(fz, fd, cmds[c], k,
							sz))
					TH_LOG("%s", fz->why);
				ASSERT_EQ(0, fuzz_check(fz))
					TH_LOG("%s", fz->why);
				if (k != FP_STRADDLE)
					break;
			}
	EXPECT_FALSE(fz->registered);
	dev_note("%llu ioctls (every number, direction and size) in %llu ms",
		 (unsigned long long)fz->ops,
		 (unsigned long long)(dev_now_ms() - t0));
}

TEST_F_TIMEOUT(fuzz, random_sequences, 600)
{
	struct fuzz *fz = &self->fz;
	uint64_t seed = fuzz_env("HAVEGE_FUZZ_SEED", (unsigned long)time(NULL));
	unsigned long seqs = fuzz_env("HAVEGE_FUZZ_SEQS", FUZZ_SEQS);
	unsigned long nops = fuzz_env("HAVEGE_FUZZ_OPS", FUZZ_OPS);
	unsigned long secs = fuzz_env("HAVEGE_FUZZ_SECS", FUZZ_SECS);
	uint64_t t0 = dev_now_ms();
	unsigned long q, j;
	unsigned int i;
	int err;

	dev_note("seed %llu, %lu sequences of %lu operations (replay one: HAVEGE_FUZZ_SEED=<seed + sequence> HAVEGE_FUZZ_SEQS=1)",
		 (unsigned long long)seed, seqs, nops);
	for (q = 0; q < seqs; q++) {
		if (dev_now_ms() - t0 >= secs * 1000) {
			dev_note("time budget of %lu s reached after %lu of %lu sequences",
				 secs, q, seqs);
			break;
		}
		fz->rng = seed + q;
		for (j = 0; j < nops; j++) {
			i = fuzz_pick_op(fz);
			ASSERT_EQ(0, fuzz_run_op(fz, i))
				TH_LOG("seed %llu sequence %lu (replay: HAVEGE_FUZZ_SEED=%llu HAVEGE_FUZZ_SEQS=1) op %lu %s: %s",
				       (unsigned long long)seed, q,
				       (unsigned long long)(seed + q), j,
				       fuzz_ops[i].name, fz->why);
		}
		/* end of a sequence: nothing open, withdrawn, unloadable */
		fuzz_close_all(fz);
		ASSERT_EQ(0, fuzz_check(fz))
			TH_LOG("seed %llu sequence %lu after closing: %s",
			       (unsigned long long)seed, q, fz->why);
		ASSERT_FALSE(fz->registered);
	}
	err = sys_module_unload();
	ASSERT_EQ(0, err) TH_LOG("final rmmod: %s", strerror(-err));
	ASSERT_FALSE(sys_module_loaded());
	ASSERT_EQ(0, sys_module_load());
	ASSERT_EQ(0, fuzz_set_rereg(fz)) TH_LOG("%s", fz->why);
	for (i = 0; i < ARRAY_SIZE(fuzz_ops); i++)
		dev_note("  %-12s %llu", fuzz_ops[i].name,
			 (unsigned long long)fz->by_op[i]);
	dev_note("%llu registrations, %llu bytes written, %llu read from /dev/hwrng, %llu reloads, %llu rmmods refused while open",
		 (unsigned long long)fz->registered_n,
		 (unsigned long long)fz->written,
		 (unsigned long long)fz->served,
		 (unsigned long long)fz->reloads,
		 (unsigned long long)fz->refused);
	/* a long run that never reached these states fuzzed little */
	if (fz->ops >= 1000) {
		EXPECT_LT(0, fz->registered_n);
		EXPECT_LT(0, fz->written);
	}
	dev_note("%lu ioctl sequences fuzzed: %llu operations in %llu ms, seed %llu",
		 q, (unsigned long long)fz->ops,
		 (unsigned long long)(dev_now_ms() - t0),
		 (unsigned long long)seed);
}

TEST_HARNESS_MAIN
