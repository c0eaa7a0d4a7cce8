#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh [KEY]
#
# `make demo`: boot Debian's KEY kernel (default 6.1) in a VM, load the
# module, start the feeder, show rng_available, select "havege" in
# rng_current and read /dev/hwrng, everything shown as it happens.  The
# feeder is the real daemon, $BUILD/native/havege-hwrngd (make helper).
# Exits non-zero if any step failed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KEY=${1:-6.1}
vm_check_key "$KEY"
feeder=$BUILD_DIR/native/havege-hwrngd
[ -x "$feeder" ] || vm_die "$feeder missing: run make helper"

payload=$BUILD_DIR/vm/demo/payload
rm -rf "$payload"
mkdir -p "$payload"
cp "$VM_DIR/demo/guest.sh" "$feeder" "$payload/"

echo "=== Preparing Debian's $KEY kernel and the module (cached after the first run) ==="
env=$("$VM_DIR/fetch-kernel.sh" "$KEY")
echo "$env" | sed -n "s/^KERNELRELEASE='\(.*\)'$/kernel: \1/p"
ko=$("$VM_DIR/build-module.sh" "$KEY")
echo "module: $ko"
echo
echo "=== Booting the VM (QEMU/TCG, no virtio-rng, random.trust_cpu=off) ==="
rc=0
"$VM_DIR/boot.sh" --kernel "$KEY" --module "$ko" --payload "$payload" \
	--run /payload/guest.sh --timeout 300 || rc=$?
echo
if [ "$rc" -eq 0 ]; then
	echo "=== demo: PASSED ==="
else
	echo "=== demo: FAILED (status $rc) ==="
fi
exit "$rc"
