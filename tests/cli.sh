#!/bin/sh
# tests/cli.sh - the command line: help, version, usage errors (exit 2),
# runtime errors (exit 1) that name the file and the remedy.
. "$top_srcdir/tests/lib.sh"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-seed-ioremap.txt"

# expect RC ARGS...: run kmemtop, check the exit status
expect() {
	want=$1
	shift
	"$KMEMTOP" "$@" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	if [ $rc -eq "$want" ]; then
		pass "exit $want: $*"
	else
		fail "exit $rc, expected $want: $* ($(head -2 "$T_TMP/err"))"
	fi
}

expect 0 --help
for l in a b c l v n o p s u; do
	grep -q "^ $l  " "$T_TMP/out" || fail "--help does not list sort letter $l"
done
expect 0 --version
head -1 "$T_TMP/out" | grep -q '^kmemtop [0-9]' || fail "--version: $(cat "$T_TMP/out")"
sed -n 2p "$T_TMP/out" | grep -q '^features: .*\bplot\b' &&
	sed -n 2p "$T_TMP/out" | grep -q '\brecordings-zstd\b' &&
	[ "$(wc -l < "$T_TMP/out")" -eq 2 ] ||
	fail "--version's features line: $(cat "$T_TMP/out")"
# ebpf-activity exactly where the activity view can load its program
# (a build without it says "not built" in the view's line)
if "$KMEMTOP" -o --view activity 2>&1 | grep -q 'not built'; then
	sed -n 2p "$T_TMP/out" | grep -q '\bebpf-activity\b' && fail "--version: ebpf-activity in a build without it"
else
	sed -n 2p "$T_TMP/out" | grep -q '\bebpf-activity\b' || fail "--version: no ebpf-activity in a build with it"
fi

for args in "--bogus" "-s x --once" "-s" "-d 0" "-d -1" "-d abc" "--json" \
	"--once extra" "--view nope --once" "--group-by nope" "--type nope" \
	"--page-size 1000 --once" "--root="; do
	# shellcheck disable=SC2086
	expect 2 $args
	[ -s "$T_TMP/err" ] || fail "no message for: $args"
done
grep -q "Try 'kmemtop --help'" "$T_TMP/err" || fail "usage errors should point to --help"

for l in a b c l v n o p s u A O; do
	expect 0 --once -s $l --root "$R"
done
expect 0 --once -s cache_size --root "$R"
expect 0 --once -d 0.5 --root "$R"
expect 0 --once --view vmalloc --root "$R"
expect 0 --once --view vmalloc --ioremap --group-by none -s phys --root "$R"
expect 2 --once --view vmalloc -s objs --root "$R"
# a sort key that needs two snapshots: refused by -o, taken by -b
expect 2 --once -s delta_active --root "$R"
grep -q "change between two snapshots" "$T_TMP/err" || fail "-o -s delta_active: $(cat "$T_TMP/err")"
expect 2 --once --view vmalloc -s delta_ram --root "$R"
expect 0 -b -n 1 -s delta_active --root "$R"
# the delay's limit is named
expect 2 -d 100000
grep -q "at most 86400" "$T_TMP/err" || fail "delay limit not named: $(cat "$T_TMP/err")"
# the OOM view of a capture without meminfo: exit 1, as the man page says
expect 1 --once --view oom --root "$R"
grep -q "meminfo" "$T_TMP/err" || fail "oom without meminfo: $(cat "$T_TMP/err")"

# a missing file: exit 1, "cannot read", the path
expect 1 --once --root "$T_TMP/nowhere"
grep -q "cannot read $T_TMP/nowhere/proc/slabinfo: No such file" "$T_TMP/err" ||
	fail "missing file message: $(cat "$T_TMP/err")"
expect 1 --once --view vmalloc --root "$T_TMP/nowhere"
grep -q "cannot read $T_TMP/nowhere/proc/vmallocinfo" "$T_TMP/err" ||
	fail "missing vmallocinfo message: $(cat "$T_TMP/err")"

# an unknown version: exit 1, the path and the version
R2="$T_TMP/root2"
mkdir -p "$R2/proc"
printf 'slabinfo - version: 9.9\nx 1 1 1 1 1 : tunables 0 0 0 : slabdata 1 1 0\n' > "$R2/proc/slabinfo"
expect 1 --once --root "$R2"
grep -q "$R2/proc/slabinfo: unsupported slabinfo version 9.9" "$T_TMP/err" ||
	fail "unknown version message: $(cat "$T_TMP/err")"

# permission denied, as an unprivileged user
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$KMEMTOP" 2>/dev/null; then
	R3="$T_TMP/root3"
	make_root "$R3" slabinfo="$TESTDATA/slabinfo-seed.txt"
	chmod 755 "$T_TMP" "$R3" "$R3/proc"
	chmod 000 "$R3/proc/slabinfo"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$KMEMTOP" -o --root "$R3" \
		> "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q "cannot read $R3/proc/slabinfo: Permission denied (run as root)" "$T_TMP/err" &&
		pass "permission denied: exit 1 with the remedy" ||
		fail "permission denied: rc=$rc $(cat "$T_TMP/err")"
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -r /proc/slabinfo; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$KMEMTOP" -o \
			> "$T_TMP/out" 2> "$T_TMP/err"
		rc=$?
		[ $rc -eq 1 ] && grep -q "cannot read /proc/slabinfo: Permission denied (run as root)" "$T_TMP/err" &&
			pass "live /proc/slabinfo as uid 65534: exit 1 with the remedy" ||
			fail "live, unprivileged: rc=$rc $(cat "$T_TMP/err")"
	fi
	# root refused (here: root without capabilities, as under a
	# security module): no "run as root" advice to someone who is root
	chown 65534 "$R3/proc/slabinfo"
	setpriv --bounding-set=-all "$KMEMTOP" -o --root "$R3" > "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q "cannot read $R3/proc/slabinfo: Permission denied" "$T_TMP/err" &&
		! grep -q "run as root" "$T_TMP/err" &&
		pass "refused as root: no 'run as root' advice" ||
		fail "refused as root: rc=$rc $(cat "$T_TMP/err")"
else
	echo "note: not root (or no setpriv): permission cases not checked"
fi
# a file missing from a captured tree: no advice about mounting /proc
expect 1 --once --root "$T_TMP/nowhere"
grep -q "is /proc mounted" "$T_TMP/err" && fail "--root tree: /proc mount advice: $(cat "$T_TMP/err")"
finish
