/*
 * outfile.c - opening, appending to and replacing --output files, whole
 * records only (outfile.h says what is allowed and why).
 *
 * The only module that creates or writes files. It never prints and never
 * exits: errors come back in words.
 */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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

/* A final symbolic link is followed only when the user owns it. */
static int check_link(struct outfile *f, struct kerr *err, bool *follow)
{
	struct stat st;

	*follow = false;
	if (lstat(f->path, &st) < 0 || !S_ISLNK(st.st_mode))
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

/* The last byte of the regular file st is not a newline (a record cut
 * by a crash, or not our file): the first record starts on a line of its
 * own. The file is opened again to read it (ours is write-only). */
static bool ends_open(const char *path, bool follow, const struct stat *st)
{
	struct stat st2;
	char c = '\n';
	int fd;

	if (st->st_size <= 0)
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK |
				(follow ? 0 : O_NOFOLLOW));
	if (fd < 0)
		return false;
	if (fstat(fd, &st2) == 0 && st2.st_dev == st->st_dev &&
	    st2.st_ino == st->st_ino && pread(fd, &c, 1, st2.st_size - 1) != 1)
		c = '\n';
	close(fd);
	return c != '\n';
}

static int open_append(struct outfile *f, struct kerr *err)
{
	int flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY;
	bool follow;
	struct stat st;

	if (check_link(f, err, &follow) < 0)
		return -1;
	if (!follow)
		flags |= O_NOFOLLOW;
	f->fd = open(f->path, flags, 0600);
	if (f->fd < 0) {
		if (errno == ELOOP)
			kerr_set(err, "%s became a symbolic link: not followed",
				 f->path);
		else
			failed(f, "open", errno, err);
		return -1;
	}
	if (fstat(f->fd, &st) < 0 ||
	    !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode) ||
	      S_ISCHR(st.st_mode))) {
		kerr_set(
			err,
			"%s is not a regular file, a FIFO or a character device: not written",
			f->path);
		close(f->fd);
		f->fd = -1;
		return -1;
	}
	f->can_cut = S_ISREG(st.st_mode);
	f->need_newline = f->can_cut && ends_open(f->path, follow, &st);
	return 0;
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

int outfile_open(struct outfile *f, const char *path, bool replace,
		 struct kerr *err)
{
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
	return f->replace ? check_target(f, err) : open_append(f, err);
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
