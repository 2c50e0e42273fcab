#!/bin/sh
# tests/valgrind.sh - --once of every view, and a short batch, under
# valgrind memcheck: no invalid access, no use of uninitialised memory,
# no leak ("definitely" or "indirectly" lost).
. "$top_srcdir/tests/lib.sh"
command -v valgrind >/dev/null 2>&1 || skip "valgrind is not installed (./bootstrap installs it)"
# an ASan build cannot run under valgrind; the normal build covers it
if grep -q '^SAN_CFLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null; then
	skip "sanitizer build: ASan and valgrind exclude each other (the normal build runs this)"
fi

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
vg() { # WHAT ARGS...
	what=$1
	shift
	if valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect "$KMEMTOP" "$@" \
		> /dev/null 2> "$T_TMP/vg"; then
		pass "valgrind clean: $what"
	else
		fail "valgrind: $what: $(head -20 "$T_TMP/vg")"
	fi
}
# (a run costs valgrind's start-up, seconds on a loaded machine: views
# share a run where they can; the slab view's JSON is the batch's)
vg "-o slab,vmalloc" -o --view slab,vmalloc --root "$R"
vg "-o vmalloc none --json" -o --view vmalloc --group-by none --json --root "$R"
vg "-o vmalloc register map" -o --view vmalloc --ioremap --group-by none --root "$R"
vg "-o oom (live)" -o --view oom
vg "-o oom --json (live)" -o --view oom --json
vg "-o prometheus (capture and live processes)" -o --format prometheus --root "$R"
vg "-o prometheus (live OOM view)" -o --format prometheus --view oom
vg "-b -n 3 all views JSON" -b -n 3 -d 0.05 --json --view slab,vmalloc,oom --root "$R"
finish
