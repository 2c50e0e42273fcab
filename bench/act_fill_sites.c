/*
 * bench/act_fill_sites.c - act_fill_sites PID COUNT: fill the call-site
 * map (kmemtop_sites) of the kmemtop running as PID until it holds COUNT
 * entries, from user space, so a benchmark can time kmemtop's refresh at
 * that many call sites (issue 23: at most 2 ms at 5,000). The map is
 * found among PID's own descriptors (/proc/PID/fdinfo: map_id), never by
 * name alone (another kmemtop may run). Each new key is a real kernel
 * text address from /proc/kallsyms (so kmemtop's symbolizer names it),
 * the rest of the key copied from an entry the program made (after the
 * address: the cache, where the key holds one); each value counts one
 * allocation on every CPU. Prints "kmemtop_sites of PID: E entries (at
 * most M), A added". Needs root (CAP_BPF, CAP_SYS_ADMIN for map ids).
 *
 * act_fill_sites PID COUNT READS: then reads each per-CPU hash map of
 * PID (kmemtop_caches, kmemtop_sites, ...) READS times each way and
 * prints, per map, its entries and the median time of one whole read:
 * key by key (bpf_map_get_next_key and bpf_map_lookup_elem, two system
 * calls an entry, as kmemtop reads them) and in batches
 * (bpf_map_lookup_batch, 256 entries a call).
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* one read of the whole map key by key: the entries read */
static long read_keys(int fd, unsigned char *key, unsigned char *next,
		      size_t ksz, void *vals)
{
	long n = 0;
	int first = 1;

	while (!bpf_map_get_next_key(fd, first ? NULL : key, next)) {
		first = 0;
		memcpy(key, next, ksz);
		if (!bpf_map_lookup_elem(fd, key, vals))
			n++;
	}
	return n;
}

/* one read of the whole map in batches of up to 256 */
static long read_batch(int fd, void *keys, void *vals, void *in, void *out,
		       size_t ksz)
{
	long n = 0;
	int first = 1;

	for (;;) {
		__u32 count = 256;
		int rc = bpf_map_lookup_batch(fd, first ? NULL : in, out, keys,
					      vals, &count, NULL);

		n += count;
		if (rc)
			return errno == ENOENT ? n : -1;
		first = 0;
		memcpy(in, out, ksz);
	}
}

/* the ids of the maps PID holds (its descriptors' fdinfo), sorted;
 * returns how many (at most max) */
static int map_ids(const char *pid, unsigned int *ids, int max)
{
	char path[512], link[64], line[128];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (n < max && (d = readdir(dir))) {
		unsigned int id = 0;
		ssize_t len;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, d->d_name);
		len = readlink(path, link, sizeof(link) - 1);
		if (len < 0)
			continue;
		link[len] = 0;
		if (strcmp(link, "anon_inode:bpf-map"))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fdinfo/%s", pid, d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "map_id: %u", &id) == 1)
				break;
		fclose(f);
		if (id)
			ids[n++] = id;
	}
	closedir(dir);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			unsigned int t = ids[j];

			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	return n;
}

/* an fd of map id, its info filled; -1: gone */
static int open_map(unsigned int id, struct bpf_map_info *info)
{
	int fd = bpf_map_get_fd_by_id(id);
	__u32 len = sizeof(*info);

	if (fd < 0)
		return -1;
	memset(info, 0, sizeof(*info));
	if (bpf_obj_get_info_by_fd(fd, info, &len)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* prints how long one whole read of the map takes, each way */
static int time_map(int fd, const struct bpf_map_info *mi, int ncpu, int reads)
{
	size_t ksz = mi->key_size, vsz = (mi->value_size + 7) / 8 * 8;
	double *tk = calloc((size_t)reads, sizeof(double));
	double *tb = calloc((size_t)reads, sizeof(double));
	unsigned char *key = calloc(1, ksz), *next = calloc(1, ksz);
	void *vals = calloc((size_t)ncpu, vsz);
	void *bk = calloc(256, ksz), *bv = calloc(256 * (size_t)ncpu, vsz);
	void *in = calloc(1, ksz < 8 ? 8 : ksz), *out = calloc(1, ksz < 8 ? 8 : ksz);
	long nk = 0, nb = 0;

	if (!tk || !tb || !key || !next || !vals || !bk || !bv || !in || !out)
		return -1;
	for (int i = 0; i < reads; i++) {
		double t0 = now();

		nk = read_keys(fd, key, next, ksz, vals);
		tk[i] = now() - t0;
		t0 = now();
		nb = read_batch(fd, bk, bv, in, out, ksz);
		tb[i] = now() - t0;
	}
	qsort(tk, (size_t)reads, sizeof(double), cmp);
	qsort(tb, (size_t)reads, sizeof(double), cmp);
	printf("%s (%u at most): %ld entries; one read, median of %d: key by key %.3f ms, in batches %.3f ms (%ld entries)\n",
	       mi->name, mi->max_entries, nk, reads, tk[(reads - 1) / 2] * 1e3,
	       tb[(reads - 1) / 2] * 1e3, nb);
	free(tk), free(tb), free(key), free(next), free(vals), free(bk);
	free(bv), free(in), free(out);
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_map_info info;
	unsigned int ids[64];
	int nids;
	unsigned char *key, *next, *tmpl;
	long want, have = 0, added = 0;
	int fd, ncpu, first = 1;
	size_t vsz;
	char line[512];
	uint64_t *vals;
	FILE *ks;

	if ((argc != 3 && argc != 4) || (want = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: act_fill_sites PID COUNT [READS]\n");
		return 2;
	}
	nids = map_ids(argv[1], ids, 64);
	fd = -1;
	for (int i = 0; fd < 0 && i < nids; i++) {
		fd = open_map(ids[i], &info);
		if (fd >= 0 && strcmp(info.name, "kmemtop_sites")) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0) {
		fprintf(stderr, "act_fill_sites: process %s holds no map kmemtop_sites\n",
			argv[1]);
		return 1;
	}
	ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0 || info.key_size < 8)
		return 1;
	key = calloc(1, info.key_size);
	next = calloc(1, info.key_size);
	tmpl = calloc(1, info.key_size);
	vsz = (info.value_size + 7) / 8 * 8;
	vals = calloc((size_t)ncpu, vsz);
	if (!key || !next || !tmpl || !vals)
		return 1;
	/* the entries there: count them, keep one as the template */
	while (!bpf_map_get_next_key(fd, first ? NULL : key, next)) {
		if (first)
			memcpy(tmpl, next, info.key_size);
		first = 0;
		memcpy(key, next, info.key_size);
		have++;
	}
	for (int c = 0; c < ncpu; c++)
		*(uint64_t *)((char *)vals + (size_t)c * vsz) = 1;
	ks = fopen("/proc/kallsyms", "r");
	if (!ks) {
		perror("/proc/kallsyms");
		return 1;
	}
	while (have < want && fgets(line, sizeof(line), ks)) {
		unsigned long long addr;
		char type;

		if (sscanf(line, "%llx %c", &addr, &type) != 2 || !addr ||
		    (type != 't' && type != 'T'))
			continue;
		addr += 4; /* inside the function: kmemtop names it +0x4 */
		memcpy(key, tmpl, info.key_size);
		memcpy(key, &addr, sizeof(addr));
		if (bpf_map_update_elem(fd, key, vals, BPF_NOEXIST)) {
			if (errno == EEXIST)
				continue;
			if (errno == E2BIG)
				break; /* full */
			perror("bpf_map_update_elem");
			return 1;
		}
		have++;
		added++;
	}
	fclose(ks);
	printf("kmemtop_sites of %s: %ld entries (at most %u), %ld added\n",
	       argv[1], have, info.max_entries, added);
	if (argc == 4 && atoi(argv[3]) > 0) {
		int reads = atoi(argv[3]);
		struct bpf_map_info mi;

		for (int i = 0; i < nids; i++) {
			int mfd = open_map(ids[i], &mi);

			if (mfd < 0)
				continue;
			if (mi.type == BPF_MAP_TYPE_PERCPU_HASH &&
			    time_map(mfd, &mi, ncpu, reads))
				return 1;
			close(mfd);
		}
	}
	return have >= want ? 0 : 3;
}
