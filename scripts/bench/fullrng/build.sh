#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh KEY
#
# Build the test-only hwrng bench_full.ko (this directory: Kbuild +
# bench_full.c) against kernel KEY of the VM matrix, in the environment
# tests/vm/build-module.sh uses (KDIR and KMAKEFLAGS of
# `tests/vm/fetch-kernel.sh --env-file KEY`), with W=1, and print the .ko
# path.  The sources are copied to $BUILD/vm/KEY/bench_full/ (build.log
# next to them).  Kernels that need a chroot to build (unstable) and
# kernels from 6.2 on (where quality 0 means full credit) are refused.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/vm/lib.sh
. "$here/../../../tests/vm/lib.sh"

[ $# -eq 1 ] || vm_die "usage: build.sh KEY"
KEY=$1
vm_check_key "$KEY"
vm_kernel_env "$KEY" >/dev/null || vm_die "cannot fetch kernel $KEY"
[ -z "${KCHROOT_SUITE:-}" ] || vm_die "$KEY builds in a chroot: not supported"

OUT=$BUILD_DIR/vm/$KEY/bench_full
mkdir -p "$OUT"
exec 8>"$OUT.lock"
flock -w 900 8 || vm_die "timed out waiting for another build in $OUT"
for f in Kbuild bench_full.c; do
	cmp -s "$here/$f" "$OUT/$f" || cp "$here/$f" "$OUT/$f"
done
# KMAKEFLAGS holds words such as CC=gcc; split them on purpose.
# shellcheck disable=SC2086
if ! make -C "$KDIR" M="$OUT" $KMAKEFLAGS W=1 modules >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	vm_die "bench_full build against $KERNELRELEASE failed"
fi
if grep -qi 'warning' "$OUT/build.log"; then
	cat "$OUT/build.log" >&2
	vm_die "bench_full build against $KERNELRELEASE has warnings"
fi
ko=$OUT/bench_full.ko
[ -r "$ko" ] || vm_die "no $ko after the build"
echo "$ko"
