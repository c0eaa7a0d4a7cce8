#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# table-seeds.sh DIR: every option line of tests/cli/haveged-options.tsv
# as an input of the option parser's fuzz target (tests/fuzz/fuzz_config.c:
# the arguments separated by NUL bytes), written to DIR/table-NN, so the
# table that compares havege-hwrngd with haveged also seeds the fuzzer.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: table-seeds.sh DIR" >&2; exit 2; }
table=$(dirname "$0")/haveged-options.tsv
mkdir -p "$1"
i=0
while IFS=$'\t' read -r kind _ words _; do
	case $kind in
	same | diff) ;;
	*) continue ;;
	esac
	args=()
	eval "args=($words)"
	i=$((i + 1))
	# NUL-separated, without a trailing NUL (the target adds the end)
	printf '%s\0' "${args[@]}" | head -c -1 >"$1/table-$(printf %02d "$i")"
done <"$table"
echo "$i"
