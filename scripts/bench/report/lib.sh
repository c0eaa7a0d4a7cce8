# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2016,SC2154 # sourced by report.sh: $out, $tmp, $md, $targets, $tab, $png_term
#
# Helpers of scripts/bench/report.sh and its sections (scripts/bench/report/*.sh):
# reading the TSVs by column name, medians and spreads, the summary and
# target lists, markdown tables and gnuplot figures.

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
