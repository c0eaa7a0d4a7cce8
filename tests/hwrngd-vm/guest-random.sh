#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm.t without the module (busybox ash), TAP on
# stdout: the fallback into the random pool.  --until-seeded seeds a
# still-unseeded CRNG with RNDADDENTROPY; the daemon then runs in fallback
# mode, credits chunks, reports them with --status, and stops on SIGTERM.
# Last, --assess=100k: 100,000 residual timer deltas of this guest through the
# ten SP 800-90B estimators; the estimate must support the default claim
# (quality 2).  Done in the guest: sending the samples over the serial port
# made Debian's 6.12-rt kernel report "irq 3: nobody cared".

# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh
d=/payload/havege-hwrngd

echo "1..7"
echo "# kernel $(uname -r), entropy_avail $(cat /proc/sys/kernel/random/entropy_avail)"
[ ! -e /dev/havege_hwrng ]
tap_result $? "no module loaded"

timeout 300 "$d" --until-seeded=240 2>/tmp/s.log
rc=$?
sed 's/^/# seed: /' /tmp/s.log
[ $rc -eq 0 ] && { grep -q "already ready" /tmp/s.log ||
	grep -q "RNDADDENTROPY" /tmp/s.log; }
tap_result $? "--until-seeded exits 0 (with RNDADDENTROPY if the CRNG was not ready)"

"$d" -F --log=stderr -p /run/r.pid --status-file=/run/r.status 2>/tmp/r.log &
r=$!
i=0
while ! grep -q "^random.chunks  *[1-9]" /run/r.status 2>/dev/null &&
	[ $i -lt 600 ]; do
	sleep 0.2
	i=$((i + 1))
	[ $((i % 25)) -eq 0 ] && kill -USR1 "$r"
done
"$d" --status -p /run/r.pid --status-file=/run/r.status >/tmp/st.txt
rc=$?
sed 's/^/# /' /tmp/st.txt
[ $rc -eq 0 ] && grep -q '^daemon.sink  *random' /tmp/st.txt
tap_result $? "fallback mode: --status shows the random sink"
grep -q "^random.chunks  *[1-9]" /tmp/st.txt &&
	grep -q "^random.credited_bits  *[1-9]" /tmp/st.txt
tap_result $? "fallback mode credited at least one chunk"
kill -TERM "$r"
wait "$r"
tap_result $? "SIGTERM: exit status 0"
sed 's/^/# r: /' /tmp/r.log
grep -q "RNDADDENTROPY at quality 2/1024 (64 bits per 4096 bytes)" /tmp/r.log
tap_result $? "the log states the fallback and its credit"
# the timer the assessment below measures (cntvct on arm64, rdtsc on x86)
"$d" --info 2>&1 | sed -n 's/^timer  */# timer: /p'
"$d" --assess=100k >/tmp/assess.txt 2>/tmp/assess.log
rc=$?
sed 's/^/# assess: /' /tmp/assess.log /tmp/assess.txt
[ $rc -eq 0 ] && [ "$(tail -n 1 /tmp/assess.txt)" = "quality: 2" ]
tap_result $? "--assess=100k (ten estimators) supports the claim: quality 2 (status $rc)"
[ "$fails" -eq 0 ]
