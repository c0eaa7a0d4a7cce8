#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dracut module havege-hwrng: havege_hwrng.ko and havege-hwrngd in the
# initramfs, run from the pre-udev hook (havege-seed.sh) so the CRNG is
# seeded before the root file system is mounted.

# Included whenever the daemon is installed.
check() {
	require_binaries @SBINDIR@/havege-hwrngd || return 1
	return 0
}

depends() {
	return 0
}

installkernel() {
	# Not host-only: the module is not loaded while the image is built.
	hostonly='' instmods havege_hwrng
}

install() {
	inst_binary @SBINDIR@/havege-hwrngd /sbin/havege-hwrngd
	# shellcheck disable=SC2154 # moddir is set by dracut
	inst_hook pre-udev 05 "$moddir/havege-seed.sh"
}
