#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM tests on Debian's arm64 6.12 kernel (see tests/vm/README.md;
# make cross-vm-build builds the payloads).
exec "$(dirname "$0")/matrix.sh" 6.12-arm64
