#!/bin/sh
# tests/plot_alike.sh - a plot a person can read when rows grew alike:
# eight containers of one pod whose kernel memory grew by the same bytes
# at every snapshot (their lines lie on one another), with cgroup paths
# that share their first 100 characters, drawn as SVG and read back:
# - eight lines of distinct pens (colour and dash), and each row's marks
#   on its line at its own places, so every row shows where they overlap;
# - eight legend entries that differ as drawn (cairo writes text as
#   glyph outlines: an entry is its sequence of glyphs);
# - y ticks at round values: 1, 2 or 5 times a power of ten in one unit
#   (K, M, G), as many labels as grid lines; x ticks at a round step of
#   time.
. "$top_srcdir/tests/lib.sh"

REC="$T_TMP/pod.jsonl"
SVG="$T_TMP/pod.svg"
pod=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5f1c2e0a_7b7d_4a8e_9c1e_3d2f6b8a9e41.slice
s=0
while [ $s -le 30 ]; do
	rows=
	for i in 1 2 3 4 5 6 7 8; do
		id=cri-containerd-$i$i$i${i}f00d.scope
		rows="$rows${rows:+,}{\"kernel\":$((50000000 + s * 3000000 + i * 4096)),\"slab_unreclaimable\":null,\"slab_reclaimable\":null,\"sock\":0,\"kernel_stack\":null,\"pagetables\":null,\"percpu\":null,\"vmalloc\":null,\"current\":null,\"max\":null,\"oom_kills\":0,\"psi_some_avg10\":null,\"name\":\"$id\",\"path\":\"$pod/$id\",\"row\":\"cgroup\"}"
	done
	printf '{"format":1,"time":%s,"view":"cgroup","host":"h","summary":{"hierarchy":"cgroup v2","root":"sys/fs/cgroup","cgroups":8,"truncated":false,"cgroups_at_least":8,"budget_spent":false,"unreadable_files":0},"rows":[%s]}\n' \
		$((1796600000 + s * 10)) "$rows"
	s=$((s + 1))
done > "$REC"

"$KMEMTOP" --replay "$REC" --view cgroup --plot "$SVG" 2> "$T_TMP/err" ||
	fail "--plot: exit $?, $(cat "$T_TMP/err")"

# 1. the lines' pens: stroked paths but the grid's grey and the frame's
# black, by colour and dash
awk '/<path style="fill:none;stroke-width:/ && !/stroke:rgb\((88%,88%,88%|0%,0%,0%)\)/ {
	c = $0; sub(/.*;stroke:/, "", c); sub(/;.*/, "", c)
	d = "none"
	if ($0 ~ /stroke-dasharray:/) { d = $0; sub(/.*stroke-dasharray:/, "", d); sub(/;.*/, "", d) }
	print c, d
}' "$SVG" | sort -u > "$T_TMP/pens"
[ "$(wc -l < "$T_TMP/pens")" -eq 8 ] && [ "$(cut -d' ' -f1 "$T_TMP/pens" | sort -u | wc -l)" -eq 8 ] &&
	[ "$(cut -d' ' -f2 "$T_TMP/pens" | sort -u | wc -l)" -ge 2 ] &&
	pass "eight lines, eight pens: $(tr '\n' ' ' < "$T_TMP/pens")" ||
	fail "the lines' pens (colour, dash): $(tr '\n' ' ' < "$T_TMP/pens")"

# 2. the marks (filled shapes) in the frame, x < 905: at least 3 of each
# line's colour, no two rows' at one place
awk '/<path style=" stroke:none;fill-rule:nonzero;fill:rgb/ {
	c = $0; sub(/.*;fill:/, "", c); sub(/;.*/, "", c)
	x = $0; sub(/.* d="M /, "", x); sub(/ .*/, "", x)
	if (x + 0 < 905) printf "%s %.0f\n", c, x
}' "$SVG" > "$T_TMP/marks"
ok=1
while read -r c d; do
	n=$(grep -c "^$c " "$T_TMP/marks")
	[ "$n" -ge 3 ] || { ok=0; fail "the line of $c $d: $n marks"; }
done < "$T_TMP/pens"
shared=$(cut -d' ' -f2 "$T_TMP/marks" | sort | uniq -d | head -3 | tr '\n' ' ')
[ -z "$shared" ] || { ok=0; fail "marks of rows at one place: x $shared"; }
[ $ok -eq 1 ] && pass "every row's marks on its line, $(wc -l < "$T_TMP/marks") in all, at places of their own"

# 3. the legend: the texts that start furthest right, one glyph sequence
# each (the glyphs cairo draws from one font at one size)
awk '/^<g style="fill:/ { n++; first = 1 }
/<use xlink:href=/ {
	g = $0; sub(/.*href="#/, "", g); sub(/".*/, "", g)
	x = $0; sub(/.* x="/, "", x); sub(/".*/, "", x)
	if (first) { xs[n] = x + 0; first = 0 }
	seq[n] = seq[n] " " g
}
END { for (i = 1; i <= n; i++) if (xs[i] > max) max = xs[i]
	for (i = 1; i <= n; i++) if (xs[i] == max) print seq[i] }' "$SVG" > "$T_TMP/legend"
[ "$(wc -l < "$T_TMP/legend")" -eq 8 ] && [ "$(sort -u "$T_TMP/legend" | wc -l)" -eq 8 ] &&
	pass "eight legend entries, eight different texts" ||
	fail "legend: $(wc -l < "$T_TMP/legend") entries, $(sort -u "$T_TMP/legend" | wc -l) different"

# 4. the y ticks, as <desc> says them: 0 or N in one unit, N a multiple of
# a step of 1, 2 or 5 times a power of ten, one per horizontal grid line
# round_ticks "TICKS" GRID: say why not, exit 1
round_ticks() {
	echo "$1" | awk -v grid="$2" -F', ' '
	function is125(x,  e) { e = 1; while (x >= 10 * e) e *= 10; while (x < e) e /= 10
		return x == e || x == 2 * e || x == 5 * e }
	{ for (i = 1; i <= NF; i++) {
		t = $i; u = t; sub(/^[0-9.]+/, "", u); v = t; sub(/[KMGT]$/, "", v)
		if (t == "0") continue
		if (u !~ /^[KMGT]?$/ || v !~ /^[0-9]+(\.[0-9]+)?$/) { print "not a value: " t; bad = 1; continue }
		if (unit == "") unit = u; else if (u != unit) { print "units " unit " and " u; bad = 1 }
		if (step == "") step = v + 0
		if (v % step != 0) { print t " is no multiple of " step; bad = 1 }
	  }
	  if (step == "" || !is125(step)) { print "step " step; bad = 1 }
	  if (NF != grid) { print NF " labels, " grid " grid lines"; bad = 1 }
	  exit bad }'
}
ticks=$(sed -n 's/^y axis (bytes): //p' "$SVG")
grid=$(grep -c 'stroke:rgb(88%,88%,88%);.* d="M 90 \([0-9.]*\) L [0-9.]* \1 "' "$SVG")
round_ticks "$ticks" "$grid" > "$T_TMP/why" &&
	pass "y ticks $ticks: steps of 1, 2 or 5 x 10^n in one unit, a label per grid line" ||
	fail "y ticks '$ticks': $(cat "$T_TMP/why")"

# 5. the x ticks: a step of 1, 2, 5, 10, 15 or 30 seconds or minutes or
# 1, 2, 3, 6 or 12 hours
xt=$(sed -n 's,^x axis (UTC): \(.*\)</desc>$,\1,p' "$SVG")
echo "$xt" | awk -F', ' '
function sec(t,  a, n) { n = split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + (n > 2 ? a[3] : 0) }
{ if (NF < 3) { print NF " ticks"; exit 1 }
  d = (sec($2) - sec($1) + 86400) % 86400
  for (i = 3; i <= NF; i++) if ((sec($i) - sec($(i - 1)) + 86400) % 86400 != d) { print "uneven at " $i; exit 1 }
  if (index(" 1 2 5 10 15 30 60 120 300 600 900 1800 3600 7200 10800 21600 43200 ", " " d " ") == 0) { print "a step of " d " s"; exit 1 } }' > "$T_TMP/why" &&
	pass "x ticks $xt: a round step" || fail "x ticks '$xt': $(cat "$T_TMP/why")"

# 6. --plot-panels: a small chart per row, each framed, with its own
# round y ticks; panels too small to draw are refused; without --plot it
# is a usage error
"$KMEMTOP" --replay "$REC" --view cgroup --plot-panels --plot "$SVG" 2> "$T_TMP/err" ||
	fail "--plot-panels: exit $?, $(cat "$T_TMP/err")"
frames=$(grep -c 'stroke:rgb(0%,0%,0%)' "$SVG")
n=0
sed -n '/^y axis (bytes) of panel [0-9]*: /{ s///; s,</desc>$,,; p; }' "$SVG" > "$T_TMP/panels"
while read -r t; do
	n=$((n + 1))
	round_ticks "$t" "$(echo "$t" | awk -F', ' '{ print NF }')" > "$T_TMP/why" ||
		fail "panel $n: y ticks '$t': $(cat "$T_TMP/why")"
done < "$T_TMP/panels"
[ "$frames" -eq 8 ] && [ $n -eq 8 ] && pass "--plot-panels: 8 framed charts, 8 round y axes" ||
	fail "--plot-panels: $frames frames, $n y axes"
"$KMEMTOP" --replay "$REC" --view cgroup --plot-panels --plot-size 200x150 \
	--plot "$T_TMP/small.png" 2> "$T_TMP/err"
[ $? -eq 1 ] && grep -q '^kmemtop: 8 panels do not fit in 200x150: give a larger --plot-size or a smaller --top$' "$T_TMP/err" &&
	[ ! -e "$T_TMP/small.png" ] && pass "8 panels in 200x150: exit 1, $(cat "$T_TMP/err")" ||
	fail "8 panels in 200x150: $(cat "$T_TMP/err")"
"$KMEMTOP" --replay "$REC" --plot-panels > /dev/null 2> "$T_TMP/err"
[ $? -eq 2 ] && grep -q 'plot-panels' "$T_TMP/err" && pass "--plot-panels without --plot: $(head -1 "$T_TMP/err")" ||
	fail "--plot-panels without --plot: $(cat "$T_TMP/err")"
finish
