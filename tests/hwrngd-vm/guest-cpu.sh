#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm.t (busybox ash), TAP on stdout: the module
# guest's time-to-seed on the smallest machine of the matrix, one vCPU of
# the plainest CPU model.  x86-64: QEMU's default model (qemu64: no POPCNT,
# no AVX), booted by the runner with --cpu qemu64 --smp 1.  arm64: one
# Cortex-A53 (the little ARMv8.0 core of small boards: no FEAT_RNG, no
# crypto extensions assumed), --cpu cortex-a53 --smp 1.  The tests of
# guest-seed.sh (registration after the start-up tests, time-to-seed < 3 s or on arm64 5 s,
# current, FIFO), then SIGTERM withdraws and rmmod.
# Usage: guest-cpu.sh KEY.  Needs $HAVEGE_KO.

key=${1:-?}
# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh
# shellcheck source=tests/hwrngd-vm/guest-lib.sh
. /payload/guest-lib.sh

echo "1..15"
if [ "$(uname -m)" = aarch64 ]; then
	# MIDR part number 0xd03 is the Cortex-A53; "rng" would be FEAT_RNG
	part=$(sed -n 's/^CPU part[^:]*: //p' /proc/cpuinfo | head -n1)
	who="daemon, cortex-a53 1 vCPU"
	[ "$part" = 0xd03 ] && ! grep -q '^Features.* rng' /proc/cpuinfo &&
		[ "$(nproc)" -eq 1 ]
	tap_result $? "one Cortex-A53 vCPU without FEAT_RNG ($(nproc) x part $part)"
else
	model=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)
	who="daemon, qemu64 1 vCPU"
	! grep -qw popcnt /proc/cpuinfo && [ "$(nproc)" -eq 1 ]
	tap_result $? "one vCPU without POPCNT ($(nproc) x $model)"
fi
# shellcheck source=tests/hwrngd-vm/guest-seed.sh
. /payload/guest-seed.sh

kill -TERM "$d1"
wait "$d1"
tap_result $? "SIGTERM: exit status 0"
! listed && [ "$(cat "$mod"/withdrawals)" -ge 1 ]
tap_result $? "SIGTERM withdrew havege (rng_current: $(cat "$hw"/rng_current))"
sed 's/^/# d1: /' /tmp/d1.log
rmmod havege_hwrng
tap_result $? "rmmod havege_hwrng"
[ "$fails" -eq 0 ]
