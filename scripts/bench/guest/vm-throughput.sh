# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2154 # probe, hw, daemon: vm-lib.sh; BENCH_*: vm-run.sh
#
# Bench guest section "throughput" (sourced by vm-run.sh, busybox ash):
# with the feeding daemon running and the pool seeded, BENCH_REPS rounds
# of reading BENCH_BYTES from /dev/hwrng with "havege" current (the
# daemon's CPU time over the read recorded), "virtio_rng.N" current (if
# the VM has one) and "bench_full" current (the test-only hwrng that
# always has data, /payload/bench_full.ko), interleaved; then BENCH_REPS
# runs of the daemon's output mode, `havege-hwrngd -n 4*BENCH_BYTES -f
# /dev/null`, beside the feeding daemon (which sleeps: the FIFO is full and
# nobody reads), with its own wall and CPU time.  Rows: T (throughput.tsv).

virtio=$(rng_named virtio_rng)
[ -n "$virtio" ] || echo "# no virtio_rng hwrng in this VM: no virtio-rng rows"
insmod /payload/bench_full.ko || return 1
d=$(daemon_pid)
r=0
while [ $r -lt "$BENCH_REPS" ]; do
	r=$((r + 1))
	select_rng havege || return 1
	c0=$("$probe" cpu "$d")
	s=$("$probe" read /dev/hwrng "$BENCH_BYTES" 1) || return 1
	c1=$("$probe" cpu "$d")
	row T havege 1 "$BENCH_BYTES" "$s" "$(sub "$c0" "$c1")"
	if [ -n "$virtio" ]; then
		select_rng "$virtio" || return 1
		s=$("$probe" read /dev/hwrng "$BENCH_BYTES" 1) || return 1
		row T virtio-rng 1 "$BENCH_BYTES" "$s" NA
	fi
	select_rng bench_full || return 1
	s=$("$probe" read /dev/hwrng "$BENCH_BYTES" 1) || return 1
	row T always-full 1 "$BENCH_BYTES" "$s" NA
done
select_rng havege || return 1
rmmod bench_full || return 1

n=$((BENCH_BYTES * 4))
r=0
while [ $r -lt "$BENCH_REPS" ]; do
	r=$((r + 1))
	# shellcheck disable=SC2046 # "wall cpu", split on purpose
	set -- $("$probe" run "$daemon" -n "$n" -f /dev/null 2>>/tmp/daemon-n.log) ||
		{ sed 's/^/# /' /tmp/daemon-n.log; return 1; }
	row T daemon-n NA "$n" "$1" "$2"
done
return 0
