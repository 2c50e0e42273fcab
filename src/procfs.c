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

int procfs_read(const char *root, const char *rel, struct procfs_buf *buf,
		struct kerr *err)
{
	struct sbuf path = { 0 };
	int fd, e = 0;

	procfs_path(root, rel, &path);
	fd = open(path.s, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		goto fail;
	}
	buf->len = 0;
	for (;;) {
		ssize_t r;

		/* /proc files report size 0: grow as we go */
		if (buf->cap - buf->len < 4096 + 1)
			xgrow((void **)&buf->data, &buf->cap,
			      buf->len + 65536 + 1, 1);
		r = read(fd, buf->data + buf->len, buf->cap - buf->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			goto fail;
		}
		if (r == 0)
			break;
		buf->len += (size_t)r;
	}
	close(fd);
	buf->data[buf->len] = '\0';
	sbuf_free(&path);
	return 0;
fail:
	kerr_set(err, "cannot read %s: %s%s", path.s, strerror(e), remedy(e));
	sbuf_free(&path);
	return e ? e : EIO;
}

void procfs_buf_free(struct procfs_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}
