#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# TAP: havege-ais31 --sp800-90b against NIST's reference tool.  Every input
# of tests/data/sp90b/expected.tsv (written by sp90b-gen from a fixed seed,
# or a recording tests/data/sp90b/NAME.bin.xz: rdtsc deltas of a tight
# loop, and residual deltas of havege-hwrngd --record-raw in a TCG guest
# (tcg), under QEMU -icount (icount) and in an arm64 TCG guest, timer
# cntvct (cntvct)) is checked
# to be the very bytes NIST's ea_non_iid assessed (SHA-256), then every
# line of our report is compared with the tool's value: the ten
# estimators on the samples and on the bit string, H_original,
# H_bitstring and the assessed min-entropy; "n/a" must meet "n/a".
#
# Tolerance 1e-8 (absolute).  We print 9 decimals (rounding <= 5e-10)
# and the tool 17 digits; on the reference machine the two agree bit for
# bit (docs/sp800-90b.md), so what the tolerance leaves room for is only
# another libm's log2/log2l/pow in the last ulps, carried through the
# bisections (which stop within 4 ulps).  A real difference is much
# larger: one count off in 8,000,000 bits moves a bit-string estimate by
# ~3e-7, in 1,000,000 samples a literal one by ~1e-6.
#
# Then the command line: exit 1 below 1,000,000 samples unless --short,
# exit 2 for usage errors and a byte wider than --bits.
# Anything missing (program, generator, data) fails; nothing is skipped.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${HBUILD:-$top/build/native}
ais=$bin/havege-ais31
gen=$bin/sp90b-gen
exp=$top/tests/data/sp90b/expected.tsv
tol=1e-8
tmp=$(mktemp -d /tmp/sp90b-kat.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=tests/lib/tap.sh
. "$top/tests/lib/tap.sh"
TAP_TAIL=10

# input NAME: write the input NAME to $tmp/NAME
input() {
	if [ -r "$top/tests/data/sp90b/$1.bin.xz" ]; then
		xz -dc "$top/tests/data/sp90b/$1.bin.xz" >"$tmp/$1"
	else
		"$gen" "$1" "$tmp/$1"
	fi
}

for f in "$ais" "$gen"; do
	[ -x "$f" ]
	tap_result $? "$f is built"
done
[ -r "$exp" ] && grep -q '^rdtsc	' "$exp"
tap_result $? "$exp is there"

files=$(awk -F'\t' '!/^#/ && !seen[$1]++ { print $1 ":" $2 }' "$exp")
for x in $files; do
	f=${x%:*}
	b=${x#*:}
	sum=$(awk -F'\t' -v f="$f" '$1 == f && $3 == "sha256" { print $4 }' "$exp")
	input "$f" && [ "$(sha256sum <"$tmp/$f" | cut -d' ' -f1)" = "$sum" ]
	tap_result $? "$f: the bytes NIST assessed (sha256 $sum)"
	short=
	[ "$(wc -c <"$tmp/$f")" -lt 1000000 ] && short=--short
	# shellcheck disable=SC2086 # $short is one word or none
	"$ais" --sp800-90b --bits "$b" $short "$tmp/$f" >"$tmp/$f.out" 2>&1
	rc=$?
	[ "$rc" = 0 ]
	tap_result $? "$f: havege-ais31 --sp800-90b --bits $b $short exits 0 ($rc)"
	# One line per expected key: ours and NIST's, or a reason.
	awk -F'\t' -v f="$f" -v tol="$tol" -v out="$tmp/$f.out" '
	BEGIN {
		while ((getline l < out) > 0) {
			if (l ~ /^min-entropy: .* bits per sample$/)
				sub(/ bits per sample$/, "", l)
			if (split(l, kv, ": ") == 2)
				ours[kv[1]] = kv[2]
		}
	}
	$1 == f && $3 != "sha256" {
		k = $3; want = $4
		if (!(k in ours)) { print "1\t" k ": missing (NIST " want ")"; next }
		got = ours[k]; delete ours[k]
		if (want == "n/a" || got == "n/a") {
			print (want == got ? 0 : 1) "\t" k ": " got " (NIST " want ")"
			next
		}
		d = got - want; if (d < 0) d = -d
		print (d <= tol + 0 ? 0 : 1) "\t" k ": " got " (NIST " want ", |diff| " sprintf("%.1e", d) ")"
	}
	END {
		delete ours["samples"]; delete ours["bits"]; delete ours["distinct-values"]
		for (k in ours) print "1\t" k ": not in NIST'"'"'s results"
	}' "$exp" >"$tmp/$f.cmp"
	while IFS='	' read -r st desc; do
		tap_result "$st" "$f: $desc"
	done <"$tmp/$f.cmp"
	[ "$rc" = 0 ] || sed 's/^/# /' "$tmp/$f.out" | head -n 10
done

# Command line.
head -c 999999 "$tmp/iid8" >"$tmp/short" 2>/dev/null
is 1 '999999 samples, SP 800-90B needs 1000000 \(--short' \
	"$ais" --sp800-90b "$tmp/short"
is 0 '^min-entropy: [0-9.]+ bits per sample$' \
	"$ais" --sp800-90b --short --bits 8 "$tmp/short"
printf '\001\017\002' >"$tmp/wide"
is 2 'byte 1 is 0x0f, more than 3 bits' "$ais" --sp800-90b --bits 3 "$tmp/wide"
is 2 'bad --bits 9' "$ais" --sp800-90b --bits 9 "$tmp/iid8"
is 2 'bad --bits 0' "$ais" --sp800-90b --bits 0 "$tmp/iid8"
is 2 'need --sp800-90b' "$ais" --bits 8 -A "$tmp/iid8"
is 2 'excludes -A' "$ais" --sp800-90b -A "$tmp/iid8"
is 2 'excludes' "$ais" --sp800-90b --lsb "$tmp/iid8"
is 2 'exactly one FILE' "$ais" --sp800-90b
is 2 'No such file' "$ais" --sp800-90b "$tmp/none"
printf '\001' >"$tmp/one"
is 1 '1 samples, SP 800-90B needs 2$' "$ais" --sp800-90b --short "$tmp/one"
head -c 70000 /dev/zero | tr '\0' '\132' >"$tmp/const"
is 0 '^min-entropy: 0.000000000 bits per sample$' \
	"$ais" --sp800-90b --short "$tmp/const"
is 0 '^bitstring.markov: [0-9.]+$' sh -c "\"$ais\" --sp800-90b --short - <\"$tmp/short8\""

echo "1..$n"
