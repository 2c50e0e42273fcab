#!/bin/sh
# tests/slabtop_compare.sh - `kmemtop -o` is a drop-in for `slabtop -o`:
# for every slabinfo 2.x capture in tests/data and a copy of the live
# /proc/slabinfo, and for all ten sort letters, both programs print the
# same bytes. slabtop reads the capture through a bind mount over
# /proc/slabinfo in a private mount namespace.
. "$top_srcdir/tests/lib.sh"

command -v slabtop >/dev/null 2>&1 || skip "slabtop (procps) is not installed"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"
unshare -m true 2>/dev/null || skip "cannot make a mount namespace here (needs root)"

R="$T_TMP/root"
mkdir -p "$R/proc"
files=""
for f in "$TESTDATA"/slabinfo-*.txt; do
	case $(head -1 "$f") in
	*"version: 2."*) files="$files $f" ;;
	esac
done
if [ -r /proc/slabinfo ]; then
	cat /proc/slabinfo > "$T_TMP/live-slabinfo"
	files="$files $T_TMP/live-slabinfo"
fi

n=0
letters="a b c l v n o p s u"
for f in $files; do
	cp "$f" "$R/proc/slabinfo"
	# one namespace per file, slabtop once per letter in it
	unshare -m sh -c "mount --bind '$f' /proc/slabinfo &&
		for s in $letters; do slabtop -o -s \$s > '$T_TMP/slabtop.'\$s 2>&1; done"
	for s in $letters; do
		"$KMEMTOP" -o -s $s --root "$R" > "$T_TMP/kmemtop" 2>&1
		if cmp -s "$T_TMP/slabtop.$s" "$T_TMP/kmemtop"; then
			n=$((n + 1))
		else
			fail "$(basename "$f") -s $s differs from slabtop"
			diff "$T_TMP/slabtop.$s" "$T_TMP/kmemtop" | head -6
		fi
	done
done
pass "$n comparisons identical to slabtop -o ($(echo $files | wc -w) files x 10 letters)"
[ "$n" -ge 100 ] || fail "too few comparisons ran ($n)"
finish
