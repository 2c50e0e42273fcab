#!/bin/sh
# tests/bootstrap_apt.sh - ./bootstrap waits for the dpkg lock and says
# what failed. In a private mount namespace a package it installs looks
# missing (a tmpfs over /usr/share/bash-completion), and a stand-in
# apt-get first in PATH records its arguments: "update" succeeds,
# "install" fails with apt's 100 and "Could not get lock". bootstrap must
# pass DPkg::Lock::Timeout to both calls and end with exit 100 and a line
# naming the apt-get command and its status (it exited 100 silently).
# The real apt-get is never run. .ci/run's apt-get calls are checked to
# go through its apt_get, which does the same.
. "$top_srcdir/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root (bootstrap installs only as root; a mount namespace)"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) is not installed"
unshare -m true 2>/dev/null || skip "cannot make a mount namespace here"
[ -d /usr/share/bash-completion ] || skip "no /usr/share/bash-completion to hide"

mkdir -p "$T_TMP/bin" "$T_TMP/src"
cp "$top_srcdir/bootstrap" "$T_TMP/src/bootstrap"
cat > "$T_TMP/bin/apt-get" <<EOF
#!/bin/sh
echo "\$*" >> "$T_TMP/apt.log"
case " \$* " in
*" install "*)
	echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1 (apt-get)" >&2
	exit 100 ;;
esac
exit 0
EOF
chmod +x "$T_TMP/bin/apt-get"

PATH="$T_TMP/bin:$PATH" unshare -m --propagation private sh -c '
	mount -t tmpfs none /usr/share/bash-completion && exec sh "$1/bootstrap"' \
	sh "$T_TMP/src" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?

[ $rc -eq 100 ] && pass "exit 100, apt-get's" || fail "exit $rc (want 100); $(tail -c 300 "$T_TMP/err")"
n=$(grep -c 'DPkg::Lock::Timeout=600' "$T_TMP/apt.log" 2>/dev/null)
[ "$n" = 2 ] && pass "update and install wait for the lock (DPkg::Lock::Timeout=600)" ||
	fail "apt-get calls with DPkg::Lock::Timeout=600: $n of 2: $(cat "$T_TMP/apt.log" 2>/dev/null)"
grep -q '^bootstrap: apt-get .*install .*bash-completion.* failed (exit 100)$' "$T_TMP/err" &&
	pass "says which apt-get failed, and its status" ||
	fail "no line naming the failed apt-get: $(tail -c 300 "$T_TMP/err")"
grep -q 'Could not get lock' "$T_TMP/err" && pass "apt-get's own error is shown" ||
	fail "apt-get's error is not shown"
[ ! -e "$T_TMP/src/configure" ] && [ ! -e "$T_TMP/src/Makefile" ] &&
	pass "nothing built after the failure" || fail "went on after the failure"

# .ci/run: every apt-get it runs waits for the lock and names a failure
# (through its apt_get); lines that only print or explain are not calls
calls=$(grep -n 'apt-get ' "$top_srcdir/.ci/run" |
	grep -v -e '^[0-9]*:[[:space:]]*#' -e 'echo "' -e 'DPkg::Lock::Timeout=600')
[ -z "$calls" ] && pass ".ci/run: every apt-get call waits for the lock" ||
	fail ".ci/run: apt-get without DPkg::Lock::Timeout: $calls"
finish
