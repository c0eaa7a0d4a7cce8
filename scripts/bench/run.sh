#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: one `make bench` run (issue 13): the sections seed, vm, host and
# quality in this order, each timed, then the report.
#
#   scripts/bench/run.sh [--quick] OUTDIR
#
# Each section is scripts/bench/SECTION.sh [--quick] OUTDIR (see
# bench/README.md, "Result files"); its console output also goes to OUTDIR/logs/SECTION.log.
# A section that fails is marked failed and the run goes on; a section
# whose script does not exist is "not run".  Writes OUTDIR/run.tsv (when,
# commit, command) and OUTDIR/sections.tsv (section status seconds
# budget_s), then runs scripts/bench/report.sh OUTDIR, which writes
# OUTDIR/report.md and prints the summary.  Exit 1 if a section or the
# report failed, 2 on bad usage.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
quick=
if [ "${1:-}" = --quick ]; then
	quick=--quick
	shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--quick] OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out/logs" || exit 1

# budget SECTION: seconds allowed, so that the whole run stays under 30 min
# (quick: 5 min) on 2 cores, as issue 13 asks.
budget()
{
	if [ -n "$quick" ]; then
		case $1 in seed) echo 120 ;; vm) echo 90 ;; host) echo 25 ;; quality) echo 35 ;; esac
	else
		case $1 in seed) echo 900 ;; vm) echo 360 ;; host) echo 180 ;; quality) echo 300 ;; esac
	fi
}

now()
{
	date +%s.%N
}

commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$top" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
{
	printf 'key\tvalue\n'
	printf 'started\t%s\n' "$(date -u '+%F %T')"
	printf 'commit\t%s\n' "$commit"
	printf 'command\t%s\n' "scripts/bench/run.sh${quick:+ $quick} $out (make bench${quick:+ QUICK=1})"
} > "$out/run.tsv"
printf 'section\tstatus\tseconds\tbudget_s\n' > "$out/sections.tsv"

failed=0
total=0
for s in seed vm host quality; do
	b=$(budget "$s")
	total=$((total + b))
	if [ ! -x "$here/$s.sh" ]; then
		echo "== bench: section $s: not run (no scripts/bench/$s.sh)"
		printf '%s\tnot run (no script)\tNA\t%s\n' "$s" "$b" >> "$out/sections.tsv"
		continue
	fi
	echo "== bench: section $s (budget $b s), started $(date -u +%T)"
	t0=$(now)
	# shellcheck disable=SC2086 # $quick: no word or one
	"$here/$s.sh" $quick "$out" 2>&1 | tee "$out/logs/$s.log"
	rc=${PIPESTATUS[0]}
	secs=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
	st=ok
	if [ "$rc" -ne 0 ]; then
		st="failed (exit $rc)"
		failed=1
	fi
	over=$(awk -v t="$secs" -v b="$b" 'BEGIN { if (t > b) print ", over budget" }')
	echo "== bench: section $s: $st in $secs s (budget $b s$over)"
	printf '%s\t%s%s\t%s\t%s\n' "$s" "$st" "$over" "$secs" "$b" >> "$out/sections.tsv"
done
printf 'finished\t%s\n' "$(date -u '+%F %T')" >> "$out/run.tsv"

"$here/report.sh" "$out" || failed=1
[ "$failed" -eq 0 ] || echo "== bench: a section failed (see sections above and $out/logs)"
exit "$failed"
