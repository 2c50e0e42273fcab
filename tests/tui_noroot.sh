#!/bin/sh
# tests/tui_noroot.sh - an unprivileged user cannot read /proc/slabinfo
# (mode 0400): the view says "Permission denied" and that root is needed,
# keeps running, and q exits 0.
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
	tm_keys q
	tm_wait 'EXIT=0' 5 && pass "q exits 0 ($args)" || fail "q did not exit 0 ($args)"
	tm_stop
done
finish
