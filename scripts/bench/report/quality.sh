# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: its variables and helpers (lib.sh)
#
# scripts/bench/report.sh, section quality: statistical quality (quality.tsv) into report.md,
# the summary and the targets.

sec_quality()
{
	local f=$out/quality.tsv
	echo "## Statistical quality: havege-hwrngd beside haveged" >> "$md"
	echo >> "$md"
	if ! have quality; then
		not_run quality.tsv quality
		target "not run" "dieharder: failed(ours) <= failed(haveged), passed(ours) >= passed(haveged) - 2" "no quality.tsv"
		return
	fi
	cat >> "$md" <<-'EOF'
	Output of both generators from the same run (`scripts/bench/quality.sh`;
	exact commands below): ent on the sample file (chi-square verdict pass for
	0.01 <= p <= 0.99), `havege-ais31 -A -B` on each disjoint 2 MiB block
	(counts of blocks), dieharder on fresh streams (counts of tests).

	EOF
	cols "$f" '{ k = $c["test"] "\t" $c["statistic"]
		if (!(k in seen)) { seen[k] = ++n; ks[n] = k }
		v[k, $c["generator"]] = $c["value"] ($c["verdict"] == "NA" ? "" : " (" $c["verdict"] ")")
	}
	END { for (i = 1; i <= n; i++) {
		a = ((ks[i], "havege-hwrngd") in v) ? v[ks[i], "havege-hwrngd"] : "NA"
		b = ((ks[i], "haveged") in v) ? v[ks[i], "haveged"] : "NA"
		print ks[i], a, b } }' | table test statistic havege-hwrngd haveged >> "$md"
	cols "$f" '{ v[$c["generator"], $c["test"], $c["statistic"]] = $c["value"]; g[$c["generator"]] = 1 }
	END { for (x in g) printf "%s\tent chi-square p %s; AIS 31 failed blocks A %s, B %s; dieharder %s passed, %s weak, %s failed\n",
		x, v[x, "ent", "chisq_p"], v[x, "ais31-A", "failed"], v[x, "ais31-B", "failed"],
		v[x, "dieharder", "passed"], v[x, "dieharder", "weak"], v[x, "dieharder", "failed"] }' |
		sort | summary quality
	cols "$f" '$c["test"] == "dieharder" { print $c["statistic"], $c["generator"], $c["value"], $c["value"], $c["value"] }' |
		pivot > "$tmp/dh.dat"
	if [ "$(wc -l < "$tmp/dh.dat")" -gt 1 ]; then
		bars "$tmp/dh.dat" "$out/dieharder.png" "dieharder results (counts of tests)" "tests"
	fi
	cols "$f" '$c["test"] == "dieharder" { v[$c["generator"], $c["statistic"]] = $c["value"] }
	END {
		if (!(("havege-hwrngd", "failed") in v) || !(("haveged", "failed") in v)) {
			print "not run\tno dieharder rows for both generators"; exit
		}
		of = v["havege-hwrngd", "failed"]; pf = v["haveged", "failed"]
		op = v["havege-hwrngd", "passed"]; pp = v["haveged", "passed"]
		printf "%s\tours %d passed, %d weak, %d failed; haveged %d passed, %d weak, %d failed\n",
			(of <= pf && op >= pp - 2) ? "met" : "missed",
			op, v["havege-hwrngd", "weak"], of, pp, v["haveged", "weak"], pf
	}' > "$tmp/q.t"
	target "$(cut -f1 "$tmp/q.t")" \
		"dieharder: failed(ours) <= failed(haveged), passed(ours) >= passed(haveged) - 2" \
		"$(cut -f2- "$tmp/q.t")" dieharder.png
}
