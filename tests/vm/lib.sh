# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers of the VM harness (sourced, never executed).

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$VM_DIR/../.." && pwd)
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
BUILD=${BUILD:-build}
# BUILD may be relative to the repository top, as in the Makefile.
# shellcheck disable=SC2034 # used by the scripts that source this file
case $BUILD in
/*) BUILD_DIR=$BUILD ;;
*) BUILD_DIR=$REPO_DIR/$BUILD ;;
esac
VM_KEYS="5.10 6.1 6.12 6.12-rt unstable"
# Kernels outside the matrix that the scripts accept as KEY: 6.1-debug is
# built here from linux-source-6.1 with KASAN, lockdep, kmemleak, ...
# (tests/debug-kernel/build-kernel.sh, make check-debug).
VM_EXTRA_KEYS="6.1-debug"

vm_die()
{
	echo "${0##*/}: $*" >&2
	exit 1
}

vm_log()
{
	echo "${0##*/}: $*" >&2
}

# vm_check_key KEY: fail unless KEY is a kernel of the matrix or 6.1-debug.
vm_check_key()
{
	local k
	for k in $VM_KEYS $VM_EXTRA_KEYS; do
		[ "$1" = "$k" ] && return 0
	done
	vm_die "unknown kernel key '$1' (known: $VM_KEYS $VM_EXTRA_KEYS)"
}

# vm_kernel_env KEY: fetch (or reuse) the kernel and source its env file.
vm_kernel_env()
{
	local envfile
	envfile=$("$VM_DIR/fetch-kernel.sh" --env-file "$1") || return 1
	# shellcheck disable=SC1090
	. "$envfile"
}

# host_sources: print "URI SUITE" for every enabled deb entry of the host's
# apt sources, one-line (.list) and deb822 (.sources) formats alike.
host_sources()
{
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		awk '$1 == "deb" {
			i = 2
			if ($2 ~ /^\[/)
				while (i <= NF && $i !~ /\]$/)
					i++
			if ($2 ~ /^\[/)
				i++
			print $i, $(i + 1)
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
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
		END { flush() }' "$f"
	done
}

DEBIAN_SUITES='(buster|bullseye|bookworm|trixie|forky|duke|sid|oldoldstable|oldstable|stable|testing|unstable)'

# Pick the Debian archive and the Debian security archive of the host.
find_archives()
{
	local src
	src=$(host_sources)
	MAIN_URI=${HAVEGE_DEBIAN_URI:-$(echo "$src" |
		awk -v re="^$DEBIAN_SUITES(-updates|-backports)?\$" \
		'$2 ~ re { print $1; exit }')}
	[ -n "$MAIN_URI" ] ||
		vm_die "no Debian archive in the host's apt sources (set HAVEGE_DEBIAN_URI)"
	SEC_URI=${HAVEGE_DEBIAN_SECURITY_URI:-$(echo "$src" |
		awk -v re="^$DEBIAN_SUITES(-security|/updates)\$" \
		'$2 ~ re { print $1; exit }')}
	# No security entry: it lives next to the main archive by convention.
	[ -n "$SEC_URI" ] || SEC_URI=${MAIN_URI%/}-security
	MAIN_URI=${MAIN_URI%/}
	SEC_URI=${SEC_URI%/}
}
