#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checked.sh CMD [ARGS...]: guest side of tests/debug-kernel.t (busybox
# ash), in a VM of the debug kernel 6.1-debug.  Checks that the kernel's
# checkers are armed (KASAN initialised, lockdep's /proc/lockdep, kmemleak's
# debugfs file), runs CMD (a TAP-printing test payload: the selftests'
# run.sh or the daemon's guest.sh) with its output passed through, then
# unloads havege_hwrng if CMD left it loaded, has kmemleak scan twice (it
# only reports objects unreferenced over two scans) and requires its
# report to be empty, printing it otherwise.  Its own results follow CMD's
# TAP as a second section with a plan of its own.  Exits non-zero when CMD
# or any check failed.  KASAN, lockdep, debugobjects and WARN reports are
# caught on the console by tests/vm/boot.sh.

# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh

leaks=/sys/kernel/debug/kmemleak

# Before the payload: its messages could push KASAN's out of the log.
dmesg | grep -q 'KernelAddressSanitizer initialized'
kasan=$?
[ -r /proc/lockdep ] && [ -r /proc/lockdep_stats ]
lockdep=$?

"$@"
status=$?

echo "1..7"
tap_result "$status" "test payload ($*) exited 0 (status $status)"
tap_result "$kasan" "KASAN is active (dmesg at boot)"
tap_result "$lockdep" "lockdep is active (/proc/lockdep)"
grep -q 'debug_locks:[[:space:]]*1' /proc/lockdep_stats
tap_result $? "lockdep still enabled after the tests (debug_locks 1: no report turned it off)"

if grep -q '^havege_hwrng ' /proc/modules; then
	echo "# havege_hwrng still loaded after the tests: rmmod"
	rmmod havege_hwrng
	rc=$?
else
	rc=0
fi
! grep -q '^havege_hwrng ' /proc/modules
tap_result $? "havege_hwrng unloaded after the tests (rmmod status $rc)"

# Unreferenced objects are reported once they stayed so over two scans;
# let freed RCU objects and the last work items settle in between.
scans=0
echo scan >"$leaks" && scans=1
sleep 5
echo scan >"$leaks" && scans=$((scans + 1))
[ "$scans" -eq 2 ]
tap_result $? "kmemleak scans (echo scan > $leaks)"
report=$(cat "$leaks")
[ -z "$report" ] || echo "$report" | sed 's/^/# kmemleak: /'
[ -z "$report" ]
tap_result $? "kmemleak lists no unreferenced object after rmmod"

[ "$fails" -eq 0 ]
