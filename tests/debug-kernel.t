#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the module, its selftests and the daemon under the debug kernel
# (`make check-debug`, not part of `make check`: see docs/testing.md).
# The kernel (KEY 6.1-debug) is Debian's linux-source-6.1 built once with
# KASAN, lockdep (PROVE_LOCKING), DEBUG_ATOMIC_SLEEP, kmemleak and
# debugobjects (tests/debug-kernel/build-kernel.sh, debug.config); every
# VM boots with panic_on_warn=1 and oops=panic (tests/vm/boot.sh).
#   kernel     build (or reuse) the kernel; its config has every option
#   module     W=1 build against it, no warning at all
#   selftests  $BUILD/selftests/run.sh, whatever programs it runs
#   hwrngd     the daemon's end-to-end guest test (tests/hwrngd-vm/guest.sh)
# Both VMs run their payload under tests/debug-kernel/guest/checked.sh:
# checkers armed, then after the tests rmmod and two kmemleak scans with an
# empty report.  Each VM's guest TAP is relayed and renumbered (the relay
# of tests/vm/matrix.sh), followed by boot.sh's verdict: no oops, WARN,
# BUG, KASAN, lockdep, kmemleak or debugobjects report in the console.
# DEBUG_TIMEOUT (seconds per VM, default 5400) bounds each VM.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
MATRIX_LIB=1
# shellcheck source=tests/vm/matrix.sh
. "$top/tests/vm/matrix.sh" 6.1-debug
# From here: KEY, WORK ($BUILD/vm/6.1-debug/matrix, emptied), tap_result,
# step, relay_guest_tap, vm_checks, comment_file and lib.sh's BUILD_DIR.
timeout=${DEBUG_TIMEOUT:-5400}
mem=2048
bin=$BUILD_DIR/native
guest=$top/tests/debug-kernel/guest

# debug_vm LABEL CMD PAYLOAD...: one VM of the debug kernel running CMD
# under checked.sh; its TAP relayed, its verdict checked.
debug_vm()
{
	local label=$1 run=$2 logdir=$WORK/$1 args=() p start
	shift 2
	for p in "$@"; do
		args+=(--payload "$p")
	done
	start=$SECONDS
	"$VM_DIR/boot.sh" --kernel "$KEY" --module "$KO" --logdir "$logdir" \
		--timeout "$timeout" --mem "$mem" \
		--payload "$guest:/debug" "${args[@]}" \
		--run "/debug/checked.sh $run" \
		>"$WORK/$label.tap" 2>"$WORK/$label.err"
	relay_guest_tap "$label" <"$WORK/$label.tap"
	comment_file "$WORK/$label.err"
	vm_checks "$label" "$logdir/verdict"
	echo "# [$KEY] $label: $((SECONDS - start)) s on the host"
}

# kernel: the env of the built kernel, sourced into this shell.
kernel()
{
	local env
	env=$("$top/tests/debug-kernel/build-kernel.sh" --env-file) || return 1
	# shellcheck disable=SC1090
	. "$env"
	echo "KDIR=$KDIR"
	grep -q '^CONFIG_KASAN=y' "$KDIR/.config" &&
		grep -q '^CONFIG_PROVE_LOCKING=y' "$KDIR/.config" &&
		grep -q '^CONFIG_DEBUG_KMEMLEAK=y' "$KDIR/.config"
}

# module: W=1 build (KMAKEFLAGS of the env), no warning in the log; sets KO.
module()
{
	KO=$("$VM_DIR/build-module.sh" "$KEY") || return 1
	echo "built $KO"
	! grep -E 'warning:|WARNING:' "$BUILD_DIR/vm/$KEY/module/build.log"
}

# hwrngd_payload DIR: the daemon's guest scripts, the daemon, havege-ais31
# and the static seedwait probe, as tests/hwrngd-vm.t assembles them.
hwrngd_payload()
{
	local p
	for p in havege-hwrngd havege-ais31; do
		[ -x "$bin/$p" ] || { echo "$bin/$p missing (make helper)"; return 1; }
	done
	mkdir -p "$1"
	cp "$top"/tests/hwrngd-vm/guest*.sh "$bin/havege-hwrngd" \
		"$bin/havege-ais31" "$1/" &&
	gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
		-o "$1/seedwait" "$top/tests/hwrngd-vm/seedwait.c"
}

START=$SECONDS
if ! step "debug kernel 6.1 built (KASAN, PROVE_LOCKING, KMEMLEAK, DEBUG_OBJECTS, ...)" kernel; then
	echo "Bail out! [$KEY] no debug kernel"
	exit 1
fi
# step ran in this shell: the env is ours now.
echo "# [$KEY] kernel $KERNELRELEASE, built in $(cat "$KROOT/build-seconds" 2>/dev/null || echo ?) s (cold build)"
if ! step "module builds against it with W=1, no warnings" module; then
	echo "1..$n"
	exit 1
fi

selftests=$BUILD_DIR/selftests
if [ -x "$selftests/run.sh" ]; then
	debug_vm selftests /payload/run.sh "$selftests"
else
	tap_result 1 "selftests: $selftests/run.sh missing (make selftests-build)"
fi

if step "daemon payload assembled (havege-hwrngd, havege-ais31, seedwait)" \
	hwrngd_payload "$WORK/hwrngd-payload"; then
	debug_vm hwrngd "/payload/guest.sh $KEY" "$WORK/hwrngd-payload"
fi

echo "# [$KEY] lane wall time: $((SECONDS - START)) s"
echo "1..$n"
[ "$fails" -eq 0 ]
