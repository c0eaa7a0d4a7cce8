# SPDX-License-Identifier: GPL-2.0
#
# The daemon's soak (tests/hwrngd-soak.t + tests/hwrngd-vm/guest-soak.sh):
# the production havege-hwrngd in module mode in one 6.1 VM with a varying
# read load; its VmRSS, VmSize and open fds sampled every 10 s must stay
# flat (docs/testing.md).
#
#   make soak                    one hour (SOAK_SECONDS=3600): about 61 min
#                                of wall time plus any wait for the VM lock
#   make soak SOAK_SECONDS=N     N seconds
#
# make check runs the same test with its default, SOAK_SECONDS=180 (about
# 3.5 min of wall time: 60 s of warm-up, then 12 samples over two minutes
# of the six load phases repeated; it was 300 s until the arm64 lane
# needed the time).

CHECK_TESTS	+= tests/hwrngd-soak.t

.PHONY: soak soak-run

soak: deps
	@$(MAKE) --no-print-directory soak-run

soak-run: helper
	SOAK_SECONDS=$(or $(SOAK_SECONDS),3600) prove $(PROVE_FLAGS) -v tests/hwrngd-soak.t
