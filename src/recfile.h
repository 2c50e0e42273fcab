/*
 * recfile.h - layer 1: a recording written by kmemtop -b --json (plain
 * JSON Lines, or gzip/zstd units, codec.h), opened for replay: indexed,
 * not loaded. The index holds each snapshot's place in the file and its
 * time; a snapshot's text is read (and unpacked) when asked for.
 *
 * A snapshot is the lines of one time: one per view recorded. Each line
 * must start {"format":1,"time":T,"view":"V" (REC_FORMAT); lines that
 * do not, lines cut short, units that do not unpack and times that go
 * back are skipped and counted, the first of them described with its
 * line number (or byte offset), and the other snapshots still replay.
 *
 * The file is untrusted: it is read in pieces (a compressed file's index
 * entries alone; a plain file once, a window at a time), a line is never
 * held whole while indexing (a 1 GB line costs one pass), a unit never
 * unpacks past CODEC_UNIT_MAX. Memory is the index: 32 bytes a snapshot.
 */
#ifndef KMEMTOP_RECFILE_H
#define KMEMTOP_RECFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "util.h"

/* The version of the JSON Lines format ("format", first on each line):
 * lines of another are not replayed. 1: the first (kmemtop 0.1 wrote
 * none). */
#define REC_FORMAT 1

struct rec_snap {
	uint64_t off, len; /* its lines (plain) or its unit (compressed) */
	double time;	   /* Unix seconds */
	uint64_t line;	   /* plain: the number of its first line */
};

struct recfile {
	const char *path; /* borrowed */
	enum codec codec;
	int fd;
	uint64_t size;
	struct rec_snap *s; /* in the file's order, times increasing */
	size_t n, cap;
	size_t skipped;	 /* lines or units left out */
	struct kerr why; /* the first of them: where and why */
};

/* Open and index path. Returns 0, or -1 with err (cannot open, empty,
 * not a kmemtop recording: no snapshot in it). Free with recfile_close. */
int recfile_open(struct recfile *r, const char *path, struct kerr *err);
void recfile_close(struct recfile *r);

/* The text of snapshot i (its JSON lines, each ending "\n") into out
 * (reset first). Returns 0, or -1 with err. */
int recfile_read(const struct recfile *r, size_t i, struct sbuf *out,
		 struct kerr *err);

/* The index of the last snapshot taken at or before t (0 when t is before
 * the first). */
size_t recfile_find(const struct recfile *r, double t);

/* A JSON line's head: the format version, time and view of the line
 * s[0..n). False when it is no kmemtop line (why says what it is). */
bool recfile_head(const char *s, size_t n, int *format, double *time,
		  char *view, size_t view_size, const char **why);

#endif
