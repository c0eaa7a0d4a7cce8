# SPDX-License-Identifier: GPL-2.0
# tests/lib/tap.sh: TAP helpers of the shell tests (sourced, never run).
#
# The sourcing test sets $tmp to a scratch directory it removes itself and
# prints its own plan ("1..N").  TAP_TAIL lines of a failing command's
# output are shown as TAP comments (default 40).

# shellcheck disable=SC2154 # $tmp is set by the sourcing test
n=0

# ok DESCRIPTION COMMAND...: one test, passed when COMMAND exits 0.
ok()
{
	tap_desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/tap-out" 2>&1; then
		echo "ok $n - $tap_desc"
	else
		echo "not ok $n - $tap_desc"
		tail -n "${TAP_TAIL:-40}" "$tmp/tap-out" | sed 's/^/# /'
	fi
}

# skip REASON: one test, skipped.
skip()
{
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}
