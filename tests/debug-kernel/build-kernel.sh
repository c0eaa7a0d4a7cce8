#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh [--env-file]
#
# Build (once, cached) the debug kernel of `make check-debug`: Debian's
# linux-source-6.1 (/usr/src/linux-source-6.1.tar.xz), x86_64 tinyconfig
# plus debug.config (KASAN, lockdep, kmemleak, debugobjects, ...), merged
# with scripts/kconfig/merge_config.sh and completed by olddefconfig.
# Every option debug.config sets to y (or to a value) must survive
# olddefconfig, or the build fails with the list of those that did not.
#
# Layout under $CACHE/debug-kernel/:
#   src/           the extracted tree (src/.complete when whole)
#   <hash>/        one build (O=) per config hash, <hash>/.complete when done
#   <hash>/build.log  the make output; 6.1-debug.env  the env of the last
# The hash covers debug.config, the tarball's identity and gcc's version,
# so a change of any of them builds a new kernel.  The env file holds, as for the
# Debian kernels of tests/vm/fetch-kernel.sh:
#   KEY KERNELRELEASE KROOT VMLINUX KDIR MODULES KMAKEFLAGS KCHROOT_SUITE
# with VMLINUX the bzImage, KDIR the build tree (make -C KDIR M=...) and
# KMAKEFLAGS W=1 (tests/debug-kernel.t wants a module build without any
# warning).
# Prints the env (or with --env-file its path).  About 30 min on 2 cores
# the first time (see docs/testing.md); JOBS overrides make's -j.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../vm/lib.sh"

print_path=
case ${1:-} in
--env-file) print_path=1 ;;
'') ;;
*) vm_die "usage: build-kernel.sh [--env-file]" ;;
esac

TARBALL=/usr/src/linux-source-6.1.tar.xz
FRAGMENT=$HERE/debug.config
TOP=$CACHE/debug-kernel
SRC=$TOP/src
ENVFILE=$TOP/6.1-debug.env
JOBS=${JOBS:-$(nproc)}

[ -r "$TARBALL" ] ||
	vm_die "$TARBALL missing (make deps, or apt-get install linux-source-6.1)"

HASH=$( { cat "$FRAGMENT"; stat -c '%s %Y' "$TARBALL"; gcc --version | head -n1; } |
	sha256sum | cut -c1-16)
OUT=$TOP/$HASH

emit()
{
	if [ -n "$print_path" ]; then
		echo "$ENVFILE"
	else
		cat "$ENVFILE"
	fi
}

# write_env: the env file of the finished build in $OUT.
write_env()
{
	local rel
	rel=$(cat "$OUT/include/config/kernel.release")
	mkdir -p "$OUT/modules"
	{
		printf "KEY='6.1-debug'\n"
		printf "KERNELRELEASE='%s'\n" "$rel"
		printf "KROOT='%s'\n" "$OUT"
		printf "VMLINUX='%s'\n" "$OUT/arch/x86/boot/bzImage"
		printf "KDIR='%s'\n" "$OUT"
		printf "MODULES='%s'\n" "$OUT/modules"
		printf "KMAKEFLAGS='W=1'\n"
		printf "KCHROOT_SUITE=''\n"
	} >"$ENVFILE.$$"
	mv "$ENVFILE.$$" "$ENVFILE"
}

if [ -e "$OUT/.complete" ]; then
	write_env
	emit
	exit 0
fi

mkdir -p "$TOP"
exec 8>"$TOP/build.lock"
flock -w 7200 8 || vm_die "timed out waiting for another debug kernel build"
if [ -e "$OUT/.complete" ]; then
	write_env
	emit
	exit 0
fi

# The whole tree, once (the tarball changing extracts it again).
if [ ! -e "$SRC/.complete" ] || [ "$TARBALL" -nt "$SRC/.complete" ]; then
	vm_log "extracting $TARBALL into $SRC"
	rm -rf "$SRC" "$SRC.tmp"
	mkdir -p "$SRC.tmp"
	tar -xJf "$TARBALL" -C "$SRC.tmp" --strip-components=1
	mv "$SRC.tmp" "$SRC"
	touch "$SRC/.complete"
fi

vm_log "building the debug kernel in $OUT (log: $OUT/build.log, -j$JOBS)"
START=$SECONDS
rm -rf "$OUT"
mkdir -p "$OUT"
kmake()
{
	make -C "$SRC" O="$OUT" ARCH=x86_64 "$@" >>"$OUT/build.log" 2>&1
}
{
	kmake tinyconfig &&
	(cd "$OUT" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" \
		"$OUT/.config" "$FRAGMENT") >>"$OUT/build.log" 2>&1 &&
	kmake olddefconfig
} || { tail -n 40 "$OUT/build.log" >&2; vm_die "kernel configuration failed"; }

# Every option the fragment asks for, with the value it asks for.
missing=$(grep -E '^CONFIG_[A-Za-z0-9_]+=' "$FRAGMENT" | while IFS= read -r l; do
	grep -qxF "$l" "$OUT/.config" || echo "$l (got: $(grep -E "^(# )?${l%%=*}[= ]" "$OUT/.config" || echo unset))"
done)
missing+=$(grep -E '^# CONFIG_[A-Za-z0-9_]+ is not set' "$FRAGMENT" | while IFS= read -r l; do
	o=${l#\# }
	o=${o%% *}
	! grep -q "^$o=" "$OUT/.config" || echo "$l (got: $(grep "^$o=" "$OUT/.config"))"
done)
if [ -n "$missing" ]; then
	echo "$missing" >&2
	vm_die "olddefconfig dropped options of $FRAGMENT (above)"
fi

if ! kmake -j"$JOBS" bzImage modules; then
	tail -n 60 "$OUT/build.log" >&2
	vm_die "debug kernel build failed (log: $OUT/build.log)"
fi
echo "$(( SECONDS - START ))" >"$OUT/build-seconds"
vm_log "debug kernel built in $(( SECONDS - START )) s"
touch "$OUT/.complete"
write_env
emit
