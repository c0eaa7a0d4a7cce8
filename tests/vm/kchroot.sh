#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kchroot.sh KEY
# kchroot.sh --run KEY [--bind DIR]... -- CMD [ARG]...
#
# Module builds for a kernel whose kbuild tools and compiler the host
# cannot run (KCHROOT_SUITE set by fetch-kernel.sh; unstable: its objtool
# and modpost need a newer glibc, its headers gcc-16) happen in a chroot
# of that kernel's own Debian suite, built from Debian packages with
# mmdebstrap: dkms, and linux-headers-<release> of exactly the fetched
# kernel with the compiler it depends on.  The chroot is cached in
# $CACHE/chroots/<release>/root (about 420 MB, 30 s to build); a newer
# release of the same suite replaces it.
#
# Without --run: make sure the chroot exists and print its path.
# --run: run CMD inside it (as root, clean environment) in a private mount
# namespace with /proc, /dev and every DIR bind-mounted at the same path,
# so paths mean the same inside and out; the mounts vanish with CMD.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

RUN=
BINDS=()
KEY=
while [ $# -gt 0 ]; do
	case $1 in
	--run) RUN=1 ;;
	--bind) BINDS+=("$2"); shift ;;
	--) shift; break ;;
	-*) vm_die "unknown option $1" ;;
	*) [ -z "$KEY" ] || break; KEY=$1 ;;
	esac
	shift
done
[ -n "$KEY" ] || vm_die "usage: kchroot.sh [--run] KEY [--bind DIR]... [-- CMD...]"
[ -z "$RUN" ] || [ $# -ge 1 ] || vm_die "--run needs a command"
vm_check_key "$KEY"
vm_kernel_env "$KEY" >/dev/null || vm_die "cannot fetch kernel $KEY"
[ -n "${KCHROOT_SUITE:-}" ] || vm_die "$KEY builds on the host (no chroot)"

DIR=$CACHE/chroots/$KERNELRELEASE
ROOT=$DIR/root

# Chroots of older releases of the same suite are of no further use.
drop_stale()
{
	local d
	for d in "$CACHE"/chroots/*/; do
		d=${d%/}
		if [ "$d" = "$DIR" ] || [ ! -r "$d/suite" ]; then
			continue
		fi
		[ "$(cat "$d/suite")" = "$KCHROOT_SUITE" ] || continue
		vm_log "removing the chroot of an older $KCHROOT_SUITE kernel: $d"
		rm -rf "$d"
	done
}

build_chroot()
{
	local start=$SECONDS
	find_archives || exit 1
	vm_log "building the $KCHROOT_SUITE chroot for $KERNELRELEASE (mmdebstrap)"
	rm -rf "$DIR"
	mkdir -p "$DIR"
	# A snapshot archive may serve an expired Release (signatures are
	# still checked).
	if ! timeout 1200 mmdebstrap --variant=apt --mode=root \
		--include="dkms,kmod,xz-utils,linux-headers-$KERNELRELEASE" \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		"$KCHROOT_SUITE" "$ROOT" \
		"deb $MAIN_URI $KCHROOT_SUITE main" >"$DIR/mmdebstrap.log" 2>&1; then
		tail -n 30 "$DIR/mmdebstrap.log" >&2
		grep -q "linux-headers-$KERNELRELEASE" "$DIR/mmdebstrap.log" &&
			vm_log "is $KERNELRELEASE still in $KCHROOT_SUITE?" \
				"(tests/vm/fetch-kernel.sh --refresh $KEY)"
		rm -rf "$ROOT"
		vm_die "mmdebstrap failed (log: $DIR/mmdebstrap.log)"
	fi
	echo "$KCHROOT_SUITE" >"$DIR/suite"
	touch "$DIR/.complete"
	vm_log "chroot ready in $((SECONDS - start)) s"
	drop_stale
}

ensure_chroot()
{
	[ ! -e "$DIR/.complete" ] || return 0
	mkdir -p "$CACHE/chroots"
	exec 7>"$CACHE/chroots/$KERNELRELEASE.lock"
	flock -w 1800 7 || vm_die "timed out waiting for another chroot build"
	[ -e "$DIR/.complete" ] || build_chroot
	exec 7>&-
}

# The body run by unshare: ROOT NBINDS BIND... CMD...
# shellcheck disable=SC2016 # expanded by the inner bash
INNER='set -e
root=$1 nb=$2
shift 2
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
while [ "$nb" -gt 0 ]; do
	mkdir -p "$root$1"
	mount --bind "$1" "$root$1"
	nb=$((nb - 1))
	shift
done
exec chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	LANG=C.UTF-8 "$@"'

ensure_chroot
if [ -z "$RUN" ]; then
	echo "$ROOT"
	exit 0
fi
exec unshare --mount --propagation private bash -c "$INNER" kchroot \
	"$ROOT" "${#BINDS[@]}" "${BINDS[@]}" "$@"
