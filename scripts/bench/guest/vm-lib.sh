# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2034 # sourced: the names are used there
#
# Helpers of the bench guests (sourced by vm-run.sh and its sections,
# busybox ash): the hwrng sysfs files, the probe, TSV rows and the
# daemon's start and stop.  The sections read the configuration vm-run.sh
# exports: BENCH_KEY BENCH_VCPUS BENCH_CPU BENCH_BYTES BENCH_REPS
# BENCH_WINDOW BENCH_SETTLE BENCH_SREPS BENCH_BUFFERS.

hw=/sys/class/misc/hw_random
probe=/payload/vm-probe
daemon=/payload/havege-hwrngd
# the pid file of the feeding daemon (havege-hwrngd -F, started here)
dpid=/run/h.pid

# row TABLE FIELDS...: one TSV row for TABLE (T throughput, S scaling,
# I idle), after the kernel, vCPU and CPU columns; vm.sh sorts them out.
row()
{
	t=$1
	shift
	printf '%s\t%s\t%s\t%s' "$t" "$BENCH_KEY" "$BENCH_VCPUS" "$BENCH_CPU"
	printf '\t%s' "$@"
	printf '\n'
}

# select_rng NAME: make NAME the current hwrng; fail if it is not.
select_rng()
{
	echo "$1" >"$hw/rng_current" 2>/dev/null
	[ "$(cat "$hw/rng_current")" = "$1" ] && return 0
	echo "# cannot select $1 (available: $(cat "$hw/rng_available"))"
	return 1
}

# rng_named PREFIX: the first available hwrng whose name starts with PREFIX.
rng_named()
{
	tr ' ' '\n' <"$hw/rng_available" | grep "^$1" | head -n 1
}

# sub A B: B - A with 3 decimals.
sub()
{
	echo "$1 $2" | awk '{ printf "%.3f", $2 - $1 }'
}

# start_daemon [ARGS...]: the feeding daemon in the foreground mode, in
# the background (never call it inside $(...): the daemon would hold the
# substitution's pipe); waits until "havege" is listed (30 s) and leaves
# the start-up time (daemon start to "havege" in rng_available) in
# /tmp/startup.
start_daemon()
{
	"$probe" listed havege 30 >/tmp/startup &
	lp=$!
	"$daemon" -F --log=stderr -p "$dpid" "$@" >/dev/null 2>>/tmp/daemon.log &
	wait "$lp" || { echo "# the daemon did not register:"; sed 's/^/# /' /tmp/daemon.log; return 1; }
}

# stop_pid PID: SIGTERM, then wait until it is gone.
stop_pid()
{
	kill -TERM "$1" 2>/dev/null
	n=0
	while [ -e "/proc/$1/stat" ] && [ $n -lt 100 ] &&
		! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null; do
		sleep 0.1
		n=$((n + 1))
	done
	wait "$1" 2>/dev/null
	return 0
}

# daemon_pid: the pid of the feeding daemon.
daemon_pid()
{
	cat "$dpid"
}
