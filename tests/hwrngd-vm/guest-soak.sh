#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of tests/hwrngd-soak.t (busybox ash), TAP on stdout: the daemon
# (production build) in module mode for SECONDS under a read load that
# changes every few seconds, its memory and descriptors sampled every
# SAMPLE seconds.  The VM has a second hwrng, virtio-rng (its modules in
# /payload/virtio/, loaded in the order of /payload/virtio/order), so
# rng_current can be switched away from havege and back.
# Usage: guest-soak.sh KEY SECONDS WARMUP SAMPLE RSS_BOUND_KIB.
#
# The load repeats six phases (load_phase):
#   0 idle 6 s: nobody but the core's fill thread reads; the FIFO fills
#     (its level at the end is logged; at least one idle phase must end
#     with the FIFO full)
#   1 one reader, 256 KiB reads back to back, 6 s
#   2 three readers at once, 64 KiB to 1 MiB each, twice
#   3 rng_current switched to virtio_rng.0, 256 KiB read from it, switched
#     back to havege, 256 KiB read from havege
#   4 twenty 4 KiB reads 0.2 s apart
#   5 a reader asks for 1 GB (it drains the FIFO and blocks, which is
#     checked) and is killed after 4 s
# Every read but the killed one must return all its bytes.  Each sample
# (t, VmRSS, RssAnon, VmSize, open fds, FIFO level, rng_current) is printed
# as "# sample ..." and kept.  Asserted at the end: the daemon ran
# throughout; after WARMUP seconds VmRSS varies by at most RSS_BOUND_KIB
# and VmSize not at all; the fd count never changes; every phase ran and
# every read succeeded; havege is still registered and current; the
# module served more; SIGTERM ends the daemon with status 0; no oops,
# WARN or BUG in dmesg (boot.sh also scans the console).
# shellcheck disable=SC2016,SC2046 # eval'd strings; set -- splits on purpose

key=${1:-?}
secs=${2:-300}
warmup=${3:-60}
every=${4:-10}
bound=${5:-32}
# shellcheck source=tests/lib/tap.sh
. /lib/vm-tap.sh
# shellcheck source=tests/hwrngd-vm/guest-lib.sh
. /payload/guest-lib.sh

log=/tmp/load.log	# one line per event of the load generator
stop=/tmp/load.stop

now()
{
	cut -d . -f 1 /proc/uptime
}

# lread BYTES SOURCE: one read of /dev/hwrng; a short read is logged.
lread()
{
	got=$(head -c "$1" /dev/hwrng | wc -c)
	if [ "$got" -eq "$1" ]; then
		echo "read $2 $1" >>"$log"
	else
		echo "readfail $2 $got of $1 (rng_current $(cat "$hw"/rng_current))" >>"$log"
	fi
}

# for_secs SECONDS CMD...: run CMD again and again for SECONDS.
for_secs()
{
	end=$(($(now) + $1))
	shift
	while [ "$(now)" -lt "$end" ] && [ ! -e "$stop" ]; do
		"$@"
	done
}

load_phase()
{
	case $1 in
	0)
		sleep 6
		echo "idle-end fifo $(cat "$mod"/fifo_level) of $(cat "$mod"/fifo_size)" >>"$log"
		;;
	1)
		for_secs 6 lread 262144 havege
		;;
	2)
		for size in 65536 1048576; do
			lread "$size" havege &
			lread $((size / 2)) havege &
			lread $((size * 2)) havege &
			wait
		done
		;;
	3)
		echo virtio_rng.0 >"$hw"/rng_current
		if [ "$(cat "$hw"/rng_current)" = virtio_rng.0 ]; then
			echo "switch away" >>"$log"
		else
			echo "switchfail away" >>"$log"
		fi
		lread 262144 virtio
		echo havege >"$hw"/rng_current
		if [ "$(cat "$hw"/rng_current)" = havege ]; then
			echo "switch back" >>"$log"
		else
			echo "switchfail back" >>"$log"
		fi
		lread 262144 havege
		;;
	4)
		i=0
		while [ $i -lt 20 ]; do
			lread 4096 havege
			sleep 0.2
			i=$((i + 1))
		done
		;;
	5)
		head -c 1000000000 /dev/hwrng >/dev/null &
		rd=$!
		if wait_for 4 '[ "$(cat "$mod"/blocked_readers)" -ge 1 ]'; then
			echo "blocked reader" >>"$log"
		fi
		kill "$rd"
		wait "$rd"
		;;
	esac
	echo "phase $1" >>"$log"
}

load()
{
	k=0
	while [ ! -e "$stop" ]; do
		load_phase $((k % 6))
		k=$((k + 1))
	done
}

# sample T: one line "T rss anon vmsize fds fifo current".
sample()
{
	rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$d1/status")
	anon=$(sed -n 's/^RssAnon:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$d1/status")
	vsz=$(sed -n 's/^VmSize:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$d1/status")
	fds=0
	for f in "/proc/$d1/fd/"*; do
		[ -L "$f" ] && fds=$((fds + 1))
	done
	echo "$1 ${rss:-0} ${anon:-0} ${vsz:-0} $fds $(cat "$mod"/fifo_level) $(cat "$hw"/rng_current)"
}

# full_idles: how many idle phases ended with the FIFO full.
full_idles()
{
	awk '$1 == "idle-end" && $3 == $5 { n++ } END { print n + 0 }' "$log"
}

# spread COLUMN: max - min of a column of the samples after the warm-up.
spread()
{
	awk -v c="$1" -v w="$warmup" '$1 >= w {
		if (!n || $c > max) max = $c
		if (!n || $c < min) min = $c
		n++
	} END { print (n ? max - min : -1), min, max, n }' /tmp/samples
}

echo "1..17"
echo "# kernel $key ($(uname -r)); soak $secs s, warm-up $warmup s, a sample every $every s, VmRSS bound $bound KiB"
while read -r ko; do
	insmod "/payload/virtio/$ko" || echo "# insmod $ko failed"
done </payload/virtio/order
wait_for 10 'grep -qw virtio_rng.0 "$hw"/rng_available'
tap_result $? "virtio-rng is a second hwrng (available: $(cat "$hw"/rng_available))"
insmod "$HAVEGE_KO"
tap_result $? "insmod havege_hwrng.ko"

/payload/havege-hwrngd -F --log=stderr --select -p /run/h.pid \
	--status-file=/run/h.status 2>/tmp/d.log &
d1=$!
wait_for 120 '[ "$(cat "$hw"/rng_current)" = havege ]'
tap_result $? "the daemon registers havege and --select makes it current"
served0=$(cat "$mod"/bytes_served)
regs0=$(cat "$mod"/registrations)

: >"$log"
rm -f "$stop"
# The shell's "Terminated" for the killed reader goes to load.err.
load 2>/tmp/load.err &
lpid=$!
start=$(now)
: >/tmp/samples
alive=0
t=0
while [ "$t" -le "$secs" ]; do
	if gone "$d1"; then
		alive=1
		echo "# the daemon is gone at t=$t s"
		break
	fi
	s=$(sample "$t")
	echo "$s" >>/tmp/samples
	echo "# sample t/s rss/KiB anon/KiB vmsize/KiB fds fifo current: $s"
	next=$((start + t + every))
	while [ "$(now)" -lt "$next" ]; do
		sleep 1
	done
	t=$(($(now) - start))
done
touch "$stop"
wait "$lpid"
tap_result "$alive" "the daemon ran for the whole soak ($secs s)"

set -- $(spread 2)
echo "# VmRSS after ${warmup} s: min $2 KiB, max $3 KiB, spread $1 KiB over $4 samples (bound $bound KiB)"
[ "$4" -ge 2 ] && [ "$1" -ge 0 ] && [ "$1" -le "$bound" ]
tap_result $? "VmRSS flat after the warm-up: spread $1 KiB <= $bound KiB ($4 samples, $2-$3 KiB)"
set -- $(spread 3)
echo "# RssAnon after ${warmup} s: min $2 KiB, max $3 KiB, spread $1 KiB"
set -- $(spread 4)
[ "$4" -ge 2 ] && [ "$1" -eq 0 ]
tap_result $? "VmSize constant after the warm-up (spread $1 KiB, $2-$3 KiB)"
set -- $(awk '{ if (!n || $5 > max) max = $5; if (!n || $5 < min) min = $5; n++ }
	END { print max - min, min, max, n }' /tmp/samples)
[ "$4" -ge 2 ] && [ "$1" -eq 0 ]
tap_result $? "open fds constant over all $4 samples ($2-$3)"

reads=$(grep -c '^read ' "$log")
fails_r=$(grep -c '^readfail' "$log")
grep '^readfail' "$log" | head -n 20 | sed 's/^/# /'
echo "# load: $reads reads ($(grep -c '^read virtio' "$log") from virtio), $fails_r short," \
	"$(grep -c '^phase' "$log") phases, $(grep -c '^switch back' "$log") switches away and back," \
	"$(grep -c '^blocked reader' "$log") blocked readers," \
	"$(full_idles) idle phases ended with the FIFO full"
grep '^idle-end' "$log" | sort | uniq -c | sed 's/^/# /'
grep -v '^Terminated' /tmp/load.err | head -n 20 | sed 's/^/# load: /'
[ "$fails_r" -eq 0 ] && [ "$reads" -gt 0 ]
tap_result $? "every read of /dev/hwrng returned all its bytes ($reads reads)"
ran=0
for p in 0 1 2 3 4 5; do
	grep -q "^phase $p\$" "$log" || ran=1
done
[ "$ran" -eq 0 ] && [ "$(grep -c '^switch back' "$log")" -ge 1 ] &&
	! grep -q '^switchfail' "$log"
tap_result $? "every load phase ran; rng_current switched to virtio_rng.0 and back"
[ "$(full_idles)" -ge 1 ] && grep -q '^blocked reader' "$log"
tap_result $? "the FIFO filled up while idle and was drained to a blocked reader"

listed && [ "$(cat "$hw"/rng_current)" = havege ] && [ "$(cat "$mod"/state)" -ne 0 ]
tap_result $? "havege still registered and current at the end"
served=$(cat "$mod"/bytes_served)
echo "# module: bytes_served $served0 -> $served, registrations $regs0 -> $(cat "$mod"/registrations), withdrawals $(cat "$mod"/withdrawals)"
[ "$served" -gt "$served0" ]
tap_result $? "the module served havege's bytes during the soak"
kill -USR1 "$d1"
wait_for 10 'grep -q "counters: generated" /tmp/d.log'
tap_result $? "the daemon still answers SIGUSR1"
kill -TERM "$d1"
wait "$d1"
tap_result $? "SIGTERM: exit status 0"
wait_for 10 '! listed'
tap_result $? "SIGTERM withdrew havege (rng_current: $(cat "$hw"/rng_current))"
sed 's/^/# d: /' /tmp/d.log | tail -n 30
dmesg | grep -E 'Oops|WARNING:|BUG:|Call Trace' >/tmp/bad
sed 's/^/# dmesg: /' /tmp/bad
[ ! -s /tmp/bad ]
tap_result $? "no oops, WARN or BUG in dmesg"
rmmod havege_hwrng
tap_result $? "rmmod havege_hwrng"
[ "$fails" -eq 0 ]
