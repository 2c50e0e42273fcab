#!/bin/sh
# tests/tui_keys.sh - every key --list-keys names (the help screen and the
# man page list the same ones; man_check.sh holds the man page to it)
# does something on the screen: pressed in a view it works in, the screen
# changes. The screen's own keys are pressed in the slab view; each
# view's keys and sort letters in their view. A binding deleted from the
# code, or a sort letter whose column lost it, fails here.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
make_root "$R" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
mkdir -p "$R/proc/sys/vm" && echo 0 > "$R/proc/sys/vm/overcommit_memory"
cp -r "$TESTDATA/cgroup2-6.6/sys" "$R/" # for the cgroup view's keys
"$KMEMTOP" --list-keys > "$T_TMP/keys"
"$KMEMTOP" --list-columns > "$T_TMP/cols"

# tmux's name of a key label
tmux_key() {
	case $1 in
	PgUp) echo PPage ;;
	PgDn) echo NPage ;;
	*) echo "$1" ;;
	esac
}
# changed LABEL: press it; pass when the screen changes within 5 s (the
# screen before it and the key in one tmux command: a process fewer per
# key, seconds over the test on a loaded machine)
changed() {
	tm capture-pane -p -e \; send-keys "$(tmux_key "$1")" > "$T_TMP/before"
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -e > "$T_TMP/after"
		cmp -s "$T_TMP/before" "$T_TMP/after" && { sleep 0.05; i=$((i + 1)); continue; }
		return 0
	done
	return 1
}
# select_row N: Home, then Down N times, each seen on the screen (a key
# that follows an Escape within curses' escape delay can be taken as
# part of a sequence: it is sent again)
select_row() {
	_want=0 _tries=0
	while [ $_tries -lt 50 ]; do
		_k=Down
		[ $_want = 0 ] && _k=Home
		tm_keys $_k
		_i=0
		while [ "$(tm_sel_row 'OBJS ACTIVE')" != $_want ] && [ $_i -lt 20 ]; do sleep 0.05; _i=$((_i + 1)); done
		if [ "$(tm_sel_row 'OBJS ACTIVE')" = $_want ]; then
			[ $_want = "$1" ] && return 0
			_want=$((_want + 1))
		fi
		_tries=$((_tries + 1))
	done
	return 1
}
# settle PATTERN: wait until the screen shows PATTERN
settle() { tm_wait "$1" 5 > /dev/null || fail "screen never showed: $1"; }
# steady: until two captures 0.05 s apart are equal (a redraw can reach
# tmux in pieces), into $T_TMP/after
steady() {
	_i=0
	tm capture-pane -p -e > "$T_TMP/after"
	while [ $_i -lt 100 ]; do
		sleep 0.05
		tm capture-pane -p -e > "$T_TMP/steady"
		cmp -s "$T_TMP/after" "$T_TMP/steady" && return 0
		mv "$T_TMP/steady" "$T_TMP/after"
		_i=$((_i + 1))
	done
}

tm_start 140 40 "'$KMEMTOP' --root '$R' -d 3600"
settle 'OBJS ACTIVE'
n=0

# the screen's own keys ("all"), in the slab view
while IFS="$(printf '\t')" read -r label help where; do
	[ "$where" = all ] || continue
	case $label in
	q) continue ;; # last
	[0-9]) continue ;; # below, with the views
	Up | Down | PgUp | PgDn | Home | End)
		# from the third row, so that each key can move
		select_row 2 || fail "could not select the third row"
		;;

	esac
	if changed "$label"; then
		n=$((n + 1))
	else
		fail "key '$label' ($help) changed nothing"
	fi
	# leave what it opened, back to the slab view as it was
	case $label in
	/ | '?' | h | Enter) tm_keys Escape ;;
	Tab) tm_keys 1 ;;
	H) tm_keys H ;; # the chart closes with its key
	esac
	settle '\[1:slab\]'
done < "$T_TMP/keys"

# each view: its number, its own keys, its sort letters
# (every view of the registry, in its order, as --help lists them: a view
# without keys of its own has its number key too)
views=$("$KMEMTOP" --help | sed -n 's/^ *--view LIST *//p' | sed 's/;.*//; s/ or /, /g; s/,//g')
num=0
for v in $views; do
	num=$((num + 1))
	grep -q "^$num	" "$T_TMP/keys" || { fail "no number key for the $v view"; continue; }
	# its number from another view changes the screen
	[ "$num" = 1 ] && tm_keys 2 || tm_keys 1
	settle 'Sort:'
	if changed "$num"; then n=$((n + 1)); else fail "key '$num' did not show the $v view"; fi
	settle "\\[$num:$v\\]"
	while IFS="$(printf '\t')" read -r label help where; do
		[ "$where" = "$v" ] || continue
		title=$(awk -F'\t' -v l="$label" -v v="$v" 'index($1, v) == 1 && $4 == l { print $3; exit }' "$T_TMP/cols")
		if [ -n "$title" ]; then
			# a sort letter: first sort by another column (each
			# move waited for on the screen: from a view's last
			# column, > wraps to the first, which may be this one)
			changed '>' || fail "> changed nothing in the $v view"
			steady
			grep -q "Sort: $title " "$T_TMP/after" &&
				{ changed '>' || fail "> changed nothing in the $v view"; steady; }
			if changed "$label" && tm_wait "Sort: $title " 5 > /dev/null; then
				n=$((n + 1))
			else
				fail "sort letter '$label' of the $v view did not sort by $title"
			fi
			continue
		fi
		if changed "$label"; then
			n=$((n + 1))
		else
			fail "key '$label' of the $v view ($help) changed nothing"
		fi
		# close what it opened (the activity view's g switches its
		# table to call sites: g three times more (processes, cgroups)
		# switches back, so its sort
		# letters below are the cache table's)
		tm_keys Escape
		[ "$v/$label" = activity/g ] && tm_keys g g g
		settle "\\[$num:$v\\]"
	done < "$T_TMP/keys"
done

tm_keys q
tm_wait 'EXIT=0' 5 && n=$((n + 1)) || fail "q did not quit"

# a replay's keys, on a recording of this tree: 12 snapshots
tm_stop
"$KMEMTOP" --root "$R" -b -n 12 -d 0.05 --json --view slab,vmalloc \
	--output "$T_TMP/rec.jsonl" || fail "recording"
tm_start 140 40 "'$KMEMTOP' --replay '$T_TMP/rec.jsonl'"
settle 'Replay: snapshot 1/12'
tm_keys ')' && settle 'snapshot 12/12'
while IFS="$(printf '\t')" read -r label help where; do
	[ "$where" = replay ] || continue
	if changed "$label"; then
		n=$((n + 1))
	else
		fail "replay key '$label' ($help) changed nothing"
	fi
	[ "$label" = @ ] && tm_keys Escape
	settle 'Replay:'
done < "$T_TMP/keys"
tm_keys q

total=$(wc -l < "$T_TMP/keys")
[ "$n" -eq "$total" ] && pass "all $total keys of --list-keys do something" ||
	fail "$n of $total keys checked"
finish
