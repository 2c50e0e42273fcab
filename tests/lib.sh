# tests/lib.sh - shared helpers for the shell tests; sourced, not run.
# The environment comes from Makefile.am: KMEMTOP (the binary), TESTDATA
# (tests/data), top_srcdir, top_builddir.
set -u

: "${KMEMTOP:?run this test through make check}"
: "${TESTDATA:?run this test through make check}"

T_NAME=$(basename "$0" .sh)
T_FAILS=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/kmemtop-$T_NAME.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT

# skip REASON: the test cannot run here (exit 77, reason on stdout)
skip() {
	echo "SKIP: $T_NAME: $*"
	exit 77
}

# fail MESSAGE: record a failure and go on
fail() {
	echo "FAIL: $*"
	T_FAILS=$((T_FAILS + 1))
}

pass() {
	echo "ok: $*"
}

# make_root DIR [NAME=FILE ...]: a fixture tree DIR/proc with NAME copied
# from FILE (NAME is e.g. slabinfo or meminfo)
make_root() {
	_d=$1
	shift
	mkdir -p "$_d/proc"
	for _a in "$@"; do
		cp "${_a#*=}" "$_d/proc/${_a%%=*}"
	done
}

# same WANT GOT WHAT: pass when the two files are equal, else fail and
# show the start of the difference (WANT's lines as "<")
same() {
	if cmp -s "$1" "$2"; then
		pass "$3"
	else
		fail "$3: differs"
		diff "$1" "$2" | cut -c1-200 | head -10
	fi
}

# wait_for N FILE PATTERN: until FILE holds N lines matching PATTERN
# (10 s at most); false when it does not
count() {
	c=$(grep -c -- "$2" "$1" 2>/dev/null)
	echo "${c:-0}"
}
wait_for() {
	i=0
	while [ "$(count "$2" "$3")" -lt "$1" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ "$(count "$2" "$3")" -ge "$1" ]
}

# settle PID FILE: after a workload, wait until the batch kmemtop PID
# (--json --view activity) has written two more snapshots to FILE, the
# last of them wholly after the workload, then end it (SIGTERM; it exits
# 0). No fixed count of snapshots (-n) that a slow machine could finish
# before the workload does.
settle() {
	_n=$(count "$2" '"view":"activity"')
	wait_for $((_n + 2)) "$2" '"view":"activity"' || return 1
	kill "$1" && wait "$1"
}

# The eBPF tests' own (BPFTOOL set by the test):
# opens: $N opens and closes of a file, each of which allocates a struct
# file (filp) in alloc_empty_file
opens() {
	i=0
	while [ $i -lt $N ]; do
		exec 3< /dev/null
		exec 3<&-
		i=$((i + 1))
	done
}

# prog_ids PID: the programs process PID holds, "ID NAME" a line: the
# prog_id of each of its bpf-prog descriptors (/proc/PID/fdinfo), named
# by bpftool
prog_ids() {
	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = "anon_inode:bpf-prog" ] || continue
		sed -n 's/^prog_id:[[:space:]]*//p' /proc/"$1"/fdinfo/"${fd##*/}"
	done | sort -un | while read -r id; do
		echo "$id $("$BPFTOOL" prog show id "$id" -j 2>/dev/null | jq -r .name)"
	done
}

# sleep_gone FILE: wait (5 s at most) until none of the programs FILE
# lists ("ID NAME", prog_ids) is loaded; false with those left in $left
sleep_gone() {
	k=0
	while [ $k -lt 100 ]; do
		left=""
		while read -r id name; do
			"$BPFTOOL" prog show id "$id" > /dev/null 2>&1 && left="$left $id($name)"
		done < "$1"
		[ -z "$left" ] && return 0
		sleep 0.05
		k=$((k + 1))
	done
	return 1
}

# loads WHAT ARGS...: run kmemtop ARGS with the dynamic loader's trace
# (LD_DEBUG=libs) in $T_TMP/trace, its output in $T_TMP/out; a run that
# gave no trace fails (WHAT names it)
loads() {
	_what=$1
	shift
	LD_DEBUG=libs "$KMEMTOP" "$@" > "$T_TMP/out" 2> "$T_TMP/trace"
	_rc=$?
	grep -q 'find library=libc.so.6' "$T_TMP/trace" ||
		fail "$_what: LD_DEBUG=libs gave no trace (exit $_rc)"
}

# finish: exit 1 if anything failed
# own_pid_namespace: run this test again in a PID namespace of its own,
# with a /proc that shows it, and end with its result (this shell's
# failures so far count too). For the tests that make a PID be reused by
# writing /proc/sys/kernel/ns_last_pid: in their own namespace the PIDs
# handed out again are only their own. On the machine's PIDs they were
# every process's: the other tests running beside them (make -j2 check)
# got recycled PIDs, which their stale PIDs could name. Kernel threads are
# not seen from there (they live in the first namespace).
own_pid_namespace() {
	[ -n "${KMEMTOP_PIDNS:-}" ] && return 0
	unshare --pid --fork --mount-proc true 2>/dev/null ||
		skip "cannot make a PID namespace (unshare --pid --fork --mount-proc)"
	KMEMTOP_PIDNS=1 unshare --pid --fork --mount-proc sh "$0"
	_rc=$?
	[ $_rc -eq 77 ] && exit 77
	[ $_rc -eq 0 ] || T_FAILS=$((T_FAILS + 1))
	finish
}

finish() {
	if [ "$T_FAILS" -ne 0 ]; then
		echo "$T_NAME: $T_FAILS failure(s)"
		exit 1
	fi
	exit 0
}

# record_growing ROOT OUT N [ADD...]: a recording of N snapshots, a second
# apart, made by one kmemtop -b --json of the tree ROOT (built from the
# rhcos capture) whose dentry cache gains 1000 objects at each snapshot
# (or, at snapshot K+1, the K-th ADD: active and total objects): the
# slabinfo is rewritten as soon as a snapshot is in OUT (a condition
# waited for, not a sleep), with kmemtop stopped meanwhile (SIGSTOP): on
# a busy machine the rewrite may take longer than the second to its next
# read.
record_growing() {
	_r=$1 _out=$2 _n=$3
	shift 3
	_si="$TESTDATA/slabinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
	make_root "$_r" slabinfo="$_si" \
		vmallocinfo="$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" \
		meminfo="$TESTDATA/meminfo-4.18-x86_64-hyperv-rhcos-sosreport.txt"
	_adds=$* _added=0
	grow() { # the slabinfo of snapshot $1 (0 first)
		[ "$1" -eq 0 ] || _added=$((_added + $(echo "$_adds" |
			awk -v k="$1" '{ print ($k == "" ? 1000 : $k) }')))
		awk -v k="$_added" '$1 == "dentry" { $2 += k; $3 += k } { print }' \
			"$_si" > "$_r/proc/slabinfo.new" &&
			mv "$_r/proc/slabinfo.new" "$_r/proc/slabinfo"
	}
	grow 0
	"$KMEMTOP" --root "$_r" -b -n "$_n" -d 1 --json --view slab,vmalloc \
		--output "$_out" &
	_pid=$!
	_k=1
	_tries=0
	while [ $_k -lt "$_n" ] && [ $_tries -lt 400 ]; do
		if [ -f "$_out" ] && [ "$(grep -c '"view":"slab"' "$_out")" -ge $_k ]; then
			kill -STOP $_pid
			grow $_k
			kill -CONT $_pid
			_k=$((_k + 1))
		fi
		_tries=$((_tries + 1))
		sleep 0.025
	done
	wait $_pid
}
