# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh disable=SC2154 # probe, hw, daemon: vm-lib.sh; BENCH_*: vm-run.sh
#
# Bench guest section "scaling" (sourced by vm-run.sh, busybox ash), with
# "havege" current: BENCH_SREPS rounds of BENCH_BYTES read by 1, 2 and 4
# concurrent readers of /dev/hwrng (each its share) with the default
# collection buffer (128 KiW = 512 KiB), the daemon's CPU time over each;
# then for each collection buffer of BENCH_BUFFERS (-b, in KiB words of
# 4 bytes, haveged's unit) BENCH_SREPS restarts of the daemon: start-up
# time (start to "havege" listed in rng_available), then one buffer's
# worth read and dropped (the collector fills a whole buffer at a time, so
# the first read after start-up is served from the buffer collected
# during the start-up), then one reader's BENCH_BYTES measured.
# buffer_kb is the buffer in KiB (4 x KiW).  The daemon is left running
# with the default buffer.  Rows: S (scaling.tsv).

d=$(daemon_pid)
select_rng havege || return 1
r=0
while [ $r -lt "$BENCH_SREPS" ]; do
	r=$((r + 1))
	for k in 1 2 4; do
		c0=$("$probe" cpu "$d")
		s=$("$probe" read /dev/hwrng "$BENCH_BYTES" "$k") || return 1
		c1=$("$probe" cpu "$d")
		row S 512 "$k" "$BENCH_BYTES" "$s" "$(sub "$c0" "$c1")" NA
	done
done

r=0
while [ $r -lt "$BENCH_SREPS" ]; do
	r=$((r + 1))
	for b in $BENCH_BUFFERS; do
		stop_pid "$(daemon_pid)"
		start_daemon -b "$b" || return 1
		st=$(cat /tmp/startup)
		d=$(daemon_pid)
		"$probe" seeded 30 >/dev/null || return 1
		select_rng havege || return 1
		head -c $((b * 4096)) /dev/hwrng >/dev/null || return 1
		c0=$("$probe" cpu "$d")
		s=$("$probe" read /dev/hwrng "$BENCH_BYTES" 1) || return 1
		c1=$("$probe" cpu "$d")
		row S $((b * 4)) 1 "$BENCH_BYTES" "$s" "$(sub "$c0" "$c1")" "$st"
	done
done
stop_pid "$(daemon_pid)"
# shellcheck disable=SC2119 # the default options
start_daemon || return 1
select_rng havege
