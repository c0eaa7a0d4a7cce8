#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd against haveged, option line by option line, from the
# table tests/cli/haveged-options.tsv (its header explains the columns).
# Each row runs both programs in a scratch directory (no daemon: every row
# writes output, prints information or fails) and compares whether each
# succeeded and, where the row says so, how many bytes it wrote.  A "same"
# row passes when they agree; a "diff" row is an intended difference and
# passes when it still shows (else the table and docs/migration.md are
# stale).  Every failure of havege-hwrngd must say why on stderr.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${HBUILD:-$top/build/native}
ours=$bin/havege-hwrngd
table=${HAVEGED_TABLE:-$top/tests/cli/haveged-options.tsv}
tmp=$(mktemp -d /tmp/haveged-diff.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

haveged=$(command -v haveged || echo /usr/sbin/haveged)

# run NAME PROG READER ARGS...: run PROG in $tmp/NAME; prints
# "STATUS BYTES" (BYTES: -1 when the reader compares none)
run()
{
	local name=$1 prog=$2 reader=${3%%:[0-9]*} dir=$tmp/$1 rc bytes=-1 i
	local secs=20
	[[ $3 =~ :([0-9]+):([0-9]+)$ ]] && secs=${BASH_REMATCH[2]}
	[[ $3 =~ ^head:([0-9]+) ]] && reader=head:${BASH_REMATCH[1]}
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir"
	local args=()
	for i in "$@"; do
		args+=("${i//@F/$dir/out.bin}")
	done
	case $reader in
	head:*)
		(cd "$dir" && timeout "$secs" "$prog" "${args[@]}" 2>err </dev/null |
			head -c "${reader#head:}" >out; exit "${PIPESTATUS[0]}")
		rc=$?
		bytes=$(stat -c %s "$dir/out")
		;;
	*)
		(cd "$dir" && timeout "$secs" "$prog" "${args[@]}" >out 2>err </dev/null)
		rc=$?
		case $reader in
		all) bytes=$(stat -c %s "$dir/out") ;;
		file) bytes=$(stat -c %s "$dir/out.bin" 2>/dev/null || echo 0) ;;
		esac
		;;
	esac
	echo "$rc $bytes"
}

# verdict STATUS BYTES: "ok" or "fails", and the bytes unless -1
verdict()
{
	local v=ok
	[ "$1" -eq 0 ] || v=fails
	[ "$2" -lt 0 ] || v="$v, $2 bytes"
	echo "$v"
}

# row KIND READER ARGS: the comparison of one row
row()
{
	local kind=$1 reader=$2 words=$3 a b va vb
	local args=()
	eval "args=($words)"
	a=$(run haveged "$haveged" "$reader" "${args[@]}")
	# a row that made haveged fork a daemon is a broken row
	if pgrep -x haveged >/dev/null; then
		pkill -x haveged
		echo "haveged started a daemon with these options: not a table row"
		return 1
	fi
	b=$(run ours "$ours" "$reader" "${args[@]}")
	# shellcheck disable=SC2086 # "STATUS BYTES"
	va=$(verdict $a)
	# shellcheck disable=SC2086
	vb=$(verdict $b)
	echo "haveged: $va; havege-hwrngd: $vb"
	if [ "${b%% *}" -ne 0 ] && [ ! -s "$tmp/ours/err" ]; then
		echo "havege-hwrngd failed without a message"
		return 1
	fi
	if [ "$kind" = same ]; then
		[ "$va" = "$vb" ] || { echo "--- havege-hwrngd:"; head -c 600 "$tmp/ours/err"; return 1; }
	else
		[ "$va" != "$vb" ] || { echo "no longer differs: update the table and docs/migration.md"; return 1; }
	fi
}

rows=$(grep -cv '^#' "$table")
echo "1..$((rows + 1))"
# no haveged may run: its command socket would make every row fail
no_haveged()
{
	! pgrep -a -x haveged
}
ok "haveged is installed ($haveged), and none is running" \
	eval 'test -x "$haveged" && no_haveged'
same=0
diffs=0
while IFS=$'\t' read -r kind reader words reason; do
	case $kind in
	'#'* | '') continue ;;
	same) same=$((same + 1)) ;;
	diff) diffs=$((diffs + 1)) ;;
	esac
	TAP_TAIL=12 ok "$kind: $words${reason:+ ($reason)}" row "$kind" "$reader" "$words"
	sed -n '1s/^/# /p' "$tmp/tap-out"
done <"$table"
echo "# table: $((same + diffs)) option lines, $same the same as haveged, $diffs intended differences"
