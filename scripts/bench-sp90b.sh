#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-sp90b.sh: havege-ais31 --sp800-90b against NIST's ea_non_iid on
# the same files, in one run, alternating (NIST, ours, NIST, ours, ...) so
# that a shared machine's load hits both alike.  Per file and tool: the
# median over the runs of wall seconds and of CPU seconds (user + sys),
# and NIST's time over ours (> 1: we are faster).  Both tools are
# single-threaded (ea_non_iid's non-IID path has no OpenMP section).
#
#   bench-sp90b.sh [-r RUNS] EA_NON_IID HAVEGE-AIS31 FILE:BITS...
set -eu

runs=3
if [ "${1:-}" = -r ]; then
	runs=$2
	shift 2
fi
[ $# -ge 3 ] || { echo "usage: $0 [-r RUNS] EA_NON_IID HAVEGE-AIS31 FILE:BITS..." >&2; exit 2; }
nist=$1
ais=$2
shift 2
tmp=$(mktemp -d /tmp/bench-sp90b.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-14s %10s %10s %10s %10s %8s %8s\n' file nist-wall ours-wall \
	nist-cpu ours-cpu wall-x cpu-x
for x in "$@"; do
	f=${x%:*}
	b=${x#*:}
	: >"$tmp/nist"
	: >"$tmp/ours"
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" "$nist" -q "$f" "$b" >/dev/null 2>&1 || true
		cat "$tmp/t" >>"$tmp/nist"
		/usr/bin/time -f '%e %U %S' -o "$tmp/t" "$ais" --sp800-90b --short --bits "$b" "$f" >/dev/null
		cat "$tmp/t" >>"$tmp/ours"
		i=$((i + 1))
	done
	nw=$(awk '{ print $1 }' "$tmp/nist" | median)
	ow=$(awk '{ print $1 }' "$tmp/ours" | median)
	nc=$(awk '{ print $2 + $3 }' "$tmp/nist" | median)
	oc=$(awk '{ print $2 + $3 }' "$tmp/ours" | median)
	printf '%-14s %10.2f %10.2f %10.2f %10.2f %8.2f %8.2f\n' \
		"$(basename "$f")" "$nw" "$ow" "$nc" "$oc" \
		"$(echo "$nw $ow" | awk '{ print $1 / $2 }')" \
		"$(echo "$nc $oc" | awk '{ print $1 / $2 }')"
done
