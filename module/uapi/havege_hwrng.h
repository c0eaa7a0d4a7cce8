/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * havege_hwrng: userspace-fed hw_random source.
 *
 * A single privileged feeder (normally havege-hwrngd) opens
 * /dev/havege_hwrng, write()s bytes that have already passed its online
 * tests into the module's FIFO, and asks the module to register an hwrng
 * named "havege" with HAVEGE_HWRNG_IOC_REGISTER.  While registered, the
 * kernel's hw_random core (the /dev/hwrng reader and the hwrng fill thread)
 * consumes the FIFO; every byte is served at most once and in order.
 *
 * HAVEGE_HWRNG_IOC_WITHDRAW (and closing the device, for any reason)
 * unregisters the hwrng and discards every queued byte.
 *
 * The feeder declares the entropy of its bytes at registration; the module
 * registers with the smaller of that and its "quality" parameter (the
 * administrator's ceiling).  Every write() and every state-changing ioctl
 * (REGISTER, WITHDRAW) needs CAP_SYS_ADMIN in the caller, not only open().
 *
 * Errors: unknown ioctl -ENOTTY; non-zero flags or a quality outside
 * 1..1024 -EINVAL; bad user pointers -EFAULT; write, REGISTER or WITHDRAW
 * without CAP_SYS_ADMIN -EPERM; register while registered -EALREADY;
 * register sooner than the module's re-registration interval after a
 * withdrawal -EAGAIN.
 */
#ifndef _UAPI_HAVEGE_HWRNG_H
#define _UAPI_HAVEGE_HWRNG_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HAVEGE_HWRNG_DEVICE	"/dev/havege_hwrng"
#define HAVEGE_HWRNG_NAME	"havege"

/* Declared quality: bits of entropy per 1024 bits, as the hw_random core. */
#define HAVEGE_HWRNG_QUALITY_MIN	1
#define HAVEGE_HWRNG_QUALITY_MAX	1024

/* Argument of HAVEGE_HWRNG_IOC_REGISTER. */
struct havege_hwrng_register {
	__u32 flags;		/* zero */
	__u32 quality;		/* HAVEGE_HWRNG_QUALITY_MIN..MAX */
};

/* State bits in havege_hwrng_stats.state. */
#define HAVEGE_HWRNG_STATE_ATTACHED	(1U << 0)	/* a feeder holds the device */
#define HAVEGE_HWRNG_STATE_REGISTERED	(1U << 1)	/* "havege" is registered */

/* Result of HAVEGE_HWRNG_IOC_GET_STATS; counters are since module load. */
struct havege_hwrng_stats {
	__u64 bytes_in;		/* bytes accepted by write() */
	__u64 bytes_served;	/* bytes handed to the hw_random core */
	__u64 bytes_flushed;	/* queued bytes discarded by withdraw/close */
	__u64 registrations;	/* successful hwrng_register() calls */
	__u64 withdrawals;	/* unregistrations (ioctl or close) */
	__u32 fifo_level;	/* bytes queued now */
	__u32 fifo_size;	/* FIFO capacity in bytes */
	__u32 blocked_readers;	/* hwrng readers waiting for data now */
	__u32 quality;		/* quality registered with the hw_random core
				 * at the last registration: min(declared,
				 * module parameter); 0 before the first */
	__u32 state;		/* HAVEGE_HWRNG_STATE_* */
	__u32 declared_quality;	/* what the feeder declared then; 0 before */
};

/*
 * 0xD7: free in Documentation/userspace-api/ioctl/ioctl-number.rst
 * (0xCF..0xDB has only 0xDB 00-0F, mwave); see docs/module.md.
 */
#define HAVEGE_HWRNG_IOC_MAGIC	0xD7

#define HAVEGE_HWRNG_IOC_REGISTER \
	_IOW(HAVEGE_HWRNG_IOC_MAGIC, 1, struct havege_hwrng_register)
#define HAVEGE_HWRNG_IOC_WITHDRAW	_IO(HAVEGE_HWRNG_IOC_MAGIC, 2)
#define HAVEGE_HWRNG_IOC_GET_STATS \
	_IOR(HAVEGE_HWRNG_IOC_MAGIC, 3, struct havege_hwrng_stats)

#endif /* _UAPI_HAVEGE_HWRNG_H */
