#!/bin/sh
# tests/oom.sh - the OOM view on the live system, in --once and --json:
# a child given oom_score_adj 777 is listed with that adj and the
# oom_score /proc shows; a child whose name holds an escape sequence is
# shown escaped, never raw; the summary comes from --root's meminfo.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
[ -r /proc/self/oom_score_adj ] || skip "no /proc/PID/oom_score_adj here"

sleep 300 &
child=$!
trap 'kill $child $evil 2>/dev/null; rm -rf "$T_TMP"' EXIT
evil=
echo 777 > /proc/$child/oom_score_adj || fail "cannot set up the child's oom_score_adj"

"$KMEMTOP" --once --view oom --json > "$T_TMP/j" 2> "$T_TMP/err" || fail "exit $?: $(cat "$T_TMP/err")"
score=$(cat /proc/$child/oom_score)
jq -e --argjson p $child --argjson s "$score" \
	'.view == "oom" and ([.rows[] | select(.pid == $p and .oom_score_adj == 777 and .oom_score == $s and (.command | startswith("sleep 300")))] | length == 1)' \
	"$T_TMP/j" > /dev/null &&
	pass "child $child: oom_score_adj 777, oom_score $score in --json" ||
	fail "child not found as expected: $(jq -c --argjson p $child '.rows[] | select(.pid == $p)' "$T_TMP/j")"
jq -e '.rows[0] | keys == ["cgroup","command","fds","oom_score","oom_score_adj","pid","rss","sockets","start_time","swap","user","vm_pte"]' "$T_TMP/j" > /dev/null &&
	pass "JSON rows carry pid, user, oom_score, oom_score_adj, rss, swap, fds, sockets, vm_pte, start_time, cgroup, command" ||
	fail "JSON row fields: $(jq -c '.rows[0] | keys' "$T_TMP/j")"
jq -e '.summary.mem_total > 0 and (.summary.overcommit_memory | type == "number") and .summary.processes > 0' "$T_TMP/j" > /dev/null &&
	pass "JSON summary: mem_total, overcommit_memory, processes" || fail "JSON summary: $(jq -c .summary "$T_TMP/j")"
# sorted by oom_score, highest first
jq -e '[.rows[].oom_score] as $s | $s == ($s | sort | reverse)' "$T_TMP/j" > /dev/null &&
	pass "rows sorted by oom_score, highest first" || fail "sort order"
# RSS in bytes: the child's VmRSS (kB) x 1024
rss_kb=$(awk '/^VmRSS:/ { print $2 }' /proc/$child/status)
jq -e --argjson p $child --argjson r "$rss_kb" '.rows[] | select(.pid == $p) | .rss == $r * 1024' "$T_TMP/j" > /dev/null &&
	pass "rss in bytes (VmRSS $rss_kb kB)" || fail "rss"

# text: the child's row, with its adj and the header
"$KMEMTOP" --once --view oom -s pid > "$T_TMP/t" 2>&1 || fail "text exit $?"
grep -q '^ *PID USER *SCORE *ADJ' "$T_TMP/t" && pass "text header" || fail "text header: $(sed -n 7p "$T_TMP/t")"
grep -Eq "^ *$child .* 777 .*sleep 300" "$T_TMP/t" && pass "text row of the child" || fail "text row"
grep -q 'Overcommit (vm.overcommit_memory)' "$T_TMP/t" && grep -q 'MemAvailable / MemTotal' "$T_TMP/t" &&
	pass "text summary lines" || fail "summary: $(head -6 "$T_TMP/t")"

# kernel threads: hidden by default, listed with --kernel-threads (the
# counts compared within one snapshot: kernel workers come and go)
kt=$("$KMEMTOP" --once --view oom --json | jq '.summary.kernel_threads')
if [ "$kt" -gt 0 ]; then
	"$KMEMTOP" --once --view oom --json --kernel-threads | jq -e '[.rows[] | select(.command | test("^\\["))] | length > 0' > /dev/null &&
		"$KMEMTOP" --once --view oom --json | jq -e '.summary.processes - .summary.kernel_threads == (.rows | length)' > /dev/null &&
		pass "$kt kernel threads hidden, shown with --kernel-threads" || fail "kernel threads"
fi

# a process named with an escape sequence
name="$(printf 'evil\033[2J\033]0;t\007')"
cp "$(command -v sleep)" "$T_TMP/$name"
"$T_TMP/$name" 300 &
evil=$!
# until it has exec'd (its command line is its own, not the shell's)
i=0; while ! grep -q evil "/proc/$evil/cmdline" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
"$KMEMTOP" --once --view oom -s pid > "$T_TMP/t" 2>&1
"$KMEMTOP" --once --view oom --json > "$T_TMP/j" 2>&1
if LC_ALL=C grep -q "$(printf '\033')" "$T_TMP/t" "$T_TMP/j"; then
	fail "a raw ESC byte reached the output"
else
	pass "no raw ESC byte in text or JSON"
fi
grep -qF 'evil\x1b[2J\x1b]0;t\x07 300' "$T_TMP/t" && pass "text shows the name escaped" ||
	fail "escaped name: $(grep -a "^ *$evil " "$T_TMP/t")"
jq -e --argjson p $evil '.rows[] | select(.pid == $p) | .command | contains("evil\u001b[2J")' "$T_TMP/j" > /dev/null &&
	pass "JSON keeps the bytes, escaped by json-c" || fail "JSON command of the evil child"

# --root: the summary from the capture, no process table, a note
R="$T_TMP/root"
make_root "$R" meminfo="$TESTDATA/meminfo-5.14-x86_64-pcp-qa-007.txt"
mkdir -p "$R/proc/sys/vm" && echo 2 > "$R/proc/sys/vm/overcommit_memory"
"$KMEMTOP" --once --view oom --json --root "$R" > "$T_TMP/j" 2> "$T_TMP/err"; rc=$?
want=$(awk '/^MemTotal:/ { printf "%.0f", $2 * 1024 }' "$R/proc/meminfo")
[ $rc -eq 0 ] && jq -e --argjson m "$want" '.summary.mem_total == $m and .summary.overcommit_memory == 2 and (.rows | length) == 0' "$T_TMP/j" > /dev/null &&
	grep -q 'not the live system' "$T_TMP/err" &&
	pass "--root: the capture's memory summary, no processes, a note" ||
	fail "--root: rc=$rc $(cat "$T_TMP/err") $(jq -c .summary "$T_TMP/j")"

# -s with a key of another view is a usage error
"$KMEMTOP" --once --view oom -s objs > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "-s objs in the oom view: exit 2" || fail "-s objs: exit $rc"
finish
