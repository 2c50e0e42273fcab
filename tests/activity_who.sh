#!/bin/sh
# tests/activity_who.sh - who allocates, live (root, a kmemtop built with
# eBPF, a kernel with BTF, a writable cgroup2 mount): a workload with a
# name of its own (a copy of sh named kmt_opener) opens and closes a file
# N times in a cgroup made for it; kmemtop --view activity --cache filp
# counts at least N filp allocations in the row of its PID (--by
# process, the comm named) and in the row of its cgroup, named by its
# path under the cgroup2 mount (--by cgroup); the cgroup is removed
# after.
. "$top_srcdir/tests/lib.sh"
CG=
work=
k1=
k2=
cleanup() {
	[ -n "$k1" ] && kill "$k1" 2> /dev/null
	[ -n "$k2" ] && kill "$k2" 2> /dev/null
	[ -n "$work" ] && kill "$work" 2> /dev/null && wait "$work" 2> /dev/null
	[ -n "$CG" ] && rmdir "$CG" 2> /dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] || skip "needs root (CAP_BPF and CAP_PERFMON to load the eBPF program)"
grep -q '^#define HAVE_BPF 1' "$top_builddir/config.h" ||
	skip "kmemtop is built without eBPF (activity_absent.sh checks that case)"
[ -r /sys/kernel/btf/vmlinux ] || skip "the kernel has no BTF (/sys/kernel/btf/vmlinux)"
command -v jq > /dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
# the cgroup2 mount: the field after " - " is the type, the 5th the point
mnt=$(awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
	/proc/self/mountinfo | head -n 1)
[ -n "$mnt" ] || skip "no cgroup2 mount (cgroup v1 only)"
CG="$mnt/kmemtop-test-$$"
mkdir "$CG" 2> /dev/null || { CG=; skip "cannot make a cgroup under $mnt (not writable here)"; }
[ -w "$CG/cgroup.procs" ] || skip "cannot move a process into $CG"

N=50000
cp "$(command -v sh)" "$T_TMP/kmt_opener" || fail "copying sh"
mkfifo "$T_TMP/go" "$T_TMP/hold" || fail "mkfifo"

# 1. two kmemtops attach (by process and by cgroup, filp's allocations)
"$KMEMTOP" --view activity --by process --cache filp -b -d 1 --json \
	> "$T_TMP/procs" 2> "$T_TMP/err1" &
k1=$!
"$KMEMTOP" --view activity --by cgroup --cache filp -b -d 1 --json \
	> "$T_TMP/cgroups" 2> "$T_TMP/err2" &
k2=$!
wait_for 1 "$T_TMP/procs" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err1")"
wait_for 1 "$T_TMP/cgroups" '"view":"activity"' || fail "no first snapshot: $(cat "$T_TMP/err2")"

# 2. the workload: into its cgroup, N opens, then it stays (an exited
# process's row becomes "(exited)") until the hold fifo is written
N=$N CG=$CG T=$T_TMP "$T_TMP/kmt_opener" -c '
	echo $$ > "$CG/cgroup.procs" || exit 1
	read go < "$T/go"
	i=0
	while [ $i -lt $N ]; do
		exec 3< /dev/null
		exec 3<&-
		i=$((i + 1))
	done
	: > "$T/done"
	read x < "$T/hold"' &
work=$!
grep -qx "0::/${CG#$mnt/}" /proc/$work/cgroup 2> /dev/null ||
	wait_for 1 /proc/$work/cgroup "^0::/${CG#$mnt/}\$" ||
	fail "the workload is not in $CG: $(cat /proc/$work/cgroup)"
echo go > "$T_TMP/go"
i=0
while [ ! -e "$T_TMP/done" ] && [ $i -lt 1200 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -e "$T_TMP/done" ] || fail "the workload did not finish its $N opens"
# two snapshots more: the last one read after the workload's opens
p=$(count "$T_TMP/procs" '"view":"activity"')
c=$(count "$T_TMP/cgroups" '"view":"activity"')
wait_for $((p + 2)) "$T_TMP/procs" '"view":"activity"' || fail "kmemtop --by process stopped: $(cat "$T_TMP/err1")"
wait_for $((c + 2)) "$T_TMP/cgroups" '"view":"activity"' || fail "kmemtop --by cgroup stopped: $(cat "$T_TMP/err2")"

last=$(tail -n 1 "$T_TMP/procs")
[ "$(echo "$last" | jq -r .summary.cache)" = filp ] || fail "--cache: $(echo "$last" | jq -c .summary)"
row=$(echo "$last" | jq -c --argjson p "$work" '[.rows[] | select(.pid == $p)] | first')
comm=$(echo "$row" | jq -r .command)
allocs=$(echo "$row" | jq -r '.allocs // 0')
[ "$comm" = kmt_opener ] && pass "--by process: PID $work is kmt_opener" ||
	fail "--by process: PID $work: $row; rows: $(echo "$last" | jq -c '.rows[:4]')"
[ "$allocs" -ge $N ] && pass "--by process --cache filp: $allocs allocations for $N opens" ||
	fail "--by process: $allocs filp allocations, at least $N: $row"

last=$(tail -n 1 "$T_TMP/cgroups")
path="/${CG#$mnt/}"
row=$(echo "$last" | jq -c --arg p "$path" '[.rows[] | select(.cgroup == $p)] | first')
allocs=$(echo "$row" | jq -r '.allocs // 0')
[ "$allocs" -ge $N ] && pass "--by cgroup --cache filp: $path: $allocs allocations for $N opens" ||
	fail "--by cgroup: $path: $allocs, at least $N: $row; rows: $(echo "$last" | jq -c '.rows[:4]')"

echo > "$T_TMP/hold"
wait "$work"
work=
finish
