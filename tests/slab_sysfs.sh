#!/bin/sh
# tests/slab_sysfs.sh - what /sys/kernel/slab adds to the slab view, on
# this machine's capture (/proc/slabinfo and /sys/kernel/slab with its
# links, tests/data/capture-slab-sysfs.py):
# - WASTE, EFF and PART equal tools/mm/slabinfo's Loss, %Ef and %Fr,
#   computed here by awk from the sysfs files with the kernel tool's
#   formulas (report() and slabcache() in tools/mm/slabinfo.c):
#     Loss = slabs x (page_size << order) - objects x object_size
#     %Ef  = objects x object_size x 100 / (slabs x (page_size << order))
#     %Fr  = partial x 100 / slabs          (integers; 100 without slabs)
#   on every cache whose sysfs counts equal its slabinfo line (a cache
#   that moved while the capture read it is left out, and counted);
# - the merged names are the links to the cache's directory;
# - -o stays slabtop's text without --waste, and a tree without
#   /sys/kernel/slab says why the columns are empty.
. "$top_srcdir/tests/lib.sh"

CAP="$TESTDATA/slab-sysfs-6.18-x86_64-kmemtop-ci.tar.gz"
R="$T_TMP/root"
mkdir -p "$R"
tar -C "$R" -xzf "$CAP" || { fail "cannot extract $CAP"; exit 1; }
S="$R/sys/kernel/slab"

"$KMEMTOP" --root "$R" --page-size 4096 -o --json > "$T_TMP/j" ||
	fail "kmemtop -o --json on the capture"
jq -r '.rows[] | "\(.name) \(.waste) \(.efficiency) \(.partial_pct)"' \
	"$T_TMP/j" | sort > "$T_TMP/kmemtop"

# the kernel tool's figures, from the sysfs files (read by one awk: a
# process per file was a minute on a loaded machine); FIRST is awk's
# function giving the first word of a file ("" when it cannot be read)
FIRST='function first(f,   l, w, r) {
	r = (getline l < f); close(f)
	if (r <= 0) return ""
	split(l, w, " "); return w[1]
}'
awk -v S="$S" -v moved="$T_TMP/moved" "$FIRST"'
	NR > 2 {
		d = S "/" $1
		slabs = first(d "/slabs")
		if (slabs == "") next
		objects = first(d "/objects")
		if (slabs != $15 || objects != $2) { print $1 >> moved; next }
		print $1, slabs, objects, first(d "/partial"), first(d "/object_size"), first(d "/order")
	}' "$R/proc/slabinfo" | awk '{
		size = $2 * 4096 * 2 ^ $6; used = $3 * $5
		ef = $2 ? int(used * 100 / size) : 100
		fr = $2 ? int($4 * 100 / $2) : 100
		if (fr > 100) fr = 100
		printf "%s %d %d %d\n", $1, size - used, ef, fr
	}' | sort > "$T_TMP/kernel"
checked=$(wc -l < "$T_TMP/kernel")
moved=$(cat "$T_TMP/moved" 2>/dev/null | wc -l)
join "$T_TMP/kernel" "$T_TMP/kmemtop" | awk '$2 != $5 || $3 != $6 || $4 != $7' > "$T_TMP/diff"
if [ "$checked" -ge 200 ] && [ ! -s "$T_TMP/diff" ] &&
	[ "$(join "$T_TMP/kernel" "$T_TMP/kmemtop" | wc -l)" -eq "$checked" ]; then
	pass "WASTE, EFF, PART = Loss, %Ef, %Fr on $checked caches ($moved moved while captured)"
else
	fail "WASTE/EFF/PART vs the kernel's formulas ($checked checked):"
	head -5 "$T_TMP/diff"
fi
# the worked example: filp's object 184 bytes in 192-byte slots
jq -e '.rows[] | select(.name == "filp") | .object_size == 184 and .objsize == 192' \
	"$T_TMP/j" >/dev/null && pass "filp: object 184 in a 192 slot" || fail "filp sizes"

# merged names: the other links to the same directory
for e in "$S"/*; do
	[ -L "$e" ] && echo "$(readlink "$e") ${e##*/}"
done | sort > "$T_TMP/links"
jq -r '.rows[] | select(.merged != null) | "\(.name) \(.merged | sort | join(","))"' \
	"$T_TMP/j" | sort > "$T_TMP/merged"
awk 'NR == FNR { n[$1] = n[$1] (n[$1] == "" ? "" : " ") $2; of[$2] = $1; next }
	{ split(n[of[$1]], a, " "); s = ""
	  for (i = 1; i in a; i++) if (a[i] != $1) s = s (s == "" ? "" : ",") a[i]
	  if (s != $2) { print "want", $1, s, "got", $2; bad++ } }
	END { exit bad > 0 }' "$T_TMP/links" "$T_TMP/merged" > "$T_TMP/mdiff" &&
	[ "$(wc -l < "$T_TMP/merged")" -ge 100 ] &&
	grep -q '^signal_cache .*UNIX' "$T_TMP/merged" &&
	pass "merged names are the links ($(wc -l < "$T_TMP/merged") caches; signal_cache holds $(grep '^signal_cache ' "$T_TMP/merged" | cut -d' ' -f2))" ||
	{ fail "merged names"; head -5 "$T_TMP/mdiff"; }

# the screen's mark and the text: -o is slabtop's, --waste adds columns
"$KMEMTOP" --root "$R" --page-size 4096 -o > "$T_TMP/o"
sed -n 7p "$T_TMP/o" | grep -q '^  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME *$' &&
	! grep -q 'WASTE\|+[0-9]' "$T_TMP/o" &&
	pass "-o: slabtop's columns and names only" || fail "-o changed"
"$KMEMTOP" --root "$R" --page-size 4096 -o --waste -s W > "$T_TMP/w"
sed -n 7p "$T_TMP/w" | grep -q 'CACHE SIZE     WASTE  EFF PARTIAL  PART NAME' &&
	awk 'NR > 7 { print $8 }' "$T_TMP/w" | sed 's/K$//' |
	awk 'NR > 1 && $1 > prev { bad = 1 } { prev = $1 } END { exit bad }' &&
	pass "--waste -s W: the columns, largest waste first" || fail "--waste -s W"
"$KMEMTOP" --root "$R" --page-size 4096 -o --unreclaimable --json |
	jq -r '.rows[].name' > "$T_TMP/unrecl"
awk -v S="$S" "$FIRST"'first(S "/" $0 "/reclaim_account") != "0"' \
	"$T_TMP/unrecl" > "$T_TMP/unrecl.bad"
grep -qx dentry "$T_TMP/unrecl" && fail "--unreclaimable lists dentry"
[ -s "$T_TMP/unrecl" ] && [ ! -s "$T_TMP/unrecl.bad" ] &&
	pass "--unreclaimable: $(wc -l < "$T_TMP/unrecl") caches, each reclaim_account 0" ||
	fail "--unreclaimable: $(cat "$T_TMP/unrecl.bad")"

# Prometheus: waste and partial slabs per cache, merged count
"$KMEMTOP" --root "$R" --page-size 4096 --format prometheus -o > "$T_TMP/prom"
grep -q '^kmemtop_slab_waste_bytes{cache="filp"} ' "$T_TMP/prom" &&
	grep -q '^kmemtop_slab_partial_slabs{cache="filp"} ' "$T_TMP/prom" &&
	grep -q '^kmemtop_slab_merged_names{cache="signal_cache"} [1-9]' "$T_TMP/prom" &&
	pass "metrics: waste, partial slabs, merged names" || fail "metrics"

# without /sys/kernel/slab: the columns are empty and the text says why
rm -rf "$R/sys"
"$KMEMTOP" --root "$R" --page-size 4096 -o --waste > "$T_TMP/nosys"
grep -q '^No waste, merged names or partial slabs: cannot read .*sys/kernel/slab' "$T_TMP/nosys" &&
	pass "no /sys/kernel/slab: said" || fail "no /sys/kernel/slab: not said"
"$KMEMTOP" --root "$R" --page-size 4096 -o --json |
	jq -e '.summary.sysfs == false and ([.rows[] | .waste == null and .merged == null] | all)' \
		>/dev/null && pass "no /sys/kernel/slab: JSON nulls" || fail "JSON without sysfs"

[ "$T_FAILS" -eq 0 ] || { echo "$T_NAME: $T_FAILS failure(s)"; exit 1; }
