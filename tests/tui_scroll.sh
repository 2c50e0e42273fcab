#!/bin/sh
# tests/tui_scroll.sh - scrolling in the slab view, in a real terminal
# (tmux, 140x40), on this machine's capture with /sys/kernel/slab (235
# caches, most of them unreclaimable): whenever more rows exist than fit,
# the table area has no blank line and the selected row is on screen,
# after the rows shrink under a scrolled-down table (issue 20's
# `z d D End U`, a filter, a refresh with fewer rows) and after a resize
# smaller and back; U says how many caches it keeps, "(N of M)", as the
# filter does.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

COLS=140
LINES=40
HDR='OBJS ACTIVE'
R="$T_TMP/root"
mkdir -p "$R"
tar -C "$R" -xzf "$TESTDATA/slab-sysfs-6.18-x86_64-kmemtop-ci.tar.gz"
S="$R/sys/kernel/slab"

# the counts, from the capture: every cache of slabinfo, and those whose
# sysfs reclaim_account says 0 (SUnreclaim)
M=$(awk 'NR > 2' "$R/proc/slabinfo" | wc -l)
N=0
for c in $(awk 'NR > 2 { print $1 }' "$R/proc/slabinfo"); do
	[ "$(cat "$S/$c/reclaim_account" 2>/dev/null)" = 0 ] && N=$((N + 1))
done
[ "$M" -gt 100 ] && [ "$N" -gt 100 ] && [ "$N" -lt "$M" ] ||
	fail "the capture: $N unreclaimable of $M caches"

# table_full WHAT [ROWS] [HEIGHT]: poll until every line from the header
# down to the bottom of a HEIGHT-line screen (LINES) holds a row, and
# one of them is selected; with ROWS rows fewer than the lines, the
# first ROWS lines instead
table_full() {
	_h=${3:-$LINES}
	_i=0
	while [ $_i -lt 200 ]; do
		tm_capture
		_got=$(awk -v hdr="$HDR" -v h="$_h" -v want="${2:-0}" '
			$0 ~ hdr { top = NR; next }
			top && NR <= h && $0 ~ /[^ ]/ { n++ }
			END {
				room = h - top
				if (want > 0 && want < room)
					room = want
				print (top && n >= room) ? "full" : n " of " room
			}' "$TMUX_SCREEN")
		if [ "$_got" = full ] && [ -n "$(tm_sel_row "$HDR")" ]; then
			pass "$1: the table is full, the selection on it"
			return 0
		fi
		_i=$((_i + 1))
		sleep 0.05
	done
	fail "$1: $_got table lines hold a row, selected row '$(tm_sel_row "$HDR")'"
	cat "$TMUX_SCREEN"
	return 1
}

tm_start $COLS $LINES "'$KMEMTOP' --root '$R' --page-size 4096 -d 600"
tm_wait "$HDR" || fail "no slab view"

# the key sequence of issue 20: baseline, delta mode, sort by the
# change, the last row, the unreclaimable caches only; each key drawn
# before the next (keys read together are drawn once)
tm_keys z d D
tm_wait 'Sort: dACTIVE desc' || fail "z d D"
tm_keys End
tm_wait_sel "$HDR" $((LINES - 9)) || fail "End: the last line selected"
tm_keys U
tm_wait 'Unreclaimable only' || fail "U"
table_full "z d D End U"
tm_wait "Unreclaimable only \($N of $M\)" &&
	pass "U: Unreclaimable only ($N of $M)" || fail "U: ($N of $M)"
# and back: all caches, the same row selected, the table full
tm_keys U
tm_wait_not 'Unreclaimable only' || fail "U again"
table_full "U again"
tm_keys Home

# End, then a filter that leaves few rows, then Escape
tm_keys End
tm_wait_sel "$HDR" $((LINES - 9)) || fail "End before the filter"
tm_keys / k m a l l o c - r c l Enter
tm_wait 'Filter: kmalloc-rcl \(' || fail "the filter"
few=$(grep -c '^kmalloc-rcl-' "$R/proc/slabinfo")
table_full "End, a filter of $few rows" "$few"
tm_keys Escape
tm_wait_not 'Filter:' || fail "Escape"
table_full "End, a filter, Escape"

# End, then a resize smaller and back
tm_keys End
tm_wait_sel "$HDR" $((LINES - 9)) || fail "End before the resize"
tm resize-window -x 100 -y 20
table_full "End, resized to 100x20" 0 20
tm resize-window -x $COLS -y $LINES
table_full "End, resized back"

# End, then a refresh with fewer caches (the selected one kept)
sel=$(tm_sel_text "$HDR" | awk '{ print $NF }')
awk -v keep="$sel" 'NR <= 2 || n >= 40 || $1 == keep { print; next } { n++ }' \
	"$R/proc/slabinfo" > "$T_TMP/slabinfo" && mv "$T_TMP/slabinfo" "$R/proc/slabinfo"
tm_keys Space
tm_wait "Caches .*/ $((M - 40)) \(" || fail "the refresh"
table_full "End, a refresh with 40 caches fewer"

tm_keys q
finish
