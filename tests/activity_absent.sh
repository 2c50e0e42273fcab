#!/bin/sh
# tests/activity_absent.sh - where the activity view cannot count, its
# one line says why and the other views work as before: on a captured
# tree (no events there); in a kmemtop built without eBPF (configure's
# reason); run without CAP_BPF and CAP_PERFMON (a user with no
# capability, where the build has eBPF and this test runs as root).
. "$top_srcdir/tests/lib.sh"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt"

# 1. a captured tree: the slab view's rows, the activity view's reason
"$KMEMTOP" -o --root "$R" --view slab,activity > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
[ $rc -eq 0 ] && pass "--root, --view slab,activity: exit 0" || fail "exit $rc: $(cat "$T_TMP/err")"
grep -q '^\[slab\]' "$T_TMP/out" && grep -q '^\[activity\]' "$T_TMP/out" &&
	pass "both views written" || fail "views: $(head -c 400 "$T_TMP/out")"
grep -q '^Activity: .*only on the live system' "$T_TMP/out" &&
	pass "the activity line says why (a capture has no events)" ||
	fail "no reason in: $(sed -n '/^\[activity\]/,$p' "$T_TMP/out" | head -3)"
grep -q 'only on the live system' "$T_TMP/err" && pass "said once on standard error" ||
	fail "stderr: $(cat "$T_TMP/err")"

# 2. the live system
if ! grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h"; then
	"$KMEMTOP" -o --json --view activity > "$T_TMP/json" 2> "$T_TMP/err"
	rc=$?
	[ $rc -eq 0 ] && pass "built without eBPF: exit 0" || fail "exit $rc: $(cat "$T_TMP/err")"
	grep -q 'not built into this kmemtop: ' "$T_TMP/err" &&
		pass "built without eBPF: $(cat "$T_TMP/err")" || fail "stderr: $(cat "$T_TMP/err")"
	grep -q '"attached":false,"why":"eBPF activity is not built' "$T_TMP/json" &&
		pass "JSON: attached false, and why" || fail "JSON: $(cat "$T_TMP/json")"
elif [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$KMEMTOP" -o --view activity > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	[ $rc -eq 0 ] && pass "no capability: exit 0" || fail "exit $rc: $(cat "$T_TMP/err")"
	grep -q '^Activity: .*needs CAP_BPF and CAP_PERFMON' "$T_TMP/out" &&
		pass "no capability: $(head -1 "$T_TMP/out")" || fail "out: $(cat "$T_TMP/out") err: $(cat "$T_TMP/err")"
else
	echo "note: built with eBPF, and not root: the capability case is not tried"
fi
finish
