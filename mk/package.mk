# SPDX-License-Identifier: GPL-2.0
#
# Debian packages havege-hwrngd and havege-hwrng-dkms (packaging/debian).
#
#   make deb      copy the tracked source tree to $(DEB_OUT)/havege-hwrng-*, add
#                 packaging/debian as debian/, dpkg-buildpackage -us -uc -b;
#                 the .deb and .changes files land in $(DEB_OUT)
#   make lintian  lintian on what `make deb` built (fails on any E:/W:
#                 tag; overrides in packaging/debian/*.lintian-overrides)
#   make deb-arm64   the same copy in $(DEB_CROSS_OUT) (build/deb-arm64),
#                 cross-built for arm64 with the toolchain of mk/cross.mk:
#                 dpkg-buildpackage -aarm64 -Pcross,nocheck -B -d -us -uc:
#                 only havege-hwrngd_*_arm64.deb (havege-hwrng-dkms is
#                 Architecture: all, built by make deb).  Its shlibs come
#                 from Debian's libc6:arm64 of the host's release, fetched
#                 once into $(CACHE)/libc6-arm64 (tests/lib/debian-fetch.sh)
#   make lintian-arm64   lintian on what `make deb-arm64` built
#   make check-system   only the boot test (tests/system-boot.t): an
#                 mmdebstrap root with both packages as an ext4 disk image
#                 (mkfs.ext4 -d), booted under QEMU with the initrd of
#                 initramfs-tools and of dracut on 6.1 and 6.12
#                 (BOOT_KEYS=..., BOOT_DRACUT_KEYS=...); part of make check
#   make check-system-arm64   the same boot test for arm64 (BOOT_ARCH=arm64,
#                 kernel 6.1-arm64, initramfs-tools and dracut): an arm64
#                 mmdebstrap root with havege-hwrngd_*_arm64.deb of make
#                 deb-arm64, booted under qemu-system-aarch64.  Not in
#                 make check (about 16 min with an empty cache, 6 with it; see
#                 docs/testing.md).  Changes host state for the run: it
#                 mounts binfmt_misc and registers qemu-aarch64
#                 (qemu-user-static's entry) if they were not, and
#                 undoes only that at the end (tests/vm/binfmt-aarch64.sh)
#
# tests/package.t runs deb, lintian, deb-arm64 and lintian-arm64 and checks
# the contents of the packages.

DEPS += debhelper dh-dkms dkms dpkg-dev fakeroot lintian git python3-yaml \
	mmdebstrap qemu-system-x86 cpio debian-archive-keyring e2fsprogs kmod
# mmdebstrap --architectures=arm64 (check-system-arm64) needs arch-test
DEPS += arch-test

DEB_OUT		:= $(abspath $(BUILD))/deb
DEB_SRC		:= $(DEB_OUT)/havege-hwrng-$(VERSION)
# Everything a package build reads (tests/, docs/ and the benchmarks in
# scripts/bench are not shipped).
DEB_PATHS	:= Makefile Kbuild dkms.conf README.md mk scripts module \
		   helper man packaging

DEB_CROSS_ARCH	:= arm64
DEB_CROSS_OUT	:= $(abspath $(BUILD))/deb-$(DEB_CROSS_ARCH)
DEB_CROSS_SRC	:= $(DEB_CROSS_OUT)/havege-hwrng-$(VERSION)
# libc6:arm64 unpacked with dpkg-deb -R: DEBIAN/symbols and shlibs for
# dh_shlibdeps (packaging/debian/rules, HAVEGE_DEB_SHLIBS)
DEB_CROSS_LIBC	:= $(CACHE)/libc6-$(DEB_CROSS_ARCH)

LINTIAN		:= lintian --fail-on error,warning --info --display-info

.PHONY: deb deb-src lintian deb-arm64 deb-arm64-src lintian-arm64 \
	check-system

# deb_copy DIR: the package sources, fresh, in DIR
define deb_copy
	rm -rf $(1)
	mkdir -p $(1)
	git ls-files -z --cached --others --exclude-standard -- $(DEB_PATHS) \
		':(exclude)scripts/bench' | \
		xargs -0 cp --parents -t $(1)
	cp -R packaging/debian $(1)/debian
endef

deb-src:
	rm -rf $(DEB_OUT)
	$(call deb_copy,$(DEB_SRC))

deb: deb-src
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b -j2
	@ls $(DEB_OUT)/*.deb

lintian:
	$(LINTIAN) $(DEB_OUT)/havege-hwrng_$(VERSION)-*_$(shell dpkg --print-architecture).changes

deb-arm64-src:
	rm -rf $(DEB_CROSS_OUT)
	$(call deb_copy,$(DEB_CROSS_SRC))

# -d: the build dependencies cannot be checked for arm64, that needs
# libc6:arm64 and pkg-config:arm64 ... installed through a foreign dpkg
# architecture (dpkg --add-architecture), which the host's dpkg and apt
# configuration must not get; the cross compiler of mk/cross.mk (make
# deps) is what the build really uses.  CC is only what dpkg-architecture
# checks the host type against (the upstream Makefile takes CROSS_COMPILE);
# nocheck and the cross profile: the package has no build-time tests
# (override_dh_auto_test), which keeps dh from warning about running them.
deb-arm64: deb-arm64-src $(DEB_CROSS_LIBC)/DEBIAN/symbols
	cd $(DEB_CROSS_SRC) && HAVEGE_DEB_SHLIBS=$(DEB_CROSS_LIBC) \
		CC=$(CROSS_AARCH64)gcc DEB_BUILD_OPTIONS=nocheck \
		dpkg-buildpackage -a$(DEB_CROSS_ARCH) -Pcross,nocheck -B -d \
		-us -uc -j2
	@ls $(DEB_CROSS_OUT)/*.deb

lintian-arm64:
	$(LINTIAN) $(DEB_CROSS_OUT)/havege-hwrng_$(VERSION)-*_$(DEB_CROSS_ARCH).changes

$(DEB_CROSS_LIBC)/DEBIAN/symbols:
	rm -rf $(DEB_CROSS_LIBC).tmp
	tests/lib/debian-fetch.sh $(DEB_CROSS_ARCH) $(DEB_CROSS_LIBC).tmp/debs libc6
	dpkg-deb -R $(DEB_CROSS_LIBC).tmp/debs/libc6_*_$(DEB_CROSS_ARCH).deb \
		$(DEB_CROSS_LIBC).tmp/root
	rm -rf $(DEB_CROSS_LIBC)
	mv $(DEB_CROSS_LIBC).tmp/root $(DEB_CROSS_LIBC)
	rm -rf $(DEB_CROSS_LIBC).tmp

# The packages of the current tree (make check: package.t built them).
check-system: deps
	@$(MAKE) --no-print-directory deb
	prove $(PROVE_FLAGS) tests/system-boot.t

# The arm64 packages: the dkms one of make deb, the daemon of make deb-arm64.
.PHONY: check-system-arm64
check-system-arm64: deps
	@$(MAKE) --no-print-directory deb
	@$(MAKE) --no-print-directory deb-arm64
	BOOT_ARCH=arm64 prove $(PROVE_FLAGS) tests/system-boot.t

# system-boot.t after package.t, which leaves the packages in $(DEB_OUT).
CHECK_HOST_TESTS += tests/package.t
CHECK_TESTS	+= tests/system-boot.t
