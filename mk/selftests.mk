# SPDX-License-Identifier: GPL-2.0
#
# kselftest-style selftests of the module (selftests/havege_hwrng), built
# static into $(BUILD)/selftests together with their guest entry point
# run.sh; the VM harness copies that directory to /payload and runs
# /payload/run.sh, which prints TAP.  On a host without the module every
# test reports SKIP:  make selftests-host

SELFTESTS_OUT	:= $(abspath $(BUILD))/selftests

DEPS += linux-source-6.1 libc6-dev gcc make xz-utils

.PHONY: selftests-build selftests-host

selftests-build:
	@mkdir -p $(SELFTESTS_OUT)
	$(MAKE) --no-print-directory -C selftests/havege_hwrng \
		OUTPUT=$(SELFTESTS_OUT) \
		KSFT_DIR=$$(scripts/linux-source.sh)/tools/testing/selftests

# Host run (no module: everything must SKIP, nothing may fail).
selftests-host: selftests-build
	env -u HAVEGE_KO $(SELFTESTS_OUT)/run.sh

CHECK_PREREQS += selftests-build
# the checkers' self-test needs no device: it also runs on the host
CHECK_HOST_TESTS += $(SELFTESTS_OUT)/verify_test
