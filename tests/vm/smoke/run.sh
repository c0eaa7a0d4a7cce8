#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest smoke test (busybox ash), TAP on stdout: the module loads, creates
# its device and sysfs node, registers no hwrng without a feeder, unloads
# and leaves nothing behind.  Needs $HAVEGE_KO (set by the VM's /init).

# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh

avail=/sys/class/misc/hw_random/rng_available

echo "1..7"
echo "# kernel $(uname -r)"
insmod "$HAVEGE_KO"
tap_result $? "insmod havege_hwrng.ko"
grep -q '^havege_hwrng ' /proc/modules
tap_result $? "module listed in /proc/modules"
[ -c /dev/havege_hwrng ]
tap_result $? "/dev/havege_hwrng is a character device"
[ -d /sys/class/misc/havege_hwrng ]
tap_result $? "/sys/class/misc/havege_hwrng exists"
! grep -qw havege "$avail" 2>/dev/null
tap_result $? "no hwrng 'havege' registered without a feeder"
rmmod havege_hwrng
tap_result $? "rmmod havege_hwrng"
[ ! -e /dev/havege_hwrng ] && ! grep -q '^havege_hwrng ' /proc/modules
tap_result $? "device and module gone after rmmod"
[ "$fails" -eq 0 ]
