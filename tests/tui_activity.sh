#!/bin/sh
# tests/tui_activity.sh - the activity view in a real terminal (tmux,
# 140x40), live as root with eBPF: 5 opens it; its columns and status
# show it attached; the filp cache gets a rate while files are opened;
# g shows the call sites (CALLER), processes (PID), cgroups and back;
# Enter on filp shows its call sites alone, g its processes and cgroups,
# Escape all caches again; q quits with nothing of ours
# left loaded (its program ids, from its fdinfo, are gone).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; kill $load 2> /dev/null; rm -rf "$T_TMP"' EXIT
load=
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (activity_absent.sh checks that case)"
[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"

# files opened and closed without end, for a rate to show
(while :; do exec 3< /dev/null; exec 3<&-; done) &
load=$!

tm_start 140 40 "'$KMEMTOP' -d 1"
tm_wait 'OBJS ACTIVE' && pass "starts in the slab view" || fail "slab view"
tm_keys 6
tm_wait '\[6:activity\]' && tm_wait 'NAME +ALLOC/s +FREE/s +BYTES/s' &&
	pass "5: the activity view and its columns" || fail "5: activity view"
tm_wait 'eBPF: tp_btf' && pass "status: eBPF attached" || fail "status"
tm_wait '^filp +[0-9]+ +[0-9]+ ' && pass "filp has allocation and free rates" ||
	fail "no rate for filp"
tm_wait 'Activity: [0-9]+ caches, [0-9]+ call sites, [0-9]+ processes, [0-9]+ cgroups, [0-9]+ allocs/s' &&
	pass "the summary line" || fail "summary"
tm_keys g
tm_wait 'CALLER +ALLOC/s +BYTES/s' && tm_wait 'By call site' &&
	tm_wait 'alloc_empty_file\+0x' && pass "g: call sites, named" || fail "g: call sites"
tm_keys g
tm_wait 'PID +ALLOC/s +BYTES/s +ALLOCS +dALLOCS +COMMAND' && tm_wait 'By process' &&
	tm_wait "^ *$load +[0-9]+ " && pass "g: processes, the workload's PID $load among them" ||
	fail "g: processes"
tm_keys g
tm_wait 'CGROUP +ALLOC/s +BYTES/s' && tm_wait 'By cgroup' && tm_wait '^(/|cgroup [0-9]+) +[0-9]+ ' &&
	pass "g: cgroups (a path, or its id where none is found)" || fail "g: cgroups"
tm_keys g
tm_wait 'NAME +ALLOC/s +FREE/s' && tm_wait 'By cache' && pass "g again: caches" || fail "g again"
# Enter on a cache: its call sites, processes, cgroups; Escape: back
tm_keys / f i l p Enter
tm_wait '^filp +[0-9]+ ' && tm_keys Enter
tm_wait 'Cache filp: By call site' && tm_wait 'CALLER +ALLOC/s' &&
	tm_wait 'alloc_empty_file\+0x' && pass "Enter on filp: its call sites, the status says so" ||
	fail "Enter: no call sites of filp"
# filp has a few call sites; all caches have hundreds (the screen's 40
# lines full of them)
n=$(grep -c '+0x' "$TMUX_SCREEN")
[ "$n" -ge 1 ] && [ "$n" -le 8 ] && pass "only filp's call sites ($n)" ||
	fail "$n call sites shown: those of other caches too"
tm_keys g
tm_wait 'Cache filp: By process' && tm_wait "^ *$load +[0-9]+ " &&
	pass "g: filp's processes" || fail "g: filp's processes"
tm_keys g
tm_wait 'Cache filp: By cgroup' && pass "g: filp's cgroups" || fail "g: filp's cgroups"
tm_keys g
tm_wait 'Cache filp: By call site' && pass "g: round to its call sites (no cache row)" ||
	fail "g round"
tm_keys Escape
tm_wait 'NAME +ALLOC/s +FREE/s' && tm_wait_not 'Cache filp' &&
	pass "Escape: all caches again" || fail "Escape"
pane=$(tm display-message -p '#{pane_pid}')
pid=$(pgrep -P "$pane" -x kmemtop)
ids=$(for fd in /proc/"$pid"/fd/*; do
	[ "$(readlink "$fd" 2> /dev/null)" = "anon_inode:bpf-prog" ] &&
		sed -n 's/^prog_id:[[:space:]]*//p' /proc/"$pid"/fdinfo/"${fd##*/}"
done | sort -un)
[ -n "$ids" ] || fail "no program ids in kmemtop $pid's descriptors"
tm_keys q
tm_wait 'EXIT=0' 5 && pass "q quits" || fail "q"
k=0
left=$ids
while [ -n "$left" ] && [ $k -lt 100 ]; do
	left=""
	for id in $ids; do
		[ -e /proc/"$pid" ] && left="$left $id" && continue
		bpftool prog show id "$id" > /dev/null 2>&1 && left="$left $id"
	done
	[ -n "$left" ] && sleep 0.05
	k=$((k + 1))
done
[ -z "$left" ] && pass "after q: none of its programs ($(echo $ids)) loaded" || fail "still loaded:$left"
finish
