# SPDX-License-Identifier: GPL-2.0
#
# aarch64: libhavege and every unit test cross-built with
# CROSS_COMPILE=aarch64-linux-gnu- and run under qemu-aarch64-static
# (tests/aarch64.t, which also fetches arm64 cmocka into $(CACHE)).
#
#   make cross-check     the same TAP run on its own
#   make cross-vm-build  the arm64 VMs' payloads: havege-hwrngd and
#                        havege-ais31 in
#                        $(BUILD)/aarch64 (dynamic: boot.sh copies the cross
#                        sysroot's libc), the static getrandom probe
#                        $(BUILD)/aarch64/seedwait and the selftests in
#                        $(BUILD)/aarch64/selftests (static)
#   make check-arm64     the arm64 VM lane on its own (make check runs it
#                        too, after the amd64 matrix):
#                        tests/vm/matrix-{6.1,6.12}-arm64.t (DKMS cross
#                        build, smoke, selftests, virtio-rng) and
#                        tests/hwrngd-vm-{6.1,6.12}-arm64.t (the daemon)

DEPS += gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static \
	qemu-system-arm binutils-aarch64-linux-gnu

CHECK_HOST_TESTS += tests/aarch64.t

# tests/aarch64.t calls make again and must build where this make does.
export BUILD

CROSS_AARCH64		:= aarch64-linux-gnu-
CROSS_OUT		:= $(abspath $(BUILD))/aarch64
CROSS_SELFTESTS_OUT	:= $(CROSS_OUT)/selftests

ARM64_TESTS		:= $(foreach k,6.1 6.12,tests/vm/matrix-$(k)-arm64.t \
			     tests/hwrngd-vm-$(k)-arm64.t)

CHECK_PREREQS	+= cross-vm-build
CHECK_TESTS	+= $(ARM64_TESTS)

.PHONY: cross-check cross-vm-build cross-helper cross-selftests-build \
	check-arm64

cross-check: deps
	prove $(PROVE_FLAGS) tests/aarch64.t

check-arm64: cross-vm-build
	prove $(PROVE_FLAGS) $(ARM64_TESTS)

cross-vm-build: cross-helper $(CROSS_OUT)/seedwait cross-selftests-build

# helper.mk's rules with the cross compiler (HBUILD = $(BUILD)/aarch64)
cross-helper:
	$(MAKE) --no-print-directory CROSS_COMPILE=$(CROSS_AARCH64) helper

# The probe is static like the native one of tests/hwrngd-vm.t.
$(CROSS_OUT)/seedwait: tests/hwrngd-vm/seedwait.c
	@mkdir -p $(dir $@)
	$(CROSS_AARCH64)gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra \
		-Werror -Wshadow -Wconversion -Wstrict-prototypes \
		-Wmissing-prototypes -o $@ $<

# lib.mk takes CC from CROSS_COMPILE.
cross-selftests-build:
	@mkdir -p $(CROSS_SELFTESTS_OUT)
	$(MAKE) --no-print-directory -C selftests/havege_hwrng \
		OUTPUT=$(CROSS_SELFTESTS_OUT) CROSS_COMPILE=$(CROSS_AARCH64) \
		KSFT_DIR=$$(scripts/linux-source.sh)/tools/testing/selftests
