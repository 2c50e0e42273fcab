#!/bin/sh
# tests/layers.sh - every module of src/ is in src/LAYERS, and includes
# only headers of its own layer or lower ones (system headers aside).
# One awk reads the table and every source (a process per include was
# seconds on a loaded machine).
. "$top_srcdir/tests/lib.sh"

L="$top_srcdir/src/LAYERS"
# lines "LAYER : MODULES : WHAT", then each file: "BAD message" per
# problem and, at the end, "N count" of the includes checked
awk -F ' : ' '
NR == FNR {
	if (!/^#/ && NF) {
		n = split($2, w, " ")
		for (i = 1; i <= n; i++) if (!(w[i] in lay)) lay[w[i]] = $1
	}
	next
}
FNR == 1 {
	f = FILENAME; sub(/.*\//, "", f)
	m = f; sub(/\.[ch]$/, "", m)
	known = m in lay
}
known && /^#include "[a-z_0-9]*\.h"/ {
	inc = $0; sub(/^#include "/, "", inc); sub(/\.h".*$/, "", inc)
	if (!(inc in lay))
		print "BAD src/" f " includes " inc ".h, which is in no layer"
	else if (lay[inc] + 0 > lay[m] + 0)
		print "BAD src/" f " (layer " lay[m] ") includes " inc ".h (layer " lay[inc] ")"
	checked++
}
END {
	for (a = 2; a < ARGC; a++) { # every file, the empty ones too
		f = ARGV[a]; sub(/.*\//, "", f)
		m = f; sub(/\.[ch]$/, "", m)
		if (!(m in lay)) print "BAD src/" f ": module " m " is not in src/LAYERS"
	}
	print "N " checked + 0
}' "$L" "$top_srcdir"/src/*.c "$top_srcdir"/src/*.h > "$T_TMP/layers" ||
	fail "awk failed"
n=0
while read -r tag rest; do
	case $tag in
	BAD) fail "$rest" ;;
	N) n=$rest ;;
	esac
done < "$T_TMP/layers"
[ "$n" -ge 50 ] || fail "only $n includes checked"
pass "$n includes of $(ls "$top_srcdir"/src/*.c | wc -l) modules follow src/LAYERS"
finish
