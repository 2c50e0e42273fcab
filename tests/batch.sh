#!/bin/sh
# tests/batch.sh - batch mode over a fixture tree rewritten between
# snapshots: -n snapshots appended to --output; text deltas; JSON Lines
# with "delta", "new" and "gone"; both compared with reviewed golden files
# (times masked); a full disk, a closed pipe, SIGTERM, argument errors.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

G="$top_srcdir/tests/golden/batch"
R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"

# a new file moved into place, so kmemtop never reads half of one
edit() {
	awk "$1" "$R/proc/$2" > "$R/proc/$2.new" && mv "$R/proc/$2.new" "$R/proc/$2"
}
# between snapshots 1 and 2: dentry +1000 active objects, one more
# ioremap area by the same caller; between 2 and 3: cache "kmemtop_new"
# appears, cache "fat_inode_cache" vanishes. The batch (PID $pid) is
# stopped while the files change: on a busy machine the edits may take
# longer than the delay, and a snapshot must see all of them or none.
drive() {
	out=$1 pat=$2
	wait_for 1 "$out" "$pat" || fail "no first snapshot in $out"
	kill -STOP $pid
	edit '$1 == "dentry" { $2 += 1000; $3 += 1000 } { print }' slabinfo
	edit '{ print } /acpi_os_map_iomem/ && !done { print; done = 1 }' vmallocinfo
	kill -CONT $pid
	wait_for 2 "$out" "$pat" || fail "no second snapshot in $out"
	kill -STOP $pid
	edit '$1 != "fat_inode_cache" { print } END { print "kmemtop_new 7 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0" }' slabinfo
	kill -CONT $pid
	wait_for 3 "$out" "$pat" || fail "no third snapshot in $out"
}
fresh() {
	make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
		vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
}

# 1. text: three snapshots appended to a file that already holds a line
F="$T_TMP/batch.txt"
echo "an earlier line" > "$F"
"$KMEMTOP" -b -n 3 -d 1 --page-size 4096 --view slab,vmalloc --root "$R" --output "$F" 2> "$T_TMP/err" &
pid=$!
drive "$F" '^kmemtop - '
wait $pid; rc=$?
[ $rc -eq 0 ] && [ ! -s "$T_TMP/err" ] || fail "text batch: exit $rc, $(cat "$T_TMP/err")"
[ "$(head -1 "$F")" = "an earlier line" ] && pass "--output appends" || fail "--output truncated the file"
[ "$(grep -c '^kmemtop - .* UTC - snapshot [123]$' "$F")" -eq 3 ] &&
	pass "three snapshots, each with a timestamp line" || fail "snapshot lines: $(grep -c '^kmemtop - ' "$F")"
# snapshot 1 has the delta columns too, "-" (no earlier snapshot), so
# that every row has the same fields; from 2 on the changes, 0 for none
awk '/snapshot 2$/ { exit } { print }' "$F" | grep -Eq '^ *[0-9]+ .* - +- +dentry' &&
	pass "snapshot 1: dentry's changes are - -" || fail "delta columns in snapshot 1"
awk '/snapshot 2$/,/snapshot 3$/' "$F" | grep -Eq '^ *[0-9]+ .*\+1000 +[-+]?[0-9]+K +dentry' &&
	pass "snapshot 2: dentry shows +1000" || fail "dentry delta in text"
# AREAS RAM MAPPED VIRTUAL (8K more), dRAM 0K (an ioremap holds no
# RAM), +1 area
awk '/snapshot 2$/,/snapshot 3$/' "$F" | grep -Eq '^ +11 +0K +164K +208K +0K +\+1 ioremap +acpi_os_map_iomem' &&
	pass "snapshot 2: the vmalloc caller shows +1 area, 208K virtual, no RAM" || fail "vmalloc delta in text"
sed -e 's/^kmemtop - .* UTC - /kmemtop - TIME - /' "$F" > "$T_TMP/batch.masked"
# KMEMTOP_GOLDEN=DIR: keep the masked outputs there (to review them and
# make new golden files), then compare as usual
[ -n "${KMEMTOP_GOLDEN:-}" ] && cp "$T_TMP/batch.masked" "$KMEMTOP_GOLDEN/batch-text.txt"
same "$G/batch-text.txt" "$T_TMP/batch.masked" "text batch equals tests/golden/batch/batch-text.txt"

# 2. JSON Lines: one object per snapshot and view, time increasing
fresh
J="$T_TMP/batch.jsonl"
"$KMEMTOP" -b -n 3 -d 1 --page-size 4096 --json --view slab,vmalloc --root "$R" --output "$J" 2> "$T_TMP/err" &
pid=$!
drive "$J" '"view":"slab"'
wait $pid || fail "JSON batch: exit $?, $(cat "$T_TMP/err")"
[ "$(wc -l < "$J")" -eq 6 ] && jq -e . "$J" > /dev/null && pass "six JSON lines (3 snapshots x 2 views), all valid" ||
	fail "JSON lines: $(wc -l < "$J")"
jq -s -e '[.[] | select(.view == "slab") | .time] | . == sort and (unique | length) == 3' "$J" > /dev/null &&
	pass "time increases" || fail "time"
jq -s -e '.[0].rows | all(has("delta") | not)' "$J" > /dev/null && pass "first snapshot: no deltas" || fail "deltas in snapshot 1"
jq -s -e '[.[] | select(.view == "slab")][1].rows[] | select(.name == "dentry") | .delta.active_objs == 1000 and .delta.num_objs == 1000' "$J" > /dev/null &&
	pass "snapshot 2: dentry delta.active_objs = 1000" || fail "dentry delta: $(jq -s -c '[.[] | select(.view == "slab")][1].rows[] | select(.name == "dentry")' "$J")"
jq -s -e '[.[] | select(.view == "vmalloc")][1].rows[] | select(.caller == "acpi_os_map_iomem") | .delta.areas == 1' "$J" > /dev/null &&
	pass "snapshot 2: vmalloc group delta.areas = 1" || fail "vmalloc delta"
S3='[.[] | select(.view == "slab")][2].rows'
jq -s -e "$S3 | map(select(.name == \"kmemtop_new\")) | length == 1 and .[0].new == true and (.[0] | has(\"delta\") | not)" "$J" > /dev/null &&
	pass "snapshot 3: a new cache is marked new, without delta" || fail "new row"
jq -s -e "$S3 | map(select(.name == \"fat_inode_cache\")) | length == 1 and .[0].gone == true" "$J" > /dev/null &&
	pass "snapshot 3: a vanished cache is reported once, gone" || fail "gone row"
jq -s -e "[.[] | select(.view == \"slab\")][1].rows | map(select(.gone)) | length == 0" "$J" > /dev/null ||
	fail "gone rows where nothing went"
jq -c 'del(.time)' "$J" > "$T_TMP/batch.json.masked"
[ -n "${KMEMTOP_GOLDEN:-}" ] && cp "$T_TMP/batch.json.masked" "$KMEMTOP_GOLDEN/batch-json.jsonl"
same "$G/batch-json.jsonl" "$T_TMP/batch.json.masked" "JSON batch equals tests/golden/batch/batch-json.jsonl"

# 3. a full disk: exit 1 naming the file and the error
"$KMEMTOP" -b -n 3 -d 0.1 --root "$R" --output /dev/full > /dev/null 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'cannot write /dev/full: No space left on device' "$T_TMP/err" &&
	pass "--output /dev/full: exit 1, 'No space left on device'" || fail "/dev/full: rc=$rc $(cat "$T_TMP/err")"

# 4. a closed pipe ends quietly
"$KMEMTOP" -b -n 200 -d 0.01 --root "$R" 2> "$T_TMP/err" | head -1 > /dev/null
[ ! -s "$T_TMP/err" ] && pass "| head -1: nothing on stderr" || fail "closed pipe: $(cat "$T_TMP/err")"
"$KMEMTOP" -b -d 0.01 --json --root "$R" 2> "$T_TMP/err" | head -3 > "$T_TMP/h"; rc=$?
[ ! -s "$T_TMP/err" ] && jq -e . "$T_TMP/h" > /dev/null && pass "unlimited JSON | head -3: whole lines, quiet" ||
	fail "unlimited | head: $(cat "$T_TMP/err")"

# 5. SIGTERM: the current snapshot ends whole, then exit 0
"$KMEMTOP" -b -d 0.05 --json --root "$R" --output "$T_TMP/sig.jsonl" 2> "$T_TMP/err" &
pid=$!
wait_for 3 "$T_TMP/sig.jsonl" '"view":"slab"' || fail "no snapshots before SIGTERM"
kill -TERM $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && jq -e . "$T_TMP/sig.jsonl" > /dev/null && [ "$(tail -c 1 "$T_TMP/sig.jsonl" | od -An -c | tr -d ' ')" = '\n' ] &&
	pass "SIGTERM: exit 0, every line whole ($(wc -l < "$T_TMP/sig.jsonl") lines)" || fail "SIGTERM: rc=$rc"

# 6. arguments
for args in "-n 3" "-n 0 -b" "-n x -b" "-o -b" "--format xml -o" "--format json" \
	"--view slab,slab -o" "--view slab,nope -o" "--view slab,oom" "--output $T_TMP/x"; do
	# shellcheck disable=SC2086
	"$KMEMTOP" $args --root "$R" > /dev/null 2> "$T_TMP/err"; rc=$?
	[ $rc -eq 2 ] && [ -s "$T_TMP/err" ] || fail "'$args': exit $rc, expected 2"
done
"$KMEMTOP" -o --view vmalloc,oom -s bytes --root "$R" > /dev/null 2>&1 ||
	fail "-s known to one listed view should be accepted"
"$KMEMTOP" -o --view vmalloc,oom -s nosuchkey --root "$R" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "-s known to no listed view: exit $rc"
pass "argument errors exit 2"
finish
