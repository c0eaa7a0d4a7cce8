#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: a soak of havege-hwrngd (the production build, $BUILD/native) in
# module mode, in one VM on Debian's 6.1 kernel with a second hwrng
# (QEMU's virtio-rng-pci; its modules from the kernel's package go into
# the payload), for SOAK_SECONDS (default 180: make check; make soak runs
# 3600).  The guest (tests/hwrngd-vm/guest-soak.sh) varies the read load
# every few seconds (idle with the FIFO filling, one and three readers,
# rng_current switched to virtio_rng.0 and back, small reads, a reader
# that drains the FIFO, blocks and is killed), samples the daemon's VmRSS,
# RssAnon, VmSize and open fds every SOAK_SAMPLE (10) s, prints the
# samples as TAP comments and asserts: after SOAK_WARMUP (60) s VmRSS
# varies by at most SOAK_RSS_BOUND_KIB (32) and VmSize not at all; the fd
# count never changes; every read succeeds; havege is still registered and
# current at the end; SIGTERM exits 0; no oops in dmesg or the console.
# The VM's timeout is SOAK_SECONDS + 300 s.
# Skips without QEMU or the tests/vm harness.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
key=${SOAK_KERNEL:-6.1}
secs=${SOAK_SECONDS:-180}
warmup=${SOAK_WARMUP:-60}
every=${SOAK_SAMPLE:-10}
bound=${SOAK_RSS_BOUND_KIB:-32}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/native
vm=$top/tests/vm

if ! command -v qemu-system-x86_64 >/dev/null || [ ! -x "$vm/boot.sh" ]; then
	echo "1..0 # SKIP no QEMU or no tests/vm/boot.sh"
	exit 0
fi
[ -x "$bin/havege-hwrngd" ] || { echo "Bail out! $bin/havege-hwrngd missing (make helper)"; exit 1; }

work=$build/vm/hwrngd-soak-$key
rm -rf "$work"
mkdir -p "$work/payload/virtio"
# shellcheck source=tests/hwrngd-vm/host-lib.sh
. "$top/tests/hwrngd-vm/host-lib.sh"
cp "$top/tests/hwrngd-vm/guest-soak.sh" "$top/tests/hwrngd-vm/guest-lib.sh" \
	"$bin/havege-hwrngd" "$work/payload/"

# virtio_rng and what it needs, dependencies first (modinfo's "depends").
virtio_modules()
{
	local env mods
	env=$("$vm/fetch-kernel.sh" --env-file "$key") || return 1
	# shellcheck disable=SC1090
	mods=$(. "$env" && echo "$MODULES")
	add_ko()
	{
		local name=$1 f dep
		grep -qx "$name.ko" "$work/payload/virtio/order" 2>/dev/null && return 0
		f=$(find "$mods/kernel" -name "$name.ko*" | head -n 1)
		[ -n "$f" ] || { echo "no $name.ko in $mods" >&2; return 1; }
		for dep in $(/sbin/modinfo -F depends "$f" | tr ',' ' '); do
			add_ko "$dep" || return 1
		done
		case $f in
		*.xz) xz -dc "$f" >"$work/payload/virtio/$name.ko" ;;
		*.zst) zstd -dcq "$f" >"$work/payload/virtio/$name.ko" ;;
		*) cp "$f" "$work/payload/virtio/$name.ko" ;;
		esac
		echo "$name.ko" >>"$work/payload/virtio/order"
	}
	add_ko virtio_pci && add_ko virtio-rng
}
virtio_modules 2>"$work/virtio.err"
result $? "virtio-rng and virtio-pci modules of $key in the payload ($(tr "\n" " " <"$work/payload/virtio/order" 2>/dev/null))"
sed 's/^/# /' "$work/virtio.err"

if ko=$("$vm/build-module.sh" "$key" 2>"$work/build.err"); then
	t0=$SECONDS
	run_vm soak "guest-soak.sh $key $secs $warmup $every $bound" \
		$((secs + 300)) --module "$ko" --qemu "-device virtio-rng-pci"
	echo "# soak VM: $((SECONDS - t0)) s for SOAK_SECONDS=$secs, with any wait for the VM lock (boot.sh gives the VM's own wall time)"
	report soak
else
	sed 's/^/# /' "$work/build.err"
	result 1 "build havege_hwrng.ko"
fi
echo "1..$n"
