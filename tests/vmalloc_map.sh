#!/bin/sh
# tests/vmalloc_map.sh - the course exercise `grep ioremap /proc/vmallocinfo`,
# answered: on this machine's capture (vmallocinfo, meminfo and iomem taken
# at one moment, as root), the register map lists every ioremap line with
# the range it maps (PHYS to PHYS + size - guard page - 1, as /proc/iomem
# writes ends) and the deepest /proc/iomem resource holding that range,
# each worked out here by awk on the files themselves. The PCI ECAM window
# is the worked example; a user's zeroed /proc/iomem and a capture without
# one say so; the summary's RAM is VmallocUsed.
. "$top_srcdir/tests/lib.sh"

CAP=6.18-x86_64-kmemtop-ci-onemoment
R="$T_TMP/root"
make_root "$R" vmallocinfo="$TESTDATA/vmallocinfo-$CAP.txt" \
	meminfo="$TESTDATA/meminfo-$CAP.txt" iomem="$TESTDATA/iomem-$CAP.txt"

# awk's reading: for each ioremap line, "phys end mapped caller<TAB>resource
# <TAB>chain<TAB>match" (hex without 0x, mapped in bytes; the resource
# holding [phys, end] that is deepest, the narrowest of equals; chain
# joined by >; spans when none holds it but some overlap it; below the
# one that holds it, or where none does, the deepest and narrowest whose
# range rounded out to pages holds the mapping: pages)
awk -v ps=4096 '
function hex(s,   i, v) {
	sub(/^0x/, "", s)
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
	return v
}
# (mawk prints %x from 32 bits: digits by hand; doubles hold these exactly)
function tohex(v,   t, d) {
	t = ""
	do {
		d = v % 16
		t = substr("0123456789abcdef", d + 1, 1) t
		v = (v - d) / 16
	} while (v > 0)
	return t
}
FNR == NR {
	match($0, /^ */)
	d = RLENGTH / 2
	split($1, r, "-")
	n++
	s[n] = hex(r[1]); e[n] = hex(r[2]); depth[n] = d
	name[n] = substr($0, index($0, " : ") + 3)
	up[d] = n
	parent[n] = d ? up[d - 1] : 0
	next
}
/ ioremap/ {
	size = $2; phys = ""; caller = $3
	sub(/\+.*/, "", caller)
	for (i = 4; i <= NF; i++)
		if ($i ~ /^phys=/) phys = hex(substr($i, 6))
	mapped = size > ps ? size - ps : size
	lo = phys; hi = phys + mapped - 1
	best = 0
	over = 0
	for (k = 1; k <= n; k++)
		if (s[k] <= hi && lo <= e[k])
			over = 1
	for (k = 1; k <= n; k++)
		if (s[k] <= lo && hi <= e[k] &&
		    (!best || depth[k] > depth[best] ||
		     (depth[k] == depth[best] && e[k] - s[k] < e[best] - s[best])))
			best = k
	how = best ? "contained" : over ? "spans" : "none"
	# ioremap maps whole pages: the device the pages were mapped for
	pb = 0
	for (k = 1; over && k <= n; k++) {
		plo = s[k] - s[k] % ps; phi = e[k] - e[k] % ps + ps - 1
		if (best && depth[k] <= depth[best]) continue
		if (s[k] > hi || e[k] < lo || plo > lo || phi < hi) continue
		if (!pb || depth[k] > depth[pb] ||
		    (depth[k] == depth[pb] && e[k] - s[k] < e[pb] - s[pb]))
			pb = k
	}
	if (pb) { best = pb; how = "pages" }
	chain = ""
	for (k = best; k; k = parent[k])
		chain = name[k] (chain == "" ? "" : ">" chain)
	printf "%s %s %d %s\t%s\t%s\t%s\n", tohex(lo), tohex(hi), mapped, caller,
		best ? name[best] : "-", chain, how
}' "$R/proc/iomem" "$R/proc/vmallocinfo" | sort > "$T_TMP/want"
n=$(grep -c ioremap "$R/proc/vmallocinfo")
[ "$(wc -l < "$T_TMP/want")" -eq "$n" ] || fail "awk read $(wc -l < "$T_TMP/want") of $n ioremap lines"

"$KMEMTOP" --once --json --view vmalloc --ioremap --group-by none --page-size 4096 \
	--root "$R" > "$T_TMP/j" 2> "$T_TMP/err" || fail "--json: exit $?: $(cat "$T_TMP/err")"
jq -r '.rows[] | "\(.phys | ltrimstr("0x")) \(.phys_end | ltrimstr("0x")) \(.mapped) \(.caller)\t\(.resource // "-")\t\(.resources // [] | join(">"))\t\(.resource_match)"' \
	"$T_TMP/j" | sort > "$T_TMP/got"
same "$T_TMP/want" "$T_TMP/got" "every one of the $n ioremap lines: its mapped range, its device, the chain above it, the match"
grep -q '	pages$' "$T_TMP/got" && grep -q '	contained$' "$T_TMP/got" &&
	pass "the capture has ranges held by a resource and one held but for page rounding" ||
	fail "the capture lost its cases"
grep -qE '^9f000 a0fff 8192 acpi_os_map_iomem	Reserved	Reserved	pages$' "$T_TMP/got" &&
	pass "acpi_os_map_iomem at 0x9f000: the Reserved area it maps, not 'spans'" ||
	{ fail "0x9f000"; grep '^9f000' "$T_TMP/got"; }

# (MODULE is "-" in text: a built-in caller; no cell is blank)
# the classic exercise on a public capture: grep ioremap gives "HPET 0"
# for the HPET's page (its resource is 1 KiB, the mapping a page)
H="$T_TMP/hpet"
make_root "$H" vmallocinfo="$TESTDATA/vmallocinfo-5.10-x86_64-vm-lkml-randomize-off.txt"
printf 'fed00000-fed003ff : HPET 0\n' > "$H/proc/iomem"
"$KMEMTOP" -o --view vmalloc --ioremap --group-by none --page-size 4096 \
	--root "$H" > "$T_TMP/h" 2>&1
grep -qE '^ *0xfed00000 +0xfed00fff +4K +- +hpet_enable +HPET 0$' "$T_TMP/h" &&
	grep -qE '^ *0xfed00000 +0xfed00fff +4K +- +acpi_os_map_iomem +HPET 0$' "$T_TMP/h" &&
	pass "hpet_enable and acpi_os_map_iomem at 0xfed00000: HPET 0" ||
	{ fail "HPET 0"; grep fed00000 "$T_TMP/h"; }

# the worked example, on the screen's text
"$KMEMTOP" -o --view vmalloc --ioremap --group-by none --page-size 4096 \
	--root "$R" > "$T_TMP/o" 2> "$T_TMP/err" || fail "-o: exit $?"
grep -qE '^ *0xeec00000 +0xeecfffff +1024K +- +pci_mmcfg_arch_map +PCI Bus 0000:00$' "$T_TMP/o" &&
	pass "-o: 0xeec00000 0xeecfffff 1024K pci_mmcfg_arch_map PCI Bus 0000:00" ||
	{ fail "-o: no ECAM line"; grep -i eec "$T_TMP/o"; }
[ "$(grep -c '^ *0x' "$T_TMP/o")" -eq "$n" ] && pass "-o: $n rows" || fail "-o: rows"

# RAM in use is VmallocUsed, for a capture of one moment
grep -q '^ In use (RAM) *: 14092K in [0-9]* areas = VmallocUsed$' "$T_TMP/o" &&
	pass "summary: In use (RAM) 14092K = VmallocUsed" ||
	{ fail "summary"; head -5 "$T_TMP/o"; }
jq -e '.summary.ram == .summary.vmalloc_used and .summary.ram == 14092 * 1024' "$T_TMP/j" > /dev/null &&
	pass "JSON: summary.ram == summary.vmalloc_used" || fail "JSON summary.ram"
grep -qE '^ Unpurged *: [0-9]+ areas, [0-9]+K virtual, lazily freed, holding no memory$' "$T_TMP/o" &&
	pass "summary: the unpurged areas apart" || fail "summary: unpurged"

# five virtio devices, each "virtio-pci-modern" in /proc/iomem: each row
# names its device by the nearest ancestor that tells them apart (the
# PCI address), and a name no other row shares stays alone
"$KMEMTOP" -o --view vmalloc --ioremap --group-by none --root "$R" > "$T_TMP/o" 2>&1
v=$(grep -o 'virtio-pci-modern.*' "$T_TMP/o" | sort -u)
[ "$(echo "$v" | wc -l)" -eq 5 ] &&
	[ "$(echo "$v" | head -1)" = "virtio-pci-modern (0000:00:01.0)" ] &&
	pass "five virtio-pci-modern told apart by their PCI address" ||
	fail "virtio-pci-modern: $(echo "$v" | tr '\n' '|')"
grep -qE 'pci_mmcfg_arch_map +PCI Bus 0000:00$' "$T_TMP/o" &&
	pass "a resource one row names: its name alone" || fail "ECAM's name"
jq -e '[.rows[] | select(.resource == "virtio-pci-modern")] | length == 25' \
	< "$("$KMEMTOP" --once --json --view vmalloc --ioremap --group-by none --root "$R" > "$T_TMP/j"; echo "$T_TMP/j")" > /dev/null &&
	pass "JSON: resource is the name alone" || fail "JSON resource"

# as a user: /proc/iomem has zero addresses
sed 's/[0-9a-f]*-[0-9a-f]* :/00000000-00000000 :/' "$TESTDATA/iomem-$CAP.txt" > "$R/proc/iomem"
"$KMEMTOP" -o --view vmalloc --ioremap --group-by none --root "$R" > "$T_TMP/o" 2>&1
grep -q '0xeecfffff .*(run as root to name devices)$' "$T_TMP/o" &&
	pass "zeroed /proc/iomem: run as root to name devices" || fail "zeroed iomem"
"$KMEMTOP" --once --json --view vmalloc --ioremap --group-by none --root "$R" > "$T_TMP/j" 2>&1
jq -e '[.rows[] | select(.resource_match == "hidden" and .resource == null)] | length > 0' "$T_TMP/j" > /dev/null &&
	pass "zeroed /proc/iomem: JSON resource_match hidden, resource null" || fail "zeroed iomem JSON"

# a capture without /proc/iomem: the map, without names
rm "$R/proc/iomem"
"$KMEMTOP" --once --json --view vmalloc --ioremap --group-by none --root "$R" > "$T_TMP/j" 2> "$T_TMP/err" &&
	jq -e --argjson n "$n" '(.rows | length) == $n and ([.rows[] | select(.resource_match == "unknown")] | length) == $n' "$T_TMP/j" > /dev/null &&
	pass "no /proc/iomem: every row, resource_match unknown" || fail "no iomem: $(cat "$T_TMP/err")"
finish
