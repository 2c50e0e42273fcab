#!/bin/sh
# tests/prom_golden.sh - `kmemtop -o --format prometheus` of every view
# over the captures in tests/data, byte for byte against
# tests/golden/prom/ (the snapshot's time masked): the metrics' names,
# help, labels, values and order are pinned, so a change to how they are
# made (prom.c's loop over the columns) shows as a reviewed diff.
#
# KMEMTOP_GOLDEN=DIR: write the outputs there instead of comparing (to
# review them with diff -r against tests/golden/prom and copy them in).
. "$top_srcdir/tests/lib.sh"

G="$top_srcdir/tests/golden/prom"
OUT=${KMEMTOP_GOLDEN:-}
n=0
# where promtool is installed, it accepts every exposition
PROMTOOL=$(command -v promtool 2>/dev/null)

# one NAME ARGS...: the metrics of kmemtop ARGS against $G/NAME.prom
one() {
	_name=$1
	shift
	"$KMEMTOP" -o --format prometheus --page-size 4096 "$@" > "$T_TMP/raw" 2> "$T_TMP/err" ||
		fail "$_name: exit $? $(head -2 "$T_TMP/err")"
	sed 's/^kmemtop_snapshot_timestamp_seconds .*/kmemtop_snapshot_timestamp_seconds TIME/' \
		"$T_TMP/raw" > "$T_TMP/out"
	if [ -n "$PROMTOOL" ] && ! promtool check metrics < "$T_TMP/raw" > "$T_TMP/pt" 2>&1; then
		fail "$_name: promtool check metrics: $(head -3 "$T_TMP/pt")"
	fi
	if [ -n "$OUT" ]; then
		cp "$T_TMP/out" "$OUT/$_name.prom"
	elif [ ! -f "$G/$_name.prom" ]; then
		fail "$_name: no golden file $G/$_name.prom"
	elif cmp -s "$G/$_name.prom" "$T_TMP/out"; then
		n=$((n + 1))
	else
		fail "$_name differs from the golden file"
		diff "$G/$_name.prom" "$T_TMP/out" | cut -c1-200 | head -10
	fi
}

# the slab view: each capture alone, then with its meminfo where there
# is one of the same name
for f in "$TESTDATA"/slabinfo-*.txt; do
	b=$(basename "$f" .txt)
	R="$T_TMP/$b"
	make_root "$R" slabinfo="$f"
	m="$TESTDATA/meminfo-${b#slabinfo-}.txt"
	[ -f "$m" ] && cp "$m" "$R/proc/meminfo"
	one "slab-${b#slabinfo-}" --root "$R" --view slab
done

# with /sys/kernel/slab: waste, partial slabs and merged names
R="$T_TMP/sysfs"
mkdir -p "$R"
tar -C "$R" -xzf "$TESTDATA/slab-sysfs-6.18-x86_64-kmemtop-ci.tar.gz" || fail "cannot extract the sysfs capture"
one slab-sysfs-6.18 --root "$R" --view slab
one slab-sysfs-6.18-unreclaimable --root "$R" --view slab --unreclaimable

# hostile cache names, as tests/prometheus.sh makes them: a quote, a
# backslash, ESC, a byte that is no UTF-8, a repeated name
R="$T_TMP/hostile"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
{
	printf 'q"uo\\te 5 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'esc\033[2J 6 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'bad\377 7 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'dentry 1 1 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf '%0150d 8 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n' 7
} >> "$R/proc/slabinfo"
one slab-hostile --root "$R" --view slab

# the vmalloc view: each capture by caller and by module (the top 50),
# and one by type and ungrouped (the totals by type alone)
for f in "$TESTDATA"/vmallocinfo-*.txt; do
	b=$(basename "$f" .txt)
	R="$T_TMP/$b"
	make_root "$R" vmallocinfo="$f"
	for g in caller module; do
		one "vmalloc-${b#vmallocinfo-}-$g" --root "$R" --view vmalloc --group-by $g
	done
done
R="$T_TMP/vmallocinfo-6.18-x86_64-kmemtop-ci-live"
one vmalloc-6.18-type --root "$R" --view vmalloc --group-by type
one vmalloc-6.18-none --root "$R" --view vmalloc --group-by none

# the cgroup view of each tree, tree and flat
for d in cgroup1 cgroup2-5.10 cgroup2-6.6 nocgroup; do
	one "cgroup-$d" --root "$TESTDATA/$d" --view cgroup
done
one cgroup-cgroup2-6.6-flat --root "$TESTDATA/cgroup2-6.6" --view cgroup --flat

# more cgroups than the metrics name one by one (the top 50 by kernel
# memory; the others summed per depth as cgroup="(other)"), a few of
# equal kernel memory at the edge
C="$T_TMP/many"
cp -r "$TESTDATA/cgroup2-6.6" "$C"
i=0
while [ $i -lt 60 ]; do
	d="$C/sys/fs/cgroup/many.slice/c$i"
	mkdir -p "$d"
	printf 'kernel %d\nslab_unreclaimable %d\nsock 4096\n' $(((i % 40) * 8192)) $((i * 1024)) > "$d/memory.stat"
	echo $((i * 65536)) > "$d/memory.current"
	printf 'oom_kill %d\n' $((i % 3)) > "$d/memory.events"
	i=$((i + 1))
done
one cgroup-many --root "$C" --view cgroup

# the OOM view of a capture: no processes, the summary's gauges
R="$T_TMP/oom"
make_root "$R" meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt"
mkdir -p "$R/proc/sys/vm"
echo 2 > "$R/proc/sys/vm/overcommit_memory"
one oom-capture --root "$R" --view oom

# every view of one tree in one exposition: the order of the views
R="$T_TMP/all"
cp -r "$TESTDATA/cgroup2-6.6" "$R"
cp "$TESTDATA/slabinfo-6.18-x86_64-kmemtop-ci-live.txt" "$R/proc/slabinfo"
cp "$TESTDATA/vmallocinfo-6.18-x86_64-kmemtop-ci-live.txt" "$R/proc/vmallocinfo"
one all-views --root "$R" --view slab,vmalloc,oom,cgroup

if [ -n "$OUT" ]; then
	pass "golden outputs written to $OUT"
else
	[ "$n" -ge 50 ] || fail "only $n golden files compared"
	[ "$(ls "$G" | wc -l)" -eq "$n" ] || [ "$T_FAILS" -gt 0 ] ||
		fail "$(ls "$G" | wc -l) golden files, $n compared"
	pass "$n golden metrics outputs identical"
fi
finish
