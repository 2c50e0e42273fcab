#!/bin/sh
# tests/tui_cgroup_enter.sh - Enter on a cgroup opens the OOM view sorted
# by the column that explains what grew most in the cgroup (in the
# screen's deltas: since the last refresh here): its socket buffers
# (memory.stat sock) by SOCKS, its slab (slab_unreclaimable and
# slab_reclaimable: dentries, inodes, files) by FDS, its page tables by
# PTE, and by RSS when nothing grew. On a copy of the 6.6 fixture tree,
# whose ctr1 grows between two refreshes (Space) by rewriting its
# memory.stat; the OOM view of a capture has no processes, the sort is
# read from its status line, and the column is in sight at 80x24 (the
# sort column is the last the screen drops for the width). No root
# needed: no live cgroup is made.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
cp -R "$TESTDATA/cgroup2-6.6" "$R" || fail "copy the fixture tree"
STAT="$R/sys/fs/cgroup/system.slice/docker.service/ctr1/memory.stat"
HDR='KERNEL '
# grow KEY=BYTES...: add BYTES to each KEY of ctr1's memory.stat
grow() {
	for kv in "$@"; do
		awk -v k="${kv%%=*}" -v d="${kv#*=}" '$1 == k { $2 += d } { print }' "$STAT" > "$STAT.new" &&
			mv "$STAT.new" "$STAT" || fail "rewrite memory.stat"
	done
}
# enter_sorted WHAT TITLE: refresh (Space), Enter on ctr1, the OOM view
# sorted by TITLE; then Escape back to ctr1
enter_sorted() {
	tm_keys Space
	tm_wait 'refreshed' 5 || fail "$1: no refresh"
	tm_sel_text "$HDR" | grep -q ' ctr1 *$' || fail "$1: ctr1 not selected: $(tm_sel_text "$HDR")"
	tm_keys Enter
	if tm_wait '\[3:oom\]' 5 && tm_wait "Sort: $2 desc" 5 && tm_wait "^ +PID .* $2 " 5; then
		pass "$1: Enter opens the OOM view sorted by $2, in sight at 80 columns"
	else
		fail "$1: not sorted by $2: $(grep '\[3:oom\]' "$TMUX_SCREEN")"
	fi
	tm_keys Escape
	tm_wait '\[4:cgroup\]' 5 || fail "$1: Escape did not come back"
}

tm_start 80 24 "'$KMEMTOP' --root '$R' --page-size 4096 --view cgroup -d 3600"
tm_wait '\[4:cgroup\]' 5 || fail "no cgroup view"
tm_keys / c t r 1 Enter
# (the status line is cut at 80 columns: the filter shows as ctr1
# selected, the first and only row)
i=0
while ! tm_sel_text "$HDR" | grep -q ' ctr1 *$' && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
tm_sel_text "$HDR" | grep -q ' ctr1 *$' || fail "filter ctr1: $(tm_sel_text "$HDR")"

grow sock=10485760 slab_unreclaimable=1048576
enter_sorted "sock grew 10 MiB, slab 1 MiB" SOCKS
grow slab_unreclaimable=8388608 slab_reclaimable=4194304 sock=4096
enter_sorted "slab grew 12 MiB, sock 4 KiB" FDS
grow pagetables=2097152 slab_reclaimable=4096
enter_sorted "page tables grew 2 MiB" PTE
enter_sorted "nothing grew" RSS
tm_keys q
finish
