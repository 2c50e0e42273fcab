#!/bin/sh
# tests/tui_oom.sh - the OOM view in a real terminal (tmux, 180x40), on
# the live process table, looking only at this test's own children: 3
# opens it; / finds a child by PID, its FDS, SOCKS and PTE read for the
# screen; e shows the name and the current value
# selected, typing replaces it, Enter asks "PID NAME: OLD -> NEW" and only
# y (or Enter) writes it; a stray digit plus Enter writes nothing; 5000
# and "abc" are refused with the prompt left open, and Escape then keeps
# the / filter; Escape cancels; the confirmation of a python3 script
# names "python3 leak.py"; lowering without
# CAP_SYS_RESOURCE is explained; when the process exits while the prompt
# is open and its PID goes to another process, nothing is written to the
# newcomer; a child named with an escape sequence is shown escaped and
# never clears the screen; K shows kernel threads. The PID-reuse steps
# run in a PID namespace of the test's own (own_pid_namespace in lib.sh).
# The children run from copies of sleep in the test's own temporary
# directory, and the filter is that path: only they can match it (a PID
# typed as a filter also matches other PIDs, cgroup hashes and command
# lines, and on a busy machine those push the child off the screen).
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "not root: writing other processes' oom_score_adj and reusing a PID need root"
[ -w /proc/sys/kernel/ns_last_pid ] || skip "cannot write /proc/sys/kernel/ns_last_pid (to make a PID be reused)"
. "$top_srcdir/tests/tmux.sh"

# K: kernel threads, filtered to kthreadd's name as the view writes a
# kernel thread's ("[kthreadd]": one thread, PID 2, on every Linux):
# hidden, then shown. Kernel threads are seen only from the machine's
# first PID namespace, so this part runs here; the rest, which makes PIDs
# be reused, runs in a PID namespace of its own.
if [ -z "${KMEMTOP_PIDNS:-}" ]; then
	tm_start 180 40 "'$KMEMTOP' -d 1"
	tm_wait 'Active / Total Objects' 5 || fail "slab view did not start"
	tm_keys 3
	tm_wait 'PID USER +SCORE +ADJ' 5 || fail "no OOM view"
	tm_keys / C-u
	tm_keys -l '[kthreadd]'
	tm_keys Enter
	tm_wait 'Filter: \[kthreadd\] \(0 of ' 5 || fail "kthreadd shown before K"
	tm_keys K
	tm_wait "Kernel threads: shown" 5 && tm_wait '^ +2 root .*\[kthreadd\]' 5 &&
		pass "K shows kernel threads" || fail "K"
	tm_keys Escape q
	tm_wait 'EXIT=0' 5 || fail "exit after K"
	tm_stop
fi
own_pid_namespace

kid="$T_TMP/kid" oth="$T_TMP/oth"
cp "$(command -v sleep)" "$kid" && cp "$(command -v sleep)" "$oth" || fail "copy sleep"
"$kid" 300 &
child=$!
evil= other= newcomer=
# (at the end, the test's own children by their parent: a PID killed
# before may be another process's by then)
trap 'tm_stop; pkill -P $$ 2>/dev/null; rm -rf "$T_TMP"' EXIT
adj() { cat /proc/"${1:-$child}"/oom_score_adj; }
# until_adj VALUE [PID]: poll until the file holds VALUE (5 s)
until_adj() {
	i=0
	while [ "$(adj "${2:-}")" != "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ "$(adj "${2:-}")" = "$1" ]
}

tm_start 180 40 "'$KMEMTOP' -d 1"
tm_wait 'Active / Total Objects' 5 || fail "slab view did not start"
tm_keys 3
tm_wait 'PID USER +SCORE +ADJ' 5 && pass "3 opens the OOM view" || fail "no OOM view"
tm_keys /
tm_keys -l "$kid"
tm_keys Enter
tm_wait "^ +$child root .* kid 300" 5 && pass "/ finds the child by its command" || fail "filter to $child"
tm_wait "Filter: .*/kid \\(1 of " 5 || fail "the filter left other rows"
# FDS, SOCKS and PTE are read for the rows on screen (COL_LAZY): the
# child's fds as /proc says, no socket, its page tables in KiB
nfd=$(ls /proc/$child/fd | wc -l)
pte=$(awk '/^VmPTE:/ { print $2 }' /proc/$child/status)
tm_wait "^ +$child root .* $nfd +0 +${pte}K .* kid 300" 5 &&
	pass "the row on screen shows FDS $nfd, SOCKS 0, PTE ${pte}K" || fail "FDS/SOCKS/PTE on screen ($nfd fds, ${pte}K)"

# the prompt: name and current value; typing replaces the value
tm_keys e
tm_wait "oom_score_adj of $child kid 300 \\(now 0\\): 0" 5 &&
	pass "e shows the process, its name and the current value" || fail "edit prompt"
tm_keys 1 2 3 Enter
tm_wait "$child kid 300: 0 -> 123\\? \\(y or Enter writes it" 5 &&
	pass "typing replaced the value; Enter asks to confirm" || fail "confirmation question"
[ "$(adj)" = 0 ] && pass "nothing written before the confirmation" || fail "written before y: $(adj)"
tm_keys y
until_adj 123 && pass "y wrote 123" || fail "oom_score_adj is $(adj), not 123"
tm_wait "set to 123 \\(was 0\\)" 5 && tm_wait "^ +$child root +[0-9]+ +123 " 5 &&
	pass "the row shows ADJ 123" || fail "row after the write"

# a stray digit and Enter: a question, not a write
tm_keys e 5 Enter
tm_wait "$child kid 300: 123 -> 5\\?" 5 || fail "no question after a stray digit"
tm_keys n
tm_wait "cancelled; nothing changed" 5 && [ "$(adj)" = 123 ] &&
	pass "a stray digit + Enter changes nothing (any key but y cancels)" || fail "stray digit: adj $(adj)"

# a value refused: the prompt stays open, saying why; typing replaces
# the value refused; Escape then cancels the edit, never the filter
tm_keys e 5 0 0 0 Enter
tm_wait "oom_score_adj of $child kid 300 \\(now 123\\): 5000  out of range" 5 && [ "$(adj)" = 123 ] &&
	pass "5000 refused: the prompt stays open with why, file unchanged" || fail "5000: adj $(adj)"
tm_keys a b c Enter
tm_wait "\\(now 123\\): abc  not a number" 5 && [ "$(adj)" = 123 ] &&
	pass "abc (typed over 5000) refused, the prompt still open" || fail "abc: adj $(adj)"
tm_keys Escape
tm_wait "edit cancelled; nothing changed" 5 && tm_wait "Filter: .*/kid \\(1 of " 5 && [ "$(adj)" = 123 ] &&
	pass "Escape after a refusal cancels the edit; the / filter stays" ||
	fail "Escape after a refusal: adj $(adj), status $(tail -1 "$TMUX_SCREEN")"
tm_keys e 9 9 9 9 Enter
tm_wait "out of range" 5 || fail "9999 not refused"
tm_keys 7 Enter
tm_wait "$child kid 300: 123 -> 7\\?" 5 && pass "a value typed after a refusal reaches the question" ||
	fail "no question after a refusal"
tm_keys n
tm_wait "cancelled; nothing changed" 5 || fail "n after a refusal"
tm_keys e 7 Escape
tm_wait "edit cancelled" 5 && [ "$(adj)" = 123 ] && pass "Escape cancels" || fail "Escape: adj $(adj)"
tm_keys e Enter
tm_wait "unchanged \\(123\\); nothing written" 5 && pass "Enter on the value as it was: nothing written" ||
	fail "unchanged value"
# Backspace on the selected value clears it; Enter confirms too
tm_keys e BSpace 1 9 Enter
tm_wait "123 -> 19\\?" 5 && tm_keys Enter
until_adj 19 && pass "Backspace clears the selected value; Enter confirms (123 -> 19)" || fail "Backspace: adj $(adj)"

# lowering: allowed with CAP_SYS_RESOURCE, explained without it
tm_keys e
tm_keys -l -- "-5"
tm_keys Enter
tm_wait "19 -> -5\\?" 5 || fail "no question for -5"
tm_keys y
if tm_wait "set to -5|CAP_SYS_RESOURCE" 5; then
	if grep -q "set to -5" "$TMUX_SCREEN"; then
		[ "$(adj)" = -5 ] && pass "lowering to -5 worked (CAP_SYS_RESOURCE held)" || fail "lowering"
	else
		! grep -q "run as root" "$TMUX_SCREEN" && [ "$(adj)" = 19 ] &&
			pass "lowering refused in words: needs CAP_SYS_RESOURCE (no 'run as root' to root)" ||
			fail "lowering refused but changed, or advice to run as root"
	fi
else
	fail "no answer to lowering"
fi

# the process exits while the prompt is open, and its PID is given to
# another process: nothing reaches the newcomer
reuse() { # PID: start a sleep with that PID (retries) as $newcomer
	# (other processes may take the PID first: tries)
	for _t in $(seq 1 50); do
		echo $(($1 - 1)) > /proc/sys/kernel/ns_last_pid
		sleep 301 &
		newcomer=$!
		[ "$newcomer" = "$1" ] && return 0
		kill "$newcomer" 2>/dev/null
	done
	return 1
}
# filter_oth: the filter is the path of oth (only the children run it)
filter_oth() {
	tm_keys Escape / C-u
	tm_keys -l "$oth"
	tm_keys Enter
}
"$oth" 300 &
other=$!
filter_oth
tm_wait "^ +$other root .* oth 300" 5 || fail "filter to $other"
tm_keys e
tm_wait "oom_score_adj of $other oth 300 \\(now 0\\)" 5 || fail "prompt for $other"
tm_keys 7 7 7 Enter
tm_wait "$other oth 300: 0 -> 777\\?" 5 || fail "question for $other"
kill $other; wait $other 2>/dev/null
if reuse "$other"; then
	tm_keys y
	tm_wait "process $other exited; nothing changed" 5 && [ "$(adj "$newcomer")" = 0 ] &&
		pass "PID $other reused by another process before y: refused, the newcomer untouched" ||
		fail "PID reuse: newcomer's adj $(adj "$newcomer")"
	# and the same when the reuse comes before Enter
	kill "$newcomer"; wait "$newcomer" 2>/dev/null
	"$oth" 300 &
	other=$!
	filter_oth
	tm_wait "^ +$other root .* oth 300" 5 || fail "filter to $other"
	tm_keys e
	tm_wait "oom_score_adj of $other" 5 || fail "prompt for $other"
	kill $other; wait $other 2>/dev/null
	reuse "$other" || fail "no PID reuse"
	tm_keys 7 7 7 Enter
	tm_wait "process $other exited; nothing changed" 5 && [ "$(adj "$newcomer")" = 0 ] &&
		pass "PID reused while typing: Enter refuses, the newcomer untouched" ||
		fail "PID reuse before Enter: newcomer's adj $(adj "$newcomer")"
else
	fail "could not make PID $other be reused"
fi

# the confirmation names the script an interpreter runs: "python3
# leak.py", not the start of the interpreter's path
if command -v python3 > /dev/null 2>&1; then
	printf 'import time\ntime.sleep(300)\n' > "$T_TMP/leak.py"
	# the interpreter itself, by its full path (a pyenv shim would run
	# a shell first)
	"$(python3 -c 'import sys; print(sys.executable)')" "$T_TMP/leak.py" &
	py=$!
	i=0; while ! grep -q leak.py "/proc/$py/cmdline" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	interp=$(tr '\0' '\n' < "/proc/$py/cmdline" | head -1)
	interp=${interp##*/}
	tm_keys Escape / C-u
	tm_keys -l "$T_TMP/leak.py"
	tm_keys Enter
	tm_wait "^ +$py root " 5 || fail "filter to $py"
	tm_keys e
	tm_wait "oom_score_adj of $py $interp leak.py \\(now 0\\)" 5 || fail "prompt for $py: $(tail -1 "$TMUX_SCREEN")"
	tm_keys 5 Enter
	tm_wait "$py $interp leak.py: 0 -> 5\\?" 5 && pass "the confirmation names the script: $interp leak.py" ||
		fail "confirmation for $py: $(tail -1 "$TMUX_SCREEN")"
	tm_keys n
	kill $py
else
	echo "note: no python3: the script-name check skipped"
fi

# an escape sequence in a process name
tm_keys Escape
name="$(printf 'evil\033[2Jx')"
cp "$(command -v sleep)" "$T_TMP/$name"
"$T_TMP/$name" 300 &
evil=$!
tm_keys / C-u
tm_keys -l "$T_TMP/evil"
tm_keys Enter
tm_wait 'evil\\x1b\[2Jx 300' 5 && tm_wait 'PID USER' 2 &&
	pass "escape sequence shown as \\x1b, screen not cleared" || fail "evil name"

tm_keys Escape '?'
tm_wait 'keys in the oom view' 5 || fail "no help"
# the note is at the foot of the help, below the keys: a page down
tm_keys NPage
tm_wait 'legacy /proc/PID/oom_adj' 5 && pass "help explains the legacy oom_adj scale" || fail "help note"
tm_keys Escape q
tm_wait 'EXIT=0' 5 && pass "q exits 0" || fail "exit"
finish
