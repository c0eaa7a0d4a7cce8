#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: a bounded libFuzzer run of every target of tests/fuzz/ (mk/fuzz.mk):
# each is built with clang, ASan and UBSan, and fuzzed FUZZ_CHECK_TIME
# seconds (default 15) starting from its seed corpus tests/fuzz/corpus/NAME
# (new inputs go to a scratch copy, the repository's corpus is only read).
# A crash, a leak, a sanitizer report, a broken invariant or a timeout
# fails the test; the crashing input is shown in hex.  The executions of
# each target are printed as a TAP comment.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in
/*) fbuild=$build/fuzz ;;
*) fbuild=$top/$build/fuzz ;;
esac
secs=${FUZZ_CHECK_TIME:-15}
tmp=$(mktemp -d /tmp/fuzz-t.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

targets=
for f in "$top"/tests/fuzz/fuzz_*.c; do
	f=${f##*/fuzz_}
	targets="$targets ${f%.c}"
done
echo "1..$(($(echo "$targets" | wc -w) + 1))"
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
if make --no-print-directory -C "$top" BUILD="$build" fuzz-build \
	>"$tmp/build" 2>&1; then
	tap_result 0 "fuzz targets built (clang -fsanitize=fuzzer,address,undefined)"
	built=1
else
	tap_result 1 "fuzz targets built"
	tail -n 30 "$tmp/build" | sed 's/^/# /'
	built=0
fi

for t in $targets; do
	if [ "$built" = 0 ]; then
		tap_result 1 "fuzz_$t" "not built"
		continue
	fi
	mkdir -p "$tmp/corpus-$t"
	# the option parser also starts from the haveged comparison table
	if [ "$t" = config ]; then
		seeds=$("$top/tests/cli/table-seeds.sh" "$tmp/corpus-$t")
		echo "# fuzz_config: $seeds seeds from tests/cli/haveged-options.tsv"
	fi
	# -timeout: one input; -rss_limit_mb: the largest target (ais31's
	# long streams) stays far below it.
	if nice "$fbuild/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$tmp/$t-" \
		"$tmp/corpus-$t" "$top/tests/fuzz/corpus/$t" >"$tmp/log-$t" 2>&1
	then
		runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$tmp/log-$t")
		cov=$(sed -n 's/.*DONE *cov: \([0-9]*\) ft: \([0-9]*\) corp: \([^ ]*\).*/cov \1, features \2, corpus \3/p' "$tmp/log-$t")
		tap_result 0 "fuzz_$t: $runs"
		echo "# fuzz_$t: $runs ($cov)"
	else
		tap_result 1 "fuzz_$t"
		grep -E 'ERROR|SUMMARY|runtime error|invariant|#[0-9]+ +in ' \
			"$tmp/log-$t" | head -n 30 | sed 's/^/# /'
		for a in "$tmp/$t-"*; do
			[ -f "$a" ] || continue
			echo "# input $(basename "$a"):"
			od -An -tx1 "$a" | head -n 8 | sed 's/^/#  /'
			mkdir -p "$fbuild/artifacts"
			cp "$a" "$fbuild/artifacts/"
			echo "# kept as $fbuild/artifacts/$(basename "$a")"
		done
	fi
done
