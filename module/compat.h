/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel version and feature compatibility for havege_hwrng.
 *
 * Kbuild force-includes this file into every object (ccflags-y += -include),
 * so it is the only place where a version or feature test may appear; the
 * .c files stay free of #if.  The oldest supported kernel, 5.10, is
 * enforced by Kbuild itself (it knows VERSION and PATCHLEVEL), which keeps
 * this header free of LINUX_VERSION_CODE.
 *
 * Build-time facts come from Kbuild as HAVEGE_HDR_* definitions and are
 * turned into plain constants here.  Everything else the module uses exists
 * unchanged from 5.10 on: stream_open() (5.3), compat_ptr_ioctl() (5.5),
 * kvfree_sensitive() (5.8), sysfs_emit() (5.10), kfifo_init(),
 * miscdevice.groups and the four-argument hwrng .read().  Behavioural
 * differences of the hw_random core (meaning of quality 0, synchronous
 * add_early_randomness(), the RCU rework) are handled by design, not by
 * #if: see docs/module.md.
 */
#ifndef _HAVEGE_HWRNG_COMPAT_H
#define _HAVEGE_HWRNG_COMPAT_H

/*
 * HAVEGE_CORE_STOPS_FILL: the hw_random core stops its fill thread itself,
 * under rng_mutex, and forgets it (drop_current_rng(), RCU rework), so a
 * thread stopped before it ever ran leaves no stale pointer behind.  The
 * header marker is struct hwrng's cleanup_work, added by the same rework;
 * without it (5.10 .. 6.0, older 6.x stable) REGISTER waits for the fill
 * thread's first read (module/hwrng.c).
 */
#ifdef HAVEGE_HDR_HWRNG_CLEANUP_WORK
#define HAVEGE_CORE_STOPS_FILL	true
#else
#define HAVEGE_CORE_STOPS_FILL	false
#endif

#endif /* _HAVEGE_HWRNG_COMPAT_H */
