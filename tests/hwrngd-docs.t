#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-hwrngd's --help, its man page and docs/daemon.md describe the
# same command: every option the parser takes (config_longopts in
# helper/daemon/config.c) is in --help; every long and short option of
# --help is in the man page and in docs/daemon.md's option table, and
# every long option the man page documents is in --help; all three give
# the same exit statuses (0, 1, 2, 3).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${HBUILD:-$top/build/native}
d=$bin/havege-hwrngd
man=$top/man/havege-hwrngd.8
doc=$top/docs/daemon.md
tmp=$(mktemp -d /tmp/hwrngd-docs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

"$d" --help >"$tmp/help"
grep -oE -- '--[a-zA-Z][a-zA-Z-]*' "$tmp/help" | sort -u >"$tmp/help.long"
grep -oE '^  -[a-zA-Z]' "$tmp/help" | tr -d ' ' | sort -u >"$tmp/help.short"
sed -n 's/^[[:space:]]*{ "\([a-zA-Z-]*\)",.*/--\1/p' \
	"$top/helper/daemon/config.c" | sort -u >"$tmp/parser.long"
# the man page writes "\-\-name" in its OPTIONS section
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | grep -oE '\\-\\-[a-zA-Z][a-zA-Z\\-]*' |
	sed 's/\\-/-/g; s/-$//' | sort -u >"$tmp/man.long"

# missing LIST FILE FORM: the entries of LIST not found in FILE, each
# looked up as FORM with %s replaced (a fixed string)
missing()
{
	local o form
	while read -r o; do
		# shellcheck disable=SC2059 # FORM is the caller's format
		form=$(printf "$3" "$o")
		grep -qF -- "$form" "$2" || echo "$o"
	done <"$1" >"$tmp/missing"
	[ ! -s "$tmp/missing" ] || { echo "missing in $2:"; cat "$tmp/missing"; return 1; }
}

man_form()
{
	sed 's/-/\\-/g' "$1" >"$1.man"
}

exit_codes()
{
	local c
	for c in 0 1 2 3; do
		grep -q "$c" "$1" || { echo "status $c not in $1"; return 1; }
	done
}

man_form "$tmp/help.long"
man_form "$tmp/help.short"
sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$man" >"$tmp/man.exit"
grep -A3 '^Exit status' "$doc" >"$tmp/doc.exit"
grep -A2 '^Exit status' "$tmp/help" >"$tmp/help.exit"

echo "1..8"
ok "every option the parser takes is in --help ($(wc -l <"$tmp/parser.long") long options)" \
	missing "$tmp/parser.long" "$tmp/help" '%s'
ok "every long option of --help is in the man page" \
	missing "$tmp/help.long.man" "$man" '%s'
ok "every short option of --help is in the man page" \
	missing "$tmp/help.short.man" "$man" '%s'
ok "every long option the man page documents is in --help" \
	missing "$tmp/man.long" "$tmp/help" '%s'
ok "every long option of --help is in docs/daemon.md" \
	missing "$tmp/help.long" "$doc" '%s'
ok "every short option of --help is in docs/daemon.md" \
	missing "$tmp/help.short" "$doc" '`%s'
ok "--help names exit statuses 0-3" exit_codes "$tmp/help.exit"
ok "the man page and docs/daemon.md name exit statuses 0-3" \
	eval 'exit_codes "$tmp/man.exit" && exit_codes "$tmp/doc.exit"'
[ "$fails" -eq 0 ]
