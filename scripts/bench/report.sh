#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# report.sh: the report of one `make bench` run (issue 13).
#
#   scripts/bench/report.sh OUTDIR
#
# Reads every TSV of bench/README.md, "Result files" present in OUTDIR (seed, throughput,
# scaling, idle, host, quality), and run.tsv/sections.tsv written by run.sh
# (when, which commit, each section's status and time), computes median
# and spread (min-max) per group, draws PNG plots with gnuplot into OUTDIR,
# writes OUTDIR/report.md and prints the section table, a summary table
# (medians per group) and every target of the contract as "met", "missed"
# or "not run" with its figure.  Sections may add OUTDIR/logs/SECTION/
# commands.txt: report.md repeats it under "Commands".  A missing
# (or empty) TSV makes its section "not run"; nothing is ever filled in.
# Rates are MiB (2^20 bytes) per second; medians of an even count are the
# mean of the two middle values.
#
# Exit 0 when the report was written (whatever the verdicts), 1 when it
# could not be, 2 on bad usage.  Without gnuplot the tables are still
# written and each figure is marked "not drawn".
# shellcheck disable=SC2016 # cols and awk take their programs in single quotes
set -u

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
out=$(cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
export LC_ALL=C
tab=$'\t'
tmp=$(mktemp -d /tmp/bench-report.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
md=$tmp/report.md
targets=$tmp/targets	# verdict<TAB>target<TAB>figure<TAB>png
: > "$targets"
: > "$tmp/summary"
png_term=
if command -v gnuplot > /dev/null; then
	if [ -z "$(gnuplot -e 'set terminal pngcairo' 2>&1)" ]; then
		png_term='pngcairo font ",10"'
	else
		png_term=png
	fi
fi

# have NAME: NAME.tsv exists with at least one row.
have()
{
	[ -f "$out/$1.tsv" ] && [ "$(wc -l < "$out/$1.tsv")" -gt 1 ]
}

# cols FILE AWK-PROGRAM: run the program over FILE's rows with c["name"]
# the index of each header column, as in $c["bytes"].
cols()
{
	awk -F'\t' -v OFS='\t' -v OFMT=%.10g -v CONVFMT=%.10g \
		"NR == 1 { for (i = 1; i <= NF; i++) c[\$i] = i; next } $2" "$1"
}

# stats: stdin "key<TAB>value"; stdout "key<TAB>n<TAB>median<TAB>min<TAB>max"
# per key, keys in sorted order.
stats()
{
	sort -t "$tab" -k1,1 -k2,2g | awk -F'\t' -v OFS='\t' -v OFMT=%.10g '
	function flush() {
		if (!n) return
		med = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		print k, n, med, v[1], v[n]
	}
	$1 != k { flush(); k = $1; n = 0 }
	{ v[++n] = $2 }
	END { flush() }'
}

# summary SECTION: stdin "what<TAB>figure" lines into the summary table.
summary()
{
	awk -F'\t' -v OFS='\t' -v s="$1" '{ print s, $1, $2 }' >> "$tmp/summary"
}

# target VERDICT NAME FIGURE [PNG]
target()
{
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >> "$targets"
}

# pivot: stdin "x<TAB>series<TAB>median<TAB>min<TAB>max"; stdout a wide
# table "x s1 s1_min s1_max s2 ..." (NA where a pair is missing), x and
# series in order of first appearance.
pivot()
{
	awk -F'\t' '
	!($1 in xi) { xi[$1] = ++nx; xs[nx] = $1 }
	!($2 in si) { si[$2] = ++ns; ss[ns] = $2 }
	{ v[$1, $2] = $3 "\t" $4 "\t" $5 }
	END {
		printf "x"
		for (j = 1; j <= ns; j++) printf "\t%s\t%s_min\t%s_max", ss[j], ss[j], ss[j]
		print ""
		for (i = 1; i <= nx; i++) {
			printf "%s", xs[i]
			for (j = 1; j <= ns; j++)
				printf "\t%s", ((xs[i], ss[j]) in v) ? v[xs[i], ss[j]] : "NA\tNA\tNA"
			print ""
		}
	}'
}

# gp_head PNG TITLE YLABEL [W H]: the common start of a gnuplot script.
gp_head()
{
	cat <<-EOF
	set terminal $png_term size ${4:-1000},${5:-480}
	set output '$1'
	set datafile separator "\t"
	set datafile missing "NA"
	set title "$2" noenhanced
	set ylabel "$3" noenhanced
	set key outside right top noenhanced
	set grid ytics
	EOF
}

# bars DAT PNG TITLE YLABEL [log]: clustered bars, median with a min-max
# error bar, one cluster per row of DAT (from pivot), one bar per series.
bars()
{
	local ns
	ns=$(head -n 1 "$1" | awk -F'\t' '{ print (NF - 1) / 3 }')
	{
		gp_head "$2" "$3" "$4"
		echo 'set style data histograms'
		echo 'set style histogram errorbars gap 1 lw 1'
		echo 'set style fill solid 0.6 border -1'
		echo 'set xtics rotate by -25 noenhanced'
		if [ "${5:-}" = log ]; then
			echo 'set logscale y'
		else
			echo 'set yrange [0:*]'
		fi
		echo "plot for [i=0:$((ns - 1))] '$1' using (column(2+3*i)):(column(3+3*i)):(column(4+3*i)):xtic(1) title columnhead(2+3*i)"
	} > "$tmp/plot.gp"
	draw "$2"
}

# lines DAT PNG TITLE YLABEL XLABEL [logx]: median vs x with min-max error
# bars, one line per series (DAT from pivot; x numeric; logx: log2 axis).
lines()
{
	local ns
	ns=$(head -n 1 "$1" | awk -F'\t' '{ print (NF - 1) / 3 }')
	{
		gp_head "$2" "$3" "$4" 800 420
		echo "set xlabel \"$5\" noenhanced"
		echo 'set yrange [0:*]'
		echo 'set offsets graph 0.05, graph 0.05, 0, 0'
		if [ "${6:-}" = logx ]; then
			echo 'set logscale x 2'
		else
			echo 'set xtics 1'
		fi
		echo "plot for [i=0:$((ns - 1))] '$1' using 1:(column(2+3*i)):(column(3+3*i)):(column(4+3*i)) with yerrorlines title columnhead(2+3*i)"
	} > "$tmp/plot.gp"
	draw "$2"
}

# draw PNG: run $tmp/plot.gp; the figure's markdown line (or "not drawn").
draw()
{
	local name
	name=$(basename "$1")
	if [ -n "$png_term" ] && gnuplot "$tmp/plot.gp" > "$tmp/gp.err" 2>&1 &&
		[ -s "$1" ]; then
		printf '\n![%s](%s)\n\n' "$name" "$name" >> "$md"
		return 0
	fi
	printf '\n(Figure %s not drawn: %s.)\n\n' "$name" \
		"$([ -n "$png_term" ] && head -n 1 "$tmp/gp.err" || echo 'gnuplot is not installed')" >> "$md"
	rm -f "$1"
}

# table HEADER... : markdown table from stdin rows (tab-separated).
table()
{
	local h
	h=$(printf '| %s ' "$@")
	echo "$h|"
	printf '%s|\n' "$(printf '|---%.0s' "$@")"
	awk -F'\t' '{ s = "|"; for (i = 1; i <= NF; i++) s = s " " $i " |"; print s }'
}

not_run()
{
	printf 'Not run: %s is missing or has no rows%s.\n\n' "$1" \
		"$(section_note "$2")" >> "$md"
}

# section_note SECTION: ", section failed (...)" when run.sh says so.
section_note()
{
	[ -f "$out/sections.tsv" ] || return 0
	awk -F'\t' -v s="$1" '$1 == s && $2 != "ok" { printf " (section %s: %s)", s, $2 }' \
		"$out/sections.tsv"
}

# ---------------------------------------------------------------- seed
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

# ---------------------------------------------------------- throughput
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

# -------------------------------------------------------------- scaling
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

# ----------------------------------------------------------------- idle
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

# ----------------------------------------------------------------- host
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

# -------------------------------------------------------------- quality
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

# ------------------------------------------------------------- machine
# run_info KEY: a value run.sh recorded in run.tsv ("unknown" without it).
run_info()
{
	local v
	v=$(awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$out/run.tsv" 2>/dev/null)
	echo "${v:-unknown (no run.tsv)}"
}

machine()
{
	local qemu cpu commit
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	qemu=$(qemu-system-x86_64 --version 2>/dev/null | head -n 1)
	commit=$(awk -F'\t' '$1 == "commit" { print $2 }' "$out/run.tsv" 2>/dev/null)
	[ -n "$commit" ] || commit="$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown) (at report time)"
	echo "| | |"
	echo "|---|---|"
	echo "| run started (UTC) | $(run_info started) |"
	echo "| report written | $(date -u '+%F %T') |"
	echo "| git commit | $commit |"
	echo "| command | $(run_info command) |"
	echo "| nproc | $(nproc) |"
	echo "| CPU | ${cpu:-unknown} |"
	echo "| host kernel | $(uname -r) |"
	echo "| QEMU | ${qemu:-not installed} |"
	echo "| haveged | $(dpkg-query -W -f='${Version}' haveged 2>/dev/null || echo unknown) |"
	echo "| dieharder | $(dpkg-query -W -f='${Version}' dieharder 2>/dev/null || echo unknown) |"
}

sections()
{
	local s st
	for s in seed vm host quality; do
		st=$(awk -F'\t' -v s="$s" -v OFS='\t' '$1 == s { print $2, $3, $4 }' "$out/sections.tsv" 2>/dev/null)
		if [ -z "$st" ]; then
			case $s in
			seed) have seed && st="ran (no sections.tsv)" || st="not run" ;;
			vm) { have throughput || have idle || have scaling; } && st="ran (no sections.tsv)" || st="not run" ;;
			*) have "$s" && st="ran (no sections.tsv)" || st="not run" ;;
			esac
			st="$st${tab}NA${tab}NA"
		fi
		printf '%s\t%s\n' "$s" "$st"
	done
}

{
	echo "# havege-hwrng benchmark report"
	echo
	echo "Written by \`scripts/bench/report.sh\` from the TSV files in this directory"
	echo "(one \`make bench\` run; every figure and ratio comes from this run)."
	echo "How to read it: [bench/README.md](../../README.md)."
	echo
	machine
	echo
	echo "## Sections"
	echo
	sections | table section status "seconds" "budget, s"
	echo
} > "$md"
sec_seed
sec_throughput
sec_scaling
sec_idle
sec_host
sec_quality

{
	echo "## Summary"
	echo
	echo "Medians; the sections below give the spreads."
	echo
	if [ -s "$tmp/summary" ]; then
		table section group figure < "$tmp/summary"
	else
		echo "Nothing was measured."
	fi
	echo
	echo "## Targets"
	echo
	awk -F'\t' -v OFS='\t' '{ print $2, "**" $1 "**", $3, ($4 == "" ? "" : "[" $4 "](" $4 ")") }' "$targets" |
		table target verdict figure plot
	echo
	echo "## Commands"
	echo
	echo "Each section's scripts wrote the commands they ran into"
	echo "logs/SECTION/commands.txt; they are repeated here."
	for s in seed vm host quality; do
		if [ ! -s "$out/logs/$s/commands.txt" ]; then
			[ ! -d "$out/logs/$s" ] ||
				printf '\n### %s\n\nNo commands.txt: see scripts/bench/%s.sh and logs/%s/.\n' "$s" "$s" "$s"
			continue
		fi
		echo
		echo "### $s"
		echo
		echo '```'
		awk '!seen[$0]++' "$out/logs/$s/commands.txt" | sed "s|$top/||g"
		echo '```'
	done
} >> "$md"

# The targets go first in report.md, after the machine and sections.
awk '/^## Time to seed$/ { exit } { print }' "$md" > "$tmp/head.md"
awk '/^## Summary$/ { on = 1 } /^## Commands$/ { on = 0 } on' "$md" > "$tmp/targets.md"
awk '/^## Time to seed$/ { on = 1 } /^## Summary$/ { on = 0 } on' "$md" > "$tmp/body.md"
awk '/^## Commands$/ { on = 1 } on' "$md" > "$tmp/tail.md"
cat "$tmp/head.md" "$tmp/targets.md" "$tmp/body.md" "$tmp/tail.md" > "$out/report.md" || exit 1

echo "== bench report: $out/report.md"
sections | awk -F'\t' '{ printf "%-8s %-24s %8s s (budget %s s)\n", $1, $2, $3, $4 }'
echo "== summary (medians)"
awk -F'\t' '{ printf "%-10s %-34s %s\n", $1, $2, $3 }' "$tmp/summary"
echo "== targets"
awk -F'\t' '{ printf "%-8s %s: %s%s\n", $1, $2, $3, ($4 == "" ? "" : " [" $4 "]") }' "$targets"
