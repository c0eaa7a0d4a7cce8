#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm-asan.t (busybox ash), TAP on stdout: the
# daemon built with ASan+UBSan (make helper-san), end to end.
# Usage: guest-asan.sh KEY module|fallback.
#   module    the positive controls (sancheck: a leak, a heap overflow and
#             a signed overflow must each be reported, a clean run not),
#             then the real module: the daemon seeds the still-unseeded
#             CRNG, registers havege after its start-up tests, havege is
#             selected through rng_current, /dev/hwrng serves (also to
#             three readers at once and to one that blocks and is
#             killed), --status,
#             SIGUSR1, SIGTERM (exit 0, withdrawn, detached); output mode
#             -n 1M and -n 1k --condition; rmmod
#   fallback  no module: the leak control, --until-seeded seeds the CRNG
#             with RNDADDENTROPY, the daemon credits a chunk in fallback
#             mode, --status, SIGTERM
# Every run of the sanitized daemon must leave no AddressSanitizer or
# LeakSanitizer log (ASAN_OPTIONS log_path) and no UBSan "runtime error"
# on its stderr (gcc's UBSan runtime ignores log_path next to ASan's).
# shellcheck disable=SC2016 # wait_for's strings are eval'd later

key=${1:-?}
what=${2:-module}
# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh
# shellcheck source=tests/hwrngd-vm/guest-lib.sh
. /payload/guest-lib.sh
d=/payload/havege-hwrngd-asan

# sanenv DIR: the sanitizer options of every sanitized run; reports of
# ASan and LSan go to DIR/asan.PID.
sanenv()
{
	mkdir -p "$1"
	export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:log_path=$1/asan"
	export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
}

# san_clean LABEL STDERR: no sanitizer report from that run; prints any.
san_clean()
{
	found=0
	for f in /tmp/san/asan.*; do
		[ -e "$f" ] || continue
		found=1
		sed "s|^|# $1 $f: |" "$f" | head -n 60
		mv "$f" "$f.seen"
	done
	if grep -q -e 'runtime error:' -e 'Sanitizer' "$2"; then
		found=1
		grep -A 20 -e 'runtime error:' -e 'Sanitizer' "$2" | sed "s|^|# $1: |"
	fi
	tap_result "$found" "$1: no ASan/LSan/UBSan report"
}

# control MODE PATTERN: sancheck MODE must fail with a report matching
# PATTERN (ASan's log file or, for UBSan, its stderr).
control()
{
	rm -rf /tmp/ctl
	sanenv /tmp/ctl
	/payload/sancheck "$1" >/tmp/ctl.out 2>/tmp/ctl.err
	rc=$?
	cat /tmp/ctl/asan.* /tmp/ctl.err 2>/dev/null >/tmp/ctl.all
	grep -E -m 3 "$2" /tmp/ctl.all | sed "s/^/# control $1: /"
	[ "$rc" -ne 0 ] && grep -E -q "$2" /tmp/ctl.all
	tap_result $? "positive control: sancheck $1 is caught (exit $rc, /$2/)"
	sanenv /tmp/san
}

echo "# kernel $(uname -r), $what, $(grep -c ^processor /proc/cpuinfo) vCPUs"
echo "# sanitizer runtime:" /lib/x86_64-linux-gnu/libasan.so.* /lib/x86_64-linux-gnu/libubsan.so.*

if [ "$what" = fallback ]; then
	echo "1..9"
	control leak 'LeakSanitizer: detected memory leaks'
	[ ! -e /dev/havege_hwrng ]
	tap_result $? "no module loaded"
	/payload/seedwait -c
	[ $? -eq 1 ]
	tap_result $? "the CRNG is not ready before the daemon runs"

	timeout 600 "$d" --until-seeded=300 2>/tmp/s.log
	rc=$?
	sed 's/^/# seed: /' /tmp/s.log
	[ $rc -eq 0 ] && grep -q RNDADDENTROPY /tmp/s.log && /payload/seedwait -c
	tap_result $? "--until-seeded seeds the CRNG with RNDADDENTROPY and exits 0 (status $rc)"
	san_clean "--until-seeded" /tmp/s.log

	"$d" -F --log=stderr -p /run/r.pid --status-file=/run/r.status 2>/tmp/r.log &
	r=$!
	i=0
	while ! grep -q "^random.chunks  *[1-9]" /run/r.status 2>/dev/null &&
		[ $i -lt 900 ]; do
		sleep 0.2
		i=$((i + 1))
		[ $((i % 25)) -eq 0 ] && kill -USR1 "$r"
	done
	"$d" --status -p /run/r.pid --status-file=/run/r.status >/tmp/st.txt 2>/tmp/st.err
	rc=$?
	sed 's/^/# /' /tmp/st.txt
	[ $rc -eq 0 ] && grep -q '^daemon.sink  *random' /tmp/st.txt &&
		grep -q "^random.chunks  *[1-9]" /tmp/st.txt
	tap_result $? "fallback mode credits a chunk; --status shows it (status $rc)"
	san_clean "--status" /tmp/st.err
	kill -TERM "$r"
	wait "$r"
	tap_result $? "fallback mode: SIGTERM, exit status 0"
	sed 's/^/# r: /' /tmp/r.log
	san_clean "fallback daemon" /tmp/r.log
	[ "$fails" -eq 0 ]
	exit
fi

echo "1..25"
control leak 'LeakSanitizer: detected memory leaks'
control overflow 'AddressSanitizer: heap-buffer-overflow'
control ubsan 'runtime error: signed integer overflow'
rm -rf /tmp/ctl
sanenv /tmp/ctl
/payload/sancheck clean >/dev/null 2>/tmp/ctl.err
rc=$?
[ $rc -eq 0 ] && ! ls /tmp/ctl/asan.* >/dev/null 2>&1 && [ ! -s /tmp/ctl.err ]
tap_result $? "negative control: sancheck clean exits 0 with no report"
sanenv /tmp/san

insmod "$HAVEGE_KO"
tap_result $? "insmod havege_hwrng.ko"
/payload/seedwait -c
[ $? -eq 1 ]
tap_result $? "the CRNG is not ready before the daemon starts"

/payload/seedwait 240 >/tmp/tts &
sw=$!
"$d" -F --log=stderr -v 1 -p /run/h.pid --status-file=/run/h.status \
	2>/tmp/d1.log &
d1=$!
wait "$sw"
read -r state tts </tmp/tts
echo "# time-to-seed $key sanitized daemon: $tts s ($state; not bounded here)"
[ "$state" = ready ]
tap_result $? "getrandom(GRND_NONBLOCK) succeeds after the sanitized daemon starts ($tts s)"
wait_for 240 listed
tap_result $? "the daemon registers havege after its start-up tests"
grep -q "start-up tests passed" /tmp/d1.log && [ "$(cat "$mod"/registrations)" -ge 1 ]
tap_result $? "start-up tests passed, REGISTER counted by the module"
echo havege >"$hw/rng_current"
[ "$(cat "$hw"/rng_current)" = havege ]
tap_result $? "havege selected through rng_current"
head -c 65536 /dev/hwrng >/tmp/hw.bin
[ "$(wc -c </tmp/hw.bin)" -eq 65536 ]
tap_result $? "/dev/hwrng serves 64 KiB of havege's bytes"
[ "$(cat "$mod"/bytes_served)" -ge 65536 ]
tap_result $? "the module counts them served ($(cat "$mod"/bytes_served) bytes)"

# Load on the pump: three readers at once drain the FIFO (partial writes,
# POLLOUT wake-ups), then a reader blocks in havege's read and is killed.
# Bounded: a reader still waiting after 110 s is a hang; what the
# module, the daemon and the readers are doing is shown, then timeout(1)
# ends the readers at 120 s.
# (Only these jobs are waited for: a bare "wait" would wait for the daemon.)
rm -f /tmp/r.*
readers=
for size in 1048576 524288 2097152; do
	{
		timeout 120 head -c "$size" /dev/hwrng | wc -c >"/tmp/r.$size"
		touch "/tmp/r.$size.done"
	} &
	readers="$readers $!"
done
if ! wait_for 110 '[ -e /tmp/r.1048576.done ] && [ -e /tmp/r.524288.done ] && [ -e /tmp/r.2097152.done ]'; then
	echo "# readers still waiting after 110 s"
	for f in state fifo_level fifo_size blocked_readers bytes_in bytes_served; do
		echo "# module $f $(cat "$mod/$f")"
	done
	echo "# daemon: $(grep State /proc/"$d1"/status), wchan $(cat /proc/"$d1"/wchan)"
	sed 's/^/# daemon stack: /' /proc/"$d1"/stack 2>/dev/null
	for p in $(pidof head); do
		echo "# reader $p: wchan $(cat /proc/"$p"/wchan)"
		sed "s/^/# reader $p stack: /" /proc/"$p"/stack 2>/dev/null
	done
	dmesg | tail -n 20 | sed 's/^/# dmesg: /'
fi
for p in $readers; do
	wait "$p"
done
[ "$(cat /tmp/r.1048576)" -eq 1048576 ] && [ "$(cat /tmp/r.524288)" -eq 524288 ] &&
	[ "$(cat /tmp/r.2097152)" -eq 2097152 ]
tap_result $? "three concurrent readers get 1 MiB, 512 KiB and 2 MiB within 120 s"
timeout 120 head -c 1000000000 /dev/hwrng >/dev/null &
rd=$!
wait_for 60 '[ "$(cat "$mod"/blocked_readers)" -ge 1 ]'
tap_result $? "a reader drains the FIFO and blocks in havege's read"
kill "$rd"
wait "$rd" 2>/dev/null

kill -USR1 "$d1"
wait_for 20 'grep -q "counters: generated" /tmp/d1.log'
tap_result $? "SIGUSR1 logs the counters"
"$d" --status -p /run/h.pid --status-file=/run/h.status >/tmp/st.txt 2>/tmp/st.err
rc=$?
sed 's/^/# /' /tmp/st.txt
[ $rc -eq 0 ] && grep -q "running, pid $d1" /tmp/st.txt &&
	grep -q '^module.registrations' /tmp/st.txt && grep -q '^daemon.fed' /tmp/st.txt
tap_result $? "--status (sanitized) shows module and daemon counters"
san_clean "--status" /tmp/st.err

kill -TERM "$d1"
wait "$d1"
tap_result $? "SIGTERM: exit status 0"
! listed && [ "$(cat "$mod"/withdrawals)" -ge 1 ] && [ "$(cat "$mod"/state)" -eq 0 ] &&
	[ ! -e /run/h.pid ]
tap_result $? "SIGTERM withdrew havege, detached, removed the pid file (rng_current: $(cat "$hw"/rng_current))"
sed 's/^/# d1: /' /tmp/d1.log
san_clean "module daemon" /tmp/d1.log

"$d" -n 1M -f /tmp/out.bin 2>/tmp/o.log
rc=$?
sed 's/^/# o: /' /tmp/o.log
[ $rc -eq 0 ] && [ "$(wc -c </tmp/out.bin)" -eq 1048576 ]
tap_result $? "output mode -n 1M writes exactly 1048576 bytes (status $rc)"
san_clean "-n 1M" /tmp/o.log
"$d" -n 1k --condition -f - 2>/tmp/c.log | wc -c >/tmp/c.n
sed 's/^/# c: /' /tmp/c.log
[ "$(cat /tmp/c.n)" -eq 1024 ]
tap_result $? "output mode -n 1k --condition writes 1024 SHA-256 bytes"
san_clean "-n 1k --condition" /tmp/c.log

rmmod havege_hwrng
tap_result $? "rmmod havege_hwrng"
for f in /tmp/san/*; do
	[ -e "$f" ] && echo "# report seen: $f"
done
[ "$fails" -eq 0 ]
