#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The VM tests on Debian's 5.10 kernel (see tests/vm/README.md).
exec "$(dirname "$0")/matrix.sh" 5.10
