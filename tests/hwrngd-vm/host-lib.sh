# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154 # $top, $key, $work: the sourcing test's
#
# Host side of tests/hwrngd-vm-asan.t and tests/hwrngd-soak.t (sourced,
# never run): TAP numbering and the relay of one guest's TAP.  The sourcing
# test sets $top, $work (its build directory) and $key (the kernel) and prints
# its own plan from $n.

n=0

# result STATUS DESCRIPTION: one test, passed when STATUS is 0.
result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - [$key] $2"
	else
		echo "not ok $n - [$key] $2"
	fi
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

# report LABEL: the VM's TAP renumbered (comments pass through), then
# its verdict: boot.sh's status (the guest's, a clean stop, no oops, WARN
# or BUG in the console); the guest's plan must match its results.
report()
{
	local label=$1 line plan=0 seen=0
	while IFS= read -r line; do
		case $line in
		"ok "*" # SKIP"*) result 0 "$label: # SKIP ${line#*# SKIP}"; seen=$((seen + 1)) ;;
		"ok "*) result 0 "$label: ${line#ok [0-9]* - }"; seen=$((seen + 1)) ;;
		"not ok "*) result 1 "$label: ${line#not ok [0-9]* - }"; seen=$((seen + 1)) ;;
		1..*) plan=${line#1..} ;;
		*) echo "$line" ;;
		esac
	done <"$work/$label.tap"
	sed 's/^/# /' "$work/$label.err"
	[ "$plan" -gt 0 ] && [ "$seen" -eq "$plan" ]
	result $? "$label: the guest ran its whole plan ($seen of $plan)"
	result "$(cat "$work/$label.rc")" \
		"$label: VM stopped cleanly, guest status 0, console clean (logs: $work/$label)"
}
