#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# collector-quality.t: the collector's output on the real timer through
# AIS 31 procedures A (T5 in every round) and B, each over every byte
# (collector-gen -P), over 64 MB (about 64 procedures A and 76 procedures
# B), and 16 MB on the clock_gettime fallback timer.  A procedure passes after at most one
# retry (AIS 31's rule); for an ideal source a failed procedure A happens
# about once in 3 * 10^5, so one in this run is a real defect.  The raw
# health tests must stay quiet all along.
set -u

cd "$(dirname "$0")/.." || exit 1
GEN=${BUILD:-build}/native/collector-gen
# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

# run SIZE TIMER: procedures A and B over SIZE bytes, 4 TAP lines.
run() {
	out=$("$GEN" -n "$1" -t "$2" -a 1 -B -P -v -o /dev/null 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	tap_result $rc "$2 timer, $1: collector-gen exit status $rc"
	echo "$out" | grep -q '^raw: .* discarded 0 '
	tap_result $? "$2 timer, $1: raw RCT/APT never fired"
	echo "$out" | grep -Eq '^A: [1-9][0-9]* procedures, .* 0 failures$'
	tap_result $? "$2 timer, $1: every procedure A passed"
	echo "$out" | grep -Eq '^B: [1-9][0-9]* procedures, .* 0 failures$'
	tap_result $? "$2 timer, $1: every procedure B passed"
}

if [ ! -x "$GEN" ]; then
	echo "1..0 # SKIP $GEN not built"
	exit 0
fi
echo "1..8"
run 64M auto
run 16M clock
[ "$fails" -eq 0 ]
