/*
 * procfs.h - layer 1: the source of kernel files. Every kernel file
 * kmemtop reads (ROOT/proc/..., later ROOT/sys/...) comes through a
 * struct source: the live system (ROOT "/") or a captured tree given with
 * --root.
 *
 * A captured tree is untrusted input (an extracted sosreport from another
 * machine, or a directory someone else can write to): its files are
 * opened without leaving the tree (symbolic links resolve inside it),
 * only regular files are read, and never more than SOURCE_CAP bytes. The
 * live /proc and /sys are read as they are (their files report size 0).
 */
#ifndef KMEMTOP_SOURCE_H
#define KMEMTOP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The most a captured tree's file may hold: bytes. */
#define SOURCE_CAP (512UL * 1024 * 1024)

/* A file given in memory (tests, fuzzing): its path under the root and
 * its text. */
struct source_file {
	const char *rel; /* "proc/slabinfo" */
	const char *data;
	size_t len;
	const char *link; /* non-NULL: rel is a symbolic link to this */
};

struct source {
	const char *root; /* "/" or the --root directory, borrowed */
	bool live;	  /* root is the running system's "/" */
	int rootfd;	  /* captured tree: O_PATH fd of root, opened once
			   * at start; -1 live */
	bool own_rootfd;  /* source_close closes rootfd (else borrowed) */
	const struct source_file *files; /* in memory: these, nothing else */
	size_t nfiles;
	bool no_writes; /* a capture, files in memory, a replay: nothing
			 * of it is ever written (source_dir_hold refuses) */
};

/* Open the source for root, resolving it now (source_root_open). A
 * root that cannot be opened as a directory is not an error here: every
 * read then fails naming the file. Free with source_close. */
void source_open(struct source *s, const char *root);
/* Resolve root once, for the whole run: the live system when it is the
 * running system's "/" (by its directory, not its name: *live set, -1
 * returned); else a captured tree, returned as an O_PATH descriptor
 * (the caller closes it) that every read goes through, or -1 when it
 * cannot be opened. Swapping the path afterwards redirects nothing. */
int source_root_open(const char *root, bool *live);
/* The source of a root resolved by source_root_open: root is "/" for
 * the live system (read by that literal name), else the captured tree's
 * name (for messages only) and rootfd its descriptor (borrowed: it
 * outlives s). */
void source_open_at(struct source *s, const char *root, int rootfd);
/* A source of the files f[0..n) only (borrowed), named as under root. */
void source_open_files(struct source *s, const char *root,
		       const struct source_file *f, size_t n);
void source_close(struct source *s);

/* A reusable read buffer. The data is NUL-terminated (the NUL is not
 * counted in len); it stays valid until the next read into the same
 * buffer. Owner frees with source_buf_free. */
struct source_buf {
	char *data;
	size_t len;
	size_t cap;
	char *other; /* source_read_lines reads into the two in turn */
	size_t other_cap;
};

/* Build ROOT + "/" + rel into out (e.g. "/proc/slabinfo" for the live
 * root): the name a message gives the file. rel has no leading slash. */
void source_path(const char *root, const char *rel, struct sbuf *out);

/* Read the whole file ROOT/rel. Returns 0 on success. On failure returns
 * the errno value and fills err with "cannot read PATH: REASON" plus a
 * remedy where one fits (EACCES as a user: "run as root"; a missing
 * file of the live system: "is /proc mounted ..."); a captured tree's
 * file that is not a regular file, or is larger than SOURCE_CAP, fails
 * with EINVAL or EFBIG and says so. */
int source_read(const struct source *s, const char *rel, struct source_buf *buf,
		struct kerr *err);

/* What the reads of one refresh may take from a captured tree, in bytes
 * (a caller's bound on the sum of many files; the live system's files
 * are the kernel's and do not count). */
struct source_budget {
	size_t left; /* bytes that may still be read */
	bool spent;  /* a file did not fit: nothing more is read */
};

/* source_read of a captured tree's file within two bounds: at most max
 * bytes (a larger file fails with EFBIG, "larger than N KiB (the limit
 * for this file)"), and within b: the bytes read are taken from
 * b->left; a file larger than what is left is not read, sets b->spent
 * and fails with ENOSPC, as does every read after it. The live system's
 * files are read as source_read reads them. */
int source_read_within(const struct source *s, const char *rel,
		       struct source_buf *buf, size_t max,
		       struct source_budget *b, struct kerr *err);

/* Read ROOT/rel in chunks of about SOURCE_CHUNK bytes, calling fn on
 * each run of whole lines (the last line may lack its newline); a line
 * longer than a chunk is passed whole. For files that can be large
 * (vmallocinfo: one line per kernel stack): memory stays at two chunks,
 * not the file. A /proc file read in one read(2) call is no more
 * consistent than in many: seq_file fills a page at a time either way.
 * Returns and fails as source_read. The text passed to fn stays valid
 * until the next call of fn returns, or until source_read_lines does
 * (chunks are read into two buffers in turn): fn may leave a piece to
 * be parsed while the next one is read. chunk is the read size (0:
 * SOURCE_CHUNK; tests make it small). */
#define SOURCE_CHUNK (1024 * 1024)
typedef void (*source_lines_fn)(const char *text, size_t len, void *ctx);
int source_read_lines(const struct source *s, const char *rel,
		      struct source_buf *buf, size_t chunk, source_lines_fn fn,
		      void *ctx, struct kerr *err);

void source_buf_free(struct source_buf *buf);

/* List the directory ROOT/rel: fn is called for each entry but "." and
 * "..", with its name, for a symbolic link its target as readlink gives
 * it (NULL for anything else), and whether it is a directory (not
 * through a link). Links are never followed here. The
 * callback's strings are valid during the call. A captured tree's
 * directory is opened inside the tree, and at most SOURCE_DIR_MAX
 * entries are listed. Returns 0, or the errno value with err filled as
 * source_read does. In-memory sources list the entries their files
 * imply. */
#define SOURCE_DIR_MAX 100000
typedef void (*source_dir_fn)(const char *name, const char *link, bool dir,
			      void *ctx);
int source_list(const struct source *s, const char *rel, source_dir_fn fn,
		void *ctx, struct kerr *err);
/* As source_list, with each entry's inode number as the directory gives
 * it (d_ino: a cgroup v2 directory's is its cgroup id), and "." listed
 * too, as "" (the directory's own); a symbolic link is no directory. An
 * in-memory source lists nothing. */
typedef void (*source_dir_ino_fn)(const char *name, uint64_t ino, bool dir,
				  void *ctx);
int source_list_ino(const struct source *s, const char *rel,
		    source_dir_ino_fn fn, void *ctx, struct kerr *err);

/* A directory of the source held for writing to its files (a cache's
 * sys/kernel/slab/CACHE, for its shrink): taken when the user chose the
 * target, so that what is written later reaches that directory or, once
 * it is gone, nothing. Initialise with SOURCE_DIR_NONE. */
struct source_dir {
	int fd;		  /* O_PATH descriptor of the directory; -1: none */
	bool live;	  /* of the live system: its files are sysfs's */
	struct sbuf path; /* ROOT/rel, for messages */
};
#define SOURCE_DIR_NONE  \
	{                \
		.fd = -1 \
	}

/* Hold the directory ROOT/rel (releasing what d held). It is opened
 * beneath the root without following any symbolic link on the way
 * (openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS: a link planted
 * anywhere on the path, or a ".." or "/" that leaves the root, is
 * refused), and on the live system it must be in sysfs. Returns 0, or
 * the errno value with err filled ("cannot hold PATH: REASON"): EROFS
 * for a source that never writes (no_writes), ELOOP for a link, EXDEV
 * for a path not beneath the root, EMEDIUMTYPE for a live directory
 * that is not sysfs's, ENOSYS for a kernel without openat2 (before 5.6: no
 * write is made there). */
int source_dir_hold(const struct source *s, const char *rel,
		    struct source_dir *d, struct kerr *err);
/* Read the held directory's file name (beneath it, no link followed, a
 * regular file; EINVAL else) into out: at most size - 1 bytes, NUL-terminated.
 * Returns 0 or the errno value, err filled as source_dir_hold's. */
int source_dir_read(const struct source_dir *d, const char *name, char *out,
		    size_t size, struct kerr *err);
/* Write data[0..len) to the held directory's file name, in one write:
 * opened as source_dir_read opens it (never created; on the live system
 * a sysfs file). Returns 0 or the errno value (ENOENT: the directory is
 * gone), err filled ("cannot write PATH/NAME: REASON"). */
int source_dir_write(const struct source_dir *d, const char *name,
		     const char *data, size_t len, struct kerr *err);
/* Let go of what d holds (nothing: nothing done). */
void source_dir_release(struct source_dir *d);

/* Whether root is the live system: the literal "/" (main makes a --root
 * that resolves to it "/" at start, through source_root_open). */
bool root_is_live(const char *root);

#endif
