# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154 # $top, $key, $work: the sourcing test's
#
# Host side of tests/hwrngd-vm-asan.t and tests/hwrngd-soak.t (sourced,
# never run): running one VM and relaying its TAP with tests/lib/tap.sh.  The sourcing
# test sets $top, $work (its build directory) and $key (the kernel) and prints
# its own plan from $n.

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
TAP_PREFIX="[$key] "

# result STATUS DESCRIPTION: one test, passed when STATUS is 0.
result()
{
	tap_result "$@" || true
}

# run_vm LABEL SCRIPT_ARGS TIMEOUT BOOT_ARGS...: one VM running
# /payload/SCRIPT_ARGS; its TAP, stderr and boot.sh status are kept in
# $work/LABEL.{tap,err,rc}.
run_vm()
{
	local label=$1 run=$2 timeout=$3
	shift 3
	"$top/tests/vm/boot.sh" --kernel "$key" --payload "$work/payload" \
		--run "/payload/$run" --timeout "$timeout" \
		--logdir "$work/$label" "$@" \
		>"$work/$label.tap" 2>"$work/$label.err"
	echo $? >"$work/$label.rc"
}

# report LABEL: the VM's TAP relayed and renumbered (tests/lib/tap.sh:
# plans checked, comments pass through), then its verdict: boot.sh's
# status (the guest's, a clean stop, no oops, WARN or BUG in the console).
report()
{
	local label=$1
	relay_guest_tap "$label" <"$work/$label.tap"
	sed 's/^/# /' "$work/$label.err"
	result "$(cat "$work/$label.rc")" \
		"$label: VM stopped cleanly, guest status 0, console clean (logs: $work/$label)"
}
