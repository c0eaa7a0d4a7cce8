#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# seed-initramfs.sh OUTDIR
#
# The "initramfs" method of the time-to-seed section (seed.sh, issue 13):
# one real boot of tests/system-boot.t on 6.1 with initramfs-tools (both
# Debian packages of `make deb` installed in a Debian 12 root, the module
# built by DKMS, QEMU -cpu max, 2 vCPUs, random.trust_cpu=off
# random.trust_bootloader=off).  From that boot's kernel log it appends one
# row to OUTDIR/seed.tsv:
#   from_start_s  "crng init done" minus the start of havege-hwrngd
#                 --until-seeded in the initramfs (its "havege-hwrng:
#                 seeding" line)
#   from_boot_s   "crng init done", kernel time since boot
# The boot's TAP goes to OUTDIR/logs/seed/initramfs.tap; a failed boot or
# a missing ordering line is a harness error (exit 1), never a row.
set -uo pipefail

if [ $# -ne 1 ] || [ ! -f "$1/seed.tsv" ]; then
	echo "usage: $0 OUTDIR (with OUTDIR/seed.tsv)" >&2
	exit 2
fi
out=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$out/logs/seed
mkdir -p "$logs" || exit 1

if ! make -C "$top" --no-print-directory deb >"$logs/initramfs-deb.log" 2>&1; then
	echo "seed-initramfs: make deb failed (see $logs/initramfs-deb.log)" >&2
	exit 1
fi
# BOOT_DRACUT_KEYS is a blank: no dracut boot (the default would add them).
BOOT_KEYS=6.1 BOOT_DRACUT_KEYS=' ' nice "$top/tests/system-boot.t" \
	>"$logs/initramfs.tap" 2>&1
rc=$?
line=$(grep -a -m 1 '^# 6.1-initramfs-tools ordering (kernel log, s):' "$logs/initramfs.tap")
start=$(sed -n 's/.* seeding started \([0-9.]*\),.*/\1/p' <<<"$line")
done_s=$(sed -n 's/.* crng init done \([0-9.]*\),.*/\1/p' <<<"$line")
if [ "$rc" -ne 0 ] || [ -z "$start" ] || [ -z "$done_s" ]; then
	echo "seed-initramfs: the boot failed (status $rc) or printed no ordering" \
		"(see $logs/initramfs.tap): ${line:-no line}" >&2
	exit 1
fi
awk -v a="$start" -v c="$done_s" 'BEGIN {
	printf "6.1\t2\tmax\tinitramfs\t1\t%.3f\t%.3f\t1\n", c - a, c }' >>"$out/seed.tsv"
awk -v a="$start" -v c="$done_s" 'BEGIN {
	printf "seed: 6.1 2 max initramfs 1: ready %.3f s from the seeding start, %.3f s from boot\n", c - a, c }'
