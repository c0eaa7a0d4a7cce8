#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: DKMS builds and installs havege_hwrng.ko for every kernel of the VM
# matrix (tests/vm/fetch-kernel.sh KEY: Debian 5.10, 6.1, 6.12, 6.12-rt).
# The sources come from `make dkms-install DESTDIR=...`, i.e. exactly what
# the havege-hwrng-dkms package ships; DKMS runs on private trees (source,
# dkms and install), so the host's /usr/src, /var/lib/dkms and
# /lib/modules are not touched.  Per kernel:
#   - dkms build -k RELEASE --kernelsourcedir KDIR
#   - the .ko's vermagic is RELEASE's
#   - dkms install -k RELEASE puts it in updates/dkms, and depmod finds it
#   - for the kernels in DKMS_VM_KEYS (default 6.1 6.12 6.12-rt; 5.10's
#     run takes about 5 minutes): the DKMS-built module boots in the VM
#     harness (tests/vm/boot.sh --module) and passes the selftests
# plus: dkms add, dkms status, BUILD_EXCLUSIVE_KERNEL refuses 4.19, and
# dkms remove --all leaves nothing built.
# A kernel that cannot be fetched (offline) is reported as a skip.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
keys=${DKMS_KEYS:-5.10 6.1 6.12 6.12-rt}
vm_keys=${DKMS_VM_KEYS:-6.1 6.12 6.12-rt}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
selftests=$build/selftests
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
tmp=$(mktemp -d /tmp/havege-dkms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() {	# ok DESCRIPTION COMMAND...
	n=$((n + 1))
	desc=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		tail -n 30 "$tmp/out" | sed 's/^/# /'
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

if ! command -v dkms >/dev/null; then
	echo "1..0 # SKIP dkms not installed (make deps)"
	exit 0
fi

# Debian's 5.10 headers name gcc-10, which bookworm lacks: let it be the
# host's gcc (what tests/vm/build-module.sh does with CC=gcc).
mkdir -p "$tmp/bin"
command -v gcc-10 >/dev/null || ln -s "$(command -v gcc)" "$tmp/bin/gcc-10"
PATH=$tmp/bin:$PATH
export PATH

trees="--sourcetree $tmp/src --dkmstree $tmp/dkms --installtree $tmp/root/lib/modules"
dk() {	# dk COMMAND ARGS...: dkms on the private trees
	cmd=$1
	shift
	# shellcheck disable=SC2086 # $trees is a list of words
	dkms "$cmd" $trees -m havege-hwrng -v "$ver" "$@"
}

stage() {
	make --no-print-directory -C "$top" dkms-install \
		DESTDIR="$tmp/stage" >/dev/null || return 1
	mkdir -p "$tmp/src" "$tmp/dkms" &&
	mv "$tmp/stage/usr/src/havege-hwrng-$ver" "$tmp/src/"
}

built_for() {	# built_for RELEASE: the built .ko carries RELEASE's vermagic
	ko=
	for f in "$tmp/dkms/havege-hwrng/$ver/$1"/*/module/havege_hwrng.ko*; do
		[ -e "$f" ] && ko=$f
	done
	[ -n "$ko" ] || { echo "no built module for $1"; return 1; }
	case $ko in
	*.xz) xz -dc "$ko" >"$tmp/$1.ko" && ko=$tmp/$1.ko ;;
	*.zst) zstd -qdc "$ko" >"$tmp/$1.ko" && ko=$tmp/$1.ko ;;
	esac
	vm=$(modinfo -F vermagic "$ko")
	echo "vermagic: $vm"
	case $vm in "$1 "*) ;; *) return 1 ;; esac
}

# install_for RELEASE: dkms install, then depmod of the private root
# resolves the module (dkms's own depmod would look at /lib/modules).
install_for() {
	mkdir -p "$tmp/root/lib/modules/$1" &&
	dk install -k "$1" --kernelsourcedir "$2" --no-depmod || return 1
	ls "$tmp/root/lib/modules/$1/updates/dkms/havege_hwrng.ko"* || return 1
	depmod -b "$tmp/root" "$1" || return 1
	grep '^updates/dkms/havege_hwrng\.ko[^:]*:' \
		"$tmp/root/lib/modules/$1/modules.dep"
}

# dkms exits 77 (and says BUILD_EXCLUSIVE) for a kernel dkms.conf excludes.
# vm_selftests KEY KO: the harness boots KEY with this module and runs the
# kselftest-style selftests; every guest test passes or skips.
vm_selftests() {
	"$top/tests/vm/boot.sh" --kernel "$1" --module "$2" \
		--logdir "$tmp/vm-$1" --timeout 1200 --run /payload/run.sh \
		--payload "$selftests" >"$tmp/vm-$1.tap" 2>&1
	rc=$?
	tail -n 25 "$tmp/vm-$1.tap"
	grep -q '^ok ' "$tmp/vm-$1.tap" && ! grep -q '^not ok ' "$tmp/vm-$1.tap" &&
		[ "$rc" -eq 0 ]
}

refuses_old() {
	mkdir -p "$tmp/old"
	dk build -k 4.19.0-27-amd64 --kernelsourcedir "$tmp/old"
	rc=$?
	echo "exit $rc"
	[ "$rc" -eq 77 ]
}

nkeys=$(echo "$keys" | wc -w)
nvm=0
for key in $keys; do
	case " $vm_keys " in *" $key "*) nvm=$((nvm + 1)) ;; esac
done
echo "1..$((3 * nkeys + nvm + 5))"
ok "dkms sources staged by make dkms-install" stage
ok "dkms add" dk add
for key in $keys; do
	env=$("$top/tests/vm/fetch-kernel.sh" "$key" 2>"$tmp/fetch.log") || env=
	release=$(printf '%s\n' "$env" | sed -n "s/^KERNELRELEASE='\(.*\)'$/\1/p")
	kdir=$(printf '%s\n' "$env" | sed -n "s/^KDIR='\(.*\)'$/\1/p")
	ko=
	case " $vm_keys " in *" $key "*) in_vm=1 ;; *) in_vm= ;; esac
	if [ -z "$release" ] || [ ! -e "$kdir/Makefile" ]; then
		for t in build vermagic install ${in_vm:+selftests}; do
			skip "$key: kernel not available ($t)"
		done
		continue
	fi
	ok "$key: dkms build -k $release" \
		dk build -k "$release" --kernelsourcedir "$kdir"
	ok "$key: module built for $release" built_for "$release"
	ok "$key: dkms install -k $release, depmod finds it" \
		install_for "$release" "$kdir"
	[ -n "$in_vm" ] || continue
	if [ ! -x "$selftests/run.sh" ] || [ -z "$ko" ]; then
		skip "$key: selftests not built (make selftests-build) or no module"
		continue
	fi
	ok "$key: DKMS-built module passes the selftests in the VM" \
		vm_selftests "$key" "$ko"
done
ok "dkms status lists the installed kernels" sh -c \
	"dkms status $trees -m havege-hwrng -v $ver | tee /dev/stderr | grep -q installed"
ok "BUILD_EXCLUSIVE_KERNEL refuses 4.19" refuses_old
ok "dkms remove --all" sh -c \
	"dkms remove $trees -m havege-hwrng -v $ver --all && \
	 ! ls -d '$tmp/dkms/havege-hwrng/$ver' 2>/dev/null"
