#!/bin/sh
# tests/activity_exec.sh - a process is named as exec named it, not by
# the comm its first allocations were made under: a shell's child
# allocates as "kmt_before", then execs "kmt_after" (as a script's child
# does between fork and exec), and its row in --by process must say
# kmt_after while it lives. Root, eBPF.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON to load the eBPF program)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (configure found no clang, bpftool or libbpf)"
command -v jq > /dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

pid= w=
trap '[ -n "$pid" ] && kill $pid 2> /dev/null; [ -n "$w" ] && kill $w 2> /dev/null; rm -rf "$T_TMP"' EXIT
cp "$(command -v sh)" "$T_TMP/kmt_before" && cp "$(command -v sleep)" "$T_TMP/kmt_after" ||
	fail "copying sh and sleep"

"$KMEMTOP" --view activity --by process -b -d 0.3 --json > "$T_TMP/out" 2> "$T_TMP/err" &
pid=$!
wait_for 1 "$T_TMP/out" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err")"
# 20,000 opens as kmt_before (its entries and their comm made then, in
# snapshots of their own), then exec
"$T_TMP/kmt_before" -c 'i=0
	while [ $i -lt 20000 ]; do exec 3< /dev/null; exec 3<&-; i=$((i + 1)); done
	exec "$0" 60' "$T_TMP/kmt_after" &
w=$!
k=0
while [ "$(cat /proc/$w/comm 2> /dev/null)" != kmt_after ] && [ $k -lt 600 ]; do
	sleep 0.05
	k=$((k + 1))
done
[ "$(cat /proc/$w/comm)" = kmt_after ] || fail "the workload did not exec kmt_after"
n0=$(count "$T_TMP/out" '"view":"activity"')
wait_for $((n0 + 2)) "$T_TMP/out" '"view":"activity"' || fail "kmemtop stopped: $(cat "$T_TMP/err")"
row=$(tail -n 1 "$T_TMP/out" | jq -c --argjson p "$w" '[.rows[] | select(.pid == $p)] | first')
case $row in
*'"command":"kmt_after"'*) pass "PID $w named as exec named it: $row" ;;
*) fail "PID $w: $row" ;;
esac
finish
