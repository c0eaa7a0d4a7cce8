#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Record the daemon's residual timer deltas in a QEMU guest and bring them
# back for assessment on the host (docs/quality.md, "Measured on the
# platforms we test"; issue 14 for the arm64 keys).
#
#   scripts/record-raw-vm.sh [--assess] [--timeout SECS] KEY OUTDIR [N]
#
# Boots one guest of tests/vm/boot.sh KEY (no module), where
# scripts/record-raw-guest.sh runs `havege-hwrngd --record-raw=N -f
# /tmp/raw.bin` (N default 1M = 1,048,576 samples) and sends the recording
# base64-encoded on the results channel.  With --assess the guest then runs
# `havege-hwrngd --assess=N` itself.  Writes to OUTDIR:
#   KEY.bin      the recording (one residual delta per byte)
#   KEY.info     kernel, the daemon's timer line, step times (guest seconds)
#                and statuses, the SHA-256 of KEY.bin
#   KEY.assess   --assess only: the daemon's report in the guest
#   KEY.log/     boot.sh's logs
# The payload is $BUILD/aarch64 (make cross-vm-build) for an arm64 KEY,
# $BUILD/native (make helper) otherwise.  --timeout (default 1800 s) is the
# VM's.  Assess the recording with `havege-ais31 --sp800-90b OUTDIR/KEY.bin`
# or NIST's `ea_non_iid OUTDIR/KEY.bin 8`.  Exit status: boot.sh's, or 1
# when the recording is not N samples long.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
assess=
timeout=1800
while [ $# -gt 0 ]; do
	case $1 in
	--assess) assess=assess ;;
	--timeout) timeout=$2; shift ;;
	-*) echo "usage: $0 [--assess] [--timeout SECS] KEY OUTDIR [N]" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -ge 2 ] || { echo "usage: $0 [--assess] [--timeout SECS] KEY OUTDIR [N]" >&2; exit 2; }
key=$1
out=$2
n=${3:-1M}
build=${BUILD:-$top/build}
case $build in /*) ;; *) build=$top/$build ;; esac
case $key in
*-arm64) bin=$build/aarch64 ;;
*) bin=$build/native ;;
esac
[ -x "$bin/havege-hwrngd" ] || { echo "$bin/havege-hwrngd missing" >&2; exit 2; }

mkdir -p "$out"
payload=$(mktemp -d /tmp/record-raw-vm.XXXXXX)
trap 'rm -rf "$payload"' EXIT
cp "$bin/havege-hwrngd" "$top/scripts/record-raw-guest.sh" "$payload/"

"$top/tests/vm/boot.sh" --kernel "$key" --no-module --payload "$payload" \
	--run "/payload/record-raw-guest.sh $n $assess" --timeout "$timeout" \
	--logdir "$out/$key.log" >"$out/$key.out" 2>"$out/$key.err"
rc=$?
sed -n 's/^R //p' "$out/$key.out" | base64 -d >"$out/$key.bin"
grep -a '^[ITS] ' "$out/$key.out" | sed 's/^[ITS] //' >"$out/$key.info"
echo "sha256: $(sha256sum <"$out/$key.bin" | cut -d' ' -f1)" >>"$out/$key.info"
if [ -n "$assess" ]; then
	sed -n 's/^A //p' "$out/$key.out" >"$out/$key.assess"
fi
cat "$out/$key.info" "$out/$key.err"
want=$(numfmt --from=iec "$(echo "$n" | tr kmg KMG)")
got=$(stat -c %s "$out/$key.bin")
if [ "$got" -ne "$want" ]; then
	echo "$out/$key.bin: $got samples, not $want" >&2
	[ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
