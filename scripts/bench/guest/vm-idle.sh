# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2154 # probe, hw, daemon: vm-lib.sh; BENCH_*: vm-run.sh
#
# Bench guest section "idle" (sourced by vm-run.sh, busybox ash): the idle
# cost and memory of each daemon alone, one after the other, with the pool
# seeded and nobody reading /dev/hwrng.  First havege-hwrngd (feeding the
# module, "havege" current, every other hwrng module removed), then, with
# it stopped and havege_hwrng removed (no hwrng at all), Debian's haveged
# (-F), rngd of rng-tools5 (-f) and jitterentropy-rngd (daemonizes; its
# pid file), from /peers (scripts/bench/peers.sh).  Each runs BENCH_SETTLE
# seconds, then its CPU time (utime + stime of the process) and context
# switches (voluntary + nonvoluntary, summed over its threads) are taken
# over BENCH_WINDOW seconds, with VmHWM (peak RSS) and VmRSS (steady RSS)
# at the end.  Rows: I (idle.tsv).

# status_kb PID FIELD: a "FIELD: N kB" or "FIELD: N" value of /proc/PID/status.
status_kb()
{
	sed -n "s/^$2:[^0-9]*\\([0-9]*\\).*/\\1/p" "/proc/$1/status"
}

# switches PID: context switches of all the threads of PID.
switches()
{
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}

# measure NAME PID: one idle row for the daemon NAME running as PID.
measure()
{
	sleep "$BENCH_SETTLE"
	if [ ! -e "/proc/$2/status" ]; then
		echo "# $1 (pid $2) is not running"
		return 1
	fi
	echo "# $1: pid $2, $(sed -n 's/^Name:[^a-z]*//p' "/proc/$2/status"), $(find "/proc/$2/task" -mindepth 1 -maxdepth 1 | wc -l) thread(s)"
	c0=$("$probe" cpu "$2")
	w0=$(switches "$2")
	sleep "$BENCH_WINDOW"
	c1=$("$probe" cpu "$2")
	w1=$(switches "$2")
	row I "$1" "$BENCH_WINDOW.000" "$(sub "$c0" "$c1")" $((w1 - w0)) \
		"$(status_kb "$2" VmHWM)" "$(status_kb "$2" VmRSS)"
}

for m in virtio_rng bench_full; do
	grep -q "^$m " /proc/modules && { rmmod "$m" || return 1; }
done
select_rng havege || return 1
"$probe" seeded 30 >/dev/null || return 1
measure havege-hwrngd "$(daemon_pid)" || return 1
stop_pid "$(daemon_pid)"
rmmod havege_hwrng || return 1
echo "# hwrngs left: '$(cat "$hw/rng_available")'"

if [ ! -x /peers/bin/haveged ]; then
	echo "# no /peers payload: no peer rows"
	return 0
fi
/peers/bin/haveged -F >/tmp/haveged.log 2>&1 &
p=$!
measure haveged "$p" || sed 's/^/# /' /tmp/haveged.log
stop_pid "$p"

/peers/bin/rngd -f -p /run/rngd.pid >/tmp/rngd.log 2>&1 &
p=$!
measure rngd "$p" || sed 's/^/# /' /tmp/rngd.log
stop_pid "$p"

/peers/bin/jitterentropy-rngd -p /run/jent.pid >/tmp/jent.log 2>&1
n=0
while [ ! -s /run/jent.pid ] && [ $n -lt 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
p=$(cat /run/jent.pid 2>/dev/null)
if [ -n "$p" ]; then
	measure jitterentropy-rngd "$p" || sed 's/^/# /' /tmp/jent.log
	stop_pid "$p"
else
	echo "# jitterentropy-rngd wrote no pid file:"
	sed 's/^/# /' /tmp/jent.log
fi
return 0
