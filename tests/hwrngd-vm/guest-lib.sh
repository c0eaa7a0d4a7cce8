# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034 # sourced: hw, mod and d are used there
#
# Helpers of the module guests of tests/hwrngd-vm.t (guest.sh, guest-cpu.sh;
# sourced after /lib/vm-tap.sh): paths, polling, the hwrng list, the
# bound of the time-to-seed, kernel log timestamps.

hw=/sys/class/misc/hw_random
mod=/sys/class/misc/havege_hwrng
d=/payload/havege-hwrngd

# wait_for SECONDS CMD...: poll CMD every 0.2 s.
wait_for()
{
	t=$(($1 * 5))
	shift
	while [ "$t" -gt 0 ]; do
		eval "$*" && return 0
		sleep 0.2
		t=$((t - 1))
	done
	return 1
}

listed()
{
	grep -qw havege "$hw/rng_available" 2>/dev/null
}

# gone PID: the process has exited (a zombie counts as exited).
gone()
{
	[ ! -e "/proc/$1/stat" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# The generous wall-clock bound of make check on the time-to-seed (issue
# 13: the figure itself, and the 1 s target, belong to make bench; a busy
# host stretches an emulated start-up): 3 s in the x86-64 guests, where
# 0.5-1.3 s were measured, 5 s in the arm64 ones, where TCG emulates the
# NEON bit count of AIS 31's T5 (and the rest of the start-up) about twice
# as slowly: 1.3-2.6 s measured there, on a busy host.
SEED_BOUND_S=3
[ "$(uname -m)" = aarch64 ] && SEED_BOUND_S=5

# within_bound SECONDS: the printed time is below $SEED_BOUND_S.
within_bound()
{
	awk -v t="$1" -v b="$SEED_BOUND_S" \
		'BEGIN { exit !(t ~ /^[0-9]+\.[0-9]+$/ && t + 0 < b) }'
}

# klog_s PATTERN: the kernel timestamp (seconds) of the first kernel log
# line matching PATTERN, empty if none.
klog_s()
{
	dmesg | grep -m 1 -e "$1" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p'
}
