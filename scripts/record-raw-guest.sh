#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/record-raw-vm.sh (busybox ash, in /payload).
#
#   record-raw-guest.sh N [assess]
#
# Prints the kernel and the daemon's timer line ("I ..."), records N residual timer deltas
# with `havege-hwrngd --record-raw=N -f /tmp/raw.bin` and prints them
# base64-encoded on lines "R ...", then, with "assess", runs
# `havege-hwrngd --assess=N` in the guest and prints its report on lines
# "A ...".  "T time.STEP: SECONDS s" lines give each step's guest time
# (/proc/uptime), "S status.STEP: STATUS" lines its exit status.  Exit status 0
# when every step exited 0.
set -u

d=/payload/havege-hwrngd
n=${1:?usage: record-raw-guest.sh N [assess]}
mode=${2:-}
fails=0

uptime_s() {
	read -r up _ </proc/uptime
	echo "$up"
}

# step NAME START: the step's time and status (in $rc) as T/S lines
step() {
	echo "T time.$1: $(awk -v a="$2" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }') s"
	echo "S status.$1: $rc"
	[ "$rc" -eq 0 ] || fails=$((fails + 1))
}

echo "I kernel: $(uname -r) $(uname -m)"
"$d" --info 2>&1 | sed -n 's/^timer  */I timer: /p'

t0=$(uptime_s)
"$d" --record-raw="$n" -f /tmp/raw.bin 2>/tmp/rec.log
rc=$?
step record "$t0"
sed 's/^/I record: /' /tmp/rec.log
t0=$(uptime_s)
base64 /tmp/raw.bin | sed 's/^/R /'
rc=$?
step send "$t0"
rm -f /tmp/raw.bin

if [ "$mode" = assess ]; then
	t0=$(uptime_s)
	"$d" --assess="$n" >/tmp/assess.txt 2>/tmp/assess.log
	rc=$?
	step assess "$t0"
	sed 's/^/A /' /tmp/assess.log /tmp/assess.txt
fi
[ "$fails" -eq 0 ]
