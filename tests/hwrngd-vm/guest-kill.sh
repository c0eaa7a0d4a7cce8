# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2154,SC2016 # sourced; eval'd strings
#
# Part of tests/hwrngd-vm/guest.sh (sourced; uses its ok, wait_for, listed
# and gone): --select, then kill -9 of the daemon while a reader is blocked
# in /dev/hwrng.  Closing the device withdraws "havege": the reader must
# return promptly and the source must be gone.

"$d" -F --log=stderr --select -p /run/h.pid 2>/tmp/d4.log &
d4=$!
wait_for 120 '[ "$(cat "$hw/rng_current")" = havege ]'
tap_result $? "--select makes havege the current hw_random source"

# Far more than the daemon can supply: the reader drains the FIFO and waits.
head -c 1000000000 /dev/hwrng >/dev/null 2>/tmp/rd.err &
rd=$!
wait_for 30 '[ "$(cat "$mod/blocked_readers")" -ge 1 ]' && ! gone "$rd"
tap_result $? "a /dev/hwrng reader is blocked in havege's read (wchan $(cat /proc/$rd/wchan 2>/dev/null))"

kill -KILL "$d4"
wait_for 5 "gone $rd"
tap_result $? "kill -9 of the daemon: the blocked reader returns within 5 s"
wait_for 5 '! listed && [ "$(cat "$hw/rng_current")" = none ]'
tap_result $? "kill -9: havege is gone from rng_available (current: $(cat "$hw/rng_current"))"
[ "$(cat "$mod/state")" -eq 0 ] && [ "$(cat "$mod/blocked_readers")" -eq 0 ] &&
	[ "$(cat "$mod/fifo_level")" -eq 0 ]
tap_result $? "kill -9: module detached, no blocked reader, FIFO emptied"
wait "$d4"
[ $? -eq 137 ]
tap_result $? "the daemon died of SIGKILL"
wait "$rd"
echo "# reader exit status $?: $(cat /tmp/rd.err)"
sed 's/^/# d4: /' /tmp/d4.log
