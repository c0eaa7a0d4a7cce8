#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# quality.sh: statistical quality of the daemon's output beside Debian's
# haveged's, both made in this run (section "quality" of `make bench`).
#
#   scripts/bench/quality.sh [--quick] OUTDIR
#
# 1. SIZE of output of each generator into a scratch file (full 256M,
#    --quick 16M): `havege-hwrngd -n SIZE -f F` (default tests, tabcab)
#    and `haveged -n SIZE -f F` (its default, ta8b).
# 2. ent on each file: `ent -t` (CSV: entropy, mean, Monte Carlo pi, serial
#    correlation) and plain `ent` for its chi-square p (percent); chisq_p
#    verdict pass when 0.01 <= p <= 0.99, ent's own rule of thumb.
# 3. havege-ais31 -A -B on each disjoint 2 MiB block of each file (enough
#    for a run and its retry of either procedure, so no bit is read twice):
#    counts of passed and failed blocks, verdict pass when none failed.
# 4. dieharder on fresh streams (`-g 200`, raw stdin; never a file, whose
#    rewinds make tests fail: docs/collector.md), the two generators in
#    parallel, one per core, both with start-up tests only (`-o ta8b`,
#    haveged's default; the continuous tests of ours only withhold bytes,
#    and would halve its stream rate, the bottleneck here):
#      full:  GEN -n 0 -o ta8b -f - | timeout DH_TIME dieharder -a -g 200
#             -a at its default settings, stopped after DH_TIME (default
#             210 s): the first results of -a's fixed order, counted over
#             the results BOTH generators completed (stated in
#             commands.txt and the report).  Not -m 0.1 for more tests:
#             with 10 p-values dieharder's final KS p-value leans to 1
#             (here 10-12% of sts_monobit runs above 0.995 against 3% with
#             the default 100), so WEAK and even FAILED come by chance.
#      quick: GEN -n 0 -o ta8b -f - | dieharder -g 200 -d N for a handful of fast
#             tests (QUICK_TESTS below), default psamples.
#
# Output: OUTDIR/quality.tsv (generator test statistic value verdict, see
# bench/README.md, "Result files"), OUTDIR/logs/quality/ (commands.txt, ent and ais31 and
# dieharder outputs).  Exit 1 if a step failed, 2 on bad usage.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
quick=0
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--quick] OUTDIR" >&2; exit 2; }
out=$1
bin=${HBUILD:-$top/build/native}
ours=$bin/havege-hwrngd
ais31=$bin/havege-ais31
peer=$(command -v haveged || echo /usr/sbin/haveged)
for f in "$ours" "$ais31" "$peer"; do
	[ -x "$f" ] || { echo "quality: $f missing (make helper; make deps)" >&2; exit 1; }
done
for f in ent dieharder timeout; do
	command -v "$f" > /dev/null || { echo "quality: $f missing (make deps)" >&2; exit 1; }
done

# Quick dieharder tests (about 10 s in all here): diehard_birthdays,
# diehard_bitstream, diehard_count_1s_str, sts_monobit, rgb_bitdist (2-bit),
# as "-d N[:NTUPLE]".
QUICK_TESTS="0 4 8 100 200:2"
DH_TIME=${DH_TIME:-210}
if [ "$quick" = 1 ]; then
	size=16M
else
	size=256M
fi
block=2097152
logs=$out/logs/quality
mkdir -p "$logs"
tmp=$(mktemp -d /tmp/bench-quality.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
tsv=$out/quality.tsv
printf 'generator\ttest\tstatistic\tvalue\tverdict\n' > "$tsv"
: > "$logs/commands.txt"
failed=0

cmd()
{
	printf '%s\n' "$*" >> "$logs/commands.txt"
}

# gen NAME: the command line of generator NAME (havege-hwrngd | haveged).
gen()
{
	case $1 in
	havege-hwrngd) echo "$ours" ;;
	haveged) echo "$peer" ;;
	esac
}

# ent_rows NAME FILE: the ent rows of quality.tsv.
ent_rows()
{
	cmd "ent -t $2; ent $2"
	if ! ent -t "$2" > "$logs/$1.ent.csv" || ! ent "$2" > "$logs/$1.ent.txt"; then
		echo "quality: ent failed on $1" >&2
		return 1
	fi
	awk -F, -v g="$1" '
	FILENAME ~ /csv$/ && $1 == 1 {
		e = $3; m = $5; pi = $6; s = $7
		pe = 100 * (pi - 3.14159265358979) / 3.14159265358979
		if (pe < 0) pe = -pe
	}
	FILENAME ~ /txt$/ && /exceed this value/ {
		for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) p = $i / 100
		if (/less than/) p = 0
		if (/more than/) p = 1
	}
	END {
		if (e == "" || p == "") exit 1
		printf "%s\tent\tentropy_bpb\t%.6f\tNA\n", g, e
		printf "%s\tent\tchisq_p\t%.4f\t%s\n", g, p,
			(p >= 0.01 && p <= 0.99) ? "pass" : "fail"
		printf "%s\tent\tmean\t%.4f\tNA\n", g, m
		printf "%s\tent\tpi_err_pct\t%.4f\tNA\n", g, pe
		printf "%s\tent\tserial_corr\t%.6f\tNA\n", g, s
	}' FS=', *' "$logs/$1.ent.csv" FS=' ' "$logs/$1.ent.txt" >> "$tsv"
}

# ais_blocks NAME FILE: procedures A and B on each 2 MiB block, one line
# "procA|procB pass|fail" per block and procedure into $tmp/NAME.ais.
ais_blocks()
{
	local i nblk
	nblk=$(($(stat -c %s "$2") / block))
	cmd "for i in 0..$((nblk - 1)): dd if=$2 bs=$block skip=\$i count=1 | havege-ais31 -A -B -"
	for i in $(seq 0 $((nblk - 1))); do
		echo "# block $i"
		dd if="$2" bs="$block" skip="$i" count=1 status=none |
			nice "$ais31" -A -B -
	done > "$logs/$1.ais31.txt" 2>&1
}

ais_rows()
{
	awk -v g="$1" '
	/^procA / { n["A", $NF]++; seen["A"] = 1 }
	/^procB / { n["B", $NF]++; seen["B"] = 1 }
	END {
		for (t = 0; t < 2; t++) {
			p = t ? "B" : "A"
			if (!seen[p]) exit 1
			v = n[p, "fail"] ? "fail" : "pass"
			printf "%s\tais31-%s\tpassed\t%d\t%s\n", g, p, n[p, "pass"], v
			printf "%s\tais31-%s\tfailed\t%d\t%s\n", g, p, n[p, "fail"], v
		}
	}' "$logs/$1.ais31.txt" >> "$tsv" || {
		echo "quality: havege-ais31 gave no verdict on $1" >&2
		return 1
	}
}

# dh_run NAME: dieharder on a stream of NAME's output -> logs/NAME.dieharder
dh_run()
{
	local g t d nt
	g=$(gen "$1")
	if [ "$quick" = 0 ]; then
		"$g" -n 0 -o ta8b -f - 2> "$logs/$1.dh-gen.err" |
			timeout "$DH_TIME" stdbuf -oL nice dieharder -a -g 200 \
			> "$logs/$1.dieharder" 2>&1
		return 0
	fi
	: > "$logs/$1.dieharder"
	for t in $QUICK_TESTS; do
		d=${t%%:*}
		nt=
		[ "$d" = "$t" ] || nt="-n ${t#*:}"
		# shellcheck disable=SC2086 # $nt: no word or two words
		"$g" -n 0 -o ta8b -f - 2>> "$logs/$1.dh-gen.err" |
			nice dieharder -g 200 -d "$d" $nt >> "$logs/$1.dieharder" 2>&1
	done
}

# dh_rows: PASSED/WEAK/FAILED counts over the result lines both runs have
# (the first min(n_ours, n_haveged) of -a's fixed order).
dh_rows()
{
	local a=$logs/havege-hwrngd.dieharder b=$logs/haveged.dieharder pat na nb n
	pat='^ *[a-z0-9_]+\|.*\| *(PASSED|WEAK|FAILED) *$'
	na=$(grep -Ec "$pat" "$a")
	nb=$(grep -Ec "$pat" "$b")
	n=$((na < nb ? na : nb))
	echo "dieharder: havege-hwrngd $na results, haveged $nb; comparing the first $n" |
		tee -a "$logs/commands.txt"
	[ "$n" -gt 0 ] || { echo "quality: dieharder gave no result" >&2; return 1; }
	for g in havege-hwrngd haveged; do
		grep -E "$pat" "$logs/$g.dieharder" | head -n "$n" |
			awk -F'|' -v g="$g" '
			{ v = $NF; gsub(/ /, "", v); c[v]++ }
			END {
				printf "%s\tdieharder\tpassed\t%d\tNA\n", g, c["PASSED"]
				printf "%s\tdieharder\tweak\t%d\tNA\n", g, c["WEAK"]
				printf "%s\tdieharder\tfailed\t%d\tNA\n", g, c["FAILED"]
			}' >> "$tsv"
	done
}

start=$(date +%s)
if [ "$quick" = 1 ]; then
	echo "quality: $size per generator, ent, AIS 31 A+B per 2 MiB block, dieharder tests $QUICK_TESTS (estimate: 40 s)"
else
	echo "quality: $size per generator, ent, AIS 31 A+B per 2 MiB block, dieharder -a for ${DH_TIME} s (estimate: $((DH_TIME + 90)) s)"
fi
for g in havege-hwrngd haveged; do
	cmd "$(gen "$g") -n $size -f $tmp/$g.bin"
	nice "$(gen "$g")" -n "$size" -f "$tmp/$g.bin" > /dev/null 2> "$logs/$g.gen.err" || {
		echo "quality: $g -n $size failed" >&2
		cat "$logs/$g.gen.err" >&2
		failed=1
	}
done
for g in havege-hwrngd haveged; do
	[ -s "$tmp/$g.bin" ] || continue
	ent_rows "$g" "$tmp/$g.bin" || failed=1
	ais_blocks "$g" "$tmp/$g.bin" &
done
wait
for g in havege-hwrngd haveged; do
	[ -s "$tmp/$g.bin" ] || continue
	ais_rows "$g" || failed=1
	rm -f "$tmp/$g.bin"
done
echo "quality: ent and AIS 31 done after $(($(date +%s) - start)) s"

if [ "$quick" = 1 ]; then
	cmd "GEN -n 0 -o ta8b -f - | dieharder -g 200 -d N [-n NTUPLE], for -d N[:NTUPLE] in $QUICK_TESTS   (GEN = havege-hwrngd, haveged; in parallel)"
else
	cmd "GEN -n 0 -o ta8b -f - | timeout $DH_TIME dieharder -a -g 200   (GEN = havege-hwrngd, haveged; in parallel)"
fi
dh_run havege-hwrngd &
dh_run haveged &
wait
dh_rows || failed=1
echo "quality: $(($(wc -l < "$tsv") - 1)) rows in $(($(date +%s) - start)) s -> $tsv"
exit "$failed"
