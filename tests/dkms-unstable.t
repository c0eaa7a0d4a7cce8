#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: DKMS on the newest Debian kernel (unstable, 7.x) the way the
# havege-hwrng-dkms package's postinst runs it there: inside a Debian
# unstable chroot built from Debian packages with mmdebstrap (dkms, the
# kernel's linux-headers-<release> and the compiler those headers name;
# tests/vm/kchroot.sh, cached in $CACHE/chroots/<release>), with dkms's
# default trees (/usr/src, /var/lib/dkms, /lib/modules of the chroot).
# The sources are what `make dkms-install DESTDIR=...` stages.
#   - fetch-kernel.sh unstable resolves a kernel of series 7 or newer
#   - the chroot runs the compiler of the headers' CONFIG_CC_VERSION_TEXT
#     (the host's gcc cannot build for this kernel)
#   - dkms add, build -k <release>, install (vermagic <release>, depmod by
#     dkms), status, remove --all (nothing left behind)
# The module this builds is booted with the selftests by
# tests/vm/matrix-unstable.t (same chroot, private trees).  Skipped when
# the archive cannot be reached.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/havege-dkms-sid.XXXXXX)
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
# shellcheck source=tests/vm/dkms-lib.sh
. "$top/tests/vm/dkms-lib.sh"

if ! command -v mmdebstrap >/dev/null || ! command -v dkms >/dev/null; then
	echo "1..0 # SKIP mmdebstrap or dkms not installed (make deps)"
	exit 0
fi
if ! "$VM_DIR/fetch-kernel.sh" unstable >"$tmp/fetch.log" 2>&1; then
	echo "1..0 # SKIP Debian unstable not reachable"
	sed 's/^/# /' "$tmp/fetch.log"
	exit 0
fi

# In the chroot: a clean slate for the package, whatever an interrupted
# earlier run left (the chroot is cached).
clean_chroot() {
	[ -n "${root:-}" ] || return 0
	rm -rf "$root/usr/src/havege-hwrng-$DK_VER" \
		"$root/var/lib/dkms/havege-hwrng" \
		"$root/lib/modules/$DK_REL/updates/dkms/havege_hwrng.ko"*
}
trap 'clean_chroot; rm -rf "$tmp"' EXIT

# in_chroot CMD...: CMD in the unstable chroot.
in_chroot() {
	"$VM_DIR/kchroot.sh" --run unstable -- "$@"
}

setup() {
	dkms_stage "$tmp/dk" && dkms_kernel unstable || return 1
	root=$("$VM_DIR/kchroot.sh" unstable) || return 1
	clean_chroot
	cp -R "$DK_DIR/src/havege-hwrng-$DK_VER" "$root/usr/src/" || return 1
	# The chroot has the headers, not the image: create the modules.dep an
	# installed kernel has, or dkms skips its depmod.
	in_chroot depmod -a "$DK_REL"
}

newest_series() {
	echo "release $DK_REL"
	case $DK_REL in [7-9].* | [1-9][0-9].*) ;; *) return 1 ;; esac
}

# The compiler CONFIG_CC_VERSION_TEXT names runs in the chroot and reports
# exactly that text.
own_compiler() {
	local text cc
	text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' \
		"$root/usr/src/linux-headers-$DK_REL/.config")
	cc=${text%% *}
	echo "headers: $text"
	[ -n "$cc" ] && in_chroot "$cc" --version | head -n 1 | tee "$tmp/cc" &&
		[ "$(cat "$tmp/cc")" = "$text" ]
}

pkg() {	# pkg CMD ARGS...: dkms CMD for the package on the default trees
	local cmd=$1
	shift
	in_chroot dkms "$cmd" -m havege-hwrng -v "$DK_VER" "$@"
}

build() {
	local rc=0
	pkg build -k "$DK_REL" || rc=$?
	cat "$root/var/lib/dkms/havege-hwrng/$DK_VER/build/make.log" 2>/dev/null
	return "$rc"
}

installed() {
	local vm
	pkg install -k "$DK_REL" || return 1
	vm=$(in_chroot modinfo -F vermagic havege_hwrng -k "$DK_REL") || return 1
	echo "modinfo (after dkms's depmod): vermagic $vm"
	case $vm in "$DK_REL "*) ;; *) return 1 ;; esac
}

status_installed() {
	pkg status | tee "$tmp/status" && grep -q ': installed' "$tmp/status"
}

removed_all() {
	pkg remove --all || return 1
	! ls -d "$root/var/lib/dkms/havege-hwrng/$DK_VER" \
		"$root/lib/modules/$DK_REL/updates/dkms/havege_hwrng.ko"* 2>/dev/null
}

echo "1..8"
ok "unstable chroot with dkms and the kernel's headers (mmdebstrap, cached)" setup
echo "# unstable kernel ${DK_REL:-?}"
ok "newest kernel series (7 or newer): ${DK_REL:-?}" newest_series
ok "the chroot runs the compiler the headers name" own_compiler
ok "dkms add /usr/src/havege-hwrng-${DK_VER:-?}" pkg add
ok "dkms build -k ${DK_REL:-?}" build
ok "dkms install: modinfo finds it with vermagic ${DK_REL:-?}" installed
ok "dkms status: installed" status_installed
ok "dkms remove --all leaves nothing" removed_all
