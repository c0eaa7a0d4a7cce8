#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh: the report of one `make bench` run (issue 13).
#
#   scripts/bench/report.sh OUTDIR
#
# Reads every TSV of bench/README.md, "Result files" present in OUTDIR (seed, throughput,
# scaling, idle, host, quality), and run.tsv/sections.tsv written by run.sh
# (when, which commit, each section's status and time), computes median
# and spread (min-max) per group, draws PNG plots with gnuplot into OUTDIR,
# writes OUTDIR/report.md and prints the section table, a summary table
# (medians per group) and every target of the contract as "met", "missed"
# or "not run" with its figure.  Sections may add OUTDIR/logs/SECTION/
# commands.txt: report.md repeats it under "Commands".  A missing
# (or empty) TSV makes its section "not run"; nothing is ever filled in.
# Rates are MiB (2^20 bytes) per second; medians of an even count are the
# mean of the two middle values.
#
# Exit 0 when the report was written (whatever the verdicts), 1 when it
# could not be, 2 on bad usage.  Without gnuplot the tables are still
# written and each figure is marked "not drawn".
# shellcheck disable=SC2016,SC2034 # cols and awk take their programs in single quotes; png_term is lib.sh's
set -u

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
export LC_ALL=C
tab=$'\t'
tmp=$(mktemp -d /tmp/bench-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
md=$tmp/report.md
targets=$tmp/targets	# verdict<TAB>target<TAB>figure<TAB>png
: > "$targets"
: > "$tmp/summary"
png_term=
if command -v gnuplot > /dev/null; then
	if [ -z "$(gnuplot -e 'set terminal pngcairo' 2>&1)" ]; then
		png_term='pngcairo font ",10"'
	else
		png_term=png
	fi
fi

# The helpers and one file per section (scripts/bench/report/).
for f in lib seed throughput scaling idle host quality; do
	# shellcheck source=/dev/null
	. "$top/scripts/bench/report/$f.sh" || exit 1
done

# ------------------------------------------------------------- machine
# run_info KEY: a value run.sh recorded in run.tsv ("unknown" without it).
run_info()
{
	local v
	v=$(awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$out/run.tsv" 2>/dev/null)
	echo "${v:-unknown (no run.tsv)}"
}

machine()
{
	local qemu cpu commit
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	qemu=$(qemu-system-x86_64 --version 2>/dev/null | head -n 1)
	commit=$(awk -F'\t' '$1 == "commit" { print $2 }' "$out/run.tsv" 2>/dev/null)
	[ -n "$commit" ] || commit="$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown) (at report time)"
	echo "| | |"
	echo "|---|---|"
	echo "| run started (UTC) | $(run_info started) |"
	echo "| report written | $(date -u '+%F %T') |"
	echo "| git commit | $commit |"
	echo "| command | $(run_info command) |"
	echo "| nproc | $(nproc) |"
	echo "| CPU | ${cpu:-unknown} |"
	echo "| host kernel | $(uname -r) |"
	echo "| QEMU | ${qemu:-not installed} |"
	echo "| haveged | $(dpkg-query -W -f='${Version}' haveged 2>/dev/null || echo unknown) |"
	echo "| dieharder | $(dpkg-query -W -f='${Version}' dieharder 2>/dev/null || echo unknown) |"
}

sections()
{
	local s st
	for s in seed vm host quality; do
		st=$(awk -F'\t' -v s="$s" -v OFS='\t' '$1 == s { print $2, $3, $4 }' "$out/sections.tsv" 2>/dev/null)
		if [ -z "$st" ]; then
			case $s in
			seed) have seed && st="ran (no sections.tsv)" || st="not run" ;;
			vm) { have throughput || have idle || have scaling; } && st="ran (no sections.tsv)" || st="not run" ;;
			*) have "$s" && st="ran (no sections.tsv)" || st="not run" ;;
			esac
			st="$st${tab}NA${tab}NA"
		fi
		printf '%s\t%s\n' "$s" "$st"
	done
}

{
	echo "# havege-hwrng benchmark report"
	echo
	echo "Written by \`scripts/bench/report.sh\` from the TSV files in this directory"
	echo "(one \`make bench\` run; every figure and ratio comes from this run)."
	echo "How to read it: [bench/README.md](../../README.md)."
	echo
	machine
	echo
	echo "## Sections"
	echo
	sections | table section status "seconds" "budget, s"
	echo
} > "$md"
sec_seed
sec_throughput
sec_scaling
sec_idle
sec_host
sec_quality

{
	echo "## Summary"
	echo
	echo "Medians; the sections below give the spreads."
	echo
	if [ -s "$tmp/summary" ]; then
		table section group figure < "$tmp/summary"
	else
		echo "Nothing was measured."
	fi
	echo
	echo "## Targets"
	echo
	awk -F'\t' -v OFS='\t' '{ print $2, "**" $1 "**", $3, ($4 == "" ? "" : "[" $4 "](" $4 ")") }' "$targets" |
		table target verdict figure plot
	echo
	echo "## Commands"
	echo
	echo "Each section's scripts wrote the commands they ran into"
	echo "logs/SECTION/commands.txt; they are repeated here."
	for s in seed vm host quality; do
		if [ ! -s "$out/logs/$s/commands.txt" ]; then
			[ ! -d "$out/logs/$s" ] ||
				printf '\n### %s\n\nNo commands.txt: see scripts/bench/%s.sh and logs/%s/.\n' "$s" "$s" "$s"
			continue
		fi
		echo
		echo "### $s"
		echo
		echo '```'
		awk '!seen[$0]++' "$out/logs/$s/commands.txt" | sed "s|$top/||g"
		echo '```'
	done
} >> "$md"

# The targets go first in report.md, after the machine and sections.
awk '/^## Time to seed$/ { exit } { print }' "$md" > "$tmp/head.md"
awk '/^## Summary$/ { on = 1 } /^## Commands$/ { on = 0 } on' "$md" > "$tmp/targets.md"
awk '/^## Time to seed$/ { on = 1 } /^## Summary$/ { on = 0 } on' "$md" > "$tmp/body.md"
awk '/^## Commands$/ { on = 1 } on' "$md" > "$tmp/tail.md"
cat "$tmp/head.md" "$tmp/targets.md" "$tmp/body.md" "$tmp/tail.md" > "$out/report.md" || exit 1

echo "== bench report: $out/report.md"
sections | awk -F'\t' '{ printf "%-8s %-24s %8s s (budget %s s)\n", $1, $2, $3, $4 }'
echo "== summary (medians)"
awk -F'\t' '{ printf "%-10s %-34s %s\n", $1, $2, $3 }' "$tmp/summary"
echo "== targets"
awk -F'\t' '{ printf "%-8s %s: %s%s\n", $1, $2, $3, ($4 == "" ? "" : " [" $4 "]") }' "$targets"
