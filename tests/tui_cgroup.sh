#!/bin/sh
# tests/tui_cgroup.sh - the cgroup view in a real terminal (tmux, 150x40)
# on the 6.6 fixture tree: 4 opens it with the machine and "not charged"
# rows on top and the tree below; u sorts by SLAB_U (ctr1's 900K first
# of the cgroups); Left on docker.service hides ctr1, Right shows it
# again, the selection kept; Enter shows its processes in the OOM view
# (filtered to the cgroup), Escape comes back; f shows full paths.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$TESTDATA/cgroup2-6.6"
HDR='KERNEL +SLAB_U'
tm_start 150 40 "'$KMEMTOP' --root '$R' --page-size 4096 -d 60"
tm_wait 'OBJS ACTIVE' || fail "no slab view"
tm_keys 4
tm_wait '\[4:cgroup\]' && tm_wait '\(machine\)' && tm_wait '^ +1690K .*   docker.service *$' &&
	tm_wait '^ +1498K .*     ctr1 *$' &&
	pass "4: the cgroup view, machine rows and the tree" || { fail "cgroup view"; cat "$TMUX_SCREEN"; }

# u: by SLAB_U: the machine (5000K), not charged (3840K), system.slice
# (1040K), docker.service (980K), ctr1 (900K)
tm_keys u
tm_wait 'Sort: SLAB_U desc' &&
	[ "$(awk '/KERNEL +SLAB_U/ { h = NR; next } h && NR == h + 5 { print $NF }' "$TMUX_SCREEN")" = ctr1 ] &&
	pass "u sorts by SLAB_U: ctr1 fifth" || { fail "u"; cat "$TMUX_SCREEN"; }
tm_keys t
tm_wait 'Sort: ORDER asc' || fail "t: tree order"

# Left on docker.service: ctr1 hidden; Right: back
tm_keys / d o c k e r Enter
tm_wait 'Filter: docker \(2 of' || fail "filter docker"
tm_keys Home
tm_wait_sel "$HDR" 0 || fail "select docker.service"
tm_sel_text "$HDR" | grep -q 'docker.service' || fail "docker.service not selected: $(tm_sel_text "$HDR")"
tm_keys Left
tm_wait 'collapsed /system.slice/docker.service' && tm_wait_not ' ctr1 *$' &&
	tm_wait 'Filter: docker \(1 of' && tm_wait '1 collapsed' &&
	pass "Left collapses docker.service: ctr1 hidden" || { fail "Left"; cat "$TMUX_SCREEN"; }
tm_keys Right
tm_wait 'expanded /system.slice/docker.service' && tm_wait ' ctr1 *$' &&
	tm_sel_text "$HDR" | grep -q 'docker.service' &&
	pass "Right expands it, the selection kept" || { fail "Right"; cat "$TMUX_SCREEN"; }
# Enter: the OOM view restricted to the cgroup and below (the processes
# are the live system's: none is in this tree's cgroups), named in the
# status line, not as the '/' filter; Escape: back
tm_keys Enter
tm_wait '\[3:oom\]' && tm_wait 'Cgroup: /system.slice/docker.service and below' &&
	tm_wait_not 'Filter:' && tm_wait 'Processes +: 0 shown' &&
	pass "Enter: the OOM view, restricted to /system.slice/docker.service" ||
	{ fail "Enter"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait '\[4:cgroup\]' && tm_wait 'Filter: docker' &&
	tm_sel_text "$HDR" | grep -q 'docker.service' &&
	pass "Escape: back to the cgroup view, docker.service still selected" ||
	{ fail "Escape back"; cat "$TMUX_SCREEN"; }
tm_keys Escape f
tm_wait ' /system.slice/docker.service/ctr1 *$' && pass "f: full paths" || fail "f"
tm_keys q
tm_stop

# Enter on a live cgroup lists its processes and those below it, and no
# impostor: a cgroup differing in case (TGT), one whose path holds the
# cgroup's path further down (x/.../tgt), a longer name (tgtx), a
# process whose command line holds the path. The cgroups and processes
# are our own, under our own memory cgroup, named with our PID.
[ "$(id -u)" = 0 ] || { [ "$T_FAILS" -eq 0 ] || finish; skip "the live Enter check makes cgroups: not root"; }
MNT=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)
OWN=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3 }' /proc/self/cgroup)
if [ -z "$MNT" ]; then
	MNT=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
	OWN=$(awk -F: '$1 == 0 { print $3 }' /proc/self/cgroup)
	grep -qw memory "$MNT/cgroup.controllers" 2> /dev/null || MNT=
fi
REL="${OWN%/}/kmt-$$"
T="$REL/tgt"
PIDS=""
cleanup_live() {
	for p in $PIDS; do pkill -P "$p" sleep 2> /dev/null; kill "$p" 2> /dev/null; done
	for p in $PIDS; do wait "$p" 2> /dev/null; done
	for d in "$T/b" "$T" "$REL/TGT" "$REL/tgtx" "$REL/x$T" "$REL/x$REL" "$REL/x${OWN%/}" "$REL/x"; do
		rmdir "$MNT$d" 2> /dev/null
	done
	# x$OWN: the levels between
	_d="$REL/x${OWN%/}"
	while [ "$_d" != "$REL" ] && [ -n "$_d" ]; do rmdir "$MNT$_d" 2> /dev/null; _d=${_d%/*}; done
	rmdir "$MNT$REL" 2> /dev/null
}
trap 'tm_stop; cleanup_live; rm -rf "$T_TMP"' EXIT
if [ -z "$MNT" ] || ! mkdir -p "$MNT$T/b" "$MNT$REL/TGT" "$MNT$REL/tgtx" "$MNT$REL/x$T" 2> /dev/null; then
	[ "$T_FAILS" -eq 0 ] || finish
	skip "the live Enter check: no writable memory cgroup under ${MNT:-?}${OWN:-?}"
fi
# start NAME CGROUP: a sleep named NAME (a link to sleep) in CGROUP
start() {
	ln -s "$(command -v sleep)" "$T_TMP/$1"
	sh -c 'echo $$ > "$1/cgroup.procs" && exec "$2" 600' sh "$MNT$2" "$T_TMP/$1" &
	PIDS="$PIDS $!"
}
start "kmtin1-$$" "$T"
start "kmtin2-$$" "$T/b"
start "kmtimpcase-$$" "$REL/TGT"
start "kmtimppre-$$" "$REL/tgtx"
start "kmtimpsub-$$" "$REL/x$T"
sh -c "echo \$\$ > '$MNT$REL/cgroup.procs' && sleep 600; : '$T/' kmtimparg" &
PIDS="$PIDS $!"
# (the header: on cgroup v1, as here, SLAB_U is empty and not shown)
HDR='KERNEL +[A-Z]'
tm_start 220 50 "'$KMEMTOP' --view cgroup --flat -d 60"
tm_wait '\[4:cgroup\]' || fail "no live cgroup view"
tm_keys / $(printf '%s' "$T" | sed 's/./& /g') Enter
tm_wait "Filter: $T \\(" || fail "filter $T"
tm_keys Home
i=0
while [ $i -lt 8 ] && ! tm_sel_text "$HDR" | grep -q " $T *\$"; do
	tm_keys Down
	i=$((i + 1))
	tm_wait_sel "$HDR" $i 5 > /dev/null
done
tm_sel_text "$HDR" | grep -q " $T *\$" || fail "cannot select $T: $(tm_sel_text "$HDR")"
tm_keys Enter
if tm_wait '\[3:oom\]' && tm_wait "kmtin1-$$" && tm_wait "kmtin2-$$"; then
	if grep -q kmtimp "$TMUX_SCREEN"; then
		fail "impostors listed: $(grep -o 'kmtimp[a-z]*' "$TMUX_SCREEN" | sort -u | tr '\n' ' ')"
	else
		pass "Enter on $T: its process and its child cgroup's, no impostor (TGT, tgtx, x$T, a command line)"
	fi
	grep -q "Cgroup: $T and below" "$TMUX_SCREEN" && pass "the status line names the cgroup" ||
		fail "status line: $(grep '\[3:oom\]' "$TMUX_SCREEN")"
else
	fail "Enter on a live cgroup"
	cat "$TMUX_SCREEN"
fi
tm_keys Escape
tm_wait '\[4:cgroup\]' && pass "Escape: back to the cgroup view" || fail "Escape from the restricted OOM view"
tm_keys q
finish
