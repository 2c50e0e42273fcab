#!/bin/sh
# tests/tui_vmalloc.sh - the vmalloc view in a real terminal (tmux,
# 140x40): Tab and 1/2 switch views keeping each view's state; i keeps the
# ioremap callers and hides every other one; g cycles the grouping down to
# the register map sorted by physical address; a new area shows as +1.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

FIX="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
R="$T_TMP/root"
make_root "$R" vmallocinfo="$FIX" \
	slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"

# callers as kmemtop groups them: the function without +off/len, and
# " [module]" when the line names one
callers() {
	awk '$1 ~ /^0x[0-9a-f]+-0x[0-9a-f]+$/ && $3 !~ /^(unpurged|vm_map_ram)$/ {
		c = $3; sub(/\+.*/, "", c)
		for (i = 4; i <= NF; i++) if ($i ~ /^\[.*\]$/) c = c " " $i
		print ($0 ~ / ioremap( |$)/ ? "io" : "other") "\t" c
	}' "$FIX"
}
callers | awk -F'\t' '$1 == "io" { print $2 }' | sort -u > "$T_TMP/io"
callers | awk -F'\t' '$1 == "other" { print $2 }' | sort -u |
	comm -23 - "$T_TMP/io" > "$T_TMP/other"
[ -s "$T_TMP/io" ] && [ -s "$T_TMP/other" ] || fail "fixture has no ioremap or no other callers"

tm_start 140 40 "'$KMEMTOP' --root '$R' -d 1"
tm_wait 'OBJS ACTIVE' && pass "starts in the slab view" || fail "slab view"

# Tab: the vmalloc view, grouped by caller
tm_keys Tab
tm_wait '\[2:vmalloc\]' && tm_wait 'AREAS +RAM +MAPPED +VIRTUAL .*CALLER' &&
	grep -q 'Group: caller' "$TMUX_SCREEN" &&
	pass "Tab switches to the vmalloc view" || fail "Tab"

# i: ioremap callers only
tm_keys i
tm_wait 'Types: ioremap' 5 || fail "i did not filter the types"
tm_wait 'acpi_os_map_iomem' 5 || fail "no ioremap caller shown"
ok=1
while IFS= read -r c; do
	grep -qF " $c" "$TMUX_SCREEN" || { echo "missing ioremap caller: $c"; ok=0; }
done < "$T_TMP/io"
while IFS= read -r c; do
	grep -qE "[0-9K] $c( |\$)" "$TMUX_SCREEN" && { echo "still shown: $c"; ok=0; }
done < "$T_TMP/other"
[ $ok = 1 ] && pass "i keeps the $(wc -l < "$T_TMP/io") ioremap callers and hides the $(wc -l < "$T_TMP/other") others" ||
	{ fail "i"; cat "$TMUX_SCREEN"; }

# g: type, module, none (the register map, by physical address)
tm_keys g
tm_wait 'Group: type' 5 && tm_wait ' TYPE *$' 5 && pass "g groups by type" || fail "g type"
tm_keys g
tm_wait 'Group: module' 5 && pass "g groups by module" || fail "g module"
tm_keys g
tm_wait 'Group: none' 5 && tm_wait 'PHYS +PHYS END' 5 &&
	pass "g: one row per area, the register map" || fail "g none"
minphys=$(grep ' ioremap' "$FIX" | sed -n 's/.*phys=\(0x\)\{0,1\}\([0-9a-f]*\).*/\2/p' |
	awk '{ printf "%s\n", $1 }' | while read -r h; do printf '%d %s\n' "0x$h" "$h"; done |
	sort -n | head -1 | awk '{print $1}')
first=$(awk '/PHYS +PHYS END/ { getline; print $1; exit }' "$TMUX_SCREEN")
[ -n "$first" ] && [ "$(printf '%d' "$first")" = "$minphys" ] &&
	pass "map sorted by physical address ($first first)" ||
	fail "map: first phys '$first', expected $minphys"

# the state of each view survives switching
tm_keys 1
tm_wait '\[1:slab\]' 5 && tm_wait 'OBJS ACTIVE' && pass "1 shows the slab view" || fail "1"
tm_keys 2
tm_wait '\[2:vmalloc\]' 5 && grep -q 'Group: none' "$TMUX_SCREEN" &&
	grep -q 'Types: ioremap' "$TMUX_SCREEN" &&
	pass "2 returns to the vmalloc view as it was" || fail "2"

# back to callers (g once more), all types (i), then a new area: +1
tm_keys g i
tm_wait 'Group: caller' 5 && tm_wait_not 'Types: ioremap' 5
{
	echo '0x00000000deadbeef-0x00000000deadcafe    8192 kmemtop_test_caller+0x1/0x2 pages=1 vmalloc N0=1'
	echo '0x00000000feedbeef-0x00000000feedcafe    8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x00000000fee00000 ioremap'
} > "$T_TMP/more"
cat "$R/proc/vmallocinfo" "$T_TMP/more" > "$R/proc/new" && mv "$R/proc/new" "$R/proc/vmallocinfo"
tm_wait 'kmemtop_test_caller \(new\)' 5 && pass "a new caller is marked (new)" ||
	{ fail "new caller"; cat "$TMUX_SCREEN"; }
# AREAS RAM MAPPED VIRTUAL (208K: 8K more), dRAM blank (an ioremap holds
# no RAM), dAREAS +1
grep -Eq ' 208K +\+1 .*acpi_os_map_iomem' "$TMUX_SCREEN" &&
	pass "one more area shows as +1, 208K virtual, no RAM" || { fail "delta +1"; cat "$TMUX_SCREEN"; }

# junk in place of the file: an error in the view, as in batch (exit 1
# there), and the last reading stays on screen
head -c 4096 /dev/urandom | tr -d '\n' | fold -w 60 > "$R/proc/junk"
mv "$R/proc/junk" "$R/proc/vmallocinfo"
tm_wait 'not a vmallocinfo file' 5 && grep -q 'kmemtop_test_caller' "$TMUX_SCREEN" &&
	pass "junk vmallocinfo: an error in the view, the last reading kept" ||
	{ fail "junk vmallocinfo"; cat "$TMUX_SCREEN"; }

tm_keys q
tm_wait 'EXIT=0' 5 && pass "q exits 0" || fail "q"
finish
