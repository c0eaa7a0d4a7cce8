#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the Debian packages (make deb, mk/package.mk).
#   - dpkg-buildpackage -us -uc -b builds havege-hwrngd and havege-hwrng-dkms
#   - lintian reports no error or warning (overrides are commented)
#   - havege-hwrngd holds the daemon, checker, man pages, header, unit, udev
#     rule, default file (a conffile) and the initramfs hooks; its maintainer
#     scripts enable the unit
#   - havege-hwrng-dkms holds the module sources with dkms.conf, the
#     modules-load.d entry, and registers with DKMS in its postinst
#   - the packaged daemon runs (--version)
#   - the packaged unit's systemd-analyze security exposure is at most 2.0
#   - the cloud-init snippet and the diskimage-builder element are complete
#   - make deb-arm64 cross-builds havege-hwrngd for arm64 (dpkg-buildpackage
#     -aarm64 -B), lintian clean; its daemon and checker are AArch64 PIE
#     with BIND_NOW, it depends on libc6 (shlibs of Debian's libc6:arm64),
#     holds the same paths with the same modes as the amd64 package, and
#     the packaged daemon runs under qemu-aarch64-static (the cross build
#     and its lintian take about as long as the native ones: package.t went
#     from 41 s to 90 s on the 2-core machine)
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
out=$build/deb
out_arm64=$build/deb-arm64
tmp=$(mktemp -d /tmp/havege-package.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

for tool in dpkg-buildpackage dh_dkms lintian; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool not installed (make deps)"
		exit 0
	fi
done

deb_of() {	# deb_of PACKAGE [DIR]: path of its .deb in DIR ($out)
	for f in "${2:-$out}/$1"_*.deb; do
		[ -e "$f" ] && echo "$f" && return 0
	done
}

# has DEB PATH MODE...: each PATH is in DEB with the given ls-style mode
has() {
	deb=$1
	shift
	dpkg-deb -c "$deb" | awk '{print $1, substr($6, 2)}' >"$tmp/list"
	while [ $# -ge 2 ]; do
		grep -qx -- "$2 $1" "$tmp/list" || {
			echo "missing $2 $1 in $(basename "$deb")"
			return 1
		}
		shift 2
	done
}

hwrngd_files() {
	has "$(deb_of havege-hwrngd)" \
		/usr/sbin/havege-hwrngd -rwxr-xr-x \
		/usr/bin/havege-ais31 -rwxr-xr-x \
		/usr/share/man/man8/havege-hwrngd.8.gz -rw-r--r-- \
		/usr/share/man/man1/havege-ais31.1.gz -rw-r--r-- \
		/usr/share/man/man4/havege_hwrng.4.gz -rw-r--r-- \
		/usr/include/havege_hwrng.h -rw-r--r-- \
		/lib/systemd/system/havege-hwrngd.service -rw-r--r-- \
		/lib/udev/rules.d/60-havege-hwrng.rules -rw-r--r-- \
		/etc/default/havege-hwrngd -rw-r--r-- \
		/usr/share/initramfs-tools/hooks/havege-hwrng -rwxr-xr-x \
		/usr/share/initramfs-tools/scripts/init-top/havege-hwrng -rwxr-xr-x \
		/usr/lib/dracut/modules.d/90havege-hwrng/module-setup.sh -rwxr-xr-x
}

hwrngd_scripts() {
	d=$tmp/ctl-hwrngd
	dpkg-deb -e "$(deb_of havege-hwrngd)" "$d" || return 1
	grep -qx /etc/default/havege-hwrngd "$d/conffiles" &&
	grep -q "deb-systemd-helper enable 'havege-hwrngd.service'" "$d/postinst" &&
	grep -q update-initramfs "$d/triggers"
}

dkms_files() {
	deb=$(deb_of havege-hwrng-dkms)
	src=/usr/src/havege-hwrng-0.1.0
	has "$deb" $src/dkms.conf -rw-r--r-- $src/Kbuild -rw-r--r-- \
		$src/Makefile -rw-r--r-- $src/module/main.c -rw-r--r-- \
		$src/module/uapi/havege_hwrng.h -rw-r--r-- \
		/usr/lib/modules-load.d/havege_hwrng.conf -rw-r--r-- || return 1
	# sources only: no object, no userspace, no packaging
	! dpkg-deb -c "$deb" | grep -E '\.(o|ko|cmd)$|/helper/|/debian/'
}

dkms_scripts() {
	d=$tmp/ctl-dkms
	dpkg-deb -e "$(deb_of havege-hwrng-dkms)" "$d" || return 1
	grep -q 'DKMS_NAME=havege-hwrng$' "$d/postinst" &&
	grep -q common.postinst "$d/postinst" &&
	grep -q 'dkms remove' "$d/prerm" &&
	dpkg-deb -f "$(deb_of havege-hwrng-dkms)" Depends | grep -q dkms
}

runs() {
	dpkg-deb -x "$(deb_of havege-hwrngd)" "$tmp/root" &&
	"$tmp/root/usr/sbin/havege-hwrngd" --version | grep -q '^havege-hwrngd 0\.1\.0' &&
	"$tmp/root/usr/bin/havege-ais31" --help 2>&1 | grep -q 'procedure A'
}

exposure() {
	command -v systemd-analyze >/dev/null ||
		{ echo "systemd-analyze not installed (make deps: systemd)"; return 1; }
	dpkg-deb -x "$(deb_of havege-hwrngd)" "$tmp/root" || return 1
	systemd-analyze security --offline=yes \
		"$tmp/root/lib/systemd/system/havege-hwrngd.service" >"$tmp/sec" 2>&1
	score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' \
		"$tmp/sec")
	echo "exposure $score"
	[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'
}

# The cloud-init snippet is cloud-config YAML that installs and enables.
cloud_config() {
	f=$top/packaging/cloud-init/havege-hwrng.yaml
	[ "$(head -n 1 "$f")" = "#cloud-config" ] || return 1
	python3 - "$f" <<-'PY'
	import sys, yaml
	d = yaml.safe_load(open(sys.argv[1]))
	cmds = " ".join(" ".join(c) if isinstance(c, list) else c
	                for c in d["runcmd"])
	assert "havege-hwrngd_" in cmds and "havege-hwrng-dkms_" in cmds, cmds
	assert "enable" in cmds and "havege-hwrngd.service" in cmds, cmds
	PY
}

# The diskimage-builder element: executable phase scripts that copy the
# packages in, install them and enable the unit.
dib_element() {
	e=$top/packaging/diskimage-builder/havege-hwrng
	test -x "$e/extra-data.d/50-havege-hwrng-debs" &&
	test -x "$e/install.d/50-havege-hwrng" &&
	grep -q 'systemctl enable havege-hwrngd.service' \
		"$e/install.d/50-havege-hwrng" &&
	grep -q DIB_HAVEGE_DEB_DIR "$e/README.rst"
}

# The arm64 package (make deb-arm64).
QEMU=qemu-aarch64-static
SYSROOT=/usr/aarch64-linux-gnu

# arm64_elf: the daemon and the checker are AArch64 position-independent
# executables bound at load time (hardened like the native ones).
arm64_elf() {
	dpkg-deb -x "$(deb_of havege-hwrngd "$out_arm64")" "$tmp/arm64" ||
		return 1
	for prog in usr/sbin/havege-hwrngd usr/bin/havege-ais31; do
		readelf -h -d "$tmp/arm64/$prog" >"$tmp/elf" || return 1
		if ! grep -Eq 'Machine: +AArch64' "$tmp/elf" ||
		   ! grep -Eq 'Type: +DYN' "$tmp/elf" ||
		   ! grep -q 'FLAGS_1.*NOW.*PIE' "$tmp/elf"; then
			echo "$prog:"
			cat "$tmp/elf"
			return 1
		fi
	done
}

# arm64_depends: Depends is libc6 (>= VERSION), Debian's libc6, not the
# cross toolchain's libc6-arm64-cross.
arm64_depends() {
	dep=$(dpkg-deb -f "$(deb_of havege-hwrngd "$out_arm64")" Depends)
	echo "Depends: $dep"
	echo "$dep" | grep -Eq '(^|, )libc6 \(>= [0-9][0-9.]*\)(,|$)' &&
	! echo "$dep" | grep -q cross
}

# same_files: the arm64 package holds the amd64 package's paths with the
# same modes.
same_files() {
	for a in amd64:"$out" arm64:"$out_arm64"; do
		dpkg-deb -c "$(deb_of havege-hwrngd "${a#*:}")" |
			awk '{print $1, $6}' | sort >"$tmp/files-${a%%:*}" || return 1
	done
	[ -s "$tmp/files-amd64" ] && diff "$tmp/files-amd64" "$tmp/files-arm64"
}

arm64_runs() {
	QEMU_LD_PREFIX=$SYSROOT $QEMU "$tmp/arm64/usr/sbin/havege-hwrngd" \
		--version | grep -q '^havege-hwrngd 0\.1\.0' &&
	QEMU_LD_PREFIX=$SYSROOT $QEMU "$tmp/arm64/usr/bin/havege-ais31" \
		--help 2>&1 | grep -q 'procedure A'
}

echo "1..16"
ok "make deb (dpkg-buildpackage -us -uc -b)" \
	make --no-print-directory -C "$top" deb
ok "lintian: no error or warning" \
	make --no-print-directory -C "$top" lintian
ok "havege-hwrngd: files and modes" hwrngd_files
ok "havege-hwrngd: conffile, unit enabled, initramfs trigger" hwrngd_scripts
ok "havege-hwrng-dkms: sources, dkms.conf, modules-load.d" dkms_files
ok "havege-hwrng-dkms: DKMS postinst/prerm and dependency" dkms_scripts
ok "packaged programs run" runs
ok "systemd-analyze security exposure <= 2.0" exposure
sed -n 's/.*\(Overall exposure level.*\)/# \1/p' "$tmp/sec" 2>/dev/null
ok "cloud-init snippet installs and enables" cloud_config
ok "diskimage-builder element layout" dib_element

if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
	for t in deb-arm64 lintian-arm64 elf depends files runs; do
		skip "arm64 $t: aarch64-linux-gnu-gcc not installed (make deps)"
	done
	exit $((fails > 0))
fi
if ok "make deb-arm64 (dpkg-buildpackage -aarm64 -B)" \
	make --no-print-directory -C "$top" deb-arm64; then
	ok "arm64: lintian: no error or warning" \
		make --no-print-directory -C "$top" lintian-arm64
	ok "arm64: daemon and checker are AArch64 PIE, BIND_NOW" arm64_elf
	ok "arm64: Depends names libc6" arm64_depends
	sed -n 's/^Depends/# &/p' "$tmp/tap-out"
	ok "arm64: same paths and modes as the amd64 package" same_files
	if command -v "$QEMU" >/dev/null && [ -d "$SYSROOT/lib" ]; then
		ok "arm64: packaged programs run under $QEMU" arm64_runs
	else
		skip "arm64 run: $QEMU or libc6-arm64-cross missing (make deps)"
	fi
else
	for t in lintian-arm64 elf depends files runs; do
		skip "arm64 $t: make deb-arm64 failed"
	done
fi
[ "$fails" -eq 0 ]
