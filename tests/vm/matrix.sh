#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh KEY
#
# One TAP stream (for prove) covering kernel KEY of the matrix: fetch the
# kernel (cached), build and install the module with DKMS from the sources
# the DKMS package ships (dkms-lib.sh; for unstable in a chroot of its
# suite), boot a VM running the smoke test (tests/vm/smoke/) with that
# module, boot another running the selftests payload
# ($BUILD/selftests/run.sh, from `make selftests-build`), and check that
# each VM stopped cleanly with nothing bad in its console.  Every guest
# result line is renumbered as "ok N - [KEY] name"; guest comments and
# SKIP/TODO directives pass through.  tests/vm/matrix-KEY.t call this.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/dkms-lib.sh"

[ $# -eq 1 ] || vm_die "usage: matrix.sh KEY"
KEY=$1
vm_check_key "$KEY"

N=0
FAILS=0
WORK=$BUILD_DIR/vm/$KEY/matrix
rm -rf "$WORK"
mkdir -p "$WORK"

# tap_result PASS(0|1) NAME [DIRECTIVE]
tap_result()
{
	N=$((N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $N - [$KEY] $2${3:+ # $3}"
	else
		echo "not ok $N - [$KEY] $2${3:+ # $3}"
		[[ ${3:-} == TODO* ]] || FAILS=$((FAILS + 1))
	fi
}

# step NAME CMD...: one test, passed when CMD (run in this shell) exits 0;
# its output is kept in steps.log and shown when it fails.
step()
{
	local name=$1 rc=0
	shift
	"$@" >"$WORK/step.out" 2>&1 || rc=$?
	cat "$WORK/step.out" >>"$WORK/steps.log"
	tap_result "$rc" "$name"
	[ "$rc" -eq 0 ] || tail -n 30 "$WORK/step.out" | sed 's/^/# /'
	return "$rc"
}

# dkms_setup: stage the packaged sources, select KEY, dkms add.
dkms_setup()
{
	dkms_stage "$WORK/dkms" && dkms_kernel "$KEY" && dk add
}

# The module under test is the one DKMS builds and installs, as the
# havege-hwrng-dkms package would on a user's machine.
dkms_module()
{
	step "dkms add (sources staged by make dkms-install)" dkms_setup ||
		return 1
	step "dkms build -k $KERNELRELEASE${DK_NOTE:+ ($DK_NOTE)}" dkms_build ||
		return 1
	step "DKMS-built module has vermagic $KERNELRELEASE" dkms_built_ko ||
		return 1
	step "dkms install -k $KERNELRELEASE, depmod resolves it" dkms_install ||
		return 1
	KO=$DK_KO
}

# comment_file FILE: every line of FILE as a TAP comment.
comment_file()
{
	sed 's/^/# /' "$1"
}

# Renumber a guest's TAP (on stdin).  A plan ("1..N") before any result
# opens a section, one after results closes it (a trailing plan); each
# section's result count is checked against its plan.
relay_guest_tap()
{
	local label=$1 line plan=-1 seen=0 sections=0 total=0 rest count
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]* | "not ok "[0-9]*)
			seen=$((seen + 1))
			total=$((total + 1))
			rest=${line#not }
			rest=${rest#ok }
			rest=${rest#"${rest%%[!0-9]*}"}
			rest=${rest# }
			rest=${rest#- }
			[[ $line == "not ok"* ]]
			relay_result $((1 - $?)) "$label: $rest"
			;;
		1..[0-9]*)
			count=${line#1..}
			count=${count%%[!0-9]*}
			sections=$((sections + 1))
			if [ "$plan" -lt 0 ] && [ "$seen" -gt 0 ]; then
				check_plan "$label" "$count" "$seen" "$sections"
				seen=0
			else
				check_plan "$label" "$plan" "$seen" "$((sections - 1))"
				plan=$count
				seen=0
			fi
			;;
		"Bail out!"*) tap_result 1 "$label: $line" ;;
		"") ;;
		*) echo "# ${line#\#}" | sed 's/^#  */# /' ;;
		esac
	done
	check_plan "$label" "$plan" "$seen" "$sections"
	[ "$plan" -ge 0 ] || [ "$seen" -eq 0 ] ||
		tap_result 1 "$label: $seen results after the last plan"
	[ "$total" -gt 0 ] && [ "$sections" -gt 0 ]
	tap_result $? "$label: guest printed a TAP plan and $total results"
}

# relay_result PASS TEXT: TEXT may end in a "# SKIP ..." or "# TODO ...".
relay_result()
{
	local name=${2%% # *} directive=
	[ "$name" = "$2" ] || directive=${2#* # }
	case $directive in
	[Ss][Kk][Ii][Pp]* | [Tt][Oo][Dd][Oo]*) ;;
	*) [ -z "$directive" ] || name="$name ($directive)"; directive= ;;
	esac
	tap_result "$1" "$name" "$directive"
}

check_plan()
{
	[ "$2" -ge 0 ] || return 0
	[ "$2" -eq "$3" ]
	tap_result $? "$1: section $4 ran its planned $2 tests (saw $3)"
}

# Debug allocator checks Debian's kernels have built in: red zones,
# poisoning, free checks, and freed memory cleared (issue 11).
SLAB_DEBUG="slub_debug=FZPU init_on_free=1"

# boot_case LABEL TIMEOUT CMD PAYLOAD...: one VM, its TAP and its checks;
# BOOT_ARGS (an array) adds options of boot.sh.
BOOT_ARGS=()
boot_case()
{
	local label=$1 timeout=$2 run=$3 logdir=$WORK/$1 args=() p
	shift 3
	args=(${BOOT_ARGS[@]+"${BOOT_ARGS[@]}"})
	for p in "$@"; do
		args+=(--payload "$p")
	done
	"$VM_DIR/boot.sh" --kernel "$KEY" --module "$KO" --logdir "$logdir" \
		--timeout "$timeout" --run "$run" --append "$SLAB_DEBUG" \
		"${args[@]}" >"$WORK/$label.tap" 2>"$WORK/$label.err"
	relay_guest_tap "$label" <"$WORK/$label.tap"
	comment_file "$WORK/$label.err"
	vm_checks "$label" "$logdir/verdict"
}

# vm_checks LABEL VERDICT: the VM-level tests, read from boot.sh's summary.
vm_checks()
{
	local v=$2
	if [ ! -r "$v" ]; then
		tap_result 1 "$1: VM ran (no verdict from boot.sh)"
		return
	fi
	grep -qx 'kernel_problem=no' "$v"
	tap_result $? "$1: no oops/WARN/BUG/lockdep/hung task in console"
	grep -qx 'marker=yes' "$v" && grep -qx 'qemu_rc=0' "$v"
	tap_result $? "$1: VM exited cleanly (end marker, qemu status 0)"
	grep -qx 'status=0' "$v"
	tap_result $? "$1: guest command exit status 0"
	echo "# [$KEY] $1: $(grep -E '^(release|init_s|done_s|wall_s|retries)=' "$v" | tr '\n' ' ')"
}

# Is virtio-rng there as a module or built in?  (Not on unstable, whose
# split modules package is fetched only where rng-core is a module.)
have_virtio_rng()
{
	[ -n "$(find "$MODULES" -name 'virtio-rng.ko*' | head -n1)" ] ||
		grep -q '/virtio-rng\.ko$' "$MODULES/modules.builtin" 2>/dev/null
}

# The second source: havege next to virtio-rng (switch_test).
virtio_case()
{
	if ! have_virtio_rng; then
		tap_result 0 "virtio-rng" "SKIP no virtio-rng module for $KERNELRELEASE"
		return
	fi
	BOOT_ARGS=(--qemu "-device virtio-rng-pci" --extra-module virtio_pci
		   --extra-module virtio-rng)
	boot_case virtio-rng 600 "HAVEGE_SELFTESTS=switch_test /payload/run.sh" \
		"$1"
	BOOT_ARGS=()
}

main()
{
	local env selftests=$BUILD_DIR/selftests
	if env=$("$VM_DIR/fetch-kernel.sh" --env-file "$KEY" 2>"$WORK/fetch.err"); then
		# shellcheck disable=SC1090
		. "$env"
		tap_result 0 "fetch kernel $KERNELRELEASE"
	else
		comment_file "$WORK/fetch.err"
		tap_result 1 "fetch kernel"
		echo "Bail out! [$KEY] no kernel"
		exit 1
	fi
	if ! dkms_module; then
		echo "1..$N"
		exit 1
	fi
	boot_case smoke 300 /payload/run.sh "$VM_DIR/smoke"
	if [ -x "$selftests/run.sh" ]; then
		boot_case selftests 1200 /payload/run.sh "$selftests"
		virtio_case "$selftests"
	else
		tap_result 0 "selftests" "SKIP $selftests/run.sh missing (make selftests-build)"
	fi
	echo "1..$N"
	[ "$FAILS" -eq 0 ]
}

main
