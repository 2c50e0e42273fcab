#!/bin/sh
# bench/bench_areas_json.sh KMEMTOP [LINES] - two batch snapshots of a
# generated vmallocinfo of LINES areas (default 1,000,000), ungrouped, as
# JSON Lines (what a recording of the register map costs): wall time and
# peak RSS, with `wc -c` of the output for scale.
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
