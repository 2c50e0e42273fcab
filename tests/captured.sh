#!/bin/sh
# tests/captured.sh - a --root tree is untrusted input: only regular
# files are read, symbolic links resolve inside the tree, a file over the
# cap is refused. A symlink to /dev/zero, a FIFO, a directory, links that
# point out of the tree and a 600 MiB file each end in exit 1 with a
# message naming the file, quickly and in bounded memory; links that stay
# inside the tree are followed.
. "$top_srcdir/tests/lib.sh"
command -v timeout >/dev/null 2>&1 || skip "timeout (coreutils) is not installed"

R="$T_TMP/root"
SEED="$TESTDATA/slabinfo-seed.txt"

# run WHAT: kmemtop -o on R with 256 MiB of address space (not under
# AddressSanitizer, whose shadow memory needs far more) and 20 s at most;
# the exit status in $rc, stderr in $T_TMP/err
limit=262144
grep -q '^SAN_CFLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null && limit=unlimited
run() {
	(ulimit -v $limit 2>/dev/null; exec timeout 20 "$KMEMTOP" -o --root "$R" "$@") \
		> "$T_TMP/out" 2> "$T_TMP/err"
	rc=$?
}

# refused CASE PATTERN: exit 1 naming ROOT/proc/slabinfo and PATTERN
refused() {
	run
	if [ $rc -eq 1 ] && grep -qF "$R/proc/slabinfo" "$T_TMP/err" &&
		grep -q -- "$2" "$T_TMP/err"; then
		pass "$1: exit 1, '$2'"
	else
		fail "$1: exit $rc (124: hung), $(head -c 300 "$T_TMP/err")"
	fi
}

fresh() {
	rm -rf "$R"
	mkdir -p "$R/proc"
}

fresh
ln -s /dev/zero "$R/proc/slabinfo"
refused "symlink to /dev/zero" "does not hold it"
fresh
mkdir -p "$R/dev" && cp -a /dev/zero "$R/dev/zero" 2>/dev/null
if [ -c "$R/dev/zero" ]; then
	ln -s /dev/zero "$R/proc/slabinfo"
	refused "symlink to the tree's own /dev/zero (a device)" "not a regular file"
else
	echo "note: cannot copy a device node here (not root): that case not checked"
fi
fresh
ln -s ../../../../../../../dev/zero "$R/proc/slabinfo"
refused "relative symlink climbing out of the tree" "does not hold it"
fresh
mkfifo "$R/proc/slabinfo"
refused "a FIFO" "not a regular file"
fresh
mkdir "$R/proc/slabinfo"
refused "a directory" "not a regular file"
fresh
truncate -s 600M "$R/proc/slabinfo"
refused "a 600 MiB file" "larger than 512 MiB"
fresh
ln -s /etc/passwd "$R/proc/slabinfo"
refused "symlink to /etc/passwd" "does not hold it"

# links that stay inside the tree are followed, absolute ones too (they
# resolve from the tree's root)
fresh
mkdir -p "$R/captures"
cp "$SEED" "$R/captures/slab.txt"
ln -s ../captures/slab.txt "$R/proc/slabinfo"
run
[ $rc -eq 0 ] && grep -q 'Active / Total Objects' "$T_TMP/out" &&
	pass "relative link inside the tree followed" || fail "inside link: exit $rc $(cat "$T_TMP/err")"
rm "$R/proc/slabinfo"
ln -s /captures/slab.txt "$R/proc/slabinfo"
run
[ $rc -eq 0 ] && grep -q 'Active / Total Objects' "$T_TMP/out" &&
	pass "absolute link resolved inside the tree" || fail "absolute link: exit $rc $(cat "$T_TMP/err")"

# the vmalloc view reads in chunks: the same rules
fresh
ln -s /dev/zero "$R/proc/vmallocinfo"
run --view vmalloc
[ $rc -eq 1 ] && grep -qF "$R/proc/vmallocinfo" "$T_TMP/err" &&
	pass "vmallocinfo -> /dev/zero refused" || fail "vmallocinfo -> /dev/zero: exit $rc $(head -c 300 "$T_TMP/err")"
fresh
mkfifo "$R/proc/vmallocinfo"
run --view vmalloc
[ $rc -eq 1 ] && grep -q "not a regular file" "$T_TMP/err" &&
	pass "vmallocinfo FIFO refused" || fail "vmallocinfo FIFO: exit $rc"

# the live /proc is not a captured tree: its files (size 0) are read
if [ -r /proc/slabinfo ]; then
	"$KMEMTOP" -o --root / > "$T_TMP/out" 2> "$T_TMP/err" &&
		pass "--root / reads the live /proc" || fail "--root /: $(cat "$T_TMP/err")"
fi
finish
