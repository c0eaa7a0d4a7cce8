# SPDX-License-Identifier: GPL-2.0
#
# The HAVEGE collector outside the daemon: collector-gen writes its output
# (optionally under continuous AIS 31 procedures A and B).
#
#   make bench-collector   side by side with Debian's haveged: throughput
#                          raw and under continuous tests, CPU time per MB,
#                          peak RSS, ratios (scripts/bench-collector.sh)
#   make collector-long    ent on 256 MB of output, dieharder -a on a
#                          stream of fresh output (long; not in make check)
#
# tests/collector-quality.t (in make check) runs procedures A and B over
# 64 MB of output on the real timer.

DEPS += haveged ent dieharder time

COLLECTOR_GEN	:= $(HBUILD)/collector-gen
BENCH_SIZE	?= 256M

CHECK_PREREQS	+= $(COLLECTOR_GEN)
CHECK_TESTS	+= tests/collector-quality.t

.PHONY: bench-collector collector-long

$(COLLECTOR_GEN): tests/collector_gen.c $(HLIB)
	$(HCC) $(HCPPFLAGS) $(HCFLAGS_ALL) $(HLDFLAGS) -o $@ $< $(HLIB) $(HLIBS)

bench-collector: deps $(COLLECTOR_GEN)
	scripts/bench-collector.sh --size $(BENCH_SIZE) $(COLLECTOR_GEN)

collector-long: deps $(COLLECTOR_GEN)
	scripts/bench-collector.sh --long $(COLLECTOR_GEN)
