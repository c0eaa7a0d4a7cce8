#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# boot.sh --kernel KEY --run CMD [--payload DIR[:DEST]]... [--append ARGS]
#         [--timeout SECS] [--module KO | --no-module] [--logdir DIR]
#         [--cpu MODEL] [--smp N] [--mem MB] [--qemu ARGS]
#         [--extra-module NAME]...
#
# Boot a Debian kernel of the matrix in QEMU/TCG (PVH entry, vmlinux) with a
# busybox initramfs built here, run CMD in the guest and print its output,
# which travels on the second serial port, while it runs.  Exit status:
# 0 when CMD exited 0 and the VM stopped cleanly; 1 when CMD failed; 2 when
# the VM crashed, timed out, lost its end marker or logged an oops, WARN,
# BUG, panic, lockdep, KASAN, kmemleak, debugobjects or hung-task report.
# --mem sets the guest's memory (default 1024 MB).  --qemu adds options to
# QEMU's command line (split at blanks), e.g. --qemu "-icount shift=0,sleep=off".
# --extra-module puts a module of the kernel (and the modules it depends
# on) into the initramfs, loaded by /init before CMD runs, e.g.
# --extra-module virtio-rng --qemu "-device virtio-rng-pci".
# An arm64 KEY (6.1-arm64, 6.12-arm64) boots under qemu-system-aarch64
# (virt machine without its random DTB nodes, cortex-a72 by default) with
# Debian's busybox-static:arm64; its results channel is a PCI 16550
# (ttyS0 in the guest; the PL011 ttyAMA0 is the console).
# See tests/vm/README.md.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KEY=
RUN=
PAYLOADS=()
APPEND=
TIMEOUT=600
KO=
NO_MODULE=
LOGDIR=
QEMU_EXTRA=()
EXTRA_MODULES=()
CPU=
SMP=2
MEM=1024

usage()
{
	sed -n '4,7p' "$0" | sed 's/^# //' >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KEY=$2; shift ;;
	--run) RUN=$2; shift ;;
	--payload) PAYLOADS+=("$2"); shift ;;
	--append) APPEND=$2; shift ;;
	--timeout) TIMEOUT=$2; shift ;;
	--module) KO=$2; shift ;;
	--no-module) NO_MODULE=1 ;;
	--logdir) LOGDIR=$2; shift ;;
	--qemu) read -r -a QEMU_EXTRA <<<"$2"; shift ;;
	--cpu) CPU=$2; shift ;;
	--smp) SMP=$2; shift ;;
	--mem) MEM=$2; shift ;;
	--extra-module) EXTRA_MODULES+=("$2"); shift ;;
	*) usage ;;
	esac
	shift
done
if [ -z "$KEY" ] || [ -z "$RUN" ]; then
	usage
fi
vm_check_key "$KEY"
vm_kernel_env "$KEY" >/dev/null || vm_die "cannot fetch kernel $KEY"
# env files written before the arm64 keys have no KARCH
KARCH=${KARCH:-amd64}
# The guest's console and results channel, and the CPU model unless --cpu.
if [ "$KARCH" = arm64 ]; then
	GUEST_CONSOLE=ttyAMA0
	GUEST_OUT=/dev/ttyS0
	CPU=${CPU:-cortex-a72}
	CROSS_ROOT=/usr/aarch64-linux-gnu
else
	GUEST_CONSOLE=ttyS0
	GUEST_OUT=/dev/ttyS1
	CPU=${CPU:-max}
	CROSS_ROOT=
fi

if [ -z "$LOGDIR" ]; then
	LOGDIR=$BUILD_DIR/vm/logs/$KEY-$(date +%Y%m%d-%H%M%S)-$$
fi
mkdir -p "$LOGDIR"
LOGDIR=$(cd "$LOGDIR" && pwd)
STAGE=$LOGDIR/initramfs
CONSOLE=$LOGDIR/console.log
RESULTS=$LOGDIR/results.log

# copy_cross_lib NAME: an arm64 guest's shared library NAME (or loader)
# from the cross toolchain's sysroot (libc6-arm64-cross), with the
# libraries it needs, into /lib/aarch64-linux-gnu (the loader into /lib).
copy_cross_lib()
{
	local name=${1##*/} dest=$STAGE/lib/aarch64-linux-gnu/${1##*/} dep
	case $name in ld-linux-*) dest=$STAGE/lib/$name ;; esac
	[ -e "$dest" ] && return 0
	[ -e "$CROSS_ROOT/lib/$name" ] ||
		vm_die "$name: not in $CROSS_ROOT/lib (libc6-arm64-cross)"
	mkdir -p "${dest%/*}"
	cp -L "$CROSS_ROOT/lib/$name" "$dest"
	for dep in $(objdump -p "$dest" | awk '$1 == "NEEDED" { print $2 }'); do
		copy_cross_lib "$dep"
	done
}

# copy_libs FILE: put the shared libraries a dynamic ELF file needs (and
# the loader) into the initramfs at their host paths; for an arm64 guest,
# those of the cross sysroot (ldd cannot run a foreign program).
copy_libs()
{
	local lib
	head -c 4 "$1" | grep -q 'ELF' || return 0
	if [ -n "$CROSS_ROOT" ]; then
		for lib in $(objdump -p "$1" | awk '$1 == "NEEDED" { print $2 }') \
			$(readelf -l "$1" | sed -n 's/.*interpreter: \(.*\)\]$/\1/p'); do
			copy_cross_lib "$lib"
		done
		return 0
	fi
	for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*'); do
		[ -e "$STAGE$lib" ] && continue
		mkdir -p "$STAGE$(dirname "$lib")"
		cp -L "$lib" "$STAGE$lib"
	done
}

# add_module SRC NAME: an uncompressed copy of a module in /lib/modules.
add_module()
{
	case $1 in
	*.xz) xz -dc "$1" >"$STAGE/lib/modules/$2" ;;
	*.zst) zstd -dcq "$1" >"$STAGE/lib/modules/$2" ;;
	*) cp "$1" "$STAGE/lib/modules/$2" ;;
	esac
}

# add_extra_module NAME [OPTIONAL]: the module NAME (- and _ alike) after
# the modules it depends on (modinfo), each once, in /init's load list
# lib/modules/extra.order.  Built-in modules (modules.builtin) are skipped;
# with OPTIONAL set (dependencies), so is one that is not found at all.
add_extra_module()
{
	local name=${1//-/_} file dep
	[ -e "$STAGE/lib/modules/$name.ko" ] && return 0
	[ -e "$STAGE/lib/modules/${name//_/-}.ko" ] && return 0
	file=$(find "$MODULES" \( -name "$name.ko*" -o \
		-name "${name//_/-}.ko*" \) | head -n1)
	if [ -z "$file" ]; then
		[ -n "${2:-}" ] && return 0
		grep -Eq "/($name|${name//_/-})\.ko\$" \
			"$MODULES/modules.builtin" 2>/dev/null && return 0
		vm_die "module $1 missing in $MODULES"
	fi
	for dep in $(modinfo -F depends "$file" | tr ',' ' '); do
		add_extra_module "$dep" optional
	done
	add_module "$file" "$name.ko"
	echo "$name" >>"$STAGE/lib/modules/extra.order"
}

add_payloads()
{
	local p src dest f
	for p in "${PAYLOADS[@]}"; do
		src=${p%%:*}
		dest=/payload
		[ "$src" = "$p" ] || dest=${p#*:}
		[ -d "$src" ] || vm_die "payload $src is not a directory"
		mkdir -p "$STAGE$dest"
		cp -a "$src/." "$STAGE$dest/"
		while IFS= read -r -d '' f; do
			copy_libs "$f"
		done < <(find "$STAGE$dest" -type f -perm -u+x -print0)
	done
}

build_initramfs()
{
	local rngcore m
	rm -rf "$STAGE"
	mkdir -p "$STAGE"/{bin,sbin,dev,proc,sys,tmp,run,etc,lib/modules,payload}
	cp "$("$VM_DIR/fetch-busybox.sh" "$KARCH")" "$STAGE/bin/busybox" ||
		vm_die "no busybox for $KARCH"
	cp "$VM_DIR/guest/init" "$STAGE/init"
	cp "$REPO_DIR/tests/lib/tap.sh" "$STAGE/lib/vm-tap.sh"
	if [ -z "$NO_MODULE" ]; then
		[ -n "$KO" ] || KO=$("$VM_DIR/build-module.sh" "$KEY") ||
			vm_die "module build failed for $KEY"
		add_module "$KO" havege_hwrng.ko
	fi
	# Where the hw_random core is a module (5.10), it must be loaded first.
	if grep -q '^CONFIG_HW_RANDOM=m' "$KDIR/.config"; then
		rngcore=$(find "$MODULES" -name 'rng-core.ko*' | head -n1)
		[ -n "$rngcore" ] || vm_die "rng-core module missing in $MODULES"
		add_module "$rngcore" rng-core.ko
	fi
	for m in ${EXTRA_MODULES[@]+"${EXTRA_MODULES[@]}"}; do
		add_extra_module "$m"
	done
	add_payloads
	NONCE=$(od -An -tx8 -N 16 /dev/urandom | tr -d ' \n')
	{
		printf 'VM_NONCE=%s\n' "$NONCE"
		printf 'VM_RUN=%q\n' "$RUN"
		printf 'VM_OUT=%s\n' "$GUEST_OUT"
	} >"$STAGE/etc/vm.conf"
	(cd "$STAGE" && find . | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$LOGDIR/initramfs.cpio"
}

# The kernel command line: no trust in CPU or boot loader randomness, any
# warning or oops is fatal, and a panic stops the VM (-no-reboot).
cmdline()
{
	echo "console=$GUEST_CONSOLE,115200 panic=-1 oops=panic panic_on_warn=1" \
		"softlockup_panic=1 hung_task_panic=1" \
		"random.trust_cpu=off random.trust_bootloader=off" \
		"$APPEND"
}

# The machine.  x86: the PC's two 16550s are console and results channel.
# arm64: QEMU 7.2's virt machine has one PL011 for the normal world, the
# console; the results go through a 16550 on its PCI bus, which Debian's
# arm64 kernels drive with the built-in 8250_pci (ttyS0: no legacy ports).
# A tty like x86's ttyS1, it needs no module, unlike virtio-console (a
# module on 6.1).  dtb-randomness=off: no rng-seed or kaslr-seed in the
# device tree, which arm64 would credit before the command line is read;
# cortex-a72 has no FEAT_RNG (RNDR), unlike -cpu max.  No virtio-rng.
qemu_machine()
{
	# shellcheck disable=SC2054 # commas inside QEMU option values
	if [ "$KARCH" = arm64 ]; then
		QEMU=(qemu-system-aarch64 -machine "virt,accel=tcg,dtb-randomness=off"
		      -serial "file:$CONSOLE" -chardev "file,id=results,path=$RESULTS"
		      -device pci-serial,chardev=results)
	else
		QEMU=(qemu-system-x86_64 -machine "pc,accel=tcg"
		      -serial "file:$CONSOLE" -serial "file:$RESULTS")
	fi
}

run_qemu()
{
	: >"$CONSOLE"
	: >"$RESULTS"
	qemu_machine
	timeout -k 10 "$TIMEOUT" "${QEMU[@]}" \
		-nodefaults -no-user-config -cpu "$CPU" \
		-m "$MEM" -smp "$SMP" -display none -monitor none -no-reboot \
		-kernel "$VMLINUX" -initrd "$LOGDIR/initramfs.cpio" \
		-append "$(cmdline)" \
		${QEMU_EXTRA[@]+"${QEMU_EXTRA[@]}"} \
		</dev/null >"$LOGDIR/qemu.log" 2>&1 &
	QPID=$!
	# If we are interrupted or killed by a caller's timeout, so is the VM.
	trap 'kill "$QPID" 2>/dev/null' EXIT
	trap 'exit 130' INT TERM
	# Stream the results channel while the VM runs; drop the end marker.
	# In the background, so a signal is handled while we wait.
	{ tail -n +1 -F -s 0.2 --pid="$QPID" "$RESULTS" 2>/dev/null |
		tr -d '\r' | grep --line-buffered -v "^HAVEGE-VM-END $NONCE " ||
		true; } &
	TPID=$!
	QRC=0
	wait "$QPID" || QRC=$?
	trap - EXIT INT TERM
	wait "$TPID" || true
}

# Console patterns that fail a run whatever the command's result was.
BAD=$VM_CONSOLE_BAD

# A machine-readable summary for callers such as matrix.sh.
write_verdict()
{
	local problem=no
	grep -aEq "$BAD" "$CONSOLE" && problem=yes
	{
		echo "release=$KERNELRELEASE"
		echo "qemu_rc=$QRC"
		echo "timed_out=$([ "$QRC" -eq 124 ] || [ "$QRC" -eq 137 ] && echo yes || echo no)"
		echo "kernel_problem=$problem"
		echo "marker=$([ -n "$marker" ] && echo yes || echo no)"
		echo "status=${marker:+$status}"
		echo "init_s=$init_t"
		echo "done_s=$end_t"
		echo "wall_s=$(( SECONDS - START ))"
		echo "retries=$RETRIES"
	} >"$LOGDIR/verdict"
}

report()
{
	local init_t end_t marker status verdict=0
	init_t=$(sed -n 's/.*havege-vm: init at \([0-9.]*\) s.*/\1/p' "$CONSOLE" | head -n1)
	end_t=$(sed -n 's/.*havege-vm: command exited with [0-9]* at \([0-9.]*\) s.*/\1/p' \
		"$CONSOLE" | head -n1)
	vm_log "$KERNELRELEASE: /init at ${init_t:-?} s, command done at ${end_t:-?} s" \
		"(guest uptime); VM wall time $(( SECONDS - START )) s"
	marker=$(tr -d '\r' <"$RESULTS" | grep -a "^HAVEGE-VM-END $NONCE status=" | tail -n1 || true)
	status=${marker##*status=}
	if [ "$QRC" -eq 124 ] || [ "$QRC" -eq 137 ]; then
		vm_log "FAIL: VM timed out after $TIMEOUT s"
		verdict=2
	elif [ "$QRC" -ne 0 ]; then
		vm_log "FAIL: qemu exited with $QRC: $(head -c 400 "$LOGDIR/qemu.log")"
		verdict=2
	fi
	if grep -aEq "$BAD" "$CONSOLE"; then
		vm_log "FAIL: kernel reported a problem:"
		grep -aE -m 5 "$BAD" "$CONSOLE" | tr -d '\r' >&2
		verdict=2
	fi
	if [ -z "$marker" ]; then
		vm_log "FAIL: no end-of-results marker (guest crashed or hung)"
		verdict=2
	elif [ "$verdict" -eq 0 ] && [ "$status" != 0 ]; then
		vm_log "FAIL: guest command exited with status $status"
		verdict=1
	fi
	[ "$verdict" -eq 0 ] || vm_log "logs: $CONSOLE $RESULTS"
	write_verdict
	return "$verdict"
}

# One VM at a time on this machine, whoever starts it.
mkdir -p "$CACHE"
exec 9>"$CACHE/vm.lock"
if ! flock -n 9; then
	vm_log "waiting for another VM to finish (lock $CACHE/vm.lock)"
	flock -w 3600 9 || vm_die "timed out waiting for another VM to finish"
fi
# early_crash: the kernel died before /init (an oops or panic in the
# console and no line from /init): nothing of ours was loaded or run yet.
# TCG occasionally shows this on a loaded host (7.x: "Oops: int3" from a
# stale breakpoint of the kernel's own code patching while it boots).
early_crash()
{
	[ "$QRC" -ne 124 ] && [ "$QRC" -ne 137 ] &&
		! grep -aq 'havege-vm: init at' "$CONSOLE" &&
		grep -aEq "$BAD" "$CONSOLE"
}

build_initramfs
START=$SECONDS
run_qemu
RETRIES=0
if early_crash; then
	vm_log "kernel crashed before /init ($(grep -aE -m 1 "$BAD" "$CONSOLE" |
		tr -d '\r')): booting once more; first console kept in console-1.log"
	mv "$CONSOLE" "$LOGDIR/console-1.log"
	RETRIES=1
	START=$SECONDS
	run_qemu
fi
rc=0
report || rc=$?
# The initramfs is only worth keeping for a post-mortem.
[ "$rc" -ne 0 ] || rm -rf "$STAGE" "$LOGDIR/initramfs.cpio"
exit "$rc"
