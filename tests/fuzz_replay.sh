#!/bin/sh
# tests/fuzz_replay.sh - every fuzz target's function over its seeds
# (tests/data) and the inputs saved in tests/fuzz/corpus, built with the
# normal compiler (under ASan/UBSan in the sanitizer build).
. "$top_srcdir/tests/lib.sh"
B="$top_builddir/tests/fuzz"
C="$top_srcdir/tests/fuzz/corpus"
D="$TESTDATA"
run() { # TARGET INPUTS...
	t=$1
	shift
	if out=$("$B/replay_$t" "$@" 2>&1); then
		pass "replay_$t: $(echo "$out" | tail -1)"
	else
		fail "replay_$t: $(echo "$out" | tail -5)"
	fi
}
run slabinfo "$D"/slabinfo-*.txt "$C/slabinfo"
run vmallocinfo "$D"/vmallocinfo-*.txt "$C/vmallocinfo"
run meminfo "$D"/meminfo-*.txt "$C/meminfo"
run model "$D"/slabinfo-*.txt "$D"/vmallocinfo-*.txt "$C/model"
run iomem "$D"/iomem-*.txt "$C/iomem"
run slabsys "$D"/slab-*_traces-*.txt "$C/slabsys"
run recording "$D"/recording-* "$C/recording"
run cgroupfs "$D"/cgroup2-6.6/sys/fs/cgroup/*/memory.* "$C/cgroupfs"
run mountinfo "$D"/mountinfo-*.txt "$C/mountinfo"
run sockstat "$D"/sockstat-*.txt "$D"/*/proc/net/sockstat "$C/sockstat"
run allocinfo "$D"/allocinfo-*.txt "$C/allocinfo"
run pagetypeinfo "$D"/pagetypeinfo-*.txt "$C/pagetypeinfo"
run kallsyms "$D"/kallsyms-*.txt "$C/kallsyms"
run tracefmt "$D"/tracefmt-*.txt "$C/tracefmt"
finish
