# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: its variables and helpers (lib.sh)
#
# scripts/bench/report.sh, section host: output mode by CPU time on the host (host.tsv) into report.md,
# the summary and the targets.

sec_host()
{
	local f=$out/host.tsv
	echo "## Output mode on the host: havege-hwrngd vs haveged" >> "$md"
	echo >> "$md"
	if ! have host; then
		not_run host.tsv host
		target "not run" "continuous A+B >= 10x haveged -o tca8b, bytes per CPU-second" "no host.tsv"
		return
	fi
	cols "$f" '$c["cpu_s"] > 0 { print $c["program"] "|" $c["mode"], $c["bytes"] / 1048576 / $c["cpu_s"] }' |
		stats > "$tmp/host.cpu"
	cols "$f" '$c["wall_s"] > 0 { print $c["program"] "|" $c["mode"], $c["bytes"] / 1048576 / $c["wall_s"] }' |
		stats > "$tmp/host.wall"
	cols "$f" '{ print $c["program"] "|" $c["mode"], $c["max_rss_kb"] }' | stats > "$tmp/host.rss"
	cols "$f" '{ print $c["program"] "|" $c["mode"], $c["bytes"] }' | stats > "$tmp/host.bytes"
	cat >> "$md" <<-'EOF'
	Output mode to /dev/null on this host (`scripts/bench/host.sh`): raw =
	start-up tests only (`-o ta8b`, haveged's default), ab = continuous
	procedures A (T5 in every 8th round) and B (ours `-o ca8b`, haveged
	`-o tca8b`), conditioned = ours with `--condition` (output bytes; 640
	tested bytes hashed per output byte).  MiB of output per CPU-second
	(user + system) and per wall second, peak RSS; median (min-max).

	EOF
	paste "$tmp/host.cpu" "$tmp/host.wall" "$tmp/host.rss" "$tmp/host.bytes" |
		awk -F'\t' -v OFS='\t' '{
			split($1, k, "|")
			print k[1], k[2], $2, $18,
				sprintf("%.3f (%.3f-%.3f)", $3, $4, $5),
				sprintf("%.3f (%.3f-%.3f)", $8, $9, $10),
				sprintf("%d (%d-%d)", $13, $14, $15)
		}' | table program mode runs bytes "MiB per CPU-s" "MiB/s (wall)" "peak RSS, KiB" >> "$md"
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|"); print k[2], k[1], $3, $4, $5 }' "$tmp/host.cpu" |
		pivot > "$tmp/host.dat"
	bars "$tmp/host.dat" "$out/host.png" "Output mode on the host (median, min-max)" "MiB per CPU-second" log
	awk -F'\t' '{ split($1, k, "|"); v[k[2], k[1]] = $3; m[k[2]] = 1 }
	END { for (x in m) {
		o = ((x, "havege-hwrngd") in v) ? v[x, "havege-hwrngd"] : ""
		p = ((x, "haveged") in v) ? v[x, "haveged"] : ""
		printf "%s\tours %s, haveged %s MiB per CPU-s%s\n", x, o == "" ? "NA" : sprintf("%.3f", o),
			p == "" ? "NA" : sprintf("%.3f", p), (o != "" && p != "") ? sprintf(" (%.2fx)", o / p) : ""
	} }' "$tmp/host.cpu" | sort | summary host
	awk -F'\t' '
	$1 == "havege-hwrngd|ab" { o = $3; olo = $4; ohi = $5 }
	$1 == "haveged|ab" { p = $3; plo = $4; phi = $5 }
	END {
		if (o == "" || p == "") { print "not run\tno ab rows for both programs"; exit }
		r = o / p
		printf "%s\t%.2fx (%.2f-%.2fx): ours %.3f MiB per CPU-s, haveged %.3f\n",
			(r >= 10 ? "met" : "missed"), r, olo / phi, ohi / plo, o, p
	}' "$tmp/host.cpu" > "$tmp/host.t"
	target "$(cut -f1 "$tmp/host.t")" "continuous A+B >= 10x haveged -o tca8b, bytes per CPU-second" \
		"$(cut -f2- "$tmp/host.t")" host.png
}
