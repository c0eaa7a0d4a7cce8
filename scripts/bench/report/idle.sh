# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: its variables and helpers (lib.sh)
#
# scripts/bench/report.sh, section idle: idle cost and memory (idle.tsv) into report.md,
# the summary and the targets.

sec_idle()
{
	local f=$out/idle.tsv
	echo "## Idle cost and memory (VM)" >> "$md"
	echo >> "$md"
	if ! have idle; then
		not_run idle.tsv vm
		target "not run" "idle CPU < 0.1% (havege-hwrngd, every cell, median)" "no idle.tsv"
		target "not run" "idle wake-ups < 1/s (havege-hwrngd, every cell, median)" "no idle.tsv"
		target "not run" "steady RSS <= haveged's (same cell, medians)" "no idle.tsv"
		return
	fi
	local m
	for m in cpu wake peak steady; do
		cols "$f" 'BEGIN { m = "'"$m"'" } $c["seconds"] > 0 {
			k = $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["daemon"]
			if (m == "cpu") print k, 100 * $c["cpu_s"] / $c["seconds"]
			if (m == "wake") print k, $c["wakeups"] / $c["seconds"]
			if (m == "peak") print k, $c["rss_peak_kb"]
			if (m == "steady") print k, $c["rss_steady_kb"]
		}' | stats > "$tmp/idle.$m"
	done
	cat >> "$md" <<-'EOF'
	Each daemon alone in the VM, pool seeded, nobody reading: CPU time as %
	of the wall time, wake-ups (voluntary + involuntary context switches) per
	second, peak and steady RSS; median (min-max).

	EOF
	paste "$tmp/idle.cpu" "$tmp/idle.wake" "$tmp/idle.peak" "$tmp/idle.steady" |
		awk -F'\t' -v OFS='\t' '{
			split($1, k, "|")
			print k[1], k[2], k[3], k[4], $2,
				sprintf("%.3f (%.3f-%.3f)", $3, $4, $5),
				sprintf("%.2f (%.2f-%.2f)", $8, $9, $10),
				sprintf("%d (%d-%d)", $13, $14, $15),
				sprintf("%d (%d-%d)", $18, $19, $20)
		}' | table kernel vCPUs CPU daemon runs "CPU %" "wake-ups/s" "peak RSS, KiB" "steady RSS, KiB" >> "$md"
	paste "$tmp/idle.cpu" "$tmp/idle.wake" "$tmp/idle.steady" | awk -F'\t' '{ split($1, k, "|")
		printf "%s %svcpu %s %s\tCPU %.3f%%, %.2f wake-ups/s, steady RSS %d KiB\n",
			k[1], k[2], k[3], k[4], $3, $8, $13 }' | summary idle
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|"); print k[1] " " k[2] "vcpu " k[3], k[4], $3, $4, $5 }' \
		"$tmp/idle.cpu" | pivot > "$tmp/idle.cpu.dat"
	bars "$tmp/idle.cpu.dat" "$out/idle-cpu.png" "Idle CPU (median, min-max)" "% of one CPU"
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|"); print k[1] " " k[2] "vcpu " k[3], k[4], $3, $4, $5 }' \
		"$tmp/idle.steady" | pivot > "$tmp/idle.rss.dat"
	bars "$tmp/idle.rss.dat" "$out/idle-rss.png" "Steady RSS (median, min-max)" "KiB"

	awk -F'\t' '
	{ split($1, k, "|"); cell = k[1] " " k[2] "vcpu " k[3] }
	FILENAME ~ /cpu$/ && k[4] == "havege-hwrngd" { c[cell] = $3 }
	FILENAME ~ /wake$/ && k[4] == "havege-hwrngd" { w[cell] = $3 }
	FILENAME ~ /steady$/ { r[cell, k[4]] = $3; if (k[4] == "havege-hwrngd") cells[cell] = 1 }
	END {
		cv = ""; wv = ""
		for (cell in c) if (cv == "" || c[cell] > cv) { cv = c[cell]; cc = cell }
		for (cell in w) if (wv == "" || w[cell] > wv) { wv = w[cell]; wc = cell }
		if (cv == "") print "not run\tno havege-hwrngd rows"
		else printf "%s\tworst cell median %.3f%% (%s)\n", cv < 0.1 ? "met" : "missed", cv, cc
		if (wv == "") print "not run\tno havege-hwrngd rows"
		else printf "%s\tworst cell median %.2f/s (%s)\n", wv < 1 ? "met" : "missed", wv, wc
		n = 0; bad = ""; fig = ""
		for (cell in cells) {
			if (!((cell, "haveged") in r)) continue
			n++
			line = sprintf("%s: %d KiB vs haveged %d KiB", cell, r[cell, "havege-hwrngd"], r[cell, "haveged"])
			fig = fig "; " line
			if (r[cell, "havege-hwrngd"] > r[cell, "haveged"]) bad = bad "; " line
		}
		if (n == 0) print "not run\tno cell with both havege-hwrngd and haveged"
		else if (bad != "") print "missed\t" substr(bad, 3)
		else print "met\t" substr(fig, 3)
	}' "$tmp/idle.cpu" "$tmp/idle.wake" "$tmp/idle.steady" > "$tmp/idle.t"
	target "$(sed -n '1s/\t.*//p' "$tmp/idle.t")" "idle CPU < 0.1% (havege-hwrngd, every cell, median)" \
		"$(sed -n '1s/^[^\t]*\t//p' "$tmp/idle.t")" idle-cpu.png
	target "$(sed -n '2s/\t.*//p' "$tmp/idle.t")" "idle wake-ups < 1/s (havege-hwrngd, every cell, median)" \
		"$(sed -n '2s/^[^\t]*\t//p' "$tmp/idle.t")" idle-cpu.png
	target "$(sed -n '3s/\t.*//p' "$tmp/idle.t")" "steady RSS <= haveged's (same cell, medians)" \
		"$(sed -n '3s/^[^\t]*\t//p' "$tmp/idle.t")" idle-rss.png
}
