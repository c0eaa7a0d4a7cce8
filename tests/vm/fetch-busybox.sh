#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-busybox.sh ARCH
#
# Print the path of a static busybox for the guest architecture ARCH (a
# Debian architecture name).  For the host's own architecture that is the
# host's /bin/busybox (package busybox-static); for another one (arm64
# guests of tests/vm) Debian's busybox-static:ARCH of the host's release,
# fetched once by tests/lib/debian-fetch.sh (a private apt configuration;
# the host's is not touched) and unpacked with dpkg -x into
# $CACHE/busybox-ARCH/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || vm_die "usage: fetch-busybox.sh ARCH"
ARCH=$1
if [ "$ARCH" = "$(dpkg --print-architecture)" ]; then
	echo /bin/busybox
	exit 0
fi
OUT=$CACHE/busybox-$ARCH
BIN=$OUT/root/bin/busybox
if [ -x "$BIN" ]; then
	echo "$BIN"
	exit 0
fi

mkdir -p "$CACHE"
exec 8>"$CACHE/busybox-$ARCH.lock"
flock -w 600 8 || vm_die "timed out waiting for another fetch of busybox:$ARCH"
if [ -x "$BIN" ]; then
	echo "$BIN"
	exit 0
fi

vm_log "fetching busybox-static:$ARCH"
rm -rf "$OUT.tmp"
"$REPO_DIR/tests/lib/debian-fetch.sh" "$ARCH" "$OUT.tmp/debs" busybox-static ||
	vm_die "could not fetch busybox-static:$ARCH"
mkdir -p "$OUT.tmp/root"
dpkg -x "$OUT.tmp"/debs/busybox-static_*.deb "$OUT.tmp/root"
[ -x "$OUT.tmp/root/bin/busybox" ] || vm_die "no bin/busybox in busybox-static:$ARCH"
rm -rf "$OUT" "$OUT.tmp/debs"
mv "$OUT.tmp" "$OUT"
echo "$BIN"
