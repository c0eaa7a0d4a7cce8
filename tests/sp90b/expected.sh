#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate tests/data/sp90b/expected.tsv from NIST's reference tool:
#
#   tests/sp90b/expected.sh EA_NON_IID SP90B_GEN > tests/data/sp90b/expected.tsv
#
# EA_NON_IID: cpp/ea_non_iid of usnistgov/SP800-90B_EntropyAssessment
# (docs/sp800-90b.md says how it was built); SP90B_GEN: build/native/sp90b-gen.
# NIST_COMMIT: the tool's commit when its tree is not a git checkout.
# Each input is assessed with `ea_non_iid -vv FILE BITS` (initial entropy,
# all bits of the bit string, every value printed with %.17g); its
# "<Literal|Bitstring> <estimator> Estimate: min entropy = X" lines become
# rows "FILE BITS KEY X" with the keys havege-ais31 --sp800-90b prints,
# "n/a" where the tool printed no value.
set -eu

nist=$1
gen=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d /tmp/sp90b-expected.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

src=$(cd "$(dirname "$nist")/.." && pwd)
ver=$("$nist" --version 2>/dev/null | head -n 1 || true)
commit=${NIST_COMMIT:-$(git -C "$src" rev-parse HEAD 2>/dev/null || echo "(commit unknown)")}
printf '# ea_non_iid -vv FILE BITS: %s, usnistgov/SP800-90B_EntropyAssessment %s\n' "$ver" "$commit"
printf '# file\tbits\tkey\tvalue\n'

for x in iid8:8 markov1:1 markov4:4 periodic6:6 twolevel8:8 short8:8 rdtsc:8 tcg:8 icount:8 cntvct:8; do
	f=${x%:*}
	b=${x#*:}
	if [ -r "$top/tests/data/sp90b/$f.bin.xz" ]; then
		xz -dc "$top/tests/data/sp90b/$f.bin.xz" >"$tmp/$f"
	else
		"$gen" "$f" "$tmp/$f"
	fi
	printf '%s\t%s\tsha256\t%s\n' "$f" "$b" "$(sha256sum <"$tmp/$f" | cut -d' ' -f1)"
	(cd "$tmp" && "$nist" -vv "$f" "$b") >"$tmp/out"
	awk -v f="$f" -v b="$b" '
	BEGIN {
		split("most-common-value collision markov compression t-tuple lrs multi-mcw lag multi-mmc lz78y", key, " ")
		split("Most Common Value|Collision|Markov|Compression|t-Tuple|LRS|MultiMCW Prediction|Lag Prediction|MultiMMC Prediction|LZ78Y Prediction", name, "|")
		for (i = 1; i <= 10; i++) idx[name[i]] = i
	}
	/^(Literal|Bitstring) .* Estimate: min entropy = / {
		est = $0
		sub(/^(Literal|Bitstring) /, "", est)
		sub(/ Estimate: min entropy = .*/, "", est)
		if (!(est in idx)) { print "unknown estimator " est > "/dev/stderr"; exit 1 }
		pre = ($1 == "Bitstring") ? "bitstring." : ""
		val[pre key[idx[est]]] = $NF
	}
	/^H_original = / { val["h-original"] = $NF }
	/^H_bitstring = / { val["h-bitstring"] = $NF }
	/^Assessed min entropy: / { val["min-entropy"] = $NF }
	END {
		for (p = 0; p < 2; p++)
			for (i = 1; i <= 10; i++) {
				k = (p ? "bitstring." : "") key[i]
				printf "%s\t%s\t%s\t%s\n", f, b, k, (k in val) ? val[k] : "n/a"
			}
		split("h-original h-bitstring min-entropy", t, " ")
		for (i = 1; i <= 3; i++)
			printf "%s\t%s\t%s\t%s\n", f, b, t[i], (t[i] in val) ? val[t[i]] : "n/a"
	}' "$tmp/out"
done
