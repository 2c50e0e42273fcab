#!/bin/sh
# tests/root_swap.sh - --root is resolved once, at start. A --root that
# is a symbolic link to / reads the live system, by the literal /, for
# the whole run: swapping the link for a tree whose proc/ files link to
# /dev/zero redirects nothing (the old code re-read the user's path and
# read /dev/zero until out of memory). A captured tree swapped for
# another after start is not read either: the tree opened at start is.
# Each run is bounded: 1 GiB of address space (not under
# AddressSanitizer), a deadline, and its resident size watched.
. "$top_srcdir/tests/lib.sh"

# the live slab view needs the root-only /proc/slabinfo; the OOM view
# (processes and meminfo) needs nobody
view=slab
[ -r /proc/slabinfo ] && head -c1 /proc/slabinfo >/dev/null 2>&1 || view=oom

limit=1048576
grep -q '^SAN_CFLAGS = -fsanitize' "$top_builddir/Makefile" 2>/dev/null && limit=unlimited
# what a run may hold resident before it counts as reading without end
RSS_MAX_KB=262144
SNAPS=12

# a tree whose every file kmemtop reads is a link to /dev/zero
Z="$T_TMP/zero"
mkdir -p "$Z/proc"
for f in slabinfo meminfo vmallocinfo iomem; do
	ln -s /dev/zero "$Z/proc/$f"
done

# swap_run WHAT VIEW TO: kmemtop -b -d 0.2 -n $SNAPS --json --view VIEW
# --root $T_TMP/link; once its first snapshot is written, $T_TMP/link is
# replaced (rename, as an attacker would) by a link to TO. Sets rc (the
# exit status; 124 when it ran past the deadline, 125 when its resident
# size passed RSS_MAX_KB) and leaves the output in $T_TMP/out.
swap_run() {
	rm -f "$T_TMP/out" "$T_TMP/err"
	(ulimit -v $limit 2>/dev/null
	 exec "$KMEMTOP" --root "$T_TMP/link" -b -d 0.2 -n $SNAPS --json \
		--view "$2" --output "$T_TMP/out" 2> "$T_TMP/err") &
	pid=$!
	swapped=no
	rc=
	tries=0
	# 60 s at most (a run takes about 2.4 s)
	while [ $tries -lt 1200 ]; do
		if ! kill -0 $pid 2>/dev/null; then
			wait $pid
			rc=$?
			break
		fi
		if [ $swapped = no ] && [ -s "$T_TMP/out" ]; then
			ln -s "$3" "$T_TMP/link.new" &&
				mv -T "$T_TMP/link.new" "$T_TMP/link"
			swapped=yes
		fi
		rss=$(awk '/^VmRSS:/ { print $2 }' /proc/$pid/status 2>/dev/null)
		if [ -n "$rss" ] && [ "$rss" -gt $RSS_MAX_KB ]; then
			kill -9 $pid 2>/dev/null
			wait $pid
			rc=125
			echo "note: $1: $rss kB resident"
			break
		fi
		tries=$((tries + 1))
		sleep 0.05
	done
	if [ -z "$rc" ]; then
		kill -9 $pid 2>/dev/null
		wait $pid
		rc=124
	fi
	[ $swapped = yes ] || fail "$1: the first snapshot never came (exit $rc)"
}

# 1. a link to / is the live system, read as / for the whole run
ln -s / "$T_TMP/link"
swap_run "link to / swapped for a /dev/zero tree" $view "$Z"
n=$(grep -c "\"view\":\"$view\"" "$T_TMP/out" 2>/dev/null)
if [ $rc -eq 0 ] && [ "$n" -eq $SNAPS ]; then
	pass "link to / swapped for a /dev/zero tree: $n snapshots of the live system, exit 0"
else
	fail "link to / swapped for a /dev/zero tree: exit $rc (124: ran on, 125: grew past $RSS_MAX_KB kB), $n snapshots; $(head -c 300 "$T_TMP/err")"
fi

# 2. a captured tree swapped for another: the first is read to the end
A="$T_TMP/a" B="$T_TMP/b"
make_root "$A" slabinfo="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
	meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
make_root "$B" slabinfo="$TESTDATA/slabinfo-seed.txt" \
	meminfo="$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt"
# a cache only A has, and one only B has
only_a=$(awk 'NR > 2 { print $1 }' "$A/proc/slabinfo" | sort > "$T_TMP/na"
	awk 'NR > 2 { print $1 }' "$B/proc/slabinfo" | sort > "$T_TMP/nb"
	comm -23 "$T_TMP/na" "$T_TMP/nb" | head -1)
only_b=$(comm -13 "$T_TMP/na" "$T_TMP/nb" | head -1)
[ -n "$only_a" ] && [ -n "$only_b" ] || fail "fixtures: no cache only one tree has"
rm -f "$T_TMP/link"
ln -s "$A" "$T_TMP/link"
swap_run "captured tree swapped for another" slab "$B"
na=$(grep -c "\"name\":\"$only_a\"" "$T_TMP/out" 2>/dev/null)
nb=$(grep -c "\"name\":\"$only_b\"" "$T_TMP/out" 2>/dev/null)
if [ $rc -eq 0 ] && [ "$na" -eq $SNAPS ] && [ "$nb" -eq 0 ]; then
	pass "captured tree swapped for another: $SNAPS snapshots of the first"
else
	fail "captured tree swapped for another: exit $rc, $na snapshots with $only_a, $nb with $only_b; $(head -c 300 "$T_TMP/err")"
fi

# 3. the same captured tree swapped for the /dev/zero one
rm -f "$T_TMP/link"
ln -s "$A" "$T_TMP/link"
swap_run "captured tree swapped for a /dev/zero tree" slab "$Z"
na=$(grep -c "\"name\":\"$only_a\"" "$T_TMP/out" 2>/dev/null)
if [ $rc -eq 0 ] && [ "$na" -eq $SNAPS ]; then
	pass "captured tree swapped for a /dev/zero tree: $SNAPS snapshots of the first"
else
	fail "captured tree swapped for a /dev/zero tree: exit $rc, $na snapshots; $(head -c 300 "$T_TMP/err")"
fi
finish
