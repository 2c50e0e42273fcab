#!/bin/sh
# bench/bench_areas_json.sh KMEMTOP [LINES] - two batch snapshots of a
# generated vmallocinfo of LINES areas (default 1,000,000), ungrouped, as
# JSON Lines (what a recording of the register map costs): wall time and
# peak RSS, with `wc -c` of the output for scale; then the peak when the
# file changes between the snapshots.
set -u
KMEMTOP=${1:?usage: bench_areas_json.sh KMEMTOP [LINES]}
LINES=${2:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/time ] || { echo "areas JSON: skipped (install the time package for /usr/bin/time)"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/proc"
awk -v n="$LINES" -f "$HERE/gen_vmallocinfo.awk" > "$TMP/proc/vmallocinfo"
/usr/bin/time -f "%e %M" -o "$TMP/t" "$KMEMTOP" -b -n 2 -d 0.1 --json --view vmalloc \
	--group-by none --root "$TMP" --output "$TMP/out.jsonl" > /dev/null 2>&1
read -r secs kib < "$TMP/t"
printf 'areas JSON: -b -n 2 --json --group-by none on %d areas: %.2f s, peak RSS %d MiB (target: under 300 MiB), %d MiB written\n' \
	"$LINES" "$secs" $((kib / 1024)) $(($(wc -c < "$TMP/out.jsonl") / 1048576))

# The same with an area added at the top between the two snapshots:
# every later area moves, so the row set shares no block of the first
# reading and pairs the second through its index (kmemtop is stopped
# while the file is replaced; -d 3 leaves time to stop it).
rm -f "$TMP/out.jsonl"
/usr/bin/time -f "%e %M" -o "$TMP/t" "$KMEMTOP" -b -n 2 -d 3 --json --view vmalloc \
	--group-by none --root "$TMP" --output "$TMP/out.jsonl" > /dev/null 2>&1 &
tpid=$!
i=0
while [ ! -s "$TMP/out.jsonl" ] && [ $i -lt 1200 ]; do
	sleep 0.05
	i=$((i + 1))
done
kpid=$(pgrep -P $tpid)
kill -STOP "$kpid"
{ echo "0xffffc9ff00000000-0xffffc9ff00003000    12288 bench_first+0x1/0x2 pages=2 vmalloc"
	cat "$TMP/proc/vmallocinfo"; } > "$TMP/proc/new" && mv "$TMP/proc/new" "$TMP/proc/vmallocinfo"
kill -CONT "$kpid"
wait $tpid
read -r secs kib < "$TMP/t"
printf 'areas JSON, an area added first between the snapshots: peak RSS %d MiB (target: under 300 MiB)\n' \
	$((kib / 1024))
