# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# tests/lib/tap.sh: the TAP helpers of every shell test (sourced, never
# run).  POSIX sh, so the same file serves the host's tests (bash or sh)
# and the guests' scripts (busybox ash: tests/vm/boot.sh puts it into
# every VM as /lib/vm-tap.sh).
#
# The sourcing script prints its own plan ("1..N", before or after its
# results: $n is the count so far) and may end with [ "$fails" -eq 0 ].
# TAP_PREFIX is put before every description (tests/vm/matrix.sh: "[KEY] ").
# The command form (ok) keeps the command's output in $tmp/tap-out ($tmp:
# a scratch directory of the sourcing test) and shows its last TAP_TAIL
# lines (default 40) as TAP comments when it fails.

# shellcheck disable=SC2034 # n and fails are read by the sourcing scripts
n=0
fails=0

# tap_result STATUS DESCRIPTION [DIRECTIVE]: one test, passed when STATUS
# is 0; DIRECTIVE is "SKIP reason" or "TODO reason" (a failing TODO does
# not count in $fails).  Returns STATUS.
tap_result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - ${TAP_PREFIX:-}$2${3:+ # $3}"
		return 0
	fi
	echo "not ok $n - ${TAP_PREFIX:-}$2${3:+ # $3}"
	case ${3:-} in
	[Tt][Oo][Dd][Oo]*) ;;
	*) fails=$((fails + 1)) ;;
	esac
	return "$1"
}

# ok DESCRIPTION COMMAND...: one test, passed when COMMAND exits 0.
ok()
{
	tap_desc=$1
	shift
	tap_rc=0
	# shellcheck disable=SC2154 # $tmp is the sourcing test's
	"$@" >"$tmp/tap-out" 2>&1 || tap_rc=$?
	tap_result "$tap_rc" "$tap_desc" ||
		tail -n "${TAP_TAIL:-40}" "$tmp/tap-out" | sed 's/^/# /'
	return "$tap_rc"
}

# is STATUS PATTERN COMMAND...: one test, passed when COMMAND exits with
# STATUS and a line of its output (stdout and stderr, kept in $tmp/tap-out)
# matches the extended regular expression PATTERN.
is()
{
	tap_want=$1
	tap_pat=$2
	shift 2
	tap_rc=0
	"$@" >"$tmp/tap-out" 2>&1 || tap_rc=$?
	if [ "$tap_rc" = "$tap_want" ] && grep -Eq -- "$tap_pat" "$tmp/tap-out"; then
		tap_result 0 "$* -> $tap_rc, /$tap_pat/"
		return
	fi
	tap_result 1 "$* -> $tap_rc (want $tap_want), /$tap_pat/"
	head -n "${TAP_TAIL:-40}" "$tmp/tap-out" | sed 's/^/# /'
	return 1
}

# skip REASON: one test, skipped.
skip()
{
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

# relay_guest_tap LABEL: a child's (a guest's) TAP on stdin, renumbered
# into this stream as "LABEL: name".  A plan ("1..N") before any result
# opens a section, one after results closes it (a trailing plan); each
# section's result count is checked against its plan, and at least one
# plan and one result must come.  Comments and other lines pass through
# as comments, "# SKIP"/"# TODO" directives stay directives.
relay_guest_tap()
{
	tap_label=$1
	tap_plan=-1
	tap_seen=0
	tap_sections=0
	tap_total=0
	while IFS= read -r tap_line; do
		case $tap_line in
		"ok "[0-9]* | "not ok "[0-9]*)
			tap_seen=$((tap_seen + 1))
			tap_total=$((tap_total + 1))
			tap_rest=${tap_line#not }
			tap_rest=${tap_rest#ok }
			tap_rest=${tap_rest#"${tap_rest%%[!0-9]*}"}
			tap_rest=${tap_rest# }
			tap_rest=${tap_rest#- }
			case $tap_line in
			"not ok"*) tap_relay_result 1 "$tap_label: $tap_rest" ;;
			*) tap_relay_result 0 "$tap_label: $tap_rest" ;;
			esac
			;;
		1..[0-9]*)
			tap_count=${tap_line#1..}
			tap_count=${tap_count%%[!0-9]*}
			tap_sections=$((tap_sections + 1))
			if [ "$tap_plan" -lt 0 ] && [ "$tap_seen" -gt 0 ]; then
				tap_check_plan "$tap_label" "$tap_count" "$tap_seen" "$tap_sections"
			else
				tap_check_plan "$tap_label" "$tap_plan" "$tap_seen" "$((tap_sections - 1))"
				tap_plan=$tap_count
			fi
			tap_seen=0
			;;
		"Bail out!"*) tap_result 1 "$tap_label: $tap_line" ;;
		"") ;;
		*) echo "# ${tap_line#\#}" | sed 's/^#  */# /' ;;
		esac
	done
	tap_check_plan "$tap_label" "$tap_plan" "$tap_seen" "$tap_sections"
	[ "$tap_plan" -ge 0 ] || [ "$tap_seen" -eq 0 ] ||
		tap_result 1 "$tap_label: $tap_seen results after the last plan"
	[ "$tap_total" -gt 0 ] && [ "$tap_sections" -gt 0 ]
	tap_result $? "$tap_label: guest printed a TAP plan and $tap_total results"
}

# tap_relay_result STATUS TEXT: TEXT may end in "# SKIP ..." or "# TODO ...";
# any other "# ..." stays part of the description, in parentheses.
tap_relay_result()
{
	tap_name=${2%% # *}
	tap_dir=
	[ "$tap_name" = "$2" ] || tap_dir=${2#* # }
	case $tap_dir in
	[Ss][Kk][Ii][Pp]* | [Tt][Oo][Dd][Oo]*) ;;
	*)
		[ -z "$tap_dir" ] || tap_name="$tap_name ($tap_dir)"
		tap_dir=
		;;
	esac
	tap_result "$1" "$tap_name" "$tap_dir"
}

# tap_check_plan LABEL PLAN SEEN SECTION: a test that SECTION ran its PLAN
# (none when PLAN is negative: no plan yet).
tap_check_plan()
{
	[ "$2" -ge 0 ] || return 0
	[ "$2" -eq "$3" ]
	tap_result $? "$1: section $4 ran its planned $2 tests (saw $3)"
}
