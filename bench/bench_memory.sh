#!/bin/sh
# bench/bench_memory.sh KMEMTOP - the memory view's cost (issue 22):
# 1. what it adds to a refresh: 200 batch snapshots of the slab and the
#    memory views against 200 of the slab view alone, on the live system
#    (-d 0.001, output thrown away), in turn RUNS times (7): the median
#    of the differences, per snapshot.
# 2. a 50,000-line /proc/allocinfo (version 2.0, a third of the sites in
#    40 modules) parsed, grouped by call site and diffed by the row set:
#    21 snapshots of --alloc-by site written as metrics (the profile has
#    no series: only the parse, the model and the row set's pairing
#    cost), less one snapshot (the start), per snapshot; the median of
#    RUNS. Target: at most 25 ms.
set -u
KMEMTOP=${1:?usage: bench_memory.sh KMEMTOP}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
RUNS=${RUNS:-7}
us() {
	s=$(date +%s%N)
	"$@" > /dev/null 2>&1
	e=$(date +%s%N)
	echo $(((e - s) / 1000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for i in $(seq 1 "$RUNS"); do
	a=$(us "$KMEMTOP" -b -n 200 -d 0.001 --view slab)
	b=$(us "$KMEMTOP" -b -n 200 -d 0.001 --view slab,memory)
	echo $(((b - a) / 200))
done | median > "$TMP/add"
echo "memory view: $(cat "$TMP/add") us added to a refresh of the slab view (median of $RUNS runs of 200)"

R="$TMP/root"
mkdir -p "$R/proc"
cp /proc/meminfo "$R/proc/"
awk 'BEGIN {
	print "allocinfo - version: 2.0"
	print "#     <size>  <calls> <tag info>"
	srand(1)
	for (i = 0; i < 50000; i++)
		printf "%12d %8d drivers/x/file%d.c:%d%s func:fn_%d \n",
			int(rand() * 2^30), int(rand() * 2^20), i % 700, i,
			i % 3 ? "" : " [mod" i % 40 "]", i
}' > "$R/proc/allocinfo"
for i in $(seq 1 "$RUNS"); do
	one=$(us "$KMEMTOP" -b -n 1 -d 0.001 --format prometheus --view memory --alloc-by site --root "$R")
	many=$(us "$KMEMTOP" -b -n 21 -d 0.001 --format prometheus --view memory --alloc-by site --root "$R")
	echo $(((many - one) / 20))
done | median > "$TMP/alloc"
echo "allocinfo, 50,000 lines: $(cat "$TMP/alloc") us a snapshot (parse, group, row set; median of $RUNS; target 25000)"
