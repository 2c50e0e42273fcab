#!/bin/sh
# tests/version.sh - the version comes from one place: configure.ac's
# AC_INIT; debian/changelog's latest entry, NEWS's latest entry and the
# first line of kmemtop --version say the same (a release bumps AC_INIT
# and adds the changelog and NEWS entries together).
. "$top_srcdir/tests/lib.sh"

ac=$(sed -n 's/^AC_INIT(\[kmemtop\], *\[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
[ -n "$ac" ] || { fail "no version in configure.ac's AC_INIT"; finish; }

[ -f "$top_srcdir/debian/changelog" ] ||
	{ fail "no debian/changelog (EXTRA_DIST ships it)"; finish; }
deb=$(sed -n '1s/^kmemtop (\([^)]*\)) .*/\1/p' "$top_srcdir/debian/changelog")
# a native package: the Debian version is the version itself
[ "$deb" = "$ac" ] && pass "debian/changelog: $deb" ||
	fail "debian/changelog's version '$deb', configure.ac's '$ac'"

news=$(sed -n 's/^\* \([0-9][^ ]*\) .*/\1/p' "$top_srcdir/NEWS" | head -1)
[ "$news" = "$ac" ] && pass "NEWS: $news" ||
	fail "NEWS's latest version '$news', configure.ac's '$ac'"

"$KMEMTOP" --version > "$T_TMP/out" 2>&1 || fail "--version: exit $?"
[ "$(head -1 "$T_TMP/out")" = "kmemtop $ac" ] && pass "--version: kmemtop $ac" ||
	fail "--version's first line: $(head -1 "$T_TMP/out")"
finish
