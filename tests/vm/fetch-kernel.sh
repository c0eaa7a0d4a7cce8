#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-kernel.sh [--refresh] [--env-file] KEY
#
# Download one Debian kernel of the test matrix (image, headers, kbuild)
# into $CACHE/kernels/<release>/ with a private apt configuration, make its
# headers usable outside /usr/src, extract a bootable vmlinux (PVH entry)
# and print the paths as shell assignments (also kept in an env file):
#   KEY KERNELRELEASE VMLINUX KDIR MODULES KMAKEFLAGS KCHROOT_SUITE KARCH
# KEY is 5.10 (bullseye + bullseye-security), 6.1 (bookworm +
# bookworm-security), 6.12 or 6.12-rt (bookworm-backports), or unstable
# (the newest kernel of Debian unstable, 7.x); 6.1-arm64 and 6.12-arm64
# are the arm64 kernels of bookworm(-security) and bookworm-backports
# (KARCH=arm64: VMLINUX is then the raw arm64 Image, KMAKEFLAGS cross-build
# with ARCH=arm64 and the host-architecture linux-kbuild); 6.1-debug is handed to
# tests/debug-kernel/build-kernel.sh (built, not fetched).  KCHROOT_SUITE
# is empty when the host builds modules for the kernel, else the Debian
# suite of the chroot that must (tests/vm/kchroot.sh; KDIR is then for reading).
# The archive URIs come from the host's apt sources at run time; set
# HAVEGE_DEBIAN_URI / HAVEGE_DEBIAN_SECURITY_URI to override them.
# The first successful run is cached; --refresh resolves the newest
# kernel again.  --env-file prints the env file's path instead.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/lib/debian-apt.sh
. "$REPO_DIR/tests/lib/debian-apt.sh"

refresh=
print_path=
while [ $# -gt 1 ]; do
	case $1 in
	--refresh) refresh=1 ;;
	--env-file) print_path=1 ;;
	*) vm_die "unknown option $1" ;;
	esac
	shift
done
[ $# -eq 1 ] || vm_die "usage: fetch-kernel.sh [--refresh] [--env-file] KEY"
KEY=$1
vm_check_key "$KEY"
# The debug kernel is built from source, not fetched.
if [ "$KEY" = 6.1-debug ]; then
	exec "$REPO_DIR/tests/debug-kernel/build-kernel.sh" ${print_path:+--env-file}
fi

HOST_ARCH=$(dpkg --print-architecture)
KERNELS=$CACHE/kernels
POINTER=$KERNELS/$KEY.env

# Print the cached result and stop, if there is one.
print_result()
{
	if [ -n "$print_path" ]; then
		echo "$1"
	else
		cat "$1"
	fi
}

# modules_missing KROOT: the kernel lists modules (modules.order) that its
# unpacked tree lacks: a split 7.x image whose linux-modules package was
# not fetched (trees cached before the virtio-rng tests needed it).
modules_missing()
{
	local dir
	dir=$(find "$1/root" -maxdepth 4 -type d -path "*/modules/*" | head -n1)
	[ -n "$dir" ] && [ -s "$dir/modules.order" ] && [ ! -d "$dir/kernel" ]
}

# print_cached: print the cached result and stop, if there is one.
print_cached()
{
	local kroot
	[ -z "$refresh" ] && [ -r "$POINTER" ] || return 0
	kroot=$(sed -n "s/^KROOT='\\(.*\\)'\$/\\1/p" "$POINTER")
	if [ -n "$kroot" ] && [ -e "$kroot/.complete" ] &&
		! modules_missing "$kroot"; then
		print_result "$POINTER"
		exit 0
	fi
}

print_cached
# Parallel callers for the same kernel wait for the first one.
mkdir -p "$KERNELS"
exec 8>"$KERNELS/$KEY.lock"
flock -w 1800 8 || vm_die "timed out waiting for another fetch of $KEY"
print_cached

# Suites of each key, "main:" or "security:" prefixed, the metapackage
# whose dependency names the newest kernel release, and the suite of the
# chroot modules must be built in when the host's tools cannot (unstable:
# its kbuild tools need a newer glibc, its headers gcc-16).
key_setup()
{
	CHROOT_SUITE=
	KARCH=$(vm_key_arch "$KEY")
	case $KEY in
	5.10) SUITES="main:bullseye security:bullseye-security"
	      META=linux-image-amd64 ;;
	6.1) SUITES="main:bookworm security:bookworm-security"
	     META=linux-image-amd64 ;;
	6.12) SUITES="main:bookworm-backports"
	      META=linux-image-amd64 ;;
	6.12-rt) SUITES="main:bookworm-backports"
		 META=linux-image-rt-amd64 ;;
	6.1-arm64) SUITES="main:bookworm security:bookworm-security"
		   META=linux-image-arm64 ;;
	6.12-arm64) SUITES="main:bookworm-backports"
		    META=linux-image-arm64 ;;
	unstable) SUITES="main:unstable"
		  META=linux-image-amd64
		  CHROOT_SUITE=unstable ;;
	esac
}

# The private apt state (tests/lib/debian-apt.sh) is of KEY's architecture
# (unqualified names are its packages); a foreign kernel's also lists the
# host's architecture, for the linux-kbuild whose tools run on the host.
write_apt_config()
{
	local s uri archs=$KARCH
	[ "$KARCH" = "$HOST_ARCH" ] || archs="$KARCH,$HOST_ARCH"
	dapt_init "$APTDIR" "$KARCH" "$archs" || vm_die "cannot set up $APTDIR"
	mkdir -p "$APTDIR/debs"
	for s in $SUITES; do
		case $s in
		main:*) uri=$MAIN_URI ;;
		security:*) uri=$SEC_URI ;;
		esac
		dapt_source "$APTDIR" "$uri" "${s#*:}"
	done
}

apt_update()
{
	vm_log "updating private apt lists for $KEY ($SUITES)"
	dapt_update "$APTDIR" || vm_die "apt-get update failed"
}

# deps_of PKG: the names of PKG's Depends (candidate version).
deps_of()
{
	dapt "$APTDIR" apt-cache depends --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances "$1" |
		sed -n 's/^ *|\{0,1\}Depends: \([^ <]*\).*/\1/p'
}

# The newest kernel release of the suites, e.g. 6.1.0-56-amd64.
resolve_release()
{
	local dep want
	want=${KEY%%-*}
	# unstable: whatever series the metapackage names.
	[ "$KEY" != unstable ] || want='[0-9]+'
	dep=$(deps_of "$META" | grep -E "^linux-image-${want}[.0-9]*[-+]" | head -n1)
	[ -n "$dep" ] || vm_die "$META names no linux-image-$want*"
	RELEASE=${dep#linux-image-}
	RELEASE=${RELEASE%-unsigned}
}

# has_pkg PKG: the private apt lists know PKG.
has_pkg()
{
	dapt "$APTDIR" apt-cache show "$1" >/dev/null 2>&1
}

# The image packages: 7.x splits linux-image-<rel> into linux-binary-<rel>
# (vmlinuz, also as -unsigned), linux-base-<rel> (config, System.map) and
# linux-modules-<rel>; older ones ship linux-image-<rel>(-unsigned).  The
# split modules package (110 MB) is only fetched when needed (need_modules).
resolve_packages()
{
	local img dep
	if has_pkg "linux-binary-unsigned-$RELEASE"; then
		img="linux-binary-unsigned-$RELEASE linux-base-$RELEASE"
	elif has_pkg "linux-binary-$RELEASE"; then
		img="linux-binary-$RELEASE linux-base-$RELEASE"
	elif has_pkg "linux-image-$RELEASE-unsigned"; then
		img=linux-image-$RELEASE-unsigned
	else
		img=linux-image-$RELEASE
	fi
	PKGS="$img linux-headers-$RELEASE"
	for dep in $(deps_of "linux-headers-$RELEASE"); do
		case $dep in
		linux-headers-*-common*) PKGS="$PKGS $dep" ;;
		# the build tools run on the host: its architecture's kbuild
		linux-kbuild-*) PKGS="$PKGS $dep:$HOST_ARCH" ;;
		esac
	done
	case $PKGS in
	*linux-kbuild-*) ;;
	*) vm_die "cannot resolve linux-kbuild for $RELEASE" ;;
	esac
}

# download PKG...: apt-get download into $APTDIR/debs.
download()
{
	vm_log "downloading $*"
	(cd "$APTDIR/debs" && dapt "$APTDIR" apt-get -q download "$@") \
		>"$APTDIR/download.log" 2>&1 || {
		cat "$APTDIR/download.log" >&2
		vm_die "apt-get download failed"
	}
}

download_and_unpack()
{
	local deb
	rm -f "$APTDIR"/debs/*.deb
	# PKGS is a list of package names: split on purpose.
	# shellcheck disable=SC2086
	download $PKGS
	rm -rf "$KROOT"
	mkdir -p "$KROOT/root"
	for deb in "$APTDIR"/debs/*.deb; do
		dpkg -x "$deb" "$KROOT/root"
	done
}

# A split image (7.x) has its modules in linux-modules-<rel>: boot.sh
# needs rng-core.ko where the hw_random core is a module, the matrix's
# virtio-rng VM virtio-rng.ko and virtio_pci.ko.
need_modules()
{
	has_pkg "linux-modules-$RELEASE" || return 0
	mkdir -p "$APTDIR/debs"
	rm -f "$APTDIR"/debs/*.deb
	download "linux-modules-$RELEASE"
	dpkg -x "$APTDIR"/debs/linux-modules-*.deb "$KROOT/root"
}

# Debian's headers name their -common tree and the build link by absolute
# path; point them into the unpacked tree so builds work anywhere.
fix_headers()
{
	local root=$KROOT/root link target f
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		ln -sfn "$root$target" "$link"
	done < <(find "$root" -lname '/*' -print0)
	for f in "$root"/usr/src/linux-headers-*/Makefile; do
		sed -i "s|/usr/src/|$root/usr/src/|g" "$f"
	done
	KDIR=$root/usr/src/linux-headers-$RELEASE
	[ -r "$KDIR/Makefile" ] || vm_die "no headers Makefile in $KDIR"
	MODULES=$(find "$root" -maxdepth 4 -type d -path "*/modules/$RELEASE" | head -n1)
	[ -n "$MODULES" ] || vm_die "no modules directory for $RELEASE"
	ln -sfn "$KDIR" "$MODULES/build"
}

# Extra make flags the host needs for this kernel's headers.  None where
# the build runs in a chroot of the kernel's own suite (kchroot.sh).  An
# arm64 kernel is cross-built: ARCH=arm64 and Debian's aarch64-linux-gnu-
# cross compiler of the major the headers name (their CC is
# $(CROSS_COMPILE)gcc-N), else the default cross gcc.
make_flags()
{
	local cc cross=
	KMAKEFLAGS=
	[ -z "$CHROOT_SUITE" ] || return 0
	[ "$KARCH" != arm64 ] || cross=aarch64-linux-gnu-
	cc=$(sed -n 's/^CC = .*\(gcc-[0-9][0-9]*\)$/\1/p' "$KDIR/.kernelvariables" 2>/dev/null)
	# bullseye's headers ask for gcc-10, which bookworm does not have.
	if [ -n "$cc" ] && ! command -v "$cross$cc" >/dev/null 2>&1; then
		KMAKEFLAGS="CC=${cross}gcc"
		vm_log "$cross$cc missing: building with ${cross}gcc" \
			"($(sed -n 's/^CONFIG_CC_VERSION_TEXT=//p' "$KDIR/.config") built the kernel)"
	fi
	[ -z "$cross" ] || KMAKEFLAGS="ARCH=$KARCH CROSS_COMPILE=$cross $KMAKEFLAGS"
	if grep -q '^CONFIG_DEBUG_INFO_BTF_MODULES=y' "$KDIR/.config" &&
	   ! command -v pahole >/dev/null 2>&1; then
		vm_log "pahole missing (package dwarves): building without BTF"
		KMAKEFLAGS="$KMAKEFLAGS CONFIG_DEBUG_INFO_BTF_MODULES="
	fi
	KMAKEFLAGS=${KMAKEFLAGS# }
	KMAKEFLAGS=${KMAKEFLAGS% }
}

write_env()
{
	local tmp=$KROOT/env.tmp
	{
		echo "KEY='$KEY'"
		echo "KERNELRELEASE='$RELEASE'"
		echo "KROOT='$KROOT'"
		echo "VMLINUX='$KROOT/vmlinux'"
		echo "KDIR='$KDIR'"
		echo "MODULES='$MODULES'"
		echo "KMAKEFLAGS='$KMAKEFLAGS'"
		echo "KCHROOT_SUITE='$CHROOT_SUITE'"
		echo "KARCH='$KARCH'"
	} >"$tmp"
	mv "$tmp" "$KROOT/env"
	touch "$KROOT/.complete"
	cp "$KROOT/env" "$POINTER.tmp"
	mv "$POINTER.tmp" "$POINTER"
}

main()
{
	local start=$SECONDS image
	key_setup
	find_archives || exit 1
	APTDIR=$CACHE/apt/$KEY
	write_apt_config
	apt_update
	resolve_release
	KROOT=$KERNELS/$RELEASE
	mkdir -p "$KERNELS"
	if [ ! -e "$KROOT/.complete" ]; then
		resolve_packages
		download_and_unpack
		need_modules
		fix_headers
		image=$(find "$KROOT/root" -maxdepth 5 -type f \
			\( -path "*/boot/vmlinuz-$RELEASE" \
			-o -path "*/modules/$RELEASE/vmlinuz*" \) | head -n1)
		[ -n "$image" ] || vm_die "no vmlinuz-$RELEASE in the image package"
		if [ "$KARCH" = arm64 ]; then
			"$VM_DIR/unpack-arm64-image.sh" "$image" "$KROOT/vmlinux"
		else
			"$VM_DIR/unpack-vmlinux.sh" "$image" "$KROOT/vmlinux"
		fi
		rm -rf "$APTDIR/debs"
	else
		if modules_missing "$KROOT"; then
			need_modules
			rm -rf "$APTDIR/debs"
		fi
		KDIR=$KROOT/root/usr/src/linux-headers-$RELEASE
		MODULES=$(find "$KROOT/root" -maxdepth 4 -type d -path "*/modules/$RELEASE" | head -n1)
	fi
	make_flags
	write_env
	vm_log "$KEY: $RELEASE ready in $((SECONDS - start)) s"
	print_result "$POINTER"
}

main
