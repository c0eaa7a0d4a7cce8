#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# havege-hwrngd end to end in VMs on Debian's arm64 6.12 kernel
# (tests/hwrngd-vm.t; make cross-vm-build builds the payloads).
exec "$(dirname "$0")/hwrngd-vm.t" 6.12-arm64
