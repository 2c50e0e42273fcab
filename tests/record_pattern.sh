#!/bin/sh
# tests/record_pattern.sh - an --output pattern (strftime, as the daily
# recorder uses %Y-%m-%d): here %S, so the file changes every second;
# each snapshot goes whole into the file of its time, %% is a literal %,
# and a recorder killed with -9 leaves only whole snapshots: every file
# replays; directories the pattern names are made (0700, never through a
# link); %n and %t (a newline, a tab in a name) are refused.
. "$top_srcdir/tests/lib.sh"
command -v zstd >/dev/null 2>&1 || skip "the zstd command is not installed (./bootstrap installs it)"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
D="$T_TMP/rec"
mkdir "$D"
"$KMEMTOP" --root "$R" -b -d 0.1 --json --view slab --output "$D/kmem-%S-100%%.jsonl.zst" &
pid=$!
# until three files exist (three seconds began), then kill -9
i=0
while [ "$(ls "$D" | wc -l)" -lt 3 ] && [ $i -lt 200 ]; do
	i=$((i + 1))
	sleep 0.05
done
kill -9 $pid
wait $pid 2>/dev/null
n=$(ls "$D" | wc -l)
[ "$n" -ge 3 ] && ls "$D" | grep -qE '^kmem-[0-5][0-9]-100%\.jsonl\.zst$' &&
	pass "a file a second: $n files named kmem-SS-100%.jsonl.zst" || fail "files: $(ls "$D")"
ok=0
for f in "$D"/*; do
	lines=$(zstd -qdc "$f" 2>/dev/null | grep -c '^{"format":1,.*}$')
	whole=$(zstd -qdc "$f" 2>/dev/null | wc -l)
	sec=$(basename "$f" | cut -c6-7)
	other=$(zstd -qdc "$f" 2>/dev/null | jq -r '.time | floor | strftime("%S")' 2>/dev/null | grep -vc "^$sec$")
	"$KMEMTOP" -o --replay "$f" > /dev/null 2>&1 || [ "$whole" -eq 0 ] || fail "$f does not replay"
	[ "$lines" -eq "$whole" ] && [ "$other" -eq 0 ] && ok=$((ok + 1)) ||
		fail "$(basename "$f"): $lines of $whole lines whole, $other of another second"
done
[ $ok -eq "$n" ] && pass "after kill -9: every file holds whole snapshots of its own second, and replays"

# the snapshot's time names its file: a snapshot is never in the file of
# another second, even where opening the file takes long (strace holds
# the open of the output file's directory 1 s; before, the name was taken before the open and the
# snapshot's time after it, and a second could end between them)
if command -v strace > /dev/null 2>&1 &&
	strace -f -o /dev/null -e trace=openat -e inject=openat:delay_exit=1 true 2> /dev/null; then
	S="$T_TMP/slow"
	mkdir "$S"
	# only the opens of the output directory (-P), one a new file
	timeout 5 strace -f -o /dev/null -P "$S" -e trace=openat -e inject=openat:delay_exit=1000000 \
		"$KMEMTOP" --root "$R" -b -d 0.1 --json --view slab --output "$S/k-%S.jsonl" 2> /dev/null
	bad=0
	for f in "$S"/*; do
		sec=$(basename "$f" .jsonl | cut -c3-4)
		bad=$((bad + $(jq -r '.time | floor | strftime("%S")' "$f" | grep -vc "^$sec$")))
	done
	[ "$(ls "$S" | wc -l)" -ge 2 ] && [ $bad -eq 0 ] &&
		pass "slow opens: every snapshot in the file of its own second" ||
		fail "slow opens: $bad snapshot(s) in the file of another second ($(ls "$S" | wc -l) files)"
else
	echo "note: strace cannot inject here; the slow-open case is not checked"
fi

# a pattern that rolls into directories that do not exist yet (a
# directory per minute and second here, as %Y/%m/%d does at midnight):
# they are made, mode 0700, and the recorder goes on
P="$T_TMP/dirs"
mkdir "$P"
"$KMEMTOP" --root "$R" -b -d 0.1 --json --view slab --output "$P/m%M/%S/k.jsonl.zst" 2> "$T_TMP/err" &
pid=$!
i=0
while [ "$(find "$P" -name k.jsonl.zst | wc -l)" -lt 3 ] && kill -0 $pid 2> /dev/null && [ $i -lt 400 ]; do
	i=$((i + 1))
	sleep 0.05
done
kill $pid 2> /dev/null
wait $pid; rc=$?
n=$(find "$P" -name k.jsonl.zst | wc -l)
[ $rc -eq 0 ] && [ "$n" -ge 3 ] && pass "pattern into new directories: $n files, exit 0" ||
	fail "new directories: rc=$rc, $n files: $(find "$P") $(cat "$T_TMP/err")"
bad=$(find "$P" -mindepth 1 -type d ! -perm 700 | head -3)
[ -z "$bad" ] && [ "$(find "$P" -mindepth 1 -type d | wc -l)" -ge 4 ] &&
	pass "the directories made are mode 0700" || fail "directory modes: $(ls -lR "$P" | head)"
ok=0
for f in $(find "$P" -name k.jsonl.zst); do
	sec=$(basename "$(dirname "$f")")
	other=$(zstd -qdc "$f" | jq -r '.time | floor | strftime("%S")' | grep -vc "^$sec$")
	[ "$(zstd -qdc "$f" | grep -c '^{"format":1,.*}$')" -ge 1 ] && [ "$other" -eq 0 ] && ok=$((ok + 1)) ||
		fail "$f: not whole snapshots of second $sec"
done
[ $ok -eq "$n" ] && [ "$n" -ge 3 ] && pass "each new directory's file holds whole snapshots of its second"

# a relative pattern: the directories are made below the current one
mkdir "$T_TMP/cwd"
(cd "$T_TMP/cwd" && "$KMEMTOP" -o --json --view slab --root "$R" --output 'r%M/%S/k.jsonl') &&
	[ "$(find "$T_TMP/cwd" -name k.jsonl | wc -l)" -eq 1 ] &&
	pass "a relative pattern: its directories made below the current one" || fail "relative: $(find "$T_TMP/cwd")"

# never through a symbolic link: a link where the pattern names a
# directory is refused, and nothing lands where it points
L="$T_TMP/links"
mkdir "$L" "$T_TMP/elsewhere"
for s in $(seq -w 0 60); do ln -s "$T_TMP/elsewhere" "$L/$s"; done
"$KMEMTOP" -o --json --view slab --root "$R" --output "$L/%S/k.jsonl" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ -z "$(ls "$T_TMP/elsewhere")" ] && grep -q 'symbolic link' "$T_TMP/err" &&
	pass "a symbolic link where the pattern names a directory: refused, exit 1" ||
	fail "link as a directory: rc=$rc, elsewhere: $(ls "$T_TMP/elsewhere") $(cat "$T_TMP/err")"
# the part before the first field is not made: a typo is an error
"$KMEMTOP" -o --json --view slab --root "$R" --output "$T_TMP/nope/%S/k.jsonl" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && ! [ -e "$T_TMP/nope" ] && pass "the directory before the first % must exist: exit 1" ||
	fail "missing fixed directory: rc=$rc $(cat "$T_TMP/err")"

# %n and %t (with a flag, width or modifier too) put a newline or tab in
# the name: a usage error before anything is written; %%n is the text %n
E="$T_TMP/esc"
mkdir "$E"
for c in n t _n 10t En; do
	"$KMEMTOP" -o --json --view slab --root "$R" --output "$E/k-%$c.jsonl" 2> "$T_TMP/err"; rc=$?
	[ $rc -eq 2 ] && grep -q "newline or a tab" "$T_TMP/err" && [ -z "$(ls "$E")" ] &&
		pass "--output with %$c: exit 2, nothing written" ||
		fail "%$c: rc=$rc, files: $(ls "$E" | od -c | head -2) $(cat "$T_TMP/err")"
done
"$KMEMTOP" -o --json --view slab --root "$R" --output "$E/k-%%n-%%t.jsonl" && [ -s "$E/k-%n-%t.jsonl" ] &&
	pass "%%n and %%t are the text %n and %t" || fail "%%n: $(ls "$E")"
finish
