#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# unpack-vmlinux.sh BZIMAGE OUT
#
# Write the uncompressed ELF kernel held in an x86 bzImage to OUT, so QEMU
# can boot it through its PVH entry point.  The payload is located with the
# boot protocol header (setup_sects at 0x1f1, payload_offset at 0x248,
# payload_length at 0x24c; boot protocol 2.08+) rather than by scanning for
# magic numbers, and its format is told by its first bytes.
set -euo pipefail

die()
{
	echo "unpack-vmlinux.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || die "usage: unpack-vmlinux.sh BZIMAGE OUT"
img=$1
out=$2

# le32 OFFSET [BYTES]: unsigned little-endian integer read from the image.
le()
{
	od -An -t "u${2:-4}" -j "$1" -N "${2:-4}" --endian=little "$img" | tr -d ' '
}

[ "$(dd if="$img" bs=1 skip=$((0x202)) count=4 2>/dev/null)" = HdrS ] ||
	die "$img: no bzImage boot header"
proto=$(le $((0x206)) 2)
[ "$proto" -ge $((0x208)) ] || die "$img: boot protocol too old ($proto)"
setup_sects=$(le $((0x1f1)) 1)
[ "$setup_sects" -ne 0 ] || setup_sects=4
offset=$(( (setup_sects + 1) * 512 + $(le $((0x248))) ))
length=$(le $((0x24c)))
magic=$(od -An -tx1 -j "$offset" -N 6 "$img" | tr -d ' \n')

# payload BYTES: the first BYTES bytes of the compressed payload.
payload()
{
	dd if="$img" bs=1M iflag=skip_bytes,count_bytes skip="$offset" \
		count="$1" status=none
}

# xz and zstd payloads end with the kernel's 4-byte size trailer.
case $magic in
fd377a585a00) payload $((length - 4)) | xz -dc --single-stream >"$out.tmp" ;;
28b52ffd*) payload $((length - 4)) | zstd -dcq >"$out.tmp" ;;
1f8b*) payload "$length" | gzip -dc >"$out.tmp" ;;
*) die "$img: unsupported payload format (magic $magic)" ;;
esac

[ "$(head -c 4 "$out.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] ||
	die "$img: payload is not an ELF file"
mv "$out.tmp" "$out"
