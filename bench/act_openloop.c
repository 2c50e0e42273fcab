/*
 * bench/act_openloop.c - act_openloop N FILE [BYTES]: open FILE
 * read-only (reading up to BYTES of it when given) and close it, N times (each open allocates one struct file from the filp
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
	long n, i, bytes = 0;
	char buf[4096], *end;

	if ((argc != 3 && argc != 4) || (n = strtol(argv[1], &end, 10)) <= 0 ||
	    *end) {
		fprintf(stderr, "usage: act_openloop N FILE [BYTES]\n");
		return 2;
	}
	if (argc == 4) {
		bytes = strtol(argv[3], &end, 10);
		if (bytes <= 0 || bytes > (long)sizeof(buf) || *end) {
			fprintf(stderr, "act_openloop: BYTES: 1 to %zu\n", sizeof(buf));
			return 2;
		}
	}
	getrusage(RUSAGE_SELF, &r0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		int fd = open(argv[2], O_RDONLY);

		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		if (bytes && read(fd, buf, (size_t)bytes) < 0) {
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
	/* ACT_HOLD=SECONDS: live on that long (a reader of per-process
	 * counts sees the process before it exits) */
	if (getenv("ACT_HOLD")) {
		fflush(stdout);
		sleep((unsigned int)atoi(getenv("ACT_HOLD")));
	}
	return 0;
}
