# SPDX-License-Identifier: GPL-2.0
#
# The debug-kernel lane (docs/testing.md):
#
#   make check-debug    build (once, cached in $(CACHE)/debug-kernel/) a 6.1
#                       kernel from Debian's linux-source-6.1 with KASAN,
#                       lockdep, DEBUG_ATOMIC_SLEEP, kmemleak and
#                       debugobjects (tests/debug-kernel/), then run the
#                       selftests and the daemon's end-to-end guest test
#                       under it, with a kmemleak scan after rmmod
#   make debug-kernel   only build that kernel
#
# Not part of `make check`: the cold kernel build and the KASAN VMs under
# TCG take far longer than CI allows (wall times in README.md).

DEPS += linux-source-6.1 gcc make bc flex bison libelf-dev libssl-dev \
	qemu-system-x86 busybox-static cpio

.PHONY: check-debug check-debug-run debug-kernel

check-debug: deps
	@$(MAKE) --no-print-directory check-debug-run

check-debug-run: selftests-build helper
	prove $(PROVE_FLAGS) tests/debug-kernel.t

debug-kernel:
	tests/debug-kernel/build-kernel.sh
