#!/bin/sh
# tests/oom_kmem.sh - FDS, SOCKS and PTE of the OOM view on the live
# system: a child of this test holding 7 files and 5 sockets (and its 3
# standard streams) is listed in -o --json with fds 15, sockets 5 and
# vm_pte its VmPTE in bytes, and in -o text with FDS 15 and SOCKS 5;
# -s fds and -s socks sort by them (largest first). Only the child is
# looked at, found by its PID.
. "$top_srcdir/tests/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq is not installed (./bootstrap installs it)"
command -v python3 >/dev/null 2>&1 || skip "no python3 (the child that holds files and sockets)"

# the child: 7 files, 5 sockets (a socketpair and 3 more), then waits
# with its stdin, stdout and stderr open: 3 + 7 + 5 = 15 fds. It writes
# "ready" once it holds them all.
python3 -c '
import os, socket, sys, time
os.closerange(3, 65536)  # what make or the shell left open
fs = [open(os.devnull) for _ in range(7)]
a, b = socket.socketpair()
ss = [socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) for _ in range(3)]
print("ready", flush=True)
time.sleep(300)
' < /dev/null > "$T_TMP/ready" 2>&1 &
child=$!
trap 'kill $child 2>/dev/null; rm -rf "$T_TMP"' EXIT
i=0; while ! grep -q ready "$T_TMP/ready" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
grep -q ready "$T_TMP/ready" || fail "the child did not start: $(head -c 200 "$T_TMP/ready")"
want_fds=$(ls /proc/$child/fd | wc -l)
[ "$want_fds" -eq 15 ] || fail "the child holds $want_fds fds, not 15"

"$KMEMTOP" --once --view oom --json > "$T_TMP/j" 2> "$T_TMP/err" || fail "exit $?: $(cat "$T_TMP/err")"
pte_kb=$(awk '/^VmPTE:/ { print $2 }' /proc/$child/status)
jq -e --argjson p $child --argjson pte "$pte_kb" \
	'[.rows[] | select(.pid == $p and .fds == 15 and .sockets == 5 and .vm_pte == $pte * 1024)] | length == 1' \
	"$T_TMP/j" > /dev/null &&
	pass "--json: the child's fds 15, sockets 5, vm_pte $pte_kb kB in bytes" ||
	fail "--json row of the child: $(jq -c --argjson p $child '.rows[] | select(.pid == $p) | {fds, sockets, vm_pte}' "$T_TMP/j"), VmPTE $pte_kb kB"

# text: the columns, and the child's values under them
"$KMEMTOP" --once --view oom -s pid > "$T_TMP/t" 2>&1 || fail "text exit $?"
awk -v p=$child '
	/^ *PID / { for (i = 1; i <= NF; i++) col[$i] = i; next }
	col["PID"] && $col["PID"] == p { print $col["FDS"], $col["SOCKS"]; exit }' "$T_TMP/t" > "$T_TMP/cells"
[ "$(cat "$T_TMP/cells")" = "15 5" ] && pass "text: FDS 15, SOCKS 5" ||
	fail "text: FDS SOCKS of the child: '$(cat "$T_TMP/cells")' ($(grep -m1 '^ *PID' "$T_TMP/t"))"

# -s fds and -s socks: largest first (values absent last)
for k in fds:fds socks:sockets; do
	"$KMEMTOP" --once --view oom --json -s "${k%%:*}" > "$T_TMP/s" 2>&1 || fail "-s ${k%%:*}: exit $?"
	jq -e --arg f "${k#*:}" '[.rows[][$f] | select(. != null)] as $v | ($v | length) > 0 and $v == ($v | sort | reverse)' "$T_TMP/s" > /dev/null &&
		pass "-s ${k%%:*}: sorted by ${k#*:}, largest first" || fail "-s ${k%%:*}: not sorted"
done
finish
