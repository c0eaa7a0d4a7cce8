#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# seed.sh [--quick] [--kernels "KEY..."] OUTDIR
#
# Time to seed (issue 13): how long after a method starts (and after boot)
# getrandom(GRND_NONBLOCK) first succeeds, in a quiet VM of tests/vm: no
# virtio-rng, random.trust_cpu=off random.trust_bootloader=off (boot.sh puts
# them on every command line; given here again so the measurement does not
# depend on it), plus "quiet" (a shorter emulated boot; the kernel's own
# messages do not go to the serial console).  One fresh VM per measurement,
# as a CRNG cannot be unseeded; the guest side is guest/seed-guest.sh.
# Methods:
#   none                nothing started
#   kernel-jitter       a blocking getrandom() started then (seedtool block):
#                       the kernel's own jitter-entropy loop
#   pump                the classic early-boot entropy pump, written here:
#                       `haveged -n 0 | seedtool credit 512`, each 64-byte
#                       block added with RNDADDENTROPY crediting 512 bits
#                       (8 bits per byte, the classic scripts' claim) until
#                       getrandom(GRND_NONBLOCK) succeeds
#   haveged             Debian's haveged -F -v 1 (its service's command)
#   rngd                rng-tools5 rngd -f, its default sources (hwrng, TPM,
#                       RDRAND); with no source (qemu64 has no RDRAND) it
#                       exits: noted, no row
#   jitterentropy-rngd  jitterentropy-rngd -v (-v is its foreground switch)
#   hwrngd-fallback     havege-hwrngd, no module loaded: RNDADDENTROPY
#   hwrngd-module       havege_hwrng.ko loaded, havege-hwrngd default
#   hwrngd-conditioned  module loaded, havege-hwrngd --condition
#   initramfs           the real boot of tests/system-boot.t (6.1,
#                       initramfs-tools, 2 vCPUs, max; seed-initramfs.sh):
#                       full plan only, when 6.1 is among its kernels;
#                       about 2 min (make deb, the DKMS build in the root,
#                       mkinitramfs, one boot: 115 s measured)
# Peers come from scripts/bench/peers.sh; havege-hwrngd from build/native
# (make helper); the module from tests/vm/build-module.sh KEY.
#
# Plan.  Each VM costs about 6 s of wall time on the 2-core machine this
# was written on (TCG boot to ~3.5 s guest uptime, QEMU start and stop, the
# initramfs; 10-11 s when other VMs and builds share the cores), plus the
# measurement; the window is 20 s (5 s for "none", which is not expected
# to seed: with trust_cpu=off an idle guest credits about one bit per 64
# interrupts; it did not seed within 5 s on 6.1, 2 vCPUs, max: its row is
# the window, ready 0).  180 VMs
# (every kernel x {1,2} vCPUs x {max,qemu64} x 9 methods) would take about
# 25 min, over the 15 min budget of this section, so:
#   full     every kernel x {2 vCPU max, 1 vCPU qemu64} x the 8 methods
#            other than "none" (80 VMs); "none" on every kernel, 2 vCPUs,
#            max (5); hwrngd-module on the two other cells of every kernel,
#            1 vCPU max and 2 vCPU qemu64 (10); reps 2 and 3 of the 8
#            methods on 6.1, 2 vCPUs, max (16): 111 VMs, about 15 min
#   --kernels "KEY..."  the full plan on these kernels only (e.g. "6.1"
#            for a shorter check: 35 VMs with the 6.1 reps, about 5 min)
#   --quick  6.1, {2 vCPU max, 1 vCPU qemu64}, all 9 methods once, window
#            5 s: 18 VMs, about 2.5 min (measured: 146 s inside boot.sh)
# The plan and its estimate are printed first, the actual time last.
#
# Output: OUTDIR/seed.tsv (schema of scripts/bench, header line first):
#   kernel vcpus cpu method rep from_start_s from_boot_s ready
# ready 0: from_start_s is the window, from_boot_s NA.  Logs under
# OUTDIR/logs/seed/: NAME.log (the guest's output: the method's log, dmesg
# lines, the result line), NAME.err (boot.sh), NAME/ (console, verdict),
# notes.txt (methods that could not run, e.g. rngd without a source), with
# NAME = KEY-vN-CPU-METHOD-rREP.
# Exit status: 0 when every VM gave a result or a note; 1 on a harness error
# (a VM that crashed, timed out or whose CRNG was ready at boot; a build or
# fetch failure); 2 on bad usage.  The run goes on after a failed VM and
# reports it at the end.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$top/$build ;; esac
vm=$top/tests/vm
CREDIT=512
KEYS="5.10 6.1 6.12 6.12-rt unstable"
SEEDING="kernel-jitter pump haveged rngd jitterentropy-rngd hwrngd-fallback
hwrngd-module hwrngd-conditioned"
METHODS="none $SEEDING"
# per-VM wall time (s) used for the estimate, measured (see the header)
VM_COST=6

die()
{
	echo "seed.sh: $*" >&2
	exit 1
}

usage()
{
	sed -n '4p' "$0" | sed 's/^# /usage: /' >&2
	echo "kernels: $KEYS" >&2
	exit 2
}

quick=
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--kernels) [ $# -ge 2 ] || usage; KEYS=${2//,/ }; shift ;;
	-*) usage ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 1 ] || usage
out=$1

# plan: lines "KEY VCPUS CPU METHOD REP WINDOW".
plan()
{
	local k m cell rep
	if [ -n "$quick" ]; then
		for cell in "2 max" "1 qemu64"; do
			for m in $METHODS; do
				echo "6.1 $cell $m 1 5"
			done
		done
		return
	fi
	for k in $KEYS; do
		echo "$k 2 max none 1 $(window none)"
		for cell in "2 max" "1 qemu64"; do
			for m in $SEEDING; do
				echo "$k $cell $m 1 $(window "$m")"
			done
		done
		for cell in "1 max" "2 qemu64"; do
			echo "$k $cell hwrngd-module 1 $(window hwrngd-module)"
		done
	done
	case " $KEYS " in *" 6.1 "*) ;; *) return ;; esac
	for rep in 2 3; do
		for m in $SEEDING; do
			echo "6.1 2 max $m $rep $(window "$m")"
		done
	done
}

window()
{
	case $1 in
	none) echo 5 ;;
	*) echo 20 ;;
	esac
}

# estimate: seconds for the plan, VM_COST per VM plus the expected wait
# (the window for none, 2 s for the others).
estimate()
{
	plan | awk -v c="$VM_COST" '{ s += c + ($4 == "none" ? $6 : 2) }
		END { printf "%d", s }'
}

prepare()
{
	local d=$build/bench/seed/payload
	rm -rf "$d"
	mkdir -p "$d"
	[ -x "$build/native/havege-hwrngd" ] ||
		die "$build/native/havege-hwrngd missing (make helper)"
	cp "$build/native/havege-hwrngd" "$top/scripts/bench/guest/seed-guest.sh" "$d/"
	# Static: they need nothing from the host in the guest.
	gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
		-o "$d/seedwait" "$top/tests/hwrngd-vm/seedwait.c" ||
		die "cannot build seedwait"
	gcc -static -std=gnu11 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror \
		-Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
		-o "$d/seedtool" "$top/scripts/bench/seedtool.c" ||
		die "cannot build seedtool"
	PAYLOAD=$d
	PEERS=$("$top/scripts/bench/peers.sh") || die "scripts/bench/peers.sh failed"
	{
		echo "havege-hwrngd $("$d/havege-hwrngd" --version | head -n1)"
		cat "$PEERS/payload/VERSIONS"
		echo "pump credit: $CREDIT bits per 64 bytes"
	} >"$logs/versions.txt"
}

# modules: build the module for every kernel of the plan, into KO[KEY].
modules()
{
	local k
	for k in $(plan | cut -d ' ' -f 1 | sort -u); do
		KO[$k]=$("$vm/build-module.sh" "$k" 2>"$logs/build-$k.err") ||
			die "module build failed for $k (see $logs/build-$k.err)"
		[ -n "${KO[$k]}" ] || die "module build for $k printed no path"
	done
}

# measure KEY VCPUS CPU METHOD REP WINDOW: one VM; a seed.tsv row, a note
# or a harness error (counted in $errors).
measure()
{
	local k=$1 v=$2 c=$3 m=$4 r=$5 w=$6 name ko rc line
	local state fs fb
	name=$k-v$v-$c-$m-r$r
	ko=${KO[$k]}
	rc=0
	nice "$vm/boot.sh" --kernel "$k" --smp "$v" --cpu "$c" --mem 256 \
		--append "random.trust_cpu=off random.trust_bootloader=off quiet" \
		--module "$ko" --payload "$PAYLOAD" --payload "$PEERS/payload:/peers" \
		--run "/payload/seed-guest.sh $m $w $CREDIT" --timeout $((w + 120)) \
		--logdir "$logs/$name" >"$logs/$name.log" 2>"$logs/$name.err" || rc=$?
	vm_s=$((vm_s + $(sed -n 's/^wall_s=//p' "$logs/$name/verdict" 2>/dev/null || echo 0)))
	line=$(grep -a '^seed-result ' "$logs/$name.log" | tail -n1)
	if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
		read -r _ _ state fs fb _ <<<"$line"
		if [ "$state" = ready ]; then
			printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t1\n' "$k" "$v" "$c" "$m" "$r" "$fs" "$fb"
		else
			printf '%s\t%s\t%s\t%s\t%s\t%.3f\tNA\t0\n' "$k" "$v" "$c" "$m" "$r" "$fs"
		fi >>"$out/seed.tsv"
		echo "seed: $k $v $c $m $r: $state ${fs} s from start, ${fb} s from boot"
		return
	fi
	line=$(grep -a '^seed-failed ' "$logs/$name.log" | tail -n1)
	if [ "$rc" -eq 1 ] && [ -n "$line" ]; then
		echo "$k $v $c $m $r: ${line#seed-failed }" | tee -a "$logs/notes.txt" |
			sed 's/^/seed: could not run: /'
		return
	fi
	errors=$((errors + 1))
	echo "seed: HARNESS ERROR $k $v $c $m $r (boot.sh status $rc):" \
		"$(grep -a '^seed-error ' "$logs/$name.log" | tail -n1)" \
		"$(tail -n 3 "$logs/$name.err" | tr '\n' ' ')" >&2
}

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (make deps)"
logs=$out/logs/seed
rm -rf "$logs"
mkdir -p "$logs" || die "cannot create $logs"
prepare
declare -A KO
modules
n=$(plan | wc -l)
echo "seed: plan: $n VMs ($([ -n "$quick" ] && echo quick || echo full))," \
	"estimated $(($(estimate) / 60)) min $(($(estimate) % 60)) s of VM time" \
	"(${VM_COST} s per VM + the wait; VMs of other users not counted)"
plan | awk '{ c[$1 " " $2 "vCPU " $3] = c[$1 " " $2 "vCPU " $3] " " $4 ($5 > 1 ? "#" $5 : "") }
	END { for (k in c) print "seed: plan: " k ":" c[k] }' | sort
printf 'kernel\tvcpus\tcpu\tmethod\trep\tfrom_start_s\tfrom_boot_s\tready\n' >"$out/seed.tsv"
errors=0
vm_s=0
start=$SECONDS
while read -r k v c m r w; do
	measure "$k" "$v" "$c" "$m" "$r" "$w"
done < <(plan)
echo "seed: $n VMs in $((SECONDS - start)) s wall ($vm_s s inside boot.sh; the rest" \
	"waited for other users' VMs); estimate was $(estimate) s"
if [ -z "$quick" ] && [[ " $KEYS " == *" 6.1 "* ]]; then
	t0=$SECONDS
	"$top/scripts/bench/seed-initramfs.sh" "$out" || errors=$((errors + 1))
	echo "seed: initramfs boot in $((SECONDS - t0)) s wall"
fi
[ -s "$logs/notes.txt" ] && sed 's/^/seed: note: could not run: /' "$logs/notes.txt"
if [ "$errors" -gt 0 ]; then
	echo "seed: $errors harness error(s); see $logs" >&2
	exit 1
fi
exit 0
