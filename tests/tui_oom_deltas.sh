#!/bin/sh
# tests/tui_oom_deltas.sh - the OOM view has the delta modes: the classic
# exercise "watch oom_score rise" shows the rise since the baseline, not
# since the last refresh. The process is this test's own child, found by
# its PID; its score is raised through its oom_score_adj (root: raising a
# value needs no capability, lowering would).
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "not root: writing a child's oom_score_adj as another user's test would need root"
. "$top_srcdir/tests/tmux.sh"

# a name of its own to filter by: its PID as text would match other
# processes' PIDs that hold it (321 matched 32128 and 32132 in CI)
name=oomd$$
cp "$(command -v sleep)" "$T_TMP/$name" || fail "copying sleep"
"$T_TMP/$name" 300 &
child=$!
trap 'tm_stop; kill $child 2>/dev/null; rm -rf "$T_TMP"' EXIT
adj() { echo "$1" > /proc/$child/oom_score_adj; }
score() { cat /proc/$child/oom_score; }

tm_start 160 40 "'$KMEMTOP' --view oom -d 600"
tm_wait 'PID USER +SCORE' 5 || fail "no OOM view"
tm_keys / "$name" Enter
tm_wait "Filter: $name \\(1 of " 5 || fail "filter to the child"
s0=$(score)
adj 100
s1=$(score)
tm_keys Space
tm_wait "^ +$child root +$s1 +100 +\\+$((s1 - s0)) " 5 &&
	pass "dSCORE since the last refresh: +$((s1 - s0))" || fail "first rise"
adj 300
s2=$(score)
tm_keys Space
tm_wait "^ +$child root +$s2 +300 +\\+$((s2 - s1)) " 5 &&
	pass "dSCORE since the last refresh: +$((s2 - s1))" || fail "second rise"
tm_keys d
tm_wait "Deltas: since [0-9]{2}:[0-9]{2}:[0-9]{2}" 5 &&
	tm_wait "^ +$child root +$s2 +300 +\\+$((s2 - s0)) " 5 &&
	pass "d: since the baseline, the whole rise (+$((s2 - s0)))" || fail "since the baseline"
tm_keys z
tm_wait 'baseline: a reading taken now' 5
tm_wait_not "^ +$child root +$s2 +300 +\\+" 5 &&
	pass "z: nothing changed since the new baseline" || fail "z in the OOM view"
tm_stop
finish
