#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd end to end in QEMU VMs of tests/vm, for one kernel KEY
# (argument, else $HWRNGD_VM_KERNEL, else 6.1; make check runs
# tests/hwrngd-vm-KEY.t for every key of the matrix).  Three VMs, all
# booted with random.trust_cpu=off and no virtio-rng:
#   module    the real module and daemon (tests/hwrngd-vm/guest.sh):
#             REGISTER after the start-up tests, ready within milliseconds
#             of it, time-to-seed < 3 s (arm64: 5 s), havege current, kill -9, SIGTERM...
#   qemu64    the same module and daemon on one vCPU of QEMU's default CPU
#             model (no POPCNT, no AVX; guest-cpu.sh): the same start-up
#             checks, registration, SIGTERM; on arm64 keys the VM is
#             cortex-a53: one Cortex-A53, the little core of small boards
#   fallback  no module (guest-random.sh): --until-seeded, RNDADDENTROPY;
#             then --assess=100k (ten SP 800-90B estimators in the guest)
#             must support the claim
# An arm64 KEY (6.1-arm64, 6.12-arm64) runs the daemon, havege-ais31 and
# seedwait cross-built by make cross-vm-build ($BUILD/aarch64) in
# qemu-system-aarch64 guests (cortex-a72 2 vCPUs and cortex-a53 1 vCPU,
# timer cntvct).
# Each VM runs once: no retry.  How fast this is next to the peers (no
# daemon, haveged, rngd, ...) and the 1 s target are figures of make
# bench (bench/README.md), not pass/fail tests.
# The guests' TAP is relayed and renumbered, each VM followed by its
# verdict; "# time-to-seed KEY WHO: ..." and "# assessed KEY: ..." lines
# are repeated at the end.
# Skips without QEMU or the tests/vm harness.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
key=${1:-${HWRNGD_VM_KERNEL:-6.1}}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/native
vm=$top/tests/vm
qemu="qemu-system-x86_64"
cpu="TCG -cpu max"
small=qemu64
make_bin="make helper"
case $key in
*-arm64)
	bin=$build/aarch64
	qemu="qemu-system-aarch64"
	cpu="TCG -cpu cortex-a72"
	small=cortex-a53
	make_bin="make cross-vm-build"
	;;
esac

if ! command -v "$qemu" >/dev/null || [ ! -x "$vm/boot.sh" ]; then
	echo "1..0 # SKIP no $qemu or no tests/vm/boot.sh"
	exit 0
fi
for p in havege-hwrngd havege-ais31; do
	[ -x "$bin/$p" ] || { echo "Bail out! $bin/$p missing ($make_bin)"; exit 1; }
done

work=$build/vm/hwrngd-$key
rm -rf "$work"
mkdir -p "$work/payload"
cp "$top"/tests/hwrngd-vm/guest*.sh "$bin/havege-hwrngd" "$bin/havege-ais31" \
	"$work/payload/"
TAP_PREFIX="[$key] "
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

# The probe is static so it needs nothing from the host in the guest.
# arm64: cross-built by make cross-vm-build.
result_seedwait() {
	if [ "$bin" = "$build/aarch64" ]; then
		cp "$bin/seedwait" "$work/payload/seedwait" 2>"$work/seedwait.err"
		tap_result $? "the static getrandom probe (seedwait) is cross-built"
		sed 's/^/# /' "$work/seedwait.err"
		return
	fi
	gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
		-o "$work/payload/seedwait" "$top/tests/hwrngd-vm/seedwait.c" \
		2>"$work/seedwait.err"
	tap_result $? "build the static getrandom probe (seedwait)"
	sed 's/^/# /' "$work/seedwait.err"
}

# run_vm LABEL SCRIPT BOOT_ARGS...: one VM; its TAP, stderr and status kept.
run_vm() {
	local label=$1 script=$2
	shift 2
	"$vm/boot.sh" --kernel "$key" --payload "$work/payload" \
		--run "/payload/$script $key" --timeout 300 \
		--logdir "$work/$label" "$@" \
		>"$work/$label.tap" 2>"$work/$label.err"
	echo $? >"$work/$label.rc"
}

# report LABEL: the VM's TAP renumbered, then its verdict.
report() {
	local label=$1
	relay_guest_tap "$label" <"$work/$label.tap"
	sed 's/^/# /' "$work/$label.err"
	tap_result "$(cat "$work/$label.rc")" \
		"$label: VM stopped cleanly, guest status 0 (logs: $work/$label)"
}

boot() {	# boot LABEL SCRIPT BOOT_ARGS...
	run_vm "$@"
	report "$1"
}

result_seedwait
if ko=$("$vm/build-module.sh" "$key" 2>"$work/build.err"); then
	boot module guest.sh --module "$ko"
	boot "$small" guest-cpu.sh --module "$ko" --cpu "$small" --smp 1
else
	sed 's/^/# /' "$work/build.err"
	tap_result 1 "build havege_hwrng.ko"
fi
boot fallback guest-random.sh --no-module
cat "$work"/*.tap 2>/dev/null |
	grep -a '^# .*time-to-seed ' | tee "$work/time-to-seed.txt"
grep -a -h -o 'SP 800-90B estimate [0-9.]* bit/delta' "$work"/*.tap |
	sed "s/^/# start-up $key: /"
grep -a -h '^# timer: ' "$work/fallback.tap" | sed "s/^# /# $key /"
echo "# assessed $key: $(sed -n 's/^# assess: min-entropy: //p' "$work/fallback.tap") (--assess=100k, $cpu; 1,000,000 take minutes under TCG)"
echo "1..$n"
