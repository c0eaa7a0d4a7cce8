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
 * Errors: unknown ioctl -ENOTTY; non-zero reserved fields -EINVAL; bad user
 * pointers -EFAULT; register while registered -EALREADY; register sooner
 * than the module's re-registration interval after a withdrawal -EAGAIN.
 */
#ifndef _UAPI_HAVEGE_HWRNG_H
#define _UAPI_HAVEGE_HWRNG_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define HAVEGE_HWRNG_DEVICE	"/dev/havege_hwrng"
#define HAVEGE_HWRNG_NAME	"havege"

/* Argument of HAVEGE_HWRNG_IOC_REGISTER: all fields must be zero today. */
struct havege_hwrng_register {
	__u32 flags;
	__u32 reserved;
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
	__u32 quality;		/* quality declared at the last registration */
	__u32 state;		/* HAVEGE_HWRNG_STATE_* */
	__u32 reserved;		/* zero */
};

#define HAVEGE_HWRNG_IOC_MAGIC	0xB7

#define HAVEGE_HWRNG_IOC_REGISTER \
	_IOW(HAVEGE_HWRNG_IOC_MAGIC, 1, struct havege_hwrng_register)
#define HAVEGE_HWRNG_IOC_WITHDRAW	_IO(HAVEGE_HWRNG_IOC_MAGIC, 2)
#define HAVEGE_HWRNG_IOC_GET_STATS \
	_IOR(HAVEGE_HWRNG_IOC_MAGIC, 3, struct havege_hwrng_stats)

#endif /* _UAPI_HAVEGE_HWRNG_H */
