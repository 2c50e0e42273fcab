#!/bin/sh
# tests/tui_slab_shrink.sh - S in the slab view on the live system, as
# root: it asks, naming the cache; n cancels; y writes 1 to the cache's
# /sys/kernel/slab/CACHE/shrink and says how many slabs it had before and
# after. Shrinking gives a cache's empty slabs back to the page
# allocator: harmless to whatever else runs here.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "writing a cache's shrink file needs root"
[ -w /sys/kernel/slab/filp/shrink ] || skip "no /sys/kernel/slab/filp/shrink (not a SLUB kernel?)"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT
tm_start 140 40 "'$KMEMTOP' -d 60"
tm_wait 'OBJS ACTIVE' || fail "live slab view"
tm_keys / f i l p Enter
# the filter on the status line first: filp may be on the screen before
# it, and S acts on the selected row
tm_wait 'Filter: filp \(' && tm_wait ' filp *$' || fail "live filp"
tm_keys Down Up
tm_keys S
tm_wait 'Shrink (b?filp) \([0-9]+ slabs\): give its empty slabs back\?' &&
	pass "S asks, naming the cache" || { fail "S question"; cat "$TMUX_SCREEN"; }
tm_keys n
tm_wait 'cancelled; nothing changed' && pass "n cancels" || fail "n"
tm_keys S
tm_wait 'Shrink' && tm_keys y
tm_wait 'filp: shrunk, [0-9]+ -> [0-9]+ slabs \(([0-9]+ freed|none freed: every slab still holds objects in use)' &&
	pass "y shrinks and reports the slabs" || { fail "shrink"; cat "$TMUX_SCREEN"; }
tm_keys q
[ "$T_FAILS" -eq 0 ] || { echo "$T_NAME: $T_FAILS failure(s)"; exit 1; }
