# SPDX-License-Identifier: GPL-2.0
#
# The kernel module havege_hwrng.ko (sources: ./Kbuild, module/).
#
#   make module [W=1] [CC=gcc]   build against KDIR (default: the running
#                                kernel's headers; DKMS passes KDIR and
#                                KERNELRELEASE)
#   make module-install          modules_install into KDIR's release + depmod
#   make module-clean            remove the build output
#   make style                   checkpatch.pl --strict (and codespell) over
#                                module/*.[ch]; fails on any report
#   make sparse                  rebuild every object under sparse (C=2);
#                                fails on any warning
#
# MOD_M is the directory kbuild builds in (M=); tests/kernel-build.t points it
# at a scratch copy so a check never touches the work tree's objects.

DEPS += sparse linux-source-6.1 linux-headers-amd64 dwarves codespell kmod

MOD_M		?= $(CURDIR)
MODULE_CSRCS	:= $(wildcard module/*.[ch])
CHECKPATCH_FLAGS := --strict --no-tree -f --terse --show-types \
		    --codespell --codespellfile $(firstword $(wildcard \
		      /usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt \
		      /usr/share/codespell/dictionary.txt) dictionary-missing)

.PHONY: module module-install module-clean style sparse

ifneq ($(wildcard $(KDIR)/Makefile),)
all: module
endif

module:
	$(MAKE) -C $(KDIR) M=$(MOD_M) modules

module-install: module
	$(MAKE) -C $(KDIR) M=$(MOD_M) modules_install
	depmod -a $(KERNELRELEASE)

module-clean:
	@if [ -e $(KDIR)/Makefile ]; then \
		$(MAKE) -C $(KDIR) M=$(MOD_M) clean; \
	else \
		rm -f $(MOD_M)/*.ko $(MOD_M)/*.mod* $(MOD_M)/*.o \
		      $(MOD_M)/module/*.o $(MOD_M)/modules.order \
		      $(MOD_M)/Module.symvers $(MOD_M)/.*.cmd \
		      $(MOD_M)/module/.*.cmd; \
	fi

style:
	@src=$$(scripts/linux-source.sh) && \
	perl "$$src/scripts/checkpatch.pl" $(CHECKPATCH_FLAGS) $(MODULE_CSRCS) && \
	echo "checkpatch --strict: $(words $(MODULE_CSRCS)) files clean"

sparse:
	@command -v sparse >/dev/null || \
		{ echo "sparse: not installed (make deps)" >&2; exit 1; }
	@log=$$(mktemp) && trap 'rm -f "$$log"' EXIT && \
	$(MAKE) --no-print-directory -C $(KDIR) M=$(MOD_M) C=2 modules \
		>"$$log" 2>&1; rc=$$?; cat "$$log"; \
	if [ $$rc -ne 0 ] || grep -Eq '(warning|error):' "$$log"; then \
		echo "sparse: FAILED" >&2; exit 1; \
	fi; \
	echo "sparse: clean"

CHECK_HOST_TESTS += tests/kernel-build.t
