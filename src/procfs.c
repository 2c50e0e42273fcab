/*
 * procfs.c - opens and reads kernel files under the root directory.
 *
 * The only module that opens /proc files. It does not parse: parsers get
 * the text from here. It never prints and never exits.
 */
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void procfs_path(const char *root, const char *rel, struct sbuf *out)
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

static const char *remedy(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return " (run as root)";
	case ENOENT:
		return " (is /proc mounted, and does this kernel provide it?)";
	default:
		return "";
	}
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

/* Open ROOT/rel; on failure fill err and return -1 with *e set. */
static int open_file(const char *root, const char *rel, struct kerr *err,
		     int *e)
{
	struct sbuf path = { 0 };
	int fd;

	procfs_path(root, rel, &path);
	fd = open(path.s, O_RDONLY | O_CLOEXEC);
	*e = fd < 0 ? errno : 0;
	if (fd < 0)
		kerr_set(err, "cannot read %s: %s%s", path.s, strerror(*e),
			 remedy(*e));
	sbuf_free(&path);
	return fd;
}

static int read_failed(const char *root, const char *rel, int fd, int e,
		       struct kerr *err)
{
	struct sbuf path = { 0 };

	close(fd);
	procfs_path(root, rel, &path);
	kerr_set(err, "cannot read %s: %s%s", path.s, strerror(e), remedy(e));
	sbuf_free(&path);
	return e ? e : EIO;
}

int procfs_read(const char *root, const char *rel, struct procfs_buf *buf,
		struct kerr *err)
{
	int e, fd = open_file(root, rel, err, &e);

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
			return read_failed(root, rel, fd, errno, err);
		if (r == 0)
			break;
		buf->len += (size_t)r;
	}
	close(fd);
	buf->data[buf->len] = '\0';
	return 0;
}

int procfs_read_lines(const char *root, const char *rel, struct procfs_buf *buf,
		      procfs_lines_fn fn, void *ctx, struct kerr *err)
{
	int e, fd = open_file(root, rel, err, &e);
	size_t have = 0; /* bytes in buf not yet passed on */

	if (fd < 0)
		return e ? e : EIO;
	for (;;) {
		ssize_t r;
		char *nl;

		/* room for a chunk; a line longer than the buffer grows it */
		if (buf->cap - have < PROCFS_CHUNK + 1)
			xgrow((void **)&buf->data, &buf->cap,
			      have + PROCFS_CHUNK + 1, 1);
		r = read_some(fd, buf->data + have, buf->cap - have - 1);
		if (r < 0)
			return read_failed(root, rel, fd, errno, err);
		if (r == 0)
			break;
		have += (size_t)r;
		nl = memrchr(buf->data, '\n', have);
		if (!nl)
			continue;
		nl++;
		fn(buf->data, (size_t)(nl - buf->data), ctx);
		have -= (size_t)(nl - buf->data);
		memmove(buf->data, nl, have);
	}
	close(fd);
	if (have)
		fn(buf->data, have, ctx); /* last line, no newline */
	buf->len = 0;
	return 0;
}

void procfs_buf_free(struct procfs_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}
