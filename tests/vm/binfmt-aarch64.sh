#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# binfmt-aarch64.sh on
# binfmt-aarch64.sh off [mounted] [registered]
#
# Host state for running arm64 programs in a chroot (mmdebstrap
# --architectures=arm64, mkinitramfs in an arm64 root): "on" mounts
# binfmt_misc at /proc/sys/fs/binfmt_misc if it is not mounted and
# registers qemu-aarch64 from qemu-user-static's own entry
# (/usr/lib/binfmt.d/qemu-aarch64.conf, flag F: the interpreter is opened
# now, so it works inside chroots) if it is not registered.  It prints
# what it changed ("mounted", "registered", or nothing); "off" given those
# words undoes exactly that, so an entry or mount that was there before
# stays.  Needs root.  Used by tests/system-boot.t with BOOT_ARCH=arm64.
set -u

dir=/proc/sys/fs/binfmt_misc
conf=/usr/lib/binfmt.d/qemu-aarch64.conf

case ${1:-} in
on)
	changed=
	if [ ! -e "$dir/register" ]; then
		mount -t binfmt_misc binfmt_misc "$dir" || exit 1
		changed=mounted
	fi
	if [ ! -e "$dir/qemu-aarch64" ]; then
		[ -r "$conf" ] || { echo "$conf: missing (qemu-user-static)" >&2; exit 1; }
		grep -v -e '^#' -e '^$' "$conf" >"$dir/register" || exit 1
		changed="$changed registered"
	fi
	grep -qx enabled "$dir/qemu-aarch64" || exit 1
	echo "$changed"
	;;
off)
	shift
	rc=0
	for what in "$@"; do
		case $what in
		registered) echo -1 >"$dir/qemu-aarch64" || rc=1 ;;
		esac
	done
	for what in "$@"; do
		case $what in
		mounted) umount "$dir" || rc=1 ;;
		esac
	done
	exit "$rc"
	;;
*)
	echo "usage: binfmt-aarch64.sh on | off [mounted] [registered]" >&2
	exit 2
	;;
esac
