#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# host.sh: the daemon's output mode against Debian's haveged on this host,
# by CPU time, in one run (section "host" of `make bench`, issue 13).
#
#   scripts/bench/host.sh [--quick] OUTDIR
#
# Modes (every run writes SIZE bytes to /dev/null; conditioned: SIZE/640
# conditioned bytes, i.e. about SIZE tested bytes hashed):
#   raw          havege-hwrngd -n SIZE -o ta8b  vs  haveged -n SIZE -o ta8b
#                (start-up tests only: haveged's default for -n)
#   ab           havege-hwrngd -n SIZE -o ca8b  vs  haveged -n SIZE -o tca8b
#                (continuous procedures A, T5 in every 8th round, and B)
#   conditioned  havege-hwrngd -n SIZE/640 --condition (ours only)
# Each run is timed by /usr/bin/time (wall, user+system CPU, peak RSS); REPS
# repetitions, ours and haveged alternating, the order swapped every other
# repetition so load changes hit both.  Full: 64M x 5 (about 1-2 min);
# --quick: 16M x 3 (about 10-20 s).
#
# Output: OUTDIR/host.tsv (program mode bytes wall_s cpu_s max_rss_kb, see
# bench/README.md, "Result files"), OUTDIR/logs/host/ (commands.txt, each run's stderr).
# HBUILD selects the build directory (default build/native).  Exit 1 if a
# run failed (its row is missing), 2 on bad usage.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
quick=0
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--quick] OUTDIR" >&2; exit 2; }
out=$1
ours=${HBUILD:-$top/build/native}/havege-hwrngd
peer=$(command -v haveged || echo /usr/sbin/haveged)
for f in "$ours" "$peer" /usr/bin/time; do
	[ -x "$f" ] || { echo "host: $f missing (make helper; make deps)" >&2; exit 1; }
done

if [ "$quick" = 1 ]; then
	size=16M reps=3
else
	size=64M reps=5
fi
bytes=$(numfmt --from=iec "$size")
cbytes=$((bytes / 640))
logs=$out/logs/host
mkdir -p "$logs"
tsv=$out/host.tsv
printf 'program\tmode\tbytes\twall_s\tcpu_s\tmax_rss_kb\n' > "$tsv"
echo "# each: /usr/bin/time -f '%e %U %S %M' nice CMD > /dev/null; $reps repetitions, ours and haveged alternating" \
	> "$logs/commands.txt"
failed=0

# run PROGRAM MODE BYTES CMD...: one timed run, one row of host.tsv.
run()
{
	local prog=$1 mode=$2 n=$3 tag
	shift 3
	tag=$prog.$mode.$rep
	printf '%s\n' "$*" >> "$logs/commands.txt"
	if ! /usr/bin/time -f '%e %U %S %M' -o "$logs/$tag.time" \
		nice "$@" > /dev/null 2> "$logs/$tag.err"; then
		echo "host: failed: $*" >&2
		tail -n 5 "$logs/$tag.err" >&2
		failed=1
		return
	fi
	awk -v p="$prog" -v m="$mode" -v n="$n" '
	NF == 4 { printf "%s\t%s\t%s\t%.3f\t%.3f\t%d\n", p, m, n, $1, $2 + $3, $4 }
	' "$logs/$tag.time" >> "$tsv"
}

pair()
{
	if [ $((rep % 2)) -eq 1 ]; then
		run havege-hwrngd "$1" "$bytes" "$ours" -n "$size" -o "$2" -f /dev/null
		run haveged "$1" "$bytes" "$peer" -n "$size" -o "$3" -f /dev/null
	else
		run haveged "$1" "$bytes" "$peer" -n "$size" -o "$3" -f /dev/null
		run havege-hwrngd "$1" "$bytes" "$ours" -n "$size" -o "$2" -f /dev/null
	fi
}

echo "host: $reps x {raw, ab, conditioned}, $size per run (estimate: $((reps * 5 * bytes / 33554432)) s when the host is busy)"
start=$(date +%s)
for rep in $(seq 1 "$reps"); do
	pair raw ta8b ta8b
	pair ab ca8b tca8b
	run havege-hwrngd conditioned "$cbytes" "$ours" -n "$cbytes" --condition -f /dev/null
done
echo "host: $(($(wc -l < "$tsv") - 1)) runs in $(($(date +%s) - start)) s -> $tsv"
exit "$failed"
