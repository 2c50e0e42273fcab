#!/bin/sh
# tests/outfile.sh - what --output may write, and how: the Prometheus
# textfile is replaced only when it is a regular file (never /dev/null, a
# FIFO or a symlink), through a temporary file a planted name cannot
# redirect, mode 0644; appended files are created 0600, may be a FIFO or
# a character device but not a directory; a file that ended mid-line gets
# our records on lines of their own; SIGHUP ends a batch cleanly.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
D="$T_TMP/out"
mkdir -p "$D"
prom() { "$KMEMTOP" -o --format prometheus --view slab --root "$R" --output "$@"; }
mode() { stat -c %a "$1"; }

# 1. the metrics file replaces only a regular file
prom /dev/null 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q '/dev/null exists and is not a regular file' "$T_TMP/err" && [ -c /dev/null ] &&
	pass "prometheus --output /dev/null: refused, exit 1" || fail "/dev/null: rc=$rc $(cat "$T_TMP/err")"
mkfifo "$D/fifo.prom"
prom "$D/fifo.prom" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ -p "$D/fifo.prom" ] && pass "prometheus onto a FIFO: refused, FIFO kept" ||
	fail "FIFO: rc=$rc $(cat "$T_TMP/err")"
echo "precious" > "$D/victim"
ln -s victim "$D/link.prom"
prom "$D/link.prom" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ -L "$D/link.prom" ] && [ "$(cat "$D/victim")" = precious ] &&
	pass "prometheus onto a symlink: refused, link and target kept" || fail "symlink: rc=$rc"

# 2. a planted temporary name (the old PATH.PID.tmp) is not followed
sh -c 'ln -s victim "$1/m.prom.$$.tmp"; exec "$2" -o --format prometheus --view slab --root "$3" --output "$1/m.prom"' \
	sh "$D" "$KMEMTOP" "$R" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 0 ] && [ "$(cat "$D/victim")" = precious ] && grep -q '^kmemtop_slab_caches ' "$D/m.prom" &&
	pass "a symlink planted at PATH.PID.tmp does not redirect the write" ||
	fail "planted temp: rc=$rc victim now: $(head -c 80 "$D/victim")"
[ "$(mode "$D/m.prom")" = 644 ] && pass "metrics file mode 0644 (node_exporter reads it)" ||
	fail "metrics mode $(mode "$D/m.prom")"
ls -A "$D" | grep -q '^\.m\.prom\.' && fail "temporary file left behind: $(ls -A "$D")"
prom "$D/m.prom" && [ "$(grep -c '^kmemtop_slab_caches ' "$D/m.prom")" -eq 1 ] &&
	pass "a second run replaces the file" || fail "replace"

# 3. appended files: created 0600, never a directory
"$KMEMTOP" -o --json --root "$R" --output "$D/a.jsonl" && [ "$(mode "$D/a.jsonl")" = 600 ] &&
	pass "JSON Lines file created 0600" || fail "JSON mode $(mode "$D/a.jsonl")"
"$KMEMTOP" -o --root "$R" --output "$D/a.txt" && [ "$(mode "$D/a.txt")" = 600 ] &&
	pass "text file created 0600" || fail "text mode $(mode "$D/a.txt")"
chmod 640 "$D/a.txt"
"$KMEMTOP" -o --root "$R" --output "$D/a.txt" && [ "$(mode "$D/a.txt")" = 640 ] &&
	pass "an existing file keeps its mode" || fail "existing mode changed to $(mode "$D/a.txt")"
mkdir "$D/dir"
"$KMEMTOP" -o --root "$R" --output "$D/dir" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ -s "$T_TMP/err" ] && pass "a directory as --output: exit 1" || fail "directory: rc=$rc"
"$KMEMTOP" -o --json --root "$R" --output /dev/null && pass "appending to /dev/null (a character device)" ||
	fail "/dev/null append"
mkfifo "$D/fifo"
# the reader is there before kmemtop opens (fd 3, read-write: open does
# not wait); head ends at the snapshot's line
exec 3<> "$D/fifo"
head -n 1 <&3 > "$D/fifo.out" &
hpid=$!
"$KMEMTOP" -o --json --view slab --root "$R" --output "$D/fifo"; rc=$?
wait $hpid
exec 3<&-
[ $rc -eq 0 ] && jq -e .rows "$D/fifo.out" > /dev/null && pass "appending to a FIFO" || fail "FIFO append: rc=$rc"
# a FIFO nobody reads: an error at once, not an open() that waits forever
mkfifo "$D/lonely"
timeout 20 "$KMEMTOP" -o --json --root "$R" --output "$D/lonely" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && grep -q "lonely is a FIFO no one reads" "$T_TMP/err" &&
	pass "a FIFO without a reader: exit 1 at once, with the reason" ||
	fail "FIFO without a reader: rc=$rc (124: it hung) $(cat "$T_TMP/err")"
# a file with another name (a hard link: maybe planted) is refused
printf 'mine\n' > "$D/linked"
ln "$D/linked" "$D/linked2"
"$KMEMTOP" -o --json --root "$R" --output "$D/linked2" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ "$(cat "$D/linked")" = mine ] && grep -q 'linked2 has 2 links' "$T_TMP/err" &&
	pass "a file with two links: refused, exit 1, nothing written" ||
	fail "hard link: rc=$rc, $(head -c 60 "$D/linked") $(cat "$T_TMP/err")"
ln -s a.jsonl "$D/mine.jsonl"
"$KMEMTOP" -o --json --root "$R" --output "$D/mine.jsonl" && [ "$(wc -l < "$D/a.jsonl")" -eq 2 ] &&
	pass "a symlink the user owns is followed" || fail "own symlink"

# 4. a file that ends mid-line (a writer killed): our records start on a
# line of their own
printf '{"cut":' > "$D/cut.jsonl"
"$KMEMTOP" -o --json --root "$R" --output "$D/cut.jsonl" &&
	[ "$(sed -n 1p "$D/cut.jsonl")" = '{"cut":' ] && sed -n 2p "$D/cut.jsonl" | jq -e .rows > /dev/null &&
	pass "after a cut line, the record is a whole line of its own" || fail "cut line: $(head -c 100 "$D/cut.jsonl")"

# 5. SIGHUP ends a batch like SIGTERM: exit 0, whole lines
"$KMEMTOP" -b -d 0.05 --json --root "$R" --output "$D/hup.jsonl" 2> "$T_TMP/err" &
pid=$!
i=0; while [ "$(wc -l < "$D/hup.jsonl" 2>/dev/null || echo 0)" -lt 3 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -HUP $pid
wait $pid; rc=$?
[ $rc -eq 0 ] && jq -e . "$D/hup.jsonl" > /dev/null && [ "$(tail -c 1 "$D/hup.jsonl" | od -An -c | tr -d ' ')" = '\n' ] &&
	pass "SIGHUP: exit 0, every line whole ($(wc -l < "$D/hup.jsonl") lines)" || fail "SIGHUP: rc=$rc"
finish
