#!/bin/sh
# tests/fleet_rules.sh - the Prometheus rules: promtool check rules, and
# promtool test rules (each alert fires on a leak, stays quiet on a
# burst freed again); the Grafana dashboard: valid JSON, unique panel
# ids, no hard-coded data source or dashboard UID, every panel's query
# a PromQL expression promtool parses, every metric it names one kmemtop
# writes (or a recording rule of the rules file).
. "$top_srcdir/tests/lib.sh"
command -v promtool >/dev/null 2>&1 ||
	skip "promtool is not installed (Debian package prometheus; ./bootstrap installs it)"
command -v jq >/dev/null 2>&1 || skip "jq is not installed"
C="$top_srcdir/contrib"
promtool check rules "$C/prometheus/kmemtop.rules.yml" > "$T_TMP/check" 2>&1 &&
	pass "promtool check rules: $(grep -o '[0-9]* rules found' "$T_TMP/check")" ||
	fail "promtool check rules: $(cat "$T_TMP/check")"
(cd "$C/prometheus" && promtool test rules kmemtop.rules.test.yml) > "$T_TMP/test" 2>&1 &&
	pass "promtool test rules: every alert on a leak, none on a burst" ||
	fail "promtool test rules: $(cat "$T_TMP/test")"

D="$C/grafana/kmemtop.json"
jq -e . "$D" > /dev/null || fail "dashboard: not JSON"
jq -e '[.panels[].id] | length == (unique | length)' "$D" > /dev/null &&
	pass "dashboard: $(jq '.panels | length' "$D") panels, ids unique" || fail "panel ids"
jq -e '.uid == null and ([.. | .uid? // empty | strings | select(. != "${datasource}")] | length == 0)' "$D" > /dev/null &&
	jq -e '[.templating.list[].name] | index("instance") and index("datasource")' "$D" > /dev/null &&
	pass "dashboard: \$instance and \$datasource variables, no hard-coded UID" || fail "dashboard UIDs"
# each query as the expression of a recording rule, variables filled in
jq -r '.panels[].targets[].expr' "$D" |
	awk -v q="'" '{ gsub(/\$instance/, ".*"); gsub(q, q q); printf "      - record: panel_%d\n        expr: %s%s%s\n", NR, q, $0, q }' |
	{ echo 'groups:'; echo '  - name: dashboard'; echo '    rules:'; cat; } > "$T_TMP/panels.yml"
promtool check rules "$T_TMP/panels.yml" > "$T_TMP/pcheck" 2>&1 &&
	pass "dashboard: every query parses" || fail "dashboard queries: $(cat "$T_TMP/pcheck")"
# every metric a query names exists
"$KMEMTOP" --root "$TESTDATA/cgroup2-6.6" --page-size 4096 -o --format prometheus 2>/dev/null |
	awk '/^# TYPE/ { print $3 }' > "$T_TMP/metrics"
"$KMEMTOP" -o --format prometheus 2>/dev/null | awk '/^# TYPE/ { print $3 }' >> "$T_TMP/metrics"
grep -o 'record: [a-z:_]*' "$C/prometheus/kmemtop.rules.yml" | cut -d' ' -f2 >> "$T_TMP/metrics"
jq -r '.panels[].targets[].expr' "$D" | grep -oE 'kmemtop[a-z_:]*' | sort -u |
	while read -r m; do grep -qx "$m" "$T_TMP/metrics" || echo "$m"; done > "$T_TMP/unknown"
[ ! -s "$T_TMP/unknown" ] && pass "dashboard: every metric is kmemtop's" ||
	fail "dashboard names unknown metrics: $(cat "$T_TMP/unknown")"
finish
