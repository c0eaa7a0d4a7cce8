#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-vm.t, the comparison VM (no module, busybox
# ash), TAP on stdout.  In a fresh VM (random.trust_cpu=off, no
# virtio-rng): how long until getrandom(GRND_NONBLOCK) succeeds with no
# daemon at all (10 s bound), then with Debian's haveged started (15 s
# bound).  The times are reported as "# time-to-seed KEY none|haveged: ...",
# not asserted; the tests only check that each measurement was made.
# Usage: guest-baseline.sh KEY

key=${1:-?}
# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh

# report LABEL FILE: one time-to-seed line from seedwait's output.
report()
{
	read -r state t <"$2"
	if [ "$state" = ready ]; then
		echo "# time-to-seed $key $1: $t s"
	else
		echo "# time-to-seed $key $1: not ready after $t s"
	fi
	echo "# ($1: entropy_avail now $(cat /proc/sys/kernel/random/entropy_avail))"
}

echo "1..4"
echo "# kernel $(uname -r), entropy_avail $(cat /proc/sys/kernel/random/entropy_avail)"
/payload/seedwait -c
[ $? -eq 1 ]
tap_result $? "the CRNG is not ready at boot"

/payload/seedwait 10 >/tmp/none
rc=$?
none_rc=$rc
report none /tmp/none
[ $rc -le 1 ]
tap_result $? "no daemon: getrandom(GRND_NONBLOCK) polled for up to 10 s"

if [ ! -x /payload/haveged ]; then
	skip "no haveged in the payload"
	skip "no haveged in the payload"
	exit 0
fi
if [ $none_rc -eq 0 ]; then
	echo "# time-to-seed $key haveged: n/a (seeded without a daemon first)"
else
	echo "# (haveged starts $(cut -d ' ' -f 1 /proc/uptime) s after boot)"
fi
/payload/seedwait 15 >/tmp/hv &
sw=$!
/payload/haveged -F -w 1024 -p /run/haveged.pid >/tmp/hv.log 2>&1 &
hv=$!
wait "$sw"
rc=$?
[ -e /proc/$hv ]
tap_result $? "haveged is still running after the measurement"
# haveged does not always act on SIGTERM at once (5.10): bounded stop.
kill -TERM "$hv"
i=0
while [ -d "/proc/$hv" ] && ! grep -q '^[0-9]* (.*) Z' "/proc/$hv/stat" 2>/dev/null &&
	[ $i -lt 25 ]; do
	sleep 0.2
	i=$((i + 1))
done
kill -KILL "$hv" 2>/dev/null
wait "$hv"
[ $none_rc -eq 0 ] || report haveged /tmp/hv
[ $rc -le 1 ]
tap_result $? "haveged: getrandom(GRND_NONBLOCK) polled for up to 15 s"
sed 's/^/# haveged: /' /tmp/hv.log
[ "$fails" -eq 0 ]
