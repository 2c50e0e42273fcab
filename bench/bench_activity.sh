#!/bin/sh
# bench/bench_activity.sh KMEMTOP - what the activity view's eBPF program
# costs (issue 23), as root: the average run time per event of each of
# its programs (kernel.bpf_stats_enabled: run_time_ns / run_cnt) over a
# workload of N opens and closes; the workload's run time with kmemtop
# attached against without, pair by pair; and the time a refresh takes
# (a run of 41 snapshots less a run of 1, over 40). Needs bpftool, jq.
# SOURCE=tracepoint: the classic tracepoint fallback
# (--activity-source tracepoint; tracefs mounted for kmemtop alone in a
# private mount namespace where it is not mounted).
set -eu
K=${1:?usage: bench_activity.sh KMEMTOP}
N=${N:-200000}
PAIRS=${PAIRS:-5}
SOURCE=${SOURCE:-auto}

# kmemtop with the source asked for; it execs (run it in a subshell or
# in the background: $! is kmemtop)
kt() {
	if [ "$SOURCE" = tracepoint ] &&
		[ ! -r /sys/kernel/tracing/events/kmem/kmalloc/format ]; then
		exec unshare -m sh -c 'mount -t tracefs nodev /sys/kernel/tracing && exec "$0" "$@"' \
			"$K" --activity-source "$SOURCE" "$@"
	fi
	exec "$K" --activity-source "$SOURCE" "$@"
}

work() {
	i=0
	while [ $i -lt "$N" ]; do
		exec 3< /dev/null
		exec 3<&-
		i=$((i + 1))
	done
}
secs() { date +%s.%N; }

old=$(sysctl -n kernel.bpf_stats_enabled)
kt --view activity -b -d 1 > /dev/null 2>&1 &
pid=$!
sleep 1
sysctl -qw kernel.bpf_stats_enabled=1
work
bpftool prog show -j | jq -r '.[] | select(.name | test("^kmemtop_")) |
	"\(.name): \(.run_cnt) events, \(if (.run_cnt // 0) > 0 then (.run_time_ns / .run_cnt | floor) else 0 end) ns an event"'
sysctl -qw kernel.bpf_stats_enabled="$old"
kill $pid
wait $pid 2> /dev/null || true

p=0
while [ $p -lt "$PAIRS" ]; do
	a=$(secs); work; b=$(secs)
	kt --view activity -b -d 60 > /dev/null 2>&1 &
	pid=$!
	sleep 1
	c=$(secs); work; d=$(secs)
	kill $pid
	wait $pid 2> /dev/null || true
	echo "$a $b $c $d" | awk '{ printf "pair: %.3f s alone, %.3f s attached (%+.1f%%)\n", $2 - $1, $4 - $3, (($4 - $3) / ($2 - $1) - 1) * 100 }'
	p=$((p + 1))
done

a=$(secs); (kt --view activity -b -d 0.01 -n 1 > /dev/null); b=$(secs)
(kt --view activity -b -d 0.01 -n 41 > /dev/null); c=$(secs)
echo "$a $b $c" | awk '{ printf "a refresh: %.2f ms (load and attach: %.0f ms)\n", (($3 - $2) - ($2 - $1)) / 40 * 1000 - 10, ($2 - $1) * 1000 }'
