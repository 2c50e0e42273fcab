#!/bin/sh
# tests/plot_lib.sh - cairo is loaded only for --plot: the program is not
# linked with it (ldd), -o, --version and the replay report load no
# libcairo (the dynamic loader's own trace, LD_DEBUG=libs), --plot does;
# where libcairo.so.2 cannot be loaded (a broken one first in a private
# LD_LIBRARY_PATH) --plot ends with exit 1 and a message naming the
# library, what failed and what to install, and writes no file.
. "$top_srcdir/tests/lib.sh"

REC="$TESTDATA/recording-seed.jsonl"
R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt"

# 1. not a link-time dependency
if command -v ldd >/dev/null 2>&1; then
	if ldd "$KMEMTOP" > "$T_TMP/ldd" 2>&1; then
		grep -q libcairo "$T_TMP/ldd" &&
			fail "ldd: kmemtop is linked with cairo: $(grep libcairo "$T_TMP/ldd")" ||
			pass "ldd: no libcairo"
	else
		fail "ldd $KMEMTOP: $(head -c 200 "$T_TMP/ldd")"
	fi
else
	echo "note: no ldd here: the link check skipped"
fi

# 2. what does not plot does not load cairo
for args in "-o --root $R" "--version" "-o --replay $REC"; do
	# shellcheck disable=SC2086
	loads "$args" $args
	if grep -q libcairo "$T_TMP/trace"; then
		fail "kmemtop $args loads cairo: $(grep -m1 libcairo "$T_TMP/trace")"
	else
		pass "kmemtop $args: no libcairo loaded"
	fi
done

# 3. --plot loads it, and draws
loads "--plot" --replay "$REC" --plot "$T_TMP/p.png"
if [ $_rc -eq 0 ] && grep -q 'libcairo.so.2' "$T_TMP/trace" && [ -s "$T_TMP/p.png" ]; then
	pass "--plot loads libcairo.so.2 and writes the PNG"
else
	fail "--plot: exit $_rc, $(grep -c libcairo "$T_TMP/trace") libcairo lines in the trace"
fi

# 4. a libcairo.so.2 that cannot be loaded: exit 1, a clear message
mkdir -p "$T_TMP/lib"
printf 'not a shared object\n' > "$T_TMP/lib/libcairo.so.2"
LD_LIBRARY_PATH="$T_TMP/lib" "$KMEMTOP" --replay "$REC" --plot "$T_TMP/q.png" \
	> /dev/null 2> "$T_TMP/err"
rc=$?
if [ $rc -eq 1 ] && grep -q '^kmemtop: --plot needs the cairo library (libcairo.so.2)' "$T_TMP/err" &&
	grep -q 'install libcairo2' "$T_TMP/err" && [ ! -e "$T_TMP/q.png" ]; then
	pass "--plot without a loadable libcairo.so.2: exit 1, $(head -c 200 "$T_TMP/err")"
else
	fail "--plot without a loadable libcairo.so.2: exit $rc, $(head -c 300 "$T_TMP/err")"
fi
# a library that loads but is not cairo (zlib under cairo's name)
libz=$(ldd "$KMEMTOP" 2>/dev/null | awk '$1 == "libz.so.1" { print $3 }')
if [ -f "$libz" ]; then
	mkdir -p "$T_TMP/lib2"
	cp "$libz" "$T_TMP/lib2/libcairo.so.2"
	LD_LIBRARY_PATH="$T_TMP/lib2" "$KMEMTOP" --replay "$REC" --plot "$T_TMP/q.png" \
		> /dev/null 2> "$T_TMP/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q 'which lacks a function it calls: .*cairo_' "$T_TMP/err" &&
		[ ! -e "$T_TMP/q.png" ]; then
		pass "--plot with a libcairo.so.2 that is not cairo: exit 1, $(head -c 200 "$T_TMP/err")"
	else
		fail "--plot with a libcairo.so.2 that is not cairo: exit $rc, $(head -c 300 "$T_TMP/err")"
	fi
else
	echo "note: no libz.so.1 found through ldd: the case of a library without cairo's functions skipped"
fi
# ... while everything else still runs with that library path
LD_LIBRARY_PATH="$T_TMP/lib" "$KMEMTOP" -o --root "$R" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
[ $rc -eq 0 ] && grep -q 'Active / Total Objects' "$T_TMP/out" &&
	pass "-o with the broken libcairo.so.2 first in the path: exit 0" ||
	fail "-o with the broken libcairo.so.2 first in the path: exit $rc, $(head -c 200 "$T_TMP/err")"
finish
