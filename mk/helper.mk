# SPDX-License-Identifier: GPL-2.0
#
# Userspace: every helper/CONCERN/*.c goes into libhavege.a (noise: timer,
# tuning, collector and raw health tests; online: the AIS-31 procedures;
# assess: SP 800-90B estimators and the credit; condition: SHA-256
# conditioning; daemon: the daemon's parts), every helper/cmd/NAME.c
# is the main() of program NAME, every tests/unit/test_*.c is one cmocka
# program (linked against a sanitizer build of the same library).  Adding a
# file needs no edit here.
#
# Cross builds: make CROSS_COMPILE=aarch64-linux-gnu- (output in build/aarch64).

DEPS += libcmocka-dev pkg-config

# cmocka reports in TAP so prove can aggregate it.
export CMOCKA_MESSAGE_OUTPUT := TAP

HOST_ARCH	:= $(if $(CROSS_COMPILE),$(patsubst %-linux-gnu-,%,$(CROSS_COMPILE)),native)
HBUILD		:= $(BUILD)/$(HOST_ARCH)
HCC		:= $(CROSS_COMPILE)gcc

HWARN		:= -Wall -Wextra -Werror -Wshadow -Wconversion -Wswitch-enum \
		   -Wstrict-prototypes -Wmissing-prototypes
HDIRS		:= noise online assess condition daemon
HCPPFLAGS	:= -Imodule/uapi $(addprefix -Ihelper/,$(HDIRS)) -DHAVEGE_VERSION='"$(VERSION)"' \
		   -D_GNU_SOURCE
HCFLAGS		?= -O2 -g
HCFLAGS_ALL	:= -std=gnu11 $(HWARN) $(HCFLAGS) -fstack-protector-strong \
		   -D_FORTIFY_SOURCE=2 -fPIE
HLDFLAGS	:= -pie -Wl,-z,relro,-z,now
HLIBS		:= -lm
SANFLAGS	:= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all

HLIB_SRCS	:= $(wildcard $(addsuffix /*.c,$(addprefix helper/,$(HDIRS))))
HLIB_HDRS	:= $(wildcard $(addsuffix /*.h,$(addprefix helper/,$(HDIRS))))
HCMD_SRCS	:= $(wildcard helper/cmd/*.c)
HTEST_SRCS	:= $(wildcard tests/unit/test_*.c)

HLIB		:= $(HBUILD)/libhavege.a
HLIB_SAN	:= $(HBUILD)/san/libhavege.a
# The daemon built with ASan+UBSan (SANFLAGS) for tests/hwrngd-vm-asan.t:
# make helper-san -> $(HBUILD)/san/havege-hwrngd
HPROG_SAN	:= $(HBUILD)/san/havege-hwrngd
HPROGS		:= $(patsubst helper/cmd/%.c,$(HBUILD)/%,$(HCMD_SRCS))
HTESTS		:= $(patsubst tests/unit/%.c,$(HBUILD)/unit/%,$(HTEST_SRCS))

.PHONY: helper helper-san unit-build unit

all: helper
helper: $(HPROGS)
unit-build: $(HTESTS)
helper-san: $(HPROG_SAN)

# Run the unit tests alone: make unit
unit: unit-build
	prove $(PROVE_FLAGS) $(HTESTS)

CHECK_PREREQS	+= helper helper-san unit-build
CHECK_HOST_TESTS += $(HTESTS) tests/haveged-diff.t tests/hwrngd-docs.t
CHECK_TESTS	+= tests/hwrngd-cli.t tests/hwrngd-signals.t $(patsubst %,tests/hwrngd-vm-%.t,5.10 6.1 6.12 6.12-rt unstable)
CHECK_TESTS	+= tests/hwrngd-vm-icount.t
# The ASan+UBSan daemon end to end in two 6.1 VMs (about 40 s).
CHECK_TESTS	+= tests/hwrngd-vm-asan.t
CHECK_HOST_TESTS += tests/ais31-cli.t

# SP 800-90B known answers: sp90b-gen writes the synthetic inputs
# (tests/sp90b/gen.c), tests/sp90b-kat.t compares with NIST's values.
SP90B_GEN	:= $(HBUILD)/sp90b-gen
DEPS		+= xz-utils
CHECK_PREREQS	+= $(SP90B_GEN)
CHECK_HOST_TESTS += tests/sp90b-kat.t

$(SP90B_GEN): tests/sp90b/gen.c
	@mkdir -p $(dir $@)
	$(HCC) $(HCPPFLAGS) $(HCFLAGS_ALL) $(HLDFLAGS) -o $@ $< $(HLIBS)

$(HBUILD)/obj/%.o: helper/%.c $(HLIB_HDRS) module/uapi/havege_hwrng.h
	@mkdir -p $(dir $@)
	$(HCC) $(HCPPFLAGS) $(HCFLAGS_ALL) -c -o $@ $<

$(HBUILD)/san/obj/%.o: helper/%.c $(HLIB_HDRS) module/uapi/havege_hwrng.h
	@mkdir -p $(dir $@)
	$(HCC) $(HCPPFLAGS) -std=gnu11 $(HWARN) $(SANFLAGS) -c -o $@ $<

$(HLIB): $(patsubst helper/%.c,$(HBUILD)/obj/%.o,$(HLIB_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^

$(HLIB_SAN): $(patsubst helper/%.c,$(HBUILD)/san/obj/%.o,$(HLIB_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^

$(HBUILD)/%: helper/cmd/%.c $(HLIB)
	$(HCC) $(HCPPFLAGS) $(HCFLAGS_ALL) $(HLDFLAGS) -o $@ $< $(HLIB) $(HLIBS)

# More specific than $(HBUILD)/%, so make prefers it for san/NAME.
$(HBUILD)/san/%: helper/cmd/%.c $(HLIB_SAN)
	$(HCC) $(HCPPFLAGS) -std=gnu11 $(HWARN) $(SANFLAGS) -o $@ $< \
		$(HLIB_SAN) $(HLIBS)

$(HBUILD)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(HLIB_SAN)
	@mkdir -p $(dir $@)
	$(HCC) $(HCPPFLAGS) -Itests/unit -std=gnu11 $(HWARN) $(SANFLAGS) \
		-o $@ $< $(HLIB_SAN) -lcmocka $(HLIBS)
