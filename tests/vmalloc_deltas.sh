#!/bin/sh
# tests/vmalloc_deltas.sh - ungrouped vmalloc areas (--group-by none)
# paired by the row set across blocks of rows: a --root tree of 3,003
# areas is changed between two batch snapshots by a known amount, and
# the changes shown are exactly those:
# - one area grows by 5 pages: delta.pages 5, delta.ram 20480;
# - one area near the first block boundary (row 1024) goes: "gone";
# - one area is added before it, which moves every later row: "new";
# - three areas of one identity (addresses printed as 0, as kernels do
#   for most readers): paired first with first, so only the second,
#   which grew from 2 to 4 pages, shows a change;
# - no other area changes;
# - on the screen the area added is marked "(new)", and no other.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

R="$T_TMP/root"
mkdir -p "$R/proc"
# area I at 0xffffc9 followed by I x 64K; callers test_alloc_0..6, the
# area that grows (500) and the one that goes (1021) named; the three
# of one identity before areas 1023, 1024 and 2050
awk 'BEGIN {
	for (i = 0; i < 3000; i++) {
		if (i == 1023 || i == 1024 || i == 2050)
			printf "0x0000000000000000-0x0000000000000000    12288 kmemtop_dup+0x1/0x2 pages=%d vmalloc\n", ++d
		c = "test_alloc_" (i % 7)
		if (i == 500) c = "kmemtop_grow"
		if (i == 1021) c = "kmemtop_gone"
		printf "0xffffc9%010x-0xffffc9%010x    12288 %s+0x10/0x20 pages=2 vmalloc\n", i * 65536, i * 65536 + 12288, c
	}
}' > "$R/proc/vmallocinfo"

# a new file moved into place, so kmemtop never reads half of one
change() {
	awk '/kmemtop_grow/ { sub(/pages=2/, "pages=7") }
		/kmemtop_dup/ && /pages=2/ { sub(/pages=2/, "pages=4") }
		/kmemtop_gone/ { next }
		/test_alloc_3/ && !done { print "0xffffca0000000000-0xffffca0000003000    12288 kmemtop_new+0x1/0x2 pages=2 vmalloc"; done = 1 }
		{ print }' "$R/proc/vmallocinfo" > "$R/proc/new" &&
		mv "$R/proc/new" "$R/proc/vmallocinfo"
}
# run ARGS...: two batch snapshots of the areas into $OUT, the tree
# changed between them (kmemtop stopped meanwhile: a snapshot sees all
# of the change or none); PATTERN marks a snapshot's start
run() {
	pat=$1
	shift
	rm -f "$OUT"
	"$KMEMTOP" -b -n 2 -d 1 --page-size 4096 --view vmalloc --group-by none \
		--root "$R" --output "$OUT" "$@" 2> "$T_TMP/err" &
	pid=$!
	wait_for 1 "$OUT" "$pat" || fail "no first snapshot in $OUT"
	kill -STOP $pid
	cp "$R/proc/vmallocinfo" "$T_TMP/before"
	change
	kill -CONT $pid
	wait $pid || fail "exit $?: $(cat "$T_TMP/err")"
	cp "$T_TMP/before" "$R/proc/vmallocinfo"
}

OUT="$T_TMP/areas.jsonl"
run '"view":"vmalloc"' --json
[ "$(wc -l < "$OUT")" -eq 2 ] || fail "JSON lines: $(wc -l < "$OUT")"
S2='.[1].rows'
jq -s -e "$S2 | length == 3004" "$OUT" > /dev/null &&
	pass "snapshot 2: 3,004 rows (3,003 areas, one gone)" || fail "rows: $(jq -s "$S2 | length" "$OUT" | cut -c1-300)"
jq -s -e "$S2 | map(select(.caller == \"kmemtop_grow\")) | length == 1 and .[0].delta.pages == 5 and .[0].delta.ram == 20480" \
	"$OUT" > /dev/null && pass "the area that grew: delta.pages 5, delta.ram 20480" ||
	fail "grown area: $(jq -s -c "$S2[] | select(.caller == \"kmemtop_grow\")" "$OUT" | cut -c1-300)"
jq -s -e "$S2 | map(select(.gone)) | length == 1 and .[0].caller == \"kmemtop_gone\" and .[0].pages == 2" "$OUT" > /dev/null &&
	pass "the area that went: gone, with its values" ||
	fail "gone: $(jq -s -c "$S2 | map(select(.gone))" "$OUT" | cut -c1-300)"
jq -s -e "$S2 | map(select(.new)) | length == 1 and .[0].caller == \"kmemtop_new\" and (.[0] | has(\"delta\") | not)" "$OUT" > /dev/null &&
	pass "the area added: new, without delta" ||
	fail "new: $(jq -s -c "$S2 | map(select(.new)) | .[0:3]" "$OUT" | cut -c1-300)"
jq -s -e "$S2 | map(select(.caller == \"kmemtop_dup\") | [.pages, .delta.pages, .delta.ram]) | sort == [[1,0,0],[3,0,0],[4,2,8192]]" \
	"$OUT" > /dev/null && pass "three areas of one identity: paired first with first" ||
	fail "duplicates: $(jq -s -c "$S2 | map(select(.caller == \"kmemtop_dup\"))" "$OUT" | cut -c1-300)"
jq -s -e "$S2 | map(select(.delta and (.delta | to_entries | any(.value != 0)))) | map(.caller) | sort == [\"kmemtop_dup\", \"kmemtop_grow\"]" \
	"$OUT" > /dev/null && pass "no other area shows a change" ||
	fail "changed areas: $(jq -s -c "$S2 | map(select(.delta and (.delta | to_entries | any(.value != 0)))) | map(.caller) | .[0:10]" "$OUT" | cut -c1-300)"

# the screen: the area added is marked "(new)", and only it
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT
tm_start 160 40 "'$KMEMTOP' --root '$R' --page-size 4096 --view vmalloc --group-by none -d 600"
tm_wait 'Group: none' && tm_wait 'test_alloc_0' || fail "no areas on the screen"
tm_keys / k m e m t o p _ Enter
tm_wait 'kmemtop_gone' 5 || fail "filter"
change
tm_keys Space
tm_wait 'kmemtop_new.* \(new\)' 5 && [ "$(grep -c '(new)' "$TMUX_SCREEN")" -eq 1 ] &&
	pass "screen: the area added is marked (new), no other" ||
	fail "screen: (new) marks: $(grep -c '(new)' "$TMUX_SCREEN")"
tm_stop
finish
