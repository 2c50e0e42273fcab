#!/bin/sh
# tests/tui.sh - the live slab view in a real terminal (tmux, 140x40):
# the table, a +1000 delta after the fixture changes, sorting, the name
# filter, help, resizing to 20x5 and back, and the exit status after q.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

FIX="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
R="$T_TMP/root"
make_root "$R" slabinfo="$FIX" meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"

# bump CACHE's active and total objects by N (a new file moved into place,
# so kmemtop never reads half of it)
bump() {
	awk -v c="$1" -v n="$2" '$1 == c { $2 += n; $3 += n } { print }' \
		"$R/proc/slabinfo" > "$R/proc/slabinfo.new" &&
		mv "$R/proc/slabinfo.new" "$R/proc/slabinfo"
}

tm_start 140 40 "'$KMEMTOP' --root '$R' -d 1"

# 1. the table shows, with slabtop's header and the summary
tm_wait 'OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE' &&
	tm_wait ' dentry' && grep -q 'Active / Total Caches (% used)     : ' "$TMUX_SCREEN" &&
	pass "table shown" || fail "table not shown"

# 2. dentry gains 1000 active objects: +1000 on its row within a refresh
bump dentry 1000
tm_wait '\+1000 .* dentry' 5 && pass "+1000 shown on the dentry row" ||
	fail "no +1000 on the dentry row"
# ... and the next refresh, with no change, blanks it again
tm_wait_not '\+1000 .* dentry' 5 && pass "delta blank when nothing changed" ||
	fail "delta did not go blank"

# 3. since-baseline mode keeps it; D sorts the growing cache to the top
tm_keys d
tm_wait "Deltas: since [0-9]{2}:[0-9]{2}:[0-9]{2}" && tm_wait '\+1000 .* dentry' 5 &&
	pass "baseline mode shows the cumulative change" ||
	fail "baseline mode"
tm_keys D
tm_wait 'Sort: dACTIVE desc' 5 && tm_wait_line 9 ' dentry' 5 &&
	pass "D puts the growing cache on top" ||
	{ fail "D did not put dentry on top"; cat "$TMUX_SCREEN"; }
tm_keys z
tm_wait_not '\+1000 .* dentry' 5 && pass "z resets the baseline" ||
	fail "z did not reset the baseline"
tm_keys d d

# 4. slabtop's sort letters: n sorts by name ascending
first=$(grep -v '^#' "$FIX" | sed 1d | awk '{print $1}' | LC_ALL=C sort | head -1)
tm_keys n
tm_wait 'Sort: NAME asc' && tm_wait_line 9 " $first *\$" &&
	pass "n sorts by name ($first first)" ||
	{ fail "n: expected $first first"; cat "$TMUX_SCREEN"; }
tm_keys r
tm_wait 'Sort: NAME desc' && pass "r reverses" || fail "r does not reverse"
tm_keys c
tm_wait 'Sort: CACHE SIZE desc' && pass "c sorts by cache size" || fail "c"
tm_keys '<'
tm_wait 'Sort: OBJ/SLAB desc' && pass "< moves the sort column left" || fail "<"
tm_keys '>'
tm_wait 'Sort: CACHE SIZE desc' && pass "> moves it right" || fail ">"

# 5. the filter: /dentry Enter hides the others, Escape brings them back
tm_keys / d e n t r y
tm_wait 'Filter: dentry' && tm_wait_not ' vm_area_struct' &&
	pass "incremental filter hides other caches" || fail "filter"
tm_keys Enter
tm_wait 'Filter: dentry \(1 of ' && grep -q ' dentry' "$TMUX_SCREEN" &&
	! grep -q ' kmalloc-8 ' "$TMUX_SCREEN" &&
	pass "Enter keeps the filter" || fail "Enter did not keep the filter"
tm_keys Escape
tm_wait ' vm_area_struct' && tm_wait_not 'Filter: dentry' &&
	pass "Escape clears the filter" || fail "Escape did not clear the filter"

# 6. help opens with ? and closes with Escape
tm_keys '?'
tm_wait 'kmemtop - keys' && grep -q 'sort by NAME: name of the cache' "$TMUX_SCREEN" &&
	pass "help shown" || fail "help not shown"
tm_keys Escape
tm_wait 'OBJS ACTIVE' && tm_wait_not 'kmemtop - keys' &&
	pass "Escape closes help" || fail "help did not close"

# 7. the selection follows its cache across re-sorting
tm_keys Down Down
tm_wait_sel 'OBJS ACTIVE' 2 || fail "Down Down did not select the third row"
sel=$(tm_sel_text 'OBJS ACTIVE' | awk '{print $NF}')
tm_keys n
tm_wait 'Sort: NAME asc' || fail "n did not sort by name"
sel2=$(tm_sel_text 'OBJS ACTIVE' | awk '{print $NF}')
[ -n "$sel" ] && [ "$sel" = "$sel2" ] && pass "selection ($sel) survives re-sorting" ||
	fail "selection moved: '$sel' -> '$sel2'"

# 8. resize to 20x5 and back: still running and drawing
tm resize-window -x 20 -y 5
tm_wait 'Active' 5 && pass "draws at 20x5" || fail "nothing drawn at 20x5"
tm resize-window -x 1 -y 1
tm resize-window -x 140 -y 40
tm_wait 'OBJS ACTIVE  USE' 5 && ! grep -q 'EXIT=' "$TMUX_SCREEN" &&
	pass "back at 140x40, still running" || fail "did not survive resizing"

# 9. q exits 0
tm_keys q
tm_wait 'EXIT=0' 5 && pass "q exits 0" || fail "q did not exit 0"

# 10. SIGTERM restores the terminal and exits
tm_start 100 30 "'$KMEMTOP' --root '$R' -d 1"
tm_wait 'OBJS ACTIVE' || fail "no table before SIGTERM"
pkill -TERM -P "$(tm list-panes -F '#{pane_pid}')"
tm_wait 'EXIT=0' 5 && pass "SIGTERM ends it cleanly" || fail "SIGTERM"

# 11. no terminal, or TERM=dumb: a clear message pointing to --once
out=$("$KMEMTOP" --root "$R" </dev/null 2>&1 >/dev/null); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q -- '--once' &&
	pass "no terminal: message and exit 1" || fail "no terminal: rc=$rc '$out'"
tm_start 100 30 "TERM=dumb '$KMEMTOP' --root '$R'"
tm_wait 'EXIT=1' 5 && grep -q 'TERM is dumb' "$TMUX_SCREEN" && grep -q -- '--once' "$TMUX_SCREEN" &&
	pass "TERM=dumb: message and exit 1" || fail "TERM=dumb"
tm_stop
finish
