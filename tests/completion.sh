#!/bin/sh
# tests/completion.sh - bash completion, in a real bash with
# bash-completion: --vi completes to --view, --view offers the views,
# -s after --view vmalloc offers the vmalloc view's keys (from the
# program's --list-columns, so it follows the column tables).
. "$top_srcdir/tests/lib.sh"
BC=/usr/share/bash-completion/bash_completion
[ -r "$BC" ] || skip "bash-completion is not installed (./bootstrap installs it)"
command -v bash >/dev/null 2>&1 || skip "no bash"
complete_words() {
	bash -c '. "$1"; . "$2"; shift 2
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_kmemtop; printf "%s\n" "${COMPREPLY[@]}"' _ "$BC" "$top_srcdir/contrib/completion/kmemtop.bash" "$@"
}
[ "$(complete_words "$KMEMTOP" --vi)" = --view ] && pass "--vi<Tab>: --view" || fail "--vi: $(complete_words "$KMEMTOP" --vi)"
[ "$(complete_words "$KMEMTOP" --view '' | tr '\n' ' ')" = "activity cgroup memory oom slab vmalloc " ] &&
	pass "--view <Tab>: activity cgroup memory oom slab vmalloc" || fail "--view: $(complete_words "$KMEMTOP" --view '')"
got=$(complete_words "$KMEMTOP" --view vmalloc -s '' | tr '\n' ' ')
echo "$got" | grep -q ' ram ' && echo "$got" | grep -q ' caller ' && ! echo "$got" | grep -q ' objs ' &&
	pass "--view vmalloc -s <Tab>: the vmalloc view's keys (ram, caller, ...)" || fail "-s: $got"
got=$(complete_words "$KMEMTOP" -s '' | tr '\n' ' ')
echo "$got" | grep -q ' objs ' && echo "$got" | grep -q ' W ' &&
	pass "-s <Tab>: the slab view's keys and letters" || fail "-s slab: $got"
finish
