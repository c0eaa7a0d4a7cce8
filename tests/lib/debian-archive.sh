# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# tests/lib/debian-archive.sh: where the Debian archive is, read from the
# host's apt configuration at run time (sourced, never run; POSIX sh).  The
# one lookup of every test that fetches Debian packages: tests/vm/
# (fetch-kernel.sh, kchroot.sh, through lib.sh), tests/lib/debian-fetch.sh
# (busybox, cmocka and libc6 of arm64) and tests/system-boot.t (the
# mmdebstrap root).

# host_sources: print "URI SUITE" for every enabled deb entry of the host's
# apt sources, one-line (.list) and deb822 (.sources) formats alike.
host_sources()
{
	for da_f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$da_f" ] || continue
		awk '$1 == "deb" {
			i = 2
			if ($2 ~ /^\[/)
				while (i <= NF && $i !~ /\]$/)
					i++
			if ($2 ~ /^\[/)
				i++
			print $i, $(i + 1)
		}' "$da_f"
	done
	for da_f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$da_f" ] || continue
		awk 'function flush(  u, s, nu, ns, a, b) {
			if (types ~ /(^| )deb( |$)/ && enabled != "no") {
				nu = split(uris, a, " ")
				ns = split(suites, b, " ")
				for (u = 1; u <= nu; u++)
					for (s = 1; s <= ns; s++)
						print a[u], b[s]
			}
			types = uris = suites = enabled = ""
		}
		/^#/ { next }
		/^[ \t]*$/ { flush(); next }
		tolower($1) == "types:" { $1 = ""; types = $0 }
		tolower($1) == "uris:" { $1 = ""; uris = $0 }
		tolower($1) == "suites:" { $1 = ""; suites = $0 }
		tolower($1) == "enabled:" { enabled = tolower($2) }
		END { flush() }' "$da_f"
	done
}

DEBIAN_SUITES='(buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable)'

# find_archives: set MAIN_URI and SEC_URI (no trailing slash) to the
# Debian archive and the Debian security archive of the host's apt
# sources; HAVEGE_DEBIAN_URI and HAVEGE_DEBIAN_SECURITY_URI override them.
# Without a Debian archive: a message and status 1.
find_archives()
{
	da_src=$(host_sources)
	MAIN_URI=${HAVEGE_DEBIAN_URI:-$(echo "$da_src" |
		awk -v re="^$DEBIAN_SUITES(-updates|-backports)?\$" \
		'$2 ~ re { print $1; exit }')}
	if [ -z "$MAIN_URI" ]; then
		echo "${0##*/}: no Debian archive in the host's apt sources (set HAVEGE_DEBIAN_URI)" >&2
		return 1
	fi
	SEC_URI=${HAVEGE_DEBIAN_SECURITY_URI:-$(echo "$da_src" |
		awk -v re="^$DEBIAN_SUITES(-security|/updates)\$" \
		'$2 ~ re { print $1; exit }')}
	# No security entry: it lives next to the main archive by convention.
	[ -n "$SEC_URI" ] || SEC_URI=${MAIN_URI%/}-security
	MAIN_URI=${MAIN_URI%/}
	SEC_URI=${SEC_URI%/}
}
