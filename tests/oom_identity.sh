#!/bin/sh
# tests/oom_identity.sh - a process is its PID and its start time: in
# batch JSON, when a child exits between two snapshots and another
# process gets its PID, the newcomer is "new" (no "delta" against the old
# one) and the old one is reported "gone"; the start_time field is field
# 22 of /proc/PID/stat. Runs in a PID namespace of its own.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "not root: making a PID be reused needs /proc/sys/kernel/ns_last_pid"
[ -w /proc/sys/kernel/ns_last_pid ] || skip "cannot write /proc/sys/kernel/ns_last_pid"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
# (the PID games in a PID namespace of the test's own: lib.sh)
own_pid_namespace

sleep 300 &
old=$!
new=
# (the test's own children by their parent: $old may be another
# process's PID by the end)
trap 'pkill -P $$ 2>/dev/null; rm -rf "$T_TMP"' EXIT
echo 500 > /proc/$old/oom_score_adj
J="$T_TMP/oom.jsonl"
# the batch is stopped between its two snapshots while the PID changes
# hands (SIGSTOP once the first is written, SIGCONT after): on a busy
# machine the exit and the reuse can take longer than the delay, and
# must not fall on both sides of the second snapshot
"$KMEMTOP" -b -n 2 -d 2 --json --view oom --output "$J" 2> "$T_TMP/err" &
pid=$!
i=0; while [ "$( (wc -l < "$J") 2>/dev/null || echo 0)" -lt 1 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -STOP $pid
st=$(sed 's/.*) //' /proc/$old/stat | cut -d' ' -f20)
jq -e --argjson p $old --argjson s "$st" '.rows[] | select(.pid == $p) | .start_time == $s' "$J" > /dev/null &&
	pass "start_time is field 22 of /proc/PID/stat ($st)" || fail "start_time: $(jq -c --argjson p $old '.rows[] | select(.pid == $p)' "$J")"
kill $old; wait $old 2>/dev/null
for t in $(seq 1 50); do # (other processes may take the PID first)
	echo $((old - 1)) > /proc/sys/kernel/ns_last_pid
	sleep 301 &
	new=$!
	[ "$new" = "$old" ] && break
	kill $new
done
[ "$new" = "$old" ] || fail "could not make PID $old be reused"
kill -CONT $pid
wait $pid || fail "batch: exit $? $(cat "$T_TMP/err")"
S2='[inputs][1].rows'
jq -n -e --argjson p $old "$S2"' | map(select(.pid == $p and (.command | startswith("sleep 301")))) | length == 1 and .[0].new == true and (.[0] | has("delta") | not)' "$J" > /dev/null &&
	pass "the newcomer with PID $old is new, without a delta against the old process" ||
	fail "newcomer: $(jq -n -c --argjson p $old "$S2"' | map(select(.pid == $p))' "$J")"
jq -n -e --argjson p $old "$S2"' | map(select(.pid == $p and .gone == true and .oom_score_adj == 500)) | length == 1' "$J" > /dev/null &&
	pass "the old process is reported gone" || fail "gone row"
finish
