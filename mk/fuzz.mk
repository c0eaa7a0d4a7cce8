# SPDX-License-Identifier: GPL-2.0
#
# libFuzzer targets (tests/fuzz/fuzz_NAME.c): the daemon's option parser,
# the -o specification, the size strings, the SP 800-90B assessment and the
# AIS 31 procedures, each linked against a clang build of the helper
# sources with ASan and UBSan.  Seed corpora: tests/fuzz/corpus/NAME/.
#
#   make fuzz-build             build $(BUILD)/fuzz/fuzz_NAME
#   make fuzz [FUZZ_TIME=600]   fuzz every target FUZZ_TIME seconds
#                               [FUZZ_TARGETS="config olt"]; new inputs go
#                               to $(BUILD)/fuzz/corpus/NAME, crashes to
#                               $(BUILD)/fuzz/artifacts/
#
# tests/fuzz.t (in make check) runs each target FUZZ_CHECK_TIME seconds.

# clang 14 and its compiler-rt (libclang_rt.fuzzer, asan, ubsan)
DEPS		+= clang libclang-rt-dev

FCC		:= clang
FBUILD		:= $(BUILD)/fuzz
FSANFLAGS	:= -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all \
		   -fsanitize=address,undefined
# The gcc warnings of mk/helper.mk; clang does not know the collector's
# "#pragma GCC optimize", and its -Wconversion adds -Wsign-conversion,
# which gcc's (the project's standard) leaves out for C; status.c skips
# "/dev/" with a string plus an offset (-Wstring-plus-int).
FCFLAGS		:= -std=gnu11 $(HWARN) -Wno-unknown-pragmas -Wno-sign-conversion \
		   -Wno-string-plus-int \
		   $(FSANFLAGS)
FUZZ_SRCS	:= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES	:= $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
FUZZ_BINS	:= $(addprefix $(FBUILD)/fuzz_,$(FUZZ_NAMES))
FLIB		:= $(FBUILD)/libhavege.a
FUZZ_TIME	?= 600
FUZZ_TARGETS	?= $(FUZZ_NAMES)

CHECK_PREREQS	+= fuzz-build
CHECK_HOST_TESTS += tests/fuzz.t

.PHONY: fuzz fuzz-build

fuzz-build: $(FUZZ_BINS)

$(FBUILD)/obj/%.o: helper/%.c $(HLIB_HDRS) module/uapi/havege_hwrng.h
	@mkdir -p $(dir $@)
	$(FCC) $(HCPPFLAGS) $(FCFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FLIB): $(patsubst helper/%.c,$(FBUILD)/obj/%.o,$(HLIB_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(FBUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FLIB)
	$(FCC) $(HCPPFLAGS) -Itests/fuzz $(FCFLAGS) -fsanitize=fuzzer \
		-o $@ $< $(FLIB) $(HLIBS)

fuzz: deps fuzz-build
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FBUILD)/corpus/$$t $(FBUILD)/artifacts && \
		echo "fuzz_$$t: $(FUZZ_TIME) s" && \
		$(FBUILD)/fuzz_$$t -max_total_time=$(FUZZ_TIME) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=$(FBUILD)/artifacts/$$t- \
			$(FBUILD)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done
