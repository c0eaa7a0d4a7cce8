#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the module builds cleanly against the host's Debian 6.1 headers.
#   1  W=1 build succeeds with no warning at all (compiler or modpost)
#   2  the .ko carries the expected modinfo (license, params, vermagic)
#   3  checkpatch.pl --strict (+ codespell) reports nothing
#   4  sparse (C=2) reports nothing
#   5  the ioctl type of module/uapi/havege_hwrng.h is free: no row of
#      Documentation/userspace-api/ioctl/ioctl-number.rst (Debian's
#      linux-source-6.1) has that code, and no header of KDIR defines an
#      _IO/_IOR/_IOW/_IOWR of that type (docs/module.md has the newest
#      kernel's table, checked by hand)
# The build runs in a scratch copy of Kbuild and module/, so the work tree's
# objects are never touched.  KDIR overrides the header tree.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)

find_kdir() {
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
	      sed -n 's/^\(linux-headers-[^ ,]*\).*/\1/p')
	if [ -n "$dep" ] && [ -e "/usr/src/$dep/Makefile" ]; then
		echo "/usr/src/$dep"
		return
	fi
	for d in /usr/src/linux-headers-6.1*-amd64; do
		[ -e "$d/Makefile" ] && echo "$d"
	done | sort -V | tail -n 1
}

kdir=${KDIR:-$(find_kdir)}
if [ -z "$kdir" ] || [ ! -e "$kdir/Makefile" ]; then
	echo "1..0 # SKIP no 6.1 kernel headers (apt-get install linux-headers-amd64)"
	exit 0
fi
release=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
	"$kdir/include/generated/utsrelease.h")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$top/Kbuild" "$top/module" "$tmp/"
rm -f "$tmp"/module/*.o "$tmp"/module/.*.cmd

echo "1..5"
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

mk() {
	make --no-print-directory -C "$top" KDIR="$kdir" MOD_M="$tmp" "$@"
}

# 1: W=1 build, no warnings
mk module W=1 >"$tmp/build.log" 2>&1
rc=$?
grep -Eiq 'warning' "$tmp/build.log" && rc=1
[ -e "$tmp/havege_hwrng.ko" ] || rc=1
tap_result $rc "W=1 build against $release has no warnings" || sed 's/^/# /' "$tmp/build.log"

# 2: modinfo
ko=$tmp/havege_hwrng.ko
rc=1
if [ -e "$ko" ]; then
	modinfo "$ko" >"$tmp/modinfo.log" 2>&1
	rc=0
	for want in '^license: *GPL$' '^description: .' '^author: .' \
		    '^version: *[0-9]' '^parm: *quality:' '^parm: *fifo_size:' \
		    '^parm: *min_reregister_ms:' "^vermagic: *$release "; do
		grep -Eq "$want" "$tmp/modinfo.log" ||
			{ echo "missing: $want" >>"$tmp/modinfo.log"; rc=1; }
	done
fi
tap_result $rc "modinfo: GPL, description, author, version, 3 params, vermagic" ||
	sed 's/^/# /' "$tmp/modinfo.log"

# 3: checkpatch --strict
(cd "$top" && make --no-print-directory style) >"$tmp/style.log" 2>&1
tap_result $? "checkpatch --strict is clean" || sed 's/^/# /' "$tmp/style.log"

# 4: sparse
mk sparse >"$tmp/sparse.log" 2>&1
tap_result $? "sparse (C=2) is clean" || sed 's/^/# /' "$tmp/sparse.log"

# 5: our ioctl type collides with no documented or defined one
magic=$(sed -n 's/^#define HAVEGE_HWRNG_IOC_MAGIC[[:space:]]*\(0x[0-9A-Fa-f]*\).*/\1/p' \
	"$top/module/uapi/havege_hwrng.h")
rst=linux-source-6.1/Documentation/userspace-api/ioctl/ioctl-number.rst
{
	echo "type: ${magic:-missing}"
	[ -n "$magic" ] || exit 1
	tar -xJOf /usr/src/linux-source-6.1.tar.xz --occurrence=1 "$rst" \
		>"$tmp/ioctl-number.rst" || exit 1
	# the code column: 0xNN, or a quoted character ('x') as its code
	rows=$(while IFS= read -r line; do
		case $line in
		0x[0-9A-Fa-f][0-9A-Fa-f]\ *) code=${line%% *} ;;
		\'?\'\ *) code=$(printf '0x%02x' "'${line#?}") ;;
		*) continue ;;
		esac
		[ "$(printf '%d' "$code")" -eq "$(printf '%d' "$magic")" ] &&
			echo "$line"
	done <"$tmp/ioctl-number.rst")
	echo "rows of ioctl-number.rst with code $magic: ${rows:-none}"
	[ "$(grep -c '^0x' "$tmp/ioctl-number.rst")" -gt 50 ] || exit 1
	[ -z "$rows" ] || exit 1
	defs=$(grep -rEi "(^|[^A-Za-z0-9_])_IO(R|W|WR)?\([[:space:]]*$magic[[:space:]]*," \
		"$kdir" "${kdir%-amd64}-common" 2>/dev/null)
	echo "definitions of that type in $kdir: ${defs:-none}"
	[ -z "$defs" ]
} >"$tmp/ioctl.log" 2>&1
tap_result $? "ioctl type ${magic:-?} is in no range of ioctl-number.rst nor defined by $release headers" ||
	sed 's/^/# /' "$tmp/ioctl.log"
