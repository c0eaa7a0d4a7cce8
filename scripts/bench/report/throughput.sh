# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: its variables and helpers (lib.sh)
#
# scripts/bench/report.sh, section throughput: /dev/hwrng throughput (throughput.tsv) into report.md,
# the summary and the targets.

sec_throughput()
{
	local f=$out/throughput.tsv
	echo "## Throughput of /dev/hwrng (VM)" >> "$md"
	echo >> "$md"
	if ! have throughput; then
		not_run throughput.tsv vm
		target "not run" "/dev/hwrng havege >= 90% of daemon-n and >= virtio-rng (same VM)" "no throughput.tsv"
		return
	fi
	cols "$f" '$c["seconds"] > 0 {
		print $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["source"] "|" $c["readers"],
			$c["bytes"] / 1048576 / $c["seconds"]
	}' | stats > "$tmp/tp"
	cols "$f" '$c["daemon_cpu_s"] != "NA" && $c["seconds"] > 0 {
		print $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["source"] "|" $c["readers"],
			100 * $c["daemon_cpu_s"] / $c["seconds"]
	}' | stats > "$tmp/tp.cpu"
	cat >> "$md" <<-'EOF'
	MiB/s read from `/dev/hwrng` with each source current, and the daemon's
	own output mode (`-n SIZE -f /dev/null`, source daemon-n) in the same VM;
	median (min-max) over the repetitions; daemon CPU as % of the wall time.

	EOF
	awk -F'\t' -v OFS='\t' '
	FILENAME ~ /cpu$/ { cpu[$1] = sprintf("%.1f", $3); next }
	{
		split($1, k, "|")
		print k[1], k[2], k[3], k[4], k[5], $2,
			sprintf("%.3f (%.3f-%.3f)", $3, $4, $5), ($1 in cpu) ? cpu[$1] : "NA"
	}' "$tmp/tp.cpu" "$tmp/tp" |
		table kernel vCPUs CPU source readers runs "MiB/s" "daemon CPU %" >> "$md"
	awk -F'\t' -v OFS='\t' '{
		split($1, k, "|")
		s = k[4] (k[5] == "NA" || k[5] == 1 ? "" : " x" k[5])
		print k[1] " " k[2] "vcpu " k[3], s, $3, $4, $5
	}' "$tmp/tp" | pivot > "$tmp/tp.dat"
	bars "$tmp/tp.dat" "$out/throughput.png" "Throughput by source (median, min-max)" "MiB/s" log
	awk -F'\t' '
	{ split($1, k, "|"); cell = k[1] " " k[2] "vcpu " k[3] }
	k[5] == "NA" || k[5] == 1 { f[cell] = f[cell] sprintf(", %s %.3f", k[4], $3) }
	END { for (cell in f) print cell "\t" substr(f[cell], 3) " MiB/s" }' "$tmp/tp" | sort | summary throughput

	# Target, per VM cell: havege (fewest readers) vs daemon-n and virtio-rng.
	awk -F'\t' '
	{
		split($1, k, "|"); cell = k[1] " " k[2] "vcpu " k[3]; s = k[4]
		r = k[5] == "NA" ? 0 : k[5]
		if (!((cell, s) in rd) || r < rd[cell, s]) { rd[cell, s] = r; v[cell, s] = $3 }
		cells[cell] = 1
	}
	END {
		n = 0; bad = ""; fig = ""
		for (cell in cells) {
			if (!((cell, "havege") in v)) continue
			h = v[cell, "havege"]; n++
			d = ((cell, "daemon-n") in v) ? v[cell, "daemon-n"] : ""
			w = ((cell, "virtio-rng") in v) ? v[cell, "virtio-rng"] : ""
			a = ((cell, "always-full") in v) ? sprintf(", always-full %.3f", v[cell, "always-full"]) : ""
			if (d == "" || w == "") { bad = bad "; " cell ": no " (d == "" ? "daemon-n" : "virtio-rng") " row"; continue }
			pct = 100 * h / d
			line = sprintf("%s: havege %.3f MiB/s = %.1f%% of daemon-n %.3f, virtio-rng %.3f%s", cell, h, pct, d, w, a)
			fig = fig "; " line
			if (pct < 90 || h < w) bad = bad "; " line
		}
		if (n == 0) print "not run\tno havege rows"
		else if (bad != "") print "missed\t" substr(bad, 3)
		else print "met\t" substr(fig, 3)
	}' "$tmp/tp" > "$tmp/tp.t"
	target "$(cut -f1 "$tmp/tp.t")" "/dev/hwrng havege >= 90% of daemon-n and >= virtio-rng (same VM)" \
		"$(cut -f2- "$tmp/tp.t")" throughput.png
}
