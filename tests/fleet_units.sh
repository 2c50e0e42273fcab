#!/bin/sh
# tests/fleet_units.sh - make install DESTDIR=STAGE puts the program, the
# man page, the units, the tmpfiles and sysusers entries, the completions,
# the rules and the dashboard under STAGE (nothing outside it); the
# installed units pass systemd-analyze verify, and systemd-analyze
# security --offline=true scores each at 2.0 or lower.
. "$top_srcdir/tests/lib.sh"
command -v systemd-analyze >/dev/null 2>&1 ||
	skip "systemd-analyze is not installed (Debian package systemd; ./bootstrap installs it)"

S="$T_TMP/stage"
${MAKE:-make} -s -C "$top_builddir" install DESTDIR="$S" > "$T_TMP/install.log" 2>&1 ||
	{ fail "make install DESTDIR: $(tail -5 "$T_TMP/install.log")"; finish; }
for f in bin/kmemtop share/man/man1/kmemtop.1 share/kmemtop/kmemtop.rules.yml \
	share/kmemtop/kmemtop.json share/zsh/vendor-completions/_kmemtop; do
	find "$S" -path "*/$f" | grep -q . || fail "not installed: $f"
done
units=$(find "$S" -name 'kmemtop-*.service')
[ "$(echo "$units" | wc -l)" -eq 2 ] || fail "units installed: $units"
find "$S" -path '*tmpfiles.d/kmemtop.conf' | grep -q . || fail "no tmpfiles.d entry"
find "$S" -path '*sysusers.d/kmemtop.conf' | grep -q . || fail "no sysusers.d entry"
find "$S" -path '*completions/kmemtop' | grep -q . || fail "no bash completion"
[ "$T_FAILS" -eq 0 ] && pass "make install DESTDIR: program, man page, units, tmpfiles, sysusers, completions, rules, dashboard"

bin=$(find "$S" -path '*/bin/kmemtop')
for u in $units; do
	name=$(basename "$u")
	# the unit as installed, naming the staged program
	sed "s|ExecStart=[^ ]*/kmemtop|ExecStart=$bin|" "$u" > "$T_TMP/$name"
	if systemd-analyze verify --man=no "$T_TMP/$name" > "$T_TMP/verify" 2>&1; then
		pass "$name: systemd-analyze verify"
	else
		fail "$name: systemd-analyze verify: $(cat "$T_TMP/verify")"
	fi
	score=$(systemd-analyze security --offline=true "$T_TMP/$name" 2>&1 |
		sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
	[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' &&
		pass "$name: systemd-analyze security $score (at most 2.0)" ||
		fail "$name: security score '$score'"
done
grep -q '^ExecStart=.*--output /var/log/kmemtop/%%Y-%%m-%%d.jsonl.zst$' "$T_TMP/kmemtop-record.service" &&
	grep -q '^d /var/log/kmemtop 0750 kmemtop kmemtop 14d$' "$(find "$S" -path '*tmpfiles.d/kmemtop.conf')" &&
	pass "the recorder: a file a day, removed after 14 days by tmpfiles" || fail "record unit / tmpfiles"
finish
