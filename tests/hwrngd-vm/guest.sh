#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm.t (busybox ash), TAP on stdout: the real
# havege-hwrngd against the real module, in a VM booted with
# random.trust_cpu=off and no virtio-rng.  Started in its default
# configuration while the CRNG is still unseeded, the daemon must register
# "havege" only after its start-up tests, seed it within 3 s, on arm64 5 s (printed as
# "# time-to-seed KEY daemon: X.XXX s"; make bench holds the figure) and
# have it made current (no other hwrng here).  Then: FIFO topped up, a second instance refused (pid file
# lock and the module's EBUSY), /dev/hwrng served, counters with --status,
# sleep while nobody consumes, SIGTERM withdraws cleanly, --until-seeded,
# --select, kill -9 with a reader blocked in /dev/hwrng (the reader returns,
# the source is gone) and output mode through havege-ais31.  The first 11
# tests are guest-seed.sh, shared with guest-cpu.sh.
# Usage: guest.sh KEY.  Needs $HAVEGE_KO.
# shellcheck disable=SC2016 # wait_for's strings are eval'd later

key=${1:-?}
who=daemon
# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh
# shellcheck source=tests/hwrngd-vm/guest-lib.sh
. /payload/guest-lib.sh

echo "1..31"
# shellcheck source=tests/hwrngd-vm/guest-seed.sh
. /payload/guest-seed.sh

"$d" -F --log=stderr -p /run/h.pid 2>/tmp/d2.log
rc=$?
[ $rc -eq 1 ] && grep -q "another instance is running (pid $d1" /tmp/d2.log
tap_result $? "a second instance is refused by the pid file lock"
"$d" -F --log=stderr -p /run/other.pid --mode=feed 2>/tmp/d3.log
rc=$?
[ $rc -eq 1 ] && grep -q "busy" /tmp/d3.log
tap_result $? "a second feeder is refused by the module (EBUSY)"
sed 's/^/# /' /tmp/d2.log /tmp/d3.log

head -c 256 /dev/hwrng >/tmp/hw.bin 2>/dev/null ||
	echo "# /dev/hwrng read failed (rng_current: $(cat $hw/rng_current))"
[ "$(wc -c </tmp/hw.bin)" -eq 256 ]
tap_result $? "/dev/hwrng serves havege's bytes"

kill -USR1 "$d1"
wait_for 10 'grep -q "counters: generated" /tmp/d1.log'
tap_result $? "SIGUSR1 logs the counters"
"$d" --status -p /run/h.pid --status-file=/run/h.status >/tmp/st.txt
rc=$?
sed 's/^/# /' /tmp/st.txt
[ $rc -eq 0 ] && grep -q "running, pid $d1" /tmp/st.txt &&
	grep -q '^module.registrations' /tmp/st.txt &&
	grep -q '^daemon.fed' /tmp/st.txt && grep -q '^test.B.passes' /tmp/st.txt
tap_result $? "--status shows module, daemon and test counters"

# Nobody but the kernel's fill thread reads: the daemon sleeps in ppoll.
c1=$(sed -n 's/^voluntary_ctxt_switches:[^0-9]*//p' /proc/$d1/status)
sleep 3
c2=$(sed -n 's/^voluntary_ctxt_switches:[^0-9]*//p' /proc/$d1/status)
echo "# daemon context switches over 3 s: $c1 -> $c2 (wchan $(cat /proc/$d1/wchan))"
[ $((c2 - c1)) -le 12 ]
tap_result $? "the daemon sleeps while nobody consumes (few wake-ups)"

# SIGTERM while a fast reader keeps the FIFO from filling (the daemon never
# sleeps then): the daemon stops pumping at the next 4 KiB step, but its
# exit also waits for the WITHDRAW, i.e. for the hw_random core to let go
# of the source (hwrng_unregister(): the reader inside the core's read
# must leave it first).  Measured signal to exit: 20 ms on 6.1, 150-190 ms
# on 5.10, 6.12, 6.12-rt and 7.x, 90-110 ms on the debug kernel; bound
# 500 ms (/proc/uptime, 10 ms steps).  The signal-to-effect bound of
# 100 ms without that kernel wait is tests/hwrngd-signals.t's.
bound=500
cat /dev/hwrng >/dev/null 2>&1 &
rd=$!
sleep 1
read -r up0 _ </proc/uptime
kill -TERM "$d1"
wait "$d1"
rc=$?
read -r up1 _ </proc/uptime
kill "$rd" 2>/dev/null
wait "$rd" 2>/dev/null
ms=$(( (${up1%.*}${up1#*.} - ${up0%.*}${up0#*.}) * 10 ))
echo "# module mode, a fast /dev/hwrng reader: SIGTERM to exit $ms ms"
[ "$rc" -eq 0 ] && [ "$ms" -le "$bound" ]
tap_result $? "SIGTERM under a fast reader: withdrawn and exited with 0 within $bound ms (status $rc, $ms ms)"
! listed && [ "$(cat $mod/withdrawals)" -ge 1 ] &&
	[ "$(cat $hw/rng_current)" = none ]
tap_result $? "SIGTERM withdrew havege (rng_current: $(cat $hw/rng_current))"
[ ! -e /run/h.pid ] && [ "$(cat $mod/state)" -eq 0 ]
tap_result $? "pid file removed, module detached"
sed 's/^/# d1: /' /tmp/d1.log

timeout 300 "$d" --until-seeded=240 2>/tmp/d0.log
tap_result $? "--until-seeded with the module exits 0"
sed 's/^/# d0: /' /tmp/d0.log
! listed
tap_result $? "--until-seeded leaves no source registered"

# shellcheck source=tests/hwrngd-vm/guest-kill.sh
. /payload/guest-kill.sh

"$d" -n 4M -f - | /payload/havege-ais31 -A - >/tmp/a.txt 2>&1
tap_result $? "output mode (-n 4M -f -) piped into havege-ais31 -A passes"
"$d" -n 4M -f - | /payload/havege-ais31 -B - >/tmp/b.txt 2>&1
tap_result $? "output mode (-n 4M -f -) piped into havege-ais31 -B passes"
sed 's/^/# /' /tmp/a.txt /tmp/b.txt

rmmod havege_hwrng
tap_result $? "rmmod havege_hwrng"
[ "$fails" -eq 0 ]
