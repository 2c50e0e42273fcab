#!/bin/sh
# tests/activity_tracepoint.sh - the classic tracepoint fallback live
# (root, eBPF built, tracefs; here tp_btf works, so it is forced with
# --activity-source tracepoint): the four kmemtop_tp_* programs attach
# (no tp_btf one), the summary names the source, a workload that opens
# and closes a file N times gives filp (named by the tracepoint's name
# field) at least N allocations, every kmalloc-N row and kfree's unknown
# cache are marked approximate, no named cache is; nothing stays loaded
# after kmemtop exits. Where tracefs is not mounted it is mounted in a
# private mount namespace (unshare -m) for kmemtop alone.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON to load the eBPF program)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (configure found no clang, bpftool or libbpf)"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
BPFTOOL=$(command -v bpftool || ls /usr/sbin/bpftool 2>/dev/null) ||
	skip "bpftool is not installed (./bootstrap installs it)"
FMT=events/kmem/kmem_cache_alloc/format
if [ -r /sys/kernel/tracing/$FMT ] || [ -r /sys/kernel/debug/tracing/$FMT ]; then
	RUN=""
elif grep -qw tracefs /proc/filesystems && command -v unshare >/dev/null 2>&1; then
	# mounted for kmemtop alone: unshare and sh exec, $! stays kmemtop
	RUN="unshare -m sh -c 'mount -t tracefs nodev /sys/kernel/tracing && exec \"\$0\" \"\$@\"'"
else
	skip "tracefs is not mounted and cannot be (no tracefs in /proc/filesystems, or no unshare)"
fi

N=50000 # opens (tests/lib.sh)

# exec all the way down: $! is kmemtop's pid
eval "exec $RUN \"\$KMEMTOP\" --activity-source tracepoint --view activity -b -d 0.5 --json" \
	> "$T_TMP/out" 2> "$T_TMP/err" &
pid=$!
wait_for 1 "$T_TMP/out" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err")"
prog_ids $pid > "$T_TMP/ids"
tp=$(grep -c ' kmemtop_tp_' "$T_TMP/ids")
all=$(grep -c ' kmemtop_' "$T_TMP/ids")
[ "$tp" -eq 5 ] && [ "$all" -eq 5 ] &&
	pass "5 classic tracepoint programs, no other: $(cut -d' ' -f2 "$T_TMP/ids" | tr '\n' ' ')" ||
	fail "programs of kmemtop $pid: '$(cat "$T_TMP/ids")' $(cat "$T_TMP/err")"
opens
settle $pid "$T_TMP/out" || fail "kmemtop after the opens: exit $?: $(cat "$T_TMP/err")"
last=$(tail -n 1 "$T_TMP/out")
src=$(echo "$last" | jq -r '.summary.source')
[ "$src" = "tracepoint (sizes approximate)" ] && pass "summary: source $src" ||
	fail "summary: $(echo "$last" | jq -c .summary) $(cat "$T_TMP/err")"
allocs=$(echo "$last" | jq -r '[.rows[] | select(.name == "filp") | .allocs] | add // 0')
[ "$allocs" -ge $N ] && pass "filp (its name field): $allocs allocations counted for $N opens" ||
	fail "filp: $allocs allocations counted, at least $N opened: $(echo "$last" | jq -c '.rows[:5]')"
exact=$(echo "$last" | jq -r '[.rows[] | select(.name == "filp") | .approximate] | first')
[ "$exact" = 0 ] && pass "filp is exact (approximate 0)" || fail "filp: approximate $exact"
nk=$(echo "$last" | jq -r '[.rows[] | select(.name | test("^kmalloc-[0-9]+k?$"))] | length')
na=$(echo "$last" | jq -r '[.rows[] | select(.name | test("^kmalloc-[0-9]+k?$")) | select(.approximate == 1)] | length')
[ "$nk" -gt 0 ] && [ "$na" -eq "$nk" ] && pass "$nk kmalloc-N rows, all marked approximate" ||
	fail "kmalloc rows: $nk, $na approximate: $(echo "$last" | jq -c '[.rows[] | select(.name | startswith("kmalloc"))]')"
kf=$(echo "$last" | jq -r '[.rows[] | select(.name == "(kfree: cache unknown)") | "\(.approximate) \(.frees)"] | first')
case $kf in
"1 "[1-9]*) pass "(kfree: cache unknown): approximate, ${kf#1 } frees" ;;
*) fail "(kfree: cache unknown): '$kf'" ;;
esac
n=$(echo "$last" | jq -r '.summary.approximate')
[ "$n" -eq $((nk + 1 + $(echo "$last" | jq -r '[.rows[] | select(.name == "(kmalloc pages)")] | length'))) ] &&
	pass "summary: $n approximate rows" || fail "summary: approximate $n, $nk kmalloc-N rows"
[ -s "$T_TMP/ids" ] || fail "no program ids were taken: nothing to check after exit"
sleep_gone "$T_TMP/ids" && pass "after exit: no program of ours loaded" ||
	fail "after exit, still loaded:$left"

# btf alone: the tp_btf programs, said so
"$KMEMTOP" --activity-source btf --view activity -o --json > "$T_TMP/out2" 2> "$T_TMP/err2" ||
	fail "--activity-source btf: exit $?: $(cat "$T_TMP/err2")"
src=$(jq -r '.summary.source' < "$T_TMP/out2")
[ "$src" = tp_btf ] && pass "--activity-source btf: source $src" || fail "--activity-source btf: source $src"
"$KMEMTOP" --activity-source bogus -o > /dev/null 2> "$T_TMP/err3"
[ $? -eq 2 ] && grep -q 'activity-source' "$T_TMP/err3" && pass "--activity-source bogus: $(head -1 "$T_TMP/err3")" ||
	fail "--activity-source bogus: $(cat "$T_TMP/err3")"
finish
