#!/bin/sh
# tests/activity.sh - the activity view live (root, a kmemtop built with
# eBPF, a kernel with BTF; CI is all three): kmemtop --view activity -b
# --json attaches, a workload opens and closes a file N times (each open
# allocates a struct file from the filp cache), and kmemtop's filp row
# counts at least N allocations and sees its frees; then a kmemtop that is
# killed with -9 or crashed leaves none of its programs loaded (their ids, taken
# from bpftool while it ran, are gone), as does one that ends; with
# --sites, the call site that allocates a struct file (alloc_empty_file,
# named from /proc/kallsyms) counts at least N too.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON to load the eBPF program)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (configure found no clang, bpftool or libbpf; activity_absent.sh checks that case)"
[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
BPFTOOL=$(command -v bpftool || ls /usr/sbin/bpftool 2>/dev/null) ||
	skip "bpftool is not installed (./bootstrap installs it)"

N=50000 # opens (tests/lib.sh)

# 1. counts: kmemtop attaches at its first snapshot; the workload runs
# after it; the last snapshot's total for filp holds the workload's
"$KMEMTOP" --view activity -b -d 0.5 --json > "$T_TMP/out" 2> "$T_TMP/err" &
pid=$!
wait_for 1 "$T_TMP/out" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err")"
prog_ids $pid > "$T_TMP/ids"
n=$(grep -c ' kmemtop_' "$T_TMP/ids")
[ "$n" -eq 5 ] && pass "5 programs named kmemtop_* attached: $(cut -d' ' -f2 "$T_TMP/ids" | tr '\n' ' ')" ||
	fail "programs of kmemtop $pid: '$(cat "$T_TMP/ids")'"
opens
settle $pid "$T_TMP/out" || fail "kmemtop after the opens: exit $?: $(cat "$T_TMP/err")"
last=$(tail -n 1 "$T_TMP/out")
attached=$(echo "$last" | jq -r '.summary.attached')
[ "$attached" = true ] && pass "attached" || fail "not attached: $(echo "$last" | jq -c .summary)"
allocs=$(echo "$last" | jq -r '[.rows[] | select(.name == "filp") | .allocs] | add // 0')
frees=$(echo "$last" | jq -r '[.rows[] | select(.name == "filp") | .frees // 0] | add // 0')
[ "$allocs" -ge $N ] && pass "filp: $allocs allocations counted for $N opens" ||
	fail "filp: $allocs allocations counted, at least $N opened: $(echo "$last" | jq -c '.rows[:5]')"
[ "$frees" -ge $((N / 2)) ] && pass "filp: $frees frees seen" || fail "filp: $frees frees seen of $N closes"
rate=$(echo "$last" | jq -r '[.rows[] | select(.name == "filp") | .allocs_per_sec] | first')
[ "$rate" != null ] && pass "filp: $rate allocations per second" || fail "filp: no rate in the last snapshot"
# the programs are gone after a normal exit too (sleep_gone: tests/lib.sh)
sleep_gone "$T_TMP/ids" && pass "after exit: no program of ours loaded" ||
	fail "after exit, still loaded:$left"

# 3. call sites
"$KMEMTOP" --view activity --sites -b -d 0.5 --json > "$T_TMP/out3" 2> "$T_TMP/err3" &
pid=$!
wait_for 1 "$T_TMP/out3" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err3")"
opens
settle $pid "$T_TMP/out3" || fail "kmemtop --sites after the opens: exit $?: $(cat "$T_TMP/err3")"
last=$(tail -n 1 "$T_TMP/out3")
allocs=$(echo "$last" | jq -r '[.rows[] | select(.caller | startswith("alloc_empty_file+")) | .allocs] | add // 0')
[ "$allocs" -ge $N ] && pass "--sites: alloc_empty_file+...: $allocs allocations for $N opens" ||
	fail "--sites: alloc_empty_file: $allocs, at least $N: $(echo "$last" | jq -c '.summary, .rows[:3]')"

# 2. kill -9: nothing is pinned, the descriptors' close unloads
"$KMEMTOP" --view activity -b -d 1 --json > "$T_TMP/out2" 2> "$T_TMP/err2" &
pid=$!
wait_for 1 "$T_TMP/out2" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err2")"
prog_ids $pid > "$T_TMP/ids2"
[ "$(grep -c ' kmemtop_' "$T_TMP/ids2")" -eq 5 ] || fail "programs of kmemtop $pid: '$(cat "$T_TMP/ids2")'"
kill -9 $pid
wait $pid 2> /dev/null
sleep_gone "$T_TMP/ids2" && pass "after kill -9: none of its $(wc -l < "$T_TMP/ids2") programs loaded" ||
	fail "after kill -9, still loaded:$left"

# 3. a crash (SIGSEGV, as a bad pointer would end it): the same (a
# sanitizer build would catch the signal and exit 1: let it kill)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" \
	"$KMEMTOP" --view activity -b -d 1 --json > "$T_TMP/out4" 2> "$T_TMP/err4" &
pid=$!
wait_for 1 "$T_TMP/out4" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err4")"
prog_ids $pid > "$T_TMP/ids4"
[ "$(grep -c ' kmemtop_' "$T_TMP/ids4")" -eq 5 ] || fail "programs of kmemtop $pid: '$(cat "$T_TMP/ids4")'"
kill -SEGV $pid
wait $pid 2> /dev/null
rc=$?
[ $rc -eq 139 ] || fail "kmemtop did not die of SIGSEGV: exit $rc"
sleep_gone "$T_TMP/ids4" && pass "after a crash (SIGSEGV, exit $rc): none of its $(wc -l < "$T_TMP/ids4") programs loaded" ||
	fail "after a crash, still loaded:$left"
finish
