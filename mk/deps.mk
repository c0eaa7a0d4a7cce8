# SPDX-License-Identifier: GPL-2.0
# Installs the Debian packages named in DEPS (only the missing ones).

DEPS += make gcc libc6-dev perl xz-utils

deps:
	@scripts/install-deps.sh $(sort $(DEPS))
