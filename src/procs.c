/*
 * procs.c - the process table through libproc2, and oom_score_adj
 * writes.
 *
 * The only module that includes libproc2. It loads the library (and
 * libsystemd, libgcrypt, liblzma, lz4 and libcap behind it) when a table
 * is first read, not when kmemtop starts: the views without processes
 * never pay for it. It never prints and never exits.
 */
#include "procs.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "source.h"

/* include/linux/sched.h: the task is a kernel thread */
#define PF_KTHREAD 0x00200000UL

/* The library the process table needs, by its soname (Debian:
 * libproc2-0). */
#define PROCS_LIB "libproc2.so.0"

/* libproc2 loaded for one table, and the functions called. */
struct procs_lib {
	void *handle;
	__typeof__(procps_pids_new) *pids_new;
	__typeof__(procps_pids_reap) *pids_reap;
	__typeof__(procps_pids_unref) *pids_unref;
};

/* Load libproc2 into *out (allocated, owned by the table). Returns 0,
 * or -1 with err naming the library, the loader's reason (escaped) and
 * the package to install. */
static int procs_load_lib(struct procs_lib **out, struct kerr *err)
{
	struct procs_lib *l = xcalloc(1, sizeof(*l));
	struct sbuf why = { 0 };
	const char *e;

	l->handle = dlopen(PROCS_LIB, RTLD_NOW | RTLD_LOCAL);
	if (l->handle) {
		*(void **)&l->pids_new = dlsym(l->handle, "procps_pids_new");
		*(void **)&l->pids_reap = dlsym(l->handle, "procps_pids_reap");
		*(void **)&l->pids_unref =
			dlsym(l->handle, "procps_pids_unref");
		if (l->pids_new && l->pids_reap && l->pids_unref) {
			*out = l;
			return 0;
		}
	}
	e = dlerror();
	if (!e)
		e = "unknown error";
	sanitize(&why, e, strlen(e), 0);
	kerr_set(err,
		 "the process table needs libproc2 (" PROCS_LIB
		 "), which %s: %.300s (install libproc2-0)",
		 l->handle ? "lacks a function it calls" : "cannot be loaded",
		 why.s);
	sbuf_free(&why);
	if (l->handle)
		dlclose(l->handle);
	free(l);
	return -1;
}

static enum pids_item items[] = {
	PIDS_ID_PID, PIDS_ID_EUSER,   PIDS_OOM_SCORE, PIDS_OOM_ADJ,
	PIDS_VM_RSS, PIDS_VM_SWAP,    PIDS_FLAGS,     PIDS_CMDLINE_V,
	PIDS_CMD,    PIDS_TICS_BEGAN,
};
enum rel {
	I_PID,
	I_USER,
	I_SCORE,
	I_ADJ,
	I_RSS,
	I_SWAP,
	I_FLAGS,
	I_ARGV,
	I_CMD,
	I_BEGAN,
};

void proc_table_reset(struct proc_table *t)
{
	t->n = 0;
	t->text_len = 0;
}

static size_t add_text(struct proc_table *t, const char *s, size_t n)
{
	return arena_add(&t->text, &t->text_len, &t->text_cap, s, n);
}

void proc_table_add(struct proc_table *t, const struct proc_entry *e,
		    const char *user, const char *command, size_t command_len,
		    const char *comm, const char *cgroup)
{
	struct proc_entry *d;

	xgrow((void **)&t->e, &t->cap, t->n + 1, sizeof(*t->e));
	d = &t->e[t->n++];
	*d = *e;
	d->user_off = add_text(t, user, strlen(user));
	d->command_off = add_text(t, command, command_len);
	d->comm_off = add_text(t, comm ? comm : "", comm ? strlen(comm) : 0);
	d->cgroup_off =
		add_text(t, cgroup ? cgroup : "", cgroup ? strlen(cgroup) : 0);
}

void procs_cgroup_path(const char *text, size_t len, struct sbuf *out)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;
	bool v1 = false;

	sbuf_reset(out);
	while ((line = text_next_line(&pos, end, &n))) {
		const char *c1 = memchr(line, ':', n), *c2;
		if (!c1)
			continue;
		c2 = memchr(c1 + 1, ':', (size_t)(line + n - c1 - 1));
		if (!c2)
			continue;
		/* "N:ctrl,ctrl:PATH": v1 memory wins; "0::PATH" is v2 */
		{
			const char *ctl = c1 + 1;
			size_t cl = (size_t)(c2 - ctl);
			bool mem = false;
			for (const char *p = ctl; p < c2;) {
				const char *e =
					memchr(p, ',', (size_t)(c2 - p));
				size_t l = e ? (size_t)(e - p)
					     : (size_t)(c2 - p);
				mem = mem ||
				      (l == 6 && !memcmp(p, "memory", 6));
				p += l + 1;
			}
			if (mem || (!cl && !v1)) {
				sbuf_reset(out);
				sbuf_add(out, c2 + 1,
					 (size_t)(line + n - c2 - 1));
				v1 = v1 || mem;
			}
		}
	}
	if (!out->s)
		sbuf_add(out, "", 0);
}

/* The memory cgroup of process pid ("" when unknown). */
static void cgroup_of(int pid, struct sbuf *path)
{
	char name[64], buf[4096];
	ssize_t n;
	int fd;

	snprintf(name, sizeof(name), "/proc/%d/cgroup", pid);
	fd = open(name, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	procs_cgroup_path(buf, n > 0 ? (size_t)n : 0, path);
}

void proc_table_free(struct proc_table *t)
{
	struct pids_info *info = t->info;
	struct procs_lib *lib = t->lib;

	if (info)
		lib->pids_unref(&info);
	/* the library stays loaded for the process's life: it keeps caches
	 * in its own globals, and unmapping them (dlclose) would turn them
	 * into leaks; a second table loads it again at no cost (dlopen
	 * counts references) */
	free(lib);
	free(t->e);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

int procs_read(struct proc_table *t, struct kerr *err)
{
	struct pids_info *info = t->info;
	struct procs_lib *lib = t->lib;
	struct pids_fetch *f;
	struct sbuf cmd = { 0 }, cg = { 0 };

	if (!lib) {
		if (procs_load_lib(&lib, err))
			return -1;
		t->lib = lib;
	}
	if (!info) {
		if (lib->pids_new(&info, items, (int)ARRAY_SIZE(items)) < 0) {
			kerr_set(err, "cannot read the process table: %s",
				 strerror(errno));
			return -1;
		}
		t->info = info;
	}
	f = lib->pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!f) {
		kerr_set(err, "cannot read the process table: %s",
			 strerror(errno));
		return -1;
	}
	proc_table_reset(t);
	for (int i = 0; i < f->counts->total; i++) {
		struct pids_stack *s = f->stacks[i];
		struct proc_entry e = { 0 };
		char **argv = PIDS_VAL(I_ARGV, strv, s, info);
		const char *user = PIDS_VAL(I_USER, str, s, info);
		const char *name = PIDS_VAL(I_CMD, str, s, info);

		e.pid = PIDS_VAL(I_PID, s_int, s, info);
		e.start_time = PIDS_VAL(I_BEGAN, ull_int, s, info);
		e.oom_score = PIDS_VAL(I_SCORE, s_int, s, info);
		e.oom_score_adj = PIDS_VAL(I_ADJ, s_int, s, info);
		e.rss = (uint64_t)PIDS_VAL(I_RSS, ul_int, s, info) * 1024;
		e.swap = (uint64_t)PIDS_VAL(I_SWAP, ul_int, s, info) * 1024;
		e.kthread = PIDS_VAL(I_FLAGS, ul_int, s, info) & PF_KTHREAD;
		sbuf_reset(&cmd);
		if (argv && argv[0]) {
			const char *slash = strrchr(argv[0], '/');
			e.command_dir = slash ? (size_t)(slash + 1 - argv[0])
					      : 0;
		}
		for (size_t a = 0; argv && argv[a]; a++) {
			if (a)
				sbuf_addc(&cmd, ' ');
			sbuf_add(&cmd, argv[a], strlen(argv[a]));
		}
		/* libproc2 gives "-" or "" for an empty argv */
		if (!cmd.len || (cmd.len == 1 && cmd.s[0] == '-')) {
			sbuf_reset(&cmd);
			sbuf_addf(&cmd, "[%s]", name ? name : "?");
		}
		cgroup_of(e.pid, &cg);
		proc_table_add(t, &e, user ? user : "?", cmd.s, cmd.len,
			       name ? name : "?", cg.s);
	}
	sbuf_free(&cmd);
	sbuf_free(&cg);
	return 0;
}

int oom_adj_parse(const char *s, int *out, struct kerr *err)
{
	const char *p = s;
	bool neg = false;
	long v = 0;
	int digits = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v <= 100000)
			v = v * 10 + (*p - '0');
		digits++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (!digits || *p) {
		kerr_set(
			err,
			"not a number: oom_score_adj is an integer from -1000 to 1000");
		return -1;
	}
	if (neg)
		v = -v;
	if (v < -1000 || v > 1000) {
		kerr_set(
			err,
			"out of range: oom_score_adj is from -1000 (never kill) to 1000 (kill first)");
		return -1;
	}
	*out = (int)v;
	return 0;
}

void proc_handle_close(struct proc_handle *h)
{
	if (h->dirfd >= 0)
		close(h->dirfd);
	h->dirfd = -1;
}

static int exited(const struct proc_handle *h, struct kerr *err)
{
	kerr_set(err, "process %d exited; nothing changed", h->pid);
	return ESRCH;
}

/* Read the small file name of the process into buf (NUL-terminated);
 * 0 or the errno. */
static int read_small(const struct proc_handle *h, const char *name, char *buf,
		      size_t size)
{
	int fd = openat(h->dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		int e = errno;
		close(fd);
		return e;
	}
	close(fd);
	buf[n] = '\0';
	return 0;
}

/* Field 22 of stat (start time), after the command in parentheses,
 * which may hold anything, ")" included: the last ")" ends it. */
static int stat_start_time(const char *stat, uint64_t *out)
{
	const char *p = strrchr(stat, ')');

	if (!p)
		return -1;
	p++;
	/* fields 3 to 21, then the start time */
	for (int field = 3; field <= 22; field++) {
		while (*p == ' ')
			p++;
		if (field == 22) {
			const char *end = p + strcspn(p, " \n");
			return parse_u64(&p, end, out) ? 0 : -1;
		}
		p += strcspn(p, " \n");
		if (!*p || *p == '\n')
			return -1;
	}
	return -1;
}

/* The process behind the handle is the one chosen. */
static int still_there(const struct proc_handle *h, struct kerr *err)
{
	char stat[1024];
	uint64_t st;

	if (h->dirfd < 0 || read_small(h, "stat", stat, sizeof(stat)) ||
	    stat_start_time(stat, &st) || st != h->start_time)
		return exited(h, err);
	return 0;
}

int proc_handle_open(struct proc_handle *h, int pid, uint64_t start_time,
		     struct kerr *err)
{
	char path[64];

	h->pid = pid;
	h->start_time = start_time;
	snprintf(path, sizeof(path), "/proc/%d", pid);
	h->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (h->dirfd < 0 || still_there(h, err)) {
		proc_handle_close(h);
		exited(h, err);
		return -1;
	}
	return 0;
}

int proc_handle_read_adj(const struct proc_handle *h, int *value,
			 struct kerr *err)
{
	char buf[32];

	if (still_there(h, err) ||
	    read_small(h, "oom_score_adj", buf, sizeof(buf))) {
		exited(h, err);
		return -1;
	}
	buf[strcspn(buf, "\n")] = '\0';
	return oom_adj_parse(buf, value, err) ? exited(h, err), -1 : 0;
}

int proc_handle_write_adj(const struct proc_handle *h, int value,
			  struct kerr *err)
{
	char text[16];
	int fd, n, e = 0;

	if (still_there(h, err))
		return ESRCH;
	n = snprintf(text, sizeof(text), "%d\n", value);
	fd = openat(h->dirfd, "oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
	} else {
		if (write(fd, text, (size_t)n) != n)
			e = errno ? errno : EIO;
		if (close(fd) && !e)
			e = errno;
	}
	switch (e) {
	case 0:
		return 0;
	case EACCES:
	case EPERM:
		if (geteuid() == 0)
			kerr_set(
				err,
				"cannot set oom_score_adj of %d: %s (lowering it needs CAP_SYS_RESOURCE, which this root process lacks)",
				h->pid, strerror(e));
		else
			kerr_set(
				err,
				"cannot set oom_score_adj of %d: %s (lowering it, or changing another user's process, needs root: CAP_SYS_RESOURCE)",
				h->pid, strerror(e));
		break;
	case ESRCH:
	case ENOENT:
		exited(h, err);
		break;
	default:
		kerr_set(err, "cannot set oom_score_adj of %d: %s", h->pid,
			 strerror(e));
		break;
	}
	return e;
}

bool procs_status_kib(const char *text, size_t len, const char *name,
		      uint64_t *bytes)
{
	const char *pos = text, *end = text + len, *line;
	size_t n, nl = strlen(name);

	while ((line = text_next_line(&pos, end, &n))) {
		const char *p = line + nl + 1, *e = line + n;
		uint64_t kib;

		if (n <= nl || memcmp(line, name, nl) || line[nl] != ':')
			continue;
		if (!parse_u64(&p, e, &kib) || kib > UINT64_MAX / 1024)
			return false;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (e - p != 2 || memcmp(p, "kB", 2))
			return false;
		*bytes = kib * 1024;
		return true;
	}
	return false;
}

/* "socket:[" starts the link of a socket's fd */
#define SOCKET_LINK "socket:["

/* Count the entries of the fd directory dfd (closed) into out: one
 * getdents walk, and a readlink of each (the link's text; nothing is
 * followed or stat'ed). */
static int count_fds(int dfd, struct proc_kmem *out)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;

	if (!d) {
		close(dfd);
		return -1;
	}
	out->have_socks = true;
	while ((de = readdir(d))) {
		char link[sizeof(SOCKET_LINK)];
		ssize_t n;

		if (de->d_name[0] == '.')
			continue;
		out->fds++;
		/* the start of the link is enough: "socket:[12345]" */
		n = readlinkat(dirfd(d), de->d_name, link, sizeof(link) - 1);
		if (n == (ssize_t)sizeof(link) - 1 &&
		    !memcmp(link, SOCKET_LINK, sizeof(link) - 1))
			out->socks++;
		/* a link it may not read (another PID namespace's init):
		 * the sockets are unknown; one closed meanwhile is gone */
		else if (n < 0 && errno != ENOENT)
			out->have_socks = false;
	}
	closedir(d);
	out->have_fds = true;
	if (!out->have_socks)
		out->socks = 0;
	return 0;
}

int procs_kmem_read(int pid, uint64_t start_time, struct proc_kmem *out)
{
	struct proc_handle h = { .dirfd = -1 };
	struct kerr err = { { 0 } };
	char status[4096];
	int dfd;

	memset(out, 0, sizeof(*out));
	if (proc_handle_open(&h, pid, start_time, &err))
		return -1;
	if (!read_small(&h, "status", status, sizeof(status)))
		out->have_pte = procs_status_kib(status, strlen(status),
						 "VmPTE", &out->pte);
	/* through the handle: once the process is gone nothing opens, even
	 * when its PID is another's by now */
	dfd = openat(h.dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	proc_handle_close(&h);
	if (dfd < 0 || count_fds(dfd, out)) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}

int overcommit_parse(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i >= len || text[i] < '0' || text[i] > '2')
		return -1;
	if (i + 1 < len && text[i + 1] != '\n' && text[i + 1] != ' ' &&
	    text[i + 1] != '\r')
		return -1;
	return text[i] - '0';
}

const char *overcommit_name(int mode)
{
	switch (mode) {
	case 0:
		return "heuristic";
	case 1:
		return "always";
	case 2:
		return "never (strict)";
	default:
		return "unknown";
	}
}

int overcommit_read(const struct source *src, struct source_buf *buf)
{
	struct kerr err = { { 0 } };

	if (source_read(src, "proc/sys/vm/overcommit_memory", buf, &err))
		return -1;
	return overcommit_parse(buf->data, buf->len);
}
