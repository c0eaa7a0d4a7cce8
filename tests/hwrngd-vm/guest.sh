#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm.t (busybox ash), TAP on stdout: the real
# havege-hwrngd against the real module, in a VM booted with
# random.trust_cpu=off and no virtio-rng.  Started in its default
# configuration while the CRNG is still unseeded, the daemon must seed it
# within 1 s (printed as "# time-to-seed KEY daemon: X.XXX s"), register
# "havege" after its start-up tests and have it made current (no other
# hwrng here).  Then: FIFO topped up, a second instance refused (pid file
# lock and the module's EBUSY), /dev/hwrng served, counters with --status,
# sleep while nobody consumes, SIGTERM withdraws cleanly, --until-seeded,
# --select, kill -9 with a reader blocked in /dev/hwrng (the reader returns,
# the source is gone) and output mode through havege-ais31.
# Usage: guest.sh KEY.  Needs $HAVEGE_KO.
# shellcheck disable=SC2016 # wait_for's strings are eval'd later

key=${1:-?}
# shellcheck source=tests/vm/guest/tap.sh
. /lib/vm-tap.sh
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

echo "1..28"
echo "# kernel $(uname -r), cmdline: $(cat /proc/cmdline)"
insmod "$HAVEGE_KO"
ok $? "insmod havege_hwrng.ko"
# Since 6.2 rng_available also offers the pseudo-entry "none".
others=$(tr ' ' '\n' <$hw/rng_available | grep -v -x -e none -e '')
[ "$(cat $hw/rng_current)" = none ] && [ -z "$others" ]
ok $? "no other hwrng in this VM (rng_current none, available: $others)"
/payload/seedwait -c
[ $? -eq 1 ]
ok $? "the CRNG is not ready before the daemon starts"

# seedwait starts first, so its time bounds the daemon's from above.
echo "# daemon start at uptime $(cut -d ' ' -f 1 /proc/uptime) s"
/payload/seedwait 10 >/tmp/tts &
sw=$!
"$d" -F --log=stderr -v 1 -p /run/h.pid --status-file=/run/h.status \
	2>/tmp/d1.log &
d1=$!
wait "$sw"
read -r state tts </tmp/tts
echo "# time-to-seed $key daemon: $tts s ($state)"
dmesg | grep -e 'registered hwrng' -e 'crng init' | sed 's/^/# dmesg: /'
[ "$state" = ready ] && less_than_1s "$tts"
ok $? "getrandom(GRND_NONBLOCK) succeeds within 1 s of daemon start ($tts s)"
wait_for 120 listed
ok $? "the daemon registers havege after its start-up tests"
wait_for 10 '[ "$(cat $hw/rng_current)" = havege ]'
ok $? "havege is current in the default configuration (rng_current: $(cat $hw/rng_current))"
[ "$(cat $mod/registrations)" -ge 1 ]
ok $? "module counts the registration"
wait_for 30 '[ "$(cat $mod/fifo_level)" -gt 0 ]'
ok $? "the FIFO holds tested bytes"

"$d" -F --log=stderr -p /run/h.pid 2>/tmp/d2.log
rc=$?
[ $rc -eq 1 ] && grep -q "another instance is running (pid $d1" /tmp/d2.log
ok $? "a second instance is refused by the pid file lock"
"$d" -F --log=stderr -p /run/other.pid --mode=feed 2>/tmp/d3.log
rc=$?
[ $rc -eq 1 ] && grep -q "busy" /tmp/d3.log
ok $? "a second feeder is refused by the module (EBUSY)"
sed 's/^/# /' /tmp/d2.log /tmp/d3.log

head -c 256 /dev/hwrng >/tmp/hw.bin 2>/dev/null ||
	echo "# /dev/hwrng read failed (rng_current: $(cat $hw/rng_current))"
[ "$(wc -c </tmp/hw.bin)" -eq 256 ]
ok $? "/dev/hwrng serves havege's bytes"

kill -USR1 "$d1"
wait_for 10 'grep -q "counters: generated" /tmp/d1.log'
ok $? "SIGUSR1 logs the counters"
"$d" --status -p /run/h.pid --status-file=/run/h.status >/tmp/st.txt
rc=$?
sed 's/^/# /' /tmp/st.txt
[ $rc -eq 0 ] && grep -q "running, pid $d1" /tmp/st.txt &&
	grep -q '^module.registrations' /tmp/st.txt &&
	grep -q '^daemon.fed' /tmp/st.txt && grep -q '^test.B.passes' /tmp/st.txt
ok $? "--status shows module, daemon and test counters"

# Nobody but the kernel's fill thread reads: the daemon sleeps in ppoll.
c1=$(sed -n 's/^voluntary_ctxt_switches:[^0-9]*//p' /proc/$d1/status)
sleep 3
c2=$(sed -n 's/^voluntary_ctxt_switches:[^0-9]*//p' /proc/$d1/status)
echo "# daemon context switches over 3 s: $c1 -> $c2 (wchan $(cat /proc/$d1/wchan))"
[ $((c2 - c1)) -le 12 ]
ok $? "the daemon sleeps while nobody consumes (few wake-ups)"

kill -TERM "$d1"
wait "$d1"
ok $? "SIGTERM: exit status 0"
! listed && [ "$(cat $mod/withdrawals)" -ge 1 ] &&
	[ "$(cat $hw/rng_current)" = none ]
ok $? "SIGTERM withdrew havege (rng_current: $(cat $hw/rng_current))"
[ ! -e /run/h.pid ] && [ "$(cat $mod/state)" -eq 0 ]
ok $? "pid file removed, module detached"
sed 's/^/# d1: /' /tmp/d1.log

timeout 300 "$d" --until-seeded=240 2>/tmp/d0.log
ok $? "--until-seeded with the module exits 0"
sed 's/^/# d0: /' /tmp/d0.log
! listed
ok $? "--until-seeded leaves no source registered"

# shellcheck source=tests/hwrngd-vm/guest-kill.sh
. /payload/guest-kill.sh

"$d" -n 4M -f - | /payload/havege-ais31 -A - >/tmp/a.txt 2>&1
ok $? "output mode (-n 4M -f -) piped into havege-ais31 -A passes"
"$d" -n 4M -f - | /payload/havege-ais31 -B - >/tmp/b.txt 2>&1
ok $? "output mode (-n 4M -f -) piped into havege-ais31 -B passes"
sed 's/^/# /' /tmp/a.txt /tmp/b.txt

rmmod havege_hwrng
ok $? "rmmod havege_hwrng"
[ "$fails" -eq 0 ]
