#!/bin/sh
# tests/memory.sh - the memory view (--view memory) in -o and --json on
# --root trees of captured files: the rows equal a calculation by hand
# from the captures' lines (to the kB), the terms and the remainder add
# up to MemTotal, absent fields leave empty rows that say why, the
# physical RAM comes from iomem's System RAM, and the kernel stacks are
# taken out of vmalloc where vmallocinfo shows them there.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

# -o on 5.14 (no iomem, no vmallocinfo): stacks unknown, counted in both
make_root "$T_TMP/a" meminfo="$TESTDATA/meminfo-5.14-x86_64-pcp-qa-007.txt"
"$KMEMTOP" -o --view memory --root "$T_TMP/a" > "$T_TMP/o" 2> "$T_TMP/err" ||
	fail "-o: exit $?: $(cat "$T_TMP/err")"
# row WHAT SIZE: the text row of WHAT shows SIZE (K)
row() {
	grep -Eq "^ *$1 +$2 " "$T_TMP/o" && pass "-o: $1 $2" ||
		fail "-o: $1 is not $2: $(grep -E "^ *$1 " "$T_TMP/o")"
}
grep -q '^MEMORY *SIZE %TOTAL FROM$' "$T_TMP/o" && pass "-o header" ||
	fail "-o header: $(grep MEMORY "$T_TMP/o")"
row MemTotal 8141728K
row free 4211712K
row 'page cache' 3196212K # 3194544 + 1668
row 'of it shmem' 1148K
row anonymous 131588K
row 'slab reclaimable' 133744K
row 'slab unreclaimable' 164720K
row 'kernel stacks' 14512K
row 'page tables' 4072K
row per-CPU 5280K
row vmalloc 79940K
row 'hugetlb pool' 0K
# 8141728 - (4211712 + 3196212 + 131588 + 0 + 133744 + 164720 + 14512
# + 4072 + 5280 + 79940 + 0) = 199948
row unaccounted 199948K
grep -Eq '^ *secondary page tables +- +- no SecPageTables in meminfo' "$T_TMP/o" &&
	grep -Eq '^ *zswap pool +- +- no Zswap in meminfo' "$T_TMP/o" &&
	grep -Eq '^Physical RAM +- +- no /proc/iomem' "$T_TMP/o" &&
	pass "-o: absent fields are empty rows that say why" ||
	fail "-o: absent rows: $(grep -E 'secondary|zswap|Physical' "$T_TMP/o")"
grep -q 'Kernel stacks *: unknown' "$T_TMP/o" && grep -q 'Unaccounted / MemTotal *: 199948K / 8141728K (2.5%)' "$T_TMP/o" &&
	pass "-o summary" || fail "-o summary: $(head -3 "$T_TMP/o")"

# --json on 6.18 with its iomem and a vmallocinfo holding a stack
make_root "$T_TMP/b" meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt" \
	iomem="$TESTDATA/iomem-6.18-x86_64-kmemtop-ci-onemoment.txt"
printf '%s\n' '0xffffc90000000000-0xffffc90000005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc vpages N0=4' \
	> "$T_TMP/b/proc/vmallocinfo"
"$KMEMTOP" --once --json --view memory --root "$T_TMP/b" > "$T_TMP/j" 2> "$T_TMP/err" ||
	fail "--json: exit $?: $(cat "$T_TMP/err")"
# b ITEM KB: the row's bytes are KB x 1024
b() {
	jq -e --arg i "$1" --argjson k "$2" '[.rows[] | select(.item == $i)] | length == 1 and .[0].bytes == $k * 1024' \
		"$T_TMP/j" > /dev/null && pass "json: $1 = $2 kB" ||
		fail "json: $1: $(jq -c --arg i "$1" '.rows[] | select(.item == $i)' "$T_TMP/j")"
}
b mem_total 24683656
b free 24338936
b page_cache 235220 # 231676 + 3544
b shmem 8952
b anon 3384
b kernel_stack 1212
b vmalloc 4248 # 5460 - 1212: the stacks are vmalloc pages
b percpu 688
b sec_page_tables 0
b zswap 0
# 24683656 - (24338936 + 235220 + 3384 + 0 + 45408 + 19640 + 1212 + 1268
# + 0 + 688 + 4248 + 0 + 0) = 33652
b unaccounted 33652
# System RAM: 0x1000-0x9fbff, 0x100000-0xbfffffff, 0x100000000-0x63fffffff
# = 650240 + 3220176896 + 22548578304 = 25769405440 bytes = 25165435 kB
b physical 25165435
b reserved_at_boot 481779 # 25165435 - 24683656
jq -e '(.rows[] | select(.item == "mem_total") | .bytes) as $t |
	[.rows[] | select(.role == "term" or .role == "remainder") | .bytes] | add == $t' "$T_TMP/j" > /dev/null &&
	pass "json: terms + remainder = MemTotal" || fail "json: the sum"
jq -e '[.rows[].item] == ["physical","reserved_at_boot","mem_total","free","pcp_free","page_cache","shmem","anon","anon_thp","swap_cache","slab_reclaimable","slab_unreclaimable","kernel_stack","page_tables","sec_page_tables","percpu","vmalloc","hugetlb","zswap","unaccounted"]' \
	"$T_TMP/j" > /dev/null && pass "json: rows in the sheet's order" || fail "json order: $(jq -c '[.rows[].item]' "$T_TMP/j")"
jq -e '.view == "memory" and .summary == {"unaccounted": 34459648, "mem_total": 25276063744, "physical": 25769405440, "stacks_in_vmalloc": true, "absent_terms": 0, "allocinfo": null}' \
	"$T_TMP/j" > /dev/null && pass "json summary" || fail "json summary: $(jq -c .summary "$T_TMP/j")"
jq -e '.rows[0] | keys == ["bytes","item","percent","role","source","what"]' "$T_TMP/j" > /dev/null &&
	pass "json row fields" || fail "json row fields: $(jq -c '.rows[0] | keys' "$T_TMP/j")"

# 3.10: no Hugetlb (HugePages_Total x Hugepagesize), VmallocUsed is address
# space: null, said; the rest by hand
make_root "$T_TMP/c" meminfo="$TESTDATA/meminfo-3.10-x86_64-numa-pcp-qa-002.txt"
"$KMEMTOP" --once --json --view memory --root "$T_TMP/c" > "$T_TMP/j" 2> "$T_TMP/err" ||
	fail "3.10 --json: exit $?"
b hugetlb 0
# 131831052 - (87287012 + 31244052 + 10753600 + 0 + 1242872 + 209136
# + 12352 + 40644) = 1041384
b unaccounted 1041384
jq -e '.rows[] | select(.item == "vmalloc") | .bytes == null and (.source | test("address space"))' \
	"$T_TMP/j" > /dev/null && pass "3.10: vmalloc not counted, said" || fail "3.10 vmalloc"
jq -e '.summary.absent_terms == 3 and .summary.physical == null and .summary.stacks_in_vmalloc == null' \
	"$T_TMP/j" > /dev/null && pass "3.10 summary" || fail "3.10 summary: $(jq -c .summary "$T_TMP/j")"

# the per-CPU lists of zoneinfo (its capture beside its meminfo): 22201
# pages of 4 KiB; unaccounted 24683772 - (23561000 + 88804 + 787072
# + 31612 + 142592 + 34600 + 3440 + 6816 + 936 + (16204 - 3440)) = 14136
make_root "$T_TMP/e" meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-pcp.txt" \
	zoneinfo="$TESTDATA/zoneinfo-6.18-x86_64-kmemtop-ci-pcp.txt" vmallocinfo="$T_TMP/b/proc/vmallocinfo"
"$KMEMTOP" --once --json --view memory --root "$T_TMP/e" --page-size 4096 > "$T_TMP/j" 2> "$T_TMP/err" ||
	fail "pcp --json: exit $?"
b pcp_free 88804
b unaccounted 14136
"$KMEMTOP" --once --json --view memory --root "$T_TMP/b" > "$T_TMP/j" 2> "$T_TMP/err"
jq -e '.rows[] | select(.item == "pcp_free") | .bytes == null and .source == "no /proc/zoneinfo"' "$T_TMP/j" > /dev/null &&
	pass "no zoneinfo: pcp_free empty, said" || fail "no zoneinfo: $(jq -c '.rows[] | select(.item == "pcp_free")' "$T_TMP/j")"

# the allocation profile (allocinfo 1.0, written from the documentation)
cp "$TESTDATA/allocinfo-1.0-doc.txt" "$T_TMP/b/proc/allocinfo"
"$KMEMTOP" --once --json --view memory --root "$T_TMP/b" --alloc-by module > "$T_TMP/j" 2> "$T_TMP/err" ||
	fail "--alloc-by module: exit $?: $(cat "$T_TMP/err")"
# built in: every line but ctagmod's 4194304; the sum of the eleven
# lines is 260571137
jq -e '.rows == [{"bytes": 256376833, "calls": 71387, "sites": 10, "group": "(built in)"},
	{"bytes": 4194304, "calls": 1010, "sites": 1, "group": "ctagmod"}] and
	.summary.allocinfo == {"version": "1.0", "sites": 11, "bytes": 260571137, "group": "module"}' \
	"$T_TMP/j" > /dev/null && pass "--alloc-by module: the sums by hand" ||
	fail "--alloc-by module: $(jq -c '[.rows, .summary.allocinfo]' "$T_TMP/j")"
"$KMEMTOP" -o --view memory --root "$T_TMP/b" --alloc-by site > "$T_TMP/o" 2>&1 || fail "--alloc-by site: exit $?"
grep -Eq '^ +4096K +1010 drivers/staging/ctagmod/ctagmod.c:20 +ctagmod +- +ctagmod_start$' "$T_TMP/o" &&
	sed -n 7p "$T_TMP/o" | grep -q '^ *124928K  *31168 mm/page_ext.c:270 ' &&
	pass "--alloc-by site: largest first, the module's site" || fail "--alloc-by site: $(cat "$T_TMP/o")"
"$KMEMTOP" -o --view memory --root "$T_TMP/b" --alloc-by bogus > /dev/null 2> "$T_TMP/err" &&
	fail "--alloc-by bogus: exit 0" || grep -q "none of site, module, file" "$T_TMP/err" &&
	pass "--alloc-by bogus: refused, said" || fail "--alloc-by bogus: $(cat "$T_TMP/err")"
"$KMEMTOP" --once --json --view memory --root "$T_TMP/a" > "$T_TMP/j" 2> /dev/null
jq -e '.summary.allocinfo == null' "$T_TMP/j" > /dev/null && pass "no allocinfo: null" || fail "no allocinfo"
"$KMEMTOP" -o --view memory --root "$T_TMP/a" | grep -q 'Allocation profile *: no /proc/allocinfo (Linux 6.10+ with CONFIG_MEM_ALLOC_PROFILING)' &&
	pass "no allocinfo: said" || fail "no allocinfo: not said"

# fragmentation: buddyinfo and zoneinfo copied back to back; the Normal
# zone's free pages 20856 + 10855*2 + 7065*4 + 4427*8 + 2310*16 + 1190*32
# + 496*64 + 201*128 + 261*256 + 207*512 + 322*1024 = 741282 (4 KiB each)
make_root "$T_TMP/f" meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt" buddyinfo="$TESTDATA/buddyinfo-6.18-x86_64-kmemtop-ci-frag.txt" \
	zoneinfo="$TESTDATA/zoneinfo-6.18-x86_64-kmemtop-ci-frag.txt"
"$KMEMTOP" --once --json --view memory --frag --root "$T_TMP/f" --page-size 4096 > "$T_TMP/j" 2> "$T_TMP/err" ||
	fail "--frag: exit $?: $(cat "$T_TMP/err")"
jq -e '.rows[2] | .zone == "Normal" and .free == 741282 * 4096 and .min == 9706 * 4096 and
	.low == 12132 * 4096 and .high == 14558 * 4096 and .largest == 1024 * 4096 and
	(.unusable_order9 - (741282 - 435712) * 100 / 741282 | fabs) < 1e-9 and
	(.unusable_order3 - (20856 + 10855 * 2 + 7065 * 4) * 100 / 741282 | fabs) < 1e-9 and .state == ""' \
	"$T_TMP/j" > /dev/null && pass "--frag: Normal by hand" || fail "--frag: $(jq -c '.rows[2]' "$T_TMP/j")"
jq -e '[.rows[] | .zone] == ["DMA", "DMA32", "Normal"] and .rows[1].free == 772845 * 4096' "$T_TMP/j" > /dev/null &&
	pass "--frag: the zones of buddyinfo" || fail "--frag zones: $(jq -c '[.rows[] | .zone]' "$T_TMP/j")"

# --pagetype: the free lists per migrate type and the pageblocks of
# /proc/pagetypeinfo (this CI machine's, as root). The Normal zone's
# Movable blocks of orders 0 to 10: 3670 10806 6344 3122 1117 186 4 1 16
# 210 330 = 3670 + 21612 + 25376 + 24976 + 17872 + 5952 + 256 + 128
# + 4096 + 107520 + 337920 = 549378 pages; the largest of order 10
# (1024 pages); 1767 Movable pageblocks of 512 pages
cp "$TESTDATA/pagetypeinfo-6.18-x86_64-kmemtop-ci.txt" "$T_TMP/f/proc/pagetypeinfo"
"$KMEMTOP" --once --json --view memory --pagetype --root "$T_TMP/f" --page-size 4096 > "$T_TMP/j" 2> "$T_TMP/err" ||
	fail "--pagetype: exit $?: $(cat "$T_TMP/err")"
jq -e '(.rows | length) == 15 and .summary.pagetypeinfo == {"pages_per_block": 512} and
	(.rows[11] | .zone == "Normal" and .type == "Movable" and .free == 549378 * 4096 and
	.largest == 1024 * 4096 and .pageblocks == 1767 and .pageblock_bytes == 1767 * 512 * 4096)' \
	"$T_TMP/j" > /dev/null && pass "--pagetype: Normal Movable by hand" ||
	fail "--pagetype: $(jq -c '[.summary.pagetypeinfo, .rows[11]]' "$T_TMP/j")"
"$KMEMTOP" -o --view memory --pagetype --root "$T_TMP/f" --page-size 4096 > "$T_TMP/o" 2>&1
grep -Eq '^ +0 Normal +Movable +2197512K +4096K +1767 +3618816K ' "$T_TMP/o" &&
	pass "--pagetype -o: Normal Movable 2197512K, 4096K, 1767 blocks (3618816K)" ||
	fail "--pagetype -o: $(grep Normal "$T_TMP/o")"
# unreadable (a directory in its place; a user's read fails the same
# way): one line says so, no rows
mkdir -p "$T_TMP/u/proc/pagetypeinfo" && cp "$T_TMP/f/proc/meminfo" "$T_TMP/u/proc/"
"$KMEMTOP" -o --view memory --pagetype --root "$T_TMP/u" > "$T_TMP/o" 2>&1 || fail "--pagetype unreadable: exit $?"
[ "$(grep -c 'pagetypeinfo' "$T_TMP/o")" -eq 1 ] &&
	grep -q '^ *Migrate types *: needs root: cannot read .*/proc/pagetypeinfo' "$T_TMP/o" &&
	[ "$(sed -n '/^NODE ZONE *TYPE/,$p' "$T_TMP/o" | wc -l)" -eq 1 ] &&
	pass "--pagetype unreadable: one line says so" || fail "--pagetype unreadable: $(cat "$T_TMP/o")"
# read only while shown: not by the sheet, the zones, metrics or JSON
if command -v strace > /dev/null 2>&1; then
	touched() { # ARGS...: whether kmemtop asks for pagetypeinfo at all
		strace -f -qq -e trace=%file,%desc -o "$T_TMP/st" "$KMEMTOP" "$@" --view memory \
			--root "$T_TMP/f" --page-size 4096 > /dev/null 2>&1
		grep -q pagetypeinfo "$T_TMP/st"
	}
	for a in -o "-o --frag" "--once --json" "--once --json --frag" "--once --format prometheus" \
		"-o --alloc-by module"; do
		# shellcheck disable=SC2086
		touched $a && fail "$a: pagetypeinfo read" || pass "$a: pagetypeinfo not touched"
	done
	touched -o --pagetype && pass "--pagetype: pagetypeinfo read" || fail "--pagetype: not read"
fi

# the fragmentation tab's rates in JSON: the change of a raw vmstat
# counter between two snapshots over their interval (the batch is
# stopped while the file changes; the interval is the one between the
# snapshots' times, which kmemtop takes beside its own clock: 1%)
cp "$TESTDATA/vmstat-6.18-x86_64-kmemtop-ci.txt" "$T_TMP/f/proc/vmstat"
"$KMEMTOP" -b -n 2 -d 1 --json --view memory --frag --root "$T_TMP/f" --page-size 4096 > "$T_TMP/r" 2> /dev/null &
pid=$!
wait_for 1 "$T_TMP/r" '"view":"memory"' || fail "no first snapshot"
kill -STOP $pid
awk '$1 == "pgscan_kswapd" { $2 += 50000 } $1 == "compact_stall" { $2 += 7 } { print }' \
	"$T_TMP/f/proc/vmstat" > "$T_TMP/vm" && mv "$T_TMP/vm" "$T_TMP/f/proc/vmstat"
kill -CONT $pid
wait $pid
jq -s -e '(.[1].time - .[0].time) as $dt |
	(.[1].summary.reclaim_per_second.pgscan_kswapd * $dt / 50000 - 1 | fabs) < 0.01 and
	(.[1].summary.reclaim_per_second.compact_stall * $dt / 7 - 1 | fabs) < 0.01 and
	.[1].summary.reclaim_per_second.pgsteal_direct == 0 and
	(.[0].summary.reclaim_per_second | to_entries | all(.value == null))' "$T_TMP/r" > /dev/null &&
	pass "JSON rates: the counters' change over the interval, null before two reads" ||
	fail "JSON rates: $(jq -c '.summary.reclaim_per_second' "$T_TMP/r" | tr '\n' ' ')"

# no meminfo: an error, not an empty sheet
make_root "$T_TMP/d"
"$KMEMTOP" -o --view memory --root "$T_TMP/d" > "$T_TMP/o" 2> "$T_TMP/err" &&
	fail "no meminfo: exit 0" || pass "no meminfo: an error ($(head -c 100 "$T_TMP/err"))"

# metrics: the remainder, the physical RAM and what boot reserved
"$KMEMTOP" --once --format prometheus --view memory --root "$T_TMP/b" > "$T_TMP/p" 2> "$T_TMP/err" ||
	fail "--format prometheus: exit $?: $(cat "$T_TMP/err")"
grep -qx 'kmemtop_memory_unaccounted_bytes 34459648' "$T_TMP/p" &&
	grep -qx 'kmemtop_memory_physical_bytes 25769405440' "$T_TMP/p" &&
	grep -qx "kmemtop_memory_reserved_at_boot_bytes $((481779 * 1024))" "$T_TMP/p" &&
	pass "metrics" || fail "metrics: $(grep memory_ "$T_TMP/p")"
# the zones node_exporter lacks: free lists, watermarks, the largest
# block and the unusable index, a series per node and zone (the Normal
# zone of the fragmentation capture, by hand as above)
"$KMEMTOP" --once --format prometheus --view memory --root "$T_TMP/f" --page-size 4096 > "$T_TMP/p" 2> "$T_TMP/err" ||
	fail "--format prometheus (zones): exit $?: $(cat "$T_TMP/err")"
grep -qx "kmemtop_zone_free_bytes{node=\"0\",zone=\"Normal\"} $((741282 * 4096))" "$T_TMP/p" &&
	grep -qx "kmemtop_zone_watermark_min_bytes{node=\"0\",zone=\"Normal\"} $((9706 * 4096))" "$T_TMP/p" &&
	grep -qx "kmemtop_zone_watermark_high_bytes{node=\"0\",zone=\"Normal\"} $((14558 * 4096))" "$T_TMP/p" &&
	grep -qx "kmemtop_zone_largest_free_block_bytes{node=\"0\",zone=\"Normal\"} $((1024 * 4096))" "$T_TMP/p" &&
	[ "$(grep -c '^kmemtop_zone_unusable_order9_percent{' "$T_TMP/p")" -eq 3 ] &&
	pass "zone metrics: Normal by hand, three zones" || fail "zone metrics: $(grep kmemtop_zone_ "$T_TMP/p" | head -5)"
if command -v promtool > /dev/null 2>&1; then
	promtool check metrics < "$T_TMP/p" && pass "promtool accepts the zones" || fail "promtool: zones"
fi
finish
