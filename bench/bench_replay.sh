#!/bin/sh
# bench/bench_replay.sh KMEMTOP GEN - a week of recording (60,480
# snapshots at -d 10 of the slab, vmalloc and OOM views, zstd) made from
# ten real snapshots of this machine by GEN (bench/gen_recording), then
# opened: the leak report between two times (which indexes the file and
# reads two snapshots) and the first screen's work (the same), timed
# with its peak RSS; the file read by cat as the peer.
set -u
KMEMTOP=${1:?usage: bench_replay.sh KMEMTOP GEN}
GEN=${2:?usage: bench_replay.sh KMEMTOP GEN}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$KMEMTOP" -b -n 10 -d 1 --json --view slab,vmalloc,oom --output "$TMP/ten.jsonl.zst"
"$KMEMTOP" -b -n 10 -d 1 --json --view slab,vmalloc,oom --output "$TMP/ten.jsonl"
echo "one snapshot of three views: $(($(stat -c %s "$TMP/ten.jsonl") / 10)) B plain," \
	"$(($(stat -c %s "$TMP/ten.jsonl.zst") / 10)) B zstd;" \
	"a day at -d 60: $(($(stat -c %s "$TMP/ten.jsonl") / 10 * 1440 / 1048576)) MiB plain," \
	"$(($(stat -c %s "$TMP/ten.jsonl.zst") / 10 * 1440 / 1048576)) MiB zstd"
"$GEN" "$TMP/ten.jsonl.zst" "$TMP/week.jsonl.zst" 60480 10
echo "a week at -d 10: $(stat -c %s "$TMP/week.jsonl.zst") bytes, 60480 snapshots"
cat "$TMP/week.jsonl.zst" > /dev/null # in the page cache, as after a copy
for i in 1 2 3 4 5; do
	/usr/bin/time -f "%e s, peak %M KiB" "$KMEMTOP" -o --replay "$TMP/week.jsonl.zst" \
		--from 12:00 --to 23:00 --view slab 2>&1 > /dev/null | tail -1
done | sort -n | sed -n 3p | sed 's/^/leak report over the week (median of 5): /'
echo
/usr/bin/time -f "cat of the file: %e s" cat "$TMP/week.jsonl.zst" > /dev/null
