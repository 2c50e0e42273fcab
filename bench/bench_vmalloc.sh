#!/bin/sh
# bench/bench_vmalloc.sh KMEMTOP [LINES] - kmemtop's vmalloc view on a
# generated vmallocinfo of LINES lines (default 1,000,000), timed in one
# run against `wc -l` and an awk script doing the same aggregation. Each
# command runs REPS times (default 5), interleaved; medians are compared.
set -u
KMEMTOP=${1:?usage: bench_vmalloc.sh KMEMTOP [LINES]}
LINES=${2:-1000000}
REPS=${REPS:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/proc"
awk -v n="$LINES" -f "$HERE/gen_vmallocinfo.awk" > "$TMP/proc/vmallocinfo"
F="$TMP/proc/vmallocinfo"
cat "$F" > /dev/null # warm the page cache

# ms COMMAND...: wall milliseconds of one run
ms() {
	s=$(date +%s%N)
	"$@" > /dev/null 2>&1
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > "$TMP/k"; : > "$TMP/w"; : > "$TMP/a"
i=0
while [ $i -lt "$REPS" ]; do
	ms "$KMEMTOP" --once --view vmalloc --root "$TMP" >> "$TMP/k"
	ms wc -l "$F" >> "$TMP/w"
	ms awk -f "$HERE/agg_vmallocinfo.awk" "$F" >> "$TMP/a"
	i=$((i + 1))
done
k=$(median < "$TMP/k"); w=$(median < "$TMP/w"); a=$(median < "$TMP/a")
size=$(du -m "$F" | cut -f1)
if [ -x /usr/bin/time ]; then
	peak=$( { /usr/bin/time -f "%M" "$KMEMTOP" --once --view vmalloc --root "$TMP" > /dev/null; } 2>&1 | tail -1)
else
	peak="n/a (install the time package)"
fi
awk -v k="$k" -v w="$w" -v a="$a" -v n="$LINES" -v s="$size" -v r="$REPS" -v p="$peak" 'BEGIN {
	printf "vmallocinfo: %d lines, %d MiB; median of %d runs\n", n, s, r
	printf "  kmemtop --once --view vmalloc  %6d ms  (peak RSS %s KiB)\n", k, p
	printf "  wc -l                          %6d ms\n", w
	printf "  awk, same aggregation          %6d ms\n", a
	printf "  ratio kmemtop / wc -l = %.2f (target: at most 3)\n", (w ? k / w : 0)
	printf "  ratio kmemtop / awk   = %.2f\n", (a ? k / a : 0)
}'
