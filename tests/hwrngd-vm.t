#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd with the real module in one QEMU VM (Debian 6.1 by
# default, HWRNGD_VM_KERNEL=KEY for another key of tests/vm): the guest
# script tests/hwrngd-vm/guest.sh prints TAP, relayed here, followed by
# the VM-level verdict.  Skips when the VM tooling or kernel is missing.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
key=${HWRNGD_VM_KERNEL:-6.1}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/native
vm=$top/tests/vm

if ! command -v qemu-system-x86_64 >/dev/null || [ ! -x "$vm/boot.sh" ]; then
	echo "1..0 # SKIP no QEMU or no tests/vm/boot.sh"
	exit 0
fi
[ -x "$bin/havege-hwrngd" ] || { echo "Bail out! $bin/havege-hwrngd missing"; exit 1; }

work=$build/vm/hwrngd
rm -rf "$work"
mkdir -p "$work/payload"
cp "$top/tests/hwrngd-vm/guest.sh" "$bin/havege-hwrngd" "$work/payload/"

if ! ko=$("$vm/build-module.sh" "$key" 2>"$work/build.err"); then
	echo "1..1"
	echo "not ok 1 - [$key] build havege_hwrng.ko"
	sed 's/^/# /' "$work/build.err"
	exit 1
fi
"$vm/boot.sh" --kernel "$key" --module "$ko" --payload "$work/payload" \
	--run /payload/guest.sh --timeout 900 --logdir "$work/logs" \
	>"$work/guest.tap" 2>"$work/boot.err"
rc=$?
# the guest's TAP, then one result for the VM itself
plan=$(grep -m1 '^1\.\.' "$work/guest.tap" | cut -c4-)
echo "1..$(( ${plan:-0} + 1 ))"
grep -v '^1\.\.' "$work/guest.tap" | sed "s/^\(\(not \)\?ok [0-9]* - \)/\1[$key] /"
sed 's/^/# /' "$work/boot.err"
if [ $rc -eq 0 ]; then
	echo "ok $(( ${plan:-0} + 1 )) - [$key] VM stopped cleanly, guest status 0"
else
	echo "not ok $(( ${plan:-0} + 1 )) - [$key] VM verdict $rc (logs in $work/logs)"
fi
