#!/bin/sh
# bench/bench.sh KMEMTOP - `make bench`: every benchmark, each a ratio
# against a peer measured in the same run (never a timed assertion).
#   1. slab --once on a generated 5,000-cache slabinfo: kmemtop -o vs
#      slabtop -o (slabtop reads the file through a bind mount over
#      /proc/slabinfo in a private mount namespace: needs root).
#   2. vmalloc --once on a generated million-line vmallocinfo: vs wc -l
#      and vs awk doing the same aggregation (bench_vmalloc.sh).
#   3. memory: peak RSS after 200 and 2,000 batch snapshots
#      (bench_batch_mem.sh).
#   4. CPU per interactive refresh: kmemtop vs slabtop (bench_tui.sh;
#      needs root, tmux, slabtop).
#   5. a million ungrouped vmalloc areas: two JSON snapshots (time, peak
#      RSS; bench_areas_json.sh) and bursts of 10 Down presses in the
#      live view (bench_keys.sh; needs tmux).
#   6. a week of recording (60,480 zstd snapshots) opened for the leak
#      report: time and peak RSS, cat of the file beside it
#      (bench_replay.sh).
#   7. 5,000 cgroups: kmemtop -o --view cgroup vs cat of the same
#      files (bench_cgroup.sh).
#   8. start-up on the live system: kmemtop -o vs slabtop -o and vs
#      cat /proc/slabinfo, -o --view vmalloc vs cat /proc/vmallocinfo,
#      --version vs slabtop --version; run in turn, A B A B ..., the
#      median of the ratios pair by pair (needs root for the files).
#   9. the activity view's eBPF program (issue 23): its counts against
#      bpftrace's, its cost per event and per refresh, the workload's
#      time attached against alone (bench_activity.sh; needs root, a
#      kmemtop built with eBPF, bpftrace for two of its four parts).
# Results and the machine they were taken on: bench/README.md.
set -u
KMEMTOP=${1:?usage: bench.sh KMEMTOP}
HERE=$(cd "$(dirname "$0")" && pwd)
REPS=${REPS:-7}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "machine: $(uname -srm), $(nproc) CPU(s), $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"
echo

# --- 1. 5,000 slab caches
mkdir -p "$TMP/proc"
F="$TMP/proc/slabinfo"
awk -v n=5000 'BEGIN {
	srand(42)
	print "slabinfo - version: 2.1"
	print "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>"
	for (i = 0; i < n; i++) {
		sz = 8 * int(1 + rand() * 512); per = int(4096 / sz); if (per < 1) per = 1
		slabs = int(rand() * 5000); num = slabs * per; act = int(num * rand())
		printf "cache_%05d_%s %6d %6d %4d %4d %4d : tunables 0 0 0 : slabdata %6d %6d 0\n",
			i, substr("abcdefghij", 1 + i % 10), act, num, sz, per, 1, slabs, slabs
	}
}' > "$F"
ms() {
	s=$(date +%s%N)
	"$@" > /dev/null 2>&1
	e=$(date +%s%N)
	echo $(((e - s) / 1000)) # microseconds
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
if command -v slabtop >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
	# both timed inside the same kind of namespace, so the unshare and
	# mount cost is on both sides
	cat > "$TMP/run.sh" <<EOS
mount --bind '$F' /proc/slabinfo || exit 1
t() { s=\$(date +%s%N); "\$@" > /dev/null 2>&1; e=\$(date +%s%N); echo \$(((e - s) / 1000)); }
i=0
while [ \$i -lt $REPS ]; do
	t slabtop -o >> '$TMP/s'
	t '$KMEMTOP' -o >> '$TMP/k'
	i=\$((i + 1))
done
EOS
	: > "$TMP/s"; : > "$TMP/k"
	unshare -m sh "$TMP/run.sh"
	# the same files side by side: kmemtop printed what slabtop did
	unshare -m sh -c "mount --bind '$F' /proc/slabinfo && slabtop -o" > "$TMP/s.out" 2>&1
	"$KMEMTOP" -o --root "$TMP" > "$TMP/k.out" 2>&1
	same=$(cmp -s "$TMP/s.out" "$TMP/k.out" && echo "identical output" || echo "OUTPUT DIFFERS")
	awk -v k="$(median < "$TMP/k")" -v s="$(median < "$TMP/s")" -v r="$REPS" -v same="$same" 'BEGIN {
		printf "slabinfo: 5000 caches; median of %d runs; %s\n", r, same
		printf "  kmemtop -o   %8.2f ms\n", k / 1000
		printf "  slabtop -o   %8.2f ms\n", s / 1000
		printf "  ratio kmemtop / slabtop = %.2f (target: at most 0.5)\n", (s ? k / s : 0)
	}'
else
	echo "slabinfo: skipped (needs slabtop and root for unshare -m)"
fi
echo

# --- 2. a million vmallocinfo lines, then the live file
sh "$HERE/bench_vmalloc.sh" "$KMEMTOP"
if [ -r /proc/vmallocinfo ]; then
	: > "$TMP/lk"; : > "$TMP/lw"
	i=0
	while [ $i -lt "$REPS" ]; do
		ms "$KMEMTOP" --once --view vmalloc >> "$TMP/lk"
		ms wc -l /proc/vmallocinfo >> "$TMP/lw"
		i=$((i + 1))
	done
	awk -v k="$(median < "$TMP/lk")" -v w="$(median < "$TMP/lw")" \
		-v n="$(wc -l < /proc/vmallocinfo)" 'BEGIN {
		printf "live /proc/vmallocinfo (%d lines; the kernel writes the text):\n", n
		printf "  kmemtop %.2f ms, wc -l %.2f ms, ratio %.2f\n", k / 1000, w / 1000, (w ? k / w : 0)
	}'
fi
echo

# --- 3. memory over 2,000 batch snapshots
sh "$HERE/bench_batch_mem.sh" "$KMEMTOP"
echo

# --- 4. CPU per interactive refresh
if [ -r /proc/slabinfo ] && command -v tmux >/dev/null 2>&1 && command -v slabtop >/dev/null 2>&1; then
	sh "$HERE/bench_tui.sh" "$KMEMTOP" "${TUI_SECS:-20}"
else
	echo "refresh CPU: skipped (needs root, tmux and slabtop)"
fi
echo

# --- 5. a million ungrouped vmalloc areas: JSON, and keys in the live view
sh "$HERE/bench_areas_json.sh" "$KMEMTOP"
if command -v tmux >/dev/null 2>&1; then
	DELAY=0.3 sh "$HERE/bench_keys.sh" "$KMEMTOP" 1000000 "${BURSTS:-20}"
else
	echo "keys: skipped (needs tmux)"
fi

# --- 6. a week of recording
echo
echo "== replay: a week of recording"
make -s -C "$(dirname "$KMEMTOP")/.." bench/gen_recording >/dev/null 2>&1 &&
	"$HERE/bench_replay.sh" "$KMEMTOP" "$(dirname "$KMEMTOP")/../bench/gen_recording"

# --- 7. 5,000 cgroups
echo
echo "== cgroup view: 5,000 cgroups"
"$HERE/bench_cgroup.sh" "$KMEMTOP"

# --- 7b. the memory view (issue 22)
echo
echo "== memory view: its cost in a refresh; a 50,000-line allocinfo"
"$HERE/bench_memory.sh" "$KMEMTOP"

# --- 8. start-up, pair by pair
echo
PAIRS=${PAIRS:-31}
echo "== start-up on the live system: $PAIRS pairs, each command run once in turn, median of the ratios"
# pairs NAME 'A' 'B' TARGET: A then B (after one warm-up run of each),
# PAIRS times; prints the medians of A, B and of A/B pair by pair
pairs() {
	: > "$TMP/pa"; : > "$TMP/pb"; : > "$TMP/pr"
	$2 > /dev/null 2>&1; $3 > /dev/null 2>&1
	i=0
	while [ $i -lt "$PAIRS" ]; do
		a=$(ms $2) b=$(ms $3)
		echo "$a" >> "$TMP/pa"; echo "$b" >> "$TMP/pb"
		awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.4f\n", a / b }' >> "$TMP/pr"
		i=$((i + 1))
	done
	awk -v n="$1" -v a="$(median < "$TMP/pa")" -v b="$(median < "$TMP/pb")" \
		-v r="$(median < "$TMP/pr")" -v t="$4" 'BEGIN {
		printf "  %-50s %7.2f ms vs %7.2f ms   ratio %.2f (target: %s)\n",
			n, a / 1000, b / 1000, r, t
	}'
}
if [ -r /proc/slabinfo ] && head -c1 /proc/slabinfo >/dev/null 2>&1; then
	command -v slabtop >/dev/null 2>&1 &&
		pairs "kmemtop -o / slabtop -o" "$KMEMTOP -o" "slabtop -o" "at most 0.8"
	pairs "kmemtop -o / cat /proc/slabinfo" "$KMEMTOP -o" "cat /proc/slabinfo" "at most 1.5"
	pairs "kmemtop -o --view vmalloc / cat /proc/vmallocinfo" \
		"$KMEMTOP -o --view vmalloc" "cat /proc/vmallocinfo" "at most 1.5"
	command -v slabtop >/dev/null 2>&1 &&
		pairs "kmemtop --version / slabtop --version" "$KMEMTOP --version" "slabtop --version" "-"
else
	echo "  skipped (needs root: /proc/slabinfo)"
fi

echo
echo "== the activity view (eBPF; bench_activity.sh)"
if [ "$(id -u)" -ne 0 ]; then
	echo "  skipped (needs root: CAP_BPF, CAP_PERFMON)"
elif ! "$KMEMTOP" --version 2>/dev/null | grep -q ebpf-activity; then
	echo "  skipped (kmemtop is built without eBPF: ./configure found no clang, bpftool or libbpf)"
else
	sh "$HERE/bench_activity.sh" "$KMEMTOP" 2>&1 | sed 's/^/  /'
fi
