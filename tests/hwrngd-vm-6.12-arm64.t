#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# havege-hwrngd end to end in VMs on Debian's arm64 6.12 kernel (tests/hwrngd-vm.t;
# issue 14, not in make check yet: make cross-vm-build first).
exec "$(dirname "$0")/hwrngd-vm.t" 6.12-arm64
