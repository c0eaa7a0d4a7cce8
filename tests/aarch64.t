#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# aarch64.t: build libhavege and every unit test with the aarch64 cross
# compiler and run them under qemu-aarch64-static; TAP, one line per unit
# test program.
#
# cmocka for arm64 comes from the Debian archive the host already uses:
# tests/lib/debian-fetch.sh (a private apt configuration; the host's apt
# and dpkg architectures are never touched), unpacked with dpkg -x into
# $CACHE/cmocka-arm64.
#
# The unit tests are built with UBSan only (what the native unit build
# uses, without -fsanitize=address), in $BUILD/ubsan/aarch64 so that these
# objects never mix with ASan ones: what is particular to arm64 is
# undefined behaviour (shifts, alignment, overflow) and the arch-specific
# code paths, while ASan's shadow memory, emulated instruction by
# instruction, made this lane several times slower and found nothing the
# native ASan+LeakSanitizer run of the same tests and tests/hwrngd-vm-asan.t
# (the daemon under ASan in a VM) do not.
set -u

cd "$(dirname "$0")/.." || exit 1
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}
CROSS=aarch64-linux-gnu-
QEMU=qemu-aarch64-static
SYSROOT=/usr/aarch64-linux-gnu
CMOCKA=$CACHE/cmocka-arm64
UBUILD=$BUILD/ubsan
LOG=$UBUILD/aarch64/cross.log
# the native unit build's sanitizer flags without address (mk/helper.mk)
UBSAN="-O1 -g -fsanitize=undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"

# shellcheck source=tests/lib/tap.sh
. tests/lib/tap.sh

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

fetch_cmocka() {
	[ -f "$CMOCKA/usr/include/cmocka.h" ] && return 0
	rm -rf "$CMOCKA.tmp" &&
	tests/lib/debian-fetch.sh arm64 "$CMOCKA.tmp/debs" libcmocka0 \
		libcmocka-dev >>"$LOG" 2>&1 || return 1
	for deb in "$CMOCKA.tmp"/debs/libcmocka*_arm64.deb; do
		dpkg -x "$deb" "$CMOCKA.tmp" || return 1
	done
	rm -rf "$CMOCKA.tmp/debs" "$CMOCKA" && mv "$CMOCKA.tmp" "$CMOCKA"
}

for tool in ${CROSS}gcc $QEMU apt-get dpkg; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool not installed"
done
[ -d "$SYSROOT/lib" ] || skip_all "libc6-dev-arm64-cross not installed"
mkdir -p "$UBUILD/aarch64"
: > "$LOG"
fetch_cmocka || skip_all "could not fetch arm64 cmocka (see $LOG)"

libdir=$CMOCKA/usr/lib/aarch64-linux-gnu
# The native unit build's flags but UBSan only (see above); the cross
# compiler ignores LIBRARY_PATH, so cmocka's paths ride on the compiler.
jobs=$(nproc 2>/dev/null || echo 1)
if ! $MAKE --no-print-directory -s -j"$jobs" CROSS_COMPILE=$CROSS \
	BUILD="$UBUILD" SANFLAGS="$UBSAN" \
	HCC="${CROSS}gcc -I$CMOCKA/usr/include -L$libdir" \
	unit-build >> "$LOG" 2>&1; then
	echo "1..1"
	tap_result 1 "cross build (see $LOG)"
	tail -n 20 "$LOG" | sed 's/^/# /'
	exit 1
fi

names=$(for src in tests/unit/test_*.c; do basename "$src" .c; done)
[ -n "$names" ] || skip_all "no unit tests"
echo "1..$(echo "$names" | wc -l)"
rm -rf "$UBUILD/aarch64/out" && mkdir -p "$UBUILD/aarch64/out"
# The programs are independent: run as many at once as there are CPUs
# (qemu-user is single-threaded here), each leaving its TAP in out/NAME.tap
# and its exit status in out/NAME.rc; report in name order.
export UBUILD QEMU SYSROOT libdir
# shellcheck disable=SC2016 # expanded by the inner sh
echo "$names" | xargs -P "$jobs" -n 1 sh -c '
	CMOCKA_MESSAGE_OUTPUT=TAP QEMU_LD_PREFIX=$SYSROOT \
	LD_LIBRARY_PATH=$libdir \
		timeout 600 $QEMU "$UBUILD/aarch64/unit/$1" \
		> "$UBUILD/aarch64/out/$1.tap" 2>&1
	echo $? > "$UBUILD/aarch64/out/$1.rc"' sh
for name in $names; do
	out=$UBUILD/aarch64/out/$name
	[ "$(cat "$out.rc" 2>/dev/null)" = 0 ]
	rc=$?
	tap_result $rc "aarch64 $name"
	[ $rc -eq 0 ] || grep -v '^ok' "$out.tap" | head -n 20 | sed 's/^/# /'
done
[ "$fails" -eq 0 ]
