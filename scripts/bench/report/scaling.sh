# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: its variables and helpers (lib.sh)
#
# scripts/bench/report.sh, section scaling: readers and collection buffer (scaling.tsv) into report.md,
# the summary and the targets.

sec_scaling()
{
	local f=$out/scaling.tsv
	echo "## Scaling (VM): readers and collection buffer" >> "$md"
	echo >> "$md"
	if ! have scaling; then
		not_run scaling.tsv vm
		return
	fi
	cols "$f" '$c["seconds"] > 0 {
		k = $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["buffer_kb"] "|" $c["readers"]
		print k, $c["bytes"] / 1048576 / $c["seconds"]
	}' | stats > "$tmp/sc"
	cols "$f" '$c["daemon_cpu_s"] != "NA" && $c["seconds"] > 0 {
		print $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["buffer_kb"] "|" $c["readers"],
			100 * $c["daemon_cpu_s"] / $c["seconds"]
	}' | stats > "$tmp/sc.cpu"
	cols "$f" '$c["startup_s"] != "NA" {
		print $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["buffer_kb"], $c["startup_s"]
	}' | stats > "$tmp/sc.start"
	# shellcheck disable=SC2129 # the tables come from different pipelines
	cat >> "$md" <<-'EOF'
	MiB/s from `/dev/hwrng` (havege current) with 1, 2, 4 concurrent readers
	and each collection buffer size (`-b`), the daemon's CPU as % of the wall
	time, and its start-up time (start to registration) per buffer size;
	median (min-max).

	EOF
	awk -F'\t' -v OFS='\t' '
	FILENAME ~ /cpu$/ { cpu[$1] = sprintf("%.1f", $3); next }
	{
		split($1, k, "|")
		print k[1], k[2], k[3], k[4], k[5], $2,
			sprintf("%.3f (%.3f-%.3f)", $3, $4, $5), ($1 in cpu) ? cpu[$1] : "NA"
	}' "$tmp/sc.cpu" "$tmp/sc" | sort -t "$tab" -k1,1 -k2,2n -k3,3 -k4,4n -k5,5n |
		table kernel vCPUs CPU "buffer KiB" readers runs "MiB/s" "daemon CPU %" >> "$md"
	echo >> "$md"
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|"); print k[1], k[2], k[3], k[4], $2,
		sprintf("%.3f (%.3f-%.3f)", $3, $4, $5) }' "$tmp/sc.start" |
		sort -t "$tab" -k1,1 -k2,2n -k3,3 -k4,4n |
		table kernel vCPUs CPU "buffer KiB" runs "start-up, s" >> "$md"
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|")
		print k[5], k[1] " " k[2] "vcpu " k[3] " -b " k[4], $3, $4, $5 }' "$tmp/sc" |
		sort -t "$tab" -k1,1n -s | pivot > "$tmp/sc.dat"
	awk -F'\t' '
	FILENAME ~ /start$/ { st[$1] = $3; next }
	{ split($1, k, "|"); g = k[1] "|" k[2] "|" k[3] "|" k[4]; f[g] = f[g] sprintf(", %s: %.3f", k[5], $3) }
	END { for (g in f) { split(g, k, "|")
		printf "%s %svcpu %s -b %s\treaders %s MiB/s; start-up %s s\n", k[1], k[2], k[3], k[4],
			substr(f[g], 3), (g in st) ? sprintf("%.3f", st[g]) : "NA" } }' \
		"$tmp/sc.start" "$tmp/sc" | sort | summary scaling
	lines "$tmp/sc.dat" "$out/scaling-readers.png" "Throughput vs concurrent readers (median, min-max)" "MiB/s" "readers"
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|")
		print k[4], k[1] " " k[2] "vcpu " k[3] " x" k[5], $3, $4, $5 }' "$tmp/sc" |
		sort -t "$tab" -k1,1n -s | pivot > "$tmp/sc.buf.dat"
	lines "$tmp/sc.buf.dat" "$out/scaling-buffer.png" "Throughput vs collection buffer, by readers (median, min-max)" "MiB/s" "buffer, KiB" logx
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|"); print k[4], k[1] " " k[2] "vcpu " k[3], $3, $4, $5 }' \
		"$tmp/sc.start" | sort -t "$tab" -k1,1n -s | pivot > "$tmp/sc.start.dat"
	lines "$tmp/sc.start.dat" "$out/scaling-startup.png" "Start-up time vs collection buffer (median, min-max)" "seconds" "buffer, KiB" logx
}
