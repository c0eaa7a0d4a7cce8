#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-busybox.sh ARCH
#
# Print the path of a static busybox for the guest architecture ARCH (a
# Debian architecture name).  For the host's own architecture that is the
# host's /bin/busybox (package busybox-static); for another one (arm64
# guests of tests/vm) Debian's busybox-static:ARCH of the host's release,
# fetched once with apt-get download under a private apt configuration
# ($CACHE/apt/busybox-ARCH: its own sources list, lists and cache, the
# archive URI taken from the host's apt sources, verified with the Debian
# archive keyring) and unpacked with dpkg -x into $CACHE/busybox-ARCH/.
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

suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || vm_die "no VERSION_CODENAME in /etc/os-release"
find_archives || exit 1
APTDIR=$CACHE/apt/busybox-$ARCH
rm -rf "$APTDIR"
mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" \
	"$APTDIR/parts" "$APTDIR/debs"
: >"$APTDIR/state/status"
echo "deb [arch=$ARCH signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MAIN_URI $suite main" \
	>"$APTDIR/sources.list"
APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list"
	-o "Dir::Etc::SourceParts=$APTDIR/parts"
	-o "Dir::Etc::Preferences=$APTDIR/parts/none"
	-o "Dir::Etc::PreferencesParts=$APTDIR/parts"
	-o "Dir::State=$APTDIR/state"
	-o "Dir::State::status=$APTDIR/state/status"
	-o "Dir::Cache=$APTDIR/cache"
	-o "APT::Architecture=$ARCH" -o "APT::Architectures=$ARCH"
	-o "Acquire::Languages=none" -o "Debug::NoLocking=1"
	-o "APT::Sandbox::User=$(id -un)")
vm_log "fetching busybox-static:$ARCH ($suite)"
{
	apt-get "${APT_OPTS[@]}" -q update &&
		(cd "$APTDIR/debs" && apt-get "${APT_OPTS[@]}" -q download busybox-static)
} >"$APTDIR/apt.log" 2>&1 || {
	cat "$APTDIR/apt.log" >&2
	vm_die "could not fetch busybox-static:$ARCH"
}
rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp/root"
dpkg -x "$APTDIR"/debs/busybox-static_*.deb "$OUT.tmp/root"
[ -x "$OUT.tmp/root/bin/busybox" ] || vm_die "no bin/busybox in busybox-static:$ARCH"
rm -rf "$OUT" "$APTDIR/debs"
mv "$OUT.tmp" "$OUT"
echo "$BIN"
