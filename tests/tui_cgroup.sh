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
# Enter: the OOM view filtered to the cgroup and below (the processes
# are the live system's: none is in this tree's cgroups); Escape: back
tm_keys Enter
tm_wait '\[3:oom\]' && tm_wait 'Filter: /system.slice/docker.service/ \(0 of' &&
	pass "Enter: the OOM view, filtered to /system.slice/docker.service/" ||
	{ fail "Enter"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait '\[4:cgroup\]' && tm_wait 'Filter: docker' &&
	tm_sel_text "$HDR" | grep -q 'docker.service' &&
	pass "Escape: back to the cgroup view, docker.service still selected" ||
	{ fail "Escape back"; cat "$TMUX_SCREEN"; }
tm_keys Escape f
tm_wait ' /system.slice/docker.service/ctr1 *$' && pass "f: full paths" || fail "f"
tm_keys q
finish
