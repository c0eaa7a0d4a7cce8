# SPDX-License-Identifier: GPL-2.0
#
# Installation of the userspace side and its distribution glue.
#
#   make install   [DESTDIR=] [PREFIX=/usr/local]   daemon, checker, man
#                  pages, UAPI header, systemd unit, modules-load.d entry,
#                  udev rule, /etc/default file, initramfs-tools hook and
#                  dracut module
#   make uninstall [DESTDIR=] [PREFIX=]   removes exactly those files
#   make dkms-install    copies the module sources to
#                  /usr/src/havege-hwrng-$(VERSION) and runs dkms
#                  add/build/install for KERNELRELEASE
#   make dkms-uninstall  dkms remove and delete that source copy
#
# Paths below PREFIX follow the GNU names.  The unit, udev and
# modules-load.d directories come from pkg-config (systemd, udev) when it
# knows them, so PREFIX=/usr/local still installs where systemd looks; the
# unit's ExecStart and the hooks get SBINDIR substituted.
# tests/install.t installs into a scratch DESTDIR and checks every file;
# tests/dkms.t runs the dkms life cycle (add, build/install per kernel,
# status, remove) on private trees for the host-buildable kernels of the VM
# matrix, tests/dkms-unstable.t inside the cached Debian unstable chroot
# (tests/vm/kchroot.sh, mmdebstrap) on the newest Debian kernel with its
# own compiler; tests/vm/matrix-KEY.t (mk/vm.mk) builds the module with
# DKMS the same way and boots it with the selftests on every kernel.

DEPS += pkg-config systemd

PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
BINDIR		?= $(PREFIX)/bin
MANDIR		?= $(PREFIX)/share/man
INCLUDEDIR	?= $(PREFIX)/include
SYSCONFDIR	?= /etc
DEFAULTDIR	?= $(SYSCONFDIR)/default
pc_var		= $(shell pkg-config --variable=$(2) $(1) 2>/dev/null)
UNITDIR		?= $(or $(call pc_var,systemd,systemdsystemunitdir),/lib/systemd/system)
UDEVRULESDIR	?= $(or $(call pc_var,udev,udevdir),/lib/udev)/rules.d
MODLOADDIR	?= $(or $(call pc_var,systemd,modulesloaddir),/usr/lib/modules-load.d)
INITRAMFSDIR	?= /usr/share/initramfs-tools
DRACUTDIR	?= /usr/lib/dracut/modules.d
DKMS_SRCDIR	?= /usr/src/havege-hwrng-$(VERSION)
# What DKMS needs to run `make module` (dkms.conf's MAKE); not the
# benchmarks (scripts/bench, make bench), which dkms-install leaves out.
DKMS_FILES	:= Makefile Kbuild dkms.conf mk scripts module

PKGDIR		:= packaging
PKGOUT		:= $(BUILD)/packaging
INSTALL		?= install
SUBST		= sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@BINDIR@|$(BINDIR)|g' \
		      -e 's|@DEFAULTDIR@|$(DEFAULTDIR)|g'

# "SOURCE DESTINATION MODE" triples; generated files live in $(PKGOUT).
INSTALL_MAP	:= \
	$(HBUILD)/havege-hwrngd $(SBINDIR)/havege-hwrngd 0755 \
	$(HBUILD)/havege-ais31 $(BINDIR)/havege-ais31 0755 \
	man/havege-hwrngd.8 $(MANDIR)/man8/havege-hwrngd.8 0644 \
	man/havege-ais31.1 $(MANDIR)/man1/havege-ais31.1 0644 \
	man/havege_hwrng.4 $(MANDIR)/man4/havege_hwrng.4 0644 \
	module/uapi/havege_hwrng.h $(INCLUDEDIR)/havege_hwrng.h 0644 \
	$(PKGOUT)/havege-hwrngd.service $(UNITDIR)/havege-hwrngd.service 0644 \
	$(PKGDIR)/modules-load.d/havege_hwrng.conf \
		$(MODLOADDIR)/havege_hwrng.conf 0644 \
	$(PKGDIR)/udev/60-havege-hwrng.rules \
		$(UDEVRULESDIR)/60-havege-hwrng.rules 0644 \
	$(PKGDIR)/default/havege-hwrngd $(DEFAULTDIR)/havege-hwrngd 0644 \
	$(PKGOUT)/initramfs-hook $(INITRAMFSDIR)/hooks/havege-hwrng 0755 \
	$(PKGOUT)/initramfs-init-top \
		$(INITRAMFSDIR)/scripts/init-top/havege-hwrng 0755 \
	$(PKGOUT)/module-setup.sh $(DRACUTDIR)/90havege-hwrng/module-setup.sh 0755 \
	$(PKGOUT)/havege-seed.sh $(DRACUTDIR)/90havege-hwrng/havege-seed.sh 0755

.PHONY: install install-files uninstall dkms-install dkms-uninstall \
	install-generated

install: helper install-generated
	@$(MAKE) --no-print-directory install-files

install-generated:
	@mkdir -p $(PKGOUT)
	$(SUBST) $(PKGDIR)/systemd/havege-hwrngd.service.in \
		>$(PKGOUT)/havege-hwrngd.service
	$(SUBST) $(PKGDIR)/initramfs-tools/hooks/havege-hwrng \
		>$(PKGOUT)/initramfs-hook
	$(SUBST) $(PKGDIR)/initramfs-tools/scripts/init-top/havege-hwrng \
		>$(PKGOUT)/initramfs-init-top
	$(SUBST) $(PKGDIR)/dracut/90havege-hwrng/module-setup.sh \
		>$(PKGOUT)/module-setup.sh
	$(SUBST) $(PKGDIR)/dracut/90havege-hwrng/havege-seed.sh \
		>$(PKGOUT)/havege-seed.sh

# One install(1) per triple; the default file is configuration, so an
# existing one is kept.
install-files:
	@set -- $(INSTALL_MAP); while [ $$# -ge 3 ]; do \
		dst="$(DESTDIR)$$2"; \
		if [ "$$2" = "$(DEFAULTDIR)/havege-hwrngd" ] && [ -e "$$dst" ]; then \
			echo "keeping $$dst"; \
		else \
			echo "  INSTALL $$dst"; \
			$(INSTALL) -D -m "$$3" "$$1" "$$dst" || exit 1; \
		fi; \
		shift 3; \
	done

uninstall:
	@set -- $(INSTALL_MAP); while [ $$# -ge 3 ]; do \
		rm -f "$(DESTDIR)$$2"; shift 3; \
	done
	-@rmdir "$(DESTDIR)$(DRACUTDIR)/90havege-hwrng" 2>/dev/null

dkms-install:
	rm -rf $(DESTDIR)$(DKMS_SRCDIR)
	mkdir -p $(DESTDIR)$(DKMS_SRCDIR)
	cp -R $(DKMS_FILES) $(DESTDIR)$(DKMS_SRCDIR)/
	rm -rf $(DESTDIR)$(DKMS_SRCDIR)/scripts/bench
	find $(DESTDIR)$(DKMS_SRCDIR) \( -name '*.o' -o -name '*.ko' \
		-o -name '.*.cmd' -o -name '*.mod' -o -name '*.mod.c' \) -delete
	@if [ -z "$(DESTDIR)" ]; then \
		dkms add -m havege-hwrng -v $(VERSION) && \
		dkms build -m havege-hwrng -v $(VERSION) -k $(KERNELRELEASE) && \
		dkms install -m havege-hwrng -v $(VERSION) -k $(KERNELRELEASE); \
	fi

dkms-uninstall:
	-dkms remove -m havege-hwrng -v $(VERSION) --all
	rm -rf $(DESTDIR)$(DKMS_SRCDIR)

CHECK_PREREQS	+= helper
CHECK_HOST_TESTS += tests/install.t
DEPS		+= mandoc groff-base shellcheck
CHECK_HOST_TESTS += tests/dkms.t tests/dkms-unstable.t
DEPS		+= dkms mmdebstrap debian-archive-keyring
