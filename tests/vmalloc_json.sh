#!/bin/sh
# tests/vmalloc_json.sh - the vmalloc view's numbers against awk, on every
# vmallocinfo capture in tests/data and on the live /proc/vmallocinfo:
# the JSON totals by type (areas, virtual, RAM and mapped bytes), the
# --group-by caller sums, and the --ioremap --group-by none rows equal
# what awk computes from the file (page size 4096).
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

# awk's reading of a vmallocinfo: one line per area, TAB-separated:
# type, caller key, size, phys (hex digits, lower case, no 0x; "-" if
# none), RAM (pages= x 4096), mapped (the size less its guard page: none
# for unpurged areas (0), vm_map_ram, pcpu_get_vm_areas, pages that fill
# the size, a single page)
areas() {
	tr -d '\r' < "$1" | awk '
	$1 ~ /^0x[0-9a-fA-F]+-0x[0-9a-fA-F]+$/ && $2 ~ /^[0-9]+$/ {
		c = $3; t = ""; ph = "-"; pg = -1
		if (c == "unpurged") { c = "(unpurged)"; t = "unpurged" }
		else if (c == "vm_map_ram") { c = "(vm_map_ram)"; t = "vm_map_ram" }
		else if (c == "" || c ~ /^(pages|phys)=/ || c ~ /^(ioremap|vmalloc|vmap|user|vpages|dma-coherent)$/) c = "(none)"
		else sub(/\+.*/, "", c)
		for (i = 4; i <= NF; i++) {
			if ($i ~ /^\[.+\]$/ && c !~ /^\(/) c = c " " $i
			else if ($i ~ /^pages=[0-9]+$/) pg = substr($i, 7) + 0
			else if ($i ~ /^phys=/) { ph = tolower(substr($i, 6)); sub(/^0x/, "", ph); sub(/^0+/, "", ph); if (ph == "") ph = "0" }
			else if (t == "" && $i ~ /^(ioremap|vmalloc|vmap|user|vpages|vm_map_ram|dma-coherent)$/) t = $i
		}
		if (c == "(none)" && ($3 ~ /^(ioremap|vmalloc|vmap|user|vpages|dma-coherent)$/)) t = (t == "" ? $3 : t)
		if (t == "") t = "other"
		m = $2
		if (t == "unpurged") m = 0
		else if (t != "vm_map_ram" && c != "pcpu_get_vm_areas" &&
		    !(pg >= 0 && pg * 4096 >= $2) && $2 > 4096) m = $2 - 4096
		printf "%s\t%s\t%s\t%s\t%d\t%d\n", t, c, $2, ph, (pg > 0 ? pg * 4096 : 0), m
	}'
}

check_file() {
	f=$1
	name=$(basename "$f")
	R="$T_TMP/r"
	rm -rf "$R"
	make_root "$R" vmallocinfo="$f"
	areas "$f" > "$T_TMP/areas"

	# totals by type
	"$KMEMTOP" --once --json --view vmalloc --page-size 4096 --root "$R" > "$T_TMP/j" 2>"$T_TMP/err" ||
		{ fail "$name: exit $?: $(cat "$T_TMP/err")"; return; }
	jq -r '.summary.by_type | to_entries[] | select(.value.areas > 0) |
		"\(.key) \(.value.areas) \(.value.bytes) \(.value.ram) \(.value.mapped)"' "$T_TMP/j" | sort > "$T_TMP/k"
	awk -F'\t' '{ a[$1]++; b[$1] += $3; r[$1] += $5; m[$1] += $6 }
		END { for (t in a) printf "%s %d %d %d %d\n", t, a[t], b[t], r[t], m[t] }' \
		"$T_TMP/areas" | sort > "$T_TMP/a"
	same "$T_TMP/a" "$T_TMP/k" "$name: totals by type ($(wc -l < "$T_TMP/a") types)"
	jq -e --argjson n "$(wc -l < "$T_TMP/areas")" '.summary.areas == $n' "$T_TMP/j" >/dev/null ||
		fail "$name: summary.areas"

	# sums by caller
	jq -r '.rows[] | "\(.caller)\t\(.areas)\t\(.bytes)\t\(.ram)\t\(.mapped)"' "$T_TMP/j" | sort > "$T_TMP/k"
	awk -F'\t' '{ a[$2]++; b[$2] += $3; r[$2] += $5; m[$2] += $6 }
		END { for (c in a) printf "%s\t%d\t%d\t%d\t%d\n", c, a[c], b[c], r[c], m[c] }' \
		"$T_TMP/areas" | sort > "$T_TMP/a"
	same "$T_TMP/a" "$T_TMP/k" "$name: sums by caller ($(wc -l < "$T_TMP/a") callers)"

	# the ioremap areas, one row each
	"$KMEMTOP" --once --json --view vmalloc --ioremap --group-by none --page-size 4096 --root "$R" > "$T_TMP/j2" ||
		{ fail "$name: --ioremap --group-by none failed"; return; }
	jq -r '.rows[] | "\(.caller)\(if .module then " [" + .module + "]" else "" end)\t\(.size)\t\(.phys // "-" | ltrimstr("0x"))\t\(.type)"' "$T_TMP/j2" |
		sort > "$T_TMP/k"
	awk -F'\t' '$1 == "ioremap" { printf "%s\t%s\t%s\tioremap\n", $2, $3, $4 }' "$T_TMP/areas" |
		sort > "$T_TMP/a"
	same "$T_TMP/a" "$T_TMP/k" "$name: ioremap rows ($(wc -l < "$T_TMP/a"))"
}

for f in "$TESTDATA"/vmallocinfo-*.txt; do
	check_file "$f"
done
if [ -r /proc/vmallocinfo ]; then
	cat /proc/vmallocinfo > "$T_TMP/live"
	check_file "$T_TMP/live"
else
	echo "note: /proc/vmallocinfo not readable here; live check not run"
fi
finish
