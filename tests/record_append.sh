#!/bin/sh
# tests/record_append.sh - appending to a compressed recording (.zst,
# .gz), as kmemtop-record.service does after every restart: the units
# follow each other with nothing between them (zstd -dc and gzip -dc read
# them all); a last unit cut by kill -9 (here: truncate) is cut off
# before the next run appends, so no whole snapshot is lost; and nothing
# that is not a cut unit of kmemtop's is ever cut (another file's text,
# a damaged unit in the middle).
. "$top_srcdir/tests/lib.sh"
command -v zstd >/dev/null 2>&1 || skip "the zstd command is not installed (./bootstrap installs it)"
command -v gzip >/dev/null 2>&1 || skip "gzip is not installed"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
D="$T_TMP/rec"
mkdir "$D"
rec() { "$KMEMTOP" -o --json --view slab --root "$R" --output "$1"; }
size() { stat -c %s "$1"; }
unpack() { # unpack F: its text, by the tool of its suffix
	case $1 in
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	esac
}

# whole F N WHAT: the tool of F's suffix reads N whole snapshot lines and
# no error; --replay finds N snapshots and skips nothing
whole() {
	unpack "$1" > "$T_TMP/text" 2> "$T_TMP/uerr"; urc=$?
	lines=$(grep -c '^{"format":1,.*}$' "$T_TMP/text")
	jq -e .rows "$T_TMP/text" > /dev/null 2>&1 && json=ok || json=bad
	"$KMEMTOP" -o --replay "$1" --view slab > "$T_TMP/rep" 2> "$T_TMP/rerr"; rrc=$?
	if [ $urc -eq 0 ] && [ "$lines" -eq "$2" ] && [ "$(wc -l < "$T_TMP/text")" -eq "$2" ] &&
		[ $json = ok ] && [ $rrc -eq 0 ] && grep -q "of $2)" "$T_TMP/rep" && ! [ -s "$T_TMP/rerr" ]; then
		pass "$3"
	else
		fail "$3: unpack rc=$urc $(head -c 200 "$T_TMP/uerr"), $lines of $2 lines, JSON $json;" \
			"replay rc=$rrc: $(head -1 "$T_TMP/rep" | cut -c1-160) $(head -c 200 "$T_TMP/rerr")"
	fi
}

for z in zst gz; do
	# 1. two runs append to one file: nothing between the units
	f="$D/two.jsonl.$z"
	rec "$f" && rec "$f" || fail "$z: a run failed"
	whole "$f" 2 "$z: two runs appended, both snapshots read by the $z tool and by --replay"

	# 2. the last unit cut (in its data, in its index entry, after its
	# first byte): the next run cuts it off and appends
	for where in middle head byte; do
		f="$D/cut-$where.jsonl.$z"
		rec "$f" || fail "$z: first run"
		a=$(size "$f")
		rec "$f" || fail "$z: second run"
		b=$(size "$f")
		case $where in
		middle) cut=$((a + (b - a) / 2)) ;;
		head) cut=$((a + 10)) ;;
		byte) cut=$((a + 1)) ;;
		esac
		truncate -s $cut "$f"
		rec "$f" || fail "$z: the run after the cut"
		whole "$f" 2 "$z: last unit cut ($where, at byte $cut of $b): the first run's and the appended run's snapshots read"
	done

	# 3. a file that is not a recording is never cut: its text stays,
	# the unit follows it
	f="$D/text.jsonl.$z"
	printf 'hello, not a recording' > "$f"
	rec "$f" || fail "$z: run onto a text file"
	tail -c +23 "$f" > "$T_TMP/tail.$z"
	[ "$(head -c 22 "$f")" = "hello, not a recording" ] && [ "$(unpack "$T_TMP/tail.$z" | grep -c '^{"format":1,.*}$')" -eq 1 ] &&
		pass "$z: another file's text is kept, the snapshot appended after it" ||
		fail "$z: text file now $(head -c 40 "$f" | od -c | head -2)"

	# 4. a unit damaged in the middle (its length made huge) is not taken
	# for a cut last unit: nothing after it is cut off
	f="$D/damaged.jsonl.$z"
	rec "$f" && rec "$f" || fail "$z: runs for the damaged file"
	b=$(size "$f")
	# the entry's length: zstd bytes 12-19, gzip bytes 16-23; its 8th byte
	[ $z = zst ] && at=19 || at=23
	printf '\177' | dd of="$f" bs=1 seek=$at conv=notrunc 2> /dev/null
	rec "$f" || fail "$z: run onto the damaged file"
	tail -c +$((b + 1)) "$f" > "$T_TMP/tail.$z"
	[ "$(size "$f")" -gt "$b" ] && [ "$(unpack "$T_TMP/tail.$z" | grep -c '^{"format":1,.*}$')" -eq 1 ] &&
		pass "$z: a damaged unit in the middle: nothing cut, the new unit right after the old ones" ||
		fail "$z: damaged: size $(size "$f") (was $b)"
done
finish
