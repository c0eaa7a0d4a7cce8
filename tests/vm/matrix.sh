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
# SKIP/TODO directives pass through.  tests/vm/matrix-KEY.t call this;
# tests/debug-kernel.t sources it for its helpers (end of file).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$(dirname "${BASH_SOURCE[0]}")/dkms-lib.sh"
# shellcheck source=tests/lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

[ $# -eq 1 ] || vm_die "usage: matrix.sh KEY"
KEY=$1
vm_check_key "$KEY"

TAP_PREFIX="[$KEY] "
TAP_TAIL=30
WORK=$BUILD_DIR/vm/$KEY/matrix
rm -rf "$WORK"
mkdir -p "$WORK"
tmp=$WORK

# step NAME CMD...: one test, passed when CMD (run in this shell) exits 0;
# its output is kept in steps.log and shown when it fails.
step()
{
	local rc=0
	ok "$@" || rc=$?
	cat "$tmp/tap-out" >>"$WORK/steps.log"
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

# w1_build: the module cross-built with W=1 for a kernel of another
# architecture has no warning (the host's own kernel: tests/kernel-build.t).
w1_build()
{
	local dir=$WORK/w1
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$REPO_DIR" && find Kbuild module -name Kbuild -o -name '*.[ch]' -type f |
		cpio -pdm --quiet "$dir") || return 1
	# KMAKEFLAGS holds ARCH= and CROSS_COMPILE=: split on purpose.
	# shellcheck disable=SC2086
	make -C "$KDIR" M="$dir" $KMAKEFLAGS W=1 modules >"$dir/build.log" 2>&1
	local rc=$?
	cat "$dir/build.log"
	[ "$rc" -eq 0 ] && [ -e "$dir/havege_hwrng.ko" ] &&
		! grep -qi warning "$dir/build.log"
}

# comment_file FILE: every line of FILE as a TAP comment.
comment_file()
{
	sed 's/^/# /' "$1"
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
		# an arm64 kernel's selftests: make cross-vm-build
		[ "${KARCH:-amd64}" != arm64 ] || selftests=$BUILD_DIR/aarch64/selftests
	else
		comment_file "$WORK/fetch.err"
		tap_result 1 "fetch kernel"
		echo "Bail out! [$KEY] no kernel"
		exit 1
	fi
	if ! dkms_module; then
		echo "1..$n"
		exit 1
	fi
	if [ "${KARCH:-amd64}" != "$(dpkg --print-architecture)" ]; then
		step "W=1 cross build ($KMAKEFLAGS) has no warning" w1_build
	fi
	boot_case smoke 300 /payload/run.sh "$VM_DIR/smoke"
	if [ -x "$selftests/run.sh" ]; then
		boot_case selftests 1200 /payload/run.sh "$selftests"
		virtio_case "$selftests"
	else
		tap_result 0 "selftests" "SKIP $selftests/run.sh missing (make selftests-build, cross-vm-build for arm64)"
	fi
	echo "1..$n"
	[ "$fails" -eq 0 ]
}

# tests/debug-kernel.t sources this file (MATRIX_LIB=1, KEY as argument)
# for its relay and VM checks; it runs its own cases.
[ -n "${MATRIX_LIB:-}" ] || main
