#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the DKMS life cycle of havege-hwrng on one DKMS tree holding every
# host-buildable kernel of the VM matrix (tests/vm/fetch-kernel.sh KEY:
# Debian 5.10, 6.1, 6.12, 6.12-rt).  The sources come from `make
# dkms-install DESTDIR=...`, i.e. exactly what the havege-hwrng-dkms
# package ships; DKMS runs on private trees (tests/vm/dkms-lib.sh), so the
# host's /usr/src, /var/lib/dkms and /lib/modules are not touched.
#   - dkms add
#   - per kernel: dkms build -k RELEASE --kernelsourcedir KDIR; the .ko's
#     vermagic is RELEASE's; dkms install -k RELEASE puts it in
#     updates/dkms and depmod finds it
#   - dkms status lists every kernel as installed
#   - BUILD_EXCLUSIVE_KERNEL refuses 4.19 (dkms exits 77)
#   - dkms remove --all leaves nothing built
# The DKMS-built module booting and passing the selftests in a VM, per
# kernel, is tests/vm/matrix-KEY.t (which builds it the same way); Debian
# unstable's kernel is tests/dkms-unstable.t and tests/vm/matrix-unstable.t.
# A kernel that cannot be fetched (offline) is reported as a skip.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
keys=${DKMS_KEYS:-5.10 6.1 6.12 6.12-rt}
tmp=$(mktemp -d /tmp/havege-dkms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
# shellcheck source=tests/vm/dkms-lib.sh
. "$top/tests/vm/dkms-lib.sh"

if ! command -v dkms >/dev/null; then
	echo "1..0 # SKIP dkms not installed (make deps)"
	exit 0
fi

refuses_old() {
	local rc=0
	mkdir -p "$tmp/old"
	dk build -k 4.19.0-27-amd64 --kernelsourcedir "$tmp/old" || rc=$?
	echo "exit $rc"
	[ "$rc" -eq 77 ]
}

# status_lists N: dkms status shows N installed kernels, at least one
# (no kernel built is no test of dkms).
status_lists() {
	local count
	dk status | tee "$tmp/status"
	count=$(grep -c ': installed' "$tmp/status")
	echo "$count installed, $1 expected"
	[ "$1" -gt 0 ] && [ "$count" -eq "$1" ]
}

# install_counted: dkms_install, counting the kernels installed.
install_counted() {
	dkms_install && built=$((built + 1))
}

removed_all() {
	dk remove --all && ! ls -d "$DK_DIR/dkms/havege-hwrng/$DK_VER" 2>/dev/null
}

echo "1..$((3 * $(echo "$keys" | wc -w) + 5))"
DK_CHROOT=
ok "dkms sources staged by make dkms-install" dkms_stage "$tmp/dk"
ok "dkms add" dk add
built=0
for key in $keys; do
	if ! dkms_kernel "$key" 2>"$tmp/fetch.log" || [ -n "$DK_CHROOT" ]; then
		for t in build vermagic install; do
			skip "$key: kernel not available or not host-buildable ($t)"
		done
		continue
	fi
	ok "$key: dkms build -k $DK_REL${DK_NOTE:+ ($DK_NOTE)}" dkms_build
	ok "$key: module built for $DK_REL (vermagic)" dkms_built_ko
	ok "$key: dkms install -k $DK_REL, depmod finds it" install_counted
done
DK_CHROOT=
ok "dkms status lists the $built installed kernels" status_lists "$built"
ok "BUILD_EXCLUSIVE_KERNEL refuses 4.19" refuses_old
ok "dkms remove --all" removed_all
