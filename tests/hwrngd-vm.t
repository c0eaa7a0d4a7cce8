#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd in QEMU VMs (Debian 6.1 by default; HWRNGD_VM_KERNEL=KEY
# for another key of tests/vm): one VM with the real module
# (tests/hwrngd-vm/guest.sh) and one without it, for the RNDADDENTROPY
# fallback (tests/hwrngd-vm/guest-random.sh).  The guests' TAP is relayed
# and renumbered, each followed by the VM-level verdict.  Skips without
# QEMU or the tests/vm harness.
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
cp "$top"/tests/hwrngd-vm/guest*.sh "$bin/havege-hwrngd" "$work/payload/"
n=0

result() {	# result PASS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - [$key] $2"
	else
		echo "not ok $n - [$key] $2"
	fi
}

# boot LABEL SCRIPT BOOT_ARGS...: one VM, its TAP renumbered, its verdict.
boot() {
	local label=$1 script=$2 line rc
	shift 2
	"$vm/boot.sh" --kernel "$key" --payload "$work/payload" \
		--run "/payload/$script" --timeout 900 \
		--logdir "$work/$label" "$@" \
		>"$work/$label.tap" 2>"$work/$label.err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) result 0 "$label: ${line#ok [0-9]* - }" ;;
		"not ok "*) result 1 "$label: ${line#not ok [0-9]* - }" ;;
		1..*) ;;
		*) echo "$line" ;;
		esac
	done <"$work/$label.tap"
	sed 's/^/# /' "$work/$label.err"
	result $rc "$label: VM stopped cleanly, guest status 0 (logs: $work/$label)"
}

if ko=$("$vm/build-module.sh" "$key" 2>"$work/build.err"); then
	boot module guest.sh --module "$ko"
else
	sed 's/^/# /' "$work/build.err"
	result 1 "build havege_hwrng.ko"
fi
boot fallback guest-random.sh --no-module
echo "1..$n"
