#!/bin/sh
# tests/cli_words.sh - words and fields that pipe and scrape without
# surprises (issue 21): getopt's errors in kmemtop's words, -s listing
# the keys, a view's option where no shown view takes it, --replay naming
# a missing file first; batch text with the same fields in every row of
# every snapshot; JSON's host and the slab summary's meminfo lines.
. "$top_srcdir/tests/lib.sh"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"

# err_is RC WANT ARGS...: kmemtop ARGS exits RC and its first line of
# standard error is WANT
err_is() {
	_rc=$1 _want=$2
	shift 2
	"$KMEMTOP" "$@" < /dev/null > "$T_TMP/out" 2> "$T_TMP/err"
	_got=$?
	_line=$(head -1 "$T_TMP/err")
	if [ "$_got" -eq "$_rc" ] && [ "$_line" = "$_want" ]; then
		pass "$*: $_want"
	else
		fail "$*: exit $_got, '$_line' (want $_rc, '$_want')"
	fi
}

# getopt's own messages named the program by its path ("/…/src/kmemtop:
# unrecognized option")
err_is 2 "kmemtop: unknown option --bogus" --bogus
err_is 2 "kmemtop: unknown option -x" -x
err_is 2 "kmemtop: option -n needs an argument" -b -n
err_is 2 "kmemtop: option --sort needs an argument" -o --sort
err_is 2 "kmemtop: option --once takes no argument" --once=1
err_is 2 "kmemtop: option --r is ambiguous (the start of more than one option)" --r
err_is 2 "kmemtop: unknown option --a\\x1b[31m" "$(printf -- '--a\033[31m')"

# -s with a key the view does not know: the keys it knows
"$KMEMTOP" -o -s zz --root "$R" 2> "$T_TMP/err"
for k in "objs (o)" "active (a)" "cache_size (c)" "name (n)" delta_active; do
	grep -qF "$k" "$T_TMP/err" || fail "-s zz: '$k' not listed: $(head -1 "$T_TMP/err")"
done
"$KMEMTOP" -o -s zz --view vmalloc --root "$R" 2> "$T_TMP/err"
grep -q "for the vmalloc view; the keys are .*caller" "$T_TMP/err" ||
	fail "-s zz --view vmalloc: $(head -1 "$T_TMP/err")"

# a view's option that no view of the run takes
err_is 2 "kmemtop: --group-by is an option of the vmalloc view, which this run does not show (add --view vmalloc)" \
	-o --group-by caller --root "$R"
err_is 2 "kmemtop: --ioremap is an option of the vmalloc view, which this run does not show (add --view vmalloc)" \
	-b -n 1 --view slab --ioremap --root "$R"
"$KMEMTOP" -o --view vmalloc --group-by type --root "$R" > /dev/null 2>&1 ||
	fail "--group-by with --view vmalloc refused"

# --replay of a file that is not there: that, not the terminal
err_is 1 "kmemtop: cannot read $T_TMP/none.jsonl: No such file or directory" \
	--replay "$T_TMP/none.jsonl"

# batch text: every row of a view has as many fields in the first
# snapshot as in the next (the change columns "-" in the first, 0 where
# nothing changed); NAME the last field
for v in slab vmalloc; do
	"$KMEMTOP" -b -n 3 -d 0.01 --view $v --root "$R" > "$T_TMP/b.$v" 2>&1
	# (the last column may hold spaces: "caller [module]")
	awk '/^kmemtop - / { s++; next } /^ *[0-9]/ { print s, NF - ($NF ~ /^\[.*\]$/) }' "$T_TMP/b.$v" |
		sort -u > "$T_TMP/nf.$v"
	n=$(awk '{ print $2 }' "$T_TMP/nf.$v" | sort -u | wc -l)
	[ "$(wc -l < "$T_TMP/nf.$v")" -ge 3 ] && [ "$n" -eq 1 ] ||
		fail "$v: batch rows have different field counts: $(tr '\n' ' ' < "$T_TMP/nf.$v")"
done
awk '/^kmemtop - / { s++ } s == 1 && $NF == "dentry" { print $8, $9 }' "$T_TMP/b.slab" > "$T_TMP/first"
awk '/^kmemtop - / { s++ } s == 2 && $NF == "dentry" { print $8, $9 }' "$T_TMP/b.slab" > "$T_TMP/second"
[ "$(cat "$T_TMP/first")" = "- -" ] || fail "first snapshot's changes: '$(cat "$T_TMP/first")' (want '- -')"
[ "$(cat "$T_TMP/second")" = "0 0K" ] || fail "an unchanged cache's changes: '$(cat "$T_TMP/second")' (want '0 0K')"

# JSON: the host on every line, the capture's own (or null); the slab
# summary's Slab, SReclaimable, SUnreclaim as /proc/meminfo has them
"$KMEMTOP" -b -n 2 -d 0.01 --json --view slab,vmalloc --root "$R" > "$T_TMP/j" 2>/dev/null
[ "$(jq -r '.host' "$T_TMP/j" | sort -u)" = null ] ||
	fail "host of a capture without a hostname: $(jq -c '.host' "$T_TMP/j" | sort -u)"
mkdir -p "$R/proc/sys/kernel"
printf 'db1\n' > "$R/proc/sys/kernel/hostname"
"$KMEMTOP" -b -n 2 -d 0.01 --json --view slab,vmalloc --root "$R" > "$T_TMP/j" 2>/dev/null
[ "$(jq -r '.host' "$T_TMP/j" | sort | uniq -c | awk '{ print $1, $2 }')" = "4 db1" ] ||
	fail "host: $(jq -c '.host' "$T_TMP/j" | tr '\n' ' ')"
[ "$(head -1 "$T_TMP/j" | jq -r 'keys_unsorted[0:4] | join(",")')" = "format,time,view,host" ] ||
	fail "first members: $(head -1 "$T_TMP/j" | jq -c 'keys_unsorted')"
for f in Slab SReclaimable SUnreclaim; do
	want=$(awk -v f="$f:" '$1 == f { print $2 * 1024 }' "$R/proc/meminfo")
	k=$(echo "$f" | tr 'A-Z' 'a-z')
	got=$(jq -r "select(.view == \"slab\") | .summary.$k" "$T_TMP/j" | sort -u)
	[ -n "$want" ] && [ "$got" = "$want" ] || fail "summary.$k: $got (meminfo: $want)"
done
# a hostname of control characters stays JSON (json-c escapes them)
printf 'a\033[31mb\n' > "$R/proc/sys/kernel/hostname"
"$KMEMTOP" -o --json --root "$R" 2>/dev/null | jq -e '.host == "a\u001b[31mb"' > /dev/null ||
	fail "an escaped hostname: $("$KMEMTOP" -o --json --root "$R" 2>/dev/null | head -c 120)"

finish
