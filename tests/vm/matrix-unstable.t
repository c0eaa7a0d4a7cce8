#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM tests on Debian unstable's newest kernel, module built with DKMS in
# an unstable chroot (see tests/vm/README.md).
exec "$(dirname "$0")/matrix.sh" unstable
