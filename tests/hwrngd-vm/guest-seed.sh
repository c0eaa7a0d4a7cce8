# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2154,SC2016,SC2034 # sourced; eval'd strings; d1 used by the caller
#
# The first 8 tests of the module guests of tests/hwrngd-vm.t (sourced by
# guest.sh and guest-cpu.sh after guest-lib.sh; uses $key and $who, the
# label of the time-to-seed line): insmod, no other hwrng, CRNG unseeded;
# the daemon in its default configuration seeds it within 1 s (printed as
# "# time-to-seed KEY WHO: X.XXX s"), registers "havege" after its start-up
# tests, has it made current and fills the FIFO.  Leaves the daemon running
# as $d1.

echo "# kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
insmod "$HAVEGE_KO"
tap_result $? "insmod havege_hwrng.ko"
# Since 6.2 rng_available also offers the pseudo-entry "none".
others=$(tr ' ' '\n' <"$hw"/rng_available | grep -v -x -e none -e '')
[ "$(cat "$hw"/rng_current)" = none ] && [ -z "$others" ]
tap_result $? "no other hwrng in this VM (rng_current none, available: $others)"
/payload/seedwait -c
[ $? -eq 1 ]
tap_result $? "the CRNG is not ready before the daemon starts"

# seedwait starts first, so its time bounds the daemon's from above.
echo "# daemon start at uptime $(cut -d ' ' -f 1 /proc/uptime) s"
/payload/seedwait 10 >/tmp/tts &
sw=$!
"$d" -F --log=stderr -v 1 -p /run/h.pid --status-file=/run/h.status \
	2>/tmp/d1.log &
d1=$!
wait "$sw"
read -r state tts </tmp/tts
echo "# time-to-seed $key $who: $tts s ($state)"
dmesg | grep -e 'registered hwrng' -e 'crng init' | sed 's/^/# dmesg: /'
[ "$state" = ready ] && less_than_1s "$tts"
tap_result $? "getrandom(GRND_NONBLOCK) succeeds within 1 s of daemon start ($tts s)"
wait_for 120 listed
tap_result $? "the daemon registers havege after its start-up tests"
wait_for 10 '[ "$(cat "$hw"/rng_current)" = havege ]'
tap_result $? "havege is current in the default configuration (rng_current: $(cat "$hw"/rng_current))"
[ "$(cat "$mod"/registrations)" -ge 1 ]
tap_result $? "module counts the registration"
wait_for 30 '[ "$(cat "$mod"/fifo_level)" -gt 0 ]'
tap_result $? "the FIFO holds tested bytes"
