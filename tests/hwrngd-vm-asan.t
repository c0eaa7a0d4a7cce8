#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd built with AddressSanitizer, LeakSanitizer and
# UBSan (make helper-san: $BUILD/native/san/havege-hwrngd, gcc
# -fsanitize=address,undefined -fno-sanitize-recover=all) end to end in
# two VMs on Debian's 6.1 kernel (tests/hwrngd-vm/guest-asan.sh):
#   module    positive controls first (tests/hwrngd-vm/sancheck.c, built
#             with the same flags and run with the same options: a leak,
#             a heap overflow and a signed overflow must each be
#             reported, so the test cannot pass with sanitizers that do
#             not work in the guest), then the real module: seeding,
#             REGISTER, rng_current, /dev/hwrng, --status, SIGUSR1,
#             SIGTERM, output mode (-n, --condition), rmmod
#   fallback  no module: --until-seeded (RNDADDENTROPY), fallback mode,
#             SIGTERM
# After each run of the sanitized daemon, the guest asserts no ASan/LSan
# log file (halt_on_error=1, detect_leaks=1, log_path) and no UBSan
# "runtime error" on its stderr.  The sanitizer runtimes (libasan.so.8,
# libubsan.so.1) reach the initramfs through boot.sh's ldd copy.
# Skips without QEMU or the tests/vm harness.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
key=${HWRNGD_ASAN_KERNEL:-6.1}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
bin=$build/native
san=$bin/san/havege-hwrngd
vm=$top/tests/vm

if ! command -v qemu-system-x86_64 >/dev/null || [ ! -x "$vm/boot.sh" ]; then
	echo "1..0 # SKIP no QEMU or no tests/vm/boot.sh"
	exit 0
fi
[ -x "$san" ] || { echo "Bail out! $san missing (make helper-san)"; exit 1; }

work=$build/vm/hwrngd-asan-$key
rm -rf "$work"
mkdir -p "$work/payload"
# shellcheck source=tests/hwrngd-vm/host-lib.sh
. "$top/tests/hwrngd-vm/host-lib.sh"

cp "$top/tests/hwrngd-vm/guest-asan.sh" "$top/tests/hwrngd-vm/guest-lib.sh" \
	"$work/payload/"
cp "$san" "$work/payload/havege-hwrngd-asan"

# The sanitizer runtimes must resolve here, or the guest gets none.
ldd "$san" >"$work/ldd.txt" 2>&1
grep -q 'libasan\.so.* => /' "$work/ldd.txt" && grep -q 'libubsan\.so.* => /' "$work/ldd.txt"
result $? "the sanitized daemon links libasan and libubsan, found by ldd (copied into the initramfs)"

# The controls with exactly the daemon's flags (SANFLAGS of mk/helper.mk).
gcc -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wconversion \
	-Wstrict-prototypes -Wmissing-prototypes \
	-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all \
	-o "$work/payload/sancheck" "$top/tests/hwrngd-vm/sancheck.c" 2>"$work/sancheck.err"
result $? "build the sanitizer controls (sancheck)"
sed 's/^/# /' "$work/sancheck.err"
gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror \
	-o "$work/payload/seedwait" "$top/tests/hwrngd-vm/seedwait.c" 2>"$work/seedwait.err"
result $? "build the static getrandom probe (seedwait)"
sed 's/^/# /' "$work/seedwait.err"

if ko=$("$vm/build-module.sh" "$key" 2>"$work/build.err"); then
	run_vm module "guest-asan.sh $key module" 900 --module "$ko"
	report module
else
	sed 's/^/# /' "$work/build.err"
	result 1 "build havege_hwrng.ko"
fi
run_vm fallback "guest-asan.sh $key fallback" 900 --no-module
report fallback
grep -a -h '^# time-to-seed' "$work"/*.tap
echo "1..$n"
