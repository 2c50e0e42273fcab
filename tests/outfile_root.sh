#!/bin/sh
# tests/outfile_root.sh - the parts of --output safety that need root:
# a symlink another user planted in a sticky world-writable directory is
# never followed, nor is a file or FIFO another user owns written to; a
# disk that fills up mid-snapshot (a 256 KiB tmpfs in a private mount
# namespace) leaves a file of whole JSON lines, exit 1 with
# the error, and a later run appends whole lines again.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "not root: needs chown to another user and a tmpfs mount"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"

# 1. /tmp-like: sticky, world-writable; a link owned by uid 65534
S="$T_TMP/sticky"
mkdir -m 1777 "$S"
echo "precious" > "$T_TMP/victim"
ln -s "$T_TMP/victim" "$S/kmem.jsonl"
chown -h 65534:65534 "$S/kmem.jsonl"
"$KMEMTOP" -o --json --root "$R" --output "$S/kmem.jsonl" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ "$(cat "$T_TMP/victim")" = precious ] && grep -q 'owned by uid 65534' "$T_TMP/err" &&
	pass "another user's symlink in a sticky directory: not followed, exit 1" ||
	fail "planted symlink: rc=$rc, victim: $(head -c 60 "$T_TMP/victim") $(cat "$T_TMP/err")"
"$KMEMTOP" -o --root "$R" --output "$S/kmem.jsonl" 2> /dev/null
[ "$(cat "$T_TMP/victim")" = precious ] || fail "text format followed the planted link"

# 1b. a file or FIFO another user planted there is not written to (root's
# data would go to them); root's own file there is
printf '' > "$S/planted.jsonl"
chmod 666 "$S/planted.jsonl"
chown 65534:65534 "$S/planted.jsonl"
"$KMEMTOP" -o --json --view slab --root "$R" --output "$S/planted.jsonl" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && ! [ -s "$S/planted.jsonl" ] && grep -q 'planted.jsonl is owned by uid 65534' "$T_TMP/err" &&
	pass "another user's 0666 file in a sticky directory: refused, exit 1, nothing written" ||
	fail "planted file: rc=$rc, $(wc -c < "$S/planted.jsonl") bytes written, $(cat "$T_TMP/err")"
mkfifo -m 666 "$S/planted.fifo"
chown 65534:65534 "$S/planted.fifo"
exec 3<> "$S/planted.fifo" # a reader: kmemtop could open it
timeout 20 "$KMEMTOP" -o --json --view slab --root "$R" --output "$S/planted.fifo" 2> "$T_TMP/err"; rc=$?
got=$(dd bs=4096 count=1 iflag=nonblock <&3 2> /dev/null | wc -c)
exec 3<&-
[ $rc -eq 1 ] && [ "$got" -eq 0 ] && grep -q 'planted.fifo is owned by uid 65534' "$T_TMP/err" &&
	pass "another user's FIFO with a reader: refused, exit 1, nothing written" ||
	fail "planted FIFO: rc=$rc, $got bytes written, $(cat "$T_TMP/err")"
printf '' > "$S/roots.jsonl"
chmod 666 "$S/roots.jsonl"
"$KMEMTOP" -o --json --root "$R" --output "$S/roots.jsonl" && jq -e .rows "$S/roots.jsonl" > /dev/null &&
	pass "root's own 0666 file in a sticky directory: appended" || fail "root's own file refused"

# 1c. an --output pattern's directories are made, but never into one
# another user made there first
for s in $(seq -w 0 60); do mkdir -m 777 "$S/d$s"; chown 65534:65534 "$S/d$s"; done
"$KMEMTOP" -o --json --view slab --root "$R" --output "$S/d%S/k.jsonl" 2> "$T_TMP/err"; rc=$?
[ $rc -eq 1 ] && [ -z "$(find "$S" -path "$S/d*/*")" ] && grep -q 'is owned by uid 65534' "$T_TMP/err" &&
	pass "another user's directory where the pattern names one: refused, exit 1, nothing written" ||
	fail "planted directory: rc=$rc, $(find "$S" -path "$S/d*/*") $(cat "$T_TMP/err")"

# 2. a full disk: whole lines only, exit 1 naming the error; then a run
# with room appends whole lines again
M="$T_TMP/mnt"
mkdir "$M"
cat > "$T_TMP/full.sh" <<EOF
mount -t tmpfs -o size=256k none "$M" || exit 99
"$KMEMTOP" -b -n 100 -d 0.01 --json --view slab,vmalloc --root "$R" --output "$M/k.jsonl" 2> "$T_TMP/err1"
echo "rc1=\$?" > "$T_TMP/rc"
cp "$M/k.jsonl" "$T_TMP/after-full.jsonl"
ls -l "$M/k.jsonl" > "$T_TMP/size1"
# make room: drop all but the first line, then append again
truncate -s "\$(head -1 "$M/k.jsonl" | wc -c)" "$M/k.jsonl"
"$KMEMTOP" -b -n 2 -d 0.01 --json --view slab --root "$R" --output "$M/k.jsonl" 2> "$T_TMP/err2"
echo "rc2=\$?" >> "$T_TMP/rc"
cp "$M/k.jsonl" "$T_TMP/after-room.jsonl"
EOF
# no mount namespace (a chroot, as in a package build): the part above
# counts, this one is skipped, saying why
if ! unshare -m true 2>/dev/null; then
	[ "$T_FAILS" -eq 0 ] || finish
	skip "cannot make a mount namespace here for the full disk's tmpfs (the planted files' checks passed)"
fi
unshare -m sh "$T_TMP/full.sh"; urc=$?
[ $urc -eq 99 ] && skip "cannot mount a tmpfs here"
. "$T_TMP/rc"
[ "$rc1" -eq 1 ] && grep -q "cannot write $M/k.jsonl: No space left on device" "$T_TMP/err1" &&
	pass "full disk: exit 1, 'No space left on device'" || fail "full disk: rc=$rc1 $(cat "$T_TMP/err1")"
n=$(wc -l < "$T_TMP/after-full.jsonl")
[ "$n" -ge 1 ] && jq -e . "$T_TMP/after-full.jsonl" > /dev/null 2>&1 &&
	[ "$(tail -c 1 "$T_TMP/after-full.jsonl" | od -An -c | tr -d ' ')" = '\n' ] &&
	pass "after the failure: $n lines, every one whole JSON" ||
	fail "after the failure: $(tail -c 120 "$T_TMP/after-full.jsonl")"
[ "$rc2" -eq 0 ] && [ "$(wc -l < "$T_TMP/after-room.jsonl")" -eq 3 ] &&
	jq -e . "$T_TMP/after-room.jsonl" > /dev/null 2>&1 &&
	pass "a later run appends whole lines" || fail "later run: rc=$rc2 $(cat "$T_TMP/err2")"
finish
