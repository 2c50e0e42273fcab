/*
 * bench/runtime.c - runtime OUT COMMAND [ARG...]: run COMMAND (its output
 * thrown away), then append "WALL CPU PEAK" to the file OUT: wall and CPU
 * (user + system) time in microseconds, peak RSS in KiB, from the
 * kernel's accounting of the child (wait4). GNU time prints 10 ms steps:
 * too coarse for runs of a few tens of milliseconds.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long us(const struct timeval *t)
{
	return (long long)t->tv_sec * 1000000 + t->tv_usec;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: runtime OUT COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	out = fopen(argv[1], "a");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "%lld %lld %ld\n",
		(long long)(b.tv_sec - a.tv_sec) * 1000000 +
			(b.tv_nsec - a.tv_nsec) / 1000,
		us(&ru.ru_utime) + us(&ru.ru_stime), ru.ru_maxrss);
	fclose(out);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
