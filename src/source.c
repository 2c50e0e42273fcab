/*
 * source.c - opens and reads kernel files: the live system's, or a
 * captured tree's without leaving it. The root is resolved once, at
 * start: the live system is read by the literal "/", a captured tree
 * relative to the descriptor opened then, never by the user's path again.
 *
 * The only module that opens kernel files, and the only one that writes
 * them (through a directory held, beneath it, no link followed, sysfs's
 * on the live system; never a capture's or a replay's). It does not
 * parse: parsers get the text from here. It never prints and never
 * exits.
 */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

bool root_is_live(const char *root)
{
	return !strcmp(root, "/");
}

int source_root_open(const char *root, bool *live)
{
	struct stat st, top;
	int fd;

	*live = !strcmp(root, "/");
	if (*live)
		return -1;
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* the directory opened, not the name: a path swapped later
	 * changes neither the answer nor what is read */
	if (!fstat(fd, &st) && !stat("/", &top) && st.st_dev == top.st_dev &&
	    st.st_ino == top.st_ino) {
		close(fd);
		*live = true;
		return -1;
	}
	return fd;
}

void source_open_at(struct source *s, const char *root, int rootfd)
{
	s->live = root_is_live(root);
	s->root = root;
	s->rootfd = s->live ? -1 : rootfd;
	s->own_rootfd = false;
	s->files = NULL;
	s->nfiles = 0;
	s->no_writes = !s->live;
}

void source_open(struct source *s, const char *root)
{
	bool live;
	int fd = source_root_open(root, &live);

	source_open_at(s, live ? "/" : root, fd);
	s->own_rootfd = fd >= 0;
}

void source_open_files(struct source *s, const char *root,
		       const struct source_file *f, size_t n)
{
	s->root = root;
	s->live = false;
	s->rootfd = -1;
	s->own_rootfd = false;
	s->files = f;
	s->nfiles = n;
	s->no_writes = true;
}

/* The file given in memory as rel, or NULL. */
static const struct source_file *mem_file(const struct source *s,
					  const char *rel)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (!strcmp(s->files[i].rel, rel))
			return &s->files[i];
	return NULL;
}

void source_close(struct source *s)
{
	if (s->own_rootfd && s->rootfd >= 0)
		close(s->rootfd);
	s->rootfd = -1;
	s->own_rootfd = false;
}

void source_path(const char *root, const char *rel, struct sbuf *out)
{
	size_t rl = strlen(root);

	sbuf_reset(out);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	if (!(rl == 1 && root[0] == '/'))
		sbuf_add(out, root, rl);
	sbuf_addc(out, '/');
	sbuf_add(out, rel, strlen(rel));
}

/* What the user can do about error e reading rel, or "". */
static const char *remedy(const struct source *s, const char *rel, int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		/* root is refused only by a security module or a mount
		 * option: running as root again would not help */
		return geteuid() != 0 ? " (run as root)" : "";
	case ENOENT:
		if (!s->live)
			return " (the captured tree does not hold it)";
		if (!strncmp(rel, "proc/", 5))
			return " (is /proc mounted, and does this kernel provide it?)";
		return " (does this kernel provide it?)";
	default:
		return "";
	}
}

static int fail(const struct source *s, const char *rel, int e, const char *why,
		struct kerr *err)
{
	struct sbuf path = { 0 };

	source_path(s->root, rel, &path);
	kerr_set(err, "cannot read %s: %s%s", path.s, why ? why : strerror(e),
		 why ? "" : remedy(s, rel, e));
	sbuf_free(&path);
	return e ? e : EIO;
}

/* A captured tree's file, opened inside the tree: symbolic links
 * resolve as if the tree were "/", ".." never leaves it, and "/proc"
 * magic links are refused. Non-blocking, so a FIFO planted there does
 * not hang the open. Kernels before 5.6 lack openat2: the file is then
 * opened without following a final symbolic link. */
static int open_captured(const struct source *s, const char *rel, int flags)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
			 (unsigned)flags,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if (s->rootfd < 0) {
		errno = ENOENT;
		return -1;
	}
	fd = (int)syscall(SYS_openat2, s->rootfd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		fd = openat(s->rootfd, rel, (int)how.flags | O_NOFOLLOW);
	return fd;
}

/* "larger than 512 MiB (the limit for a captured file)", or the cap a
 * caller set for the file */
static int too_large(const struct source *s, const char *rel, size_t cap,
		     struct kerr *err)
{
	char why[96];

	if (cap == SOURCE_CAP)
		return fail(
			s, rel, EFBIG,
			"larger than 512 MiB (the limit for a captured file)",
			err);
	if (cap % 1024 == 0)
		snprintf(why, sizeof(why),
			 "larger than %zu KiB (the limit for this file)",
			 cap / 1024);
	else
		snprintf(why, sizeof(why),
			 "larger than %zu bytes (the limit for this file)",
			 cap);
	return fail(s, rel, EFBIG, why, err);
}

/* Open ROOT/rel for reading; on failure fill err and return -1 with *e
 * set. A captured tree's file must be a regular file within cap. */
static int open_file(const struct source *s, const char *rel, size_t cap,
		     struct kerr *err, int *e)
{
	struct sbuf path = { 0 };
	struct stat st;
	int fd;

	if (s->live) {
		source_path(s->root, rel, &path);
		fd = open(path.s, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		sbuf_free(&path);
	} else {
		fd = open_captured(s, rel, 0);
	}
	if (fd < 0) {
		*e = errno;
		fail(s, rel, *e, NULL, err);
		return -1;
	}
	*e = 0;
	if (s->live)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*e = EINVAL;
		fail(s, rel, *e,
		     "not a regular file (a captured tree is read only from regular files)",
		     err);
	} else if ((unsigned long long)st.st_size > cap) {
		*e = EFBIG;
		too_large(s, rel, cap, err);
	} else if (fcntl(fd, F_SETFL, 0) < 0) {
		*e = errno;
		fail(s, rel, *e, NULL, err);
	}
	if (*e) {
		close(fd);
		return -1;
	}
	return fd;
}

/* read(2), retried on EINTR. */
static ssize_t read_some(int fd, char *p, size_t n)
{
	ssize_t r;

	do
		r = read(fd, p, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/* The read went past the cap (captured trees only: a file can grow
 * while it is read). */
static bool over_cap(const struct source *s, size_t total, size_t cap)
{
	return !s->live && total > cap;
}

static int read_failed(const struct source *s, const char *rel, int fd, int e,
		       size_t cap, struct kerr *err)
{
	close(fd);
	if (e == EFBIG)
		return too_large(s, rel, cap, err);
	return fail(s, rel, e, NULL, err);
}

/* source_read with a captured file's cap of cap bytes. */
static int read_whole(const struct source *s, const char *rel,
		      struct source_buf *buf, size_t cap, struct kerr *err)
{
	const struct source_file *f = s->files ? mem_file(s, rel) : NULL;
	int e, fd;

	if (s->files) {
		if (!f)
			return fail(s, rel, ENOENT, NULL, err);
		if (f->len > cap)
			return too_large(s, rel, cap, err);
		xgrow((void **)&buf->data, &buf->cap, f->len + 1, 1);
		if (f->len)
			memcpy(buf->data, f->data, f->len);
		buf->len = f->len;
		buf->data[f->len] = '\0';
		return 0;
	}
	fd = open_file(s, rel, cap, err, &e);
	if (fd < 0)
		return e ? e : EIO;
	buf->len = 0;
	for (;;) {
		ssize_t r;

		/* /proc files report size 0: grow as we go */
		if (buf->cap - buf->len < 4096 + 1)
			xgrow((void **)&buf->data, &buf->cap,
			      buf->len + 65536 + 1, 1);
		r = read_some(fd, buf->data + buf->len,
			      buf->cap - buf->len - 1);
		if (r < 0)
			return read_failed(s, rel, fd, errno, cap, err);
		if (r == 0)
			break;
		buf->len += (size_t)r;
		if (over_cap(s, buf->len, cap))
			return read_failed(s, rel, fd, EFBIG, cap, err);
	}
	close(fd);
	buf->data[buf->len] = '\0';
	return 0;
}

int source_read(const struct source *s, const char *rel, struct source_buf *buf,
		struct kerr *err)
{
	return read_whole(s, rel, buf, SOURCE_CAP, err);
}

int source_read_within(const struct source *s, const char *rel,
		       struct source_buf *buf, size_t max,
		       struct source_budget *b, struct kerr *err)
{
	size_t cap = max < b->left ? max : b->left;
	int e;

	if (s->live)
		return source_read(s, rel, buf, err);
	if (!b->spent) {
		e = read_whole(s, rel, buf, cap, err);
		if (e != EFBIG || cap == max) {
			if (!e)
				b->left -= buf->len;
			return e;
		}
	}
	/* it does not fit in what is left: nothing more is read */
	b->spent = true;
	b->left = 0;
	return fail(s, rel, ENOSPC,
		    "not read: the budget of reads from the capture is spent",
		    err);
}

/* The other buffer becomes the one read into. */
static void swap_buffers(struct source_buf *buf)
{
	char *d = buf->data;
	size_t c = buf->cap;

	buf->data = buf->other;
	buf->cap = buf->other_cap;
	buf->other = d;
	buf->other_cap = c;
}

int source_read_lines(const struct source *s, const char *rel,
		      struct source_buf *buf, size_t chunk, source_lines_fn fn,
		      void *ctx, struct kerr *err)
{
	const struct source_file *f = s->files ? mem_file(s, rel) : NULL;
	size_t have = 0;  /* bytes in buf not yet passed on */
	size_t total = 0; /* bytes read */
	int e, fd;

	if (!chunk)
		chunk = SOURCE_CHUNK;
	if (s->files) {
		/* in memory: in pieces of whole lines, as from a file */
		const char *p, *end;
		if (!f)
			return fail(s, rel, ENOENT, NULL, err);
		for (p = f->data, end = p + f->len; p < end;) {
			const char *q = end - p > (ptrdiff_t)chunk ? p + chunk
								   : end;
			const char *nl =
				q < end ? memrchr(p, '\n', (size_t)(q - p))
					: NULL;
			if (q < end && nl)
				q = nl + 1;
			else if (q < end)
				q = memchr(q, '\n', (size_t)(end - q)),
				q = q ? q + 1 : end;
			fn(p, (size_t)(q - p), ctx);
			p = q;
		}
		return 0;
	}
	fd = open_file(s, rel, SOURCE_CAP, err, &e);
	if (fd < 0)
		return e ? e : EIO;
	for (;;) {
		ssize_t r;
		char *nl;

		/* room for a chunk; a line longer than the buffer grows it */
		if (buf->cap - have < chunk + 1)
			xgrow((void **)&buf->data, &buf->cap, have + chunk + 1,
			      1);
		r = read_some(fd, buf->data + have, chunk);
		if (r < 0)
			return read_failed(s, rel, fd, errno, SOURCE_CAP, err);
		if (r == 0)
			break;
		have += (size_t)r;
		total += (size_t)r;
		if (over_cap(s, total, SOURCE_CAP))
			return read_failed(s, rel, fd, EFBIG, SOURCE_CAP, err);
		nl = memrchr(buf->data, '\n', have);
		if (!nl)
			continue;
		nl++;
		fn(buf->data, (size_t)(nl - buf->data), ctx);
		/* the rest (a line begun) to the other buffer, which the
		 * next chunk is read into: this one stays as fn left it
		 * until the next call of fn returns */
		have -= (size_t)(nl - buf->data);
		xgrow((void **)&buf->other, &buf->other_cap, have + chunk + 1,
		      1);
		memcpy(buf->other, nl, have);
		swap_buffers(buf);
	}
	close(fd);
	if (have)
		fn(buf->data, have, ctx); /* last line, no newline */
	buf->len = 0;
	return 0;
}

void source_buf_free(struct source_buf *buf)
{
	free(buf->data);
	free(buf->other);
	memset(buf, 0, sizeof(*buf));
}

/* The in-memory entries directly under dir ("a/b"): each name once. */
static void mem_list(const struct source *s, const char *rel, source_dir_fn fn,
		     void *ctx)
{
	size_t rl = strlen(rel);

	for (size_t i = 0; i < s->nfiles; i++) {
		const char *name = s->files[i].rel + rl + 1, *end;
		bool seen = false;

		if (strncmp(s->files[i].rel, rel, rl) ||
		    s->files[i].rel[rl] != '/' || !*name)
			continue;
		end = strchrnul(name, '/');
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strncmp(s->files[j].rel, s->files[i].rel,
					(size_t)(end - s->files[i].rel)) &&
			       (s->files[j].rel[end - s->files[i].rel] == '/' ||
				!s->files[j].rel[end - s->files[i].rel]);
		if (!seen) {
			char *n = xstrndup(name, (size_t)(end - name));
			fn(n, *end ? NULL : s->files[i].link, *end == '/', ctx);
			free(n);
		}
	}
}

/* source_list's and source_list_ino's walk: fn or ifn called. */
static int list_dir(const struct source *s, const char *rel, source_dir_fn fn,
		    source_dir_ino_fn ifn, void *ctx, struct kerr *err)
{
	struct sbuf path = { 0 };
	struct dirent *de;
	size_t n = 0;
	DIR *d;
	int fd;

	if (s->files) {
		if (fn)
			mem_list(s, rel, fn, ctx);
		return 0;
	}
	if (s->live) {
		source_path(s->root, rel, &path);
		fd = open(path.s, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		sbuf_free(&path);
	} else {
		fd = open_captured(s, rel, O_DIRECTORY);
	}
	if (fd < 0 || !(d = fdopendir(fd))) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return fail(s, rel, e, NULL, err);
	}
	while ((de = readdir(d)) && (s->live || n++ < SOURCE_DIR_MAX)) {
		char target[4096];
		ssize_t len = -1;
		struct stat st;
		bool dir = de->d_type == DT_DIR;

		if (ifn && !strcmp(de->d_name, ".")) {
			ifn("", (uint64_t)de->d_ino, true, ctx);
			continue;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (de->d_type == DT_UNKNOWN &&
		    !fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			dir = S_ISDIR(st.st_mode);
			if (S_ISLNK(st.st_mode))
				de->d_type = DT_LNK;
		}
		if (ifn) {
			ifn(de->d_name, (uint64_t)de->d_ino, dir, ctx);
			continue;
		}
		if (de->d_type == DT_LNK)
			len = readlinkat(dirfd(d), de->d_name, target,
					 sizeof(target) - 1);
		if (len >= 0)
			target[len] = '\0';
		fn(de->d_name, len >= 0 ? target : NULL, dir, ctx);
	}
	closedir(d);
	return 0;
}

int source_list(const struct source *s, const char *rel, source_dir_fn fn,
		void *ctx, struct kerr *err)
{
	return list_dir(s, rel, fn, NULL, ctx, err);
}

int source_list_ino(const struct source *s, const char *rel,
		    source_dir_ino_fn fn, void *ctx, struct kerr *err)
{
	return list_dir(s, rel, NULL, fn, ctx, err);
}

/* ---- writes: through a held directory --------------------------------- */

/* rel opened from dirfd, never leaving it and following no symbolic
 * link; -1 with errno (ENOSYS: no openat2, and no weaker fallback for
 * what may be written). */
static int open_beneath(int dirfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (unsigned)flags | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};

	if (!(flags & O_PATH)) /* openat2 refuses it with O_PATH */
		how.flags |= O_NOCTTY;
	return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
}

/* Why errno value e refused a write's path, or NULL: strerror's words. */
static const char *refusal(int e)
{
	switch (e) {
	case ELOOP:
		return "a symbolic link on the path (none is followed for a write)";
	case EXDEV:
		return "not beneath the root";
	case ENOSYS:
		return "this kernel lacks openat2 (Linux 5.6): nothing is written";
	default:
		return NULL;
	}
}

static int dir_fail(const char *what, const struct sbuf *path, const char *name,
		    int e, const char *why, struct kerr *err)
{
	kerr_set(err, "cannot %s %s%s%s: %s", what, path->s ? path->s : "",
		 name ? "/" : "", name ? name : "",
		 why	      ? why
		 : refusal(e) ? refusal(e)
			      : strerror(e));
	return e;
}

#define NOT_SYSFS "not in sysfs (the live system is written only there)"

/* The file is sysfs's (the live system's writes go nowhere else). */
static bool is_sysfs(int fd)
{
	struct statfs f;

	return !fstatfs(fd, &f) && f.f_type == SYSFS_MAGIC;
}

int source_dir_hold(const struct source *s, const char *rel,
		    struct source_dir *d, struct kerr *err)
{
	int root = s->rootfd, e = 0;

	source_dir_release(d);
	source_path(s->root, rel, &d->path);
	d->live = s->live;
	if (s->no_writes) {
		dir_fail("hold", &d->path, NULL, EROFS,
			 "a capture or a replay is never written", err);
		source_dir_release(d);
		return EROFS;
	}
	if (s->live)
		root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0) {
		e = s->live ? errno : ENOENT;
	} else {
		d->fd = open_beneath(root, rel, O_PATH | O_DIRECTORY);
		e = d->fd < 0 ? errno : 0;
		if (s->live)
			close(root);
	}
	if (!e && d->live && !is_sysfs(d->fd))
		e = EMEDIUMTYPE;
	if (e) {
		dir_fail("hold", &d->path, NULL, e,
			 e == EMEDIUMTYPE ? NOT_SYSFS : NULL, err);
		source_dir_release(d);
	}
	return e;
}

/* The held directory's file name for reading or writing: a regular
 * file (a FIFO planted there does not hang the open), of sysfs on the
 * live system; -1 with err filled and *e set. */
static int open_held(const struct source_dir *d, const char *name, int flags,
		     const char *what, struct kerr *err, int *e)
{
	struct stat st;
	int fd;

	*e = 0;
	if (d->fd < 0) {
		*e = EBADF;
		dir_fail(what, &d->path, name, *e, "no directory held", err);
		return -1;
	}
	fd = open_beneath(d->fd, name, flags | O_NONBLOCK);
	if (fd < 0)
		*e = errno;
	else if (fstat(fd, &st) < 0)
		*e = errno;
	else if (!S_ISREG(st.st_mode))
		*e = EINVAL;
	else if (d->live && !is_sysfs(fd))
		*e = EMEDIUMTYPE;
	else if (fcntl(fd, F_SETFL, 0) < 0)
		*e = errno;
	if (!*e)
		return fd;
	if (fd >= 0)
		close(fd);
	dir_fail(what, &d->path, name, *e,
		 *e == EINVAL	     ? "not a regular file"
		 : *e == EMEDIUMTYPE ? NOT_SYSFS
				     : NULL,
		 err);
	return -1;
}

int source_dir_read(const struct source_dir *d, const char *name, char *out,
		    size_t size, struct kerr *err)
{
	ssize_t n;
	int e, fd = open_held(d, name, O_RDONLY, "read", err, &e);

	if (fd < 0)
		return e;
	n = read_some(fd, out, size - 1);
	e = n < 0 ? errno : 0;
	close(fd);
	if (e)
		return dir_fail("read", &d->path, name, e, NULL, err);
	out[n] = '\0';
	return 0;
}

int source_dir_write(const struct source_dir *d, const char *name,
		     const char *data, size_t len, struct kerr *err)
{
	ssize_t n;
	int e, fd = open_held(d, name, O_WRONLY, "write", err, &e);

	if (fd < 0)
		return e;
	do
		n = write(fd, data, len);
	while (n < 0 && errno == EINTR);
	e = n < 0 ? errno : (size_t)n != len ? EIO : 0;
	close(fd);
	if (e)
		return dir_fail("write", &d->path, name, e,
				e == EIO && n >= 0 ? "written in part" : NULL,
				err);
	return 0;
}

void source_dir_release(struct source_dir *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
	sbuf_free(&d->path);
}
