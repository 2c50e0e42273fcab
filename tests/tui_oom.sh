#!/bin/sh
# tests/tui_oom.sh - the OOM view in a real terminal (tmux, 140x40), on
# the live process table: 3 opens it; / finds a child by PID; e Ctrl-U
# 123 Enter writes 123 to /proc/PID/oom_score_adj; 5000 and "abc" are
# refused with the file unchanged; Escape cancels; lowering without
# CAP_SYS_RESOURCE is explained; a child named with an escape sequence is
# shown escaped and never clears the screen; K shows kernel threads.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "not root: writing other processes' oom_score_adj and reading them all needs root"
. "$top_srcdir/tests/tmux.sh"

sleep 300 &
child=$!
evil=
trap 'tm_stop; kill $child $evil 2>/dev/null; rm -rf "$T_TMP"' EXIT
adj() { cat /proc/$child/oom_score_adj; }

tm_start 140 40 "'$KMEMTOP' -d 1"
tm_wait 'Active / Total Objects' 5 || fail "slab view did not start"
tm_keys 3
tm_wait 'PID USER +SCORE +ADJ' 5 && pass "3 opens the OOM view" || fail "no OOM view"
tm_keys / "$child" Enter
tm_wait "^ +$child root .*sleep 300" 5 && pass "/ finds the child by PID" || fail "filter to $child"
tm_wait_not "^ +1 root" 5 || fail "the filter left other rows"

tm_keys e
tm_wait "oom_score_adj of $child \\(sleep 300\\): 0" 5 && pass "e opens the prompt, prefilled with 0" || fail "edit prompt"
tm_keys C-u 1 2 3 Enter
i=0; while [ "$(adj)" != 123 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(adj)" = 123 ] && pass "e Ctrl-U 123 Enter wrote 123" || fail "oom_score_adj is $(adj), not 123"
tm_wait "set to 123" 5 && tm_wait "^ +$child root +[0-9]+ +123 " 5 &&
	pass "the row shows ADJ 123" || fail "row after the write"

tm_keys e C-u 5 0 0 0 Enter
tm_wait "out of range" 5 && [ "$(adj)" = 123 ] && pass "5000 refused, file unchanged" || fail "5000: adj $(adj)"
tm_keys e C-u a b c Enter
tm_wait "not a number" 5 && [ "$(adj)" = 123 ] && pass "abc refused, file unchanged" || fail "abc: adj $(adj)"
tm_keys e C-u 7 Escape
tm_wait "edit cancelled" 5 && [ "$(adj)" = 123 ] && pass "Escape cancels" || fail "Escape: adj $(adj)"
tm_keys e BSpace BSpace 9 Enter
i=0; while [ "$(adj)" != 19 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(adj)" = 19 ] && pass "Backspace edits the prefilled value (123 -> 19)" || fail "Backspace: adj $(adj)"

# lowering: allowed with CAP_SYS_RESOURCE, explained without it
tm_keys e C-u
tm_keys -l -- "-5"
tm_keys Enter
if tm_wait "set to -5|CAP_SYS_RESOURCE" 5; then
	if grep -q "set to -5" "$TMUX_SCREEN"; then
		[ "$(adj)" = -5 ] && pass "lowering to -5 worked (CAP_SYS_RESOURCE held)" || fail "lowering"
	else
		[ "$(adj)" = 19 ] && pass "lowering refused in words: needs CAP_SYS_RESOURCE" || fail "lowering refused but changed"
	fi
else
	fail "no answer to lowering"
fi

# the process is gone
kill $child; wait $child 2>/dev/null
tm_keys e
tm_wait "no process selected|oom_score_adj of $child" 5
if grep -q "oom_score_adj of $child" "$TMUX_SCREEN"; then
	tm_keys C-u 1 Enter
	tm_wait "is gone" 5 && pass "a vanished process: 'is gone'" || fail "vanished process message"
else
	pass "the vanished process left the table before e"
fi

# an escape sequence in a process name
tm_keys Escape
name="$(printf 'evil\033[2Jx')"
cp "$(command -v sleep)" "$T_TMP/$name"
"$T_TMP/$name" 300 &
evil=$!
tm_keys / e v i l Enter
tm_wait 'evil\\x1b\[2Jx 300' 5 && tm_wait 'PID USER' 2 &&
	pass "escape sequence shown as \\x1b, screen not cleared" || fail "evil name"

# K: kernel threads
tm_keys Escape K
tm_wait "Kernel threads: shown" 5 && tm_wait '\[kthreadd\]' 5 &&
	pass "K shows kernel threads" || fail "K"
tm_keys '?'
tm_wait 'legacy /proc/PID/oom_adj' 5 && pass "help explains the legacy oom_adj scale" || fail "help note"
tm_keys Escape q
tm_wait 'EXIT=0' 5 && pass "q exits 0" || fail "exit"
finish
