#!/bin/sh
# bench/bench_keys.sh KMEMTOP [LINES] [BURSTS] - how long a burst of 10
# Down presses takes to show, in the ungrouped vmalloc view of a
# generated vmallocinfo of LINES areas (default 1,000,000), at a delay of
# DELAY seconds (default 1: shorter than a read of a million areas).
#
# kmemtop runs in tmux at 140x40. Each burst is sent at a random moment
# of the refresh cycle (so some land while the files are being read: the
# wait for that read is counted), and the time is taken
# from the send to the screen showing the selection 10 rows further down
# (polled every 10 ms with capture-pane). Prints each burst's time and
# the median and worst. Needs tmux and python3 (for the clock).
set -u
KMEMTOP=${1:?usage: bench_keys.sh KMEMTOP [LINES] [BURSTS]}
LINES=${2:-1000000}
BURSTS=${3:-10}
DELAY=${DELAY:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
SOCK="$TMP/tmux"
unset TMUX
t() { tmux -S "$SOCK" "$@"; }
trap 't kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT

mkdir -p "$TMP/proc"
awk -v n="$LINES" -f "$HERE/gen_vmallocinfo.awk" > "$TMP/proc/vmallocinfo"
now() { date +%s%N; }
# the table row (0-based from the header) that is highlighted: its
# line's leading SGR sequences turn reverse video on, or (the first row)
# keep the header's reverse video on by not resetting it
sel_row() {
	t capture-pane -p -e | awk '/START +END/ { h = NR; next }
		h {
			lead = $0; sub(/[^\033\[0-9;m].*$/, "", lead)
			if (lead ~ /7m/ || (NR == h + 1 && lead !~ /\[0m|\[0;/)) {
				print NR - h - 1; exit
			}
		}'
}

t -f /dev/null new-session -d -x 140 -y 40 \
	"env TERM=screen-256color '$KMEMTOP' --root '$TMP' --view vmalloc --group-by none -d $DELAY"
i=0
until t capture-pane -p | grep -Eq 'START +END'; do
	sleep 0.1; i=$((i + 1))
	[ $i -gt 600 ] && { echo "bench_keys: no table after 60 s"; exit 1; }
done
: > "$TMP/times"
b=0
while [ $b -lt "$BURSTS" ]; do
	t send-keys Home
	until [ "$(sel_row)" = 0 ]; do sleep 0.01; done
	# a random moment of the refresh cycle, reads included
	sleep "$(od -An -N2 -tu2 /dev/urandom | awk -v d="$DELAY" '{ printf "%.2f", $1 % 100 / 100 * (d + 1) }')"
	s=$(now)
	t send-keys Down Down Down Down Down Down Down Down Down Down
	i=0
	until [ "$(sel_row)" = 10 ]; do
		sleep 0.01; i=$((i + 1))
		[ $i -gt 6000 ] && { echo "bench_keys: the burst did not show in 60 s"; break; }
	done
	e=$(now)
	echo $(((e - s) / 1000000)) >> "$TMP/times"
	b=$((b + 1))
done
echo "10 Down presses, ungrouped vmalloc view, $LINES areas, -d $DELAY ($BURSTS bursts):"
echo "  each (ms): $(tr '\n' ' ' < "$TMP/times")"
sort -n "$TMP/times" | awk '{ v[NR] = $1 } END {
	printf "  median %d ms, worst %d ms (goal: within 500 ms)\n", v[int((NR + 1) / 2)], v[NR] }'
