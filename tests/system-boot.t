#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TAP: real boots with both Debian packages installed, booted like a
# machine: kernel + initrd + an ext4 root file system on virtio-blk.
#
# A Debian 12 root is built from Debian packages with mmdebstrap (systemd,
# udev, kmod, dkms, initramfs-tools, dracut-core; cached in
# $CACHE/system-boot), havege-hwrng-dkms and havege-hwrngd from `make deb`
# are installed into it with dpkg, and the module is built by DKMS from the
# package's /usr/src tree for the VM kernel.  In the root (chroot), for the
# VM kernel: initramfs-tools' mkinitramfs builds the initrd with the
# package's hook and init-top script, and on BOOT_DRACUT_KEYS dracut builds
# a second one with the package's dracut module.  The root becomes an ext4
# image (mkfs.ext4 -d, no loop device), booted under QEMU/TCG with
# root=/dev/vda, CPU and boot-loader randomness not trusted
# (random.trust_cpu=off random.trust_bootloader=off) and panic_on_warn=1.
# A check unit of the real system reports over the second serial port,
# then powers off.  Per boot (kernel x initramfs generator):
#   - havege registered in the initramfs, before the root file system
#     was mounted (kernel log: the first "registered hwrng" line before
#     "EXT4-fs (vda): mounted filesystem")
#   - "crng init done" while havege-hwrngd --until-seeded ran (it found
#     the CRNG not ready and fed it) and before the root mount
#   - the havege bytes the hw_random core read in the initramfs credit
#     what was missing of the 256 bits that make the CRNG ready on 6.x
#     (entropy_avail when the seeding started, plus havege's credit at the
#     module's registered quality)
#   - the CRNG was ready before sysinit.target
#   - havege-hwrngd.service active after switch_root, "havege" the current
#     hw_random source and read by the hw_random core (bytes_served)
#   - systemd-analyze critical-chain sysinit.target lists the unit, done
#     before sysinit.target
#   - systemctl is-system-running = running (no failed unit)
#   - no oops/WARN/BUG/lockdep/KASAN/UBSAN in the console (tests/vm/boot.sh)
#   - a clean power-off: "reboot: Power down", QEMU exit status 0
# The measured ordering is printed as TAP comments.  Only one VM at a time
# ($CACHE/vm.lock, as tests/vm/).
#
# BOOT_ARCH=arm64 (make check-system-arm64; not in make check): the same
# test for an arm64 machine, key 6.1-arm64 by default (6.12-arm64 too with
# BOOT_KEYS), both initrds as on amd64.  The root is mmdebstrap
# --architectures=arm64 (cached as $CACHE/system-boot/bookworm-arm64-base-*);
# its maintainer scripts, dpkg -i, mkinitramfs and dracut run under
# qemu-user: for the test's duration qemu-aarch64 is registered with
# binfmt_misc (tests/vm/binfmt-aarch64.sh; an entry that was there before
# stays).  The daemon package is havege-hwrngd_*_arm64.deb of `make
# deb-arm64` ($BUILD/deb-arm64); DKMS builds the module from the package's
# tree on the host as for amd64, cross (ARCH=arm64, as tests/vm/matrix.sh).
# The machine is tests/vm/boot.sh's: virt with dtb-randomness=off,
# cortex-a72, console ttyAMA0; the report goes through a PCI 16550 (ttyS0
# in the guest).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
arch=${BOOT_ARCH:-amd64}
case $arch in
amd64)
	keys=${BOOT_KEYS:-6.1 6.12}
	dracut_keys=${BOOT_DRACUT_KEYS:-6.1 6.12}
	qemu="qemu-system-x86_64"
	base_name=bookworm-base
	what=
	;;
arm64)
	keys=${BOOT_KEYS:-6.1-arm64}
	dracut_keys=${BOOT_DRACUT_KEYS:-6.1-arm64 6.12-arm64}
	qemu="qemu-system-aarch64"
	base_name=bookworm-arm64-base
	what=" for arm64"
	;;
*)
	echo "1..0 # SKIP BOOT_ARCH=$arch: amd64 or arm64"
	exit 0
	;;
esac
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/havege-hwrng}
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
base=$CACHE/system-boot/$base_name-3.tar
tmp=$(mktemp -d /tmp/havege-boot.XXXXXX)
root=$tmp/root
binfmt=
trap 'rm -rf "$tmp"; [ -z "$binfmt" ] || "$top/tests/vm/binfmt-aarch64.sh" off $binfmt' EXIT
# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"
# shellcheck source=tests/vm/dkms-lib.sh
. "$top/tests/vm/dkms-lib.sh"

for tool in mmdebstrap "$qemu" dkms mkfs.ext4 modprobe depmod; do
	if ! command -v "$tool" >/dev/null; then
		echo "1..0 # SKIP $tool not installed (make deps)"
		exit 0
	fi
done
# arm64: the root's programs run under qemu-user (words: what to undo)
if [ "$arch" = arm64 ] &&
	! binfmt=$("$top/tests/vm/binfmt-aarch64.sh" on); then
	binfmt=
	echo "1..0 # SKIP qemu-aarch64 not registered with binfmt_misc (root, qemu-user-static)"
	exit 0
fi

# The archive comes from the host's apt configuration, as in tests/vm/
# (find_archives).  dracut-core (unlike dracut) does not conflict with
# initramfs-tools.
base_rootfs() {
	[ -s "$base" ] && return 0
	find_archives || return 1
	mkdir -p "$(dirname "$base")"
	find "$(dirname "$base")" -name "$base_name*.tar" -delete
	mmdebstrap --variant=minbase --architectures="$arch" \
		--include=systemd-sysv,udev,kmod,dkms,initramfs-tools,dracut-core \
		--aptopt='Acquire::Check-Valid-Until "false"' \
		--dpkgopt='path-exclude=/usr/share/doc/*' \
		--dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' \
		bookworm "${base%.tar}.tmp.tar" "deb $MAIN_URI bookworm main" \
		"deb $MAIN_URI bookworm-updates main" \
		"deb $SEC_URI bookworm-security main" &&
	mv "${base%.tar}.tmp.tar" "$base"
}

# deb_of PACKAGE: its .deb from `make deb`, or for the daemon on arm64
# from `make deb-arm64`.
deb_of() {
	d=$build/deb
	[ "$arch" = amd64 ] || [ "$1" != havege-hwrngd ] ||
		d=$build/deb-$arch
	for f in "$d/$1"_*.deb; do
		[ -e "$f" ] && echo "$f" && return 0
	done
	return 1
}

# Both packages installed by dpkg inside the root (DKMS finds no kernel
# headers there, so its postinst builds nothing; see dkms_module).
# shellcheck disable=SC2016 # dpkg-query's own ${field} syntax
install_packages() {
	rm -rf "$root" && mkdir -p "$root" && tar -xf "$base" -C "$root" || return 1
	cp "$(deb_of havege-hwrng-dkms)" "$(deb_of havege-hwrngd)" "$root/tmp/" &&
	chroot "$root" sh -c 'dpkg -i /tmp/havege-hwrng-dkms_*.deb /tmp/havege-hwrngd_*.deb' &&
	rm -f "$root"/tmp/*.deb &&
	chroot "$root" dpkg-query -W -f='${Package} ${Status}\n' \
		havege-hwrngd havege-hwrng-dkms | tee /dev/stderr |
		grep -c 'install ok installed' | grep -qx 2 &&
	test -L "$root/etc/systemd/system/sysinit.target.wants/havege-hwrngd.service"
}

# The guest side, a unit of the real system: report, then power off.
# Kernel-log times are seconds of the printk clock, systemd's are
# microseconds of CLOCK_MONOTONIC.
guest_check() {
	cat >"$root/usr/local/sbin/havege-boot-check" <<-'SH'
	#!/bin/sh
	# Started as Type=simple, so the boot can finish while this waits.
	state=$(systemctl is-system-running --wait 2>&1)
	ts() { systemctl show -p "$1" --value "$2"; }
	klog() { dmesg | sed -n "s/^\[ *\([0-9.]*\)\] $1.*/\1/p" | head -n 1; }
	{
		echo "BOOTCHECK begin"
		echo "system_state=$state"
		echo "failed_units=$(systemctl list-units --failed --no-legend --plain | awk '{ print $1 }' | tr '\n' ' ')"
		echo "active=$(systemctl is-active havege-hwrngd.service)"
		echo "rng_current=$(cat /sys/class/misc/hw_random/rng_current)"
		echo "rng_available=$(cat /sys/class/misc/hw_random/rng_available)"
		echo "bytes_served=$(cat /sys/class/misc/havege_hwrng/bytes_served)"
		echo "quality=$(cat /sys/class/misc/havege_hwrng/quality)"
		echo "declared_quality=$(cat /sys/class/misc/havege_hwrng/declared_quality)"
		echo "havege_ready_us=$(ts ActiveEnterTimestampMonotonic havege-hwrngd.service)"
		echo "sysinit_us=$(ts ActiveEnterTimestampMonotonic sysinit.target)"
		echo "seed_start_s=$(klog 'havege-hwrng: seeding')"
		echo "havege_registered_s=$(klog 'havege_hwrng: registered hwrng')"
		echo "crng_done_s=$(klog 'random: crng init done')"
		echo "seeded_s=$(klog 'havege-hwrngd: kernel CRNG is ready')"
		echo "root_mount_s=$(klog 'EXT4-fs (vda): mounted filesystem')"
		echo "registered_msg=$(dmesg | grep -m 1 'havege_hwrng: registered hwrng')"
		echo "withdrew_msg=$(dmesg | grep -m 1 'havege_hwrng: withdrew hwrng')"
		echo "seeded_msg=$(dmesg | grep -m 1 'havege-hwrngd: kernel CRNG is')"
		echo "seed_msg=$(dmesg | grep -m 1 'havege-hwrng: seeding the CRNG')"
		echo "run_files=$(ls -d /run/havege-hwrngd* | tr '\n' ' ')"
		echo "--- critical-chain"
		systemd-analyze critical-chain --fuzz=1h --no-pager sysinit.target
		echo "--- end critical-chain"
		echo "--- journal of havege-hwrngd.service"
		journalctl -b -u havege-hwrngd.service --no-pager -o short-monotonic
		echo "--- kernel log: initramfs, seeding, root mount"
		dmesg | grep -E 'random|hwrng|havege|EXT4-fs \(vda\)|Run /init|Trying to unpack|dracut|systemd 252'
		if [ "$state" != running ]; then
			echo "--- failed units"
			systemctl list-units --failed --no-pager
			systemctl status --failed --no-pager -l -n 30
			echo "--- end failed units"
		fi
		echo "BOOTCHECK end"
	} >/dev/ttyS1 2>&1
	systemctl poweroff
	SH
	# arm64: the report's 16550 is ttyS0 (boot())
	[ "$arch" = amd64 ] ||
		sed -i 's|^} >/dev/ttyS1 2>&1$|} >/dev/ttyS0 2>\&1|' \
			"$root/usr/local/sbin/havege-boot-check"
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
	echo '/dev/vda / ext4 defaults 0 1' >"$root/etc/fstab"
	# Not needed for the test and large: the compiler DKMS depends on.
	rm -rf "$root/usr/lib/gcc" "$root"/usr/bin/*-linux-gnu-lto-dump-12
}

# The kernel's modules in the root as a package would put them there
# (hard links into the cache where possible: nothing writes to them).
kernel_modules() {
	eval "$("$top/tests/vm/fetch-kernel.sh" "$1")" || return 1
	mods=$root/lib/modules/$KERNELRELEASE
	rm -rf "$root/lib/modules" && mkdir -p "$mods" &&
	{ cp -al "$MODULES/." "$mods/" 2>/dev/null || cp -a "$MODULES/." "$mods/"; }
}

# dkms_module KEY: build the module with DKMS from the package's own
# /usr/src tree for the VM kernel and install it into the root's
# /lib/modules, as the package's postinst would with headers (the DKMS
# flow of tests/vm/dkms-lib.sh: add, build, vermagic, install, depmod).
dkms_module() {
	dkms_stage "$tmp/dkms-$1" "$(deb_of havege-hwrng-dkms)" "$root" &&
	dkms_kernel "$1" && dk add && dkms_build && dkms_built_ko &&
	dkms_install
}

# Only what boots the VM stays in the root: virtio-pci, virtio-blk, ext4,
# havege_hwrng and their dependencies (keeps the disk image small).
prune_modules() {
	modprobe -d "$root" -S "$KERNELRELEASE" -C "$root/etc/modprobe.d" \
		--ignore-install --show-depends -a virtio_pci virtio_blk ext4 havege_hwrng |
		awk '$1 == "insmod" { print $2 }' | sed "s|^$root||" |
		sort -u >"$tmp/keep" || return 1
	grep -q havege_hwrng "$tmp/keep" && grep -q virtio_blk "$tmp/keep" ||
		return 1
	find "$mods" -name '*.ko*' | sed "s|^$root||" | sort |
		comm -23 - "$tmp/keep" | sed "s|^|$root|" | xargs -r rm -f &&
	depmod -b "$root" "$KERNELRELEASE" &&
	sed 's/^/kept: /' "$tmp/keep"
}

# in_initrd LIST FILE...: every FILE (relative, with or without usr/) is
# in the initrd's file list.
in_initrd() {
	list=$1
	shift
	for f in "$@"; do
		# a module may be stored decompressed
		case $f in *.ko.*) f=${f%.ko.*}.ko ;; esac
		grep -qx -e "$f" -e "${f#usr/}" -e "usr/$f" \
			-e "$f.[gxz][zs]*" -e "usr/$f.[gxz][zs]*" "$list" ||
			{ echo "not in the initrd: $f"; return 1; }
	done
}

modfile() {	# the installed path of a module, relative to the root
	modinfo -b "$root" -k "$KERNELRELEASE" -n "$1" | sed "s|^$root/||"
}

# initramfs-tools: mkinitramfs in the root for the VM kernel with an
# explicit module list; the package's hook adds daemon, module and script.
initramfs_tools() {
	cp "$KDIR/.config" "$root/boot/config-$KERNELRELEASE" &&
	sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf" &&
	printf '%s\n' virtio_pci virtio_blk ext4 >"$root/etc/initramfs-tools/modules" &&
	chroot "$root" mkinitramfs -o "/boot/initrd.img-$KERNELRELEASE" \
		"$KERNELRELEASE" || return 1
	chroot "$root" lsinitramfs "/boot/initrd.img-$KERNELRELEASE" >"$tmp/initrd.list"
	in_initrd "$tmp/initrd.list" usr/sbin/havege-hwrngd \
		"$(modfile havege_hwrng)" "$(modfile virtio_blk)" \
		"$(modfile ext4)" scripts/init-top/havege-hwrng \
		scripts/init-top/ORDER &&
	echo "init-top order:" && grep -o 'init-top/[^ ]*' \
		"$(initrd_file scripts/init-top/ORDER)"
}

# initrd_file PATH: one file of the initramfs-tools initrd, extracted.
initrd_file() {
	d=$tmp/initrd-x
	[ -d "$d" ] || { mkdir -p "$d" && chroot "$root" unmkinitramfs \
		"/boot/initrd.img-$KERNELRELEASE" /tmp/initrd-x &&
		mv "$root/tmp/initrd-x"/* "$d/" && rm -rf "$root/tmp/initrd-x"; }
	find "$d" -path "*/$1" | head -n 1
}

# dracut (dracut-core) in the root for the VM kernel, not host-only; the
# package's module 90havege-hwrng is picked up by its check().
dracut_initrd() {
	chroot "$root" dracut --force --no-hostonly --no-compress \
		--kver "$KERNELRELEASE" --drivers 'virtio_pci virtio_blk' \
		--filesystems ext4 "/boot/initrd-dracut.img-$KERNELRELEASE" ||
		return 1
	chroot "$root" lsinitrd "/boot/initrd-dracut.img-$KERNELRELEASE" |
		awk '{ print $NF }' >"$tmp/dracut.list"
	chroot "$root" lsinitrd -m "/boot/initrd-dracut.img-$KERNELRELEASE" |
		grep -qx havege-hwrng || { echo "dracut: no havege-hwrng module"; return 1; }
	in_initrd "$tmp/dracut.list" usr/sbin/havege-hwrngd \
		"$(modfile havege_hwrng)" "$(modfile virtio_blk)" \
		usr/lib/dracut/hooks/pre-udev/05-havege-seed.sh
}

# boot NAME INITRD [ARGS...]: a fresh ext4 image of the root on
# virtio-blk, kernel and INITRD, systemd as PID 1 of the real system.
boot() {
	log=$tmp/$1
	initrd=$root/$2
	shift 2
	mkdir -p "$log" && cp "$initrd" "$log/initrd" || return 1
	mb=$(du -sm "$root" | cut -f1)
	truncate -s "$((mb + mb / 2 + 256))M" "$log/root.img" &&
	mkfs.ext4 -q -F -L root -O ^orphan_file -d "$root" \
		"$log/root.img" || return 1
	t0=$(date +%s)
	exec 9>"$CACHE/vm.lock"
	flock -w 3600 9 || return 1
	start=$(date +%s)
	# shellcheck disable=SC2054 # commas inside QEMU option values
	if [ "$arch" = arm64 ]; then
		machine=(-machine virt,accel=tcg,dtb-randomness=off
			-cpu cortex-a72)
		ports=(-serial "file:$log/console"
			-chardev "file,id=report,path=$log/report"
			-device pci-serial,chardev=report)
		console=ttyAMA0
	else
		machine=(-machine pc,accel=tcg -cpu max)
		ports=(-serial "file:$log/console" -serial "file:$log/report")
		console=ttyS0,115200
	fi
	timeout -k 10 900 "$qemu" \
		-nodefaults -no-user-config "${machine[@]}" \
		-m 2048 -smp 2 -display none -monitor none -no-reboot \
		-kernel "$VMLINUX" -initrd "$log/initrd" \
		-drive "file=$log/root.img,format=raw,if=virtio" \
		-append "console=$console root=/dev/vda ro rootfstype=ext4 panic=-1 panic_on_warn=1 random.trust_cpu=off random.trust_bootloader=off $*" \
		"${ports[@]}" </dev/null
	rc=$?
	exec 9>&-
	echo "$rc" >"$log/qemu_rc"
	echo "qemu exit $rc after $(($(date +%s) - start)) s" \
		"(waited $((start - t0)) s for vm.lock)"
	rm -f "$log/root.img" "$log/initrd"
	tr -d '\r' <"$log/report" >"$log/r"
	grep -q '^BOOTCHECK end' "$log/r" || {
		echo "no report; console tail:"
		tail -n 40 "$log/console"
		return 1
	}
}

# The console scan of every VM test (VM_CONSOLE_BAD, tests/vm/lib.sh).
console_clean() {
	! grep -aE -m 10 "$VM_CONSOLE_BAD" "$tmp/$name/console"
}

# The guest powered itself off: the kernel's last word and QEMU's status 0
# (-no-reboot: a panic or reboot would end QEMU too, without "Power down").
clean_poweroff() {
	echo "qemu exit status $(cat "$tmp/$name/qemu_rc" 2>/dev/null)," \
		"last console line: $(tr -d '\r' <"$tmp/$name/console" | grep -a . | tail -n 1)"
	[ "$(cat "$tmp/$name/qemu_rc" 2>/dev/null)" = 0 ] &&
	tr -d '\r' <"$tmp/$name/console" | grep -aq 'reboot: Power down'
}

system_running() {
	echo "systemctl is-system-running: $(val system_state);" \
		"failed units: $(val failed_units)"
	sed -n '/^--- failed units/,/^--- end failed units/p' "$tmp/$name/r"
	[ "$(val system_state)" = running ]
}

val() { sed -n "s/^$1=//p" "$tmp/$name/r" | head -n 1; }

# lt A B: both numbers present and A < B.
lt() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

registered_in_initramfs() {
	echo "seeding started at $(val seed_start_s) s, havege registered at" \
		"$(val havege_registered_s) s, root mounted at $(val root_mount_s) s"
	[ -n "$(val seed_start_s)" ] &&
	lt "$(val havege_registered_s)" "$(val root_mount_s)"
}

# The module logs "registered" once hwrng_register() has returned and the
# hw_random fill thread has completed its first read, so "crng init done"
# (from those reads) may come a few ms before or after that line.  What
# proves the seeding: the daemon found the CRNG not ready (it fed bytes
# instead of logging "already ready"), "crng init done" came while it
# ran, and its own output credited enough for it (havege_credit).
crng_by_havege() {
	fed=$(val seeded_msg | sed -n 's/.* \([0-9][0-9]*\) bytes fed).*/\1/p')
	echo "seeding started $(val seed_start_s) s, crng init done" \
		"$(val crng_done_s) s, daemon saw it ready $(val seeded_s) s" \
		"($(val seeded_msg | sed 's/^\[[^]]*\] //')), root mounted" \
		"$(val root_mount_s) s"
	[ -n "$fed" ] && [ "$fed" -gt 0 ] &&
	lt "$(val seed_start_s)" "$(val crng_done_s)" &&
	! lt "$(val seeded_s)" "$(val crng_done_s)" &&
	lt "$(val crng_done_s)" "$(val root_mount_s)"
}

# Bytes the hw_random core took from havege in the initramfs: fed by the
# daemon minus discarded at its withdrawal; credited at the quality the
# module registered with (bits per 1024 bits; its "quality" counter, the
# same daemon and ceiling registered in the initramfs, as the kernel log's
# first "registered" line must confirm).  256 bits make the CRNG ready
# (6.x): havege must credit what the kernel had not credited itself when
# the seeding started (entropy_avail, logged by the initramfs script).  At
# quality 2 that is about 16 KiB of whole 64-byte reads.
havege_credit() {
	fed=$(val seeded_msg | sed -n 's/.* \([0-9][0-9]*\) bytes fed).*/\1/p')
	disc=$(val withdrew_msg | sed -n 's/.*, \([0-9][0-9]*\) bytes discarded.*/\1/p')
	pre=$(val seed_msg | sed -n 's/.*entropy_avail \([0-9][0-9]*\)).*/\1/p')
	q=$(val quality)
	qlog=$(val registered_msg | sed -n 's/.*quality \([0-9][0-9]*\)\/1024.*/\1/p')
	[ -n "$fed" ] && [ -n "$disc" ] && [ -n "$q" ] && [ -n "$pre" ] ||
		return 1
	bits=$(((fed - disc) * 8 * q / 1024))
	echo "fed $fed, discarded $disc: $((fed - disc)) bytes read at" \
		"quality $q/1024 (declared $(val declared_quality)," \
		"initramfs log: $qlog) = $bits bits credited; the kernel had" \
		"credited $pre itself"
	# Interrupts may still credit a few bits while havege seeds (none
	# seen in these quiet guests): allow HAVEGE_BOOT_SLACK of them.
	[ "$q" -ge 1 ] && [ "$q" = "$qlog" ] &&
		[ $((bits + pre + ${HAVEGE_BOOT_SLACK:-16})) -ge 256 ] &&
		[ "$bits" -gt 0 ]
}

crng_before_sysinit() {
	c=$(val crng_done_s)
	s=$(val sysinit_us)
	echo "crng init done at ${c} s, sysinit.target at ${s} us"
	[ -n "$c" ] && [ -n "$s" ] && lt "$(awk -v c="$c" 'BEGIN { printf "%d", c * 1000000 }')" "$s"
}

havege_current() {
	echo "rng_current=$(val rng_current) bytes_served=$(val bytes_served)"
	[ "$(val rng_current)" = havege ] && [ "$(val bytes_served)" -gt 0 ]
}

# chain_s UNIT: "@A +B" of UNIT in the critical chain as "A B" (seconds).
chain_s() {
	sed -n '/^--- critical-chain/,/^--- end critical-chain/p' "$tmp/$name/r" |
		grep -E "(^|─)$1 " | head -n 1 | sed "s/.*$1//" |
		awk '{
			split($0, p, "+")
			for (i = 1; i <= 2; i++) {
				t[i] = 0
				n = split(p[i], w, " ")
				for (j = 1; j <= n; j++) {
					x = w[j]; sub(/^@/, "", x); v = x + 0
					if (x ~ /ms$/) v /= 1000
					else if (x ~ /us$/ || x ~ /µs$/) v /= 1000000
					else if (x ~ /min$/) v *= 60
					else if (x ~ /h$/) v *= 3600
					t[i] += v
				}
			}
			printf "%.3f %.3f\n", t[1], t[2]
		}'
}

# The unit is in sysinit.target's critical chain and was done before it.
unit_in_chain() {
	# shellcheck disable=SC2046 # two words each
	set -- $(chain_s havege-hwrngd.service) $(chain_s sysinit.target)
	echo "critical-chain: havege-hwrngd.service @${1:-?} +${2:-?}," \
		"sysinit.target @${3:-?}"
	[ $# -eq 4 ] && awk -v a="$1" -v b="$2" -v s="$3" \
		'BEGIN { exit !(a > 0 && a + b <= s) }'
}

# check_boot NAME: the assertions on one boot's report.
check_boot() {
	name=$1
	# The chain with its first level only (--fuzz lists every unit).
	grep -v -e '^[│ ]' -e '^The time' "$tmp/$name/r" 2>/dev/null |
		sed 's/^/# /'
	ok "$name: havege registered in the initramfs, before the root mount" \
		registered_in_initramfs
	ok "$name: crng init done while havege-hwrngd seeded, before the root mount" \
		crng_by_havege
	ok "$name: havege output read in the initramfs credits what the CRNG lacked of 256 bits" \
		havege_credit
	ok "$name: CRNG ready before sysinit.target" crng_before_sysinit
	ok "$name: havege-hwrngd.service active after switch_root" \
		test "$(val active)" = active
	ok "$name: havege is the current hw_random source and was read" \
		havege_current
	ok "$name: critical-chain: the unit done before sysinit.target" \
		unit_in_chain
	ok "$name: systemctl is-system-running: running (no failed unit)" \
		system_running
	ok "$name: console: no oops/WARN/BUG/lockdep/KASAN" console_clean
	ok "$name: clean power-off (kernel 'Power down', QEMU status 0)" \
		clean_poweroff
	echo "# $name ordering (kernel log, s): seeding started $(val seed_start_s)," \
		"havege registered $(val havege_registered_s), crng init done" \
		"$(val crng_done_s), daemon saw it ready $(val seeded_s), root mounted" \
		"$(val root_mount_s); sysinit.target $(val sysinit_us) us"
	echo "# $name credit: $(havege_credit 2>&1 | head -n 1)"
}

BOOT_TESTS=11
nboots=0
for key in $keys; do
	nboots=$((nboots + 1))
	case " $dracut_keys " in *" $key "*) nboots=$((nboots + 1)) ;; esac
done
echo "1..$((2 + 4 * $(echo "$keys" | wc -w) + BOOT_TESTS * nboots))"
ok "mmdebstrap bookworm root$what (systemd, udev, kmod, dkms, initramfs-tools, dracut-core)" \
	base_rootfs
if [ ! -s "$base" ] || ! deb_of havege-hwrng-dkms >/dev/null ||
	{ [ "$arch" = amd64 ] && ! deb_of havege-hwrngd >/dev/null; }; then
	make --no-print-directory -C "$top" deb >"$tmp/deb.log" 2>&1
fi
if [ "$arch" != amd64 ] && ! deb_of havege-hwrngd >/dev/null; then
	make --no-print-directory -C "$top" "deb-$arch" >>"$tmp/deb.log" 2>&1
fi
ok "dpkg -i havege-hwrng-dkms havege-hwrngd$what; unit enabled" install_packages
guest_check
for key in $keys; do
	use_dracut=
	case " $dracut_keys " in *" $key "*) use_dracut=1 ;; esac
	if ! "$top/tests/vm/fetch-kernel.sh" "$key" >/dev/null 2>&1; then
		for _ in $(seq $((4 + BOOT_TESTS * (1 + ${use_dracut:-0})))); do
			skip "$key: kernel not available"
		done
		continue
	fi
	kernel_modules "$key"
	ok "$key: DKMS builds the packaged module for the VM kernel" dkms_module "$key"
	ok "$key: root keeps only the modules the boot needs" prune_modules
	rm -rf "$tmp/initrd-x"
	ok "$key: mkinitramfs: daemon, module, init-top script, virtio/ext4" \
		initramfs_tools
	echo "# $key init-top order: $(grep '^init-top/' "$tmp/tap-out" | tr '\n' ' ')"
	if [ -n "$use_dracut" ]; then
		ok "$key: dracut: module 90havege-hwrng, daemon, hook" dracut_initrd
	else
		skip "$key: dracut initrd only on BOOT_DRACUT_KEYS ($dracut_keys)"
	fi
	ok "$key initramfs-tools: boot completes and reports" \
		boot "$key-initramfs-tools" "boot/initrd.img-$KERNELRELEASE"
	grep '^qemu exit' "$tmp/tap-out" | sed 's/^/# /'
	check_boot "$key-initramfs-tools"
	if [ -n "$use_dracut" ]; then
		ok "$key dracut: boot completes and reports" \
			boot "$key-dracut" "boot/initrd-dracut.img-$KERNELRELEASE" \
			rd.shell=0 rd.emergency=poweroff
		grep '^qemu exit' "$tmp/tap-out" | sed 's/^/# /'
		check_boot "$key-dracut"
	fi
	rm -f "$root"/boot/*"$KERNELRELEASE"*
done
