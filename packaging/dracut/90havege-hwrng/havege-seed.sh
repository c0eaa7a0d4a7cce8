#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dracut pre-udev hook (sourced by dracut's init): load havege_hwrng and
# feed until getrandom() is ready.  Never fatal; the real system's
# havege-hwrngd.service takes over after switch_root.  The messages go to
# the kernel log, which the journal of the real system keeps.

havege_seed() {
	# entropy_avail: what the kernel credited itself before havege
	ea=unknown
	read -r ea 2>/dev/null </proc/sys/kernel/random/entropy_avail || :
	echo "havege-hwrng: seeding the CRNG (havege-hwrngd --until-seeded, entropy_avail $ea)" >&2
	modprobe -q havege_hwrng || :
	if ! /sbin/havege-hwrngd --until-seeded=30 --log=stderr \
		--pidfile=/run/havege-hwrngd-initramfs.pid \
		--status-file=/run/havege-hwrngd-initramfs.status; then
		echo "havege-hwrng: CRNG not seeded by havege-hwrngd" >&2
	fi
}

if [ -w /dev/kmsg ]; then
	havege_seed 2>/dev/kmsg
else
	havege_seed
fi
