#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd's command line on the host (no module needed).
# Exit statuses and messages of --help/--version/bad options/bad sizes,
# output mode checked by havege-ais31 (procedures A and B), --condition in
# output mode and --info, --until-seeded on a host whose CRNG is ready, the
# single-instance lock, --status, signals, relative pid and status file
# paths of a daemon that forks (and so changes to /), and that the
# production binary carries no test double.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${HBUILD:-$top/build/native}
d=$bin/havege-hwrngd
ais=$bin/havege-ais31
tmp=$(mktemp -d /tmp/hwrngd-cli.XXXXXX)
first=
forked=
cleanup() {
	[ -n "$first" ] && kill "$first" 2>/dev/null
	[ -n "$forked" ] && kill "$forked" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

# exit_is STATUS PATTERN COMMAND...: status matches and stdout+stderr has PATTERN
exit_is() {
	want=$1
	pat=$2
	shift 2
	timeout 60 "$@" >"$tmp/o" 2>&1
	got=$?
	[ "$got" -eq "$want" ] || { echo "exit $got, wanted $want"; cat "$tmp/o"; return 1; }
	grep -q -- "$pat" "$tmp/o" || { echo "no '$pat' in:"; cat "$tmp/o"; return 1; }
}

echo "1..35"
ok "--help exits 0" exit_is 0 "Usage: havege-hwrngd" "$d" --help
ok "-? is --help" exit_is 0 "Usage: havege-hwrngd" "$d" "-?"
ok "--version exits 0" exit_is 0 "^havege-hwrngd [0-9]" "$d" --version
ok "unknown option exits 2" exit_is 2 "unknown option '-x'" "$d" -x
ok "unknown long option exits 2" exit_is 2 "unknown option '--bogus'" "$d" --bogus
ok "bad size exits 2" exit_is 2 "invalid argument '4q' for --number" "$d" -n 4q
ok "too large size exits 2" exit_is 2 "larger than 16t" "$d" -n 17t
ok "missing argument exits 2" exit_is 2 "needs an argument" "$d" -n
ok "bad online test spec exits 2" exit_is 2 "--onlinetest" "$d" -o xyz
ok "bad --until-seeded timeout exits 2" exit_is 2 "--until-seeded" "$d" --until-seeded=0
ok "-w is accepted with a note" exit_is 0 "write_wakeup_threshold" "$d" -w 1024 -r 1
ok "-r 1 prints the timer, tuning and tests" exit_is 0 "^tests " "$d" -r 1

out_size() {
	"$d" -n 1k -f "$tmp/sample" && [ "$(stat -c %s "$tmp/sample")" -eq 1024 ]
}
ok "-n 1k -f FILE writes exactly 1024 bytes" out_size

cond_size() {	# 32 blocks of SHA-256, 640 KiB of tested input
	"$d" -n 1k -f "$tmp/cond" --condition &&
		[ "$(stat -c %s "$tmp/cond")" -eq 1024 ] &&
		! cmp -s "$tmp/sample" "$tmp/cond"
}
ok "-n 1k -f FILE --condition writes exactly 1024 conditioned bytes" cond_size
ok "--info --condition shows the conditioning" exit_is 0 \
	"^conditioned  *sha256, 20480 input bytes per 32-byte block" \
	"$d" --info --condition
ok "--info without --condition says so" exit_is 0 "^conditioned  *no$" \
	"$d" --info
# --record-raw: N one-byte noise samples, to -f or stdout, alarms not fatal.
record_size() {
	"$d" --record-raw=100k -f "$tmp/raw" 2>"$tmp/raw.log" &&
		[ "$(stat -c %s "$tmp/raw")" -eq 102400 ] &&
		grep -q "recorded 102400 samples (timer " "$tmp/raw.log" &&
		[ "$("$d" --record-raw=3 2>/dev/null | wc -c)" -eq 3 ] &&
		[ "$("$d" --record-raw=1k 2>/dev/null | wc -c)" -eq 1024 ]
}
ok "--record-raw=100k -f FILE writes 102400 samples, stdout by default" record_size
ok "--record-raw=0 exits 2" exit_is 2 "invalid argument '0' for --record-raw" "$d" --record-raw=0
# --assess: every estimator, the estimate, and last "quality: Q"; the exit
# status follows the verdict (this host's jitter decides which one).
assess_report() {
	"$d" --assess=200k >"$tmp/assess" 2>"$tmp/assess.log"
	rc=$?
	sed 's/^/# /' "$tmp/assess"
	q=$(sed -n '$s/^quality: \([0-9][0-9]*\)$/\1/p' "$tmp/assess")
	for e in most-common-value t-tuple lrs multi-mcw lag multi-mmc lz78y \
		bitstring.collision bitstring.markov bitstring.compression; do
		grep -q "^$e: [0-9.]*$" "$tmp/assess" || return 1
	done
	grep -q "^min-entropy: [0-9.]* bits per delta$" "$tmp/assess" &&
		{ { [ "$rc" -eq 0 ] && [ "$q" = 2 ]; } ||
		  { [ "$rc" -eq 1 ] && [ "$q" = 0 ]; }; }
}
ok "--assess=200k: ten estimators, the estimate, quality 2 (exit 0) or 0 (exit 1)" assess_report
assess_unsupported() {
	"$d" --assess=64k --entropy-per-delta=8 >"$tmp/assess8" 2>/dev/null
	[ $? -eq 1 ] && [ "$(tail -n 1 "$tmp/assess8")" = "quality: 0" ] &&
		grep -q "^verdict: estimate below 2.0 x claim" "$tmp/assess8"
}
ok "--assess with a claim of 8 bits per delta: not supported, quality 0, exit 1" assess_unsupported
ok "--entropy-per-delta=0.4 exits 2" exit_is 2 "one bit per 64-byte read" "$d" --entropy-per-delta=0.4 -n 1k -f /dev/null
ok "--record-raw with -n exits 2" exit_is 2 "choose one of" "$d" --record-raw=1k -n 1k
ok "--help lists --record-raw" exit_is 0 "--record-raw=N" "$d" --help

pipe_ais31() {	# pipe_ais31 -A|-B
	"$d" -n 4M -f - >"$tmp/pipe" && "$ais" "$1" "$tmp/pipe"
}
if [ -x "$ais" ]; then
	ok "-n 4M -f - passes havege-ais31 procedure A" pipe_ais31 -A
	ok "-n 4M -f - passes havege-ais31 procedure B" pipe_ais31 -B
else
	skip "no $ais"
	skip "no $ais"
fi

head_closes() {	# the reader going away ends -n 0 normally
	"$d" -n 0 -f - | head -c 100000 | wc -c | grep -qx 100000
}
ok "-n 0 -f - ends quietly when the reader closes" head_closes

ok "--until-seeded exits 0 when the CRNG is ready" exit_is 0 "already ready" "$d" --until-seeded=10

no_test_double() {
	! grep -a -q -e fake_timer -e 'test double' -e fake_source "$d" &&
	! nm "$d" 2>/dev/null | grep -q -e fake_ -e spy_
}
ok "the production binary contains no test double" no_test_double

if [ "$(id -u)" -ne 0 ]; then
	for i in 1 2 3 4 5 6 7; do skip "needs root (RNDADDENTROPY)"; done
	exit 0
fi
# a real instance in fallback mode (the module cannot load on the host)
"$d" -F --mode=random -p "$tmp/pid" --status-file="$tmp/status" \
	>"$tmp/first.log" 2>&1 &
first=$!
i=0
while [ ! -s "$tmp/pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ok "a second instance is refused with exit 1" exit_is 1 "another instance is running (pid $first" \
	"$d" -F --mode=random -p "$tmp/pid" --status-file="$tmp/status"
ok "--status names the running daemon" exit_is 0 "running, pid $first" \
	"$d" --status -p "$tmp/pid" --status-file="$tmp/status"
stop_first() {
	kill -TERM "$first" && wait "$first"
	rc=$?
	first=
	[ $rc -eq 0 ] && [ ! -e "$tmp/pid" ]
}
ok "SIGTERM ends the daemon with 0 and removes the pid file" stop_first
ok "--status without a daemon exits 3" exit_is 3 "not running" \
	"$d" --status -p "$tmp/pid" --status-file="$tmp/status"

# A daemon that forks changes to /: relative -p and --status-file name
# files in the directory it was started in, before and after the fork.
mkdir "$tmp/rel"
start_forked() {
	(cd "$tmp/rel" && "$d" --mode=random --log=stderr -p pid \
		--status-file=status >"$tmp/forked.log" 2>&1) || return 1
	i=0
	while [ ! -s "$tmp/rel/status" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	forked=$(cat "$tmp/rel/pid") && kill -0 "$forked" &&
		[ "$(readlink "/proc/$forked/cwd")" = / ] &&
		grep -q '^daemon.sink  *random' "$tmp/rel/status"
}
ok "a forked daemon keeps its relative pid and status files" start_forked
status_rel() (
	cd "$tmp/rel" && exit_is 0 "running, pid $forked" "$d" --status \
		-p pid --status-file=status
)
ok "--status finds it through the same relative paths" status_rel
stop_forked() {
	kill -TERM "$forked" || return 1
	i=0
	while kill -0 "$forked" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	forked=
	[ ! -e "$tmp/rel/pid" ]
}
ok "SIGTERM: the forked daemon removes its relative pid file" stop_forked
