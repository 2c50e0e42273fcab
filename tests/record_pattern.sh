#!/bin/sh
# tests/record_pattern.sh - an --output pattern (strftime, as the daily
# recorder uses %Y-%m-%d): here %S, so the file changes every second;
# each snapshot goes whole into the file of its time, %% is a literal %,
# and a recorder killed with -9 leaves only whole snapshots: every file
# replays.
. "$top_srcdir/tests/lib.sh"
command -v zstd >/dev/null 2>&1 || skip "the zstd command is not installed (./bootstrap installs it)"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
D="$T_TMP/rec"
mkdir "$D"
"$KMEMTOP" --root "$R" -b -d 0.1 --json --view slab --output "$D/kmem-%S-100%%.jsonl.zst" &
pid=$!
# until three files exist (three seconds began), then kill -9
i=0
while [ "$(ls "$D" | wc -l)" -lt 3 ] && [ $i -lt 200 ]; do
	i=$((i + 1))
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
n=$(ls "$D" | wc -l)
[ "$n" -ge 3 ] && ls "$D" | grep -qE '^kmem-[0-5][0-9]-100%\.jsonl\.zst$' &&
	pass "a file a second: $n files named kmem-SS-100%.jsonl.zst" || fail "files: $(ls "$D")"
ok=0
for f in "$D"/*; do
	lines=$(zstd -qdc "$f" 2>/dev/null | grep -c '^{"format":1,.*}$')
	whole=$(zstd -qdc "$f" 2>/dev/null | wc -l)
	sec=$(basename "$f" | cut -c6-7)
	other=$(zstd -qdc "$f" 2>/dev/null | jq -r '.time | floor | strftime("%S")' 2>/dev/null | grep -vc "^$sec$")
	"$KMEMTOP" -o --replay "$f" > /dev/null 2>&1 || [ "$whole" -eq 0 ] || fail "$f does not replay"
	[ "$lines" -eq "$whole" ] && [ "$other" -eq 0 ] && ok=$((ok + 1)) ||
		fail "$(basename "$f"): $lines of $whole lines whole, $other of another second"
done
[ $ok -eq "$n" ] && pass "after kill -9: every file holds whole snapshots of its own second, and replays"
finish
