#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest entry point of the havege_hwrng selftests (POSIX sh / busybox ash).
# Runs the test programs next to this script in their required order and
# prints ONE flat TAP stream on stdout: each program's results renumbered
# into a common sequence (prefixed with the program name), its own header
# and plan turned into comments, and the plan printed last.  A program that
# crashes, times out or reports fewer results than it planned adds a
# "not ok" line of its own.
#
# Environment: HAVEGE_KO (module file; /lib/modules/havege_hwrng.ko if unset
# and present), HAVEGE_KO_PARAMS (its parameters), HAVEGE_SELFTESTS (the
# programs to run, in order).  Without a module the tests report SKIP.

cd "$(dirname "$0")" || exit 1
if [ -z "${HAVEGE_KO:-}" ] && [ -e /lib/modules/havege_hwrng.ko ]; then
	HAVEGE_KO=/lib/modules/havege_hwrng.ko
fi
[ -n "${HAVEGE_KO:-}" ] && export HAVEGE_KO
# crng_test first: it needs a CRNG that nothing else has seeded yet;
# robust_test unloads and reloads the module; verify_test needs no device;
# race_test may crash a kernel with a racy hw_random core, so it is last
tests=${HAVEGE_SELFTESTS:-"crng_test dev_test reg_test data_test feeder_test robust_test params_test fuzz_test verify_test stress_test race_test"}
state=${TMPDIR:-/tmp}/havege_selftests.$$
mkdir -p "$(dirname "$state")"
limit=900
if command -v timeout >/dev/null 2>&1; then
	with_timeout="timeout $limit"
else
	with_timeout=
fi

# Renumber one program's TAP; leave "count failures" in $state.
retap() {
	awk -v base="$1" -v prog="$2" -v state="$3" '
	/^TAP version/ || /^1\.\.[0-9]+/ {
		if ($0 ~ /^1\./)
			plan = substr($0, 4) + 0
		print "# " prog ": " $0
		fflush()
		next
	}
	/^__rc=/ { rc = substr($0, 6) + 0; next }
	/^(not )?ok [0-9]+/ {
		bad = ($0 ~ /^not ok/)
		rest = substr($0, bad ? 8 : 4)
		sub(/^[0-9]+ ?/, "", rest)
		count++
		fails += bad
		sep = (rest ~ /^#/) ? " " : ": "
		print (bad ? "not ok " : "ok ") base + count " " prog sep rest
		fflush()
		next
	}
	{ print; fflush() }
	END {
		if (rc != 0 && rc != 4 && fails == 0) {
			count++
			fails++
			print "not ok " base + count " " prog \
			      ": exited with status " rc
		} else if (count < plan) {
			count++
			fails++
			print "not ok " base + count " " prog ": only " \
			      count - 1 " of " plan " results"
		}
		print count, fails > state
	}'
}

echo "TAP version 13"
echo "# havege_hwrng selftests on $(uname -r)"
total=0
failed=0
for t in $tests; do
	if [ ! -x "./$t" ]; then
		total=$((total + 1))
		failed=$((failed + 1))
		echo "not ok $total $t: missing"
		continue
	fi
	t0=$(cut -d ' ' -f 1 /proc/uptime)
	echo "# running $t (uptime $t0 s)"
	{ $with_timeout "./$t" 2>&1; echo "__rc=$?"; } |
		retap "$total" "$t" "$state"
	echo "# $t took $(awk -v t0="$t0" '{ printf "%.1f", $1 - t0 }' /proc/uptime) s"
	read -r count fails < "$state" || { count=0; fails=1; }
	total=$((total + count))
	failed=$((failed + fails))
done
rm -f "$state"
echo "1..$total"
echo "# havege_hwrng selftests: $failed of $total failed"
[ "$failed" -eq 0 ]
