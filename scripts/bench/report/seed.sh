# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: its variables and helpers (lib.sh)
#
# scripts/bench/report.sh, section seed: time to seed (seed.tsv) into report.md,
# the summary and the targets.

sec_seed()
{
	local f=$out/seed.tsv
	echo "## Time to seed" >> "$md"
	echo >> "$md"
	if ! have seed; then
		not_run seed.tsv seed
		target "not run" "ready within 1 s of daemon start (hwrngd-module, every cell, median)" "no seed.tsv"
		target "not run" "hwrngd-module ahead of every peer (median < each peer's min, same cell)" "no seed.tsv"
		return
	fi
	cols "$f" '{ print $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["method"], $c["from_start_s"] }' |
		stats > "$tmp/seed.start"
	cols "$f" '$c["ready"] == 1 { print $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["method"], $c["from_boot_s"] }' |
		stats > "$tmp/seed.boot"
	cols "$f" '{ k = $c["kernel"] "|" $c["vcpus"] "|" $c["cpu"] "|" $c["method"]; n[k]++; r[k] += $c["ready"] }
		END { for (k in n) print k, r[k] "/" n[k] }' > "$tmp/seed.ready"
	cat >> "$md" <<-'EOF'
	Seconds from daemon start (and from boot) until `getrandom(GRND_NONBLOCK)`
	succeeds, median (min-max) over the repetitions; a repetition that never
	got ready counts as the window (a lower bound; "ready" says how many did).
	The peers of the target "ahead of every peer" are all methods but
	hwrngd-* and initramfs (ours): none, kernel-jitter, pump, haveged, rngd,
	jitterentropy-rngd, each where it was measured in the same cell.

	EOF
	awk -F'\t' -v OFS='\t' '
	FILENAME ~ /ready$/ { rd[$1] = $2; next }
	FILENAME ~ /boot$/ { bt[$1] = sprintf("%.3f (%.3f-%.3f)", $3, $4, $5); next }
	{
		split($1, k, "|")
		print k[1], k[2], k[3], k[4], rd[$1],
			sprintf("%.3f (%.3f-%.3f)", $3, $4, $5), ($1 in bt) ? bt[$1] : "NA"
	}' "$tmp/seed.ready" "$tmp/seed.boot" "$tmp/seed.start" |
		table kernel vCPUs CPU method ready "from start, s" "from boot, s" >> "$md"
	awk -F'\t' -v OFS='\t' '{ split($1, k, "|"); print k[1] " " k[2] "vcpu " k[3], k[4], $3, $4, $5 }' \
		"$tmp/seed.start" | pivot > "$tmp/seed.dat"
	bars "$tmp/seed.dat" "$out/seed.png" "Time to seed from daemon start (median, min-max)" "seconds" log
	awk -F'\t' '
	{ split($1, k, "|"); cell = k[1] " " k[2] "vcpu " k[3]; cells[cell] = 1 }
	k[4] == "hwrngd-module" { ours[cell] = $3; next }
	k[4] !~ /^hwrngd-/ && k[4] != "initramfs" && (!(cell in best) || $3 < best[cell]) { best[cell] = $3; bm[cell] = k[4] }
	END {
		for (cell in cells)
			printf "%s\thwrngd-module %s s, fastest other %s\n", cell,
				(cell in ours) ? sprintf("%.3f", ours[cell]) : "NA",
				(cell in best) ? sprintf("%s %.3f s", bm[cell], best[cell]) : "none"
	}' "$tmp/seed.start" | sort | summary seed

	# Targets: the worst cell of hwrngd-module; each peer's min per cell.
	awk -F'\t' '
	{ split($1, k, "|"); cell = k[1] " " k[2] "vcpu " k[3] }
	k[4] == "hwrngd-module" {
		ours[cell] = $3
		if (worst == "" || $3 > worst) { worst = $3; wc = cell }
		next
	}
	k[4] !~ /^hwrngd-/ && k[4] != "initramfs" { peer[cell, k[4]] = $4; peers[cell] = peers[cell] " " k[4] }
	END {
		if (worst == "") {
			print "not run\tno hwrngd-module rows"
			print "not run\tno hwrngd-module rows"
			exit
		}
		printf "%s\tworst cell median %.3f s (%s); target <= 1.000 s\n",
			worst <= 1 ? "met" : "missed", worst, wc
		behind = ""; np = 0; margin = ""
		for (cell in ours) {
			n = split(peers[cell], p, " ")
			for (i = 1; i <= n; i++) {
				np++
				m = peer[cell, p[i]]
				if (ours[cell] >= m)
					behind = behind sprintf("; %s: %s min %.3f s <= ours %.3f s", cell, p[i], m, ours[cell])
				else if (margin == "" || m - ours[cell] < margin) {
					margin = m - ours[cell]
					mf = sprintf("%s min %.3f s vs ours %.3f s (%s)", p[i], m, ours[cell], cell)
				}
			}
		}
		if (np == 0)
			print "not run\tno peer in the cells of hwrngd-module"
		else if (behind != "")
			print "missed\tbehind" substr(behind, 2)
		else
			print "met\tclosest peer: " mf
	}' "$tmp/seed.start" > "$tmp/seed.t"
	target "$(sed -n '1s/\t.*//p' "$tmp/seed.t")" \
		"ready within 1 s of daemon start (hwrngd-module, every cell, median)" \
		"$(sed -n '1s/^[^\t]*\t//p' "$tmp/seed.t")" seed.png
	target "$(sed -n '2s/\t.*//p' "$tmp/seed.t")" \
		"hwrngd-module ahead of every peer (median < each peer's min, same cell)" \
		"$(sed -n '2s/^[^\t]*\t//p' "$tmp/seed.t")" seed.png
}
