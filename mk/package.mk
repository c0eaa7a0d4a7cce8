# SPDX-License-Identifier: GPL-2.0
#
# Debian packages havege-hwrngd and havege-hwrng-dkms (packaging/debian).
#
#   make deb      copy the tracked source tree to $(DEB_OUT)/havege-hwrng-*, add
#                 packaging/debian as debian/, dpkg-buildpackage -us -uc -b;
#                 the .deb and .changes files land in $(DEB_OUT)
#   make lintian  lintian on what `make deb` built (fails on any E:/W:
#                 tag; overrides in packaging/debian/*.lintian-overrides)
#
# tests/package.t runs both and checks the contents of the packages.

DEPS += debhelper dh-dkms dkms dpkg-dev fakeroot lintian git python3-yaml

DEB_OUT		:= $(abspath $(BUILD))/deb
DEB_SRC		:= $(DEB_OUT)/havege-hwrng-$(VERSION)
# Everything a package build reads (tests/ and docs/ are not shipped).
DEB_PATHS	:= Makefile Kbuild dkms.conf README.md mk scripts module \
		   helper man packaging

.PHONY: deb deb-src lintian

deb-src:
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_SRC)
	git ls-files -z --cached --others --exclude-standard -- $(DEB_PATHS) | \
		xargs -0 cp --parents -t $(DEB_SRC)
	cp -R packaging/debian $(DEB_SRC)/debian

deb: deb-src
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b -j2
	@ls $(DEB_OUT)/*.deb

lintian:
	lintian --fail-on error,warning --info --display-info \
		$(DEB_OUT)/havege-hwrng_$(VERSION)-*_$(shell dpkg --print-architecture).changes

CHECK_TESTS	+= tests/package.t
