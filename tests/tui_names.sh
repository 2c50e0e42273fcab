#!/bin/sh
# tests/tui_names.sh - the name is the answer (issue 21): at 80x24,
# 100x30 and 200x50, in each view (slab with and without w, vmalloc,
# OOM, cgroup), the name column (NAME, CALLER, COMMAND, CGROUP) is on
# screen and no two rows show the same name: names are never cut to a
# start that rows share ("kmallo"). The slab view is this machine's
# capture with /sys/kernel/slab (kmalloc-rcl-96 and kmalloc-96, ...);
# the OOM view, this test's own children: two scripts run by an
# interpreter from a long directory, shown as "siPID SCRIPT", never
# as that directory. At 80x24 . scrolls the columns left out in (the
# deltas), and , back. On cgroup v1 (tests/data/cgroup1) the columns that
# v1 keeps for no cgroup are hidden.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/tmux.sh"

R="$T_TMP/root"
mkdir -p "$R"
tar -C "$R" -xzf "$TESTDATA/slab-sysfs-6.18-x86_64-kmemtop-ci.tar.gz"
cp "$TESTDATA/vmallocinfo-4.18-x86_64-hyperv-rhcos-sosreport.txt" "$R/proc/vmallocinfo"
cp "$TESTDATA/meminfo-6.18-x86_64-kmemtop-ci-live.txt" "$R/proc/meminfo"
cp -r "$TESTDATA/cgroup2-6.6/sys" "$R/"

# two scripts of one interpreter in a long directory (a pyenv's python)
B="$T_TMP/versions/3.11.7-with-a-directory-longer-than-any-column/bin"
mkdir -p "$B"
# (named by this test's PID: another run of this test beside it, as in
# make -j2 check of two trees, must not match the filter)
I=si$$
cp "$(command -v sh)" "$B/$I" || fail "copy sh"
for s in leak-one leak-two; do
	printf 'while :; do sleep 1; done\n' > "$T_TMP/$s.sh"
	"$B/$I" "$T_TMP/$s.sh" &
done
trap 'tm_stop; pkill -P $$ 2>/dev/null; rm -rf "$T_TMP"' EXIT

# names TITLE: the names the rows show under the header's TITLE, one a
# line (the text from where the title starts, marks such as " (new)"
# and trailing blanks removed); nothing when no header shows TITLE
names() {
	awk -v title="$1" '
		!p && /^\[[0-9]+:/ { status = 1; next }
		status && !p {
			p = index($0, " " title " ")
			if (!p && substr($0, length($0) - length(title)) == " " title)
				p = length($0) - length(title)
			if (!p) exit
			p++
			next
		}
		p {
			n = substr($0, p)
			sub(/ \((new|[A-Z_]+ rose)\)$/, "", n)
			sub(/ +$/, "", n)
			if (n != "") print n
		}' "$TMUX_SCREEN"
}

# check WHAT TITLE [ROWS]: poll until the screen shows TITLE's column
# with at least two rows (exactly ROWS), none of them the same name as
# another
check() {
	_i=0
	while [ $_i -lt 100 ]; do
		tm_capture
		names "$2" > "$T_TMP/names"
		_n=$(wc -l < "$T_TMP/names")
		_dup=$(sort "$T_TMP/names" | uniq -d | head -3 | tr '\n' '|')
		if [ "$_n" -ge 2 ] && [ -z "$_dup" ] && [ "$_n" = "${3:-$_n}" ]; then
			pass "$1: $2 on screen, $_n rows, no name twice ($(head -2 "$T_TMP/names" | tr '\n' '|'))"
			return 0
		fi
		_i=$((_i + 1))
		sleep 0.05
	done
	if [ "$_n" -lt 2 ] || [ "$_n" != "${3:-$_n}" ]; then
		fail "$1: no $2 column with ${3:-2 or more} rows ($_n)"
	else
		fail "$1: names shown twice: $_dup"
	fi
	cat "$TMUX_SCREEN"
	return 1
}

for size in 80x24 100x30 200x50; do
	tm_start "${size%x*}" "${size#*x}" "'$KMEMTOP' --root '$R' --page-size 4096 -d 600"
	tm_wait '^\[1:slab\]' || fail "$size: no slab view"
	check "$size slab" NAME
	if [ "$size" = 80x24 ]; then
		# . scrolls OBJS and ACTIVE off for the deltas, NAME stays;
		# , brings them back
		tm_wait 'Columns: [0-9]+ off screen' || fail "80x24: no word of the columns left out"
		tm_keys . .
		tm_wait ' dACTIVE ' && ! grep -q 'OBJS ACTIVE' "$TMUX_SCREEN" &&
			check "80x24 slab, . ." NAME ||
			fail "80x24: . did not scroll to dACTIVE"
		tm_keys , ,
		tm_wait 'OBJS ACTIVE' && ! grep -q ' dACTIVE ' "$TMUX_SCREEN" &&
			pass "80x24: , scrolls back" || fail "80x24: , did not scroll back"
	fi
	tm_keys w
	tm_wait 'waste columns: WASTE' || fail "$size: w"
	check "$size slab, w" NAME
	tm_keys w
	tm_wait 'waste columns hidden' || fail "$size: w again"
	tm_keys 2
	tm_wait '^\[2:vmalloc\]' || fail "$size: no vmalloc view"
	check "$size vmalloc" CALLER
	tm_keys 4
	tm_wait '^\[4:cgroup\]' || fail "$size: no cgroup view"
	check "$size cgroup" CGROUP
	tm_keys q
	tm_wait 'EXIT=0' || fail "$size: q"

	# the OOM view: the live system's processes, filtered to the two
	tm_start "${size%x*}" "${size#*x}" "'$KMEMTOP' -d 600"
	tm_wait '^\[1:slab\]' || fail "$size: no slab view (live)"
	tm_keys 3
	tm_wait '^\[3:oom\]' || fail "$size: no OOM view"
	tm_keys / C-u
	tm_keys -l "$I"
	tm_keys Enter
	check "$size oom" COMMAND 2
	grep -q '3.11.7-with' "$TMUX_SCREEN" &&
		fail "$size oom: the interpreter's directory shown" ||
		pass "$size oom: the interpreter without its directory"
	grep -Eq "$I .*leak-one\\.sh" "$TMUX_SCREEN" &&
		pass "$size oom: the script is named" ||
		fail "$size oom: no script named"
	tm_keys q
	tm_wait 'EXIT=0' || fail "$size: q (live)"
done

# cgroup v1: SLAB_U and the others v1 has for no cgroup are not shown
tm_start 80 24 "'$KMEMTOP' --root '$TESTDATA/cgroup1' --page-size 4096 -d 600"
tm_wait '^\[1:slab\]' || fail "cgroup v1: no slab view"
tm_keys 4
tm_wait '^\[4:cgroup\]' || fail "cgroup v1: no cgroup view"
check "80x24 cgroup v1" CGROUP
if grep -E '^ +KERNEL ' "$TMUX_SCREEN" | grep -Eq 'SLAB_U|SLAB_R|STACK|PGTBL|PERCPU|VMALLOC|PSI'; then
	fail "cgroup v1: empty columns shown"
else
	pass "cgroup v1: the empty columns hidden"
fi
tm_keys q
finish
