#!/bin/sh
# tests/activity_reuse.sh - a slab cache made at the address of one
# destroyed before it is counted under its own name, not the old one's:
# the program keys caches by address, and keeps the name pointer of the
# cache that made each entry. zram makes and destroys a cache of its own
# per device (zs_handle-zramN): one device's cache is destroyed, the
# next one's made (SLUB hands the freed struct kmem_cache out again),
# and its allocations must show under zs_handle-zramB. Root, eBPF, and
# zram's hot_add.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON to load the eBPF program)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (configure found no clang, bpftool or libbpf)"
command -v jq > /dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
[ -w /sys/class/zram-control/hot_add ] ||
	skip "no zram hot_add (/sys/class/zram-control: zram not built in or loaded)"

a= b= pid=
cleanup() {
	for d in $a $b; do
		echo 1 > /sys/block/zram$d/reset 2> /dev/null
		echo "$d" > /sys/class/zram-control/hot_remove 2> /dev/null
	done
	[ -n "$pid" ] && kill "$pid" 2> /dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT

# the caches a device makes are there once its disk size is set
has_cache() { grep -q "^zs_handle-zram$1 " /proc/slabinfo; }

"$KMEMTOP" --view activity -b -d 0.3 --json > "$T_TMP/out" 2> "$T_TMP/err" &
pid=$!
wait_for 1 "$T_TMP/out" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err")"

a=$(cat /sys/class/zram-control/hot_add) || skip "zram hot_add refused"
echo 16M > /sys/block/zram$a/disksize || skip "zram$a: no disk size"
dd if=/dev/urandom of=/dev/zram$a bs=4k count=2048 status=none || fail "writing zram$a"
b=$(cat /sys/class/zram-control/hot_add) || skip "zram hot_add refused"
# the old device's caches destroyed, then, once kmemtop has read its
# counts twice more, the new one's made, both from the same CPU: SLUB
# hands the struct kmem_cache freed there out again from that CPU's free
# list (the same address, the old cache's entry in the program's map)
command -v taskset > /dev/null 2>&1 || skip "needs taskset (util-linux)"
taskset -c 0 sh -c "echo 1 > /sys/block/zram$a/reset &&
	echo $a > /sys/class/zram-control/hot_remove" || fail "removing zram$a"
a=
n0=$(count "$T_TMP/out" '"view":"activity"')
wait_for $((n0 + 2)) "$T_TMP/out" '"view":"activity"' || fail "kmemtop stopped: $(cat "$T_TMP/err")"
taskset -c 0 sh -c "echo 16M > /sys/block/zram$b/disksize" || fail "zram$b: no disk size"
has_cache $b || fail "zram$b made no zs_handle-zram$b cache"
dd if=/dev/urandom of=/dev/zram$b bs=4k count=1024 status=none || fail "writing zram$b"
settle $pid "$T_TMP/out" || fail "kmemtop after the writes: $(cat "$T_TMP/err")"
pid=
last=$(tail -n 1 "$T_TMP/out")
n=$(echo "$last" | jq -r --arg c "zs_handle-zram$b" '[.rows[] | select(.name == $c) | .allocs] | add // 0')
[ "$n" -ge 1024 ] && pass "zs_handle-zram$b: $n allocations for 1024 pages written, under its own name" ||
	fail "zs_handle-zram$b: $n allocations (the rows: $(echo "$last" | jq -c '[.rows[] | select(.name | startswith("zs_handle")) | {name, allocs}]'))"
finish
