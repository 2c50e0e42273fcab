# bench/bench_lib.sh - helpers of the bench scripts; sourced, not run.

# us COMMAND...: the microseconds it takes, its output thrown away
us() {
	s=$(date +%s%N)
	"$@" > /dev/null 2>&1
	e=$(date +%s%N)
	echo $(((e - s) / 1000))
}

# median: of the numbers on standard input, one a line
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
