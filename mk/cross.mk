# SPDX-License-Identifier: GPL-2.0
#
# aarch64: libhavege and every unit test cross-built with
# CROSS_COMPILE=aarch64-linux-gnu- and run under qemu-aarch64-static
# (tests/aarch64.t, which also fetches arm64 cmocka into $(CACHE)).
#
#   make cross-check     the same TAP run on its own

DEPS += gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static

CHECK_TESTS += tests/aarch64.t

# tests/aarch64.t calls make again and must build where this make does.
export BUILD

.PHONY: cross-check

cross-check: deps
	prove $(PROVE_FLAGS) tests/aarch64.t
