#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print the directory of an extracted Debian linux-source-6.1 tree holding
# the parts this project uses at build time (kselftest harness and lib.mk,
# checkpatch.pl and its data files).  Extracts once into $CACHE.
set -eu

ver=6.1
tarball=/usr/src/linux-source-$ver.tar.xz
cache=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
dest=$cache/linux-source-$ver

[ -r "$tarball" ] || {
	echo "linux-source.sh: $tarball missing (apt-get install linux-source-$ver)" >&2
	exit 1
}
if [ ! -e "$dest/.complete" ] || [ "$tarball" -nt "$dest/.complete" ]; then
	rm -rf "$dest"
	mkdir -p "$dest"
	top=linux-source-$ver
	tar -xJf "$tarball" -C "$dest" --strip-components=1 \
		"$top/tools/testing/selftests/kselftest_harness.h" \
		"$top/tools/testing/selftests/kselftest.h" \
		"$top/tools/testing/selftests/lib.mk" \
		"$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" \
		"$top/scripts/const_structs.checkpatch" \
		"$top/Documentation/dev-tools/checkpatch.rst"
	touch "$dest/.complete"
fi
echo "$dest"
