#!/bin/sh
# bench/bench_tui.sh KMEMTOP [SECONDS] - CPU time per interactive refresh,
# kmemtop against slabtop, measured in one run.
#
# Both run at the same time, each in its own tmux pane of the same size,
# refreshing the live /proc/slabinfo once a second (slabtop's shortest
# delay). CPU time comes from /proc/PID/schedstat (nanoseconds on the CPU),
# read after the first screen is drawn and again SECONDS later; divided by
# the refreshes in between. Needs root (slabinfo is root-only) and tmux.
set -u
KMEMTOP=${1:?usage: bench_tui.sh KMEMTOP [SECONDS]}
SECS=${2:-20}
SOCK="kmemtop-bench-$$"
unset TMUX

[ -r /proc/slabinfo ] || { echo "bench_tui: /proc/slabinfo unreadable (run as root)"; exit 1; }
command -v tmux >/dev/null || { echo "bench_tui: tmux is missing"; exit 1; }
command -v slabtop >/dev/null || { echo "bench_tui: slabtop is missing"; exit 1; }

t() { tmux -L "$SOCK" "$@"; }
trap 't kill-server >/dev/null 2>&1' EXIT

t -f /dev/null new-session -d -x 120 -y 40 -n kmemtop "env TERM=screen '$KMEMTOP' -d 1"
t new-window -d -n slabtop "env TERM=screen slabtop -d 1"
pid_of() {
	# the pane runs the program through env (exec), so the pane pid is it
	t list-panes -t "$1" -F '#{pane_pid}'
}
sleep 2
kp=$(pid_of kmemtop)
sp=$(pid_of slabtop)
cpu() { awk '{print $1}' "/proc/$1/schedstat"; }
k0=$(cpu "$kp"); s0=$(cpu "$sp")
sleep "$SECS"
k1=$(cpu "$kp"); s1=$(cpu "$sp")

awk -v k=$((k1 - k0)) -v s=$((s1 - s0)) -v n="$SECS" 'BEGIN {
	printf "CPU per refresh over %d s at -d 1 (live /proc/slabinfo, %s caches):\n", n, "'"$(($(wc -l < /proc/slabinfo) - 2))"'"
	printf "  kmemtop  %8.3f ms\n", k / n / 1e6
	printf "  slabtop  %8.3f ms\n", s / n / 1e6
	printf "  ratio kmemtop/slabtop = %.2f (target: below 1)\n", k / s
}'
