#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# havege-hwrngd end to end in a VM on Debian's 6.1 kernel (tests/hwrngd-vm.t).
exec "$(dirname "$0")/hwrngd-vm.t" 6.1
