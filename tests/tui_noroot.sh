#!/bin/sh
# tests/tui_noroot.sh - an unprivileged user cannot read /proc/slabinfo
# (mode 0400): the view says "Permission denied" and that root is needed,
# keeps running, and q exits 0. Nothing that was not read is shown as
# data: no slab summary of zeros, w names the unread slabinfo (not a
# missing /sys/kernel/slab), the vmalloc view sets no sum of unread areas
# against VmallocUsed.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

[ "$(id -u)" -eq 0 ] || skip "needs root to switch to an unprivileged user"
command -v setpriv >/dev/null 2>&1 || skip "setpriv (util-linux) is missing"
setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null ||
	skip "cannot switch to uid 65534 here"
setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$KMEMTOP" ||
	skip "uid 65534 cannot run $KMEMTOP (its directories are private)"

# the live file, where it is root-only, and a captured tree made unreadable
R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt"
chmod 755 "$T_TMP" "$R" "$R/proc"
chmod 000 "$R/proc/slabinfo"

for args in "" "--root $R"; do
	if [ -z "$args" ] && setpriv --reuid=65534 --regid=65534 --clear-groups \
		test -r /proc/slabinfo; then
		echo "note: /proc/slabinfo is readable by uid 65534 here; live case not checked"
		continue
	fi
	tm_start 120 30 "setpriv --reuid=65534 --regid=65534 --clear-groups '$KMEMTOP' -d 1 $args"
	tm_wait 'Permission denied' 5 && grep -q 'run as root' "$TMUX_SCREEN" &&
		pass "permission message shown ($args)" ||
		fail "no permission message ($args)"
	# still running after a refresh, then q exits 0
	tm_keys ' '
	tm_wait 'Permission denied' 5 && ! grep -q 'EXIT=' "$TMUX_SCREEN" &&
		pass "keeps running ($args)" || fail "stopped ($args)"
	grep -q 'Active / Total' "$TMUX_SCREEN" &&
		fail "a slab summary of what was not read ($args)" ||
		pass "no slab summary without slabinfo ($args)"
	tm_keys w
	tm_wait 'waste columns empty' 5 &&
		grep -q 'no cache was read (/proc/slabinfo)' "$TMUX_SCREEN" &&
		pass "w names the unread slabinfo ($args)" ||
		fail "w: $(grep 'waste columns' "$TMUX_SCREEN")"
	tm_keys q
	tm_wait 'EXIT=0' 5 && pass "q exits 0 ($args)" || fail "q did not exit 0 ($args)"
	tm_stop
done

# the vmalloc view of a tree whose vmallocinfo cannot be read
make_root "$R" vmallocinfo="$TESTDATA/vmallocinfo-seed-ioremap.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
chmod 644 "$R/proc/meminfo"
chmod 000 "$R/proc/vmallocinfo"
tm_start 120 30 "setpriv --reuid=65534 --regid=65534 --clear-groups '$KMEMTOP' -d 1 --root $R"
tm_keys 2
tm_wait 'vmallocinfo: Permission denied' 5 &&
	grep -q '^VmallocUsed: ' "$TMUX_SCREEN" &&
	! grep -Eq 'In use|more\)|less\)' "$TMUX_SCREEN" &&
	pass "vmalloc: meminfo's line alone, no sums of unread areas" ||
	{ fail "vmalloc without vmallocinfo"; cat "$TMUX_SCREEN"; }
finish
