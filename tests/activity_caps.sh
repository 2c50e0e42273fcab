#!/bin/sh
# tests/activity_caps.sh - the activity view needs CAP_BPF and
# CAP_PERFMON, not root: an unprivileged user given those two (as a
# systemd unit's AmbientCapabilities would) attaches and counts; the same
# user without them is told why (tests/activity_absent.sh); with them but
# no CAP_SYSLOG, /proc/kallsyms shows no addresses and the call sites say
# so instead of naming nothing silently.
. "$top_srcdir/tests/lib.sh"

grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop was built without eBPF (configure: clang, bpftool, libbpf)"
[ "$(id -u)" -eq 0 ] || skip "needs root to hand a user CAP_BPF and CAP_PERFMON"
command -v setpriv > /dev/null 2>&1 || skip "needs setpriv (util-linux)"
command -v jq > /dev/null 2>&1 || skip "needs jq"

# the probe that the kernel lets this user hold them at all
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+bpf,+perfmon \
	--ambient-caps=+bpf,+perfmon true 2> /dev/null ||
	skip "setpriv cannot give CAP_BPF/CAP_PERFMON here (kernel before 5.8?)"

caps=+bpf,+perfmon
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,$caps \
	--ambient-caps=-all,$caps --bounding-set=-all,$caps \
	-- "$KMEMTOP" --view activity -b --json -n 2 -d 0.2 > "$T_TMP/json" 2> "$T_TMP/err"
rc=$?
[ $rc -eq 0 ] && pass "uid 65534 with CAP_BPF and CAP_PERFMON: exit 0" ||
	fail "exit $rc: $(cat "$T_TMP/err")"
[ "$(jq -s '.[-1].summary.attached' "$T_TMP/json")" = true ] &&
	pass "attached as an unprivileged user with the two capabilities" ||
	fail "not attached: $(jq -s -c '.[-1].summary' "$T_TMP/json") $(cat "$T_TMP/err")"
[ "$(jq -s '[.[-1].rows[]? | .allocs] | add // 0' "$T_TMP/json")" -gt 0 ] &&
	pass "and counted allocations" || fail "no allocation counted: $(head -c 400 "$T_TMP/json")"

# only one of the two: refused, and told which
for one in +bpf +perfmon; do
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,$one \
		--ambient-caps=-all,$one --bounding-set=-all,$one \
		-- "$KMEMTOP" --view activity -o > "$T_TMP/out" 2> "$T_TMP/err"
	grep -q '^Activity: .*needs CAP_BPF and CAP_PERFMON' "$T_TMP/out" &&
		pass "only $one: refused, and says what it needs" ||
		fail "only $one: $(cat "$T_TMP/out") $(cat "$T_TMP/err")"
done

# call sites without CAP_SYSLOG: named by address, and the summary says why
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all,$caps \
	--ambient-caps=-all,$caps --bounding-set=-all,$caps \
	-- "$KMEMTOP" --view activity --sites -b -n 2 -d 0.2 > "$T_TMP/out" 2> "$T_TMP/err"
grep -q '^Call sites by address: .*kallsyms' "$T_TMP/out" &&
	pass "no CAP_SYSLOG: $(grep '^Call sites by address' "$T_TMP/out" | head -1)" ||
	fail "no note on unnamed call sites: $(head -5 "$T_TMP/out")"
finish
