#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# havege-hwrngd end to end in a VM on Debian unstable's 7.x kernel, its
# module built in the unstable chroot (tests/vm/build-module.sh) (tests/hwrngd-vm.t).
exec "$(dirname "$0")/hwrngd-vm.t" unstable
