#!/bin/sh
# tests/hostile_recording.sh - recordings planted by an attacker, built
# here from issue 19's reproductions, end in seconds and say what they
# left out: values and times whose axis steps do not advance, times
# outside 1970 to 2200 (on a line's head and in an index entry), gzip
# members without kmemtop's index entry in front of a 250 MiB sparse
# tail (indexed in one pass, in small memory), zstd frames of 250 MB of
# blanks and a plain snapshot of 300 MiB (refused as longer than kmemtop
# writes; the other snapshots replay). Every run is bounded by timeout,
# so a regression fails instead of hanging.
. "$top_srcdir/tests/lib.sh"
command -v timeout >/dev/null 2>&1 || skip "timeout (coreutils) is not installed"
command -v gzip >/dev/null 2>&1 || skip "gzip is not installed"
MKUNIT="$top_builddir/tests/mkunit"

# line TIME VALUE: one slab snapshot of one row
line() {
	printf '{"format":1,"time":%s,"view":"slab","rows":[{"name":"a","active_objs":%s}]}\n' "$1" "$2"
}
# run NAME WANT-STATUS STDERR-PATTERN CMD...: CMD ends within 20 s with
# WANT-STATUS and says PATTERN on stderr
run() {
	_n=$1 _want=$2 _pat=$3
	shift 3
	timeout 20 "$@" > "$T_TMP/out" 2> "$T_TMP/err"
	_rc=$?
	if [ $_rc -eq 124 ]; then
		fail "$_n: still running after 20 s"
	elif [ $_rc -ne "$_want" ] || { [ -n "$_pat" ] && ! grep -q -- "$_pat" "$T_TMP/err"; }; then
		fail "$_n: exit $_rc: $(head -3 "$T_TMP/err")"
	else
		pass "$_n: exit $_rc, $(head -1 "$T_TMP/err" | cut -c1-100)"
	fi
}

# 1. the plot's axes: values 16 apart near 1e17 (the y step is below the
# spacing of doubles), times 0 and 1e13, and 1e20 twice
F="$T_TMP/y.jsonl"
{ line 1795982400 100000000000000000; line 1795982460 100000000000000016; } > "$F"
run "values near 1e17: --plot ends" 0 '' "$KMEMTOP" --replay "$F" --plot "$T_TMP/y.png"
[ -s "$T_TMP/y.png" ] || fail "values near 1e17: no PNG"
F="$T_TMP/t13.jsonl"
{ line 0 1; line 10000000000000 2; } > "$F"
run "times 0 and 1e13: --plot ends, the second refused" 0 \
	'1 line(s) or unit(s) skipped; the first: line 2: a "time" outside 1970 to 2200' \
	"$KMEMTOP" --replay "$F" --plot "$T_TMP/t13.png"
F="$T_TMP/t20.jsonl"
{ line 1e20 1; line 1e20 2; } > "$F"
run "time 1e20 twice: refused, nothing to plot" 1 \
	'not a kmemtop recording (line 1: a "time" outside 1970 to 2200)' \
	"$KMEMTOP" --replay "$F" --plot "$T_TMP/t20.png"
{ line 1795982400 1; line 1e999 2; line -inf 3; line 1795982520 3; } > "$F"
run "times 1e999 and -inf: refused" 0 \
	'2 line(s) or unit(s) skipped; the first: line 2: a "time" outside 1970 to 2200' \
	"$KMEMTOP" -o --replay "$F"
# an index entry's time (kmemtop's units, planted)
for c in zstd gzip; do
	F="$T_TMP/entry.$c"
	{ line 1795982400 1 | "$MKUNIT" $c 1795982400; line 1e20 2 | "$MKUNIT" $c 1e20;
		line 1795982520 3 | "$MKUNIT" $c 1795982520; } > "$F"
	run "$c index entry of time 1e20: refused" 0 \
		'1 line(s) or unit(s) skipped; the first: byte [0-9]*: a "time" outside 1970 to 2200' \
		"$KMEMTOP" --replay "$F" --plot "$T_TMP/entry.png"
done

# 2. 100 gzip members of one line each (another tool's: no index entry)
# in front of a 250 MiB sparse tail: one pass, small memory
F="$T_TMP/members.gz"
i=0
while [ $i -lt 100 ]; do
	line $((1795982400 + 60 * i)) $i | gzip -c
	i=$((i + 1))
done > "$F"
truncate -s +250M "$F"
timeout 20 /usr/bin/time -f %M -o "$T_TMP/rss" "$KMEMTOP" -o --replay "$F" \
	> "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
rss=$(tail -1 "$T_TMP/rss" 2>/dev/null)
if [ $rc -eq 124 ]; then
	fail "100 gzip members and a 250 MiB tail: still running after 20 s"
elif [ $rc -ne 0 ] || ! grep -q 'snapshots 1 and 100 of 100' "$T_TMP/out"; then
	fail "100 gzip members: exit $rc: $(head -3 "$T_TMP/err")"
elif ! [ "$rss" -lt 65536 ] 2>/dev/null; then
	fail "100 gzip members: $rss KB of RSS (more than 64 MB)"
else
	pass "100 gzip members and a 250 MiB sparse tail: 100 snapshots, $rss KB RSS"
fi

# 3. 40 zstd frames of 250 MB of blanks (kmemtop's index entry in front)
# between two snapshots; 250 MB is more than kmemtop ever writes
if command -v zstd >/dev/null 2>&1; then
	F="$T_TMP/blanks.zst"
	{ line 1795982400 1 | "$MKUNIT" zstd 1795982400;
		"$MKUNIT" zstd 1795982460 40 250000000;
		line 1795982520 3 | "$MKUNIT" zstd 1795982520; } > "$F"
	run "40 zstd frames of 250 MB of blanks: --plot ends" 0 \
		'40 line(s) or unit(s) skipped; the first: byte [0-9]*: a snapshot larger than 64 MiB' \
		"$KMEMTOP" --replay "$F" --plot "$T_TMP/blanks.png"
	F="$T_TMP/blanks.gz"
	"$MKUNIT" gzip 1795982460 1 70000000 > "$T_TMP/g70"
	{ line 1795982400 1 | "$MKUNIT" gzip 1795982400;
		cat "$T_TMP/g70" "$T_TMP/g70" "$T_TMP/g70";
		line 1795982520 3 | "$MKUNIT" gzip 1795982520; } > "$F"
	run "3 gzip members of 70 MB of blanks: --plot ends" 0 \
		'3 line(s) or unit(s) skipped; the first: byte [0-9]*: a snapshot larger than 64 MiB' \
		"$KMEMTOP" --replay "$F" --plot "$T_TMP/blanks.png"
	# the same member whose trailer lies (ISIZE 0): refused when read,
	# and the plot says so
	cp "$T_TMP/g70" "$T_TMP/lie"
	printf '\0\0\0\0' | dd of="$T_TMP/lie" bs=1 seek=$(($(stat -c %s "$T_TMP/lie") - 4)) \
		conv=notrunc 2> /dev/null
	{ line 1795982400 1 | "$MKUNIT" gzip 1795982400; cat "$T_TMP/lie";
		line 1795982520 3 | "$MKUNIT" gzip 1795982520; } > "$F"
	run "a gzip member of 70 MB whose trailer says 0: not plotted, said" 0 \
		'1 snapshot(s) not plotted; the first: .*byte [0-9]*: a snapshot larger than 64 MiB' \
		"$KMEMTOP" --replay "$F" --plot "$T_TMP/blanks.png"
	F="$T_TMP/blanks.zst"
	run "40 zstd frames of 250 MB of blanks: the report" 0 \
		'a snapshot larger than 64 MiB' "$KMEMTOP" -o --replay "$F"
	grep -q 'snapshots 1 and 2 of 2' "$T_TMP/out" && pass "the report compares the two others" ||
		fail "the report: $(head -2 "$T_TMP/out")"
fi

# 17. a plain snapshot of 300 MiB (sparse) after two good ones, the
# last: skipped, the report compares the two others
F="$T_TMP/big.jsonl"
{ line 1795982400 1; line 1795982460 2; } > "$F"
printf '{"format":1,"time":1795982520,"view":"slab","rows":[' >> "$F"
truncate -s +300M "$F"
printf ']}\n' >> "$F"
run "a plain snapshot of 300 MiB: skipped" 0 \
	'1 line(s) or unit(s) skipped; the first: line 3: a snapshot larger than 64 MiB' \
	"$KMEMTOP" -o --replay "$F"
grep -q 'snapshots 1 and 2 of 2' "$T_TMP/out" && pass "the report compares the two others" ||
	fail "the report: $(head -2 "$T_TMP/out")"
finish
