#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm-icount.t (busybox ash), TAP on stdout.
#
#   guest-icount.sh KEY icount   QEMU runs with -icount shift=0,sleep=off:
#                                guest time is the instruction count, so the
#                                timer deltas are the walk's arithmetic and
#                                nothing else.  The daemon must refuse this
#                                source: --until-seeded fails its start-up
#                                and exits 1 without feeding a byte, and in
#                                module mode "havege" never appears in
#                                rng_available.
#   guest-icount.sh KEY tcg      a normal TCG guest: only the recording.
#
# Both then record RAW_N residual samples with --record-raw and print them
# base64-encoded on lines starting with "R " (the host decodes them).

# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh
d=/payload/havege-hwrngd
avail=/sys/class/misc/hw_random/rng_available
mode=${2:-icount}
RAW_N=200k

record() {
	"$d" --record-raw=$RAW_N -f /tmp/raw.bin 2>/tmp/rec.log
	tap_result $? "--record-raw=$RAW_N exits 0"
	sed 's/^/# record: /' /tmp/rec.log
	base64 /tmp/raw.bin | sed 's/^/R /'
}

if [ "$mode" != icount ]; then
	echo "1..1"
	echo "# kernel $(uname -r), $mode"
	record
	[ "$fails" -eq 0 ]
	exit
fi

echo "1..8"
echo "# kernel $(uname -r), -icount shift=0,sleep=off"

# First, while the CRNG is (normally) not seeded yet.
if /payload/seedwait -c >/dev/null; then
	ready_before=1
else
	ready_before=0
fi
timeout 120 "$d" --until-seeded=20 --max-failures=2 --log=stderr 2>/tmp/s.log
rc=$?
sed 's/^/# seed: /' /tmp/s.log
if [ "$ready_before" -eq 1 ]; then
	tap_result 0 "--until-seeded # SKIP the CRNG was ready before the daemon ran"
else
	[ "$rc" -eq 1 ]
	tap_result $? "--until-seeded fails its start-up and exits 1 (status $rc)"
fi
grep -q "start-up test of the timer deltas failed" /tmp/s.log
tap_result $? "--until-seeded: the raw start-up test refused the timer"
# Bytes are released only after a passed start-up test: none passed.
[ "$(grep -c "start-up test of the timer deltas failed" /tmp/s.log)" -eq 2 ] &&
	! grep -q "kernel CRNG is ready\|registered hwrng" /tmp/s.log
tap_result $? "--until-seeded: both start-up tests failed, nothing fed or registered"

# SIGTERM while --until-seeded backs off after a failed start-up test:
# it must end at once (bound 100 ms, /proc/uptime's 10 ms resolution),
# status 1, saying it was interrupted.
uptime_cs() {
	read -r up _ </proc/uptime
	echo "${up%.*}${up#*.}"
}
"$d" --until-seeded=60 --max-failures=5 --log=stderr 2>/tmp/t.log &
pid=$!
i=0
while [ "$i" -lt 600 ] && ! grep -qs "re-running the start-up tests" /tmp/t.log; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.2
t0=$(uptime_cs)
kill -TERM "$pid"
wait "$pid"
rc=$?
t1=$(uptime_cs)
sed 's/^/# seed+TERM: /' /tmp/t.log
echo "# --until-seeded: SIGTERM to exit $(( (t1 - t0) * 10 )) ms"
[ "$rc" -eq 1 ] && [ $(( (t1 - t0) * 10 )) -le 100 ] &&
	grep -q "interrupted before the kernel CRNG was ready" /tmp/t.log
tap_result $? "--until-seeded: SIGTERM during the back-off ends it within 100 ms, status 1 (status $rc)"

insmod "$HAVEGE_KO"
tap_result $? "insmod havege_hwrng.ko"
"$d" -F --log=stderr --max-failures=2 -p /run/d.pid \
	--status-file=/run/d.status 2>/tmp/d.log &
pid=$!
seen=0
while kill -0 "$pid" 2>/dev/null; do
	grep -qw havege "$avail" && seen=1
	sleep 0.1
done
wait "$pid"
rc=$?
grep -qw havege "$avail" && seen=1
sed 's/^/# daemon: /' /tmp/d.log
echo "# rng_available: $(cat "$avail")"
[ "$rc" -eq 1 ] && ! grep -q "registered hwrng" /tmp/d.log
tap_result $? "module mode: the daemon gives up with exit 1, never registered (status $rc)"
[ "$seen" -eq 0 ]
tap_result $? "module mode: havege never appeared in rng_available"
rmmod havege_hwrng

record
[ "$fails" -eq 0 ]
