#!/bin/sh
# tests/tui_units.sh - human units on the screen (issue 21): --human and
# the key B show sizes in B, K, M, G, T as htop does; B again shows K as
# slabtop; -o keeps slabtop's format whatever --human says.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
# one cache of 3 MiB in 768 slabs of 4 KiB (cache size 3072K, 3M), objects
# of 104 bytes
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt"
printf 'kmemtop_big 30000 30000 104 39 1 : tunables 0 0 0 : slabdata 768 768 0\n' >> "$R/proc/slabinfo"
"$KMEMTOP" -o --root "$R" --page-size 4096 > "$T_TMP/plain"
"$KMEMTOP" -o --root "$R" --page-size 4096 --human > "$T_TMP/human"
same "$T_TMP/plain" "$T_TMP/human" "-o --human: slabtop's format"

row() { grep ' kmemtop_big *$' "$TMUX_SCREEN" | awk '{ print $4, $7 }'; }
tm_start 120 30 "'$KMEMTOP' --root '$R' --page-size 4096 --human -d 600"
tm_wait 'kmemtop_big' || fail "no slab view"
[ "$(row)" = "104B 3M" ] && pass "--human: OBJ SIZE 104B, CACHE SIZE 3M" ||
	fail "--human: '$(row)' (want '104B 3M')"
tm_keys B
tm_wait 'sizes: K, as slabtop' || fail "B: no message"
tm_wait '0\.10K .* 3072K .*kmemtop_big' && pass "B: K as slabtop (0.10K, 3072K)" ||
	fail "B: '$(row)'"
tm_keys B
tm_wait 'sizes: B K M G T' && tm_wait ' 104B .* 3M .*kmemtop_big' &&
	pass "B again: human units" || fail "B again: '$(row)'"

finish
