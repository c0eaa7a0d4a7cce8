#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: a real systemd boot with both Debian packages installed.
# A Debian 12 root file system is built from Debian packages with
# mmdebstrap (systemd, udev, kmod, dkms; cached in $CACHE/system-boot),
# havege-hwrng-dkms and havege-hwrngd from `make deb` are installed into it
# with dpkg, the module is built by DKMS from the package's /usr/src tree
# for the VM kernel, and the whole tree boots as the initramfs root under
# QEMU with systemd as PID 1 on Debian's 6.1 and 6.12 kernels (fetched by
# tests/vm/fetch-kernel.sh).  CPU and boot-loader randomness are not
# trusted, so the CRNG must be seeded by something else.  A check unit in
# the guest reports over the second serial port, then powers off.  Per
# kernel:
#   - mkinitramfs (initramfs-tools) puts daemon, module and script in
#   - the unit is active and "havege" is the current hw_random source
#   - havege-hwrngd.service was ready before sysinit.target was reached
#   - the kernel logged "crng init done" before sysinit.target
#   - the hw_random core consumed bytes from the module (bytes_served)
# The report (ordering, timestamps, critical chain) is echoed as TAP
# comments.  Only one VM at a time ($CACHE/vm.lock, as tests/vm/).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
keys=${BOOT_KEYS:-6.1 6.12}
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
base=$CACHE/system-boot/bookworm-base-2.tar
tmp=$(mktemp -d /tmp/havege-boot.XXXXXX)
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
		tail -n 40 "$tmp/out" | sed 's/^/# /'
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

for tool in mmdebstrap qemu-system-x86_64 dkms cpio; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool not installed (make deps)"
		exit 0
	fi
done

# The archive comes from the host's apt configuration, as in tests/vm/.
base_rootfs() {
	[ -s "$base" ] && return 0
	mkdir -p "$(dirname "$base")"
	src=/etc/apt/sources.list.d/debian.sources
	[ -r "$src" ] || src=/etc/apt/sources.list
	mmdebstrap --variant=minbase --include=systemd-sysv,udev,kmod,dkms,initramfs-tools \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		bookworm "${base%.tar}.tmp.tar" "$src" &&
	mv "${base%.tar}.tmp.tar" "$base"
}

deb_of() {
	for f in "$build/deb/$1"_*.deb; do
		[ -e "$f" ] && echo "$f" && return 0
	done
	return 1
}

# Both packages installed by dpkg inside the root (DKMS finds no kernel
# headers there, so its postinst builds nothing; see dkms_module).
# shellcheck disable=SC2016 # dpkg-query's own ${field} syntax
install_packages() {
	root=$tmp/root
	rm -rf "$root" && mkdir -p "$root" && tar -xf "$base" -C "$root" || return 1
	cp "$(deb_of havege-hwrng-dkms)" "$(deb_of havege-hwrngd)" "$root/tmp/" &&
	chroot "$root" sh -c 'dpkg -i /tmp/havege-hwrng-dkms_*.deb /tmp/havege-hwrngd_*.deb' &&
	rm -f "$root"/tmp/*.deb &&
	chroot "$root" dpkg-query -W -f='${Package} ${Status}\n' \
		havege-hwrngd havege-hwrng-dkms | tee /dev/stderr |
		grep -c 'install ok installed' | grep -qx 2 &&
	test -L "$root/etc/systemd/system/sysinit.target.wants/havege-hwrngd.service"
}

# The guest side: report, then power off.
guest_check() {
	cat >"$root/usr/local/sbin/havege-boot-check" <<-'SH'
	#!/bin/sh
	# Started as Type=simple, so the boot can finish while this waits.
	systemctl is-system-running --wait >/dev/null 2>&1
	ts() { systemctl show -p "$1" --value "$2"; }
	{
		echo "BOOTCHECK begin"
		echo "active=$(systemctl is-active havege-hwrngd.service)"
		echo "rng_current=$(cat /sys/class/misc/hw_random/rng_current)"
		echo "rng_available=$(cat /sys/class/misc/hw_random/rng_available)"
		echo "havege_ready_us=$(ts ActiveEnterTimestampMonotonic havege-hwrngd.service)"
		echo "havege_start_us=$(ts ExecMainStartTimestampMonotonic havege-hwrngd.service)"
		echo "modules_load_us=$(ts ActiveEnterTimestampMonotonic systemd-modules-load.service)"
		echo "sysinit_us=$(ts ActiveEnterTimestampMonotonic sysinit.target)"
		echo "crng_done_s=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] random: crng init done.*/\1/p' | head -n 1)"
		echo "havege_registered_s=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] havege_hwrng: registered hwrng.*/\1/p' | head -n 1)"
		echo "bytes_served=$(cat /sys/class/misc/havege_hwrng/bytes_served)"
		echo "--- systemd-analyze critical-chain sysinit.target"
		systemd-analyze critical-chain sysinit.target --no-pager
		echo "--- systemd-analyze critical-chain havege-hwrngd.service"
		systemd-analyze critical-chain havege-hwrngd.service --no-pager
		echo "--- systemd-analyze blame (havege, sysinit)"
		systemd-analyze blame --no-pager | grep -E 'havege|modules-load'
		echo "--- journal of havege-hwrngd"
		journalctl -b -u havege-hwrngd.service --no-pager -o short-monotonic
		echo "--- kernel random/hwrng messages"
		dmesg | grep -E 'random|hwrng|havege'
		echo "BOOTCHECK end"
	} >/dev/ttyS1 2>&1
	systemctl poweroff
	SH
	chmod 755 "$root/usr/local/sbin/havege-boot-check"
	cat >"$root/etc/systemd/system/havege-boot-check.service" <<-'UNIT'
	[Unit]
	Description=havege-hwrng boot test report
	After=multi-user.target havege-hwrngd.service
	[Service]
	Type=simple
	ExecStart=/usr/local/sbin/havege-boot-check
	[Install]
	WantedBy=multi-user.target
	UNIT
	ln -sf /etc/systemd/system/havege-boot-check.service \
		"$root/etc/systemd/system/multi-user.target.wants/havege-boot-check.service"
	ln -sf /lib/systemd/system/multi-user.target \
		"$root/etc/systemd/system/default.target"
	echo havege-boot >"$root/etc/hostname"
	# Not needed for the test and large: the compiler DKMS depends on.
	rm -rf "$root/usr/lib/gcc" "$root/usr/bin/x86_64-linux-gnu-lto-dump-12"
}

# dkms_module KEY: build the module with DKMS from the package's own
# /usr/src tree for the VM kernel and install it into the root's
# /lib/modules (depmod -b), as the package's postinst would with headers.
dkms_module() {
	eval "$("$top/tests/vm/fetch-kernel.sh" "$1")" || return 1
	ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
	st=$tmp/dkms-$1
	rm -rf "$st" && mkdir -p "$st/pkg" "$st/dkms" &&
	dpkg-deb -x "$(deb_of havege-hwrng-dkms)" "$st/pkg" || return 1
	mods=$root/lib/modules/$KERNELRELEASE
	mkdir -p "$mods" && cp "$MODULES"/modules.order "$MODULES"/modules.builtin* "$mods/"
	set -- --sourcetree "$st/pkg/usr/src" --dkmstree "$st/dkms" \
		--installtree "$root/lib/modules" -m havege-hwrng -v "$ver"
	dkms add "$@" &&
	dkms build "$@" -k "$KERNELRELEASE" --kernelsourcedir "$KDIR" &&
	dkms install "$@" -k "$KERNELRELEASE" --kernelsourcedir "$KDIR" --no-depmod &&
	depmod -b "$root" "$KERNELRELEASE" &&
	grep havege_hwrng "$mods/modules.dep"
}

# initramfs KEY: update-initramfs's mkinitramfs, run in the root for the VM
# kernel, picks up the package's hook: daemon, module and init-top script.
initramfs() {
	cp "$KDIR/.config" "$root/boot/config-$KERNELRELEASE" &&
	sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf" &&
	chroot "$root" mkinitramfs -o /tmp/initrd.img "$KERNELRELEASE" || return 1
	chroot "$root" lsinitramfs /tmp/initrd.img >"$tmp/initrd.list"
	rm -f "$root/tmp/initrd.img" "$root/boot/config-$KERNELRELEASE"
	for f in usr/sbin/havege-hwrngd \
		"usr/lib/modules/$KERNELRELEASE/updates/dkms/havege_hwrng.ko" \
		scripts/init-top/havege-hwrng; do
		grep -qx -e "$f" -e "${f#usr/}" "$tmp/initrd.list" ||
			{ echo "not in the initramfs: $f"; return 1; }
	done
	grep -qx scripts/init-top/ORDER "$tmp/initrd.list"
}

# boot KEY: the root as the initramfs, systemd as PID 1.
boot() {
	log=$tmp/$1
	mkdir -p "$log"
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
		>"$log/root.cpio" || return 1
	exec 9>"$CACHE/vm.lock"
	flock -w 3600 9 || return 1
	timeout -k 10 900 qemu-system-x86_64 \
		-nodefaults -no-user-config -machine pc,accel=tcg -cpu max \
		-m 2048 -smp 2 -display none -monitor none -no-reboot \
		-kernel "$VMLINUX" -initrd "$log/root.cpio" \
		-append "console=ttyS0,115200 rdinit=/sbin/init panic=-1 random.trust_cpu=off random.trust_bootloader=off" \
		-serial "file:$log/console" -serial "file:$log/report" </dev/null
	rc=$?
	exec 9>&-
	rm -f "$log/root.cpio"
	tr -d '\r' <"$log/report" >"$log/r"
	grep -q '^BOOTCHECK end' "$log/r" || {
		echo "qemu exit $rc, no report; console tail:"
		tail -n 40 "$log/console"
		return 1
	}
}

val() { sed -n "s/^$1=//p" "$tmp/$key/r" | head -n 1; }

ready_before_sysinit() {
	h=$(val havege_ready_us)
	s=$(val sysinit_us)
	echo "havege-hwrngd ready at ${h}us, sysinit.target at ${s}us"
	[ -n "$h" ] && [ "$h" -gt 0 ] && [ -n "$s" ] && [ "$h" -lt "$s" ]
}

crng_before_sysinit() {
	c=$(val crng_done_s)
	s=$(val sysinit_us)
	echo "crng init done at ${c}s, sysinit.target at ${s}us"
	[ -n "$c" ] && awk -v c="$c" -v s="$s" 'BEGIN { exit !(c * 1000000 < s) }'
}

havege_current() {
	echo "rng_current=$(val rng_current) bytes_served=$(val bytes_served)"
	[ "$(val rng_current)" = havege ] && [ "$(val bytes_served)" -gt 0 ]
}

nkeys=$(echo "$keys" | wc -w)
echo "1..$((2 + 7 * nkeys))"
ok "mmdebstrap bookworm root (systemd, udev, kmod, dkms, initramfs-tools)" base_rootfs
if [ ! -s "$base" ] || ! deb_of havege-hwrngd >/dev/null; then
	make --no-print-directory -C "$top" deb >"$tmp/deb.log" 2>&1
fi
ok "dpkg -i havege-hwrng-dkms havege-hwrngd; unit enabled" install_packages
guest_check
for key in $keys; do
	if ! "$top/tests/vm/fetch-kernel.sh" "$key" >/dev/null 2>&1; then
		for _ in 1 2 3 4 5 6 7; do skip "$key: kernel not available"; done
		continue
	fi
	ok "$key: DKMS builds the packaged module for the VM kernel" dkms_module "$key"
	ok "$key: mkinitramfs includes the daemon, module and init-top script" \
		initramfs "$key"
	ok "$key: systemd boot completes and reports" boot "$key"
	sed 's/^/# /' "$tmp/$key/r" 2>/dev/null
	ok "$key: havege-hwrngd.service active" test "$(val active)" = active
	ok "$key: havege is the current hw_random source and was read" havege_current
	ok "$key: unit ready before sysinit.target" ready_before_sysinit
	ok "$key: CRNG ready before sysinit.target" crng_before_sysinit
	echo "# $key: havege registered at $(val havege_registered_s)s," \
		"crng init done at $(val crng_done_s)s (who seeded it first)"
	rm -rf "$root/lib/modules"
done
