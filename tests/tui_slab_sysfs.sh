#!/bin/sh
# tests/tui_slab_sysfs.sh - the slab view with /sys/kernel/slab, in a real
# terminal (tmux, 140x40), on this machine's capture: a merged cache is
# marked "+N" and found by a merged name (/UNIX); w shows the waste
# columns; U keeps the unreclaimable caches; Enter on filp opens the
# detail pane (object 184 in a 192 slot, its waste, flags) and Escape
# returns with filp still selected; a cache that does not track its users
# says how to make it; one that does lists its call sites from
# debugfs (fixtures in the format of Documentation/mm/slub.rst), or says
# to mount debugfs; S refuses a captured tree.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
mkdir -p "$R"
tar -C "$R" -xzf "$TESTDATA/slab-sysfs-6.18-x86_64-kmemtop-ci.tar.gz"
S="$R/sys/kernel/slab"
# a cache that tracks its users: kmalloc-96, booted with slab_debug=U
echo 1 > "$S/kmalloc-96/store_user"
D="$R/sys/kernel/debug/slab/kmalloc-96"
mkdir -p "$D"
cat > "$D/alloc_traces" <<'EOF'
    338 pci_alloc_dev+0x2c/0xa0 waste=521872/1544 age=290837/291891/293509 pid=1 cpus=106 nodes=0-1
        __kmem_cache_alloc_node+0x11f/0x4e0
        kmalloc_trace+0x26/0xa0
        pci_alloc_dev+0x2c/0xa0

      7 kmemtop_leaky_probe+0x10/0x40 age=5/6/7 pid=4242 cpus=1
        kmemtop_leaky_probe+0x10/0x40
        do_one_initcall+0x41/0x200

EOF
cat > "$D/free_traces" <<'EOF'
   1980 <not-available> age=4294912290 pid=0 cpus=0

EOF
# the same, for a cache whose debugfs files are missing
echo 1 > "$S/kmalloc-128/store_user"

tm_start 140 40 "'$KMEMTOP' --root '$R' --page-size 4096 -d 60"
tm_wait 'OBJS ACTIVE' || fail "no slab view"

# /UNIX: the UNIX sockets' cache, merged into signal_cache
tm_keys / U N I X Enter
tm_wait 'signal_cache \+2' && tm_wait 'Filter: UNIX \(1 of' &&
	pass "/UNIX finds signal_cache +2" || { fail "/UNIX"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait_not 'Filter: UNIX'

# w: the waste columns
tm_wait_not 'WASTE'
tm_keys w
tm_wait 'CACHE SIZE .*WASTE  EFF PARTIAL  PART NAME' &&
	pass "w shows WASTE EFF PARTIAL PART" || fail "w"
# PARTIAL of the rows on screen, from the capture's partial files
tm_keys / b u f f e r _ h e a d Enter
want=$(cut -d' ' -f1 "$S/buffer_head/partial")
[ "$want" -gt 0 ] || fail "the capture's buffer_head has no partial slabs"
tm_wait "  $want +[0-9]+% buffer_head" &&
	pass "buffer_head's PARTIAL is its partial file ($want)" ||
	{ fail "buffer_head PARTIAL"; grep buffer_head "$TMUX_SCREEN"; }
tm_keys Escape
# (each filter waited for on its status line before Enter: filp is on
# the screen before it too, and Enter acts on the selected row)
tm_keys / f i l p Enter
tm_wait 'Filter: filp \(' && tm_wait ' filp *$' || fail "filp not found"

# Enter: the detail pane of filp; Escape: back, filp still selected
tm_keys Enter
tm_wait 'Object 184 B in a 192 B slot' && tm_wait 'Waste [0-9]+ B \(efficiency [0-9]+%\) = padding' &&
	tm_wait 'Flags: .*hardware cache aligned' &&
	tm_wait 'does not track its users' && tm_wait 'slab_debug=U,filp' &&
	pass "Enter: filp's sizes, waste, flags, how to track its users" ||
	{ fail "detail pane of filp"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait 'OBJS ACTIVE' && [ "$(tm_sel_text 'OBJS ACTIVE' | awk '{ print $NF }')" = filp ] &&
	pass "Escape: back, filp still selected" || fail "Escape from the pane"
tm_keys Escape

# a cache that tracks its users: the call sites, biggest first
tm_keys / k m a l l o c - 9 6 Enter
tm_wait 'Filter: kmalloc-96 \(' && tm_wait ' kmalloc-96' && tm_keys Enter
tm_wait 'Allocated by: 2 call site' && tm_wait '338 pci_alloc_dev\+0x2c/0xa0 waste=521872B' &&
	tm_wait 'kmemtop_leaky_probe\+0x10/0x40 age=5/6/7 jiffies pid=4242' &&
	tm_wait 'do_one_initcall' && tm_wait 'Last freed by: 1 call site' &&
	pass "kmalloc-96: the call sites with their stacks" ||
	{ fail "call sites"; cat "$TMUX_SCREEN"; }
tm_keys Escape Escape
# tracking on, debugfs missing: say so
tm_keys / k m a l l o c - 1 2 8 Enter
tm_wait 'Filter: kmalloc-128 \(' && tm_wait ' kmalloc-128' && tm_keys Enter
tm_wait 'mount -t debugfs none /sys/kernel/debug' &&
	pass "tracking without debugfs: how to mount it" || { fail "debugfs"; cat "$TMUX_SCREEN"; }
tm_keys Escape Escape

# U: only the unreclaimable caches (dentry is reclaimable)
tm_wait ' dentry' || fail "dentry not shown"
tm_keys U
tm_wait 'Unreclaimable only' && tm_wait_not ' dentry +$' && tm_wait_not ' dentry ' &&
	pass "U hides the reclaimable caches" || fail "U"
tm_keys U
tm_wait ' dentry' && pass "U again: all caches" || fail "U again"

# S on a captured tree: refused, nothing asked
tm_keys S
tm_wait 'a captured tree \(--root\) cannot be shrunk' &&
	pass "S refuses a captured tree" || fail "S on --root"

tm_keys q

[ "$T_FAILS" -eq 0 ] || { echo "$T_NAME: $T_FAILS failure(s)"; exit 1; }
