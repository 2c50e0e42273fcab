#!/bin/sh
# tests/tui_replay.sh - kmemtop --replay in a real terminal (tmux,
# 140x40), on a recording of a tree whose dentry cache grows by 1000
# objects a snapshot: the time bar, stepping and jumping, going to a
# time, marking a baseline, the deltas since it sorted by growth, and
# the chart of a row; the values shown are the recorded ones. The memory
# view's summary lines from a recording of it.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
. "$top_srcdir/tests/tmux.sh"
trap 'tm_stop; rm -rf "$T_TMP"' EXIT

R="$T_TMP/root"
REC="$T_TMP/rec.jsonl"
N=5
record_growing "$R" "$REC" $N
jq -r 'select(.view == "slab") | .time' "$REC" > "$T_TMP/times"
hms() { # snapshot K's time, HH:MM:SS (rounded up: the last at or before)
	awk -v k="$1" 'NR == k { printf "%d\n", $1 + 1 }' "$T_TMP/times" |
		{ read -r s; date -u -d "@$s" +%H:%M:%S; }
}
day() { awk -v k="$1" 'NR == k { printf "%d\n", $1 }' "$T_TMP/times" |
	{ read -r s; date -u -d "@$s" '+%Y-%m-%d %H:%M:%S'; }; }
dentry() {
	jq -r 'select(.view == "slab") | .rows[] | select(.name == "dentry") | .active_objs' "$REC" |
		sed -n "${1}p"
}

tm_start 140 40 "'$KMEMTOP' --replay '$REC'"
tm_wait "Replay: snapshot 1/$N at $(day 1) UTC" &&
	pass "the time bar: snapshot 1/$N and its time" || fail "time bar"
tm_wait " $(dentry 1) .* dentry" && pass "dentry's ACTIVE is the recorded one ($(dentry 1))" ||
	fail "dentry's value"
tm_keys ']'
tm_wait "snapshot 2/$N" && tm_wait " $(dentry 2) .* dentry" && pass "] steps to 2/$N" || fail "]"
tm_keys '}'
tm_wait "snapshot $N/$N" && pass "} jumps (to the last)" || fail "}"
tm_keys '('
tm_wait "snapshot 1/$N" && pass "( goes to the first" || fail "("
tm_keys ')'
tm_wait "snapshot $N/$N" && pass ") goes to the last" || fail ")"

# go to snapshot 3's time, mark it, back to the last: since the baseline
tm_keys '@'
tm_wait 'go to \(HH:MM' || fail "@ prompt"
tm_keys "$(hms 3)" Enter
tm_wait "snapshot 3/$N at $(day 3)" && pass "@ $(hms 3): snapshot 3" || fail "@ time"
tm_keys z
tm_wait 'Baseline: snapshot 3 ' && pass "z marks snapshot 3 as the baseline" || fail "z"
tm_keys ')' d
tm_wait "Deltas: since $(day 3 | cut -d' ' -f2) UTC" || fail "d: since the baseline"
tm_keys D
tm_wait 'Sort: dACTIVE desc' &&
	sed -n "$(($(grep -n 'OBJS ACTIVE' "$TMUX_SCREEN" | cut -d: -f1) + 1))p" "$TMUX_SCREEN" |
	grep -qE '\+2000 .* dentry' &&
	pass "since the baseline, sorted by growth: dentry +2000 on top" ||
	{ fail "growth since the baseline"; cat "$TMUX_SCREEN"; }

# the chart of dentry over the recording
tm_keys H
tm_wait 'History of ACTIVE: dentry' && tm_wait "^ *$(dentry $N) \\|" &&
	tm_wait "^ *$(dentry 1) \\|" && tm_wait "\\($((N - 1)) s, $N points\\)|\\([0-9]+ s, $N points\\)" &&
	pass "H: dentry's chart, $(dentry 1) to $(dentry $N), $N points" ||
	{ fail "chart"; cat "$TMUX_SCREEN"; }
tm_keys q
# --view: only the views it names (the recording holds slab and vmalloc);
# --from before the recording: opened at its first snapshot, and said
tm_start 140 40 "'$KMEMTOP' --replay '$REC' --view vmalloc --from 2000-01-01T00:00"
tm_wait 'AREAS +RAM' && ! grep -q 'OBJS ACTIVE' "$TMUX_SCREEN" &&
	pass "--view vmalloc: the replay opens the vmalloc view" ||
	{ fail "--view vmalloc: not the vmalloc view"; cat "$TMUX_SCREEN"; }
grep -q -- '--from 2000-01-01 00:00:00 UTC is before the recording' "$TMUX_SCREEN" &&
	grep -q "snapshot 1/$N" "$TMUX_SCREEN" &&
	pass "--from before the recording: at snapshot 1, said on the screen" ||
	{ fail "--from before the recording: not said"; cat "$TMUX_SCREEN"; }
# Tab would go to the next view: there is none, so ] still shows vmalloc
tm_keys Tab ']'
tm_wait "snapshot 2/$N" && tm_wait 'AREAS +RAM' && ! grep -q 'OBJS ACTIVE' "$TMUX_SCREEN" &&
	pass "--view vmalloc: Tab shows no other view" ||
	{ fail "--view vmalloc: Tab went to another view"; cat "$TMUX_SCREEN"; }
tm_keys q
# a uint64 counter from 0 to its largest: the change is the row set's,
# as live (modulo 2^64, as the kernel's counters wrap: -1), never a
# number a conversion through int64 or a double made up
T0=1795982400
for k in 0 1; do
	printf '{"format":1,"time":%s,"view":"slab","rows":[{"name":"huge","active_objs":%s,"num_objs":%s}]}\n' \
		$((T0 + 60 * k)) "$([ $k = 0 ] && echo 0 || echo 18446744073709551615)" 5
done > "$T_TMP/huge.jsonl"
tm_start 140 20 "'$KMEMTOP' --replay '$T_TMP/huge.jsonl'"
tm_wait "snapshot 1/2" || fail "huge: no first snapshot"
tm_keys ']'
tm_wait "snapshot 2/2" && tm_wait '18446744073709551615 .*huge' &&
	! grep -qE -- '-9223372036854775808|9223372036854775807' "$TMUX_SCREEN" &&
	grep -qE ' -1 .*huge' "$TMUX_SCREEN" &&
	pass "a change past int64: -1 (wrapped, as live), no made-up delta" ||
	{ fail "a change past int64"; cat "$TMUX_SCREEN"; }
tm_keys q

# Replay is as good as live (issue 20 item 4), on a recording of a tree
# with /sys/kernel/slab (merged names), meminfo and vmallocinfo, and an
# OOM line given one process of a quarter of MemTotal: '/' finds a cache
# by a merged name, NAME carries "+N", each view's summary is the one
# the live screen shows of the same tree, and %RAM is computed.
R2="$T_TMP/root2"
REC2="$T_TMP/rec2.jsonl"
mkdir -p "$R2"
tar -C "$R2" -xzf "$TESTDATA/slab-sysfs-6.18-x86_64-kmemtop-ci.tar.gz"
cp "$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-onemoment.txt" "$R2/proc/meminfo"
cp "$TESTDATA/vmallocinfo-6.18-x86_64-kmemtop-ci-onemoment.txt" "$R2/proc/vmallocinfo"
"$KMEMTOP" --root "$R2" -b -n 1 --json --view slab,vmalloc,oom --output "$T_TMP/rec2.raw" 2>/dev/null
MT=$(awk '$1 == "MemTotal:" { printf "%.0f\n", $2 * 1024 }' "$R2/proc/meminfo")
grep -q '"view":"oom".*"mem_total":'"$MT"',.*"rows":\[\]}$' "$T_TMP/rec2.raw" ||
	fail "the OOM line of the recording is not as expected"
sed '/"view":"oom"/s/"rows":\[\]}$/"rows":[{"pid":4242,"user":"root","oom_score":250,"oom_score_adj":0,"rss":'$((MT / 4))',"swap":0,"start_time":77,"cgroup":"\/leaky.slice","command":"kmemtop-quarter"}]}/' \
	"$T_TMP/rec2.raw" > "$REC2"
# what the live screen shows of the same tree: its summary lines
tm_start 140 40 "'$KMEMTOP' --root '$R2' --page-size 4096 -d 600"
tm_wait 'OBJS ACTIVE' || fail "live: no slab view"
grep -E '^ (Active|Minimum) ' "$TMUX_SCREEN" > "$T_TMP/live.slab"
tm_keys 2
tm_wait 'AREAS +RAM' || fail "live: no vmalloc view"
grep -E '^ (In use|Mapped):' "$TMUX_SCREEN" > "$T_TMP/live.vmalloc"
tm_keys 3
tm_wait 'SCORE +ADJ' || fail "live: no OOM view"
grep -E '^ (MemAvailable|Swap used|Committed_AS|Overcommit) ' "$TMUX_SCREEN" > "$T_TMP/live.oom"
tm_keys q
[ "$(wc -l < "$T_TMP/live.slab")" -eq 5 ] && [ "$(wc -l < "$T_TMP/live.vmalloc")" -eq 2 ] &&
	[ "$(wc -l < "$T_TMP/live.oom")" -eq 4 ] || fail "live: summary lines not found"
# has_lines FILE: every line of FILE is a line of the screen
has_lines() { tm_capture && grep -qvxF -f "$TMUX_SCREEN" "$1" && return 1; return 0; }

tm_start 140 40 "'$KMEMTOP' --replay '$REC2'"
tm_wait 'OBJS ACTIVE' || fail "replay: no slab view"
tm_wait ' lsm_inode_cache \+2 *$' &&
	pass "replay: NAME marks the merged names (lsm_inode_cache +2)" ||
	{ fail "replay: no +N marker"; cat "$TMUX_SCREEN"; }
has_lines "$T_TMP/live.slab" && ! grep -q 'active_size' "$TMUX_SCREEN" &&
	pass "replay: the slab summary is the live one (slabtop's five lines)" ||
	{ fail "replay: slab summary"; cat "$T_TMP/live.slab" "$TMUX_SCREEN"; }
tm_keys / U N I X Enter
tm_wait 'signal_cache \+2' && tm_wait 'Filter: UNIX \(1 of' &&
	pass "replay: /UNIX finds signal_cache +2 (a merged name)" ||
	{ fail "replay: /UNIX"; cat "$TMUX_SCREEN"; }
tm_keys Escape
tm_wait_not 'Filter: UNIX'
tm_keys 2
tm_wait 'AREAS +RAM' && has_lines "$T_TMP/live.vmalloc" && ! grep -q 'in_use_areas' "$TMUX_SCREEN" &&
	pass "replay: the vmalloc summary is the live one (In use, Mapped, Virtual)" ||
	{ fail "replay: vmalloc summary"; cat "$T_TMP/live.vmalloc" "$TMUX_SCREEN"; }
tm_keys 3
tm_wait 'SCORE +ADJ' && has_lines "$T_TMP/live.oom" &&
	tm_wait 'Processes +: 1 shown, 0 kernel thread\(s\) hidden' &&
	pass "replay: the OOM summary is the live one (memory pressure)" ||
	{ fail "replay: OOM summary"; cat "$T_TMP/live.oom" "$TMUX_SCREEN"; }
tm_wait ' 25\.0 /leaky\.slice +kmemtop-quarter' &&
	pass "replay: %RAM from the recorded rss and MemTotal (25.0)" ||
	{ fail "replay: %RAM"; cat "$TMUX_SCREEN"; }
tm_keys / l e a k y Enter
tm_wait 'Filter: leaky \(1 of 1' &&
	pass "replay: '/' matches a process's cgroup, as live" ||
	{ fail "replay: OOM filter by cgroup"; cat "$TMUX_SCREEN"; }
tm_keys q

# the memory view: the sheet's summary lines from the recorded summary,
# as live (tests/memory.sh's tree: unaccounted 33652K of MemTotal
# 24683656K, 0.1%; the stacks in vmalloc; allocinfo 1.0's eleven sites,
# 260571137 bytes = 254464K), not the recorded numbers as they are
M="$T_TMP/mem"
make_root "$M" meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt" \
	iomem="$TESTDATA/iomem-6.18-x86_64-kmemtop-ci-onemoment.txt" \
	allocinfo="$TESTDATA/allocinfo-1.0-doc.txt"
printf '%s\n' '0xffffc90000000000-0xffffc90000005000   20480 kernel_clone+0xb8/0x400 pages=4 vmalloc vpages N0=4' \
	> "$M/proc/vmallocinfo"
"$KMEMTOP" -b -n 2 -d 1 --json --view memory --root "$M" --output "$T_TMP/mem.jsonl" 2> "$T_TMP/err" ||
	fail "memory recording: exit $?: $(cat "$T_TMP/err")"
tm_start 140 40 "'$KMEMTOP' --replay '$T_TMP/mem.jsonl'"
tm_wait 'Replay: snapshot 1/2' && tm_wait '^ *Unaccounted / MemTotal +: 33652K / 24683656K \(0\.1%\)$' &&
	tm_wait '^ *Terms meminfo lacks +: 0 \(their pages are in unaccounted\)$' &&
	tm_wait '^ *Kernel stacks +: in vmalloc \(CONFIG_VMAP_STACK\)' &&
	tm_wait '^ *Allocation profile +: 254464K in 11 call sites \(allocinfo 1\.0\)' &&
	! grep -q 'unaccounted 34459648' "$TMUX_SCREEN" &&
	pass "replay: the memory view's summary lines from the recorded summary" ||
	{ fail "replay: memory summary"; cat "$TMUX_SCREEN"; }
tm_keys q
# the fragmentation tab's migrate types, recorded with --pagetype: the
# tab's lines, PSI and the pageblock as recorded
cp "$TESTDATA/pagetypeinfo-6.18-x86_64-kmemtop-ci.txt" "$M/proc/pagetypeinfo"
cp "$TESTDATA/buddyinfo-6.18-x86_64-kmemtop-ci-frag.txt" "$M/proc/buddyinfo"
mkdir -p "$M/proc/pressure" && cp "$TESTDATA/pressure-memory-6.18-x86_64-kmemtop-ci.txt" "$M/proc/pressure/memory"
"$KMEMTOP" -b -n 2 -d 1 --json --view memory --pagetype --root "$M" --output "$T_TMP/pt.jsonl" 2> "$T_TMP/err" ||
	fail "pagetype recording: exit $?: $(cat "$T_TMP/err")"
tm_start 140 40 "'$KMEMTOP' --replay '$T_TMP/pt.jsonl'"
tm_wait 'Replay: snapshot 1/2' && tm_wait '^ *Unaccounted / MemTotal +: 33652K / 24683656K' &&
	tm_wait '^ *Migrate types +: free lists and pageblocks per type \(pageblock: 512 pages\)' &&
	tm_wait '^ *PSI memory \(avg10 avg60\) +: some 0\.00% 0\.00%, full 0\.00% 0\.00%' &&
	pass "replay: the migrate types' summary lines as recorded" ||
	{ fail "replay: pagetype summary"; cat "$TMUX_SCREEN"; }
tm_keys q
finish
