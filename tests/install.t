#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: make install / make uninstall into a scratch DESTDIR.
#   - every file lands where mk/install.mk says, with its mode
#   - PREFIX moves the programs, man pages and header; the unit's ExecStart
#     and the initramfs hooks name the installed daemon
#   - the installed unit passes systemd-analyze verify
#   - an existing /etc/default file is kept
#   - uninstall leaves no file behind
#   - the man pages are clean under mandoc -Tlint and groff -ww, and
#     document every long option the programs' --help lists
#   - every shell script in packaging/ is shellcheck-clean
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/havege-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"

mk() {
	make --no-print-directory -C "$top" "$@"
}

# mode_is MODE FILE: FILE is a regular file with permissions MODE
mode_is() {
	[ -f "$2" ] || { echo "missing: $2"; return 1; }
	got=$(stat -c %a "$2")
	[ "$got" = "$1" ] || { echo "$2: mode $got, wanted $1"; return 1; }
}

# Expected files of PREFIX=/usr: "path mode".
expected() {
	cat <<-LIST
	/usr/sbin/havege-hwrngd 755
	/usr/bin/havege-ais31 755
	/usr/share/man/man8/havege-hwrngd.8 644
	/usr/share/man/man1/havege-ais31.1 644
	/usr/share/man/man4/havege_hwrng.4 644
	/usr/include/havege_hwrng.h 644
	$unitdir/havege-hwrngd.service 644
	$modloaddir/havege_hwrng.conf 644
	/lib/udev/rules.d/60-havege-hwrng.rules 644
	/etc/default/havege-hwrngd 644
	/usr/share/initramfs-tools/hooks/havege-hwrng 755
	/usr/share/initramfs-tools/scripts/init-top/havege-hwrng 755
	/usr/lib/dracut/modules.d/90havege-hwrng/module-setup.sh 755
	/usr/lib/dracut/modules.d/90havege-hwrng/havege-seed.sh 755
	LIST
}

all_installed() {
	expected | while read -r path mode; do
		mode_is "$mode" "$dest$path" || exit 1
	done
}

# Nothing else was installed: the file list equals the expected one.
nothing_extra() {
	expected | sed 's/ .*//' | sort >"$tmp/want"
	(cd "$dest" && find . -type f | sed 's/^\.//' | sort) >"$tmp/got"
	diff -u "$tmp/want" "$tmp/got"
}

execstart_is() {	# execstart_is UNIT SBINDIR
	grep -q "^ExecStart=$2/havege-hwrngd " "$1" || { cat "$1"; return 1; }
	! grep -n '@[A-Z]*@' "$1"
}

# systemd-analyze verify resolves ExecStart, so point it at the real binary.
unit_verifies() {
	command -v systemd-analyze >/dev/null ||
		{ echo "systemd-analyze not installed (make deps: systemd)"; return 1; }
	mkdir -p "$tmp/units"
	sed "s|^ExecStart=/usr/sbin/havege-hwrngd|ExecStart=$dest/usr/sbin/havege-hwrngd|" \
		"$dest$unitdir/havege-hwrngd.service" \
		>"$tmp/units/havege-hwrngd.service"
	out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no \
		"$tmp/units/havege-hwrngd.service" 2>&1)
	printf '%s\n' "$out"
	! printf '%s\n' "$out" | grep -q .
}

keeps_config() {
	echo 'HAVEGE_HWRNGD_OPTS="--select"' >"$dest/etc/default/havege-hwrngd"
	mk install-files DESTDIR="$dest" PREFIX=/usr >/dev/null || return 1
	grep -q -- '--select' "$dest/etc/default/havege-hwrngd"
}

empty_tree() {
	left=$(find "$dest" -type f)
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

man_clean() {
	for f in "$top"/man/*.[1-8]; do
		mandoc -Tlint -W warning "$f" || return 1
		w=$(groff -man -ww -z "$f" 2>&1)
		[ -z "$w" ] || { echo "$f: $w"; return 1; }
	done
}

# Every long option of a program's --help is documented in its man page.
man_covers_help() {	# man_covers_help PROGRAM MANPAGE
	opts=$("$top/build/native/$1" --help 2>&1 |
		grep -oE -- '--[a-z][a-z-]+' | sort -u)
	[ -n "$opts" ] || { echo "no options in $1 --help"; return 1; }
	for o in $opts; do
		pat=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
		grep -q -- "$pat" "$top/man/$2" || { echo "$2 lacks $o"; return 1; }
	done
}

scripts_clean() {
	grep -rlE '^#!/bin/(ba)?sh' "$top/packaging" | xargs shellcheck -x
}

echo "1..13"
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null)
unitdir=${unitdir:-/lib/systemd/system}
modloaddir=$(pkg-config --variable=modulesloaddir systemd 2>/dev/null)
modloaddir=${modloaddir:-/usr/lib/modules-load.d}
dest=$tmp/root
ok "make install DESTDIR PREFIX=/usr" mk install DESTDIR="$dest" PREFIX=/usr
ok "every file installed with its mode" all_installed
ok "nothing else installed" nothing_extra
ok "unit ExecStart is the installed daemon" \
	execstart_is "$dest$unitdir/havege-hwrngd.service" /usr/sbin
ok "systemd-analyze verify of the installed unit" unit_verifies
ok "reinstall keeps an edited /etc/default file" keeps_config
ok "make uninstall leaves no file" sh -c \
	"make --no-print-directory -C '$top' uninstall DESTDIR='$dest' PREFIX=/usr && \
	 left=\$(find '$dest' -type f) && [ -z \"\$left\" ] || { echo \"\$left\"; exit 1; }"

dest=$tmp/local
ok "PREFIX=/usr/local moves programs, man pages and header" sh -c \
	"make --no-print-directory -C '$top' install DESTDIR='$dest' PREFIX=/usr/local >/dev/null && \
	 test -x '$dest/usr/local/sbin/havege-hwrngd' && \
	 test -x '$dest/usr/local/bin/havege-ais31' && \
	 test -f '$dest/usr/local/share/man/man8/havege-hwrngd.8' && \
	 test -f '$dest/usr/local/include/havege_hwrng.h' && \
	 grep -q '^ExecStart=/usr/local/sbin/havege-hwrngd ' '$dest$unitdir/havege-hwrngd.service' && \
	 grep -q 'copy_exec /usr/local/sbin/havege-hwrngd ' '$dest/usr/share/initramfs-tools/hooks/havege-hwrng' && \
	 make --no-print-directory -C '$top' uninstall DESTDIR='$dest' PREFIX=/usr/local >/dev/null"
ok "PREFIX=/usr/local uninstall leaves no file" empty_tree

if command -v mandoc >/dev/null && command -v groff >/dev/null; then
	ok "man pages lint-clean (mandoc -Tlint, groff -ww)" man_clean
else
	skip "mandoc/groff not installed (make deps)"
fi
ok "havege-hwrngd(8) documents every option of --help" \
	man_covers_help havege-hwrngd havege-hwrngd.8
ok "havege-ais31(1) documents every option of --help" \
	man_covers_help havege-ais31 havege-ais31.1
if command -v shellcheck >/dev/null; then
	ok "packaging/ shell scripts shellcheck-clean" scripts_clean
else
	skip "shellcheck not installed (make deps)"
fi
