#!/bin/sh
# tests/tui_deltas.sh - the changes on the screen, checked by hand against
# the changes made to a --root tree between refreshes (-d 600: a refresh
# only when Space or z asks for one):
# - z means now: a cache changed after the last refresh, then z, then
#   changed again: since the baseline shows exactly the second change,
#   and the status line names the baseline's time;
# - one meaning per screen: the meminfo summary line follows the same
#   mode as the rows (since the baseline: the sum of both changes);
# - the vmalloc view has the delta modes too: dRAM since the baseline.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

FIX="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
R="$T_TMP/root"
make_root "$R" slabinfo="$FIX" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"

# bump CACHE's active objects by N and its total by N + 5 (a change of
# the one column dACTIVE is the change of, told from the other's), a new
# file moved into place, so kmemtop never reads half of it
bump() {
	awk -v c="$1" -v n="$2" '$1 == c { $2 += n; $3 += n + 5 } { print }' \
		"$R/proc/slabinfo" > "$R/proc/slabinfo.new" &&
		mv "$R/proc/slabinfo.new" "$R/proc/slabinfo"
}
# add N kB to meminfo's field F
mi_add() {
	awk -v f="$1:" -v n="$2" '$1 == f { $2 += n } { print }' \
		"$R/proc/meminfo" > "$R/proc/meminfo.new" &&
		mv "$R/proc/meminfo.new" "$R/proc/meminfo"
}
# add one vmalloc area of PAGES pages by CALLER
vm_add() {
	echo "0xffffc90000000000-0xffffc90000100000 $((($2 + 1) * 4096)) $1+0x10/0x20 pages=$2 vmalloc" \
		>> "$R/proc/vmallocinfo"
}

tm_start 160 40 "'$KMEMTOP' --root '$R' -d 600"
tm_wait ' dentry' || fail "no slab view"

# z means now: +1000 after the last refresh, z, then +7
bump dentry 1000
mi_add Slab 400
tm_keys z
tm_wait 'baseline: a reading taken now' 5 || fail "z said nothing"
tm_keys d
tm_wait 'Deltas: since [0-9]{2}:[0-9]{2}:[0-9]{2}' 5 &&
	pass "since the baseline: the status line names its time" ||
	fail "status line after d"
bump dentry 7
mi_add Slab 100
tm_keys Space
tm_wait '\+7 .* dentry' 5 && ! grep -q '+1007' "$TMUX_SCREEN" &&
	pass "z took a fresh reading: the delta is exactly the second change (+7)" ||
	fail "baseline after z"
tm_wait 'Slab: [0-9]+K \(\+100K\)' 5 &&
	pass "the meminfo line follows the mode (+100K since the baseline)" ||
	fail "meminfo line since the baseline"
# another refresh without change: since the baseline keeps +7 and
# +100K; since the last refresh shows nothing
tm_keys Space
tm_wait 'refreshed' 5
tm_wait '\+7 .* dentry' 5 && tm_wait 'Slab: [0-9]+K \(\+100K\)' 5 &&
	pass "since the baseline stays across refreshes" || fail "baseline kept"
tm_keys d d
tm_wait 'Deltas: since last refresh' 5 && tm_wait_not '\+7 .* dentry' 5 &&
	! grep -q 'Slab: [0-9]*K (+' "$TMUX_SCREEN" &&
	pass "since the last refresh: no change shown anywhere" ||
	fail "since the last refresh"

# the vmalloc view: d and z work there too
vm_add kmemtop_test_alloc 3
tm_keys 2
tm_wait 'kmemtop_test_alloc' 5 || fail "no vmalloc view"
tm_keys z
tm_wait 'baseline: a reading taken now' 5
vm_add kmemtop_test_alloc 5
tm_keys Space
tm_wait '\+20K .*kmemtop_test_alloc' 5 && pass "vmalloc since the last refresh: +20K" ||
	fail "vmalloc dRAM since the last refresh"
vm_add kmemtop_test_alloc 2
tm_keys Space
tm_wait '\+8K .*kmemtop_test_alloc' 5 || fail "vmalloc: +8K at the next refresh"
tm_keys d
tm_wait 'Deltas: since [0-9]{2}:[0-9]{2}:[0-9]{2}' 5 &&
	tm_wait '\+28K .*kmemtop_test_alloc' 5 &&
	pass "vmalloc since the baseline: +28K (both areas)" ||
	fail "vmalloc dRAM since the baseline"
tm_stop
finish
