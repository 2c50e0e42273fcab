#!/bin/sh
# tests/activity_optin.sh - the eBPF program runs on every allocation of
# the system once attached, so kmemtop loads it only where asked: never
# for the default view, nor for a metrics run of "every view" (the
# fleet's metrics unit), and only when --view names activity. Seen
# through strace: a BPF_PROG_LOAD is the loading.
. "$top_srcdir/tests/lib.sh"

grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop was built without eBPF: nothing could be loaded"
[ "$(id -u)" -eq 0 ] || skip "needs root (unprivileged, nothing could be loaded anyway)"
command -v strace > /dev/null 2>&1 || skip "needs strace"

# (LeakSanitizer cannot run under ptrace: off for a sanitizer build)
loads() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -e trace=bpf -o "$T_TMP/trace" "$KMEMTOP" "$@" > "$T_TMP/out" 2> "$T_TMP/err" ||
		fail "kmemtop $*: exit $?: $(cat "$T_TMP/err")"
	grep -c 'BPF_PROG_LOAD' "$T_TMP/trace"
}

n=$(loads -o)
[ "$n" -eq 0 ] && pass "-o: no program loaded" || fail "-o loaded $n program(s)"
n=$(loads -o --format prometheus)
[ "$n" -eq 0 ] && pass "-o --format prometheus (every view): no program loaded" ||
	fail "a metrics run of every view loaded $n program(s)"
grep -q '^kmemtop_slab_objects_active' "$T_TMP/out" && grep -q '^kmemtop_vmalloc' "$T_TMP/out" &&
	pass "and its metrics are the other views'" || fail "metrics: $(head -5 "$T_TMP/out")"
n=$(loads -b -n 2 -d 0.1 --json)
[ "$n" -eq 0 ] && pass "-b --json: no program loaded" || fail "-b loaded $n program(s)"
n=$(loads -o --view activity)
[ "$n" -gt 0 ] && pass "--view activity: $n program(s) loaded" ||
	fail "--view activity loaded nothing: $(cat "$T_TMP/out")"
finish
