#!/bin/sh
# tests/layers.sh - every module of src/ is in src/LAYERS, and includes
# only headers of its own layer or lower ones (system headers aside).
. "$top_srcdir/tests/lib.sh"

L="$top_srcdir/src/LAYERS"
# the layer of module $1: lines "LAYER : MODULES : WHAT"
layer() {
	awk -F ' : ' -v m="$1" '!/^#/ && NF {
		n = split($2, w, " ")
		for (i = 1; i <= n; i++) if (w[i] == m) { print $1; exit }
	}' "$L"
}

n=0
for f in "$top_srcdir"/src/*.c "$top_srcdir"/src/*.h; do
	m=$(basename "$f" | sed 's/\.[ch]$//')
	lm=$(layer "$m")
	if [ -z "$lm" ]; then
		fail "src/$(basename "$f"): module $m is not in src/LAYERS"
		continue
	fi
	for inc in $(sed -n 's/^#include "\([a-z_0-9]*\)\.h".*/\1/p' "$f"); do
		li=$(layer "$inc")
		if [ -z "$li" ]; then
			fail "src/$(basename "$f") includes $inc.h, which is in no layer"
		elif [ "$li" -gt "$lm" ]; then
			fail "src/$(basename "$f") (layer $lm) includes $inc.h (layer $li)"
		fi
		n=$((n + 1))
	done
done
[ "$n" -ge 50 ] || fail "only $n includes checked"
pass "$n includes of $(ls "$top_srcdir"/src/*.c | wc -l) modules follow src/LAYERS"
finish
