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
sed -n 5p "$T_TMP/text" | grep -qE '^ +[0-9]+ +[0-9]+ +\+4000 +\+[0-9]+ +dentry$' &&
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
finish
