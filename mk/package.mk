# SPDX-License-Identifier: GPL-2.0
#
# Debian packages havege-hwrngd and havege-hwrng-dkms (packaging/debian).
#
#   make deb      copy the tracked source tree to $(DEB_OUT)/havege-hwrng-*, add
#                 packaging/debian as debian/, dpkg-buildpackage -us -uc -b;
#                 the .deb and .changes files land in $(DEB_OUT)
#   make lintian  lintian on what `make deb` built (fails on any E:/W:
#                 tag; overrides in packaging/debian/*.lintian-overrides)
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
# tests/package.t runs deb and lintian and checks the contents of the
# packages.

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

.PHONY: deb deb-src lintian check-system

deb-src:
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_SRC)
	git ls-files -z --cached --others --exclude-standard -- $(DEB_PATHS) \
		':(exclude)scripts/bench' | \
		xargs -0 cp --parents -t $(DEB_SRC)
	cp -R packaging/debian $(DEB_SRC)/debian

deb: deb-src
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b -j2
	@ls $(DEB_OUT)/*.deb

lintian:
	lintian --fail-on error,warning --info --display-info \
		$(DEB_OUT)/havege-hwrng_$(VERSION)-*_$(shell dpkg --print-architecture).changes

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
CHECK_TESTS	+= tests/package.t tests/system-boot.t
