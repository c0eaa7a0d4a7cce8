# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers of the VM harness (sourced, never executed).

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/../.." && pwd)
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
BUILD=${BUILD:-build}
# BUILD may be relative to the repository top, as in the Makefile.
# shellcheck disable=SC2034 # used by the scripts that source this file
case $BUILD in
/*) BUILD_DIR=$BUILD ;;
*) BUILD_DIR=$REPO_DIR/$BUILD ;;
esac
VM_KEYS="5.10 6.1 6.12 6.12-rt unstable"
# Kernels outside the matrix that the scripts accept as KEY: 6.1-debug is
# built here from linux-source-6.1 with KASAN, lockdep, kmemleak, ...
# (tests/debug-kernel/build-kernel.sh, make check-debug); 6.1-arm64 and
# 6.12-arm64 are Debian's arm64 kernels (bookworm, bookworm-backports),
# modules cross-built, booted with qemu-system-aarch64 (issue 14; not yet
# in make check).
VM_EXTRA_KEYS="6.1-debug 6.1-arm64 6.12-arm64"

# Console lines that fail a VM whatever its tests said: oops, WARN, BUG,
# panic, lockdep and RCU reports, hung tasks, sanitizer reports.  The one
# console scan of boot.sh (tests/vm/, tests/hwrngd-vm*.t) and system-boot.t.
# shellcheck disable=SC2034 # read by boot.sh and tests/system-boot.t
VM_CONSOLE_BAD='Oops|WARNING:|BUG:|Kernel panic|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|INFO: task .* blocked|Call Trace|general protection fault|UBSAN:|KASAN:'
# and what the checkers of the debug kernel (6.1-debug) print beyond
# WARNING:/BUG: (kmemleak prints "N new suspected memory leaks" when a scan
# finds any; its start-up line must not match)
VM_CONSOLE_BAD+='|suspected memory leak|ODEBUG:|DEBUG_LOCKS_WARN_ON|lock held when returning|bad unlock balance|sleeping function called|list_(add|del) corruption'

vm_die()
{
	echo "${0##*/}: $*" >&2
	exit 1
}

vm_log()
{
	echo "${0##*/}: $*" >&2
}

# vm_check_key KEY: fail unless KEY is a kernel of the matrix or 6.1-debug.
vm_check_key()
{
	local k
	for k in $VM_KEYS $VM_EXTRA_KEYS; do
		[ "$1" = "$k" ] && return 0
	done
	vm_die "unknown kernel key '$1' (known: $VM_KEYS $VM_EXTRA_KEYS)"
}

# vm_key_arch KEY: the Debian architecture of KEY's kernel (amd64, arm64).
vm_key_arch()
{
	case $1 in
	*-arm64) echo arm64 ;;
	*) echo amd64 ;;
	esac
}

# vm_kernel_env KEY: fetch (or reuse) the kernel and source its env file.
vm_kernel_env()
{
	local envfile
	envfile=$("$VM_DIR/fetch-kernel.sh" --env-file "$1") || return 1
	# shellcheck disable=SC1090
	. "$envfile"
}

# host_sources, find_archives (MAIN_URI, SEC_URI): the host's Debian archive.
# shellcheck source=tests/lib/debian-archive.sh
. "$REPO_DIR/tests/lib/debian-archive.sh"
