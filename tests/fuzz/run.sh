#!/bin/sh
# tests/fuzz/run.sh TARGET SECONDS BUILDDIR SRCDIR - run one libFuzzer
# target (make fuzz-run). The working corpus starts from the seeds in
# tests/data and grows in a scratch directory; inputs that crash are
# saved to tests/fuzz/corpus/TARGET, where make check replays them.
set -u
t=$1 secs=$2 build=$3 src=$4
bin="$build/tests/fuzz/fuzz_$t"
work="${TMPDIR:-/tmp}/kmemtop-fuzz-$t"
mkdir -p "$work"
case $t in
slabinfo) seeds="$src/tests/data/slabinfo-*.txt" dict=slabinfo ;;
vmallocinfo) seeds="$src/tests/data/vmallocinfo-*.txt" dict=vmallocinfo ;;
meminfo) seeds="$src/tests/data/meminfo-*.txt" dict=meminfo ;;
model) seeds="$src/tests/data/slabinfo-*.txt $src/tests/data/vmallocinfo-*.txt" dict=slabinfo ;;
iomem) seeds="$src/tests/data/iomem-*.txt" dict=iomem ;;
cgroupfs) seeds="$src/tests/data/cgroup2-*/sys/fs/cgroup/*/memory.* $src/tests/data/cgroup1/sys/fs/cgroup/memory/memory.oom_control" dict=cgroupfs ;;
mountinfo) seeds="$src/tests/data/mountinfo-*.txt" dict=mountinfo ;;
sockstat) seeds="$src/tests/data/sockstat-*.txt $src/tests/data/cgroup2-6.6/proc/net/sockstat" dict=sockstat ;;
allocinfo) seeds="$src/tests/data/allocinfo-*.txt" dict=allocinfo ;;
pagetypeinfo) seeds="$src/tests/data/pagetypeinfo-*.txt" dict=pagetypeinfo ;;
kallsyms) seeds="$src/tests/data/kallsyms-*.txt" dict=kallsyms ;;
recording) seeds="$src/tests/data/recording-*" dict=recording ;;
slabsys) seeds="$src/tests/data/slab-*_traces-*.txt" dict=slabsys ;;
tracefmt) seeds="$src/tests/data/tracefmt-*.txt" dict=tracefmt ;;
*) echo "unknown target $t"; exit 2 ;;
esac
# shellcheck disable=SC2086
cp $seeds "$work/" 2>/dev/null
echo "== fuzz_$t for ${secs}s (corpus: $work)"
# fontconfig's caches (cairo draws fuzz_recording's plot) are no leak:
# the suppressions make check uses
LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	-dict="$src/tests/fuzz/$dict.dict" -artifact_prefix="$src/tests/fuzz/corpus/$t/" \
	-print_final_stats=1 "$work" > "$work.log" 2>&1
rc=$?
tail -25 "$work.log"
[ $rc -eq 0 ] || echo "== fuzz_$t FAILED (exit $rc): the input is in tests/fuzz/corpus/$t/"
exit $rc
