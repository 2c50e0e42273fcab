#!/bin/sh
# tests/tui_slab_activity.sh - the slab view's activity columns in a real
# terminal (tmux, 170x40), live as root with eBPF: none at the start; A
# shows ALLOC/s, FREE/s and BYTES/s beside the deltas and the status says
# eBPF is attached; a workload that opens and closes files gives filp a
# nonzero allocation rate; Enter on it lists its top call sites and
# processes (the workload's PID among them); A again hides them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; kill $load 2> /dev/null; rm -rf "$T_TMP"' EXIT
load=
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (slab_activity.sh checks the captured case)"
[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"

# files opened and closed without end: filp allocates
(while :; do exec 3< /dev/null; exec 3<&-; done) &
load=$!

tm_start 170 40 "'$KMEMTOP' -d 1"
tm_wait 'OBJS ACTIVE' && pass "starts in the slab view" || fail "slab view"
grep -q 'ALLOC/s' "$TMUX_SCREEN" && fail "activity columns before A" ||
	pass "no activity columns at the start"
tm_keys A
tm_wait 'dSIZE +ALLOC/s +FREE/s +BYTES/s +NAME' && pass "A: the columns beside the deltas" ||
	fail "A: no activity columns"
tm_wait 'eBPF: attached' && pass "status: eBPF attached" || fail "status"
tm_keys / f i l p Enter
# ALLOC/s nonzero, then FREE/s and BYTES/s, then the name
tm_wait ' [1-9][0-9]* +[0-9]+ +[0-9.]+[BKMGT]? +filp *$' 15 &&
	pass "filp allocates: a nonzero ALLOC/s" || fail "no rate for filp"
tm_keys Enter
tm_wait 'Top call sites by allocation rate' && tm_wait ' allocs +alloc_empty_file\+0x' &&
	pass "detail pane: filp's call sites, named" || fail "detail pane: call sites"
tm_wait 'Top processes by allocation rate' && tm_wait " allocs +PID $load " &&
	pass "detail pane: the workload's process (PID $load)" || fail "detail pane: processes"
tm_keys Escape
tm_wait_not 'Top call sites' && pass "Escape closes the pane" || fail "Escape"
tm_keys A
tm_wait_not 'ALLOC/s' && pass "A again: hidden" || fail "A again"
tm_keys q
tm_wait 'EXIT=0' 5 && pass "q quits" || fail "q"
finish
