#!/bin/sh
# tests/golden.sh - `kmemtop -o` against outputs slabtop printed for the
# same captures (tests/golden/README.md says how they were made).
. "$top_srcdir/tests/lib.sh"

G="$top_srcdir/tests/golden"
R="$T_TMP/root"
mkdir -p "$R/proc"
n=0
for g in "$G"/*.txt; do
	b=$(basename "$g" .txt)
	letter=${b##*.s}
	cap=${b%.s*}
	cp "$TESTDATA/$cap.txt" "$R/proc/slabinfo"
	"$KMEMTOP" -o -s "$letter" --page-size 4096 --root "$R" > "$T_TMP/out" 2>&1
	if cmp -s "$g" "$T_TMP/out"; then
		n=$((n + 1))
	else
		fail "$b differs"
		diff "$g" "$T_TMP/out" | head -6
	fi
done
[ "$n" -ge 20 ] || fail "only $n golden files compared"
pass "$n golden outputs identical"
finish
