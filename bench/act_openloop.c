/*
 * bench/act_openloop.c - act_openloop N FILE: open FILE read-only and
 * close it, N times (each open allocates one struct file from the filp
 * cache), then print "N opens: WALL s wall, USER s user, SYS s sys, pid
 * PID": the
 * loop's own time (a monotonic clock around it, and getrusage), so a
 * benchmark can time the loop apart from whatever started it. The
 * issue 23 benchmarks (bench_activity.sh) run it as the fixed workload;
 * its process name, act_openloop, lets a tracer count its events apart.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double secs(const struct timeval *t)
{
	return (double)t->tv_sec + (double)t->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage r0, r1;
	long n, i;
	char *end;

	if (argc != 3 || (n = strtol(argv[1], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: act_openloop N FILE\n");
		return 2;
	}
	getrusage(RUSAGE_SELF, &r0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		int fd = open(argv[2], O_RDONLY);

		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	getrusage(RUSAGE_SELF, &r1);
	printf("%ld opens: %.6f s wall, %.6f s user, %.6f s sys, pid %ld\n", n,
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
	       secs(&r1.ru_utime) - secs(&r0.ru_utime),
	       secs(&r1.ru_stime) - secs(&r0.ru_stime), (long)getpid());
	return 0;
}
