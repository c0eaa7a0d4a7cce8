#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# debian-fetch.sh ARCH DESTDIR PKG...
#
# Download the .deb of each PKG for the Debian architecture ARCH from the
# host's release (VERSION_CODENAME of /etc/os-release, suite main) into
# DESTDIR, without touching the host's apt or dpkg configuration: a private
# apt configuration in $CACHE/apt/SUITE-ARCH (tests/lib/debian-apt.sh; the
# archive URI from the host's apt sources, tests/lib/debian-archive.sh;
# HAVEGE_DEBIAN_URI overrides it), verified with the Debian archive
# keyring.  Callers unpack what they need: tests/vm/fetch-busybox.sh
# (busybox-static), tests/aarch64.t (cmocka), mk/package.mk (libc6 for the
# arm64 package's shlibs).  Parallel runs for one ARCH wait for each other.
# Prints nothing on success; apt's output goes to $CACHE/apt/SUITE-ARCH/
# fetch.log and is shown on failure.
set -u

lib=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib/debian-archive.sh
. "$lib/debian-archive.sh"
# shellcheck source=tests/lib/debian-apt.sh
. "$lib/debian-apt.sh"

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

[ $# -ge 3 ] || die "usage: debian-fetch.sh ARCH DESTDIR PKG..."
arch=$1
dest=$2
shift 2
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || die "no VERSION_CODENAME in /etc/os-release"
find_archives || exit 1
aptdir=$CACHE/apt/$suite-$arch
mkdir -p "$aptdir" "$dest" || exit 1
dest=$(cd "$dest" && pwd)

exec 9>"$aptdir.lock"
flock -w 600 9 || die "timed out waiting for another fetch for $arch"
dapt_init "$aptdir" "$arch" || exit 1
dapt_source "$aptdir" "$MAIN_URI" "$suite"
dapt_update "$aptdir" || die "apt-get update failed ($suite, $arch)"
(cd "$dest" && dapt "$aptdir" apt-get -q download "$@") \
	>"$aptdir/fetch.log" 2>&1 || {
	cat "$aptdir/fetch.log" >&2
	die "could not download $* ($suite, $arch)"
}
