#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM tests on Debian's 6.12 kernel (see tests/vm/README.md).
exec "$(dirname "$0")/matrix.sh" 6.12
