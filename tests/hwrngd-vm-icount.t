#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the daemon on a machine without timing noise.  QEMU's
# `-icount shift=0,sleep=off` makes guest time the instruction count, so
# every timer delta of the collector is its own arithmetic (about
# 134 + 10.5 n ticks for trip count n) and carries no entropy, though the
# raw deltas still look like a bit of it.  On Debian's 6.1 kernel, in each
# of ICOUNT_BOOTS (3) VMs (tests/hwrngd-vm/guest-icount.sh; one CPU: with
# sleep=off the 6.1 kernel hangs bringing up a second one):
#   - --until-seeded fails its start-up test and exits 1, 0 bytes fed;
#   - in module mode the daemon gives up (exit 1) and "havege" never
#     appears in rng_available;
#   - --record-raw=200k records the residual samples.
# One more VM without -icount (plain TCG, -cpu max) records them too.  The
# recordings are kept in build/vm/hwrngd-icount/*.bin and assessed with
# havege-ais31 --sp800-90b: under -icount each must be below 0.1 bit per
# delta; the TCG one is printed.
# Skips without QEMU or the tests/vm harness.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
key=6.1
boots=${ICOUNT_BOOTS:-3}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/native
vm=$top/tests/vm

if ! command -v qemu-system-x86_64 >/dev/null || [ ! -x "$vm/boot.sh" ]; then
	echo "1..0 # SKIP no QEMU or no tests/vm/boot.sh"
	exit 0
fi
[ -x "$bin/havege-hwrngd" ] || { echo "Bail out! $bin/havege-hwrngd missing (make helper)"; exit 1; }

work=$build/vm/hwrngd-icount
rm -rf "$work"
mkdir -p "$work/payload"
cp "$top/tests/hwrngd-vm/guest-icount.sh" "$bin/havege-hwrngd" "$work/payload/"
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-o "$work/payload/seedwait" "$top/tests/hwrngd-vm/seedwait.c" \
	2>"$work/seedwait.err"
tap_result $? "build the static getrandom probe (seedwait)"

# boot LABEL MODE QEMU_ARGS: one VM; its TAP relayed, samples decoded.
boot() {
	local label=$1 mode=$2 qemu=$3 rc
	"$vm/boot.sh" --kernel "$key" --module "$ko" --payload "$work/payload" \
		--run "/payload/guest-icount.sh $key $mode" --timeout 240 \
		--logdir "$work/$label" ${qemu:+--qemu "$qemu"} \
		>"$work/$label.tap" 2>"$work/$label.err"
	rc=$?
	# not in a pipeline: the relay's counters must stay in this shell
	grep -av '^R ' "$work/$label.tap" >"$work/$label.results"
	relay_guest_tap "$label" <"$work/$label.results"
	sed 's/^/# /' "$work/$label.err"
	tap_result "$rc" "$label: VM stopped cleanly, guest status 0 (logs: $work/$label)"
	sed -n 's/^R //p' "$work/$label.tap" | base64 -d >"$work/$label.bin" 2>/dev/null
	[ "$(stat -c %s "$work/$label.bin")" -eq 204800 ]
	tap_result $? "$label: 204800 residual samples received"
}

# estimate LABEL BELOW: the SP 800-90B non-IID estimate of a recording
# (havege-ais31 --sp800-90b, which agrees with NIST's ea_non_iid), printed;
# with BELOW, it must be below BELOW bits per delta (the icount boots: the
# walk's arithmetic alone must not look like entropy).
estimate() {
	local label=$1 below=${2:-} h
	h=$(nice "$bin/havege-ais31" --sp800-90b --short "$work/$label.bin" |
		sed -n 's/^min-entropy: \([0-9.]*\) bits per sample$/\1/p')
	echo "# SP 800-90B $label: ${h:-none} bits per residual delta"
	[ -n "$h" ]
	tap_result $? "$label: havege-ais31 --sp800-90b assessed the recording"
	[ -n "$below" ] || return 0
	awk -v h="${h:-99}" -v b="$below" 'BEGIN { exit !(h < b) }'
	tap_result $? "$label: estimate ${h:-none} < $below bit per delta"
}

if ! ko=$("$vm/build-module.sh" "$key" 2>"$work/build.err"); then
	sed 's/^/# /' "$work/build.err"
	tap_result 1 "build the module for $key"
	echo "1..$n"
	exit 1
fi
for i in $(seq 1 "$boots"); do
	boot "icount-$i" icount "-icount shift=0,sleep=off -smp 1"
done
boot tcg tcg ""
[ -x "$bin/havege-ais31" ] || { echo "Bail out! $bin/havege-ais31 missing (make helper)"; exit 1; }
for i in $(seq 1 "$boots"); do
	estimate "icount-$i" 0.1
done
estimate tcg
echo "1..$n"
