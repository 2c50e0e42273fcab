#!/bin/sh
# tests/cgroup.sh - the cgroup view on the fixture trees of tests/data
# (make-cgroup-trees.sh): every figure below is worked out by hand from
# the files, in KiB.
# cgroup2-6.6 (memory.stat with kernel, vmalloc, sec_pagetables):
#   system.slice KERNEL = its kernel key = 112 + 184 + 8 + 36 + 56 + 450
#     + 1040 + 80 (other) = 1966; PGTBL = pagetables 184 + sec 8 = 192
#   user.slice KERNEL = 48 + 200 + 0 + 16 + 8 + 400 + 120 + 30 = 822
#   machine (meminfo): KERNEL = SUnreclaim 5000 + SReclaimable 8000 +
#     KernelStack 900 + PageTables 1500 + Percpu 600 + VmallocUsed 2000
#     = 18000; SOCK = sockstat (100 + 28) pages x 4 KiB = 512
#   not charged = machine - (system.slice + user.slice): KERNEL 18000 -
#     2788 = 15212, SLAB_U 5000 - 1160 = 3840, SOCK 512 - 292 = 220
# cgroup2-5.10 (no kernel, vmalloc, sec_pagetables): KERNEL is the sum
#   of the parts: system.slice 112 + 184 + 36 + 450 + 1040 = 1822,
#   user.slice 48 + 200 + 16 + 400 + 120 = 784; VMALLOC empty, not 0;
#   not charged 18000 - 2606 = 15394
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

D="$TESTDATA"
cg() { # TREE ARGS...: the cgroup view's JSON of a tree
	_t=$1
	shift
	"$KMEMTOP" --root "$D/$_t" --page-size 4096 -o --json --view cgroup "$@"
}
kib() { # JSON FILTER: a field of a row, in KiB ("null" when absent)
	jq -r "$2 | if . == null then \"null\" else . / 1024 end" "$1"
}
row() { echo ".rows[] | select(.row == \"$1\" and .path == \"$2\")"; }

cg cgroup2-6.6 > "$T_TMP/new" || fail "cgroup2-6.6"
got=$(kib "$T_TMP/new" "$(row cgroup /system.slice) | .kernel"),$(kib "$T_TMP/new" "$(row cgroup /system.slice) | .pagetables"),$(kib "$T_TMP/new" "$(row cgroup /user.slice) | .kernel")
[ "$got" = "1966,192,822" ] && pass "6.6: system.slice KERNEL 1966, PGTBL 192; user.slice 822" ||
	fail "6.6 cgroups: $got"
got=$(kib "$T_TMP/new" "$(row machine '') | .kernel"),$(kib "$T_TMP/new" "$(row machine '') | .sock"),$(kib "$T_TMP/new" "$(row 'not charged' '') | .kernel"),$(kib "$T_TMP/new" "$(row 'not charged' '') | .slab_unreclaimable"),$(kib "$T_TMP/new" "$(row 'not charged' '') | .sock")
[ "$got" = "18000,512,15212,3840,220" ] && pass "6.6: machine 18000 (SOCK 512), not charged 15212 (SLAB_U 3840, SOCK 220)" ||
	fail "6.6 machine rows: $got"
jq -e '[.rows[] | select(.row == "cgroup")] | length == 7' "$T_TMP/new" >/dev/null &&
	jq -e '.rows[] | select(.path == "/system.slice/docker.service/ctr1") | .max == 67108864 and .oom_kills == 2 and .psi_some_avg10 == 1.5' "$T_TMP/new" >/dev/null &&
	jq -e '.rows[] | select(.path == "/user.slice") | .max == null' "$T_TMP/new" >/dev/null &&
	pass "6.6: 7 cgroups; ctr1 MAX 64 MiB, 2 OOM kills, PSI 1.5; max is null" || fail "6.6 fields"

cg cgroup2-5.10 > "$T_TMP/old" || fail "cgroup2-5.10"
got=$(kib "$T_TMP/old" "$(row cgroup /system.slice) | .kernel"),$(kib "$T_TMP/old" "$(row cgroup /user.slice) | .kernel"),$(kib "$T_TMP/old" "$(row cgroup /user.slice) | .vmalloc"),$(kib "$T_TMP/old" "$(row 'not charged' '') | .kernel")
[ "$got" = "1822,784,null,15394" ] && pass "5.10: KERNEL the sum of the parts (1822, 784), VMALLOC empty, not charged 15394" ||
	fail "5.10: $got"

# the text: the tree, indented, machine rows first; --flat: paths
"$KMEMTOP" --root "$D/cgroup2-6.6" --page-size 4096 -o --view cgroup > "$T_TMP/text"
awk '/CGROUP/ { h = 1; next } h { print $NF }' "$T_TMP/text" | tr '\n' ' ' > "$T_TMP/order"
[ "$(cat "$T_TMP/order")" = "(machine) cgroup) system.slice docker.service ctr1 sshd.service user.slice user-1000.slice session-1.scope " ] &&
	grep -q '^ .*   docker.service$' "$T_TMP/text" && grep -q '^ .*     ctr1$' "$T_TMP/text" &&
	pass "tree: machine, not charged, then parents before children, larger KERNEL first, indented" ||
	{ fail "tree order: $(cat "$T_TMP/order")"; cat "$T_TMP/text"; }
"$KMEMTOP" --root "$D/cgroup2-6.6" --page-size 4096 -o --view cgroup --flat -s slab_u > "$T_TMP/flat"
sed -n 4p "$T_TMP/flat" | grep -q '(machine)$' && sed -n 6p "$T_TMP/flat" | grep -q ' /system.slice$' &&
	grep -q ' /system.slice/docker.service/ctr1$' "$T_TMP/flat" &&
	pass "--flat -s slab_u: full paths, by SLAB_U" || { fail "--flat"; cat "$T_TMP/flat"; }
cg cgroup2-6.6 --depth 1 | jq -e '[.rows[] | select(.row == "cgroup") | .path] == ["/system.slice", "/user.slice"]' >/dev/null &&
	pass "--depth 1: the top-level cgroups" || fail "--depth 1"

# v1: what it offers, what it lacks said
"$KMEMTOP" --root "$D/cgroup1" --page-size 4096 -o --view cgroup > "$T_TMP/v1"
grep -q 'Cgroups: 2 in /sys/fs/cgroup/memory (cgroup v1)' "$T_TMP/v1" &&
	grep -q 'cgroup v1 keeps no SLAB_U, SLAB_R, STACK, PGTBL, PERCPU, VMALLOC or PSI' "$T_TMP/v1" &&
	cg cgroup1 | jq -e '.rows[] | select(.path == "/docker") | .kernel == 122880000 and .current == 307200000 and .slab_unreclaimable == null and .max == null and .oom_kills == 1' >/dev/null &&
	pass "v1: KERNEL from memory.kmem.usage_in_bytes, the rest named as missing" || { fail "v1"; cat "$T_TMP/v1"; }
# no memory controller: said; the other views as before
"$KMEMTOP" --root "$D/nocgroup" --page-size 4096 -o --view cgroup > "$T_TMP/none" &&
	grep -q '^Cgroups: no memory controller' "$T_TMP/none" &&
	grep -q '(machine)$' "$T_TMP/none" &&
	pass "no memory controller: said, the machine row still there" || fail "no controller"

# metrics: per cgroup with its depth; the machine and the uncharged
# under names of their own
"$KMEMTOP" --root "$D/cgroup2-6.6" --page-size 4096 -o --format prometheus --view cgroup > "$T_TMP/prom"
grep -q '^kmemtop_cgroup_kernel_bytes{cgroup="/system.slice",depth="1"} 2013184$' "$T_TMP/prom" &&
	grep -q '^kmemtop_not_charged_kernel_bytes 15577088$' "$T_TMP/prom" &&
	grep -q '^kmemtop_machine_kernel_bytes 18432000$' "$T_TMP/prom" &&
	grep -q '^kmemtop_cgroup_oom_kills{cgroup="/system.slice/docker.service/ctr1",depth="3"} 2$' "$T_TMP/prom" &&
	pass "metrics: kmemtop_cgroup_kernel_bytes per cgroup and depth; the machine and not charged apart" || fail "metrics"

# the cap on cgroups (100,000) is said, not silent: "first 100,000 of at
# least N" on screen and in the text, truncated in JSON. 100,001
# directories take a minute to make and read here, so the test lowers the
# cap through KMEMTOP_TEST_CGROUP_MAX (test-only, it can only lower it):
# 120 top-level cgroups, a cap of 100
B="$T_TMP/many"
mkdir -p "$B/sys/fs/cgroup" "$B/proc"
cp "$D/cgroup2-6.6/proc/meminfo" "$B/proc/"
echo memory > "$B/sys/fs/cgroup/cgroup.controllers"
(cd "$B/sys/fs/cgroup" && mkdir $(seq -f 'c%03g' 1 120))
KMEMTOP_TEST_CGROUP_MAX=100 "$KMEMTOP" --root "$B" -o --view cgroup > "$T_TMP/many.txt" 2>&1
grep -q '^Cgroups: first 100 of at least 120 in /sys/fs/cgroup' "$T_TMP/many.txt" &&
	pass "a cap of 100 on 120 cgroups: first 100 of at least 120" || { fail "cap not said"; head -4 "$T_TMP/many.txt"; }
KMEMTOP_TEST_CGROUP_MAX=100 "$KMEMTOP" --root "$B" -o --json --view cgroup |
	jq -e '.summary.truncated == true and .summary.cgroups == 100 and .summary.cgroups_at_least == 120 and ([.rows[] | select(.row == "cgroup")] | length == 100)' >/dev/null &&
	pass "JSON: truncated, 100 cgroups of at least 120" || fail "JSON truncated"
"$KMEMTOP" --root "$B" -o --json --view cgroup |
	jq -e '.summary.truncated == false and .summary.cgroups == 120 and .summary.cgroups_at_least == 120' >/dev/null &&
	KMEMTOP_TEST_CGROUP_MAX=1000000 "$KMEMTOP" --root "$B" -o --json --view cgroup | jq -e '.summary.truncated == false' >/dev/null &&
	pass "without the cap reached: not truncated" || fail "untruncated JSON"
# deeper: the unvisited siblings count, the unlisted below them cannot
(cd "$B/sys/fs/cgroup/c001" && mkdir d1 d2 d3 && mkdir d1/e1 d1/e2)
KMEMTOP_TEST_CGROUP_MAX=3 "$KMEMTOP" --root "$B" -o --view cgroup 2>&1 | grep -q "^Cgroups: first 3 of at least 125 " &&
	pass "cap 3: first 3 of at least 125 (c001, d1, e1 read; e2, d2, d3, c002..c120 seen)" ||
	fail "deep cap: $(KMEMTOP_TEST_CGROUP_MAX=3 "$KMEMTOP" --root "$B" -o --view cgroup 2>&1 | head -1)"

# a captured tree's cgroup files are bounded, each and all together:
# hwm TREE OUT: run the cgroup view on TREE in batch mode, poll until its
# first snapshot is in OUT (at most 60 s), print its peak RSS in kB
hwm() {
	"$KMEMTOP" --root "$1" --page-size 4096 -b -n 2 -d 60 --view cgroup --output "$2" 2> "$2.err" &
	_kp=$!
	_i=0
	while [ $_i -lt 1200 ] && ! grep -q '^Cgroups:' "$2" 2> /dev/null; do
		sleep 0.05
		_i=$((_i + 1))
	done
	awk '/^VmHWM:/ { print $2 }' /proc/$_kp/status
	kill $_kp 2> /dev/null
	wait $_kp 2> /dev/null
}
# 10 cgroups whose files are 500 MB each (sparse: nothing on disk); it
# took 6.5 s and 517 MB
S="$T_TMP/sparse"
cp -r "$D/cgroup2-6.6" "$S"
for i in 0 1 2 3 4 5 6 7 8 9; do
	mkdir "$S/sys/fs/cgroup/big$i"
	(cd "$S/sys/fs/cgroup/big$i" && truncate -s 500M memory.stat memory.current memory.max memory.events memory.pressure)
done
kb=$(hwm "$S" "$T_TMP/sparse.txt")
grep -q '^Cgroups:' "$T_TMP/sparse.txt" && [ -n "$kb" ] && [ "$kb" -lt 100000 ] &&
	grep -q 'file(s) unreadable.*larger than 64 KiB' "$T_TMP/sparse.txt" &&
	pass "10 cgroups of 500 MB files: each refused (larger than 64 KiB), peak RSS ${kb} kB" ||
	{ fail "500 MB cgroup files: peak RSS ${kb:-?} kB"; head -5 "$T_TMP/sparse.txt" "$T_TMP/sparse.txt.err"; }
# 900 cgroups of five 64 KiB files: 288 MiB, past the budget of 256 MiB
# a refresh: the rest is not read, and the summary says so
S="$T_TMP/budget"
mkdir -p "$S/sys/fs/cgroup" "$S/proc"
cp "$D/cgroup2-6.6/proc/meminfo" "$S/proc/"
echo memory > "$S/sys/fs/cgroup/cgroup.controllers"
(cd "$S/sys/fs/cgroup" && mkdir $(seq -f 'c%03g' 1 900) &&
	truncate -s 64K $(for f in stat current max events pressure; do seq -f "c%03g/memory.$f" 1 900; done))
kb=$(hwm "$S" "$T_TMP/budget.txt")
grep -q "^Cgroups: first 8[0-9][0-9] of at least 900 " "$T_TMP/budget.txt" &&
	grep -q 'read 256 MiB of the capture.s cgroup files, the budget of a refresh: the rest is not read' "$T_TMP/budget.txt" &&
	[ -n "$kb" ] && [ "$kb" -lt 100000 ] &&
	pass "288 MiB of cgroup files: stopped at the budget (256 MiB), said; peak RSS ${kb} kB" ||
	{ fail "budget: peak RSS ${kb:-?} kB"; head -5 "$T_TMP/budget.txt" "$T_TMP/budget.txt.err"; }
"$KMEMTOP" --root "$S" -o --json --view cgroup | jq -e '.summary.truncated == true and .summary.budget_spent == true' > /dev/null &&
	pass "JSON: truncated, budget_spent" || fail "JSON budget_spent"

# hostile: a name with a newline and an escape, duplicate and huge keys,
# a negative value, a 300-character key
H="$T_TMP/hostile"
cp -r "$D/cgroup2-6.6" "$H"
bad="$H/sys/fs/cgroup/$(printf 'evil\nname\033[31m')"
mkdir "$bad"
printf 'kernel 1024\nkernel 2048\nslab_unreclaimable -5\nsock 99999999999999999999999\n%s 7\nslab_reclaimable\npercpu 4096\n' \
	"$(printf 'k%.0s' $(seq 1 300))" > "$bad/memory.stat"
echo max > "$bad/memory.current"
"$KMEMTOP" --root "$H" --page-size 4096 -o --view cgroup > "$T_TMP/h.txt" 2>&1 ||
	fail "hostile tree: exit $?"
grep -q 'evil\\x0aname\\x1b\[31m$' "$T_TMP/h.txt" && ! grep -q "$(printf '\033')" "$T_TMP/h.txt" &&
	pass "a name with a newline and an escape: shown escaped" || { fail "hostile name"; cat -A "$T_TMP/h.txt" | tail -3; }
"$KMEMTOP" --root "$H" --page-size 4096 -o --json --view cgroup |
	jq -e '.rows[] | select(.path | startswith("/evil")) | .kernel == null and .slab_unreclaimable == null and .sock == null and .percpu == 4096 and .current == null' >/dev/null &&
	pass "duplicate, negative, overflowing keys: empty, never a wrong number" || fail "hostile values"
# batch deltas through the row set: /system.slice's kernel and
# unreclaimable slab grown between two snapshots (the writer paused
# while the files change, so the change falls between the two reads);
# the JSON delta equals the change exactly, a new cgroup is "new"
D="$T_TMP/deltas"
cp -r "$TESTDATA/cgroup2-6.6" "$D"
J="$T_TMP/deltas.jsonl"
"$KMEMTOP" --root "$D" --page-size 4096 -b -n 2 -d 1 --json --view cgroup --output "$J" &
bpid=$!
i=0; while [ "$(wc -l < "$J" 2>/dev/null || echo 0)" -lt 1 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -STOP $bpid
S="$D/sys/fs/cgroup/system.slice"
awk '$1 == "kernel" { $2 += 40960 } $1 == "slab_unreclaimable" { $2 += 12288 } { print }' "$S/memory.stat" > "$S/memory.stat.new" &&
	mv "$S/memory.stat.new" "$S/memory.stat"
mkdir "$S/fresh.service" && cp "$S/sshd.service"/memory.* "$S/fresh.service/"
kill -CONT $bpid
wait $bpid || fail "batch deltas: exit $?"
sed -n 2p "$J" | jq -e '.rows[] | select(.path == "/system.slice") | .delta.kernel == 40960 and .delta.slab_unreclaimable == 12288' >/dev/null &&
	pass "batch: /system.slice's delta is the change made (+40960 kernel, +12288 slab)" ||
	fail "batch deltas: $(sed -n 2p "$J" | jq -c '.rows[] | select(.path == "/system.slice") | .delta')"
sed -n 2p "$J" | jq -e '.rows[] | select(.path == "/system.slice/fresh.service") | .new == true and (has("delta") | not)' >/dev/null &&
	pass "batch: a cgroup made between the snapshots is new" || fail "batch: new cgroup"
finish
