#!/bin/sh
# bench/bench_oom_fds.sh KMEMTOP BASE - the cost of the OOM view's FDS,
# SOCKS and PTE (a walk of /proc/PID/fd, a readlink per fd, a read of
# /proc/PID/status per process) at 3,000 processes: N (3,000) sleeps of
# this script's own, each holding 10 fds (its 3 standard streams and 7
# files), beside the machine's own processes; kmemtop -o --view oom
# --json (every row's fds read) against BASE, the same program without
# the columns (the commit before them), run in turn PAIRS times (11):
# the median of each and of their difference, per 1,000 processes.
set -u
KMEMTOP=${1:?usage: bench_oom_fds.sh KMEMTOP BASE}
BASE=${2:?usage: bench_oom_fds.sh KMEMTOP BASE}
HERE=$(cd "$(dirname "$0")" && pwd)
N=${N:-3000}
PAIRS=${PAIRS:-11}
PIDS=
F=$(mktemp)
trap 'kill $PIDS 2> /dev/null; rm -f "$F"' EXIT
i=0
while [ $i -lt "$N" ]; do
	sh -c 'exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null 7</dev/null 8</dev/null 9</dev/null; exec sleep 600' < /dev/null > /dev/null 2>&1 &
	PIDS="$PIDS $!"
	i=$((i + 1))
done
sleep 1
procs=$(ls -d /proc/[0-9]* | wc -l)
echo "$procs processes, $N of them ours with 10 fds each"
. "$HERE/bench_lib.sh"
p=0
while [ $p -lt "$PAIRS" ]; do
	a=$(us "$KMEMTOP" -o --view oom --json)
	b=$(us "$BASE" -o --view oom --json)
	echo "$a $b" >> "$F"
	p=$((p + 1))
done
ma=$(cut -d' ' -f1 "$F" | median)
mb=$(cut -d' ' -f2 "$F" | median)
md=$(awk '{ print $1 - $2 }' "$F" | median)
echo "kmemtop -o --view oom --json: $((ma / 1000)) ms; without FDS/SOCKS/PTE: $((mb / 1000)) ms"
echo "difference (median of pairs): $((md / 1000)) ms for $procs processes: $((md / procs)) us a process"
