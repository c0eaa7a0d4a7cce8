# SPDX-License-Identifier: GPL-2.0
#
# Kernel tests in QEMU/TCG on Debian's own kernels (tests/vm/, see
# tests/vm/README.md).  Kernels are downloaded once into $(CACHE).
#
#   make vm-fetch         fetch the five kernels of the matrix
#   make vm-smoke         smoke test (load/unload) on every kernel
#   make vm-test-KEY      the matrix test of one kernel (KEY: 5.10 6.1 6.12
#                         6.12-rt unstable): the module is built and
#                         installed with DKMS (unstable: in a cached Debian
#                         unstable chroot, mmdebstrap) and booted
#   make demo             boot the 6.1 VM, load, feed, select and read "havege"
#                         (DEMO_KERNEL=KEY picks another kernel)

DEPS += qemu-system-x86 busybox-static cpio xz-utils zstd dwarves kmod \
	gcc make bc flex bison libelf-dev libssl-dev debian-archive-keyring \
	dkms mmdebstrap util-linux

VM_KEYS		:= 5.10 6.1 6.12 6.12-rt unstable
VM_TESTS	:= $(patsubst %,tests/vm/matrix-%.t,$(VM_KEYS))
DEMO_KERNEL	?= 6.1

CHECK_TESTS	+= $(VM_TESTS)

.PHONY: demo-run vm-fetch vm-smoke $(addprefix vm-test-,$(VM_KEYS))

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: helper
	tests/vm/demo.sh $(DEMO_KERNEL)

vm-fetch:
	@for k in $(VM_KEYS); do tests/vm/fetch-kernel.sh $$k || exit 1; done

vm-smoke:
	@for k in $(VM_KEYS); do \
		tests/vm/boot.sh --kernel $$k --payload tests/vm/smoke \
			--run /payload/run.sh --timeout 300 || exit 1; \
	done

$(addprefix vm-test-,$(VM_KEYS)): vm-test-%: selftests-build
	prove $(PROVE_FLAGS) tests/vm/matrix-$*.t
