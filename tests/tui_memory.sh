#!/bin/sh
# tests/tui_memory.sh - the memory view in a real terminal (tmux, 150x45)
# on a --root tree of the 6.18 captures: 5 opens it with the balance
# sheet (unaccounted 33652K by hand, as in tests/memory.sh); MemFree
# falls by 102400 kB in the tree, Space reads it again, and unaccounted
# shows +102400K while free shows -102400K; Enter on slab reclaimable
# opens the slab view, Escape comes back; Enter on anonymous opens the
# OOM view sorted by RSS; Enter on vmalloc the vmalloc view; Enter on
# unaccounted shows what hides there; f the zones, m in it the migrate
# types of pagetypeinfo, read only while shown (strace).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/r"
MI="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt"
make_root "$R" meminfo="$MI" \
	slabinfo="$TESTDATA/slabinfo-6.18-x86_64-kmemtop-ci-live.txt" \
	iomem="$TESTDATA/iomem-6.18-x86_64-kmemtop-ci-onemoment.txt"
printf '%s\n' '0xffffc90000000000-0xffffc90000005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc vpages N0=4' \
	> "$R/proc/vmallocinfo"
HDR='MEMORY +SIZE'

tm_start 150 45 "'$KMEMTOP' --root '$R' --page-size 4096 -d 600"
tm_wait 'OBJS ACTIVE' || fail "no slab view"
tm_keys 5
tm_wait '\[5:memory\]' && tm_wait '^ +unaccounted +33652K ' &&
	tm_wait '^Physical RAM +25165435K ' && tm_wait '^ +vmalloc +4248K ' &&
	pass "5: the memory view, unaccounted 33652K, physical, vmalloc without the stacks" ||
	{ fail "memory view"; cat "$TMUX_SCREEN"; }

# MemFree - 102400 kB: the pages went where no counter says
awk '/^MemFree:/ { printf "MemFree:        %8d kB\n", $2 - 102400; next } { print }' "$MI" > "$R/proc/meminfo.new"
mv "$R/proc/meminfo.new" "$R/proc/meminfo"
tm_keys Space
tm_wait '^ +unaccounted +136052K +\+102400K ' && tm_wait '^ +free +24236536K +-102400K ' &&
	tm_wait '^ +slab reclaimable +45408K +0?K? ' &&
	pass "Space: unaccounted +102400K, free -102400K (the row set's change)" ||
	{ fail "deltas"; cat "$TMUX_SCREEN"; }

# sel WHAT: filter to the row WHAT and select it
sel() {
	tm_keys Escape / "$@" Enter
	tm_keys Home
	tm_wait_sel "$HDR" 0 || fail "select $*"
}
sel s l a b Space r e c
tm_keys Enter
tm_wait '\[1:slab\]' && tm_wait 'Escape: back to the memory view' &&
	pass "Enter on slab reclaimable: the slab view" || { fail "Enter slab"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait '\[5:memory\]' && pass "Escape: back to the memory view" || fail "Escape back"

sel a n o n
tm_keys Enter
tm_wait '\[3:oom\]' && tm_wait 'Sort: RSS desc' &&
	pass "Enter on anonymous: the OOM view by RSS" || { fail "Enter anon"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait '\[5:memory\]' || fail "Escape back from oom"

sel v m a l
tm_keys Enter
tm_wait '\[2:vmalloc\]' && pass "Enter on vmalloc: the vmalloc view" || { fail "Enter vmalloc"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait '\[5:memory\]' || fail "Escape back from vmalloc"

sel u n a c c
tm_keys Enter
tm_wait 'driver pages' && tm_wait 'pipe buffers and socket buffers' && tm_wait 'allocinfo' &&
	pass "Enter on unaccounted: what hides there, how to find it" || { fail "unaccounted detail"; cat "$TMUX_SCREEN"; }
tm_keys Escape

# a: the allocation profile (allocinfo 1.0 from the documentation); g:
# by module; a call site's bytes grow by 1 MiB: dBYTES +1024K
cp "$TESTDATA/allocinfo-1.0-doc.txt" "$R/proc/allocinfo"
tm_keys Escape a
tm_wait 'Allocation profile by site' && tm_wait '^ +124928K +31168 +mm/page_ext.c:270 ' &&
	pass "a: the allocation profile, largest first" || { fail "a"; cat "$TMUX_SCREEN"; }
tm_keys g
tm_wait 'Allocation profile by module' && tm_wait '^ +250368K +71387 +10 \(built in\)' &&
	pass "g: by module" || { fail "g"; cat "$TMUX_SCREEN"; }
sed 's/^ *4194304     1010 /     5242880     1011 /' "$TESTDATA/allocinfo-1.0-doc.txt" > "$R/proc/allocinfo"
tm_keys Space
tm_wait '^ +5120K +\+1024K +1011 +\+1 +1 ctagmod' &&
	pass "Space: ctagmod +1024K, +1 call (the row set's change)" || { fail "alloc deltas"; cat "$TMUX_SCREEN"; }
tm_keys a
tm_wait '^ +unaccounted ' && pass "a: back to the balance sheet" || fail "a back"
# beside unaccounted, the profile by module: built in 250368K, ctagmod
# 5120K (the file as changed above)
sel u n a c c
tm_keys Enter
tm_wait '^ +250368K +\(built in\)' && tm_wait '^ +5120K +ctagmod' &&
	pass "Enter on unaccounted: the allocation profile by module beside it" ||
	{ fail "unaccounted by module"; cat "$TMUX_SCREEN"; }
tm_keys Escape Escape
# f: fragmentation per zone (the tree's buddyinfo and zoneinfo)
cp "$TESTDATA/buddyinfo-6.18-x86_64-kmemtop-ci-frag.txt" "$R/proc/buddyinfo"
cp "$TESTDATA/zoneinfo-6.18-x86_64-kmemtop-ci-frag.txt" "$R/proc/zoneinfo"
cp "$TESTDATA/vmstat-6.18-x86_64-kmemtop-ci.txt" "$R/proc/vmstat"
tm_keys f
tm_wait 'Fragmentation per zone' && tm_wait '^ +0 Normal +2965128K +38824K +48528K +58232K +4096K +9.6 +41.2' &&
	pass "f: fragmentation, Normal by hand" || { fail "f"; cat "$TMUX_SCREEN"; }
# the rates from the second read: the tree's vmstat grew by 300 pages
# scanned by kswapd between the two
tm_wait 'Reclaim, compaction \(per second\) +: from the next refresh' || fail "rates before the second read"
sed 's/^pgscan_kswapd 0$/pgscan_kswapd 300/' "$TESTDATA/vmstat-6.18-x86_64-kmemtop-ci.txt" > "$R/proc/vmstat"
tm_keys Space
tm_wait 'Reclaim, compaction \(per second\) +: pgscan_kswapd [0-9.]+[1-9]' &&
	pass "Space: vmstat's rates" || { fail "rates"; cat "$TMUX_SCREEN"; }
# m: the migrate types of pagetypeinfo (the CI machine's; the Normal
# zone's Movable row by hand as in tests/memory.sh: 549378 pages, the
# largest of order 10, 1767 pageblocks of 512 pages)
cp "$TESTDATA/pagetypeinfo-6.18-x86_64-kmemtop-ci.txt" "$R/proc/pagetypeinfo"
tm_keys m
tm_wait 'Free lists per migrate type' && tm_wait '^ +0 Normal +Movable +2197512K +4096K +1767 +3618816K' &&
	tm_wait 'Migrate types +: free lists and pageblocks per type \(pageblock: 512 pages\)' &&
	pass "m: migrate types, Normal Movable by hand" || { fail "m"; cat "$TMUX_SCREEN"; }
tm_keys m
tm_wait 'Fragmentation per zone' && tm_wait '^ +0 Normal +2965128K' && pass "m: back to the zones" ||
	{ fail "m back"; cat "$TMUX_SCREEN"; }
tm_keys f
tm_wait '^ +unaccounted ' && pass "f: back to the balance sheet" || fail "f back"
tm_keys q
tm_stop

# pagetypeinfo is read only while its tab is shown: under strace, not
# for the sheet nor the zones (each read again), then while m shows it
if command -v strace > /dev/null 2>&1; then
	ST="$T_TMP/strace"
	tm_start 150 45 "strace -f -qq -e trace=%file,%desc -o '$ST' '$KMEMTOP' --root '$R' --page-size 4096 -d 600 --view memory"
	tm_wait '^ +unaccounted ' || fail "strace: no sheet"
	tm_keys Space f
	tm_wait 'Fragmentation per zone' || fail "strace: no zones"
	tm_keys Space
	tm_wait 'Reclaim, compaction \(per second\) +: pgscan_kswapd' || fail "strace: no second read"
	grep -q pagetypeinfo "$ST" && fail "the sheet or the zones read pagetypeinfo" ||
		pass "the sheet and the zones never touch pagetypeinfo"
	tm_keys m
	tm_wait '^ +0 Normal +Movable ' || fail "strace: no migrate types"
	grep -q pagetypeinfo "$ST" && pass "m reads pagetypeinfo" || fail "m: not read"
	tm_keys f
	tm_wait '^ +unaccounted ' || fail "strace: no sheet again"
	n=$(grep -c pagetypeinfo "$ST")
	# a read that shows: MemFree 4096 kB lower
	awk '/^MemFree:/ { printf "MemFree:        %8d kB\n", $2 - 4096; next } { print }' "$R/proc/meminfo" > "$R/proc/meminfo.new"
	mv "$R/proc/meminfo.new" "$R/proc/meminfo"
	tm_keys Space
	tm_wait '^ +free +24232440K ' && [ "$(grep -c pagetypeinfo "$ST")" -eq "$n" ] &&
		pass "back on the sheet: pagetypeinfo not read again" || fail "the sheet read pagetypeinfo again"
	tm_keys q
	tm_stop
fi
finish
