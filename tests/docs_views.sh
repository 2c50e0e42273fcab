#!/bin/sh
# tests/docs_views.sh - every view of the registry is named wherever the
# documents list the views: the program's --help (its first paragraph and
# --view), the man page (NAME, SYNOPSIS, DESCRIPTION's list and count,
# Tab, the JSON "view" member), README.md (a feature of its own, the
# number keys) and the recording unit (completion.sh checks --view's
# words). The views come
# from the program (--help's --view line, which the registry writes), so
# a view added to src/views.c and forgotten in a document fails here.
. "$top_srcdir/tests/lib.sh"

MAN="$top_srcdir/man/kmemtop.1"
README="$top_srcdir/README.md"
"$KMEMTOP" --help > "$T_TMP/help" || fail "--help: exit $?"
views=$(sed -n 's/^ *--view LIST *//p' "$T_TMP/help" | sed 's/;.*//; s/ or /, /g; s/,//g')
n=$(echo $views | wc -w)
[ "$n" -ge 4 ] || fail "views from --help: '$views'"
words="zero one two three four five six seven eight nine ten"
nword=$(echo $words | cut -d' ' -f$((n + 1)))

# has FILE WHAT PATTERN: grep -E PATTERN is in FILE
has() {
	grep -Eq -- "$3" "$1" && pass "$2" || fail "$2: no '$3' in $(basename "$1")"
}

has "$T_TMP/help" "--help: $n views" "in $n views:"
para=$(sed -n '3,/^$/p' "$T_TMP/help" | tr '\n' ' ')
man_name=$(sed -n '/^\.SH NAME/{n;p}' "$MAN")
desc=$(sed -n '/^\.SH DESCRIPTION/,/^\.SH /p' "$MAN")
synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$MAN")
echo "$desc" | grep -q "It has $nword views:" && pass "man: It has $nword views" ||
	fail "man DESCRIPTION does not say 'It has $nword views:'"
i=0
for v in $views; do
	i=$((i + 1))
	what=$(echo "$para" | grep -o "[^,:]*($v)" | sed "s/ ($v)//; s/^ *//; s/^and //")
	[ -n "$what" ] || fail "--help's first paragraph does not name $v"
	echo "$man_name" | grep -qiF "${what% view}" && pass "man NAME: $v ($what)" ||
		fail "man NAME does not say '$what' ($v): $man_name"
	echo "$desc" | grep -A1 '^\.TP' | grep -qx ".B $v" && pass "man DESCRIPTION: $v" ||
		fail "man DESCRIPTION has no entry for the $v view"
	[ $i -eq 1 ] || echo "$synopsis" | grep -q "^\.B kmemtop \\\\-o \\\\-\\\\-view $v\$" &&
		pass "man SYNOPSIS: $v" || fail "man SYNOPSIS has no 'kmemtop -o --view $v'"
	has "$MAN" "man Tab: $v" "^next view \(.*\b$v\b.*\)"
	sed -n '/^\.SH JSON OUTPUT/,/^\.SS/p' "$MAN" | sed -n '/^\.B view$/,/^\.TP/p' |
		grep -q "\b$v\b" && pass "man JSON view: $v" || fail "man JSON OUTPUT's view does not list $v"
	grep -qiE "^- \*\*[^*]*$v" "$README" && pass "README feature: $v" ||
		fail "README.md has no feature bullet for the $v view"
	grep -q "\`$i\`" "$README" && pass "README key $i" || fail "README.md does not name key $i"
	# every view is recorded but activity, whose eBPF program would run
	# on every allocation all day (the unit says so)
	if [ "$v" = activity ]; then
		has "$top_srcdir/contrib/systemd/kmemtop-record.service.in" "recording unit: why not $v" "^# .*Not the activity"
	else
		has "$top_srcdir/contrib/systemd/kmemtop-record.service.in" "recording unit: $v" "--view [a-z,]*\b$v\b"
	fi
done
finish
