/*
 * outfile.h - layer 4: the files kmemtop writes (--output), created and
 * written as a program run by root on a shared machine must.
 *
 * Two kinds:
 * - appended (text, JSON Lines): a regular file, a FIFO or a character
 *   device. A final symbolic link is followed only when the user running
 *   kmemtop owns it (so a link planted in /tmp by someone else is never
 *   followed); a file kmemtop creates gets mode 0600 (the data is
 *   root-only kernel state). A record (one snapshot) that cannot be
 *   written whole is cut off again (the file is truncated back to where
 *   the record began), so the file always ends with a whole record.
 * - replaced (Prometheus textfile): each record replaces the file at
 *   once: written to a new temporary file in the same directory (mkstemp:
 *   O_EXCL, never a planted name), fsync'd, made 0644 (node_exporter
 *   reads it, often not as root; a caller that sets mode to 0 keeps an
 *   existing target's mode, and a new file gets 0600), then renamed over
 *   the target. A target that exists and is not a regular file is
 *   refused.
 *
 * Standard output is an outfile without a path: written as it is.
 *
 * An appended file named *.gz or *.zst is compressed a record at a time
 * (codec.h): each record is one gzip member or zstd frame, written in
 * one go at commit, so a writer killed in the middle leaves at most one
 * cut unit at the end, which readers skip; opening such a file cuts that
 * unit off (only a cut unit of ours: other bytes are kept), and nothing
 * ever goes between units (the newline rule is for plain text only).
 */
#ifndef KMEMTOP_OUTFILE_H
#define KMEMTOP_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "codec.h"
#include "util.h"

struct outfile {
	const char *path; /* NULL: standard output. Borrowed. */
	const char *name; /* for messages: the path or "standard output" */
	bool replace;	  /* each record replaces the file */
	int fd;		  /* appending: the open file */
	bool can_cut;	  /* a regular file: a failed record is cut off */
	off_t mark;	  /* appending: where the current record began */
	bool in_record;
	bool need_newline; /* the file ended without one: start with it */
	int tmpfd;	   /* replacing: the temporary file of the record */
	mode_t mode;	   /* replacing: the mode the file gets (0644, set
			    * by outfile_open); 0: an existing target's own
			    * mode, 0600 for a new file (a plot) */
	mode_t target_mode; /* the target's permissions when it was seen */
	struct sbuf tmp;   /* its name */
	enum codec codec;  /* compressed records (by the name's suffix) */
	struct sbuf rec;   /* compressed: the record so far, plain */
	struct sbuf packed;
	double time; /* the record's snapshot time, for the index entry */
};

/* Open for appending (replace false) or for replacement records. Returns
 * 0, or -1 with err naming the file and the reason. */
int outfile_open(struct outfile *f, const char *path, bool replace,
		 struct kerr *err);

/* outfile_open for a name an --output pattern made: the directories of
 * path after its first keep bytes (those the pattern's fields name) are
 * made where missing, mode 0700, a directory at a time, never through a
 * symbolic link nor into a directory another user owns; the first keep
 * bytes must name a directory that exists. */
int outfile_open_dirs(struct outfile *f, const char *path, size_t keep,
		      bool replace, struct kerr *err);

/* A record: begin, any number of writes, then commit (the record is in
 * the file) or abort (nothing of it is). Each returns 0, or the errno
 * with err filled ("cannot write FILE: REASON"); after a failed write
 * the record is aborted already. EPIPE is returned without a message. */
int outfile_begin(struct outfile *f, struct kerr *err);
int outfile_write(struct outfile *f, const char *s, size_t n, struct kerr *err);
int outfile_commit(struct outfile *f, struct kerr *err);
void outfile_abort(struct outfile *f);

/* Close (a record still open is aborted). Returns 0 or the errno of the
 * close, with err filled. */
int outfile_close(struct outfile *f, struct kerr *err);

#endif
