#!/bin/sh
# tests/oom_lib.sh - libproc2 (and libsystemd, libgcrypt, liblzma, lz4,
# libcap behind it) is loaded only when the OOM view reads the process
# table: the program is not linked with it (ldd), the slab and vmalloc
# views load none of it (the dynamic loader's trace, LD_DEBUG=libs), the
# OOM view does; where libproc2.so.0 cannot be loaded (a broken one first
# in a private LD_LIBRARY_PATH) the OOM view says so, naming the library
# and the package, and the other views still work.
. "$top_srcdir/tests/lib.sh"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt"

# 1. not a link-time dependency
if command -v ldd >/dev/null 2>&1; then
	if ldd "$KMEMTOP" > "$T_TMP/ldd" 2>&1; then
		grep -qE 'libproc2|libsystemd' "$T_TMP/ldd" &&
			fail "ldd: kmemtop is linked with libproc2: $(grep -E 'libproc2|libsystemd' "$T_TMP/ldd" | tr '\n' ' ')" ||
			pass "ldd: no libproc2, no libsystemd"
	else
		fail "ldd $KMEMTOP: $(head -c 200 "$T_TMP/ldd")"
	fi
else
	echo "note: no ldd here: the link check skipped"
fi

# 2. the views that need no process table load no libproc2
for args in "-o --root $R" "-o --view vmalloc --root $R" "-o --json --view slab,vmalloc --root $R" "--version"; do
	# shellcheck disable=SC2086
	loads "$args" $args
	if grep -qE 'libproc2|libsystemd' "$T_TMP/trace"; then
		fail "kmemtop $args loads libproc2: $(grep -m1 -E 'libproc2|libsystemd' "$T_TMP/trace")"
	else
		pass "kmemtop $args: no libproc2 loaded"
	fi
done

# 3. the OOM view of the live system loads it, and lists this shell
loads "--view oom" -o --view oom --json
if [ $_rc -eq 0 ] && grep -q 'libproc2.so.0' "$T_TMP/trace" &&
	grep -q "\"pid\":$$," "$T_TMP/out"; then
	pass "-o --view oom loads libproc2.so.0 and lists this shell (PID $$)"
else
	fail "-o --view oom: exit $_rc, $(grep -c libproc2 "$T_TMP/trace") libproc2 lines in the trace, PID $$ $(grep -c "\"pid\":$$," "$T_TMP/out") times"
fi

# 4. a libproc2.so.0 that cannot be loaded: the OOM view says so
mkdir -p "$T_TMP/lib"
printf 'not a shared object\n' > "$T_TMP/lib/libproc2.so.0"
LD_LIBRARY_PATH="$T_TMP/lib" "$KMEMTOP" -o --view oom > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'the process table needs libproc2 (libproc2.so.0), which cannot be loaded: .*file too short' "$T_TMP/err" &&
	grep -q 'install libproc2-0' "$T_TMP/err"; then
	pass "-o --view oom without a loadable libproc2.so.0: exit 1, $(head -c 200 "$T_TMP/err")"
else
	fail "-o --view oom without a loadable libproc2.so.0: exit $rc, $(head -c 300 "$T_TMP/err")"
fi
# ... while the other views run with that library path
LD_LIBRARY_PATH="$T_TMP/lib" "$KMEMTOP" -o --root "$R" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
[ $rc -eq 0 ] && grep -q 'Active / Total Objects' "$T_TMP/out" &&
	pass "-o with the broken libproc2.so.0 first in the path: exit 0" ||
	fail "-o with the broken libproc2.so.0 first in the path: exit $rc, $(head -c 200 "$T_TMP/err")"
finish
