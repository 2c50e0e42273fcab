#!/bin/sh
# tests/locale.sh - kmemtop takes only the character set from the locale
# (LC_CTYPE): in a locale whose decimal point is a comma (de_DE.UTF-8,
# compiled into the test's own directory with localedef and found
# through LOCPATH), metrics and JSON keep a decimal point, as their
# readers need (setlocale(LC_ALL) made the metrics' timestamp
# "1796226548,133").
. "$top_srcdir/tests/lib.sh"
command -v localedef >/dev/null 2>&1 || skip "localedef (libc-bin) is not installed"
[ -f /usr/share/i18n/locales/de_DE ] || skip "no locale sources in /usr/share/i18n (locales)"

mkdir -p "$T_TMP/loc"
localedef -i de_DE -f UTF-8 "$T_TMP/loc/de_DE.UTF-8" > "$T_TMP/ld" 2>&1 ||
	skip "localedef de_DE.UTF-8 failed: $(head -c 200 "$T_TMP/ld")"
env LOCPATH="$T_TMP/loc" LC_ALL=de_DE.UTF-8 /usr/bin/printf '%.1f' 1.5 2>/dev/null | grep -q '1,5' ||
	skip "the compiled de_DE.UTF-8 locale has no decimal comma here"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt" \
	meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt"
LOCPATH="$T_TMP/loc" LC_ALL=de_DE.UTF-8 "$KMEMTOP" -o --format prometheus \
	--view slab --root "$R" > "$T_TMP/prom" 2> "$T_TMP/err"
if grep -Eq '^kmemtop_snapshot_timestamp_seconds [0-9]+\.[0-9]+$' "$T_TMP/prom"; then
	pass "de_DE.UTF-8: the metrics' timestamp has a decimal point"
else
	fail "de_DE.UTF-8: $(grep -m1 '^kmemtop_snapshot_timestamp' "$T_TMP/prom") $(head -c 200 "$T_TMP/err")"
fi
LOCPATH="$T_TMP/loc" LC_ALL=de_DE.UTF-8 "$KMEMTOP" -o --json --root "$R" \
	> "$T_TMP/json" 2> "$T_TMP/err"
if command -v jq >/dev/null 2>&1; then
	jq -e '.time > 0' "$T_TMP/json" > /dev/null 2>&1 &&
		pass "de_DE.UTF-8: the JSON parses, its time a number" ||
		fail "de_DE.UTF-8: JSON $(head -c 120 "$T_TMP/json")"
fi
finish
