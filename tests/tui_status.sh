#!/bin/sh
# tests/tui_status.sh - the status line says when and where (issue 21): the
# time of the reading shown (HH:MM:SS, the local time; TZ set here so the
# test knows it) after the tab's name, and the node name at the right
# where there is room (a capture's own proc/sys/kernel/hostname, escaped),
# left out where the line has no room for it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-seed.txt"
mkdir -p "$R/proc/sys/kernel"
printf 'db1\033[31m\n' > "$R/proc/sys/kernel/hostname"

# a clock of an hour ahead of UTC, so that local time is the one shown
before=$(TZ=XXX-1 date +%s)
tm_start 200 20 "TZ=XXX-1 '$KMEMTOP' --root '$R' -d 600"
tm_wait '^\[1:slab\] [0-9]{2}:[0-9]{2}:[0-9]{2} Sort' || fail "no clock after [1:slab]"
after=$(date +%s)
shown=$(grep -o '^\[1:slab\] [0-9:]*' "$TMUX_SCREEN" | cut -d' ' -f2)
ok=
for t in $(seq "$before" "$after"); do
	[ "$(TZ=XXX-1 date -d "@$t" +%H:%M:%S)" = "$shown" ] && ok=1
done
[ -n "$ok" ] && pass "the clock: $shown, local time of the reading" ||
	fail "clock $shown is not the local time between $before and $after"
grep -q 'db1\\x1b\[31m$' "$TMUX_SCREEN" && pass "the host at the right, escaped" ||
	fail "no host at the right: $(grep '^\[1:' "$TMUX_SCREEN")"
# narrow: no room for the host after the line, it is left out
tm resize-window -x 100 -y 20
tm_wait_not 'db1' || fail "the host shown without room"
tm_keys q

finish
