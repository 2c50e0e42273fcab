/*
 * outfile.c - opening, appending to and replacing --output files, whole
 * records only (outfile.h says what is allowed and why).
 *
 * The only module that creates or writes files (and the directories an
 * --output pattern names). It never prints and never exits: errors come
 * back in words.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failed(struct outfile *f, const char *what, int e, struct kerr *err)
{
	if (e != EPIPE)
		kerr_set(err, "cannot %s %s: %s", what, f->name, strerror(e));
	return e;
}

/* Where an appended file is opened: the name base below the directory
 * dir (AT_FDCWD and the whole path for a name given as it is; the open
 * directory for a pattern's, whose directories were made). */
struct place {
	int dir;
	const char *base;
};

/* A final symbolic link is followed only when the user owns it. */
static int check_link(struct outfile *f, const struct place *at,
		      struct kerr *err, bool *follow)
{
	struct stat st;

	*follow = false;
	if (fstatat(at->dir, at->base, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    !S_ISLNK(st.st_mode))
		return 0;
	if (st.st_uid == geteuid()) {
		*follow = true;
		return 0;
	}
	kerr_set(
		err,
		"%s is a symbolic link owned by uid %u, not by you: not followed (name the file it points to)",
		f->path, (unsigned)st.st_uid);
	return -1;
}

/* The reads of an appended file's end: a unit's head (more than any
 * codec's), and the window of the search for a unit after a cut one. */
#define HEAD_READ   64
#define SCAN_WINDOW (1024 * 1024)
/* The longest a cut last unit can be: what a snapshot of CODEC_UNIT_MAX
 * packs to at worst (the codecs' bounds add well under 1/64). A longer
 * tail is no cut unit of ours and is kept. */
#define CUT_TAIL_MAX ((off_t)(CODEC_UNIT_MAX + CODEC_UNIT_MAX / 64))

/* The regular file st opened again, read-only (ours is write-only):
 * the same file or -1. */
static int open_reader(const struct place *at, bool follow,
		       const struct stat *st)
{
	struct stat st2;
	int fd = openat(at->dir, at->base,
			O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
				(follow ? 0 : O_NOFOLLOW));

	if (fd >= 0 && (fstat(fd, &st2) < 0 || st2.st_dev != st->st_dev ||
			st2.st_ino != st->st_ino)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* A unit of ours starts somewhere in the bytes [from, size) of fd. */
static bool unit_after(enum codec c, int fd, off_t from, off_t size)
{
	unsigned char *w = xmalloc(SCAN_WINDOW);
	bool found = false;

	while (!found && from < size) {
		size_t n = pread_full(fd, w, SCAN_WINDOW, (uint64_t)from);

		found = n && codec_resync(c, w, n, 0) < n;
		if (n < SCAN_WINDOW)
			break;
		/* a head across the window's end: whole in the next */
		from += (off_t)(n - HEAD_READ);
	}
	free(w);
	return found;
}

/* Where a compressed file of size bytes (read through fd) must be cut
 * so that it ends with a whole unit, or -1 to keep it: its last unit of
 * ours is cut short (a writer killed in it). Only kmemtop's units are
 * walked, by their index entries (a head read each); another tool's
 * unit or damage ends the walk, and nothing is cut: bytes that are no
 * cut unit of ours are not ours to drop. A head whose length runs past
 * the end is a cut unit only if no unit of ours follows it (else it is
 * damage in the middle, which readers skip). */
static off_t cut_point(enum codec c, int fd, off_t size)
{
	unsigned char h[HEAD_READ];
	off_t off = 0;

	while (off < size) {
		size_t got = pread_full(fd, h, sizeof(h), (uint64_t)off);
		uint64_t len;
		double t;

		if (codec_peek(c, h, got, &len, &t)) {
			if (len <= (uint64_t)(size - off)) {
				off += (off_t)len;
				continue;
			}
			if (size - off <= CUT_TAIL_MAX &&
			    !unit_after(c, fd, off + 1, size))
				return off;
		} else if ((off_t)got == size - off &&
			   codec_head_cut(c, h, got)) {
			return off;
		}
		break;
	}
	return -1;
}

/* The end of the regular file st, as the next record needs it: plain
 * text that does not end with a newline (a record cut by a crash, or not
 * our file) gets one before the first record; a compressed file whose
 * last unit is cut short is cut back to its last whole unit (never a
 * newline: the units must follow each other). */
static int fix_end(struct outfile *f, const struct place *at, bool follow,
		   const struct stat *st, struct kerr *err)
{
	int rfd;
	off_t cut;
	char c = '\n';

	if (st->st_size <= 0)
		return 0;
	rfd = open_reader(at, follow, st);
	if (rfd < 0)
		return 0;
	if (f->codec == CODEC_NONE) {
		if (pread_full(rfd, &c, 1, (uint64_t)st->st_size - 1) == 1)
			f->need_newline = c != '\n';
		close(rfd);
		return 0;
	}
	cut = cut_point(f->codec, rfd, st->st_size);
	close(rfd);
	if (cut >= 0 && ftruncate(f->fd, cut) < 0) {
		failed(f, "cut the unfinished last snapshot off", errno, err);
		return -1;
	}
	return 0;
}

/* The file opened is one kmemtop may append to (checked on the open
 * descriptor, not on a name that can change): a regular file, FIFO or
 * character device; a file or FIFO owned by the user or root (another
 * user's, planted in a shared directory, would receive root's data) and
 * with one name (a hard link may be someone else's way in). */
static int check_opened(struct outfile *f, const struct stat *st,
			struct kerr *err)
{
	bool file = S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode);

	if (!file && !S_ISCHR(st->st_mode)) {
		kerr_set(
			err,
			"%s is not a regular file, a FIFO or a character device: not written",
			f->path);
		return -1;
	}
	if (file && st->st_uid != geteuid() && st->st_uid != 0) {
		kerr_set(
			err,
			"%s is owned by uid %u, not by you or root: not written (another user's file gets no root-only data)",
			f->path, (unsigned)st->st_uid);
		return -1;
	}
	if (file && st->st_nlink > 1) {
		kerr_set(
			err,
			"%s has %lu links: not written (a file with another name may be another user's)",
			f->path, (unsigned long)st->st_nlink);
		return -1;
	}
	return 0;
}

static int open_append(struct outfile *f, const struct place *at,
		       struct kerr *err)
{
	/* O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of
	 * waiting in open forever; cleared once open */
	int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY |
		    O_NONBLOCK;
	bool follow;
	struct stat st;

	if (check_link(f, at, err, &follow) < 0)
		return -1;
	if (!follow)
		flags |= O_NOFOLLOW;
	f->fd = openat(at->dir, at->base, flags, 0600);
	if (f->fd < 0) {
		if (errno == ELOOP)
			kerr_set(err, "%s became a symbolic link: not followed",
				 f->path);
		else if (errno == ENXIO &&
			 fstatat(at->dir, at->base, &st, 0) == 0 &&
			 S_ISFIFO(st.st_mode))
			kerr_set(
				err,
				"%s is a FIFO no one reads: not written (start its reader first)",
				f->path);
		else
			failed(f, "open", errno, err);
		return -1;
	}
	/* F_SETFL to O_APPEND alone: O_NONBLOCK cleared */
	if (fstat(f->fd, &st) < 0 || fcntl(f->fd, F_SETFL, O_APPEND) < 0) {
		failed(f, "open", errno, err);
		goto fail;
	}
	if (check_opened(f, &st, err) < 0)
		goto fail;
	f->can_cut = S_ISREG(st.st_mode);
	if (f->can_cut && fix_end(f, at, follow, &st, err) < 0)
		goto fail;
	return 0;
fail:
	close(f->fd);
	f->fd = -1;
	return -1;
}

/* Replacement: the target, if it exists, must be a regular file. */
static int check_target(struct outfile *f, struct kerr *err)
{
	struct stat st;

	if (lstat(f->path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		failed(f, "open", errno, err);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		kerr_set(
			err,
			"%s exists and is not a regular file: not replaced (it is written whole to a new file renamed over it)",
			f->path);
		return -1;
	}
	f->target_mode = st.st_mode & 0777;
	return 0;
}

/* The directory of f->path, open (*base: the file's name in it). Its
 * part after the first keep bytes is made where missing, a directory at
 * a time below the descriptor of the one before (mkdirat 0700, openat
 * O_NOFOLLOW): never through a symbolic link, never into a directory
 * another user owns. The first keep bytes must name a directory that
 * exists. Returns the descriptor, or -1 with err. */
static int open_dir(struct outfile *f, size_t keep, const char **base,
		    struct kerr *err)
{
	const int dflags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	const char *slash = strrchr(f->path, '/');
	size_t end = slash ? (size_t)(slash - f->path) : 0, i;
	char *dir = xstrdup(f->path);
	const char *top;
	struct stat st;
	int fd;

	*base = slash ? slash + 1 : f->path;
	if (keep > end)
		keep = end;
	if (keep) /* the directory that must exist */
		dir[keep] = '\0';
	top = keep ? dir : *f->path == '/' ? "/" : ".";
	fd = open(top, dflags);
	if (fd < 0)
		kerr_set(err, "cannot open the directory %s of %s: %s", top,
			 f->path, strerror(errno));
	/* each name between keep and end, in dir: ended by a '\0' */
	for (i = keep || *f->path == '/' ? keep + 1 : 0; fd >= 0 && i < end;) {
		char *c = dir + i;
		size_t n = strcspn(f->path + i, "/");
		int sub;

		c[n] = '\0';
		i += n + 1;
		if (!n)
			continue;
		sub = openat(fd, c, dflags | O_NOFOLLOW);
		if (sub < 0 && errno == ENOENT &&
		    (mkdirat(fd, c, 0700) == 0 || errno == EEXIST))
			sub = openat(fd, c, dflags | O_NOFOLLOW);
		if (sub < 0 && fstatat(fd, c, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			kerr_set(
				err,
				"%.*s is a symbolic link: not followed (the directories of an --output pattern are made, never followed)",
				(int)(i - 1), f->path);
		else if (sub < 0)
			kerr_set(err, "cannot make the directory %.*s: %s",
				 (int)(i - 1), f->path, strerror(errno));
		else if (fstat(sub, &st) == 0 && st.st_uid != geteuid() &&
			 st.st_uid != 0) {
			kerr_set(
				err,
				"%.*s is owned by uid %u, not by you or root: not written into",
				(int)(i - 1), f->path, (unsigned)st.st_uid);
			close(sub);
			sub = -1;
		}
		close(fd);
		fd = sub;
	}
	free(dir);
	return fd;
}

static int open_at(struct outfile *f, const char *path, bool replace,
		   size_t keep, struct kerr *err)
{
	struct place at = { AT_FDCWD, path };
	int rc;

	memset(f, 0, sizeof(*f));
	f->path = path;
	f->name = path ? path : "standard output";
	f->replace = replace && path;
	f->fd = path ? -1 : STDOUT_FILENO;
	f->tmpfd = -1;
	f->mode = 0644;
	if (!path)
		return 0;
	f->codec = f->replace ? CODEC_NONE : codec_of_name(path);
	if (keep != SIZE_MAX) {
		at.dir = open_dir(f, keep, &at.base, err);
		if (at.dir < 0)
			return -1;
	}
	rc = f->replace ? check_target(f, err) : open_append(f, &at, err);
	if (at.dir != AT_FDCWD)
		close(at.dir);
	return rc;
}

int outfile_open(struct outfile *f, const char *path, bool replace,
		 struct kerr *err)
{
	return open_at(f, path, replace, SIZE_MAX, err);
}

int outfile_open_dirs(struct outfile *f, const char *path, size_t keep,
		      bool replace, struct kerr *err)
{
	return open_at(f, path, replace, keep, err);
}

/* write(2) all of s[0..n) to fd; 0 or the errno */
static int write_all(int fd, const char *s, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(fd, s + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		if (w == 0)
			return EIO;
		done += (size_t)w;
	}
	return 0;
}

/* The temporary file of a replacement record: ".NAME.XXXXXX" beside the
 * target, created by mkstemp (O_EXCL, mode 0600). */
static int make_temp(struct outfile *f, struct kerr *err)
{
	char *a = xstrdup(f->path), *b = xstrdup(f->path);

	sbuf_reset(&f->tmp);
	sbuf_addf(&f->tmp, "%s/.%s.XXXXXX", dirname(a), basename(b));
	free(a);
	free(b);
	f->tmpfd = mkostemp(f->tmp.s, O_CLOEXEC);
	if (f->tmpfd < 0)
		return failed(f, "create a temporary file beside", errno, err);
	return 0;
}

int outfile_begin(struct outfile *f, struct kerr *err)
{
	f->in_record = true;
	if (f->replace)
		return make_temp(f, err);
	if (f->can_cut) {
		f->mark = lseek(f->fd, 0, SEEK_END);
		if (f->mark < 0)
			return failed(f, "write", errno, err);
	}
	if (f->need_newline) {
		int e = write_all(f->fd, "\n", 1);
		if (e) {
			outfile_abort(f);
			return failed(f, "write", e, err);
		}
		f->need_newline = false;
	}
	return 0;
}

int outfile_write(struct outfile *f, const char *s, size_t n, struct kerr *err)
{
	int e;

	if (f->codec != CODEC_NONE) { /* written whole at commit */
		sbuf_add(&f->rec, s, n);
		return 0;
	}
	e = write_all(f->replace ? f->tmpfd : f->fd, s, n);

	if (e) {
		outfile_abort(f);
		return failed(f, "write", e, err);
	}
	return 0;
}

int outfile_commit(struct outfile *f, struct kerr *err)
{
	mode_t mode = f->mode;
	int e = 0;

	if (f->codec != CODEC_NONE && f->rec.len) {
		sbuf_reset(&f->packed);
		codec_pack(f->codec, f->rec.s, f->rec.len, f->time, &f->packed);
		sbuf_reset(&f->rec);
		e = write_all(f->fd, f->packed.s, f->packed.len);
		if (e) {
			outfile_abort(f);
			return failed(f, "write", e, err);
		}
	}
	f->in_record = false;
	if (!f->replace)
		return 0;
	if (!mode) /* the target's own, or 0600 for a new one */
		mode = f->target_mode ? f->target_mode : 0600;
	if (fchmod(f->tmpfd, mode) < 0 || fsync(f->tmpfd) < 0)
		e = errno;
	if (close(f->tmpfd) < 0 && !e)
		e = errno;
	f->tmpfd = -1;
	/* the target may have been swapped since it was opened */
	if (!e && check_target(f, err) < 0)
		e = EEXIST;
	else if (!e && rename(f->tmp.s, f->path) < 0)
		e = errno;
	if (e) {
		unlink(f->tmp.s);
		return e == EEXIST ? e : failed(f, "write", e, err);
	}
	return 0;
}

void outfile_abort(struct outfile *f)
{
	if (!f->in_record)
		return;
	f->in_record = false;
	sbuf_reset(&f->rec);
	if (f->replace) {
		if (f->tmpfd >= 0) {
			close(f->tmpfd);
			unlink(f->tmp.s);
		}
		f->tmpfd = -1;
		return;
	}
	/* a FIFO or a terminal cannot take back what it was given; a
	 * regular file is cut back to the last whole record */
	if (f->can_cut && ftruncate(f->fd, f->mark) < 0)
		f->can_cut = false;
}

int outfile_close(struct outfile *f, struct kerr *err)
{
	int e = 0;

	outfile_abort(f);
	if (f->path && f->fd >= 0 && close(f->fd) < 0)
		e = failed(f, "write", errno, err);
	f->fd = -1;
	sbuf_free(&f->tmp);
	sbuf_free(&f->rec);
	sbuf_free(&f->packed);
	return e;
}
