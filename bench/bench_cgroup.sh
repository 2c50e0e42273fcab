#!/bin/sh
# bench/bench_cgroup.sh KMEMTOP - 5,000 cgroups (50 top-level, 99 below
# each: a Kubernetes node's worth), each with the five memory files of
# the 6.6 fixture (memory.stat of 28 keys, current, max, events,
# pressure): kmemtop -o --view cgroup over the tree, against cat of the
# same files (the peer: reading them and nothing else), the two run in
# turn PAIRS times (21), the median of their ratios pair by pair.
set -u
KMEMTOP=${1:?usage: bench_cgroup.sh KMEMTOP}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC="$HERE/../tests/data/cgroup2-6.6"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
R="$TMP/root"
mkdir -p "$R/proc/net" "$R/sys/fs/cgroup"
cp "$SRC/proc/meminfo" "$R/proc/"
cp "$SRC/proc/net/sockstat" "$R/proc/net/"
cp "$SRC/sys/fs/cgroup/cgroup.controllers" "$R/sys/fs/cgroup/"
one="$SRC/sys/fs/cgroup/system.slice/docker.service/ctr1"
for t in $(seq 1 50); do
	d="$R/sys/fs/cgroup/pod$t.slice"
	mkdir -p "$d"
	cp "$one"/memory.* "$d/"
	for c in $(seq 1 99); do
		mkdir "$d/ctr$c"
		cp "$one"/memory.* "$d/ctr$c/"
	done
done
find "$R/sys/fs/cgroup" -name 'memory.*' > "$TMP/files"
echo "$(find "$R/sys/fs/cgroup" -mindepth 1 -type d | wc -l) cgroups, $(wc -l < "$TMP/files") files"
cat $(cat "$TMP/files") > /dev/null # warm
. "$HERE/bench_lib.sh"
PAIRS=${PAIRS:-21}
: > "$TMP/a"; : > "$TMP/b"; : > "$TMP/r"
i=0
while [ $i -lt "$PAIRS" ]; do
	a=$(us "$KMEMTOP" -o --view cgroup --root "$R" --page-size 4096)
	b=$(us xargs -a "$TMP/files" cat)
	echo "$a" >> "$TMP/a"; echo "$b" >> "$TMP/b"
	awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.4f\n", a / b }' >> "$TMP/r"
	i=$((i + 1))
done
printf 'cgroup view, 5,000 cgroups: kmemtop %s us, cat %s us, ratio %s (median of %d pairs)\n' \
	"$(median < "$TMP/a")" "$(median < "$TMP/b")" "$(median < "$TMP/r")" "$PAIRS"
