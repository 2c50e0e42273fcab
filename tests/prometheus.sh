#!/bin/sh
# tests/prometheus.sh - --format prometheus passes `promtool check
# metrics` on the live system and on a capture with hostile cache names
# (quotes, backslashes, newlines are impossible in a line, escape bytes,
# duplicates; two cgroups whose names escape alike); values equal the
# capture's; in batch mode into a file each
# snapshot replaces the file whole (textfile collector).
. "$top_srcdir/tests/lib.sh"
command -v promtool >/dev/null 2>&1 || skip "promtool is not installed (Debian package prometheus; .ci/run installs it)"

check() { # FILE WHAT
	if promtool check metrics < "$1" > "$T_TMP/pt" 2>&1; then
		pass "promtool check metrics: $2 ($(grep -vc '^#' "$1") samples)"
	else
		fail "promtool on $2: $(head -5 "$T_TMP/pt")"
	fi
}

# 1. the live system: every view as root; slabinfo and vmallocinfo are
# root-only, so a developer's make check without root takes the OOM view
if [ -r /proc/slabinfo ] && [ -r /proc/vmallocinfo ]; then
	views=slab,vmalloc,oom
else
	views=oom
	echo "note: not root: live metrics of the OOM view only"
fi
# a process of our own with a secret on its command line, first in line
# for the OOM killer (raising oom_score_adj needs no privilege)
secret="kmtsecret$$"
sh -c "sleep 600; : --env {\"AWS_CA_BUNDLE\":\"$secret\"}" &
spid=$!
# stop_secret: its sleep (a child of it alone), then it
stop_secret() { pkill -P $spid sleep 2>/dev/null; kill $spid 2>/dev/null; }
trap 'stop_secret; rm -rf "$T_TMP"' EXIT
echo 1000 > /proc/$spid/oom_score_adj || fail "cannot raise oom_score_adj of $spid"
"$KMEMTOP" --once --format prometheus --view $views > "$T_TMP/live.prom" 2> "$T_TMP/err" ||
	fail "live: exit $? $(cat "$T_TMP/err")"
check "$T_TMP/live.prom" "live, --view $views"
for m in kmemtop_memory_bytes kmemtop_snapshot_timestamp_seconds; do
	grep -q "^$m" "$T_TMP/live.prom" || fail "live: no $m"
done
if [ $views != oom ]; then
	grep -q '^kmemtop_vmalloc_bytes{type="vmalloc"} ' "$T_TMP/live.prom" || fail "live: no vmalloc bytes"
	grep -q '^kmemtop_slab_objects_active{cache="dentry"} ' "$T_TMP/live.prom" ||
		fail "live: no dentry series"
fi
n=$(grep -c '^kmemtop_oom_score{' "$T_TMP/live.prom")
[ "$n" -ge 1 ] && [ "$n" -le 10 ] && pass "oom_score series bounded ($n of at most 10)" || fail "oom series: $n"
# labels: the PID and the command's name (comm), never the command line
grep -E '^kmemtop_oom_score(_adj)?\{' "$T_TMP/live.prom" |
	sed 's/^[a-z_]*{//; s/} [-0-9]*$//' | sed 's/"[^"]*"//g; s/=//g' | sort -u > "$T_TMP/labels"
[ "$(cat "$T_TMP/labels")" = "pid,comm" ] && pass "oom_score labels: pid and comm only" ||
	fail "oom_score labels: $(head -3 "$T_TMP/labels")"
grep -q "$secret" "$T_TMP/live.prom" && fail "a command line's text in the metrics: $(grep "$secret" "$T_TMP/live.prom" | head -1)"
if grep -q "^kmemtop_oom_score{pid=\"$spid\"," "$T_TMP/live.prom"; then
	grep -q "^kmemtop_oom_score{pid=\"$spid\",comm=\"sh\"} " "$T_TMP/live.prom" &&
		pass "our process: comm=\"sh\", as ps -o comm shows it" ||
		fail "our process: $(grep "pid=\"$spid\"" "$T_TMP/live.prom")"
fi
stop_secret

# 2. a capture with hostile names
R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
{
	printf 'q"uo\\te 5 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'esc\033[2J 6 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'bad\377 7 10 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
	printf 'dentry 1 1 64 64 1 : tunables 0 0 0 : slabdata 1 1 0\n'
} >> "$R/proc/slabinfo"
"$KMEMTOP" --once --format prometheus --root "$R" > "$T_TMP/cap.prom" 2> /dev/null || fail "capture: exit $?"
check "$T_TMP/cap.prom" "capture with hostile names"
grep -qF 'kmemtop_slab_objects_active{cache="q\"uo\\te"} 5' "$T_TMP/cap.prom" &&
	grep -qF 'kmemtop_slab_objects_active{cache="esc\\x1b[2J"} 6' "$T_TMP/cap.prom" &&
	grep -qF 'kmemtop_slab_objects_active{cache="bad\\xff"} 7' "$T_TMP/cap.prom" &&
	pass "label values escaped (quote, backslash, ESC, invalid UTF-8)" ||
	fail "escaping: $(grep -a 'objects_active{cache="\(q\|esc\|bad\)' "$T_TMP/cap.prom")"
LC_ALL=C grep -q "$(printf '\033')" "$T_TMP/cap.prom" && fail "raw ESC in the metrics"
[ "$(grep -c '^kmemtop_slab_objects_active{cache="dentry"}' "$T_TMP/cap.prom")" -eq 1 ] &&
	pass "a repeated cache name gives one series" || fail "duplicate series"
# values from the capture: the two dentry caches summed, nothing lost
want=$(awk '$1 == "dentry" { s += $2 } END { print s }' "$R/proc/slabinfo")
grep -q "^kmemtop_slab_objects_active{cache=\"dentry\"} $want\$" "$T_TMP/cap.prom" &&
	pass "dentry active objects = $want, both caches of the name summed" ||
	fail "dentry value: $(grep 'objects_active{cache="dentry"}' "$T_TMP/cap.prom")"
for f in objects_active:2 objects:3; do
	m=${f%:*} col=${f#*:}
	total=$(awk -v c="$col" '$1 !~ /^#/ && NR > 1 { s += $c } END { print s }' "$R/proc/slabinfo")
	series=$(awk -v m="kmemtop_slab_$m{" 'index($0, m) == 1 { s += $NF } END { print s }' "$T_TMP/cap.prom")
	[ "$total" = "$series" ] && pass "kmemtop_slab_$m series add up to the file's total ($total)" ||
		fail "kmemtop_slab_$m: series sum $series, file $total"
done
want=$(awk '$1 ~ /^0x/ && / ioremap/ { s += $2 } END { print s }' "$R/proc/vmallocinfo")
grep -q "^kmemtop_vmalloc_bytes{type=\"ioremap\"} $want\$" "$T_TMP/cap.prom" &&
	pass "ioremap bytes = $want, as awk sums them" || fail "ioremap bytes"
grep -q '^kmemtop_oom_score{' "$T_TMP/cap.prom" && fail "processes of the live system in a capture's metrics"

# 3. two cgroups whose names differ but escape alike: "a" ESC and "a"
# backslash x 1 b both become a\\x1b in a label; one series per label
# set, their values summed (grouped after escaping, not before)
C="$T_TMP/cgesc"
cp -r "$TESTDATA/cgroup2-6.6" "$C"
for n in "$(printf 'a\033')" 'a\x1b'; do
	mkdir "$C/sys/fs/cgroup/$n"
	printf 'kernel 4096\nslab_unreclaimable 1024\n' > "$C/sys/fs/cgroup/$n/memory.stat"
	echo 8192 > "$C/sys/fs/cgroup/$n/memory.current"
done
"$KMEMTOP" --root "$C" --page-size 4096 -o --format prometheus --view cgroup > "$T_TMP/esc.prom" 2> /dev/null ||
	fail "escaped cgroups: exit $?"
check "$T_TMP/esc.prom" "cgroups whose names escape alike"
grep -v '^#' "$T_TMP/esc.prom" | sed 's/ [^ ]*$//' | sort | uniq -d > "$T_TMP/dups"
[ ! -s "$T_TMP/dups" ] && pass "no two series with the same labels" ||
	fail "series with identical labels: $(head -3 "$T_TMP/dups")"
grep -qF 'kmemtop_cgroup_kernel_bytes{cgroup="/a\\x1b"' "$T_TMP/esc.prom" &&
	[ "$(grep -F 'kmemtop_cgroup_kernel_bytes{cgroup="/a\\x1b"' "$T_TMP/esc.prom" | awk '{ print $NF }')" = 8192 ] &&
	pass "the two summed: kernel 8192" ||
	fail "summed value: $(grep -F 'kmemtop_cgroup_kernel_bytes{cgroup="/a' "$T_TMP/esc.prom")"

# 5. the cgroup metrics add up: the machine and the "not charged" row
# have names of their own, each cgroup a depth; the query the man page
# and the dashboard give (the top-level cgroups plus what no cgroup is
# charged for) equals the machine's figure, for every kind, as
# Prometheus computes it (promtool test rules on the fixture's series)
"$KMEMTOP" --root "$TESTDATA/cgroup2-6.6" --page-size 4096 -o --format prometheus --view cgroup > "$T_TMP/cg.prom" ||
	fail "cgroup metrics: exit $?"
check "$T_TMP/cg.prom" "the cgroup view of the 6.6 fixture"
grep -E '^kmemtop_cgroup_[a-z_]+\{' "$T_TMP/cg.prom" | grep -v 'depth="[0-9]*"' > "$T_TMP/nodepth"
grep -q '(machine)\|(not charged)' "$T_TMP/cg.prom" && fail "machine rows among the cgroups' series"
[ ! -s "$T_TMP/nodepth" ] && grep -q '^kmemtop_cgroup_kernel_bytes{cgroup="/system.slice/docker.service/ctr1",depth="3"} ' "$T_TMP/cg.prom" &&
	pass "every cgroup series has its depth (ctr1: 3)" || fail "depth label: $(head -2 "$T_TMP/nodepth")"
D="$top_srcdir/contrib/grafana/kmemtop.json"
q=$(jq -r '.panels[] | select(.title | startswith("Kernel memory: the top-level cgroups")) | .targets[0].expr' "$D" |
	sed 's/instance=~"\$instance",//; s/{instance=~"\$instance"}//g')
manq=$(awk '/^\.EX/ { ex = 1; t = ""; next } /^\.EE/ { if (t ~ /kmemtop_not_charged_kernel_bytes/) print t; ex = 0; next }
	ex { t = t " " $0 }' "$top_srcdir/man/kmemtop.1" | tr -s ' ' | sed 's/^ //; s/\\-/-/g')
[ -n "$q" ] && [ "$(echo "$q" | tr -s ' ')" = "$manq" ] && pass "the dashboard's query is the man page's: $q" ||
	fail "documented query: dashboard '$q', man page '$manq'"
{
	echo 'rule_files: []'
	echo 'evaluation_interval: 1m'
	echo 'tests:'
	echo '  - interval: 1m'
	echo '    input_series:'
	grep -v '^#' "$T_TMP/cg.prom" | awk -v q="'" '{
		v = $NF; s = $0; sub(/ [^ ]*$/, "", s)
		if (s ~ /\}$/) sub(/\{/, "{instance=\"h1\",", s); else s = s "{instance=\"h1\"}"
		printf "      - series: %s%s%s\n        values: %s%s%s\n", q, s, q, q, v, q }'
	echo '    promql_expr_test:'
	for k in kernel slab_unreclaimable slab_reclaimable sock kernel_stack pagetables percpu vmalloc; do
		want=$(awk -v m="kmemtop_machine_${k}_bytes" '$1 == m { print $2 }' "$T_TMP/cg.prom")
		grep -q "^kmemtop_not_charged_${k}_bytes " "$T_TMP/cg.prom" || continue
		echo "      - expr: '$(echo "$q" | sed "s/_kernel_bytes/_${k}_bytes/g")'"
		echo '        eval_time: 0m'
		echo '        exp_samples:'
		echo "          - labels: '{instance=\"h1\"}'"
		echo "            value: $want"
	done
} > "$T_TMP/adds.test.yml"
n=$(grep -c 'expr:' "$T_TMP/adds.test.yml")
if [ "$n" -eq 8 ] && promtool test rules "$T_TMP/adds.test.yml" > "$T_TMP/adds.out" 2>&1; then
	pass "top-level cgroups + not charged = the machine, for all $n kinds (promtool)"
else
	fail "the documented query does not add up ($n kinds): $(head -20 "$T_TMP/adds.out" 2>/dev/null)"
fi

# 4. batch into a file: replaced whole each time, never appended
"$KMEMTOP" -b -n 3 -d 0.1 --format prometheus --root "$R" --output "$T_TMP/tf.prom" 2> "$T_TMP/err" ||
	fail "batch: exit $? $(cat "$T_TMP/err")"
check "$T_TMP/tf.prom" "batch output file"
[ "$(grep -c '^kmemtop_snapshot_timestamp_seconds ' "$T_TMP/tf.prom")" -eq 1 ] &&
	pass "the file holds one exposition after 3 snapshots" || fail "appended expositions"
ls -A "$T_TMP" | grep -q "^\.tf\.prom\." && fail "temporary file left behind"
finish
