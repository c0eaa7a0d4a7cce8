#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/bench/vm.sh (busybox ash, a VM of tests/vm/boot.sh):
# loads havege_hwrng, starts havege-hwrngd feeding it, waits for the CRNG,
# then runs the SECTIONS in order (vm-throughput.sh, vm-scaling.sh,
# vm-idle.sh; idle last: it stops the daemon and removes the modules).
# TSV rows go to stdout as "T|S|I<TAB>row" (vm-lib.sh), comments as "# ...".
#
# Usage: vm-run.sh KEY BYTES REPS SREPS WINDOW SETTLE 'BUFFERS' 'SECTIONS'
#   KEY      the matrix key (first TSV column)
#   BYTES    bytes per /dev/hwrng measurement
#   REPS     repetitions of each throughput measurement
#   SREPS    repetitions of each scaling measurement
#   WINDOW   idle window in seconds; SETTLE seconds before it
#   BUFFERS  the daemon's -b values (KiB words) for the scaling section
#   SECTIONS some of: throughput scaling idle
# Needs $HAVEGE_KO, /payload/{havege-hwrngd,vm-probe,bench_full.ko}.

set -u
[ $# -eq 8 ] || { echo "usage: vm-run.sh KEY BYTES REPS SREPS WINDOW SETTLE BUFFERS SECTIONS"; exit 2; }
BENCH_KEY=$1
BENCH_BYTES=$2
BENCH_REPS=$3
BENCH_SREPS=$4
BENCH_WINDOW=$5
BENCH_SETTLE=$6
BENCH_BUFFERS=$7
sections=$8
BENCH_VCPUS=$(nproc)
BENCH_CPU=max
grep -qw popcnt /proc/cpuinfo || BENCH_CPU=qemu64
export BENCH_KEY BENCH_BYTES BENCH_REPS BENCH_SREPS BENCH_WINDOW BENCH_SETTLE BENCH_BUFFERS \
	BENCH_VCPUS BENCH_CPU
# shellcheck source=scripts/bench/guest/vm-lib.sh
. /payload/vm-lib.sh

echo "# $(uname -r), $BENCH_VCPUS vCPU, cpu model $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
insmod "$HAVEGE_KO" || exit 1
# shellcheck disable=SC2119 # the default options
start_daemon || exit 1
echo "# CRNG ready after $("$probe" seeded 30) s more; hwrngs: $(cat "$hw/rng_available")"
for section in $sections; do
	t0=$("$probe" now)
	# shellcheck source=/dev/null
	. "/payload/vm-$section.sh" || { echo "# section $section failed"; exit 1; }
	echo "# section $section: $(sub "$t0" "$("$probe" now)") s"
done
exit 0
