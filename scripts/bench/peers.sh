#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# peers.sh [--refresh]
#
# Fetch the peer daemons the benchmarks (scripts/bench/*.sh) run beside
# havege-hwrngd in the test VMs: Debian's haveged (with libhavege2),
# rng-tools5 (rngd) and jitterentropy-rngd.  The packages are fetched with
# `apt-get download` (the host's apt sources; nothing is installed) and
# unpacked with `dpkg -x`, once: later calls reuse the cache unless
# --refresh is given.  Prints one line: the directory PEERS.
#
# Interface (what the bench scripts use):
#   PEERS=$CACHE/bench/peers       ($CACHE as in the top Makefile)
#   PEERS/payload/                 copy it into a VM payload as is, e.g.
#                                  boot.sh --payload "$PEERS/payload:/peers"
#     bin/haveged bin/rngd bin/jitterentropy-rngd
#                                  wrappers (busybox sh): they exec the real
#                                  program in libexec/ with LD_LIBRARY_PATH
#                                  set to the payload's lib/, so the pid of
#                                  the wrapper is the daemon's pid; all
#                                  arguments are passed through
#     libexec/NAME                 the programs from the packages
#     lib/                         every shared library they need
#                                  (the packages' own and the host's, from
#                                  ldd with LD_LIBRARY_PATH=lib), and a
#                                  copy of the dynamic loader (the programs
#                                  still ask for /lib64/ld-linux-x86-64.so.2,
#                                  which tests/vm/boot.sh puts in a guest
#                                  whose payload holds dynamic programs)
#     VERSIONS                     "package version" lines of what was
#                                  unpacked
#   PEERS/deb/*.deb, PEERS/root/   the downloaded packages and their tree
# Exit status non-zero (and nothing on stdout) when a download, an unpack or
# a library lookup fails.
set -euo pipefail

CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
PEERS=$CACHE/bench/peers
PACKAGES="haveged libhavege2 rng-tools5 jitterentropy-rngd"
# program name and its path in the unpacked tree
PROGRAMS="haveged:usr/sbin/haveged rngd:usr/sbin/rngd
jitterentropy-rngd:usr/sbin/jitterentropy-rngd"

die()
{
	echo "${0##*/}: $*" >&2
	exit 1
}

refresh=
case ${1:-} in
--refresh) refresh=1 ;;
'') ;;
*) sed -n '4p' "$0" | sed 's/^# /usage: /' >&2; exit 2 ;;
esac

stamp=$PEERS/payload/VERSIONS
if [ -z "$refresh" ] && [ -s "$stamp" ]; then
	echo "$PEERS"
	exit 0
fi

# fetch: the .deb files of PACKAGES into PEERS/deb (apt-get download
# writes into the current directory).
fetch()
{
	rm -rf "$PEERS/deb"
	mkdir -p "$PEERS/deb"
	# shellcheck disable=SC2086 # a word list
	(cd "$PEERS/deb" && apt-get download -q $PACKAGES >&2) ||
		die "apt-get download $PACKAGES failed"
}

unpack()
{
	local deb
	rm -rf "$PEERS/root"
	mkdir -p "$PEERS/root"
	for deb in "$PEERS"/deb/*.deb; do
		dpkg -x "$deb" "$PEERS/root" || die "dpkg -x $deb failed"
	done
}

# copy_libs FILE: FILE's shared libraries and the loader into lib/.
copy_libs()
{
	local out lib
	out=$(LD_LIBRARY_PATH=$P/lib ldd "$1") || die "ldd $1 failed"
	if grep -q 'not found' <<<"$out"; then
		die "$1: libraries not found: $(grep 'not found' <<<"$out" | tr -d '\t')"
	fi
	while read -r lib; do
		[ -e "$P/lib/${lib##*/}" ] || cp -L "$lib" "$P/lib/"
	done < <(grep -o '/[^ ]*' <<<"$out")
}

# wrapper NAME: bin/NAME, which runs libexec/NAME with lib/ on the path.
wrapper()
{
	cat >"$P/bin/$1" <<EOF
#!/bin/sh
# $1 from Debian's package, with its libraries (written by peers.sh)
here=\$(cd "\$(dirname "\$0")/.." && pwd)
LD_LIBRARY_PATH=\$here/lib
export LD_LIBRARY_PATH
exec "\$here/libexec/$1" "\$@"
EOF
	chmod 755 "$P/bin/$1"
}

build_payload()
{
	local entry name path pkg
	P=$PEERS/payload.new
	rm -rf "$P"
	mkdir -p "$P/bin" "$P/libexec" "$P/lib"
	# The packages' own libraries first, so ldd finds them there.
	find "$PEERS/root" -name '*.so*' \( -type f -o -type l \) \
		-exec cp -a {} "$P/lib/" \;
	for entry in $PROGRAMS; do
		name=${entry%%:*}
		path=${entry#*:}
		[ -x "$PEERS/root/$path" ] || die "$path missing in the packages"
		cp "$PEERS/root/$path" "$P/libexec/$name"
		copy_libs "$P/libexec/$name"
		wrapper "$name"
	done
	for pkg in $PACKAGES; do
		echo "$pkg $(dpkg-deb -f "$PEERS"/deb/"${pkg}"_*.deb Version)"
	done >"$P/VERSIONS"
	rm -rf "$PEERS/payload"
	mv "$P" "$PEERS/payload"
}

if ! command -v apt-get >/dev/null || ! command -v dpkg-deb >/dev/null; then
	die "needs apt-get and dpkg (Debian)"
fi
mkdir -p "$PEERS"
# One fetch at a time (bench helpers may run in parallel).
exec 8>"$PEERS/.lock"
flock -w 600 8 || die "timed out waiting for $PEERS/.lock"
if [ -n "$refresh" ] || [ ! -s "$stamp" ]; then
	fetch
	unpack
	build_payload
fi
echo "$PEERS"
