#!/bin/sh
# bench/bench_batch_mem.sh KMEMTOP - does batch mode grow? Peak RSS of
# `kmemtop -b --json` over all three views after 200 and after 2,000
# snapshots, in one run each; equal peaks mean no growth per snapshot.
set -u
KMEMTOP=${1:?usage: bench_batch_mem.sh KMEMTOP}
[ -x /usr/bin/time ] || { echo "batch memory: skipped (install the time package for /usr/bin/time)"; exit 0; }
root=/
[ -r /proc/slabinfo ] || { echo "batch memory: skipped (needs root for /proc/slabinfo)"; exit 0; }
peak() {
	/usr/bin/time -f "%M" "$KMEMTOP" -b -n "$1" -d 0.001 --json \
		--view slab,vmalloc,oom --root "$root" --output /dev/null 2>&1 | tail -1
}
a=$(peak 200)
b=$(peak 2000)
awk -v a="$a" -v b="$b" 'BEGIN {
	printf "batch memory: peak RSS after 200 snapshots %d KiB, after 2000 %d KiB (growth %+d KiB, %.1f%%)\n",
		a, b, b - a, (a ? (b - a) * 100 / a : 0)
}'
