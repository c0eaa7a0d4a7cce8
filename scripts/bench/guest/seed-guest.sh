#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/bench/seed.sh (busybox ash, one fresh VM per
# measurement): time until getrandom(GRND_NONBLOCK) succeeds after METHOD
# starts.
# Usage: seed-guest.sh METHOD WINDOW CREDIT
#   METHOD  none | kernel-jitter | pump | haveged | rngd | jitterentropy-rngd
#           | hwrngd-fallback | hwrngd-module | hwrngd-conditioned
#   WINDOW  seconds seedwait polls before it reports "not-ready"
#   CREDIT  bits the pump credits per 64-byte block
# Checks the CRNG is not ready, loads the module for hwrngd-module and
# hwrngd-conditioned, reads the uptime, starts seedwait, then the method.
# A daemon must still be alive when seedwait returns; the pump and the
# blocking getrandom() must be alive or have exited 0.  Prints the method's
# log prefixed "log: " and then one line:
#   seed-result METHOD ready|not-ready FROM_START_S FROM_BOOT_S START_UPTIME
# FROM_BOOT_S is the uptime at start plus FROM_START_S ("NA" if not ready).
# Or, when the method could not run (it exited early, e.g. rngd with no
# source), exit 3 after
#   seed-failed METHOD REASON
# Exit 2 on a harness error (CRNG ready at boot, bad usage, insmod failed).

method=${1:-}
window=${2:-}
credit=${3:-512}
p=/payload
peers=/peers/bin

die()
{
	echo "seed-error $method $*"
	exit 2
}

# gone PID: the process has exited (a zombie counts as exited).
gone()
{
	[ ! -e "/proc/$1/stat" ] || grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

# stop PID: SIGTERM, then SIGKILL after 2 s; its exit status is ignored.
stop()
{
	kill -TERM "$1" 2>/dev/null
	i=0
	while ! gone "$1" && [ $i -lt 20 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

if [ -z "$method" ] || [ -z "$window" ]; then
	die "usage: seed-guest.sh METHOD WINDOW CREDIT"
fi
echo "log: kernel $(uname -r), $(nproc) vCPU, cmdline: $(cat /proc/cmdline)"
echo "log: cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2)," \
	"rdrand: $(grep -c -m1 -w rdrand /proc/cpuinfo)," \
	"hwrng: $(cat /sys/class/misc/hw_random/rng_current 2>/dev/null || echo absent)"
/payload/seedwait -c
case $? in
1) ;;
0) die "the CRNG is ready at boot" ;;
*) die "seedwait -c failed" ;;
esac
case $method in
hwrngd-module | hwrngd-conditioned)
	insmod "$HAVEGE_KO" || die "insmod $HAVEGE_KO failed" ;;
esac

# exits=1: the method may exit 0 by itself once it is done.
exits=0
t0=$(cut -d ' ' -f 1 /proc/uptime)
"$p/seedwait" "$window" >/tmp/sw &
sw=$!
case $method in
none)
	pid= ;;
kernel-jitter)
	"$p/seedtool" block 2>/tmp/m.log &
	pid=$! exits=1 ;;
pump)
	# The pipeline's last process (seedtool) is $!; haveged ends on SIGPIPE.
	"$peers/haveged" -n 0 2>/tmp/h.log | "$p/seedtool" credit "$credit" 2>/tmp/m.log &
	pid=$! exits=1 ;;
haveged)
	"$peers/haveged" -F -v 1 >/tmp/m.log 2>&1 &
	pid=$! ;;
rngd)
	"$peers/rngd" -f -p /run/rngd.pid >/tmp/m.log 2>&1 &
	pid=$! ;;
jitterentropy-rngd)
	# -v: foreground (it has no other switch for that).
	"$peers/jitterentropy-rngd" -v >/tmp/m.log 2>&1 &
	pid=$! ;;
hwrngd-fallback | hwrngd-module)
	"$p/havege-hwrngd" -F --log=stderr -p /run/h.pid \
		--status-file=/run/h.status >/tmp/m.log 2>&1 &
	pid=$! ;;
hwrngd-conditioned)
	"$p/havege-hwrngd" -F --condition --log=stderr -p /run/h.pid \
		--status-file=/run/h.status >/tmp/m.log 2>&1 &
	pid=$! ;;
*)
	kill "$sw"
	die "unknown method" ;;
esac

# reaped WHEN: if the method's process has exited, reap it (pid cleared)
# and, when it should have stayed (a daemon) or failed, set $failed to why,
# ending with WHEN.  Status 0 when it had exited.
reaped()
{
	[ -n "$pid" ] && gone "$pid" || return 1
	rc=0
	wait "$pid" || rc=$?
	pid=
	if [ "$exits" -eq 0 ] || [ "$rc" -ne 0 ]; then
		failed="exited with status $rc $1"
	fi
	return 0
}

# Wait for seedwait; a daemon that dies meanwhile failed to run.
failed=
while ! gone "$sw"; do
	if reaped "before getrandom() was ready" && [ -n "$failed" ]; then
		kill "$sw" 2>/dev/null
		break
	fi
	sleep 0.1
done
wait "$sw"
sw_rc=$?
reaped "by the end of the window"
[ -n "$pid" ] && echo "log: $method (pid $pid) alive after the measurement"
[ -n "$pid" ] && stop "$pid"
for f in /tmp/h.log /tmp/m.log; do
	[ -e "$f" ] && sed "s|^|log: ${f#/tmp/}: |" "$f"
done
dmesg | grep -e 'crng init' -e 'random:' -e havege | sed 's/^/log: dmesg: /'
if [ -n "$failed" ]; then
	echo "seed-failed $method $failed"
	exit 3
fi
read -r state t <"/tmp/sw" || die "no output from seedwait (status $sw_rc)"
case $state in
ready)
	echo "seed-result $method ready $t $(echo "$t0 $t" | awk '{ printf "%.3f", $1 + $2 }') $t0" ;;
not-ready)
	echo "seed-result $method not-ready $window NA $t0" ;;
*)
	die "seedwait printed '$state $t' (status $sw_rc)" ;;
esac
