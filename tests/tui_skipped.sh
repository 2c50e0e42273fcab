#!/bin/sh
# tests/tui_skipped.sh - malformed lines of a --root tree's slabinfo and
# vmallocinfo: each view's note (how many lines, the file, the first
# line's number) is on the screen's status line and, in batch, on
# standard error, once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
# two bad lines in each, the first of them after the file's own lines
sl=$(($(wc -l < "$R/proc/slabinfo") + 1))
vl=$(($(wc -l < "$R/proc/vmallocinfo") + 1))
printf 'short 1 2 3\nbroken 1 2 x 32 1 : tunables 0 0 0 : slabdata 1 1 0\n' >> "$R/proc/slabinfo"
printf 'not an area\n0xzz-0x1 nope\n' >> "$R/proc/vmallocinfo"
SLAB_NOTE="2 malformed line(s) skipped in $R/proc/slabinfo (first: line $sl)"
VM_NOTE="2 malformed line(s) skipped in $R/proc/vmallocinfo (first: line $vl)"
# as a grep -E pattern
ere() { printf '%s' "$1" | sed 's/[][().*+?^$|\\/]/\\&/g'; }

# batch: each note once on stderr, though every refresh reads the lines
"$KMEMTOP" -b -n 3 -d 0.1 --view slab,vmalloc --root "$R" > /dev/null 2> "$T_TMP/err"
[ "$(grep -cxF "kmemtop: $SLAB_NOTE" "$T_TMP/err")" = 1 ] &&
	[ "$(grep -cxF "kmemtop: $VM_NOTE" "$T_TMP/err")" = 1 ] &&
	pass "batch: each view's note once on stderr" ||
	{ fail "batch notes"; cat "$T_TMP/err"; }

# the screen: the status line of each view
tm_start 220 40 "'$KMEMTOP' --root '$R' -d 600"
tm_wait 'OBJS ACTIVE' || fail "no slab view"
tm_wait "^\\[1:slab\\] .*$(ere "$SLAB_NOTE")" &&
	pass "the slab view's status line has its note" ||
	{ fail "slab status note"; cat "$TMUX_SCREEN"; }
tm_keys 2
tm_wait '\[2:vmalloc\]' || fail "no vmalloc view"
tm_wait "^\\[2:vmalloc\\] .*$(ere "$VM_NOTE")" &&
	pass "the vmalloc view's status line has its note" ||
	{ fail "vmalloc status note"; cat "$TMUX_SCREEN"; }
tm_keys q
[ "$T_FAILS" -eq 0 ] || { echo "$T_NAME: $T_FAILS failure(s)"; exit 1; }
