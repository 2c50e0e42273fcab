#!/bin/sh
# tests/man_check.sh - the man page is checked against the program: groff
# finds no problem in it; every option of --help is an item of OPTIONS;
# every column of --list-columns (key and title) is an item of the man
# page; every JSON field name is in JSON OUTPUT; every key of --list-keys
# is an item of INTERACTIVE COMMANDS.
. "$top_srcdir/tests/lib.sh"

MAN="$top_srcdir/man/kmemtop.1"
command -v groff >/dev/null 2>&1 || skip "groff is not installed (./bootstrap installs it)"

# 1. groff -man -ww -z: no warning at all
groff -man -ww -z "$MAN" > "$T_TMP/groff" 2>&1
[ -s "$T_TMP/groff" ] && fail "groff warnings: $(head -5 "$T_TMP/groff")" || pass "groff -man -ww -z is silent"

# tags SECTION: the item tags (the line after each .TP) of a section, as
# plain text: macros and quotes gone, \- as -, one tag per line
tags() {
	awk -v want="$1" '
	/^\.SH / { sec = substr($0, 5); gsub(/"/, "", sec); next }
	sec != want { tp = 0; next }
	/^\.T[PQ]/ { tp = 1; next } # .TQ: another tag of the item
	tp && /^\./ && !/^\.(B|BR|BI|I|IR|RB)( |$)/ { tp = 0; next }
	tp {
		t = $0
		sub(/^\.[A-Z]+ ?/, "", t)
		gsub(/\\-/, "-", t); gsub(/\\&/, "", t); gsub(/"/, "", t)
		gsub(/  +/, " ", t)
		print t
		tp = 0
	}' "$MAN"
}
# words SECTION: the bold words of a section's text
words() {
	awk -v want="$1" '
	/^\.SH / { sec = substr($0, 5); gsub(/"/, "", sec); next }
	sec == want && /^\.BR? / {
		t = $0; sub(/^\.BR? /, "", t); gsub(/\\-/, "-", t)
		gsub(/\\\(dq/, " ", t); gsub(/[",:{}\[\]().]/, " ", t)
		n = split(t, w, " ")
		for (i = 1; i <= n; i++) print w[i]
	}' "$MAN"
}

# ok_if_clean BEFORE MESSAGE: pass when no failure came since BEFORE
ok_if_clean() {
	[ "$T_FAILS" -eq "$1" ] && pass "$2"
}

# 2. options
f0=$T_FAILS
tags OPTIONS > "$T_TMP/opt_tags"
"$KMEMTOP" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u > "$T_TMP/opts"
[ "$(wc -l < "$T_TMP/opts")" -ge 10 ] || fail "too few options in --help"
while read -r o; do
	grep -qE -- "(^|[ ,])$o( |,|$)" "$T_TMP/opt_tags" || fail "option $o is not an item of OPTIONS"
done < "$T_TMP/opts"
ok_if_clean "$f0" "$(wc -l < "$T_TMP/opts") options of --help documented"

# 3. columns: "key ... TITLE" as an item, in any section
# (every section of a view: "SLAB VIEW", "CGROUP VIEW", ...)
grep '^\.SH [A-Z]* VIEW$' "$MAN" | sed 's/^\.SH //' |
	while read -r s; do tags "$s"; done > "$T_TMP/col_tags"
"$KMEMTOP" --list-columns > "$T_TMP/cols"
n=0
f0=$T_FAILS
while IFS="$(printf '\t')" read -r table key title letter json flags help; do
	n=$((n + 1))
	grep -F -- "$key" "$T_TMP/col_tags" | grep -qF -- "$title" ||
		fail "column $table/$key ($title) is not an item of the man page"
	if [ "$letter" != "-" ]; then
		grep -F -- "$key ($letter)" "$T_TMP/col_tags" >/dev/null ||
			fail "column $key: sort letter $letter not documented"
	fi
done < "$T_TMP/cols"
[ $n -ge 30 ] || fail "too few columns listed ($n)"
ok_if_clean "$f0" "$n columns documented with key and title"

# 4. JSON names in JSON OUTPUT
words "JSON OUTPUT" | sort -u > "$T_TMP/json_words"
cut -f5 "$T_TMP/cols" | grep -v '^-$' | sort -u > "$T_TMP/json_names"
for k in time view summary rows group_by by_type skipped_lines; do echo "$k"; done >> "$T_TMP/json_names"
# and every key the program really prints, summary included
R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-seed-ioremap.txt"
if command -v jq >/dev/null 2>&1; then
	for a in "" "--view vmalloc" "--view vmalloc --group-by none" \
		"--view vmalloc --group-by type" "--view vmalloc --group-by module"; do
		# shellcheck disable=SC2086
		"$KMEMTOP" -o --json $a --root "$R" |
			jq -r '(keys[]), (.summary | keys[]), (.rows[0] | keys[])'
	done | sort -u >> "$T_TMP/json_names"
	# the OOM view lists processes of the live system only
	"$KMEMTOP" -o --json --view oom |
		jq -r '(keys[]), (.summary | keys[]), (.rows[0] | keys[])' >> "$T_TMP/json_names"
fi
sort -u -o "$T_TMP/json_names" "$T_TMP/json_names"
f0=$T_FAILS
while read -r k; do
	grep -qxF -- "$k" "$T_TMP/json_words" || fail "JSON field $k is not in JSON OUTPUT"
done < "$T_TMP/json_names"
ok_if_clean "$f0" "$(wc -l < "$T_TMP/json_names") JSON field names documented"

# 5. keys in INTERACTIVE COMMANDS
# (an item's tags are split at commas; a tag that is a comma, the key,
# stays whole)
tags "INTERACTIVE COMMANDS" | sed '/^ *, *$/!s/,/\n/g' | sed 's/^ *//; s/ *$//' > "$T_TMP/key_tags"
"$KMEMTOP" --list-keys | cut -f1 > "$T_TMP/keys"
[ "$(wc -l < "$T_TMP/keys")" -ge 20 ] || fail "too few keys listed"
f0=$T_FAILS
while read -r k; do
	grep -qxF -- "$k" "$T_TMP/key_tags" || fail "key '$k' is not an item of INTERACTIVE COMMANDS"
done < "$T_TMP/keys"
ok_if_clean "$f0" "$(wc -l < "$T_TMP/keys") keys documented"
# and the other way: a key the man page documents is bound (a binding
# deleted from the code fails here; tui_keys.sh presses every bound one)
f0=$T_FAILS
grep -v '^$' "$T_TMP/key_tags" | while read -r k; do
	grep -qxF -- "$k" "$T_TMP/keys" || echo "$k"
done > "$T_TMP/unbound"
while read -r k; do
	fail "key '$k' is documented in INTERACTIVE COMMANDS but not bound (--list-keys)"
done < "$T_TMP/unbound"
ok_if_clean "$f0" "every documented key is bound"

# 6. the sections a reader looks for
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "SLAB VIEW" "VMALLOC VIEW" "OOM VIEW" \
	"INTERACTIVE COMMANDS" "JSON OUTPUT" FILES "EXIT STATUS" EXAMPLES NOTES "SEE ALSO"; do
	grep -qx "\.SH $s\|\.SH \"$s\"" "$MAN" || fail "section $s missing"
done
grep -q 'slabtop (1)' "$MAN" || grep -q '^\.BR slabtop (1)' "$MAN" || fail "SEE ALSO slabtop(1)"
finish
