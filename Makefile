# SPDX-License-Identifier: GPL-2.0
#
# havege-hwrng: user-facing Makefile.  The kernel module itself is described
# by ./Kbuild, which kbuild reads in preference to this file, so this file is
# never parsed inside the kernel build.
#
#   make             build the userspace programs (and the module if KDIR exists)
#   make check       install what is needed, then run every test (TAP via prove;
#                    HAVEGE_STRICT=1: a skip not in tests/skip-allow.txt fails)
#   make check-debug the debug-kernel lane (KASAN, lockdep, kmemleak; slow,
#                    not in make check: mk/debug.mk)
#   make demo        boot a VM, load the module, feed it, select and read "havege"
#   make fuzz        longer libFuzzer runs (FUZZ_TIME=seconds, mk/fuzz.mk)
#   make soak        the daemon for an hour in a VM, RSS and fds flat (mk/soak.mk)
#
# KERNELRELEASE/KDIR select the kernel to build against (DKMS passes them);
# `uname -r` is only the last resort.

VERSION		:= 0.1.0
KERNELRELEASE	?= $(shell uname -r)
KDIR		?= /lib/modules/$(KERNELRELEASE)/build
CACHE		?= $(if $(XDG_CACHE_HOME),$(XDG_CACHE_HOME),$(HOME)/.cache)/havege-hwrng
BUILD		?= build
# HAVEGE_STRICT=1 (set by .ci/run): every test runs under
# tests/lib/strict-tap, which fails a TAP skip unless tests/skip-allow.txt
# allows it (docs/testing.md).  Otherwise prove runs the tests directly.
HAVEGE_STRICT	?=
STRICT_EXEC	:= $(if $(filter 1,$(HAVEGE_STRICT)),$(CURDIR)/tests/lib/strict-tap)
PROVE_FLAGS	?= --exec '$(STRICT_EXEC)' --timer

export CACHE HAVEGE_STRICT

# Each fragment appends to these:
#   DEPS          Debian packages the targets below need
#   CHECK_PREREQS targets that must be built before the tests run
#   CHECK_HOST_TESTS  executables emitting TAP that only compute on the host:
#                 no VM, no wall-clock bound, no shared output; prove runs
#                 them first, CHECK_JOBS at a time
#   CHECK_TESTS   executables emitting TAP, aggregated by prove one at a
#                 time after those (the VMs, and every test with a time
#                 bound, get the machine to themselves)
DEPS		:=
CHECK_PREREQS	:=
CHECK_HOST_TESTS :=
CHECK_TESTS	:=
CHECK_JOBS	?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: all check check-run deps demo clean

all:

include mk/deps.mk
include mk/module.mk
include mk/helper.mk
include mk/selftests.mk
include mk/vm.mk
include mk/debug.mk
include mk/cross.mk
include mk/bench.mk
include mk/fuzz.mk
include mk/soak.mk
include mk/install.mk
include mk/package.mk

check: deps
	@$(MAKE) --no-print-directory check-run

# Both groups always run; the target fails if either did.
check-run: $(CHECK_PREREQS)
	@rc=0; \
	echo "prove -j$(CHECK_JOBS) [host tests]"; \
	prove $(PROVE_FLAGS) -j$(CHECK_JOBS) $(CHECK_HOST_TESTS) || rc=1; \
	echo "prove [VM and timed tests]"; \
	prove $(PROVE_FLAGS) $(CHECK_TESTS) || rc=1; \
	exit $$rc

clean:
	rm -rf $(BUILD)
