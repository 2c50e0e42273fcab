# bench/agg_vmallocinfo.awk - the peer for the vmalloc benchmark: the same
# aggregation kmemtop's default view does (areas and bytes by caller, by
# primary type), in awk.
$1 ~ /^0x[0-9a-f]+-0x[0-9a-f]+$/ {
	c = $3
	if (c == "unpurged") c = "(unpurged)"
	else if (c == "vm_map_ram") c = "(vm_map_ram)"
	else sub(/\+.*/, "", c)
	t = "other"
	for (i = 4; i <= NF; i++) {
		if ($i ~ /^\[/) c = c " " $i
		else if (t == "other" && $i ~ /^(ioremap|vmalloc|vmap|user|vpages|vm_map_ram|dma-coherent)$/) t = $i
	}
	if ($3 == "unpurged") t = "unpurged"
	areas[c]++; bytes[c] += $2; tareas[t]++; tbytes[t] += $2
}
END {
	for (c in areas) printf "%s %d %d\n", c, areas[c], bytes[c]
	for (t in tareas) printf "type %s %d %d\n", t, tareas[t], tbytes[t]
}
