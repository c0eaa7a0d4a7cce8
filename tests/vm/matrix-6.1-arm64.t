#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM tests on Debian's arm64 6.1 kernel (see tests/vm/README.md; issue 14,
# not in make check yet: make cross-vm-build first).
exec "$(dirname "$0")/matrix.sh" 6.1-arm64
