/*
 * procfs.h - layer 1: reading whole files under a root directory.
 *
 * Every kernel file is read as ROOT/proc/..., where ROOT is "/" for the
 * live system or a captured tree given with --root.
 */
#ifndef KMEMTOP_PROCFS_H
#define KMEMTOP_PROCFS_H

#include <stddef.h>

#include "util.h"

/* A reusable read buffer. The data is NUL-terminated (the NUL is not
 * counted in len); it stays valid until the next procfs_read into the same
 * buffer. Owner frees with procfs_buf_free. */
struct procfs_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Build ROOT + "/" + rel into out (e.g. "/proc/slabinfo" for the live
 * root). rel has no leading slash. */
void procfs_path(const char *root, const char *rel, struct sbuf *out);

/* Read the whole file ROOT/rel with read(2). Returns 0 on success. On
 * failure returns the errno value and fills err with
 * "cannot read PATH: REASON" plus a remedy where one is known (EACCES:
 * "run as root"). */
int procfs_read(const char *root, const char *rel, struct procfs_buf *buf,
		struct kerr *err);

/* Read ROOT/rel in chunks of about PROCFS_CHUNK bytes, calling fn on
 * each run of whole lines (the last line may lack its newline); a line
 * longer than a chunk is passed whole. For files that can be large
 * (vmallocinfo: one line per kernel stack): memory stays at a chunk, not
 * the file. A /proc file read in one read(2) call is no more consistent
 * than in many: seq_file fills a page at a time either way. Returns and
 * fails as procfs_read; text passed to fn is valid only during the call. */
#define PROCFS_CHUNK (256 * 1024)
typedef void (*procfs_lines_fn)(const char *text, size_t len, void *ctx);
int procfs_read_lines(const char *root, const char *rel, struct procfs_buf *buf,
		      procfs_lines_fn fn, void *ctx, struct kerr *err);

void procfs_buf_free(struct procfs_buf *buf);

#endif
