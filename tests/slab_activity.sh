#!/bin/sh
# tests/slab_activity.sh - the slab view's activity columns (--activity)
# in text, JSON and Prometheus: off unless asked (the default -o makes no
# bpf() call); on a captured tree one line says why they are empty and
# the rest is as before; live as root with eBPF, a workload that opens
# and closes files gives filp an allocation rate (-o reads twice, one
# delay apart), its count since attach, and the counters
# kmemtop_slab_allocations_total and kmemtop_slab_frees_total (TYPE
# counter, promtool check metrics).
. "$top_srcdir/tests/lib.sh"
trap 'kill $load 2> /dev/null; rm -rf "$T_TMP"' EXIT
load=

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt"

# 1. off until asked
"$KMEMTOP" -o --root "$R" > "$T_TMP/plain" || fail "-o: exit $?"
grep -q 'ALLOC/s' "$T_TMP/plain" && fail "-o shows ALLOC/s without --activity" ||
	pass "-o: no activity columns unless asked"

# 2. a captured tree: the columns, empty, and why
"$KMEMTOP" -o --root "$R" --activity > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
[ $rc -eq 0 ] && pass "--root --activity: exit 0" || fail "exit $rc: $(cat "$T_TMP/err")"
grep -q '^No allocation activity: .*only on the live system' "$T_TMP/out" &&
	pass "one line says why the columns are empty" ||
	fail "no reason in: $(head -8 "$T_TMP/out")"
grep -Eq 'CACHE SIZE +ALLOC/s +FREE/s +BYTES/s NAME' "$T_TMP/out" &&
	pass "ALLOC/s FREE/s BYTES/s after CACHE SIZE" || fail "header: $(grep NAME "$T_TMP/out")"
[ "$(grep -c . "$T_TMP/out")" -eq "$(($(grep -c . "$T_TMP/plain") + 1))" ] &&
	pass "the same rows as without it" || fail "rows differ"
"$KMEMTOP" -o --json --root "$R" --activity > "$T_TMP/json" || fail "--json: exit $?"
python3 - "$T_TMP/json" << 'EOF' && pass "JSON: activity false, its why, the fields null" || fail "JSON"
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert s["activity"] is False and "live system" in s["activity_why"], s
for r in d["rows"]:
    for k in ("allocs_per_sec", "frees_per_sec", "bytes_per_sec", "allocs", "frees"):
        assert k in r and r[k] is None, (k, r)
EOF

"$KMEMTOP" -o --view activity --by nonsense > /dev/null 2> "$T_TMP/err"
rc=$?
[ $rc -eq 2 ] && grep -q "not cache, site, process or cgroup" "$T_TMP/err" &&
	pass "--by nonsense: a usage error" || fail "--by nonsense: exit $rc $(cat "$T_TMP/err")"

# 3. live: strace sees no bpf() in the default -o
if command -v strace > /dev/null 2>&1; then
	strace -f -e trace=bpf -o "$T_TMP/strace" "$KMEMTOP" -o > /dev/null 2>&1
	grep -q 'bpf(' "$T_TMP/strace" && fail "the default -o called bpf(): $(head -2 "$T_TMP/strace")" ||
		pass "the default -o makes no bpf() call"
else
	echo "# strace is not installed: the default -o's system calls not checked"
fi

[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON) for the live part"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (the live part)"
[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"

# files opened and closed without end: filp allocates
(while :; do exec 3< /dev/null; exec 3<&-; done) &
load=$!

"$KMEMTOP" -o --json --activity -d 0.5 > "$T_TMP/live.json" 2> "$T_TMP/err" ||
	fail "live --json: exit $? $(cat "$T_TMP/err")"
python3 - "$T_TMP/live.json" << 'EOF' && pass "JSON: filp allocates (rate and count), every row has the fields" || fail "live JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["activity"] is True, d["summary"]
rows = {r["name"]: r for r in d["rows"]}
f = rows["filp"]
assert f["allocs_per_sec"] > 0 and f["allocs"] > 0 and f["bytes_per_sec"] > 0, f
for r in d["rows"]:
    for k in ("allocs_per_sec", "frees_per_sec", "bytes_per_sec", "allocs", "frees"):
        assert k in r, (k, r)
    # a free rate only where a free was seen
    assert r["frees_per_sec"] is None or r["frees"] is not None, r
EOF

# two views of one snapshot show the same rates over the same interval
# (one reading of the counts a refresh, not one a view)
"$KMEMTOP" -b -n 3 -d 0.5 --json --view slab,activity --activity > "$T_TMP/two.json" 2> "$T_TMP/err" ||
	fail "--view slab,activity: exit $? $(cat "$T_TMP/err")"
python3 - "$T_TMP/two.json" << 'EOF' && pass "slab and activity views: the same filp rate in each snapshot" || fail "slab and activity rates differ"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for d in lines:
    r = [r for r in d["rows"] if r["name"] == "filp"]
    by.setdefault(d["view"], []).append(r[0]["allocs_per_sec"] if r else None)
s, a = by["slab"][1:], by["activity"][1:]
assert len(s) == 2 and all(s) and s == a, (s, a)
EOF

# the snapshot is the second reading: its time is after the wait
t0=$(date +%s.%N)
"$KMEMTOP" -o --json --activity -d 1.5 > "$T_TMP/t.json" 2> "$T_TMP/err" ||
	fail "--json -d 1.5: exit $? $(cat "$T_TMP/err")"
python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['time']; assert t - float(sys.argv[2]) >= 1.4, t - float(sys.argv[2])" "$T_TMP/t.json" "$t0" &&
	pass "-o: the snapshot's time is that of the reading shown, after the wait" ||
	fail "-o: the snapshot's time is from before the wait"

"$KMEMTOP" -o --format prometheus --activity -d 0.5 > "$T_TMP/prom" 2> "$T_TMP/err" ||
	fail "prometheus: exit $? $(cat "$T_TMP/err")"
grep -qx '# TYPE kmemtop_slab_allocations_total counter' "$T_TMP/prom" &&
	grep -qx '# TYPE kmemtop_slab_frees_total counter' "$T_TMP/prom" &&
	pass "allocations and frees are counters" || fail "TYPE: $(grep TYPE.*total "$T_TMP/prom")"
n=$(sed -n 's/^kmemtop_slab_allocations_total{cache="filp"} //p' "$T_TMP/prom")
[ "${n:-0}" -gt 0 ] && pass "kmemtop_slab_allocations_total{cache=\"filp\"} $n" ||
	fail "no filp counter: $(grep allocations_total "$T_TMP/prom" | head -3)"
s=$(grep -c '^kmemtop_slab_allocations_total{' "$T_TMP/prom")
c=$(grep -c '^kmemtop_slab_objects{' "$T_TMP/prom")
[ "$s" -le "$c" ] && pass "bounded: $s series, no more than the caches ($c)" ||
	fail "$s allocation series for $c caches"
if command -v promtool > /dev/null 2>&1; then
	promtool check metrics < "$T_TMP/prom" > "$T_TMP/pt" 2>&1 &&
		pass "promtool check metrics" || fail "promtool: $(head -3 "$T_TMP/pt")"
else
	echo "# promtool is not installed (Debian package prometheus): not checked"
fi

"$KMEMTOP" -o --json --view activity --by process -d 0.5 > "$T_TMP/procs.json" 2> "$T_TMP/err" ||
	fail "--by process: exit $? $(cat "$T_TMP/err")"
python3 - "$T_TMP/procs.json" "$load" << 'EOF' && pass "activity --by process: rows of pid and command, the workload's among them" || fail "--by process JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["by"] == "process", d["summary"]
r = [r for r in d["rows"] if r["pid"] == int(sys.argv[2])]
assert r and r[0]["allocs"] > 0 and isinstance(r[0]["command"], str), r
EOF
"$KMEMTOP" -o --json --view activity --by cgroup > "$T_TMP/cg.json" 2> "$T_TMP/err" ||
	fail "--by cgroup: exit $? $(cat "$T_TMP/err")"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['summary']['by']=='cgroup' and d['rows'] and all('cgroup' in r for r in d['rows'])" "$T_TMP/cg.json" &&
	pass "activity --by cgroup: rows of cgroups" || fail "--by cgroup JSON"

# a recording of the activity view: its report says what allocs is
"$KMEMTOP" -b -n 3 -d 0.3 --json --view activity --output "$T_TMP/rec.jsonl" 2> "$T_TMP/err" ||
	fail "recording: exit $? $(cat "$T_TMP/err")"
"$KMEMTOP" -o --replay "$T_TMP/rec.jsonl" > "$T_TMP/report" 2> "$T_TMP/err" ||
	fail "report: exit $? $(cat "$T_TMP/err")"
grep -q '^\[activity\] allocs: .*most allocations over the window first (a count of events, not growth' "$T_TMP/report" &&
	! grep -q '^\[activity\].*biggest growth' "$T_TMP/report" &&
	pass "the activity report: most allocations, not growth" ||
	fail "report: $(grep '^\[activity\]' "$T_TMP/report")"

"$KMEMTOP" -b -n 2 -d 0.5 --activity -s allocs_per_sec > "$T_TMP/batch" 2> "$T_TMP/err" ||
	fail "-b: exit $? $(cat "$T_TMP/err")"
grep -Eq 'dSIZE +ALLOC/s +FREE/s +BYTES/s NAME' "$T_TMP/batch" &&
	pass "-b: the columns beside the deltas" || fail "-b header: $(grep NAME "$T_TMP/batch" | head -1)"
finish
