#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# unpack-arm64-image.sh VMLINUZ OUT
#
# Write the raw arm64 kernel Image held in a Debian arm64 vmlinuz to OUT,
# for qemu-system-aarch64 -kernel.  Told by the first bytes: a raw Image
# (the "ARM\x64" magic at offset 56 of its header) is copied; a gzip
# stream is decompressed; an EFI zboot image ("MZ", then "zimg" at offset
# 4; payload offset and size as little-endian 32-bit words at 8 and 12,
# the compressor's name at 24) has its payload cut out and decompressed
# (gzip, xz or zstd), since QEMU 7.2 boots no zboot image directly.
set -euo pipefail

die()
{
	echo "unpack-arm64-image.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || die "usage: unpack-arm64-image.sh VMLINUZ OUT"
img=$1
out=$2

# le32 OFFSET: unsigned little-endian 32-bit word of the image.
le32()
{
	od -An -tu4 -j "$1" -N 4 --endian=little "$img" | tr -d ' '
}

# str OFFSET LEN: bytes of the image as text (NULs dropped).
str()
{
	dd if="$img" bs=1 skip="$1" count="$2" 2>/dev/null | tr -d '\0'
}

# decompress: the compressed stream on stdin, by the tool named $1.
decompress()
{
	case $1 in
	gzip) gzip -dc ;;
	xz) xz -dc ;;
	zstd | zstd22) zstd -dcq ;;
	*) die "$img: unknown zboot compression '$1'" ;;
	esac
}

tmp=$out.tmp
if [ "$(str 56 4 | od -An -tx1 | tr -d ' ')" = 41524d64 ]; then
	cp "$img" "$tmp"
elif [ "$(od -An -tx1 -N 2 "$img" | tr -d ' ')" = 1f8b ]; then
	gzip -dc "$img" >"$tmp"
elif [ "$(str 0 2)" = MZ ] && [ "$(str 4 4)" = zimg ]; then
	off=$(le32 8)
	size=$(le32 12)
	comp=$(str 24 8)
	tail -c +"$((off + 1))" "$img" | head -c "$size" | decompress "$comp" >"$tmp"
else
	die "$img: neither an arm64 Image, gzip nor EFI zboot"
fi
[ "$(dd if="$tmp" bs=1 skip=56 count=4 2>/dev/null | od -An -tx1 | tr -d ' ')" = 41524d64 ] ||
	die "$img: the unpacked kernel has no arm64 Image header"
mv "$tmp" "$out"
