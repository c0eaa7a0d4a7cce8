# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034 # sourced: hw, mod and d are used there
#
# Helpers of the module guests of tests/hwrngd-vm.t (guest.sh, guest-cpu.sh;
# sourced after /lib/vm-tap.sh): paths, polling, the hwrng list, the 1 s
# bound of the time-to-seed.

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

# less_than_1s SECONDS: the printed time is below 1.000 s.
less_than_1s()
{
	case $1 in
	0.*) return 0 ;;
	*) return 1 ;;
	esac
}
