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
#
#   make bench             issue 13: every figure against every peer, as a
#                          report with plots (< 30 min, not in make check):
#                          scripts/bench/run.sh into bench/results/DATE
#                          (DATE-2, DATE-3, ... if it exists); bench/README.md
#   make bench QUICK=1     the same, shortened (< 5 min)
#
# tests/bench-report.t (in make check) runs the report on hand-made TSVs.

DEPS += haveged ent dieharder time gnuplot-nox

COLLECTOR_GEN	:= $(HBUILD)/collector-gen
BENCH_SIZE	?= 256M

CHECK_PREREQS	+= $(COLLECTOR_GEN)
CHECK_HOST_TESTS += tests/collector-quality.t

BENCH_RESULTS	?= bench/results

CHECK_HOST_TESTS += tests/bench-report.t

.PHONY: bench bench-collector collector-long

bench: deps helper
	@out=$(BENCH_RESULTS)/$$(date -u +%F); \
	if [ -e "$$out" ]; then \
		i=2; while [ -e "$$out-$$i" ]; do i=$$((i + 1)); done; out=$$out-$$i; \
	fi; \
	scripts/bench/run.sh $(if $(filter 1,$(QUICK)),--quick) "$$out"

$(COLLECTOR_GEN): tests/collector_gen.c $(HLIB)
	$(HCC) $(HCPPFLAGS) $(HCFLAGS_ALL) $(HLDFLAGS) -o $@ $< $(HLIB) $(HLIBS)

bench-collector: deps $(COLLECTOR_GEN)
	scripts/bench-collector.sh --size $(BENCH_SIZE) $(COLLECTOR_GEN)

collector-long: deps $(COLLECTOR_GEN)
	scripts/bench-collector.sh --long $(COLLECTOR_GEN)
