#!/bin/sh
# tests/tui_replay_deltas.sh - a replay's changes are the live ones (issue
# 20): a recording (kmemtop -b --json --output) of a tree whose dentry
# cache gains known numbers of objects between refreshes (+1000, +7,
# +250), replayed in tmux: dACTIVE since the previous snapshot (stepping
# on and back), since the baseline after z (the snapshot shown, named by
# its time in UTC) and per second equal the changes made, and equal the
# "delta" the live -b --json wrote of them; -s sorts a replay by a key.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
REC="$T_TMP/rec.jsonl"
N=4
record_growing "$R" "$REC" $N 1000 7 250
[ "$(grep -c '"view":"slab"' "$REC")" -eq $N ] || fail "the recording has not $N slab snapshots"
jq -r 'select(.view == "slab") | .time' "$REC" > "$T_TMP/times"
# live K: the change of dentry's active objects live -b --json wrote at
# snapshot K (since the one before)
live() {
	jq -r 'select(.view == "slab") | .rows[] | select(.name == "dentry") |
		.delta.active_objs // "none"' "$REC" | sed -n "${1}p"
}
# utc K: snapshot K's time of day, as the status line says it
utc() { awk -v k="$1" 'NR == k { printf "%d\n", $1 }' "$T_TMP/times" |
	{ read -r s; date -u -d "@$s" +%H:%M:%S; }; }
[ "$(live 2) $(live 3) $(live 4)" = "1000 7 250" ] &&
	pass "live -b --json: dentry +1000, +7, +250" ||
	fail "live -b --json deltas: $(live 2) $(live 3) $(live 4)"

# dactive: dentry's dACTIVE on the screen (the cell under the title),
# "-" when blank
dactive() {
	tm_capture
	awk '/ dACTIVE / && !h { h = index($0, "dACTIVE"); next }
		h && / dentry *$/ { v = substr($0, h - 1, 8); gsub(/ /, "", v)
			print (v == "" ? "-" : v); exit }' "$TMUX_SCREEN"
}
# see K WANT WHAT: at snapshot K, dACTIVE is WANT
see() {
	_i=0
	while [ $_i -lt 100 ]; do
		grep -q "Replay $1/$N" "$TMUX_SCREEN" && [ "$(dactive)" = "$2" ] && break
		_i=$((_i + 1))
		sleep 0.05
		tm_capture
	done
	[ "$(dactive)" = "$2" ] && grep -q "Replay $1/$N" "$TMUX_SCREEN" && pass "$3" ||
		{ fail "$3: dACTIVE '$(dactive)', not '$2'"; cat "$TMUX_SCREEN"; }
}

tm_start 160 50 "'$KMEMTOP' --replay '$REC' --view slab"
tm_wait 'OBJS ACTIVE' || fail "no slab view"
tm_wait 'Deltas: since the previous snapshot' || fail "status: since the previous snapshot"
see 1 - "snapshot 1: no previous snapshot, no change"
tm_keys ']'
see 2 "+$(live 2)" "snapshot 2: +1000 since the previous, as live"
tm_keys ')'
see 4 "+$(live 4)" "snapshot 4: +250 since the previous, as live"
tm_keys '['
see 3 "+$(live 3)" "back to snapshot 3: +7 since snapshot 2 (not since the one shown before)"

# z on snapshot 2: since the baseline at 4 is the sum of the changes
# after it, as live wrote them
tm_keys '(' ']'
tm_wait "Replay 2/$N" || fail "( ]"
tm_keys z
tm_wait 'baseline: the snapshot shown' && tm_wait "Baseline: snapshot 2 at $(utc 2)" &&
	pass "z: snapshot 2 is the baseline" || fail "z"
tm_keys d
tm_wait "Deltas: since $(utc 2) UTC" &&
	pass "d: since the baseline, named by its recorded time (UTC)" ||
	fail "status line since the baseline"
see 2 - "since the baseline, on the baseline: no change"
tm_keys ')'
see 4 "+$(($(live 3) + $(live 4)))" "snapshot 4 since the baseline: +257, the live changes after it"
tm_keys '['
see 3 "+$(live 3)" "snapshot 3 since the baseline: +7"

# per second: the change since the previous snapshot over the recorded
# seconds between them
tm_keys ')' d
tm_wait 'Deltas: per second' || fail "d: per second"
rate=$(awk -v d="$(live 4)" 'NR == 3 { t = $1 } NR == 4 { printf "%+.1f\n", d / ($1 - t) }' "$T_TMP/times")
see 4 "$rate" "per second at snapshot 4: $rate (+250 over the recorded interval)"
tm_keys q

# -s on a replay: sorted by the key (it crashed: no view named)
tm_start 160 50 "'$KMEMTOP' --replay '$REC' -s delta_active"
tm_keys ')'
tm_wait 'Sort: dACTIVE desc' && tm_wait "Replay $N/$N" &&
	sed -n "$(($(grep -n 'OBJS ACTIVE' "$TMUX_SCREEN" | cut -d: -f1) + 1))p" "$TMUX_SCREEN" |
	grep -qE '\+250 .* dentry *$' &&
	pass "--replay -s delta_active: sorted by growth, dentry on top" ||
	{ fail "--replay -s delta_active"; cat "$TMUX_SCREEN"; }
tm_keys q
"$KMEMTOP" --replay "$REC" -s nosuchkey > "$T_TMP/out" 2>&1
[ $? -eq 2 ] && grep -q "unknown sort key 'nosuchkey'" "$T_TMP/out" &&
	pass "--replay -s with an unknown key: a usage error" ||
	{ fail "--replay -s nosuchkey"; cat "$T_TMP/out"; }
finish
