#!/bin/sh
# bench/bench_vmalloc.sh KMEMTOP [LINES] - kmemtop's vmalloc view on a
# generated vmallocinfo of LINES lines (default 1,000,000), timed in one
# run against `wc -l` and an awk script doing the same aggregation. Each
# command runs REPS times (default 11), interleaved; medians of wall and
# CPU (user + system) time are compared. Then the same on a copy in which
# no line repeats another after its range (each N0= count differs): the
# parser does not parse a line again that equals a recent one, and the
# second figure says what that is worth.
set -u
KMEMTOP=${1:?usage: bench_vmalloc.sh KMEMTOP [LINES]}
LINES=${2:-1000000}
REPS=${REPS:-11}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# bench/runtime (make bench builds it): wall and CPU microseconds, peak
RUNTIME=${RUNTIME:-$(dirname "$KMEMTOP")/../bench/runtime}
if [ ! -x "$RUNTIME" ]; then
	echo "bench_vmalloc.sh: $RUNTIME is missing (make bench builds it)" >&2
	exit 77
fi

# run OUT COMMAND...: append "wall cpu peak" (us, us, KiB) of one run
run() {
	out=$1
	shift
	"$RUNTIME" "$out" "$@"
}
# median FIELD FILE
median() { cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# bench ROOT LABEL: kmemtop, wc -l and awk on ROOT/proc/vmallocinfo
bench() {
	root=$1
	f="$root/proc/vmallocinfo"
	cat "$f" > /dev/null # warm the page cache
	: > "$TMP/k"; : > "$TMP/w"; : > "$TMP/a"
	i=0
	while [ $i -lt "$REPS" ]; do
		run "$TMP/k" "$KMEMTOP" --once --view vmalloc --root "$root"
		run "$TMP/w" wc -l "$f"
		[ -n "$3" ] && run "$TMP/a" awk -f "$HERE/agg_vmallocinfo.awk" "$f"
		i=$((i + 1))
	done
	kw=$(median 1 "$TMP/k"); kc=$(median 2 "$TMP/k"); kp=$(median 3 "$TMP/k")
	ww=$(median 1 "$TMP/w"); wc=$(median 2 "$TMP/w")
	aw=$( [ -s "$TMP/a" ] && median 1 "$TMP/a" || echo 0)
	awk -v l="$2" -v kw="$kw" -v kc="$kc" -v kp="$kp" -v ww="$ww" -v wc="$wc" -v aw="$aw" 'BEGIN {
		printf "%s\n", l
		printf "  kmemtop --once --view vmalloc  wall %6.1f ms  cpu %6.1f ms  peak RSS %d KiB\n", kw / 1000, kc / 1000, kp
		printf "  wc -l                          wall %6.1f ms  cpu %6.1f ms\n", ww / 1000, wc / 1000
		if (aw) printf "  awk, same aggregation          wall %6.1f ms\n", aw / 1000
		printf "  ratio kmemtop / wc -l: wall %.2f (target: at most 3), cpu %.2f\n", (ww ? kw / ww : 0), (wc ? kc / wc : 0)
		if (aw) printf "  ratio kmemtop / awk:   wall %.2f\n", kw / aw
	}'
}

mkdir -p "$TMP/gen/proc" "$TMP/uniq/proc"
awk -v n="$LINES" -f "$HERE/gen_vmallocinfo.awk" > "$TMP/gen/proc/vmallocinfo"
awk '/N[01]=4$/ { sub(/=4$/, "=" (NR % 1000)) } { print }' \
	"$TMP/gen/proc/vmallocinfo" > "$TMP/uniq/proc/vmallocinfo"
size=$(du -m "$TMP/gen/proc/vmallocinfo" | cut -f1)
echo "vmallocinfo: $LINES lines, $size MiB; median of $REPS runs; $(getconf _NPROCESSORS_ONLN) CPUs"
bench "$TMP/gen" "as generated (lines repeat after their range, as on a host)" awk
bench "$TMP/uniq" "no line repeats another after its range" ""
