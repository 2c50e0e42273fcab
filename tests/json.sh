#!/bin/sh
# tests/json.sh - `--once --json` for the slab view on every slabinfo
# capture: one line of valid JSON whose rows and totals equal what awk
# computes from the file.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

R="$T_TMP/root"
mkdir -p "$R/proc"
for f in "$TESTDATA"/slabinfo-*.txt; do
	name=$(basename "$f")
	cp "$f" "$R/proc/slabinfo"
	"$KMEMTOP" --once --json --page-size 4096 --root "$R" > "$T_TMP/j" 2> "$T_TMP/err" ||
		{ fail "$name: exit $?"; continue; }
	[ "$(wc -l < "$T_TMP/j")" -eq 1 ] || fail "$name: not one line"
	jq -e '.view == "slab" and (.time | type == "number")' "$T_TMP/j" >/dev/null ||
		fail "$name: view/time"

	# awk's reading: data lines; 1.1 has six numbers before ':' and
	# names with spaces, 2.x five numbers and the slabdata section
	tr -d '\r' < "$f" | awk -v v11="$(head -1 "$f" | grep -c 'version: 1.1')" '
	/^slabinfo - version/ || /^#/ || NF == 0 { next }
	{
		for (c = 1; c <= NF && $c != ":"; c++) ;
		if (v11) { a = $(c-6); n = $(c-5); sz = $(c-4); ns = $(c-2); pps = $(c-1) }
		else {
			a = $(c-5); n = $(c-4); sz = $(c-3); pps = $(c-1)
			for (i = c; i <= NF && $i != "slabdata"; i++) ;
			ns = $(i+2)
		}
		rows++; A += a; N += n; S += ns; T += n * sz; C += ns * pps * 4096
	}
	END { printf "%d %d %d %d %d %d\n", rows, A, N, S, T, C }' > "$T_TMP/awk"
	jq -r '"\(.rows | length) \(.summary.active_objs) \(.summary.num_objs) \(.summary.num_slabs) \(.summary.total_size) \([.rows[].cache_size] | add // 0)"' \
		"$T_TMP/j" > "$T_TMP/kmemtop"
	if cmp -s "$T_TMP/awk" "$T_TMP/kmemtop"; then
		pass "$name: rows and totals ($(cat "$T_TMP/awk"))"
	else
		fail "$name: awk says $(cat "$T_TMP/awk"), kmemtop $(cat "$T_TMP/kmemtop")"
	fi
	jq -e '[.rows[] | keys == ["active_objs","active_slabs","cache_size","efficiency","merged","name","num_objs","num_slabs","object_size","objperslab","objsize","pagesperslab","partial_pct","partial_slabs","use","waste"]] | all' \
		"$T_TMP/j" >/dev/null || fail "$name: row keys"
	jq -e '[.rows[] | .cache_size == .num_slabs * .pagesperslab * 4096] | all' \
		"$T_TMP/j" >/dev/null || fail "$name: cache_size"
done

# names with spaces, colons and slashes survive
R2="$T_TMP/r2"
make_root "$R2" slabinfo="$TESTDATA/slabinfo-5.x-x86_64-slubdebug-prometheus-procfs.txt"
"$KMEMTOP" -o --json --root "$R2" | jq -e '[.rows[].name] | index("iwl_cmd_pool:0000:04:00.0") and index("L2TP/IPv6")' >/dev/null &&
	pass "names with colons and slashes" || fail "odd names"
make_root "$R2" slabinfo="$TESTDATA/slabinfo-2.4.15-i686-smp-v1.1-lkml.txt"
"$KMEMTOP" -o --json --root "$R2" | jq -e '[.rows[].name] | index("file lock cache")' >/dev/null &&
	pass "names with spaces (1.1)" || fail "names with spaces"
finish
