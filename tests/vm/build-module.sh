#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-module.sh KEY
#
# Build the repository's module (./Kbuild + module/) against kernel KEY of
# the matrix (fetched with fetch-kernel.sh) and print the .ko path.  The
# sources are copied to $BUILD/vm/KEY/module/, so builds for several
# kernels, and the work tree's own build, never share objects.  The make
# log is kept next to them (build.log).  For a kernel with KCHROOT_SUITE
# (unstable) make runs in that suite's chroot (kchroot.sh).  A foreign
# kernel (KARCH arm64: 6.1-arm64, 6.12-arm64) is cross-built on the host:
# its KMAKEFLAGS carry ARCH= and CROSS_COMPILE= (fetch-kernel.sh), the
# headers' scripts are the host-architecture linux-kbuild's.  The module's
# vermagic must name KEY's release.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || vm_die "usage: build-module.sh KEY"
KEY=$1
vm_check_key "$KEY"
vm_kernel_env "$KEY" >/dev/null || vm_die "cannot fetch kernel $KEY"

OUT=$BUILD_DIR/vm/$KEY/module
[ -r "$REPO_DIR/Kbuild" ] || vm_die "no Kbuild at the repository top"

# Refresh the copy only where the sources changed, so make rebuilds what
# changed and nothing else.
mkdir -p "$OUT"
# Parallel builds for the same kernel take turns.
exec 8>"$OUT.lock"
flock -w 900 8 || vm_die "timed out waiting for another build in $OUT"
(cd "$REPO_DIR" && find Kbuild module -name Kbuild -o -name '*.[ch]' -type f) |
while IFS= read -r f; do
	if ! cmp -s "$REPO_DIR/$f" "$OUT/$f"; then
		mkdir -p "$OUT/$(dirname "$f")"
		cp "$REPO_DIR/$f" "$OUT/$f"
	fi
done

# kbuild KMAKE-ARGS...: make on the host, or in the kernel's chroot with
# its own headers when the host cannot build for it (unstable).
kbuild()
{
	if [ -n "${KCHROOT_SUITE:-}" ]; then
		"$VM_DIR/kchroot.sh" --run "$KEY" --bind "$OUT" -- \
			make -C "/usr/src/linux-headers-$KERNELRELEASE" "$@"
	else
		make -C "$KDIR" "$@"
	fi
}

# KMAKEFLAGS holds words such as CC=gcc; split them on purpose.
# shellcheck disable=SC2086
if ! kbuild M="$OUT" $KMAKEFLAGS modules >"$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	vm_die "module build against $KERNELRELEASE failed"
fi
ko=$OUT/havege_hwrng.ko
[ -r "$ko" ] || vm_die "no $ko after the build"
case $(modinfo -F vermagic "$ko") in
"$KERNELRELEASE "*) ;;
*) vm_die "$ko: vermagic '$(modinfo -F vermagic "$ko")' is not $KERNELRELEASE's" ;;
esac
echo "$ko"
