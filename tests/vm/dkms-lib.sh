# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# DKMS on private trees (sourced after lib.sh, never executed): the sources
# are what `make dkms-install DESTDIR=...` stages, i.e. exactly what the
# havege-hwrng-dkms package ships in /usr/src; dkms runs with its own
# --sourcetree, --dkmstree and --installtree under one directory, so the
# host's /usr/src, /var/lib/dkms and /lib/modules are never touched.  For
# a kernel with KCHROOT_SUITE (unstable) every dkms and depmod call runs in
# that suite's chroot (kchroot.sh) with the directory bind-mounted at the
# same path, against the chroot's own linux-headers-<release>.  For a
# kernel of another architecture (KARCH arm64) dkms and the module's make
# run on the host with the cross make variables of its KMAKEFLAGS (ARCH=,
# CROSS_COMPILE=) in their environment, as a cross build would.
# Used by tests/vm/matrix.sh, tests/dkms.t, tests/dkms-unstable.t and
# tests/system-boot.t (the package's own tree, installed into a root).
# shellcheck disable=SC2034 # DK_* are read by the sourcing scripts

# dkms_stage DIR [DEB [ROOT]]: stage the sources in DIR/src and set up the
# trees.  With DEB (a havege-hwrng-dkms .deb) the sources are that
# package's /usr/src tree instead; with ROOT modules are installed into
# ROOT/lib/modules (kept) instead of DIR/root/lib/modules (made afresh;
# a KCHROOT_SUITE kernel needs that: only DIR is bind-mounted).
dkms_stage()
{
	DK_DIR=$1
	DK_ROOT=${3:-$DK_DIR/root}
	DK_VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$REPO_DIR/dkms.conf")
	DK_TREES=(--sourcetree "$DK_DIR/src" --dkmstree "$DK_DIR/dkms"
		--installtree "$DK_ROOT/lib/modules")
	rm -rf "$DK_DIR/stage" "$DK_DIR/src" "$DK_DIR/dkms" "$DK_DIR/root"
	mkdir -p "$DK_DIR/src" "$DK_DIR/dkms" "$DK_ROOT/lib/modules" \
		"$DK_DIR/bin"
	if [ -n "${2:-}" ]; then
		dpkg-deb -x "$2" "$DK_DIR/stage" || return 1
	else
		make --no-print-directory -C "$REPO_DIR" dkms-install \
			DESTDIR="$DK_DIR/stage" || return 1
	fi
	mv "$DK_DIR/stage/usr/src/havege-hwrng-$DK_VER" "$DK_DIR/src/"
}

# dkms_kernel KEY: fetch KEY (cached) and select it for the calls below:
# DK_REL, DK_KSRC (the headers as dkms sees them) and DK_CHROOT.
dkms_kernel()
{
	local cc
	KCHROOT_SUITE=
	KARCH=
	DK_NOTE=
	DK_ENV=()
	vm_kernel_env "$1" >/dev/null || return 1
	DK_KEY=$1
	DK_REL=$KERNELRELEASE
	DK_CHROOT=$KCHROOT_SUITE
	if [ -n "$DK_CHROOT" ]; then
		DK_KSRC=/usr/src/linux-headers-$DK_REL
		DK_NOTE="in a Debian $DK_CHROOT chroot"
		"$VM_DIR/kchroot.sh" "$DK_KEY" >/dev/null || return 1
		return 0
	fi
	DK_KSRC=$KDIR
	if [ "${KARCH:-amd64}" != "$(dpkg --print-architecture)" ]; then
		read -r -a DK_ENV <<<"$KMAKEFLAGS"
		DK_NOTE="cross: $KMAKEFLAGS"
		# dkms strips the module with "strip": the cross one's
		cc=$(echo "$KMAKEFLAGS" | sed -n 's/.*CROSS_COMPILE=\([^ ]*\).*/\1/p')
		ln -sf "$(command -v "${cc}strip")" "$DK_DIR/bin/strip"
		return 0
	fi
	# The compiler the headers name (gcc-10 for bullseye's 5.10) may be
	# missing on the host: its gcc stands in, as with build-module.sh.
	cc=$(sed -n 's/^CC = .*\(gcc-[0-9][0-9]*\)$/\1/p' "$KDIR/.kernelvariables" 2>/dev/null)
	if [ -n "$cc" ] && ! PATH=$DK_DIR/bin:$PATH command -v "$cc" >/dev/null; then
		ln -sf "$(command -v gcc)" "$DK_DIR/bin/$cc"
		DK_NOTE="$cc is the host's gcc"
	fi
}

# dk_exec CMD...: run CMD where dkms runs for the selected kernel.
dk_exec()
{
	if [ -n "$DK_CHROOT" ]; then
		"$VM_DIR/kchroot.sh" --run "$DK_KEY" --bind "$DK_DIR" -- "$@"
	else
		env ${DK_ENV[@]+"${DK_ENV[@]}"} PATH="$DK_DIR/bin:$PATH" "$@"
	fi
}

# dk CMD ARGS...: dkms CMD on the private trees.
dk()
{
	local cmd=$1
	shift
	dk_exec dkms "$cmd" "${DK_TREES[@]}" -m havege-hwrng -v "$DK_VER" "$@"
}

# dkms_build: dkms build -k for the selected kernel, with dkms's make log.
dkms_build()
{
	local rc=0
	dk build -k "$DK_REL" --kernelsourcedir "$DK_KSRC" || rc=$?
	cat "$DK_DIR/dkms/havege-hwrng/$DK_VER/build/make.log" 2>/dev/null
	return "$rc"
}

# dkms_built_ko: the module dkms built for the selected kernel carries its
# vermagic; DK_KO is set to an uncompressed copy of it.
dkms_built_ko()
{
	local f ko='' vm
	for f in "$DK_DIR/dkms/havege-hwrng/$DK_VER/$DK_REL"/*/module/havege_hwrng.ko*; do
		[ -e "$f" ] && ko=$f
	done
	[ -n "$ko" ] || { echo "no module built for $DK_REL"; return 1; }
	DK_KO=$DK_DIR/$DK_REL.ko
	case $ko in
	*.xz) xz -dc "$ko" >"$DK_KO" ;;
	*.zst) zstd -qdc "$ko" >"$DK_KO" ;;
	*) cp "$ko" "$DK_KO" ;;
	esac
	vm=$(modinfo -F vermagic "$DK_KO")
	echo "$ko: vermagic $vm"
	case $vm in "$DK_REL "*) ;; *) return 1 ;; esac
}

# dkms_install: dkms install -k puts the module in updates/dkms and depmod
# of the private root (dkms's own would look at /lib/modules) resolves it.
dkms_install()
{
	local dep=$DK_ROOT/lib/modules/$DK_REL/modules.dep
	mkdir -p "$DK_ROOT/lib/modules/$DK_REL"
	dk install -k "$DK_REL" --kernelsourcedir "$DK_KSRC" --no-depmod ||
		return 1
	ls "$DK_ROOT/lib/modules/$DK_REL/updates/dkms/havege_hwrng.ko"* ||
		return 1
	dk_exec depmod -b "$DK_ROOT" "$DK_REL" || return 1
	grep '^updates/dkms/havege_hwrng\.ko[^:]*:' "$dep"
}
