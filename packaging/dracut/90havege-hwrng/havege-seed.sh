#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# dracut pre-udev hook (sourced by dracut's init): load havege_hwrng and
# feed until getrandom() is ready.  Never fatal; the real system's
# havege-hwrngd.service takes over after switch_root.

modprobe -q havege_hwrng || :
if ! /sbin/havege-hwrngd --until-seeded=30 --log=stderr \
	--pidfile=/run/havege-hwrngd-initramfs.pid \
	--status-file=/run/havege-hwrngd-initramfs.status; then
	echo "havege-hwrng: CRNG not seeded by havege-hwrngd" >&2
fi
