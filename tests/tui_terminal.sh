#!/bin/sh
# tests/tui_terminal.sh - the live view never spins and never leaves the
# terminal broken: SIGQUIT restores it; a terminal that goes away without
# SIGHUP ends the program; under LANG=C a UTF-8 name is escaped, and in
# UTF-8 wide characters never push a row past the edge onto the next; a
# 40x5 terminal keeps the status line and a row; + and - move the delay
# monotonically; a view is read again when Tab brings it back; keys that
# move the selection or the sort never re-read the files; in the
# ungrouped vmalloc view the selection stays on its area, not on the
# first area of the same caller.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; [ -n "${kpid:-}" ] && kill -9 "$kpid" 2>/dev/null; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
bump() { # CACHE N: add N active and total objects to CACHE
	awk -v c="$1" -v n="$2" '$1 == c { $2 += n; $3 += n } { print }' \
		"$R/proc/slabinfo" > "$R/proc/slabinfo.new" &&
		mv "$R/proc/slabinfo.new" "$R/proc/slabinfo"
}
pane_pid() { tm list-panes -F '#{pane_pid}'; }

# 1. SIGQUIT (Ctrl-\) restores the terminal, like SIGTERM
tm_start 100 30 "'$KMEMTOP' --root '$R' -d 1"
tm_wait 'OBJS ACTIVE' || fail "no table"
pkill -QUIT -P "$(pane_pid)"
tm_wait 'EXIT=' 5 || fail "SIGQUIT did not end it"
[ "$(tm display -p '#{alternate_on}')" = 0 ] && [ "$(tm display -p '#{cursor_flag}')" = 1 ] &&
	pass "SIGQUIT: alternate screen off and the cursor visible again" ||
	fail "SIGQUIT left the terminal: alternate_on=$(tm display -p '#{alternate_on}') cursor=$(tm display -p '#{cursor_flag}')"

# 2. the terminal goes away without a SIGHUP (a new session: no
# controlling terminal): the program ends instead of spinning
PF="$T_TMP/kmemtop.pid"
# (no leak check at its exit: under the sanitizers LeakSanitizer's
# tracer hangs in a process whose terminal is gone; the normal build and
# valgrind.sh cover leaks)
tm_start 100 30 "sh -c 'echo \$\$ > \"$PF\"; exec setsid -w env ASAN_OPTIONS=detect_leaks=0 \"$KMEMTOP\" --root \"$R\" -d 1'"
tm_wait 'OBJS ACTIVE' || fail "no table under setsid"
kpid=$(cat "$PF")
# the terminal goes away (not tm_stop: that would kill what is left)
tm kill-server
i=0; while [ -d "/proc/$kpid" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
if [ -d "/proc/$kpid" ] && ! grep -q '^State:.*Z' "/proc/$kpid/status" 2>/dev/null; then
	t1=$(awk '{ print $14 + $15 }' "/proc/$kpid/stat"); sleep 1; t2=$(awk '{ print $14 + $15 }' "/proc/$kpid/stat")
	fail "still running 5 s after its terminal went away ($((t2 - t1)) ticks of CPU in 1 s)"
	kill -9 "$kpid"
else
	pass "the terminal gone: the program ended"
fi
kpid=

# 3. names the locale cannot show, and wide characters
W=$(printf '\344\270\255%.0s' $(seq 1 30)) # 30 CJK characters, 60 cells
{
	head -2 "$TESTDATA/slabinfo-seed.txt"
	printf 'aaa_first 10 20 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'caf\303\251_cache 10 20 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'wide_%s 10 20 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n' "$W"
	printf 'zzz_last 10 20 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
} > "$T_TMP/names"
U="$T_TMP/uroot"
make_root "$U" slabinfo="$T_TMP/names"
tm_start 100 30 "env LC_ALL=C '$KMEMTOP' --root '$U' -d 1 -s n"
tm_wait 'zzz_last' || fail "no table under LC_ALL=C"
grep -qF 'caf\xc3\xa9_cache' "$TMUX_SCREEN" && pass "LC_ALL=C: a UTF-8 name is shown escaped" ||
	fail "LC_ALL=C: $(grep caf "$TMUX_SCREEN")"
tm_start 100 30 "'$KMEMTOP' --root '$U' -d 1 -s n"
tm_wait 'zzz_last' || fail "no table in UTF-8"
wline=$(grep -n 'wide_' "$TMUX_SCREEN" | cut -d: -f1)
zline=$(grep -n 'zzz_last' "$TMUX_SCREEN" | cut -d: -f1)
wide=$(sed -n "${wline:-1}p" "$TMUX_SCREEN" | LC_ALL=C.UTF-8 wc -L)
grep -qF "café_cache" "$TMUX_SCREEN" && [ -n "$wline" ] && [ "$zline" = $((wline + 1)) ] &&
	grep 'zzz_last' "$TMUX_SCREEN" | grep -Eq '^ +20 +10 ' && [ "$wide" -ge 99 ] && [ "$wide" -le 100 ] &&
	pass "UTF-8: a name of wide characters fills the row to the edge ($wide of 100 cells); the next row is whole" ||
	{ fail "wide name: $wide cells, wide on line $wline, zzz on $zline"; cat "$TMUX_SCREEN"; }

# 4. a 40x5 terminal: the status line and a row
tm_start 40 5 "'$KMEMTOP' --root '$R' -d 1"
tm_wait '^\[1:slab\]' 5 && tm_wait '^ *[0-9]+ +[0-9]+ ' 5 &&
	pass "40x5: the status line and a table row are shown" ||
	{ fail "40x5"; cat "$TMUX_SCREEN"; }

# 5. + doubles and - halves the delay; - never lengthens a short one
tm_start 140 40 "'$KMEMTOP' --root '$R' -d 3600"
tm_wait 'OBJS ACTIVE' || fail "no table"
tm_keys +
tm_wait 'refresh every 7200s' 5 && pass "+ from 3600 s: 7200 s" || fail "+ from 3600"
tm_keys - -
tm_wait 'refresh every 1800s' 5 && pass "- - from 7200 s: 1800 s" || fail "- from 7200"

# 6. keys that move the selection or change the sort never re-read
bump dentry 1000
tm_keys Down Down Up n r c
tm_wait 'Sort: CACHE SIZE desc' 5 || fail "sort keys"
grep -q '+1000' "$TMUX_SCREEN" && fail "a movement or sort key re-read the files" ||
	pass "Down, Up, n, r, c: no re-read (the change is not shown yet)"
tm_keys Space
tm_wait '\+1000 .* dentry' 5 && pass "Space re-reads: +1000 on dentry" || fail "Space"

# 7. Tab back to a view reads it again at once (-d 3600: no timer)
tm_keys Tab
tm_wait '\[2:vmalloc\]' 5 || fail "Tab"
bump dentry 500
tm_keys 1
tm_wait '\[1:slab\]' 5 && tm_wait '\+500 .* dentry' 5 &&
	pass "back to the slab view: read again at once (+500)" || fail "stale slab view after Tab"
tm_keys q
tm_wait 'EXIT=0' 5 || fail "q"
tm_start 100 30 "'$KMEMTOP' --root '$R' -d 0.05"
tm_wait 'OBJS ACTIVE' || fail "no table"
tm_keys -
tm_wait 'refresh every 0.05s' 5 && pass "- from 0.05 s: unchanged (not lengthened)" || fail "- from 0.05"
tm_keys +
tm_wait 'refresh every 0.1s' 5 && pass "+ from 0.05 s: 0.1 s" || fail "+ from 0.05"

# 8. ungrouped vmalloc: the selection stays on its area
V="$T_TMP/vroot"
mkdir -p "$V/proc"
cat > "$V/proc/vmallocinfo" <<'EOF'
0xffffc90000100000-0xffffc90000103000   12288 drv_map+0x10/0x20 phys=0xfe000000 ioremap
0xffffc90000200000-0xffffc90000205000   20480 drv_map+0x10/0x20 phys=0xfe100000 ioremap
0xffffc90000300000-0xffffc90000309000   36864 drv_map+0x10/0x20 phys=0xfe200000 ioremap
0xffffc90000400000-0xffffc90000402000    8192 other_fn+0x1/0x2 pages=1 vmalloc
EOF
tm_start 140 30 "'$KMEMTOP' --root '$V' -d 1 --view vmalloc --group-by none"
tm_wait '0xffffc90000300000' 5 || fail "no areas"
tm_keys Down
tm_wait_sel 'START +END' 1 || fail "Down did not select the second area"
sel=$(tm_sel_text 'START +END')
echo "$sel" | grep -q 0xffffc90000200000 || fail "Down did not select the second area: $sel"
echo '0xffffc90000500000-0xffffc90000502000    8192 newcomer+0x1/0x2 pages=1 vmalloc' >> "$V/proc/vmallocinfo"
tm_wait 'newcomer' 5 || fail "no refresh"
sel=$(tm_sel_text 'START +END')
echo "$sel" | grep -q 0xffffc90000200000 &&
	pass "after a refresh the selection is on the same area, not the first of its caller" ||
	fail "selection moved to: $sel"
tm_keys q
tm_wait 'EXIT=0' 5 || fail "q"

# 9. a TERM holding an escape sequence is named escaped, never sent raw
# (an OSC 2 that would set the pane's title)
cat > "$T_TMP/badterm" <<'EOF'
TERM=$(printf '\033]2;pwned\007') exec "$1" --root "$2"
EOF
tm_start 100 30 "sh '$T_TMP/badterm' '$KMEMTOP' '$R'"
tm_wait 'EXIT=1' 10 && grep -qF '\x1b]2;pwned\x07' "$TMUX_SCREEN" &&
	[ "$(tm display -p '#{pane_title}')" != pwned ] &&
	pass "TERM with an escape sequence: named escaped (\\x1b), the title untouched" ||
	fail "TERM escape: title '$(tm display -p '#{pane_title}')'; $(grep kmemtop "$TMUX_SCREEN")"

# 10. LINES=5000 COLUMNS=5000 in the environment: the screen size used is
# bounded, the keys are answered at once and the memory stays small
tm_start 100 30 "sh -c 'echo \$\$ > \"$PF\"; exec env LINES=5000 COLUMNS=5000 \"$KMEMTOP\" --root \"$R\" -d 1'"
if tm_wait '^\[1:slab\]' 20; then
	kpid=$(cat "$PF")
	hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$kpid/status")
	tm_keys q
	tm_wait 'EXIT=0' 5 && [ "${hwm:-999999}" -lt 102400 ] &&
		pass "LINES=COLUMNS=5000: q answered, peak RSS ${hwm} kB" ||
		fail "LINES=COLUMNS=5000: peak RSS ${hwm:-?} kB, q not answered in 5 s"
else
	fail "LINES=COLUMNS=5000: no status line in 20 s"
fi
kpid=
finish
