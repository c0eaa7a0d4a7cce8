# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
# tests/lib/debian-apt.sh: a private apt configuration for fetching Debian
# packages of any architecture without touching the host's apt or dpkg
# state (sourced, never run; POSIX sh).  The one such configuration of the
# project: tests/lib/debian-fetch.sh (busybox-static, cmocka and libc6 of
# another architecture) and tests/vm/fetch-kernel.sh (the kernels) use it.
#
# A private apt directory APTDIR holds its own sources.list, lists, cache,
# an empty dpkg status and apt.conf, which carries every setting; apt-get
# and apt-cache read it last (-c), after the host's configuration, so the
# host's proxy settings still apply but nothing else of it does.  Entries
# are verified with the Debian archive keyring.
#
#   dapt_init APTDIR ARCH [ARCHS]    (re)write the configuration: ARCH is
#                                    APT::Architecture (unqualified names),
#                                    ARCHS (comma separated) all it lists
#   dapt_source APTDIR URI SUITE     add "deb URI SUITE main"
#   dapt APTDIR COMMAND ARGS...      run apt-get or apt-cache with it
#   dapt_update APTDIR               apt-get update; Release files past
#                                    their Valid-Until date (a snapshot
#                                    mirror) are retried without the date
#                                    check.  Log in APTDIR/update.log,
#                                    shown on failure (status 1).

DAPT_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

dapt_init()
{
	dapt_dir=$1
	dapt_archs=${3:-$2}
	mkdir -p "$dapt_dir/state/lists/partial" \
		"$dapt_dir/cache/archives/partial" "$dapt_dir/parts" || return 1
	: >"$dapt_dir/state/status"
	: >"$dapt_dir/sources.list"
	echo "$dapt_archs" >"$dapt_dir/archs"
	cat >"$dapt_dir/apt.conf" <<-EOF
	Dir::Etc::SourceList "$dapt_dir/sources.list";
	Dir::Etc::SourceParts "$dapt_dir/parts";
	Dir::Etc::Preferences "$dapt_dir/parts/none";
	Dir::Etc::PreferencesParts "$dapt_dir/parts";
	Dir::State "$dapt_dir/state";
	Dir::State::status "$dapt_dir/state/status";
	Dir::Cache "$dapt_dir/cache";
	APT::Architecture "$2";
	APT::Architectures { $(echo "$dapt_archs" | sed 's/\([^,]*\),*/"\1"; /g')};
	Acquire::Languages "none";
	Debug::NoLocking "true";
	APT::Sandbox::User "$(id -un)";
	EOF
}

dapt_source()
{
	echo "deb [arch=$(cat "$1/archs") signed-by=$DAPT_KEYRING] $2 $3 main" \
		>>"$1/sources.list"
}

dapt()
{
	dapt_dir=$1
	shift
	dapt_cmd=$1
	shift
	"$dapt_cmd" -c "$dapt_dir/apt.conf" "$@"
}

dapt_update()
{
	dapt "$1" apt-get -q update >"$1/update.log" 2>&1 &&
		! grep -q '^[EW]: .*Release' "$1/update.log" && return 0
	if grep -q 'is expired\|no longer valid' "$1/update.log"; then
		echo "${0##*/}: Release files expired (snapshot mirror?):" \
			"retrying without the date check" >&2
		echo 'Acquire::Check-Valid-Until "false";' >>"$1/apt.conf"
		dapt "$1" apt-get -q update >"$1/update.log" 2>&1 &&
			! grep -q '^[EW]: .*Release' "$1/update.log" && return 0
	fi
	cat "$1/update.log" >&2
	return 1
}
