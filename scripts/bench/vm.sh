#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm.sh [--quick] OUTDIR
#
# The VM section of `make bench` (issue 13; file names and TSV schemas in
# the bench contract): /dev/hwrng throughput, scaling and idle cost of the
# daemons, measured in QEMU/TCG guests of tests/vm/boot.sh on kernel 6.1.
# Writes OUTDIR/throughput.tsv, OUTDIR/scaling.tsv and OUTDIR/idle.tsv
# (header + one row per measurement) and keeps the raw logs (each VM's
# output, console and verdict) under OUTDIR/logs/vm/.
#
# VM 1, 2 vCPUs, -cpu max, with -device virtio-rng-pci (virtio_rng loaded
# by /init): guest/vm-run.sh runs the sections throughput, scaling and idle
# (guest/vm-*.sh).  VM 2 (full run only, and only if VM 1 left it room in
# the 6 min budget: VM 1's wall time + 90 s <= 360 s), 1 vCPU, QEMU's
# default model qemu64, no virtio-rng: throughput (2 reps) and scaling
# (1 rep), no idle.
#
#            bytes/read  reps (throughput, scaling)  idle window  budget
#   --quick  1 MiB       2, 1                        10 s         1.5 min
#   full     4 MiB       3, 2                        60 s         6 min
# The scaling section's collection buffers (-b, KiB words): 8 32 128 512.
# The daemon-n rows are `havege-hwrngd -n 4*BYTES -f /dev/null` run beside
# the feeding daemon (asleep: its FIFO is full and nobody reads); their
# time includes that instance's start-up tests (0.5-1.4 s in these VMs).
#
# Needs: build/native/havege-hwrngd (built here with `make helper` if
# missing), the module (tests/vm/build-module.sh), the test-only hwrng
# bench_full.ko (fullrng/build.sh), the peers (peers.sh; without them the
# idle table has havege-hwrngd only, and says so) and a static vm-probe
# (guest/vm-probe.c, built here).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
KEY=6.1

quick=
case ${1:-} in
--quick) quick=1; shift ;;
esac
if [ $# -ne 1 ]; then
	sed -n '4p' "$0" | sed 's/^# /usage: /' >&2
	exit 2
fi
out=$1
logs=$out/logs/vm

die()
{
	echo "vm.sh: $*" >&2
	exit 1
}

if [ -n "$quick" ]; then
	bytes=$((1 << 20)) reps=2 sreps=1 window=10 settle=1 estimate=90
else
	bytes=$((4 << 20)) reps=3 sreps=2 window=60 settle=2 estimate=360
fi
buffers="8 32 128 512"
rm -rf "$logs"
mkdir -p "$logs" || die "cannot create $logs"
echo "vm.sh: estimated ${estimate} s (kernel $KEY, $bytes bytes per read, $reps reps, idle window $window s)"
start=$SECONDS

build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
daemon=$build/native/havege-hwrngd
if [ ! -x "$daemon" ]; then
	make -s -C "$top" helper >"$logs/helper.log" 2>&1 ||
		{ cat "$logs/helper.log" >&2; die "make helper failed"; }
fi
ko=$("$top/tests/vm/build-module.sh" "$KEY") || die "module build failed"
full_ko=$("$here/fullrng/build.sh" "$KEY") || die "bench_full build failed"

payload=$build/bench/vm-payload
rm -rf "$payload"
mkdir -p "$payload"
cp "$daemon" "$full_ko" "$here"/guest/vm-*.sh "$payload/" || die "cannot fill $payload"
gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wconversion -Wstrict-prototypes -Wmissing-prototypes \
	-o "$payload/vm-probe" "$here/guest/vm-probe.c" || die "cannot build vm-probe"
peer_args=()
if peers=$("$here/peers.sh" 2>"$logs/peers.err"); then
	peer_args=(--payload "$peers/payload:/peers")
else
	echo "vm.sh: no peer daemons (peers.sh failed, $logs/peers.err): idle rows of havege-hwrngd only" >&2
fi

# vm LABEL TIMEOUT REPS SREPS SECTIONS BOOT-ARGS...: one VM; its output
# in LABEL.out.
vm()
{
	local label=$1 timeout=$2 reps=$3 sreps=$4 sections=$5 rc=0
	shift 5
	"$top/tests/vm/boot.sh" --kernel "$KEY" --module "$ko" \
		--payload "$payload" ${peer_args[@]+"${peer_args[@]}"} \
		--logdir "$logs/$label" --timeout "$timeout" \
		--run "/payload/vm-run.sh $KEY $bytes $reps $sreps $window $settle '$buffers' '$sections'" \
		"$@" >"$logs/$label.out" 2>"$logs/$label.err" || rc=$?
	grep -a '^#' "$logs/$label.out" | sed "s/^/vm.sh: $label: /"
	if [ "$rc" -ne 0 ]; then
		echo "vm.sh: $label: VM failed (status $rc; $logs/$label.err):" >&2
		tail -n 5 "$logs/$label.err" >&2
	fi
	echo "vm.sh: $label: $(sed -n 's/^wall_s=//p' "$logs/$label/verdict" 2>/dev/null) s in the VM"
	return "$rc"
}

# table LETTER FILE HEADER: the VMs' rows of one table, after its header.
table()
{
	printf '%s\n' "$3" >"$out/$2"
	cat "$logs"/*.out 2>/dev/null | tr -d '\r' |
		sed -n "s/^$1\t//p" >>"$out/$2"
}

rc=0
vm max-2 $((estimate * 3)) "$reps" "$sreps" "throughput scaling idle" \
	--extra-module virtio_pci --extra-module virtio-rng \
	--qemu "-device virtio-rng-pci" || rc=1
if [ -z "$quick" ]; then
	used=$(sed -n 's/^wall_s=//p' "$logs/max-2/verdict" 2>/dev/null)
	if [ $((${used:-999} + 90)) -le "$estimate" ]; then
		vm qemu64-1 300 2 1 "throughput scaling" --cpu qemu64 --smp 1 || rc=1
	else
		echo "vm.sh: no qemu64 VM: the first VM took ${used:-?} s of the $estimate s budget"
	fi
fi

table T throughput.tsv "$(printf 'kernel\tvcpus\tcpu\tsource\treaders\tbytes\tseconds\tdaemon_cpu_s')"
table S scaling.tsv "$(printf 'kernel\tvcpus\tcpu\tbuffer_kb\treaders\tbytes\tseconds\tdaemon_cpu_s\tstartup_s')"
table I idle.tsv "$(printf 'kernel\tvcpus\tcpu\tdaemon\tseconds\tcpu_s\twakeups\trss_peak_kb\trss_steady_kb')"
for f in throughput scaling idle; do
	echo "vm.sh: $out/$f.tsv: $(($(wc -l <"$out/$f.tsv") - 1)) rows"
done
echo "vm.sh: actual $((SECONDS - start)) s (estimated $estimate s)"
exit "$rc"
