#!/bin/sh
# tests/replay.sh - a recording read back: made by one kmemtop -b --json
# of a tree whose dentry cache grows by 1000 objects a snapshot, the leak
# report between any two snapshots says what jq says of the recorded
# rows; compressed recordings (gzip, zstd) replay as their plain lines
# do and zcat/zstd read them; a writer killed with -9 or a snapshot cut
# at the end leave the rest readable; bad files get a clear message and
# the good snapshots; --plot draws a PNG of the size asked and an SVG
# naming the rows.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
command -v zstd >/dev/null 2>&1 || skip "the zstd command is not installed (./bootstrap installs it)"

R="$T_TMP/root"
REC="$T_TMP/rec.jsonl"
N=5
record_growing "$R" "$REC" $N
[ "$(grep -c '"view":"slab"' "$REC")" -eq $N ] || fail "the recording has not $N slab snapshots"
head -c 80 "$REC" | grep -q '^{"format":1,"time":[0-9.]*,"view":"slab"' &&
	pass "each line starts with the format version, time and view" || fail "line head"

# the times of the snapshots, rounded up to the second (--from takes the
# last snapshot at or before a time)
jq -r 'select(.view == "slab") | .time' "$REC" > "$T_TMP/times"
at() { # the K-th (1-based) snapshot's time as HH:MM:SS, rounded up
	awk -v k="$1" 'NR == k { printf "%d\n", $1 + 1 }' "$T_TMP/times" |
		{ read -r s; date -u -d "@$s" +%H:%M:%S; }
}
dentry() { # the recorded dentry active_objs of snapshot K
	jq -r 'select(.view == "slab") | .rows[] | select(.name == "dentry") | .active_objs' "$REC" |
		sed -n "${1}p"
}
# each pair of snapshots: the report's then, now and change are the rows'
ok=0
for i in $(seq 1 $((N - 1))); do
	j=$((i + 1))
	"$KMEMTOP" -o --replay "$REC" --from "$(at $i)" --to "$(at $j)" --json \
		--view slab > "$T_TMP/rep" || fail "report $i..$j"
	want="$(dentry $i) $(dentry $j) $(($(dentry $j) - $(dentry $i)))"
	got=$(jq -r '.slab[] | select(.name == "dentry") | "\(.then) \(.now) \(.change)"' "$T_TMP/rep")
	[ "$got" = "$want" ] && ok=$((ok + 1)) || fail "snapshots $i..$j: report '$got', rows '$want'"
done
[ $ok -eq $((N - 1)) ] && pass "leak report = the recorded rows, each pair of snapshots"
# first to last (the default), as text: dentry on top, +4000
"$KMEMTOP" -o --replay "$REC" --view slab > "$T_TMP/text"
sed -n 5p "$T_TMP/text" | grep -qE '^ +[0-9]+ +[0-9]+ +[0-9]+ +\+4000 +\+[0-9]+ +100% +dentry$' &&
	pass "text report: dentry grew most, +4000" || { fail "text report"; head -6 "$T_TMP/text"; }

# compressed: zstd and gzip, made by kmemtop, read by the tools and by
# replay as their plain lines are
for ext in zst gz; do
	"$KMEMTOP" --root "$R" -b -n 3 -d 0.05 --json --view slab,vmalloc \
		--output "$T_TMP/c.jsonl.$ext" || fail "recording .$ext"
	case $ext in
	zst) zstd -qdc "$T_TMP/c.jsonl.$ext" > "$T_TMP/c.plain" ;;
	gz) gzip -dc "$T_TMP/c.jsonl.$ext" > "$T_TMP/c.plain" ;;
	esac
	[ "$(grep -c '^{"format":1' "$T_TMP/c.plain")" -eq 6 ] || fail ".$ext: the tool reads no 6 lines"
	"$KMEMTOP" -o --replay "$T_TMP/c.jsonl.$ext" --json > "$T_TMP/a" 2>&1
	"$KMEMTOP" -o --replay "$T_TMP/c.plain" --json > "$T_TMP/b" 2>&1
	cmp -s "$T_TMP/a" "$T_TMP/b" && [ -s "$T_TMP/a" ] &&
		pass ".$ext: replays as its plain lines" || fail ".$ext replay differs"
done

# a writer killed with -9, and a snapshot cut short at the end
K="$T_TMP/k.jsonl.zst"
"$KMEMTOP" --root "$R" -b -d 0.02 --json --view slab,vmalloc --output "$K" &
kpid=$!
i=0
while [ $i -lt 400 ]; do
	[ -s "$K" ] && [ "$(zstd -qdc "$K" 2>/dev/null | grep -c '"view":"slab"')" -ge 5 ] && break
	i=$((i + 1))
	sleep 0.025
done
kill -9 $kpid
wait $kpid 2>/dev/null
"$KMEMTOP" -o --replay "$K" > "$T_TMP/k.out" 2> "$T_TMP/k.err" &&
	grep -q 'snapshots 1 and [0-9]* of [0-9]*' "$T_TMP/k.out" &&
	pass "kill -9 of a zstd writer: the file replays" || fail "after kill -9: $(cat "$T_TMP/k.err")"
size=$(stat -c %s "$K")
truncate -s $((size - 9)) "$K"
"$KMEMTOP" -o --replay "$K" > /dev/null 2> "$T_TMP/k.err" &&
	grep -q 'the last snapshot is cut' "$T_TMP/k.err" &&
	pass "a cut last snapshot: said, the rest replays" || fail "cut: $(cat "$T_TMP/k.err")"

# bad files
bad() { # NAME EXPECTED-STATUS PATTERN-OF-STDERR
	"$KMEMTOP" -o --replay "$T_TMP/$1" > /dev/null 2> "$T_TMP/err"
	rc=$?
	[ $rc -eq "$2" ] && grep -q -- "$3" "$T_TMP/err" &&
		pass "$1: exit $rc, $(head -1 "$T_TMP/err" | cut -c1-90)" ||
		fail "$1: exit $rc: $(cat "$T_TMP/err")"
}
: > "$T_TMP/empty"
bad empty 1 'is empty'
printf 'Active / Total Objects\nsomething else\n' > "$T_TMP/other"
bad other 1 'not a kmemtop recording (line 1: not a JSON line'
{ head -2 "$REC"; echo 'garbage'; echo '{"format":9,"time":1,"view":"slab","rows":[]}';
	sed -n 3,4p "$REC"; sed -n 1p "$REC"; sed -n 5p "$REC" | head -c 100; } > "$T_TMP/mixed"
bad mixed 0 '4 line(s) or unit(s) skipped; the first: line 3: not a JSON line of kmemtop'
truncate -s 1G "$T_TMP/huge"
bad huge 1 'not a kmemtop recording (line 1:'
rm -f "$T_TMP/huge"
"$KMEMTOP" -o --replay "$REC" --from 'half past' > /dev/null 2> "$T_TMP/err"
[ $? -eq 1 ] && grep -q "is not a time" "$T_TMP/err" && pass "--from 'half past': not a time" ||
	fail "--from junk"

# plots
"$KMEMTOP" --replay "$REC" --plot "$T_TMP/p.png" --plot-size 800x500 --top 3 ||
	fail "--plot png"
# the PNG's header: its signature, then IHDR's width and height
hdr=$(od -An -tx1 -j0 -N24 "$T_TMP/p.png" | tr -d ' \n')
[ "$(echo "$hdr" | cut -c1-16)" = 89504e470d0a1a0a ] &&
	[ "$(echo "$hdr" | cut -c33-48)" = "00000320000001f4" ] &&
	pass "--plot p.png --plot-size 800x500: a PNG of 800x500" || fail "PNG header $hdr"
"$KMEMTOP" --replay "$REC" --plot "$T_TMP/p.svg" || fail "--plot svg"
grep -q '<desc>dentry' "$T_TMP/p.svg" && grep -q '<title>kmemtop: slab view' "$T_TMP/p.svg" &&
	pass "--plot p.svg: titled, the legend's names in it" || fail "SVG desc"
"$KMEMTOP" --replay "$REC" --plot "$T_TMP/p.gif" 2> "$T_TMP/err"
[ $? -eq 1 ] && grep -q 'name a .png or .svg file' "$T_TMP/err" && pass "--plot p.gif refused" ||
	fail "--plot gif"
# without --view: every view the recording holds (slab and vmalloc)
"$KMEMTOP" -o --replay "$REC" > "$T_TMP/all" 2> "$T_TMP/err" || fail "report of every view"
grep -q '^\[slab\] ' "$T_TMP/all" && grep -q '^\[vmalloc\] ' "$T_TMP/all" &&
	pass "without --view: the report has every view recorded" ||
	{ fail "without --view: $(grep '^\[' "$T_TMP/all" | tr '\n' ' ')"; }

# --from and --to outside the recording: clamped, and said
"$KMEMTOP" -o --replay "$REC" --from 2000-01-01T00:00 --to 2199-01-01T00:00 \
	> /dev/null 2> "$T_TMP/err" || fail "--from, --to outside: exit status"
grep -q -- "--from 2000-01-01 00:00:00 UTC is before the recording" "$T_TMP/err" &&
	grep -q -- "--to 2199-01-01 00:00:00 UTC is after the recording" "$T_TMP/err" &&
	grep -q "holds $(day() { awk -v k="$1" 'NR == k { printf "%d\n", $1 }' "$T_TMP/times" |
		{ read -r s; date -u -d "@$s" '+%Y-%m-%d %H:%M:%S'; }; }; day 1) UTC to " "$T_TMP/err" &&
	pass "--from, --to outside the recording: said, with its span" ||
	fail "--from, --to outside: $(cat "$T_TMP/err")"

# hostile recordings: lines made by hand, two snapshots a minute apart
T0=1795982400
line() { # TIME VIEW ROWS
	printf '{"format":1,"time":%s,"view":"%s","rows":[%s]}\n' "$1" "$2" "$3"
}
# a one-character name is shown as it is (text, JSON, the plot's legend)
{ line $T0 slab '{"name":"a","active_objs":1}'; line $((T0 + 60)) slab '{"name":"a","active_objs":5}'; } > "$T_TMP/one"
"$KMEMTOP" -o --replay "$T_TMP/one" > "$T_TMP/out" 2>&1
"$KMEMTOP" -o --replay "$T_TMP/one" --json > "$T_TMP/json" 2>&1
"$KMEMTOP" --replay "$T_TMP/one" --plot "$T_TMP/one.svg" 2>&1
grep -qE '^ +1 +5 +5 +\+4 +\+4 +100% +a$' "$T_TMP/out" && [ "$(jq -r '.slab[0].name' "$T_TMP/json")" = a ] &&
	grep -qx '<desc>a' "$T_TMP/one.svg" &&
	pass "a one-character name: shown (text, JSON, legend)" ||
	fail "one-character name: $(tail -2 "$T_TMP/out") $(cat "$T_TMP/json") $(grep '<desc>' "$T_TMP/one.svg")"
# the report's columns on generated recordings, a snapshot a minute:
# "steady" grows 10 a minute, "burst" jumps 1200 once (minute 60) and
# stays, "hump" rises to 5000 and falls back to 150; vmalloc's bytes
# grow 4096 a minute. GREW tells steady from burst; PEAK is the hump's
# top; a span of 2 h is rated per hour, one of 10 minutes per minute;
# values are JSON integers and no ".0" is printed.
gen() { # MINUTES: a snapshot a minute, 0 to MINUTES
	awk -v m="$1" -v t0=$T0 'BEGIN {
		for (s = 0; s <= m; s++) {
			h = s <= 49 ? 100 + 100 * s : 5000 - 100 * (s - 49)
			if (s > 49 && h < 150) h = 150
			printf "{\"format\":1,\"time\":%d,\"view\":\"slab\",\"rows\":[", t0 + 60 * s
			printf "{\"name\":\"steady\",\"active_objs\":%d},", 1000 + 10 * s
			printf "{\"name\":\"burst\",\"active_objs\":%d},", s < 60 ? 1000 : 2200
			printf "{\"name\":\"hump\",\"active_objs\":%d}]}\n", h
			printf "{\"format\":1,\"time\":%d,\"view\":\"vmalloc\",\"rows\":[", t0 + 60 * s
			printf "{\"caller\":\"x\",\"areas\":1,\"ram\":%d}]}\n", 4096 * (s + 1)
		} }'
}
gen 120 > "$T_TMP/2h"
gen 10 > "$T_TMP/10m"
"$KMEMTOP" -o --replay "$T_TMP/2h" > "$T_TMP/2h.txt" 2> "$T_TMP/err" || fail "2 h report: $(cat "$T_TMP/err")"
"$KMEMTOP" -o --replay "$T_TMP/2h" --json > "$T_TMP/2h.json" 2> "$T_TMP/err" || fail "2 h JSON: $(cat "$T_TMP/err")"
"$KMEMTOP" -o --replay "$T_TMP/10m" > "$T_TMP/10m.txt" 2> "$T_TMP/err" || fail "10 min report: $(cat "$T_TMP/err")"
"$KMEMTOP" -o --replay "$T_TMP/10m" --json > "$T_TMP/10m.json" 2> "$T_TMP/err" || fail "10 min JSON: $(cat "$T_TMP/err")"
row() { # FILE NAME: the text report's row of NAME, blanks squeezed
	grep -E " $2\$" "$1" | tr -s ' ' | sed 's/^ //'
}
# THEN NOW PEAK CHANGE RATE GREW NAME
[ "$(row "$T_TMP/2h.txt" steady)" = "1000 2200 2200 +1200 +600 100% steady" ] &&
	[ "$(row "$T_TMP/2h.txt" burst)" = "1000 2200 2200 +1200 +600 1% burst" ] &&
	pass "2 h: steady growth GREW 100%, one burst GREW 1%" ||
	fail "steady/burst: '$(row "$T_TMP/2h.txt" steady)' '$(row "$T_TMP/2h.txt" burst)'"
[ "$(row "$T_TMP/2h.txt" hump)" = "100 150 5000 +50 +25 41% hump" ] &&
	pass "a row that rose and fell back: PEAK 5000" || fail "hump: '$(row "$T_TMP/2h.txt" hump)'"
grep -qE '^ +THEN +NOW +PEAK +CHANGE +PER HOUR +GREW +NAME$' "$T_TMP/2h.txt" &&
	grep -qE '^ +THEN +NOW +PEAK +CHANGE +PER MIN +GREW +NAME$' "$T_TMP/10m.txt" &&
	[ "$(row "$T_TMP/10m.txt" steady)" = "1000 1100 1100 +100 +10 100% steady" ] &&
	pass "2 h rated PER HOUR, 10 minutes PER MIN" ||
	fail "rate units: $(grep THEN "$T_TMP/2h.txt" "$T_TMP/10m.txt") '$(row "$T_TMP/10m.txt" steady)'"
jq -e '(.slab[] | select(.name == "steady") | .rate == 600 and .rate_unit == "hour" and .grew == 1 and .intervals == 120 and .peak == 2200)
	and (.slab[] | select(.name == "burst") | .grew < 0.05 and .peak == 2200)
	and (.slab[] | select(.name == "hump") | .peak == 5000 and .then == 100 and .now == 150)
	and (.vmalloc[0] | .peak == 495616 and .change == 491520)' "$T_TMP/2h.json" > /dev/null &&
	jq -e '.slab[] | select(.name == "steady") | .rate == 10 and .rate_unit == "minute"' "$T_TMP/10m.json" > /dev/null &&
	pass "JSON: peak, grew, intervals, rate and rate_unit" || fail "JSON fields: $(head -c 600 "$T_TMP/2h.json")"
jq -e '[.slab[], .vmalloc[] | .then, .now, .peak, .change, .rate, .intervals] |
	all(type == "number" and . == floor)' "$T_TMP/2h.json" > /dev/null &&
	! grep -qE '[0-9]\.0+([^0-9]|$)' "$T_TMP/2h.json" "$T_TMP/2h.txt" "$T_TMP/10m.json" "$T_TMP/10m.txt" &&
	pass "counts and bytes are JSON integers; no .0 printed" ||
	fail "integers: $(head -c 400 "$T_TMP/2h.json")"

# a snapshot of the span whose line is refused: left out of PEAK and
# GREW (its 9000 is no peak), said; the report still comes
{ line $T0 slab '{"name":"a","active_objs":1}'; line $((T0 + 60)) slab '{"name":"a","active_objs":9000},{"name":"b","active_objs":NaN}'
	line $((T0 + 120)) slab '{"name":"a","active_objs":5}'; } > "$T_TMP/mid"
"$KMEMTOP" -o --replay "$T_TMP/mid" --json > "$T_TMP/json" 2> "$T_TMP/err"
rc=$?
[ $rc -eq 0 ] && jq -e '.slab[0] | .peak == 5 and .intervals == 1 and .grew == 1' "$T_TMP/json" > /dev/null &&
	grep -q '1 snapshot(s) of the span with a view.s line refused, left out of its PEAK and GREW; the first: snapshot 2: the slab view skipped' "$T_TMP/err" &&
	pass "a refused snapshot of the span: out of PEAK and GREW, said" ||
	fail "refused in the span: exit $rc, $(cat "$T_TMP/json") / $(cat "$T_TMP/err")"

# numbers kmemtop never writes, and nesting: the line skipped and said,
# the report still valid JSON
for v in NaN Infinity -Infinity 1e999 18446744073709551616 '[[[[[[[[[[[[1]]]]]]]]]]]]'; do
	{ line $T0 slab '{"name":"a","active_objs":1},{"name":"b","active_objs":1}'
		line $((T0 + 60)) slab "{\"name\":\"a\",\"active_objs\":2},{\"name\":\"b\",\"active_objs\":$v}"
		line $((T0 + 60)) vmalloc '{"caller":"x","areas":1,"ram":4096}'; } > "$T_TMP/bad"
	"$KMEMTOP" -o --replay "$T_TMP/bad" --json > "$T_TMP/json" 2> "$T_TMP/err"
	rc=$?
	[ $rc -eq 0 ] && jq -e '.slab == null and .vmalloc != null' "$T_TMP/json" > /dev/null 2>&1 &&
		grep -q 'snapshot 2: the slab view skipped: ' "$T_TMP/err" &&
		pass "a value $v: the line skipped and said; the report is JSON" ||
		fail "a value $v: exit $rc, $(head -c 300 "$T_TMP/json") / $(cat "$T_TMP/err")"
done

# more rows than kmemtop writes (the slab view has hundreds), half a million
# of them packed by zstd into a few MB: refused, in bounded memory and
# time
command -v /usr/bin/time > /dev/null 2>&1 && TIME=/usr/bin/time || TIME=
# the peaks allowed (KiB); AddressSanitizer's shadow memory and
# quarantine take about five times as much
scale=1
grep -q '^SAN_CFLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null && scale=5
rows() { # N VIEW: two snapshots of N rows each, the second grown
	awk -v n="$1" -v view="$2" -v t0=$T0 'BEGIN {
		for (s = 0; s < 2; s++) {
			printf "{\"format\":1,\"time\":%d,\"view\":\"%s\",\"rows\":[", t0 + s * 60, view
			for (i = 0; i < n; i++)
				printf "%s{\"name\":\"c%d\",\"caller\":\"c%d\",\"active_objs\":%d,\"ram\":%d}", i ? "," : "", i, i, i * (s + 1), i * (s + 1)
			print "]}"
		} }'
}
rows 500000 slab > "$T_TMP/many.jsonl"
# a zstd frame per snapshot, as kmemtop writes them
head -1 "$T_TMP/many.jsonl" | zstd -q -1 -o "$T_TMP/many.jsonl.zst" --stream-size=$(head -1 "$T_TMP/many.jsonl" | wc -c)
tail -1 "$T_TMP/many.jsonl" | zstd -q -1 --stream-size=$(tail -1 "$T_TMP/many.jsonl" | wc -c) >> "$T_TMP/many.jsonl.zst"
rm -f "$T_TMP/many.jsonl"
if [ -n "$TIME" ]; then
	timeout 120 $TIME -f '%M' -o "$T_TMP/rss" "$KMEMTOP" -o --replay "$T_TMP/many.jsonl.zst" \
		> /dev/null 2> "$T_TMP/err"
	rc=$?
	rss=$(tail -1 "$T_TMP/rss")
	[ $rc -eq 1 ] && grep -q 'more rows than kmemtop writes' "$T_TMP/err" && [ "$rss" -lt $((200000 * scale)) ] &&
		pass "500,000 slab rows: refused (peak ${rss} KiB)" ||
		fail "500,000 slab rows: exit $rc, peak $rss KiB: $(head -c 300 "$T_TMP/err")"
	# 150,000 rows a snapshot (the vmalloc view can have that many):
	# reported a row at a time, not as two trees
	rows 150000 vmalloc > "$T_TMP/big.jsonl"
	timeout 120 $TIME -f '%M' -o "$T_TMP/rss" "$KMEMTOP" -o --replay "$T_TMP/big.jsonl" --json \
		> "$T_TMP/json" 2> "$T_TMP/err"
	rc=$?
	rss=$(tail -1 "$T_TMP/rss")
	[ $rc -eq 0 ] && [ "$(jq '.vmalloc | length' "$T_TMP/json")" -eq 149999 ] && [ "$rss" -lt $((150000 * scale)) ] &&
		pass "150,000 rows a snapshot: reported (peak ${rss} KiB)" ||
		fail "150,000 rows: exit $rc, peak $rss KiB: $(head -c 300 "$T_TMP/err")"
	rm -f "$T_TMP/big.jsonl" "$T_TMP/many.jsonl.zst"
else
	echo "(no /usr/bin/time: the memory bounds are not measured)"
fi

# the plot: an existing file keeps its mode, a new one is 0600; a target
# that cannot be replaced is said in the plot's words
rm -f "$T_TMP/m.png"
"$KMEMTOP" --replay "$REC" --plot "$T_TMP/m.png" || fail "--plot m.png"
[ "$(stat -c %a "$T_TMP/m.png")" = 600 ] && pass "a new plot: mode 0600" ||
	fail "a new plot: mode $(stat -c %a "$T_TMP/m.png")"
chmod 640 "$T_TMP/m.png"
"$KMEMTOP" --replay "$REC" --plot "$T_TMP/m.png" || fail "--plot m.png again"
[ "$(stat -c %a "$T_TMP/m.png")" = 640 ] && pass "a plot rewritten keeps its mode (0640)" ||
	fail "a plot rewritten: mode $(stat -c %a "$T_TMP/m.png")"
mkdir "$T_TMP/d.png"
"$KMEMTOP" --replay "$REC" --plot "$T_TMP/d.png" 2> "$T_TMP/err"
[ $? -eq 1 ] && grep -q 'not a regular file' "$T_TMP/err" && ! grep -q 'metrics' "$T_TMP/err" &&
	pass "--plot on a directory: $(cat "$T_TMP/err")" || fail "--plot on a directory: $(cat "$T_TMP/err")"
finish
