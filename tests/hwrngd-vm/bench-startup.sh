#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of a before/after measurement of the daemon's start-up (not
# part of make check: timings are never tests).  In a VM of tests/vm with
# the module: time-to-seed of /payload/hwrngd-WHICH (seedwait first, as
# guest-seed.sh does), then three start-ups (-n 4k -f /dev/null) of
# hwrngd-old and hwrngd-new, alternating.  Host side, for one kernel and
# CPU model (docs/daemon.md, "One vCPU without POPCNT"):
#
#   git archive OLD | tar -x -C /tmp/old && make -C /tmp/old helper
#   make helper && mkdir -p /tmp/b && cp tests/hwrngd-vm/bench-startup.sh /tmp/b
#   gcc -static -O2 -D_GNU_SOURCE -o /tmp/b/seedwait tests/hwrngd-vm/seedwait.c
#   cp /tmp/old/build/native/havege-hwrngd /tmp/b/hwrngd-old
#   cp build/native/havege-hwrngd /tmp/b/hwrngd-new
#   tests/vm/boot.sh --kernel 6.1 --cpu qemu64 --smp 1 --payload /tmp/b \
#       --run "/payload/bench-startup.sh new"
#
# Usage: bench-startup.sh old|new.  Needs $HAVEGE_KO.

w=${1:-new}
up()
{
	cut -d ' ' -f 1 /proc/uptime
}

echo "# $(uname -r), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n1)," \
	"$(nproc) vCPU, popcnt: $(grep -cw popcnt /proc/cpuinfo)"
insmod "$HAVEGE_KO" || exit 1
/payload/seedwait -c
[ $? -eq 1 ] || { echo "# the CRNG is already ready"; exit 1; }
/payload/seedwait 10 >/tmp/tts &
sw=$!
"/payload/hwrngd-$w" -F --log=stderr -p /run/h.pid 2>/tmp/d.log &
d=$!
wait "$sw"
echo "# time-to-seed $w: $(cat /tmp/tts)"
kill -TERM "$d"
wait "$d"
for r in 1 2 3; do
	for b in old new; do
		a=$(up)
		"/payload/hwrngd-$b" -n 4k -f /dev/null || exit 1
		e=$(up)
		echo "# start-up $b (run $r): $(echo "$a $e" | awk '{ printf "%.2f", $2 - $1 }') s"
	done
done
rmmod havege_hwrng
