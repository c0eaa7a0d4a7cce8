#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: the havege-ais31 checker on generated known-answer vectors (written
# by the KAT unit test program, never stored), on /dev/urandom, and on bad
# command lines and short inputs.  Exit status: 0 pass, 1 fail, 2 usage or
# input error.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${HBUILD:-$top/build/native}
ais=$bin/havege-ais31
gen=$bin/unit/test_ais31_kat
tmp=$(mktemp -d /tmp/ais31-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
TAP_TAIL=20

# Every output line: a test name ... pass|fail, or the verdict.
shape() {
	! grep -Evq '^(T[0-8][ab]?|procA|procB) .* (pass|fail)$|^verdict: (pass|fail)$' "$tmp/tap-out"
	tap_result $? "output lines have the documented shape" ||
		sed 's/^/# /' "$tmp/tap-out" | head -n 20
}

kat() {
	[ -f "$tmp/$1" ] || "$gen" "$1" "$tmp/$1" || echo "# cannot generate $1"
	echo "$tmp/$1"
}

if [ ! -x "$ais" ] || [ ! -x "$gen" ]; then
	echo "1..0 # SKIP $ais or $gen not built"
	exit 0
fi
echo "1..39"

# Usage errors.
is 2 usage "$ais"
is 2 usage "$ais" -X "$tmp/none"
is 2 'bad --test' "$ais" --test T9 /dev/null
is 2 excludes "$ais" -A --test T1 /dev/null
is 2 'exactly one FILE' "$ais" -A
is 2 'exactly one FILE' "$ais" -A /dev/null /dev/null
is 2 'No such file' "$ais" -B "$tmp/none"

# Too little data is reported, never guessed.
head -c 2499 /dev/urandom >"$tmp/short"
is 2 'too little data for test T1' "$ais" --test T1 "$tmp/short"
head -c 2500 /dev/urandom >"$tmp/block"
is 0 '^verdict: pass$' "$ais" --test T2 "$tmp/block"
is 2 'too little data for procedure A' "$ais" -A "$tmp/block"
is 2 'too little data for test T0' "$ais" --test T0 "$tmp/block"
is 2 'too little data for procedure B' "$ais" -B "$tmp/block"

# Fresh random data passes both procedures (false alarm ~ 4e-6), also
# from stdin.
head -c 2100000 /dev/urandom >"$tmp/urandom"
is 0 '^procA runs=[12] bits=[0-9]+ pass$' "$ais" -A -B "$tmp/urandom"
shape
is 0 '^procB runs=[12] bits=[0-9]+ pass$' sh -c "\"$ais\" -B - <\"$tmp/urandom\""
is 0 '^verdict: pass$' "$ais" --lsb -A "$tmp/urandom"

# Known answers (spec section 9).
is 1 '^T1 run=1 rounds=257 failed=257 .* fail$' "$ais" -A "$(kat zeros)"
is 1 '^procB runs=1 bits=8168480 fail$' "$ais" -B "$(kat zeros)"
is 1 '^T6b .*incomplete fail$' "$ais" --test T6b "$(kat alt01)"
is 1 '^T1 ones=9654 fail$' "$ais" --test T1 "$(kat t1_9654)"
is 0 '^procA runs=2 bits=16571456 pass$' "$ais" -A "$(kat t1_9654)"
shape
is 0 '^T1 ones=9655 pass$' "$ais" --test T1 "$(kat t1_9655)"
is 0 '^T1 ones=10345 pass$' "$ais" --test t1 "$(kat t1_10345)"
is 1 '^T1 ones=10346 fail$' "$ais" --test T1 "$(kat t1_10346)"
is 0 '^T4 longest=33 pass$' "$ais" --test T4 "$(kat t4_run33)"
is 1 '^T4 longest=34 fail$' "$ais" --test T4 "$(kat t4_run34)"
is 1 '^T2 S=1562820 X=1.0240 fail$' "$ais" --test T2 "$(kat t2_S1562820)"
is 0 '^T2 S=1562822 X=1.0304 pass$' "$ais" --test T2 "$(kat t2_S1562822)"
is 1 '^T0 dups=1 fail$' "$ais" --test T0 "$(kat t0dup)"
is 1 '^procA runs=2 bits=16571456 fail$' "$ais" -A "$(kat t0dup2)"
is 1 '^T5 tau0=1013 Z=[0-9]+ fail$' "$ais" --test T5 "$(kat lag1013)"
is 1 '^T7a 00v10=.* fail$' "$ais" --test T7a "$(kat lag2)"
is 0 '^T7b .* pass$' "$ais" --test T7b "$(kat lag2)"
is 1 '^T6a ones=47500 p=0.47500 fail$' "$ais" --test T6a "$(kat t6a_47500)"
is 0 '^procB runs=2 bits=[0-9]+ pass$' "$ais" -B "$(kat t6a_47500)"
is 1 '^T8 fC=(6\.9|7\.0)[0-9]* fail$' "$ais" --test T8 "$(kat sevenbit)"

# Bit order: --lsb on bit-reversed bytes gives the very same lines.
f=$(kat lag1013)
perl -e 'binmode STDIN; binmode STDOUT; $/ = \65536;
	while (<STDIN>) { print pack("b*", unpack("B*", $_)) }' \
	<"$f" >"$tmp/reversed"
"$ais" -B "$f" >"$tmp/msb" 2>&1
is 0 '^procB runs=1' "$ais" --lsb -B "$tmp/reversed"
cmp -s "$tmp/msb" "$tmp/tap-out"
tap_result $? "--lsb on reversed bytes = MSB-first on the original"
