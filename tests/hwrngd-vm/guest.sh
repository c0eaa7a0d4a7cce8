#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm.t (busybox ash), TAP on stdout: the real
# havege-hwrngd against the real module.  It registers "havege" only after
# its start-up tests, keeps the FIFO topped up, refuses a second instance
# (pid file lock and the module's EBUSY), reports counters with --status,
# sleeps while the FIFO is full, --select makes havege current, SIGTERM
# withdraws the source, and --until-seeded works (first, while the CRNG may
# still be unseeded).  Needs $HAVEGE_KO.

n=0
fails=0
hw=/sys/class/misc/hw_random
mod=/sys/class/misc/havege_hwrng
d=/payload/havege-hwrngd

ok()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
	fi
}

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

echo "1..17"
echo "# kernel $(uname -r)"
insmod "$HAVEGE_KO"
ok $? "insmod havege_hwrng.ko"

# First, while the guest's CRNG may still be unseeded (no virtio-rng,
# random.trust_cpu=off): one-shot seeding through the module.
timeout 300 "$d" --until-seeded=240 2>/tmp/d0.log
ok $? "--until-seeded exits 0 (through the module if the CRNG was not ready)"
sed 's/^/# d0: /' /tmp/d0.log
! listed
ok $? "--until-seeded leaves no source registered"

"$d" -F --log=stderr -v 1 -p /run/h.pid --status-file=/run/h.status \
	2>/tmp/d1.log &
d1=$!
wait_for 120 listed
ok $? "the daemon registers havege after its start-up tests"
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
[ "$(cat $hw/rng_current)" != havege ] || [ "$(wc -c </tmp/hw.bin)" -eq 256 ]
ok $? "when havege is current, /dev/hwrng serves its bytes"

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
! listed && [ "$(cat $mod/withdrawals)" -ge 1 ]
ok $? "SIGTERM withdrew havege"
[ ! -e /run/h.pid ]
ok $? "pid file removed"
sed 's/^/# d1: /' /tmp/d1.log

"$d" -F --log=stderr --select -p /run/h.pid 2>/tmp/d4.log &
d4=$!
wait_for 120 '[ "$(cat $hw/rng_current)" = havege ]'
ok $? "--select makes havege the current hw_random source"
kill -TERM "$d4"
wait "$d4"
ok $? "second run stopped cleanly"

rmmod havege_hwrng
[ "$fails" -eq 0 ]
